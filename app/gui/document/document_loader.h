#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/io/loader.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <functional>
#include <memory>

class Dataset;
class TaskRunner;
class Workspace;

// Loads embedding files on a worker (TaskRunner, with progress and Cancel in the status bar)
// into documents of the workspace: added beside the open ones, or in the place of the active
// one. Several loads run at once; each document takes the place in the list its file had on the
// command line, whichever finishes first.
class DocumentLoader : public QObject {
    Q_OBJECT

public:
    enum class Placement { Add, ReplaceActive };

    DocumentLoader(Workspace* workspace, TaskRunner* tasks, QObject* parent = nullptr);

    // Returns the request's number (opened() and failed() name it).
    int open(const QString& path, const vecspace::LoadOptions& options,
             Placement placement = Placement::Add, bool activate = true);
    bool isLoading() const { return m_pending > 0; }
    int nextRequest() const { return m_nextRequest; } // the number the next open() gets

    // Only the set, for a caller that decides what becomes of it (sessions); `done` or `failed`
    // runs on the GUI thread while `receiver` lives. Returns the task's id.
    quint64 loadSet(const QString& path, const vecspace::LoadOptions& options, QObject* receiver,
                    std::function<void(std::shared_ptr<const vecspace::EmbeddingSet>, double)> done,
                    std::function<void(const QString& message, bool cancelled)> failed);

signals:
    void opened(Dataset* document, int request);
    void failed(QString path, QString message, int request);
    void cancelled(QString path, int request);

private:
    Workspace* m_workspace;
    TaskRunner* m_tasks;
    int m_nextRequest = 0;
    int m_pending = 0;
};
