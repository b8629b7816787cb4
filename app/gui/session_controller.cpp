#include "session_controller.h"

#include "color_controller.h"
#include "dataset_loader.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "projection_panel.h"
#include "search_panel.h"
#include "vecspace/io/format.h"
#include "vecspace/io/writer.h"
#include "view_controls.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

struct SessionController::ReadOutcome {
    int generation = 0;
    std::optional<Session> session;
    QString error;
};

namespace {

constexpr int kProgressSteps = 1000;
const char* const kFilter = "Vecspace sessions (*.json);;All files (*)";

std::filesystem::path toFsPath(const QString& path) {
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

QString fromFsPath(const std::filesystem::path& path) {
    return path.empty() ? QString() : QFile::decodeName(QByteArray::fromStdString(path.string()));
}

QString quoted(const std::string& label) {
    return QLatin1Char('\'') + QString::fromStdString(label) + QLatin1Char('\'');
}

} // namespace

SessionController::SessionController(MainWindow* window)
    : QObject(window), m_window(window), m_loader(new DatasetLoader(this)) {
    m_progress = new QProgressBar(window);
    m_progress->setObjectName(QStringLiteral("sessionProgress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setMaximumWidth(220);
    m_cancel = new QPushButton(tr("Cancel"), window);
    m_cancel->setObjectName(QStringLiteral("sessionCancel"));
    window->statusBar()->addPermanentWidget(m_progress);
    window->statusBar()->addPermanentWidget(m_cancel);
    setProgressVisible(false);
    connect(m_cancel, &QPushButton::clicked, this, &SessionController::cancel);
    connect(m_loader, &DatasetLoader::progress, this,
            [this](double fraction) { m_progress->setValue(qRound(fraction * kProgressSteps)); });
    connect(m_loader, &DatasetLoader::loaded, this, &SessionController::onLoaded);
    connect(m_loader, &DatasetLoader::failed, this, [this](const QString& message) {
        fail(tr("%1: its data file could not be loaded: %2").arg(m_openPath, message));
    });
    connect(m_loader, &DatasetLoader::cancelled, this, [this] {
        setProgressVisible(false);
        m_window->statusBar()->showMessage(tr("Opening the session cancelled"), 5000);
    });
}

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
            [this, save] { save->setEnabled(m_window->dataset() != nullptr); });
}

std::optional<Session> SessionController::capture(const QString& sessionPath,
                                                  QString* error) const {
    const auto set = m_window->dataset();
    const PointView* view = m_window->pointView();
    if (!set || view->pointCount() != int(set->rows())) {
        *error = set ? tr("the layout is not on screen yet") : tr("no data is loaded");
        return std::nullopt;
    }
    Session session;
    Session::Data& data = session.data;
    data.path = QFileInfo(m_window->dataPath()).absoluteFilePath();
    data.relativePath = QFileInfo(sessionPath).absoluteDir().relativeFilePath(data.path);
    const std::string_view format = vecspace::formatName(set->format);
    data.format = QString::fromUtf8(format.data(), qsizetype(format.size()));
    const vecspace::LoadOptions options = m_window->dataOptions();
    data.labelsPath = fromFsPath(options.labelsPath);
    data.metadataPath = fromFsPath(options.metadataPath);
    data.limit = qint64(options.limit);
    data.rows = qint64(set->rows());
    data.dims = qint64(set->dims());
    data.labelsHash = Session::labelsHash(set->labels);

    const ProjectionController* projection = m_window->projection();
    Session::Layout& layout = session.layout;
    layout.parameters = m_window->projectionPanel()->toJson();
    if (projection->isRunning()) { // saved mid-run: the layout as far as it has come
        layout.method =
            QString::fromLatin1(vecspace::projectionMethodName(projection->options().method));
        layout.dims = int(projection->options().dimensions);
    } else if (const auto result = projection->lastResult()) {
        layout.method = QString::fromLatin1(vecspace::projectionMethodName(result->method));
        layout.dims = int(result->coordinates.cols());
    } // else the first three principal components shown after a load
    layout.xyz = view->positions();

    session.camera = view->camera().pose();
    session.twoD = view->is2DMode();
    session.pointSize = view->pointSize();
    if (const ViewControls* controls = m_window->viewControls())
        session.theme = controls->isDarkTheme() ? QStringLiteral("dark") : QStringLiteral("light");
    session.selection = view->selection();
    for (int row : session.selection)
        session.selectionLabels << QString::fromStdString(set->labels[std::size_t(row)]);
    session.hidden = view->hiddenRows();
    session.color = m_window->colorController()->toJson();
    session.search = m_window->searchPanel()->toJson();
    return session;
}

void SessionController::save(const QString& path) {
    QString error;
    std::optional<Session> session = capture(path, &error);
    if (!session) {
        fail(tr("%1: nothing to save: %2").arg(path, error), true);
        return;
    }
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        const QString message = watcher->result();
        watcher->deleteLater();
        if (!message.isEmpty()) {
            fail(message, true);
            return;
        }
        m_window->statusBar()->showMessage(tr("Session saved to %1").arg(path), 5000);
        emit saved(path);
    });
    // Encoding 341k rows of coordinates and writing them takes a moment: not on the GUI thread.
    watcher->setFuture(QtConcurrent::run([session = std::move(*session), path]() -> QString {
        try {
            const QByteArray bytes = session.toJson();
            vecspace::writeFileAtomically(
                toFsPath(path), std::string_view(bytes.constData(), std::size_t(bytes.size())));
            return {};
        } catch (const std::exception& error) {
            return QString::fromUtf8(error.what());
        }
    }));
}

void SessionController::open(const QString& path) {
    cancel();
    const int generation = ++m_generation;
    m_openPath = path;
    m_reading = true;
    setProgressVisible(true);
    m_window->statusBar()->showMessage(tr("Opening session %1…").arg(QFileInfo(path).fileName()));
    auto* watcher = new QFutureWatcher<ReadOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const ReadOutcome outcome = watcher->result();
        watcher->deleteLater();
        if (outcome.generation == m_generation) onRead(outcome);
    });
    watcher->setFuture(QtConcurrent::run([path, generation] {
        ReadOutcome outcome;
        outcome.generation = generation;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            outcome.error = QStringLiteral("%1: cannot open the session file: %2")
                                .arg(path, file.errorString());
            return outcome;
        }
        outcome.session = Session::fromJson(file.readAll(), path, &outcome.error);
        return outcome;
    }));
}

void SessionController::onRead(const ReadOutcome& outcome) {
    m_reading = false;
    if (!outcome.session) {
        fail(outcome.error);
        return;
    }
    m_pending = *outcome.session;
    const Session::Data& data = m_pending.data;
    // The data file where it was, else where it lies relative to the session (a moved folder).
    const QString relative =
        data.relativePath.isEmpty()
            ? QString()
            : QFileInfo(m_openPath).absoluteDir().absoluteFilePath(data.relativePath);
    if (QFileInfo(data.path).isFile()) {
        m_dataPath = data.path;
    } else if (!relative.isEmpty() && QFileInfo(relative).isFile()) {
        m_dataPath = relative;
    } else {
        fail(tr("%1: expected its data file at %2%3, found no such file")
                 .arg(m_openPath, data.path,
                      relative.isEmpty() || relative == data.path ? QString()
                                                                  : tr(" or %1").arg(relative)));
        return;
    }
    vecspace::LoadOptions options;
    const auto format = vecspace::parseFormatName(data.format.toStdString());
    if (!format) {
        fail(tr("%1: expected data.format to name a format (e.g. glove-text, npy), found '%2'")
                 .arg(m_openPath, data.format));
        return;
    }
    options.format = *format;
    options.limit = std::size_t(data.limit);
    options.labelsPath = toFsPath(data.labelsPath);
    options.metadataPath = toFsPath(data.metadataPath);
    m_window->statusBar()->showMessage(
        tr("Opening session %1: loading %2…")
            .arg(QFileInfo(m_openPath).fileName(), QFileInfo(m_dataPath).fileName()));
    m_loader->load(m_dataPath, options);
}

// Why the loaded set is not the one the session was saved with; empty when it is.
QString SessionController::mismatch(const vecspace::EmbeddingSet& set) const {
    const Session::Data& data = m_pending.data;
    const QString prefix = tr("%1: expected its data file %2 to have ").arg(m_openPath, m_dataPath);
    if (qint64(set.rows()) != data.rows)
        return prefix + tr("%1 rows, found %2").arg(data.rows).arg(set.rows());
    if (qint64(set.dims()) != data.dims)
        return prefix + tr("%1 dimensions, found %2").arg(data.dims).arg(set.dims());
    const QString hash = Session::labelsHash(set.labels);
    if (hash != data.labelsHash)
        return prefix + tr("the labels the session was saved with (checksum %1), found other "
                           "labels (checksum %2)")
                            .arg(data.labelsHash, hash);
    for (std::size_t i = 0; i < m_pending.selection.size(); ++i) {
        const std::string& label = set.labels[std::size_t(m_pending.selection[i])];
        if (QString::fromStdString(label) != m_pending.selectionLabels[qsizetype(i)])
            return prefix + tr("row %1 labelled '%2' (selected), found %3")
                                .arg(m_pending.selection[i])
                                .arg(m_pending.selectionLabels[qsizetype(i)], quoted(label));
    }
    return {};
}

void SessionController::onLoaded(std::shared_ptr<const vecspace::EmbeddingSet> set,
                                 double seconds) {
    const QString problem = mismatch(*set);
    if (!problem.isEmpty()) {
        fail(problem);
        return;
    }
    apply(std::move(set), seconds);
}

void SessionController::apply(std::shared_ptr<const vecspace::EmbeddingSet> set, double seconds) {
    setProgressVisible(false);
    Session session = std::move(m_pending);
    m_pending = Session();
    MainWindow::LoadedDataset loaded;
    loaded.set = std::move(set);
    loaded.path = m_dataPath;
    loaded.options.format = vecspace::parseFormatName(session.data.format.toStdString())
                                .value_or(vecspace::Format::Auto);
    loaded.options.limit = std::size_t(session.data.limit);
    loaded.options.labelsPath = toFsPath(session.data.labelsPath);
    loaded.options.metadataPath = toFsPath(session.data.metadataPath);
    loaded.seconds = seconds;
    loaded.layout = std::move(session.layout.xyz);
    loaded.layoutDims = session.layout.dims;
    m_window->showDataset(std::move(loaded));

    m_window->projectionPanel()->fromJson(session.layout.parameters);
    PointView* view = m_window->pointView();
    view->setPointSize(session.pointSize);
    if (ViewControls* controls = m_window->viewControls())
        controls->setDarkTheme(session.theme != QLatin1String("light"));
    view->set2DMode(session.twoD);
    view->setCameraPose(session.camera); // after the 2D switch, which flies to its home pose
    view->setHidden(session.hidden);
    view->setSelection(session.selection);
    // Colours after the layout: a density colouring clusters the layout on screen.
    if (!session.color.isEmpty()) m_window->colorController()->fromJson(session.color);
    if (!session.search.isEmpty()) m_window->searchPanel()->fromJson(session.search);
    m_window->statusBar()->showMessage(
        tr("Session %1 opened").arg(QFileInfo(m_openPath).fileName()), 5000);
    emit opened(m_openPath);
}

void SessionController::cancel() {
    if (!isOpening()) return;
    ++m_generation;
    m_reading = false;
    m_loader->cancel(); // emits cancelled() when a load was running
    setProgressVisible(false);
}

bool SessionController::isOpening() const {
    return m_reading || m_loader->isLoading();
}

void SessionController::fail(const QString& message, bool saving) {
    if (!saving) { // an open in progress is not a save's business
        setProgressVisible(false);
        m_pending = Session();
    }
    m_window->statusBar()->showMessage(tr("Session failed: %1").arg(message), 10000);
    emit failed(message);
    if (m_window->isScreenshotMode()) return;
    auto* box = new QMessageBox(QMessageBox::Critical, tr("Session"),
                                saving ? tr("The session could not be saved.")
                                       : tr("The session could not be opened; nothing changed."),
                                QMessageBox::Ok, m_window);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void SessionController::setProgressVisible(bool visible) {
    m_progress->setValue(0);
    m_progress->setVisible(visible);
    m_cancel->setVisible(visible);
}

void SessionController::showSaveDialog() {
    QString path =
        QFileDialog::getSaveFileName(m_window, tr("Save Session"), QString(), tr(kFilter));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    save(path);
}

void SessionController::showOpenDialog() {
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Open Session"), QString(), tr(kFilter));
    if (!path.isEmpty()) open(path);
}
