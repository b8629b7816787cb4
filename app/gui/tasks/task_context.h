#pragma once

#include "vecspace/base/progress.h"

#include <functional>
#include <memory>

struct TaskJob;

// What a task's work function sees of its task on the worker thread: whether it was cancelled,
// a place to report progress, and a way to show intermediate results (a layout as it converges)
// on the GUI thread.
class TaskContext {
public:
    explicit TaskContext(std::shared_ptr<TaskJob> job) : m_job(std::move(job)) {}

    bool isCancelled() const;
    // 0..1 of the work; false once the task is cancelled, as the core's ProgressFn expects.
    bool setProgress(double fraction);
    // setProgress as a core ProgressFn (it holds the job, so it may outlive this context).
    vecspace::ProgressFn progressFn() const;
    // Runs `update` on the GUI thread before the result, coalesced: while one update waits to
    // run, a newer one replaces it, so a fast worker cannot flood the event queue and the GUI
    // shows the newest state. Dropped when the task is cancelled or replaced.
    void postUpdate(std::function<void()> update);

private:
    std::shared_ptr<TaskJob> m_job;
};
