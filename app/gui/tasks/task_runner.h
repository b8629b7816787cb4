#pragma once

#include "task_context.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

// How a task ended other than with its result.
struct TaskEnd {
    enum class Kind { Cancelled, Failed };
    Kind kind = Kind::Failed;
    QString message; // Failed: what went wrong (the core's messages name the file)
    bool cancelled() const { return kind == Kind::Cancelled; }
};

struct TaskOptions {
    QString title; // "Loading glove.txt": shown in the status bar and in failure messages
    // A task started in a non-empty group replaces the group's running task: that one is
    // cancelled and its result, whenever it comes, is dropped without a word.
    QString group;
    bool cancellable = true; // the status bar offers Cancel
    bool visible = true;     // shown in the status bar (quick, frequent tasks are not)
};

struct TaskInfo {
    quint64 id = 0;
    QString title;
    double fraction = 0; // last progress reported
    bool cancellable = true;
};

// The one way the window runs background work: loads, layouts, clusterings, index builds,
// searches, neighbour lists, exports and sessions all go through it. A task runs on a worker
// thread; its result, its intermediate updates and its end are delivered on the GUI thread, to
// callbacks that run only while their receiver is alive and the task is current. Every
// exception a task throws becomes a message (taskFailed, shown in the window): none ends the
// program. Progress is coalesced (one event in flight per task).
class TaskRunner : public QObject {
    Q_OBJECT

public:
    using EndFn = std::function<void(const TaskEnd&)>;

    explicit TaskRunner(QObject* parent = nullptr);
    ~TaskRunner() override; // cancels every task and waits for the workers, which post here

    // Runs work(TaskContext&) on a worker; done(result) on the GUI thread when it returns.
    // onEnd is called when the task fails or is cancelled (not when it is replaced in its
    // group). Returns the task's id.
    template <typename Work, typename Done>
    quint64 start(const TaskOptions& options, QObject* receiver, Work work, Done done,
                  EndFn onEnd = {}) {
        using Result = std::invoke_result_t<Work&, TaskContext&>;
        Erased erased = [work = std::move(work),
                         done = std::move(done)](TaskContext& context) mutable {
            if constexpr (std::is_void_v<Result>) {
                work(context);
                return std::function<void()>([done]() mutable { done(); });
            } else {
                auto result = std::make_shared<Result>(work(context));
                return std::function<void()>(
                    [done, result]() mutable { done(std::move(*result)); });
            }
        };
        return startErased(options, receiver, std::move(erased), std::move(onEnd));
    }

    // Cancels at once: onEnd gets Cancelled now and the worker's result is dropped. False when
    // the task is not running.
    bool cancel(quint64 id);
    void cancelGroup(const QString& group);
    bool isRunning(quint64 id) const;
    bool isGroupRunning(const QString& group) const;
    QList<TaskInfo> runningTasks() const; // visible ones, oldest first

signals:
    void tasksChanged(); // a task started or ended
    void progressChanged(quint64 id, double fraction);
    void taskFailed(QString title, QString message);

private:
    using Erased = std::function<std::function<void()>(TaskContext&)>;
    friend class TaskContext;
    struct Entry;

    quint64 startErased(const TaskOptions& options, QObject* receiver, Erased work, EndFn onEnd);
    void finish(quint64 id, std::function<void()> deliver, const TaskEnd& end, bool ok);
    void deliverUpdate(quint64 id);
    void deliverProgress(quint64 id);
    Entry* find(quint64 id);
    const Entry* find(quint64 id) const;
    void remove(quint64 id);

    QThreadPool m_pool;
    QList<std::shared_ptr<Entry>> m_running;
    quint64 m_nextId = 1;
};
