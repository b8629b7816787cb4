#include "main_window.h"

#include "benchmark_dialog.h"
#include "compare_controller.h"
#include "dataset.h"
#include "demo_set.h"
#include "document_loader.h"
#include "export_actions.h"
#include "notifier.h"
#include "point_view.h"
#include "search_panel.h"
#include "session_controller.h"
#include "task_runner.h"
#include "task_status_widget.h"
#include "view_controls.h"
#include "workspace.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>

namespace {

const char* const kGeometryKey = "window/geometry";
const char* const kStateKey = "window/state";
const char* const kRecentFilesKey = "recentFiles";
const char* const kLastDirectoryKey = "lastDirectory";
constexpr int kMaxRecentFiles = 8;
constexpr int kStateVersion = 2; // 2: the point view in the centre, the label list in a dock

QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) return url.toLocalFile();
    return {};
}

bool isDemoSet(const QString& path) {
    const QString demo = findDemoSet();
    return !demo.isEmpty() &&
           QFileInfo(demo).canonicalFilePath() == QFileInfo(path).canonicalFilePath();
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("Vecspace"));
    setAcceptDrops(true);
    // The task runner first: it is destroyed first, waiting for the workers before anything
    // they may report to goes.
    m_parts.window = this;
    m_parts.tasks = new TaskRunner(this);
    m_parts.workspace = new Workspace(this);
    m_parts.notifier = new Notifier(this);
    m_parts.loader = new DocumentLoader(m_parts.workspace, m_parts.tasks, this);
    m_parts.showRow = [this](long row) { showRow(row); };
    m_parts.storeActiveState = [this] { storeActiveState(); };
    // The point view, and beside it the second one a side-by-side comparison shows.
    auto* views = new QSplitter(Qt::Horizontal, this);
    views->setObjectName(QStringLiteral("viewSplitter"));
    views->setChildrenCollapsible(false);
    m_parts.view = new PointView(views);
    m_parts.view->setObjectName(QStringLiteral("pointView"));
    m_parts.secondView = new PointView(views);
    m_parts.secondView->setObjectName(QStringLiteral("secondPointView"));
    m_parts.secondView->hide();
    views->addWidget(m_parts.view);
    views->addWidget(m_parts.secondView);
    setCentralWidget(views);
    createDocks();
    createCompareDock();
    createMenus();

    m_taskStatus = new TaskStatusWidget(m_parts.tasks, this);
    statusBar()->addPermanentWidget(m_taskStatus);
    connect(m_parts.notifier, &Notifier::statusMessage, this,
            [this](const QString& message, int timeout) {
                statusBar()->showMessage(message, timeout);
            });
    // Whatever a background job throws ends as a message here, never as a crash.
    connect(m_parts.tasks, &TaskRunner::taskFailed, this,
            [this](const QString& title, const QString& message) {
                statusBar()->showMessage(tr("%1 failed: %2").arg(title, message), 15000);
            });
    connect(m_parts.workspace, &Workspace::activeChanged, this, &MainWindow::onActiveChanged);
    connect(m_parts.workspace, &Workspace::documentAdded, this, &MainWindow::watchDocument);
    connect(m_parts.loader, &DocumentLoader::opened, this, &MainWindow::onOpened);
    connect(m_parts.loader, &DocumentLoader::failed, this,
            [this](const QString& path, const QString& message) {
                const QString name = QFileInfo(path).fileName();
                emit loadFailed(message);
                m_parts.notifier->error(tr("Could Not Open File"),
                                        tr("%1 could not be loaded.").arg(name), message);
            });
    connect(m_parts.loader, &DocumentLoader::cancelled, this,
            [this] { statusBar()->showMessage(tr("Loading cancelled"), 5000); });
    resize(1200, 800);
    m_defaultState = saveState(kDefaultStateVersion);
}

MainWindow::~MainWindow() {
    // Workers first (their results are dropped), then the documents while the docks still
    // listen, then the rest.
    delete m_parts.tasks;
    m_parts.tasks = nullptr;
}

BenchmarkDialog* MainWindow::showBenchmarks() {
    Dataset* document = activeDocument();
    if (!document) return nullptr;
    auto* dialog = new BenchmarkDialog(document, m_parts.tasks, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // A document closed under it takes its dialog along.
    connect(document, &QObject::destroyed, dialog, &QWidget::close);
    dialog->show();
    return dialog;
}

void MainWindow::openFiles(const QStringList& paths, const vecspace::LoadOptions& options) {
    for (qsizetype i = 0; i < paths.size(); ++i) {
        statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(paths[i]).fileName()));
        // --format, --labels and --metadata describe the first file; the others are detected.
        m_parts.loader->open(paths[i], i == 0 ? options : vecspace::LoadOptions(),
                             DocumentLoader::Placement::Add, i == 0);
    }
}

void MainWindow::openFile(const QString& path) {
    loadFile(path, vecspace::LoadOptions());
}

void MainWindow::loadFile(const QString& path, const vecspace::LoadOptions& options,
                          bool replaceActive) {
    statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_parts.loader->open(path, options,
                         replaceActive ? DocumentLoader::Placement::ReplaceActive
                                       : DocumentLoader::Placement::Add);
}

void MainWindow::openDemoSet() {
    const QString demo = findDemoSet();
    if (demo.isEmpty()) {
        const QString message =
            tr("glove.6B.100d.top20k.npy is not installed beside Vecspace. "
               "Set VECSPACE_DEMO to its path, or open a file with File > Open.");
        emit loadFailed(message);
        m_parts.notifier->error(tr("Could Not Open File"), tr("The demo set was not found."),
                                message);
        return;
    }
    openFile(demo);
}

void MainWindow::closeActiveDocument() {
    if (Dataset* document = activeDocument()) m_parts.workspace->close(document);
}

bool MainWindow::isLoading() const {
    return m_parts.loader->isLoading();
}

Dataset* MainWindow::activeDocument() const {
    return m_parts.workspace->active();
}

std::shared_ptr<const vecspace::EmbeddingSet> MainWindow::dataset() const {
    const Dataset* document = activeDocument();
    return document ? document->set() : nullptr;
}

QString MainWindow::dataPath() const {
    const Dataset* document = activeDocument();
    return document ? document->source().path : QString();
}

vecspace::LoadOptions MainWindow::dataOptions() const {
    const Dataset* document = activeDocument();
    return document ? document->source().options : vecspace::LoadOptions();
}

std::shared_ptr<const vecspace::SimilarityIndex> MainWindow::similarityIndex() const {
    const Dataset* document = activeDocument();
    return document ? document->similarityIndex() : nullptr;
}

void MainWindow::setScreenshotMode(bool on) {
    m_parts.notifier->setUnattended(on);
}

bool MainWindow::isScreenshotMode() const {
    return m_parts.notifier->isUnattended();
}

void MainWindow::showOpenDialog(bool replace) {
    QSettings settings;
    const QString start = settings.value(QLatin1String(kLastDirectoryKey)).toString();
    const QString path = QFileDialog::getOpenFileName(
        this,
        replace ? tr("Open Embedding File in Place of the Current One") : tr("Open Embedding File"),
        start,
        tr("Embedding files (*.txt *.vec *.bin *.tsv *.npy *.gz *.safetensors *.gguf "
           "*.safetensors.index.json);;Model files (*.safetensors *.gguf *.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(QLatin1String(kLastDirectoryKey), QFileInfo(path).absolutePath());
    loadFile(path, vecspace::LoadOptions(), replace);
}

void MainWindow::showOpenFolderDialog() {
    QSettings settings;
    const QString start = settings.value(QLatin1String(kLastDirectoryKey)).toString();
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Open Model Folder (safetensors with its tokenizer)"), start);
    if (path.isEmpty()) return;
    settings.setValue(QLatin1String(kLastDirectoryKey), QFileInfo(path).absolutePath());
    loadFile(path, vecspace::LoadOptions(), false);
}

void MainWindow::onOpened(Dataset* document, int request) {
    if (request == m_pendingCompare.request) {
        m_pendingCompare.request = -1;
        if (m_pendingCompare.a) m_parts.compare->compare(m_pendingCompare.a, document);
    }
    const QLocale locale;
    statusBar()->showMessage(tr("Loaded %1: %2 rows × %3 dims in %4 s")
                                 .arg(document->displayName(),
                                      locale.toString(qulonglong(document->rows())),
                                      locale.toString(qulonglong(document->set()->dims())),
                                      QString::number(document->source().seconds, 'f', 2)));
    const QString path = document->source().path;
    if (!isScreenshotMode() && !isDemoSet(path)) addRecentFile(path);
    if (document == activeDocument()) emit datasetLoaded();
}

void MainWindow::addRecentFile(const QString& path) {
    QSettings settings;
    QStringList files = settings.value(QLatin1String(kRecentFilesKey)).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    settings.setValue(QLatin1String(kRecentFilesKey), files);
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = QSettings().value(QLatin1String(kRecentFilesKey)).toStringList();
    for (int i = 0; i < files.size(); ++i) {
        QString name = QFileInfo(files[i]).fileName();
        name.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction* action = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(name));
        action->setToolTip(QDir::toNativeSeparators(files[i]));
        action->setStatusTip(action->toolTip());
        const QString path = files[i];
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (files.isEmpty()) m_recentMenu->addAction(tr("No Recent Files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction* clear = m_recentMenu->addAction(
        tr("&Clear Menu"), this, [] { QSettings().remove(QLatin1String(kRecentFilesKey)); });
    clear->setEnabled(!files.isEmpty());
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QLatin1String(kGeometryKey)).toByteArray());
    restoreState(settings.value(QLatin1String(kStateKey)).toByteArray(), kStateVersion);
    m_parts.viewControls->restoreSettings();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!isScreenshotMode()) {
        QSettings settings;
        settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
        settings.setValue(QLatin1String(kStateKey), saveState(kStateVersion));
        m_parts.viewControls->saveSettings();
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty()) return;
    event->acceptProposedAction();
    openFile(path);
}
