#include "cluster_runner.h"

#include "vecspace/base/progress.h"
#include "vecspace/cluster/cluster_names.h"

#include <QElapsedTimer>
#include <atomic>
#include <new>

// Shared by the GUI thread and one worker; outlives whichever side lets go last.
struct ClusterRunner::Job {
    std::atomic<bool> cancelRequested{false};
    std::atomic<bool> eventQueued{false};
    std::atomic<double> fraction{0};
};

namespace {

ClusterOutcome compute(ClusterRequest& request) {
    QElapsedTimer timer;
    timer.start();
    ClusterOutcome outcome;
    outcome.set = request.set;
    outcome.density = request.density;
    const vecspace::EmbeddingSet& set = *request.set;
    if (request.density) {
        const vecspace::DensityClusters clusters =
            vecspace::hdbscan(request.layout, request.hdbscan);
        outcome.assignment = clusters.labels;
        // Named from the vectors, not the layout: the words nearest each group's centre.
        outcome.names = vecspace::nameClusters(set, clusters.labels, clusters.count()).names;
    } else {
        vecspace::KMeansResult result = vecspace::kMeans(set, request.kMeans);
        outcome.assignment.assign(result.assignment.begin(), result.assignment.end());
        outcome.names = std::move(result.names);
    }
    outcome.seconds = double(timer.nsecsElapsed()) * 1e-9;
    return outcome;
}

} // namespace

ClusterRunner::ClusterRunner(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(2); // an abandoned run may still be unwinding while the next starts
}

ClusterRunner::~ClusterRunner() {
    abandonCurrent();
    m_pool.waitForDone();
}

void ClusterRunner::start(ClusterRequest request) {
    abandonCurrent();
    auto job = std::make_shared<Job>();
    m_current = job;
    const vecspace::ProgressFn progress = [this, job](double fraction) {
        if (job->cancelRequested.load(std::memory_order_relaxed)) return false;
        job->fraction.store(fraction);
        if (!job->eventQueued.exchange(true))
            QMetaObject::invokeMethod(
                this,
                [this, job] {
                    job->eventQueued.store(false);
                    if (job == m_current) emit this->progress(job->fraction.load());
                },
                Qt::QueuedConnection);
        return true;
    };
    request.kMeans.progress = progress;
    request.hdbscan.progress = progress;

    m_pool.start([this, job, request = std::move(request)]() mutable {
        std::shared_ptr<const ClusterOutcome> outcome;
        QString error;
        bool stopped = false;
        try {
            outcome = std::make_shared<const ClusterOutcome>(compute(request));
        } catch (const vecspace::Cancelled&) {
            stopped = true;
        } catch (const std::bad_alloc&) {
            error = tr("not enough memory for this clustering");
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        // Safe: the destructor waits for this worker.
        QMetaObject::invokeMethod(
            this,
            [this, job, outcome, error, stopped] {
                if (job != m_current) return; // abandoned: the caller has moved on
                m_current.reset();
                if (outcome)
                    emit finished(outcome);
                else if (stopped)
                    emit cancelled();
                else
                    emit failed(error);
            },
            Qt::QueuedConnection);
    });
}

void ClusterRunner::cancel() {
    if (!m_current) return;
    abandonCurrent();
    emit cancelled();
}

void ClusterRunner::abandonCurrent() {
    if (m_current) m_current->cancelRequested.store(true);
    m_current.reset();
}
