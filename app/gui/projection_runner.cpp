#include "projection_runner.h"

#include "vecspace/base/progress.h"

#include <atomic>
#include <cmath>
#include <mutex>
#include <new>

// Shared by the GUI thread and one worker; outlives whichever side lets go last.
struct ProjectionRunner::Job {
    std::atomic<bool> cancelRequested{false};
    std::atomic<bool> eventQueued{false};
    std::mutex mutex; // guards everything below
    double fraction = 0;
    std::shared_ptr<const vecspace::RowMatrix> layout; // newest undelivered snapshot
    qint64 step = 0;
    qint64 steps = 0;
    double kl = std::nan("");
};

ProjectionRunner::ProjectionRunner(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(2); // a replaced run may still be unwinding while the next starts
}

ProjectionRunner::~ProjectionRunner() {
    abandonCurrent();
    m_pool.waitForDone();
}

void ProjectionRunner::start(std::shared_ptr<const vecspace::EmbeddingSet> set,
                             vecspace::ProjectionOptions options) {
    abandonCurrent();
    auto job = std::make_shared<Job>();
    m_current = job;

    auto post = [this, job] {
        if (!job->eventQueued.exchange(true))
            QMetaObject::invokeMethod(
                this, [this, job] { deliver(job); }, Qt::QueuedConnection);
    };
    options.progress = [job, post](double fraction) {
        if (job->cancelRequested.load(std::memory_order_relaxed)) return false;
        {
            std::lock_guard lock(job->mutex);
            job->fraction = fraction;
        }
        post();
        return true;
    };
    options.callback = [job, post](const vecspace::ProjectionSnapshot& s) {
        if (job->cancelRequested.load(std::memory_order_relaxed)) return false;
        auto copy = std::make_shared<const vecspace::RowMatrix>(s.coordinates);
        {
            std::lock_guard lock(job->mutex);
            job->layout = std::move(copy);
            job->step = static_cast<qint64>(s.step);
            job->steps = static_cast<qint64>(s.steps);
            job->kl = s.klDivergence;
        }
        post();
        return true;
    };

    m_pool.start([this, job, set = std::move(set), options = std::move(options)] {
        std::shared_ptr<const vecspace::ProjectionResult> result;
        QString error;
        bool cancelled = false;
        try {
            result = std::make_shared<const vecspace::ProjectionResult>(
                vecspace::computeProjection(set->vectors, options));
        } catch (const vecspace::Cancelled&) {
            cancelled = true;
        } catch (const std::bad_alloc&) {
            error = tr("not enough memory for this layout");
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        // Safe: the destructor waits for this worker; Qt drops the call if the runner is gone.
        QMetaObject::invokeMethod(
            this,
            [this, job, result, error, cancelled] {
                if (job != m_current) return;
                deliver(job); // the last snapshot first, so the view ends on the final layout
                m_current.reset();
                if (result)
                    emit finished(result);
                else if (cancelled)
                    emit this->cancelled();
                else
                    emit failed(error);
            },
            Qt::QueuedConnection);
    });
}

void ProjectionRunner::cancel() {
    if (!m_current) return;
    abandonCurrent();
    emit cancelled();
}

void ProjectionRunner::abandonCurrent() {
    if (m_current) m_current->cancelRequested.store(true);
    m_current.reset();
}

void ProjectionRunner::deliver(const std::shared_ptr<Job>& job) {
    // Cleared before reading, so a value stored after the read gets an event of its own.
    job->eventQueued.store(false);
    if (job != m_current) return;
    double fraction;
    std::shared_ptr<const vecspace::RowMatrix> layout;
    qint64 step, steps;
    double kl;
    {
        std::lock_guard lock(job->mutex);
        fraction = job->fraction;
        layout = std::move(job->layout);
        step = job->step;
        steps = job->steps;
        kl = job->kl;
    }
    emit progress(fraction);
    if (layout) emit snapshot(layout, step, steps, kl);
}
