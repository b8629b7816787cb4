#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/layout/projection.h"

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <memory>

// Runs PCA, t-SNE or UMAP on a worker thread and reports back on the thread that owns it, with
// the intermediate layouts of t-SNE and UMAP so that the view can animate them.
//
// At most one run is current; starting another or calling cancel() abandons the current one
// (its worker stops at its next callback, within one snapshot interval). Intermediate layouts
// are coalesced: one event in flight, carrying the newest layout, so a fast optimiser cannot
// flood the event queue and the view never falls behind.
class ProjectionRunner : public QObject {
    Q_OBJECT

public:
    explicit ProjectionRunner(QObject* parent = nullptr);
    ~ProjectionRunner() override; // waits for abandoned workers, which post to this object

    // `options`' progress and callback are replaced by the runner's own. The data must stay
    // alive for the run: the runner holds the shared pointer.
    void start(std::shared_ptr<const vecspace::EmbeddingSet> set,
               vecspace::ProjectionOptions options);
    bool isRunning() const { return m_current != nullptr; }

public slots:
    void cancel();

signals:
    void progress(double fraction);
    // An intermediate layout: step of steps, and the KL divergence when computed (else NaN).
    void snapshot(std::shared_ptr<const vecspace::RowMatrix> coordinates, qint64 step, qint64 steps,
                  double klDivergence);
    void finished(std::shared_ptr<const vecspace::ProjectionResult> result);
    void failed(QString message);
    void cancelled();

private:
    struct Job;

    void abandonCurrent();
    void deliver(const std::shared_ptr<Job>& job);

    QThreadPool m_pool;
    std::shared_ptr<Job> m_current;
};
