#include "task_runner.h"

#include "task_job.h"
#include "vecspace/base/progress.h"

#include <QMetaObject>
#include <QThread>
#include <algorithm>
#include <new>

struct TaskRunner::Entry {
    std::shared_ptr<TaskJob> job;
    TaskOptions options;
    QPointer<QObject> receiver;
    bool hasReceiver = false; // a receiver was given: once it is gone, nothing is delivered
    EndFn onEnd;
};

bool TaskContext::isCancelled() const {
    return m_job->cancelled.load(std::memory_order_relaxed);
}

bool TaskContext::setProgress(double fraction) {
    TaskJob& job = *m_job;
    if (job.cancelled.load(std::memory_order_relaxed)) return false;
    job.fraction.store(fraction, std::memory_order_relaxed);
    if (!job.progressQueued.exchange(true)) {
        TaskRunner* runner = job.runner;
        const quint64 id = job.id;
        QMetaObject::invokeMethod(
            runner, [runner, id] { runner->deliverProgress(id); }, Qt::QueuedConnection);
    }
    return true;
}

vecspace::ProgressFn TaskContext::progressFn() const {
    return [context = *this](double fraction) mutable { return context.setProgress(fraction); };
}

void TaskContext::postUpdate(std::function<void()> update) {
    TaskJob& job = *m_job;
    if (job.cancelled.load(std::memory_order_relaxed)) return;
    {
        std::lock_guard lock(job.mutex);
        job.update = std::move(update);
    }
    if (!job.updateQueued.exchange(true)) {
        TaskRunner* runner = job.runner;
        const quint64 id = job.id;
        QMetaObject::invokeMethod(
            runner, [runner, id] { runner->deliverUpdate(id); }, Qt::QueuedConnection);
    }
}

TaskRunner::TaskRunner(QObject* parent) : QObject(parent) {
    // The core's algorithms are parallel themselves; a few threads here let a load, a layout and
    // an index build overlap, and a cancelled task unwind while its replacement starts.
    m_pool.setMaxThreadCount(std::max(4, QThread::idealThreadCount()));
}

TaskRunner::~TaskRunner() {
    for (const auto& entry : m_running)
        entry->job->cancelled.store(true);
    m_running.clear();
    m_pool.waitForDone();
}

quint64 TaskRunner::startErased(const TaskOptions& options, QObject* receiver, Erased work,
                                EndFn onEnd) {
    if (!options.group.isEmpty()) {
        // Replaced silently: the newer task speaks for the group.
        for (const auto& entry : m_running)
            if (entry->options.group == options.group) entry->job->cancelled.store(true);
        m_running.erase(std::remove_if(m_running.begin(), m_running.end(),
                                       [&](const std::shared_ptr<Entry>& entry) {
                                           return entry->options.group == options.group;
                                       }),
                        m_running.end());
    }
    auto job = std::make_shared<TaskJob>();
    job->runner = this;
    job->id = m_nextId++;
    auto entry = std::make_shared<Entry>();
    entry->job = job;
    entry->options = options;
    entry->receiver = receiver;
    entry->hasReceiver = receiver != nullptr;
    entry->onEnd = std::move(onEnd);
    m_running.append(entry);

    m_pool.start([this, job, work = std::move(work), title = options.title]() mutable {
        std::function<void()> deliver;
        TaskEnd end;
        bool ok = false;
        if (!job->cancelled.load()) {
            TaskContext context(job);
            try {
                deliver = work(context);
                ok = true;
            } catch (const vecspace::Cancelled&) {
                end.kind = TaskEnd::Kind::Cancelled;
            } catch (const std::bad_alloc&) {
                end.message = tr("not enough memory");
            } catch (const std::exception& error) {
                end.message = QString::fromUtf8(error.what());
            } catch (...) {
                end.message = tr("an unknown error");
            }
        } else {
            end.kind = TaskEnd::Kind::Cancelled;
        }
        // What the work captured (a data set, a matrix) is released here, on the worker.
        work = nullptr;
        const quint64 id = job->id;
        // Safe: the destructor waits for this worker; Qt drops the call if the runner is gone.
        QMetaObject::invokeMethod(
            this, [this, id, deliver = std::move(deliver), end, ok] { finish(id, deliver, end, ok); },
            Qt::QueuedConnection);
    });
    emit tasksChanged();
    return job->id;
}

void TaskRunner::finish(quint64 id, std::function<void()> deliver, const TaskEnd& end, bool ok) {
    const auto it = std::find_if(m_running.begin(), m_running.end(),
                                 [id](const auto& e) { return e->job->id == id; });
    if (it == m_running.end()) return; // cancelled or replaced: the caller has moved on
    const std::shared_ptr<Entry> entry = *it;
    deliverUpdate(id); // the last intermediate state first, so the result comes last
    remove(id);
    emit tasksChanged();
    if (entry->hasReceiver && !entry->receiver) return;
    TaskEnd outcome = end;
    if (ok) {
        try {
            deliver();
            return;
        } catch (const std::bad_alloc&) {
            outcome = {TaskEnd::Kind::Failed, tr("not enough memory")};
        } catch (const std::exception& error) {
            outcome = {TaskEnd::Kind::Failed, QString::fromUtf8(error.what())};
        }
    }
    if (entry->onEnd) entry->onEnd(outcome);
    if (!outcome.cancelled()) emit taskFailed(entry->options.title, outcome.message);
}

bool TaskRunner::cancel(quint64 id) {
    Entry* found = find(id);
    if (!found) return false;
    found->job->cancelled.store(true);
    const EndFn onEnd = found->onEnd;
    const bool deliver = !found->hasReceiver || found->receiver;
    remove(id);
    emit tasksChanged();
    if (onEnd && deliver) onEnd(TaskEnd{TaskEnd::Kind::Cancelled, tr("cancelled")});
    return true;
}

void TaskRunner::cancelGroup(const QString& group) {
    QList<quint64> ids;
    for (const auto& entry : m_running)
        if (entry->options.group == group) ids.append(entry->job->id);
    for (quint64 id : ids)
        cancel(id);
}

bool TaskRunner::isRunning(quint64 id) const {
    return find(id) != nullptr;
}

bool TaskRunner::isGroupRunning(const QString& group) const {
    return std::any_of(m_running.begin(), m_running.end(),
                       [&](const auto& entry) { return entry->options.group == group; });
}

QList<TaskInfo> TaskRunner::runningTasks() const {
    QList<TaskInfo> tasks;
    for (const auto& entry : m_running)
        if (entry->options.visible)
            tasks.append({entry->job->id, entry->options.title, entry->job->fraction.load(),
                          entry->options.cancellable});
    return tasks;
}

void TaskRunner::deliverUpdate(quint64 id) {
    Entry* entry = find(id);
    if (!entry) return;
    TaskJob& job = *entry->job;
    // Cleared before taking the update, so one stored after this gets an event of its own.
    job.updateQueued.store(false);
    std::function<void()> update;
    {
        std::lock_guard lock(job.mutex);
        update = std::move(job.update);
        job.update = nullptr;
    }
    if (!update || (entry->hasReceiver && !entry->receiver)) return;
    try {
        update();
    } catch (const std::exception& error) {
        const QString title = entry->options.title;
        cancel(id);
        emit taskFailed(title, QString::fromUtf8(error.what()));
    }
}

void TaskRunner::deliverProgress(quint64 id) {
    Entry* entry = find(id);
    if (!entry) return;
    entry->job->progressQueued.store(false);
    emit progressChanged(id, entry->job->fraction.load(std::memory_order_relaxed));
}

TaskRunner::Entry* TaskRunner::find(quint64 id) {
    for (const auto& entry : m_running)
        if (entry->job->id == id) return entry.get();
    return nullptr;
}

const TaskRunner::Entry* TaskRunner::find(quint64 id) const {
    for (const auto& entry : m_running)
        if (entry->job->id == id) return entry.get();
    return nullptr;
}

void TaskRunner::remove(quint64 id) {
    m_running.erase(std::remove_if(m_running.begin(), m_running.end(),
                                   [id](const auto& entry) { return entry->job->id == id; }),
                    m_running.end());
}
