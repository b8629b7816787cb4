#include "main_window.h"

#include "color_controller.h"
#include "dataset_loader.h"
#include "demo_set.h"
#include "export_actions.h"
#include "pca_layout.h"
#include "point_view.h"
#include "projection_controller.h"
#include "search_panel.h"
#include "session_controller.h"
#include "vecspace/io/format.h"
#include "view_controls.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QKeySequence>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

namespace {

const char* const kGeometryKey = "window/geometry";
const char* const kStateKey = "window/state";
const char* const kRecentFilesKey = "recentFiles";
const char* const kLastDirectoryKey = "lastDirectory";
constexpr int kMaxRecentFiles = 8;
constexpr int kStateVersion = 2; // 2: the point view in the centre, the label list in a dock
constexpr int kProgressSteps = 1000;

QString windowTitleFor(const QString& fileName) {
    return fileName.isEmpty() ? QStringLiteral("Vecspace")
                              : QStringLiteral("Vecspace — %1").arg(fileName);
}

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

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_loader(new DatasetLoader(this)) {
    setWindowTitle(windowTitleFor({}));
    setAcceptDrops(true);
    createCentre();
    createDataDock();
    createExplorerDocks();
    createColorDock();
    createMenus();
    createStatusBar();

    connect(m_loader, &DatasetLoader::progress, this, [this](double fraction) {
        m_loadProgress->setValue(qRound(fraction * kProgressSteps));
    });
    connect(m_loader, &DatasetLoader::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &DatasetLoader::failed, this, &MainWindow::onFailed);
    connect(m_loader, &DatasetLoader::cancelled, this, &MainWindow::onCancelled);

    resize(1200, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::createCentre() {
    m_view = new PointView(this);
    m_view->setObjectName(QStringLiteral("pointView"));
    setCentralWidget(m_view);
    m_layoutWatcher = new QFutureWatcher<PcaLayout>(this);
    connect(m_layoutWatcher, &QFutureWatcher<PcaLayout>::finished, this,
            &MainWindow::onLayoutFinished);
    connect(m_view, &PointView::selectionChanged, this, &MainWindow::updateViewHighlights);
    createSearchDock();
}

void MainWindow::createMenus() {
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* open = fileMenu->addAction(tr("&Open…"), this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    fileMenu->addAction(tr("Open &Demo Set"), this, &MainWindow::openDemoSet);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    // Built when shown, so files opened in another window appear too.
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    fileMenu->addSeparator();
    m_sessions = new SessionController(this);
    m_sessions->addActions(fileMenu);
    m_exporter = new ExportActions(this);
    fileMenu->addMenu(m_exporter->menu());
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewControls = new ViewControls(m_view, this);
    m_viewControls->addTo(viewMenu);
    addToolBar(m_viewControls->toolBar());
    viewMenu->addSeparator();
    QAction* search = viewMenu->addAction(tr("&Search Labels"), this, [this] {
        m_searchDock->show();
        m_searchPanel->focusSearch();
    });
    search->setShortcut(QKeySequence::Find);
    viewMenu->addSeparator();
    viewMenu->addAction(m_searchDock->toggleViewAction());
    viewMenu->addAction(m_dataDock->toggleViewAction());
}

void MainWindow::createStatusBar() {
    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setObjectName(QStringLiteral("loadProgress"));
    m_loadProgress->setRange(0, kProgressSteps);
    m_loadProgress->setMaximumWidth(220);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    connect(m_cancelButton, &QPushButton::clicked, m_loader, &DatasetLoader::cancel);

    statusBar()->addPermanentWidget(m_loadProgress);
    statusBar()->addPermanentWidget(m_cancelButton);
    // addPermanentWidget shows them; they belong only to a load in progress.
    m_loadProgress->hide();
    m_cancelButton->hide();
}

void MainWindow::openFile(const QString& path) {
    loadFile(path, vecspace::LoadOptions());
}

void MainWindow::loadFile(const QString& path, const vecspace::LoadOptions& options) {
    m_loadingPath = path;
    m_loadingOptions = options;
    setLoading(true);
    statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_loader->load(path, options);
}

void MainWindow::openDemoSet() {
    const QString demo = findDemoSet();
    if (demo.isEmpty()) {
        reportError(tr("The demo set was not found."),
                    tr("glove.6B.100d.top20k.npy is not installed beside Vecspace. Set "
                       "VECSPACE_DEMO to its path, or open a file with File > Open."));
        return;
    }
    openFile(demo);
}

bool MainWindow::isLoading() const {
    return m_loader->isLoading();
}

void MainWindow::showOpenDialog() {
    QSettings settings;
    const QString start = settings.value(QLatin1String(kLastDirectoryKey)).toString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Embedding File"), start,
        tr("Embedding files (*.txt *.vec *.bin *.tsv *.npy *.gz);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(QLatin1String(kLastDirectoryKey), QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::onLoaded(std::shared_ptr<const vecspace::EmbeddingSet> set, double seconds) {
    LoadedDataset loaded;
    loaded.set = std::move(set);
    loaded.path = m_loadingPath;
    loaded.options = m_loadingOptions;
    loaded.seconds = seconds;
    showDataset(std::move(loaded));
}

void MainWindow::showDataset(LoadedDataset loaded) {
    m_dataset = std::move(loaded.set);
    m_loadingPath = loaded.path;
    m_dataPath = loaded.path;
    m_dataOptions = loaded.options;
    m_dataOptions.progress = nullptr;
    const double seconds = loaded.seconds;
    m_searchPanel->setDataset(m_dataset);
    setLoading(false);
    setWindowTitle(windowTitleFor(QFileInfo(m_loadingPath).fileName()));
    showDatasetInfo(seconds);
    const QLocale locale;
    statusBar()->showMessage(tr("Loaded %1 rows × %2 dims in %3 s")
                                 .arg(locale.toString(qulonglong(m_dataset->rows())),
                                      locale.toString(qulonglong(m_dataset->dims())),
                                      formatSeconds(seconds)));
    if (!m_screenshotMode && !isDemoSet(m_loadingPath)) addRecentFile(m_loadingPath);
    const bool givenLayout = !loaded.layout.empty();
    if (givenLayout)
        m_view->clear(); // the old set's selection and flags go, even at the same row count
    else
        startLayout();
    setExplorerDataset();
    m_colorController->setDataset(m_dataset);
    emit datasetLoaded();
    if (givenLayout)
        showLayout(PcaLayout{m_dataset, std::move(loaded.layout), {}}, loaded.layoutDims);
}

// The first three principal components, computed on a worker thread (0.1 s for 341k rows, too
// long to block the GUI).
void MainWindow::startLayout() {
    m_view->clear();
    // A watcher given a new future drops the old one's result: a stale layout never shows.
    m_layoutWatcher->setFuture(QtConcurrent::run(computePcaLayout, m_dataset));
}

void MainWindow::onLayoutFinished() {
    PcaLayout layout = m_layoutWatcher->result();
    // A layout the user asked for in the meantime stays.
    if (layout.set != m_dataset || m_projection->hasShownLayout()) return;
    showLayout(std::move(layout), 3);
}

void MainWindow::showLayout(PcaLayout layout, int dims) {
    if (!layout.error.isEmpty())
        statusBar()->showMessage(tr("No layout: PCA failed (%1)").arg(layout.error));
    // The labels live as long as the set they belong to.
    m_view->setLabels(
        std::shared_ptr<const std::vector<std::string>>(layout.set, &layout.set->labels));
    m_view->setPositions(std::move(layout.xyz), PointView::Transition{false, 0, true});
    m_viewControls->setLayoutDimensions(dims);
    applyHighlights();
    m_colorController->layoutChanged();
    emit layoutReady();
}

void MainWindow::onFailed(const QString& message) {
    setLoading(false);
    const QString name = QFileInfo(m_loadingPath).fileName();
    statusBar()->showMessage(tr("Could not load %1").arg(name));
    reportError(tr("%1 could not be loaded.").arg(name), message);
}

void MainWindow::reportError(const QString& summary, const QString& message) {
    emit loadFailed(message);
    if (m_screenshotMode) return;
    // open(), not exec(): a nested event loop here would stall callers waiting on loadFailed.
    auto* box = new QMessageBox(QMessageBox::Critical, tr("Could Not Open File"), summary,
                                QMessageBox::Ok, this);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::onCancelled() {
    setLoading(false);
    statusBar()->showMessage(tr("Loading cancelled"), 5000);
}

void MainWindow::setLoading(bool loading) {
    m_loadProgress->setValue(0);
    m_loadProgress->setVisible(loading);
    m_cancelButton->setVisible(loading);
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
    m_viewControls->restoreSettings();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_screenshotMode) {
        QSettings settings;
        settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
        settings.setValue(QLatin1String(kStateKey), saveState(kStateVersion));
        m_viewControls->saveSettings();
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
