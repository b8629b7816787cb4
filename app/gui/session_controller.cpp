#include "session_controller.h"

#include "bookmark_controller.h"
#include "color_controller.h"
#include "compare_controller.h"
#include "dataset.h"
#include "document_loader.h"
#include "fs_path.h"
#include "notifier.h"
#include "point_view.h"
#include "projection_panel.h"
#include "search_panel.h"
#include "task_runner.h"
#include "vecspace/io/format.h"
#include "vecspace/io/writer.h"
#include "view_controls.h"
#include "workspace.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>

namespace {

const char* const kFilter = "Vecspace sessions (*.json);;All files (*)";

QString quoted(const std::string& label) {
    return QLatin1Char('\'') + QString::fromStdString(label) + QLatin1Char('\'');
}

vecspace::LoadOptions loadOptions(const SessionDocument::Data& data) {
    vecspace::LoadOptions options;
    options.format =
        vecspace::parseFormatName(data.format.toStdString()).value_or(vecspace::Format::Auto);
    options.limit = std::size_t(data.limit);
    options.labelsPath = toFsPath(data.labelsPath);
    options.metadataPath = toFsPath(data.metadataPath);
    return options;
}

// A document never shown has no camera yet: the one the view would frame it with.
CameraPose homePose(const Dataset& document, const PointView& view) {
    Camera camera;
    const std::vector<float>& xyz = *document.layout().xyz;
    camera.fitPoints(xyz.data(), int(xyz.size() / 3));
    camera.set2D(document.twoD || document.layout().dims < 3);
    const float aspect = view.height() > 0 ? float(view.width()) / float(view.height()) : 1.0f;
    return camera.homePose(aspect);
}

} // namespace

SessionController::SessionController(const WindowParts& parts, QObject* parent)
    : QObject(parent), m_parts(parts) {}

SessionController::~SessionController() = default;

void SessionController::addActions(QMenu* fileMenu) {
    QAction* open =
        fileMenu->addAction(tr("Open &Session…"), this, &SessionController::showOpenDialog);
    open->setObjectName(QStringLiteral("openSessionAction"));
    QAction* save =
        fileMenu->addAction(tr("Sa&ve Session…"), this, &SessionController::showSaveDialog);
    save->setObjectName(QStringLiteral("saveSessionAction"));
    save->setShortcut(QKeySequence::Save);
    connect(fileMenu, &QMenu::aboutToShow, save,
            [this, save] { save->setEnabled(m_parts.workspace->count() > 0); });
}

std::optional<Session> SessionController::capture(const QString& sessionPath,
                                                  QString* error) const {
    if (m_parts.workspace->count() == 0) {
        *error = tr("no data is loaded");
        return std::nullopt;
    }
    m_parts.storeActiveState(); // the active document's camera and dock settings
    Session session;
    QList<const Dataset*> savedDocuments;
    for (const Dataset* document : m_parts.workspace->documents()) {
        // Made from others (a comparison's joint view): made again when the session opens.
        if (document->isDerived()) continue;
        if (!document->hasLayout()) {
            *error = tr("the layout of %1 is not on screen yet").arg(document->displayName());
            return std::nullopt;
        }
        const vecspace::EmbeddingSet& set = *document->set();
        SessionDocument saved;
        SessionDocument::Data& data = saved.data;
        data.path = QFileInfo(document->source().path).absoluteFilePath();
        data.relativePath = QFileInfo(sessionPath).absoluteDir().relativeFilePath(data.path);
        const std::string_view format = vecspace::formatName(set.format);
        data.format = QString::fromUtf8(format.data(), qsizetype(format.size()));
        const vecspace::LoadOptions& options = document->source().options;
        data.labelsPath = fromFsPath(options.labelsPath);
        data.metadataPath = fromFsPath(options.metadataPath);
        data.limit = qint64(options.limit);
        data.rows = qint64(set.rows());
        data.dims = qint64(set.dims());
        data.labelsHash = Session::labelsHash(set.labels);

        // Saved mid-run: the layout as far as it has come.
        const Dataset::Layout& layout = document->layout();
        saved.layout.method = layout.method;
        saved.layout.dims = layout.dims;
        saved.layout.parameters = document->dockState(QStringLiteral("projection"));
        saved.layout.xyz = *layout.xyz;
        saved.camera = document->camera ? *document->camera : homePose(*document, *m_parts.view);
        saved.twoD = document->twoD;
        saved.selection = document->selection();
        for (int row : saved.selection)
            saved.selectionLabels << QString::fromStdString(set.labels[std::size_t(row)]);
        saved.hidden = document->hidden();
        saved.color = document->dockState(QStringLiteral("color"));
        saved.search = document->dockState(QStringLiteral("search"));
        saved.labelColumn = document->labelColumn();
        saved.bookmarks = document->bookmarks();
        session.documents.push_back(std::move(saved));
        savedDocuments.append(document);
    }
    session.active = std::max<int>(0, int(savedDocuments.indexOf(m_parts.workspace->active())));
    session.compare = m_parts.compare->sessionState(savedDocuments);
    session.pointSize = m_parts.view->pointSize();
    session.theme =
        m_parts.viewControls->isDarkTheme() ? QStringLiteral("dark") : QStringLiteral("light");
    return session;
}

void SessionController::save(const QString& path) {
    QString error;
    std::optional<Session> session = capture(path, &error);
    if (!session) {
        fail(tr("%1: nothing to save: %2").arg(path, error), true);
        return;
    }
    TaskOptions task;
    task.title = tr("Saving session %1").arg(QFileInfo(path).fileName());
    // Encoding 341k rows of coordinates and writing them takes a moment: not on the GUI thread.
    // Cancelled, it stops before the write: the old file stays as it was.
    m_parts.tasks->start(
        task, this,
        [session = std::move(*session), path](TaskContext& context) {
            const QByteArray bytes = session.toJson();
            if (context.isCancelled()) throw vecspace::Cancelled();
            vecspace::writeFileAtomically(
                toFsPath(path), std::string_view(bytes.constData(), std::size_t(bytes.size())));
        },
        [this, path] {
            m_parts.notifier->status(tr("Session saved to %1").arg(path), 5000);
            m_lastPath = path;
            emit saved(path);
        },
        [this, path](const TaskEnd& end) { fail(end.message, true); });
}

void SessionController::open(const QString& path) {
    cancel();
    const int generation = ++m_generation;
    m_openPath = path;
    m_opening = true;
    m_parts.notifier->status(tr("Opening session %1…").arg(QFileInfo(path).fileName()));
    TaskOptions task;
    task.title = tr("Reading session %1").arg(QFileInfo(path).fileName());
    m_readTask = m_parts.tasks->start(
        task, this,
        [path](TaskContext&) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                throw std::runtime_error(QStringLiteral("%1: cannot open the session file: %2")
                                             .arg(path, file.errorString())
                                             .toStdString());
            QString error;
            std::optional<Session> session = Session::fromJson(file.readAll(), path, &error);
            if (!session) throw std::runtime_error(error.toStdString());
            return std::move(*session);
        },
        [this, generation](Session session) {
            if (generation == m_generation) onRead(std::move(session));
        },
        [this, generation](const TaskEnd& end) {
            if (generation != m_generation) return;
            if (end.cancelled())
                m_opening = false;
            else
                fail(end.message);
        });
}

void SessionController::onRead(Session session) {
    m_readTask = 0;
    m_session = std::move(session);
    m_pending.assign(m_session.documents.size(), Pending());
    if (startLoads()) return;
}

// Each data file where it was, else where it lies relative to the session (a moved folder).
bool SessionController::startLoads() {
    for (std::size_t i = 0; i < m_session.documents.size(); ++i) {
        const SessionDocument::Data& data = m_session.documents[i].data;
        const QString relative =
            data.relativePath.isEmpty()
                ? QString()
                : QFileInfo(m_openPath).absoluteDir().absoluteFilePath(data.relativePath);
        if (QFileInfo(data.path).isFile()) {
            m_pending[i].dataPath = data.path;
        } else if (!relative.isEmpty() && QFileInfo(relative).isFile()) {
            m_pending[i].dataPath = relative;
        } else {
            fail(tr("%1: expected its data file at %2%3, found no such file")
                     .arg(m_openPath, data.path,
                          relative.isEmpty() || relative == data.path
                              ? QString()
                              : tr(" or %1").arg(relative)));
            return false;
        }
        if (!vecspace::parseFormatName(data.format.toStdString())) {
            fail(tr("%1: expected data.format to name a format (e.g. glove-text, npy), found '%2'")
                     .arg(m_openPath, data.format));
            return false;
        }
    }
    const int generation = m_generation;
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        const int index = int(i);
        m_pending[i].task = m_parts.loader->loadSet(
            m_pending[i].dataPath, loadOptions(m_session.documents[i].data), this,
            [this, generation, index](std::shared_ptr<const vecspace::EmbeddingSet> set,
                                      double seconds) {
                if (generation == m_generation) onLoaded(index, std::move(set), seconds);
            },
            [this, generation, index](const QString& message, bool cancelled) {
                if (generation != m_generation || cancelled) return;
                fail(tr("%1: its data file could not be loaded: %2").arg(m_openPath, message));
            });
    }
    return true;
}

void SessionController::onLoaded(int index, std::shared_ptr<const vecspace::EmbeddingSet> set,
                                 double seconds) {
    Pending& pending = m_pending[std::size_t(index)];
    pending.set = std::move(set);
    pending.seconds = seconds;
    pending.task = 0;
    const QString problem = mismatch(index);
    if (!problem.isEmpty()) {
        fail(problem);
        return;
    }
    for (const Pending& other : m_pending)
        if (!other.set) return; // still loading
    apply();
}

// Why the loaded set is not the one the session was saved with; empty when it is.
QString SessionController::mismatch(int index) const {
    const SessionDocument& saved = m_session.documents[std::size_t(index)];
    const SessionDocument::Data& data = saved.data;
    const Pending& pending = m_pending[std::size_t(index)];
    const vecspace::EmbeddingSet& set = *pending.set;
    const QString prefix =
        tr("%1: expected its data file %2 to have ").arg(m_openPath, pending.dataPath);
    if (qint64(set.rows()) != data.rows)
        return prefix + tr("%1 rows, found %2").arg(data.rows).arg(set.rows());
    if (qint64(set.dims()) != data.dims)
        return prefix + tr("%1 dimensions, found %2").arg(data.dims).arg(set.dims());
    const QString hash = Session::labelsHash(set.labels);
    if (hash != data.labelsHash)
        return prefix + tr("the labels the session was saved with (checksum %1), found other "
                           "labels (checksum %2)")
                            .arg(data.labelsHash, hash);
    for (std::size_t i = 0; i < saved.selection.size(); ++i) {
        const std::string& label = set.labels[std::size_t(saved.selection[i])];
        if (QString::fromStdString(label) != saved.selectionLabels[qsizetype(i)])
            return prefix + tr("row %1 labelled '%2' (selected), found %3")
                                .arg(saved.selection[i])
                                .arg(saved.selectionLabels[qsizetype(i)], quoted(label));
    }
    return {};
}

void SessionController::apply() {
    m_opening = false;
    Session session = std::move(m_session);
    m_session = Session();
    std::vector<Pending> pending = std::move(m_pending);
    m_pending.clear();

    // Every document complete before any is shown: the view binds to finished documents.
    QList<Dataset*> documents;
    for (std::size_t i = 0; i < session.documents.size(); ++i) {
        SessionDocument& saved = session.documents[i];
        auto* document = new Dataset(
            pending[i].set,
            Dataset::Source{pending[i].dataPath, loadOptions(saved.data), pending[i].seconds, {}});
        document->setLayout(std::move(saved.layout.xyz), saved.layout.dims, saved.layout.method,
                            saved.layout.parameters, true, LayoutChange{false, false, true});
        document->camera = saved.camera;
        document->twoD = saved.twoD;
        document->setSelection(saved.selection);
        document->setHidden(saved.hidden);
        document->setDockState(QStringLiteral("projection"), saved.layout.parameters);
        document->setDockState(QStringLiteral("color"), saved.color);
        document->setDockState(QStringLiteral("search"), saved.search);
        document->setLabelColumn(saved.labelColumn);
        document->setBookmarks(saved.bookmarks);
        // As the Projector does: a session with bookmarks opens on the first.
        if (!saved.bookmarks.empty())
            BookmarkController::applyTo(*document, saved.bookmarks.front());
        documents.append(document);
    }
    m_parts.workspace->closeAll();
    m_parts.view->setPointSize(session.pointSize);
    m_parts.viewControls->setDarkTheme(session.theme != QLatin1String("light"));
    for (qsizetype i = 0; i < documents.size(); ++i)
        m_parts.workspace->add(documents[i], i == session.active);
    m_parts.compare->restore(session.compare, documents);
    m_parts.notifier->status(tr("Session %1 opened").arg(QFileInfo(m_openPath).fileName()), 5000);
    m_lastPath = m_openPath;
    emit opened(m_openPath);
}

void SessionController::cancel() {
    if (!isOpening()) return;
    ++m_generation;
    m_opening = false;
    m_parts.tasks->cancel(m_readTask);
    for (const Pending& pending : m_pending)
        m_parts.tasks->cancel(pending.task);
    m_pending.clear();
    m_parts.notifier->status(tr("Opening the session cancelled"), 5000);
}

bool SessionController::isOpening() const {
    return m_opening;
}

void SessionController::fail(const QString& message, bool saving) {
    if (!saving) { // an open in progress is not a save's business
        ++m_generation;
        m_opening = false;
        for (const Pending& pending : m_pending)
            m_parts.tasks->cancel(pending.task);
        m_pending.clear();
        m_session = Session();
    }
    emit failed(message);
    m_parts.notifier->error(tr("Session"),
                            saving ? tr("The session could not be saved.")
                                   : tr("The session could not be opened; nothing changed."),
                            message);
}

QString SessionController::proposedPath() const {
    if (!m_lastPath.isEmpty()) return m_lastPath;
    const Dataset* document = m_parts.workspace->active();
    if (!document || document->source().path.isEmpty()) return tr("session.json");
    // Beside the data: glove.6B.100d.npy -> glove.6B.100d-session.json
    const QFileInfo data(document->source().path);
    return data.absoluteDir().filePath(data.completeBaseName() + QStringLiteral("-session.json"));
}

void SessionController::showSaveDialog() {
    QString path = QFileDialog::getSaveFileName(m_parts.window, tr("Save Session"), proposedPath(),
                                                tr(kFilter));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    save(path);
}

void SessionController::showOpenDialog() {
    const QString path = QFileDialog::getOpenFileName(
        m_parts.window, tr("Open Session"), QFileInfo(proposedPath()).absolutePath(), tr(kFilter));
    if (!path.isEmpty()) open(path);
}
