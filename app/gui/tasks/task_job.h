#pragma once

#include <QtGlobal>
#include <atomic>
#include <functional>
#include <mutex>

class TaskRunner;

// Shared by the GUI thread and one worker; outlives whichever side lets go last.
struct TaskJob {
    TaskRunner* runner = nullptr; // outlives the worker: its destructor waits for them all
    quint64 id = 0;
    std::atomic<bool> cancelled{false};
    std::atomic<double> fraction{0.0};
    std::atomic<bool> progressQueued{false};
    std::atomic<bool> updateQueued{false};
    std::mutex mutex;
    std::function<void()> update; // the newest undelivered update, guarded by mutex
};
