#include "document_loader.h"

#include "dataset.h"
#include "fs_path.h"
#include "task_runner.h"
#include "workspace.h"

#include <QElapsedTimer>
#include <QFileInfo>

DocumentLoader::DocumentLoader(Workspace* workspace, TaskRunner* tasks, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_tasks(tasks) {}

quint64 DocumentLoader::loadSet(
    const QString& path, const vecspace::LoadOptions& options, QObject* receiver,
    std::function<void(std::shared_ptr<const vecspace::EmbeddingSet>, double)> done,
    std::function<void(const QString&, bool)> failed) {
    TaskOptions task;
    task.title = tr("Loading %1").arg(QFileInfo(path).fileName());
    struct Loaded {
        std::shared_ptr<const vecspace::EmbeddingSet> set;
        double seconds = 0;
    };
    return m_tasks->start(
        task, receiver,
        [path, options = vecspace::LoadOptions(options)](TaskContext& context) mutable {
            QElapsedTimer timer;
            timer.start();
            options.progress = context.progressFn();
            auto set = std::make_shared<const vecspace::EmbeddingSet>(
                vecspace::loadEmbeddings(toFsPath(path), options));
            return Loaded{std::move(set), double(timer.nsecsElapsed()) / 1e9};
        },
        [done](Loaded loaded) { done(std::move(loaded.set), loaded.seconds); },
        [failed, path](const TaskEnd& end) {
            // The core's load errors name the file; others get its name in front.
            const QString message = end.message.startsWith(path)
                                        ? end.message
                                        : QStringLiteral("%1: %2").arg(path, end.message);
            failed(message, end.cancelled());
        });
}

int DocumentLoader::open(const QString& path, const vecspace::LoadOptions& options,
                         Placement placement, bool activate) {
    const int request = m_nextRequest++;
    ++m_pending;
    vecspace::LoadOptions given = options;
    given.progress = nullptr;
    loadSet(
        path, options, this,
        [this, path, given, placement, activate,
         request](std::shared_ptr<const vecspace::EmbeddingSet> set, double seconds) {
            --m_pending;
            auto* document = new Dataset(std::move(set), Dataset::Source{path, given, seconds, {}});
            document->setProperty("vecspaceRequest", request);
            Dataset* active = m_workspace->active();
            if (placement == Placement::ReplaceActive && active) {
                m_workspace->replace(active, document);
            } else {
                // Before the documents of later requests, so that `vecspace A B` lists A first.
                int position = m_workspace->count();
                for (int i = 0; i < m_workspace->count(); ++i)
                    if (m_workspace->documents()[i]->property("vecspaceRequest").toInt() > request) {
                        position = i;
                        break;
                    }
                m_workspace->add(document, activate, position);
            }
            emit opened(document, request);
        },
        [this, path, request](const QString& message, bool cancelled) {
            --m_pending;
            if (cancelled)
                emit this->cancelled(path, request);
            else
                emit failed(path, message, request);
        });
    return request;
}
