#pragma once

#include "vecspace/layout/custom_axes.h"
#include "vecspace/layout/projection.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <memory>

class Dataset;
class ProjectionPanel;
class TaskRunner;

// Connects the Projection panel to the active document: Run lays the document out with the
// panel's method on a worker (TaskRunner), intermediate t-SNE/UMAP layouts go into the document
// as they come (the view animates them and stays interactive), Stop cancels within one
// snapshot. Each document has at most one run, and a run goes on while another document is
// shown; the panel shows the active document's.
class ProjectionController : public QObject {
    Q_OBJECT

public:
    ProjectionController(ProjectionPanel* panel, TaskRunner* tasks, QObject* parent = nullptr);

    void setDocument(Dataset* document);
    Dataset* document() const { return m_document; }
    void run();
    // Shows `options` in the panel and runs them (scripts; the panel's Run uses run()).
    void runWith(const vecspace::ProjectionOptions& options);
    // Shows the axes in the panel and lays the active document out on them.
    void runCustomAxes(const QStringList& axes, vecspace::AxisMeasure measure);
    vecspace::ProjectionOptions options() const;
    void cancel();          // the active document's run
    bool isRunning() const; // the active document's run
    bool isRunning(const Dataset* document) const;
    // The active document's last finished run, if it had one.
    std::shared_ptr<const vecspace::ProjectionResult> lastResult() const;
    // The layout a document got when it opened (its PCA overview), shown in the panel as a
    // finished run's result is, explained variance included.
    void setOverviewResult(Dataset* document,
                           std::shared_ptr<const vecspace::ProjectionResult> result);
    // Shows the active document's layout state again (after its layout was replaced from outside,
    // e.g. by a bookmark).
    void describeLayout();

signals:
    void runningChanged(bool running); // of the active document's run
    // The active document's run entered a stage ("neighbours", "epochs", ...).
    void phaseChanged(QString phase);
    void statusMessage(QString message);
    void layoutFinished(std::shared_ptr<const vecspace::ProjectionResult> result);
    // The run failed or was stopped; the message says which and why.
    void layoutFailed(QString message);

private:
    struct Run {
        quint64 task = 0;
        bool firstSnapshot = true;
        float framedExtent = 0; // largest |coordinate| when the camera was last framed
        vecspace::ProjectionOptions options;
        QJsonObject parameters; // the panel's settings the run was started with
        std::shared_ptr<const vecspace::ProjectionResult> last;
        QString method;            // of the layout the run makes: pca, tsne, umap or custom
        QString lastMessage;       // a finished analogy-axes run's summary (it has no result)
        QString phase;             // the stage the running run is in
        quint64 layoutVersion = 0; // the document's layout that `last` or `lastMessage` describe
    };
    void runCustom(Dataset* document);
    Run& runOf(Dataset* document);
    void onSnapshot(Dataset* document, const std::shared_ptr<const vecspace::RowMatrix>& layout,
                    qint64 step, qint64 steps, double kl);
    void onPhase(Dataset* document, const QString& phase);
    void onFinished(Dataset* document, std::shared_ptr<const vecspace::ProjectionResult> result);
    void onEnded(Dataset* document, bool cancelled, const QString& message);
    void showPanelState();
    // Frames the camera on the first layout of a run, and again whenever the layout has grown
    // or shrunk enough to leave the frame (t-SNE and UMAP layouts grow many times over a run).
    void showLayout(Dataset* document, const vecspace::RowMatrix& coordinates, bool final);

    ProjectionPanel* m_panel;
    TaskRunner* m_tasks;
    QPointer<Dataset> m_document;
    QHash<const Dataset*, Run> m_runs;
};
