#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/layout/projection.h"

#include <QObject>
#include <memory>

class PointView;
class ProjectionPanel;
class ProjectionRunner;

// Connects the Projection panel, the worker that computes layouts and the point view: Run starts
// the panel's method on the current data set, intermediate t-SNE/UMAP layouts animate in the
// view while the view stays interactive, Stop cancels within one snapshot.
class ProjectionController : public QObject {
    Q_OBJECT

public:
    ProjectionController(ProjectionPanel* panel, PointView* view, QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set); // cancels a run
    void run();
    // Shows `options` in the panel and runs them (scripts; the panel's Run uses run()).
    void runWith(const vecspace::ProjectionOptions& options);
    vecspace::ProjectionOptions options() const;
    void cancel();
    bool isRunning() const;
    std::shared_ptr<const vecspace::ProjectionResult> lastResult() const { return m_last; }
    // A run of this controller has put a layout of the current set in the view.
    bool hasShownLayout() const { return m_shownLayout; }

signals:
    void runningChanged(bool running);
    void progress(double fraction); // 0..1 of the run
    void statusMessage(QString message);
    void layoutFinished(std::shared_ptr<const vecspace::ProjectionResult> result);
    // The run failed or was stopped; the message says which and why.
    void layoutFailed(QString message);

private:
    void setRunning(bool running);
    // Frames the camera on the first layout of a run, and again whenever the layout has grown or
    // shrunk enough to leave the frame (t-SNE and UMAP layouts grow many times over a run).
    void showLayout(const vecspace::RowMatrix& coordinates, bool firstOfRun, bool final = false);

    ProjectionPanel* m_panel;
    PointView* m_view;
    ProjectionRunner* m_runner;
    std::shared_ptr<const vecspace::EmbeddingSet> m_set;
    std::shared_ptr<const vecspace::ProjectionResult> m_last;
    bool m_firstSnapshot = true;
    bool m_shownLayout = false;
    float m_framedExtent = 0; // largest |coordinate| when the camera was last framed
};
