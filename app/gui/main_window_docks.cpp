// The docks of MainWindow and how the view and the docks follow the active document (kept apart
// so that main_window.cpp stays readable): Data, Projection, Inspector, Colour and Search, and
// the highlights and labels that search matches and legend entries put on the active document.
#include "analogy_controller.h"
#include "analogy_panel.h"
#include "bookmark_controller.h"
#include "bookmark_panel.h"
#include "color_controller.h"
#include "color_panel.h"
#include "data_panel.h"
#include "dataset.h"
#include "inspector_panel.h"
#include "label_list_model.h"
#include "main_window.h"
#include "neighborhood_controller.h"
#include "notifier.h"
#include "pca_layout.h"
#include "point_view.h"
#include "projection_controller.h"
#include "projection_panel.h"
#include "search_panel.h"
#include "task_runner.h"
#include "view_controls.h"
#include "workspace.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QScrollArea>
#include <algorithm>

namespace {

const char* const kSearchKey = "search";

QDockWidget* addDock(QMainWindow* window, const QString& title, const char* name, QWidget* panel,
                     Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(QLatin1String(name));
    panel->setParent(dock);
    dock->setWidget(panel);
    window->addDockWidget(area, dock);
    return dock;
}

} // namespace

void MainWindow::raiseDock(QWidget* panel) {
    // The docks share a tab group: bring this one to the front.
    if (auto* dock = qobject_cast<QDockWidget*>(panel->parentWidget())) dock->raise();
}

void MainWindow::createDocks() {
    m_dataPanel = new DataPanel(m_parts.workspace);
    m_dataDock = addDock(this, tr("Data"), "dataDock", m_dataPanel, Qt::RightDockWidgetArea);
    resizeDocks({m_dataDock}, {320}, Qt::Horizontal);

    m_parts.projectionPanel = new ProjectionPanel;
    QDockWidget* projectionDock = addDock(this, tr("Projection"), "projectionDock",
                                          m_parts.projectionPanel, Qt::RightDockWidgetArea);
    m_parts.projection = new ProjectionController(m_parts.projectionPanel, m_parts.tasks, this);
    connect(m_parts.projection, &ProjectionController::statusMessage, m_parts.notifier,
            [this](const QString& message) { m_parts.notifier->status(message); });

    m_parts.inspector = new InspectorPanel(m_parts.tasks);
    QDockWidget* inspectorDock =
        addDock(this, tr("Inspector"), "inspectorDock", m_parts.inspector, Qt::RightDockWidgetArea);
    // One tab group on the right, so the docks do not stack into a window taller than a laptop
    // screen; Data shows first.
    tabifyDockWidget(m_dataDock, projectionDock);
    tabifyDockWidget(projectionDock, inspectorDock);

    m_parts.viewControls = new ViewControls(m_parts.view, this);
    connect(m_parts.view, &PointView::layoutShown, m_parts.viewControls,
            &ViewControls::setLayoutDimensions);
    connect(m_parts.view, &PointView::clicked, this, [this](int row, Qt::KeyboardModifiers) {
        Dataset* document = activeDocument();
        if (!document) return;
        document->setInspectedRow(row);
        if (row >= 0) raiseDock(m_parts.inspector);
    });
    connect(m_parts.inspector, &InspectorPanel::neighborActivated, this, &MainWindow::showRow);
    createFocus();
    connect(m_parts.inspector, &InspectorPanel::isolateRequested, this,
            [this](const std::vector<std::size_t>& keep) {
                Dataset* document = activeDocument();
                if (!document) return;
                std::vector<char> shown(document->rows(), 0);
                for (std::size_t row : keep)
                    shown[row] = 1;
                std::vector<int> hidden;
                for (std::size_t row = 0; row < shown.size(); ++row)
                    if (!shown[row]) hidden.push_back(static_cast<int>(row));
                document->setHidden(std::move(hidden));
            });
    connect(m_parts.inspector, &InspectorPanel::showAllRequested, this, [this] {
        if (Dataset* document = activeDocument()) document->setHidden({});
    });
    createColorDock();
    createSearchDock();
    createAnalogyDock();
    // Beside Search and Analogy (the right group is full), after the docks it restores into.
    m_bookmarkPanel = new BookmarkPanel;
    QDockWidget* bookmarkDock =
        addDock(this, tr("Bookmarks"), "bookmarkDock", m_bookmarkPanel, Qt::LeftDockWidgetArea);
    tabifyDockWidget(m_analogyDock, bookmarkDock);
    m_searchDock->raise();
    m_bookmarks = new BookmarkController(m_bookmarkPanel, m_parts, this);
    m_dataDock->raise();
}

void MainWindow::createAnalogyDock() {
    m_analogyPanel = new AnalogyPanel;
    // Scrolled rather than squeezed: the panel is taller than a small window.
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_analogyPanel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_analogyDock = addDock(this, tr("Analogy"), "analogyDock", scroll, Qt::LeftDockWidgetArea);
    tabifyDockWidget(m_searchDock, m_analogyDock);
    m_searchDock->raise();
    m_parts.analogy = new AnalogyController(m_analogyPanel, m_parts.tasks, this);
    connect(m_parts.analogy, &AnalogyController::highlightRequested, this,
            [this](const std::vector<int>& rows) {
                m_analogyRows = rows;
                applyHighlights();
            });
    connect(m_parts.analogy, &AnalogyController::rowActivated, this,
            [this](int row) { showRow(row); });
    connect(m_parts.analogy, &AnalogyController::axesRequested, this,
            [this](const QStringList& axes) {
                m_parts.projection->runCustomAxes(axes, vecspace::AxisMeasure::Cosine);
                raiseDock(m_parts.projectionPanel);
            });
    connect(m_analogyPanel, &AnalogyPanel::benchmarksRequested, this, [this] { showBenchmarks(); });
}

void MainWindow::showAnalogyDock() {
    m_analogyDock->show();
    m_analogyDock->raise();
    if (QWidget* first = m_analogyPanel->findChild<QWidget*>(QStringLiteral("analogyA")))
        first->setFocus();
}

void MainWindow::createSearchDock() {
    m_parts.search = new SearchPanel(m_parts.tasks);
    m_searchDock =
        addDock(this, tr("Search"), "searchDock", m_parts.search, Qt::LeftDockWidgetArea);
    resizeDocks({m_searchDock}, {380}, Qt::Horizontal);
    connect(m_parts.search, &SearchPanel::matchesChanged, this, [this] {
        // Both show: the focus rules light the matches beside a legend entry's rows.
        applyHighlights();
    });
    // A match picked in the list is selected in the view, the camera flies to it and the
    // Inspector shows it.
    connect(m_parts.search, &SearchPanel::rowActivated, this, [this](int row) { showRow(row); });
}

void MainWindow::createColorDock() {
    m_colorPanel = new ColorPanel;
    QDockWidget* dock =
        addDock(this, tr("Colour"), "colorDock", m_colorPanel, Qt::RightDockWidgetArea);
    tabifyDockWidget(m_dataDock, dock);
    m_parts.colors = new ColorController(m_colorPanel, m_parts.tasks, this);
    ColorController* colors = m_parts.colors;
    m_parts.colors->setTheme(m_parts.view->theme());
    connect(colors, &ColorController::statusMessage, this,
            [this](const QString& message) { m_parts.notifier->status(message, 8000); });
    connect(colors, &ColorController::coloringReady, this, &MainWindow::coloringReady);
    connect(colors, &ColorController::coloringFailed, this, &MainWindow::coloringFailed);
    connect(colors, &ColorController::highlightRequested, this,
            [this](const std::vector<int>& rows) {
                m_legendRows = rows;
                applyHighlights();
            });
    connect(m_parts.view, &PointView::lookChanged, colors,
            [this] { m_parts.colors->setTheme(m_parts.view->theme()); });
}

// Every document gets its overview (the first three principal components) in the background as
// soon as it is open; its similarity index (a unit-normalised copy of the matrix) is built when
// something needs it, the Inspector of the active document first.
void MainWindow::watchDocument(Dataset* document) {
    connect(document, &Dataset::layoutChanged, this, [this, document] {
        if (document->layout().version == 1 && document == activeDocument()) emit layoutReady();
    });
    connect(document, &Dataset::similarityIndexReady, this, [this, document] {
        if (document == activeDocument()) emit similarityIndexReady();
    });
    if (!document->hasLayout()) startOverview(document);
}

void MainWindow::startOverview(Dataset* document) {
    TaskOptions task;
    task.title = tr("PCA overview of %1").arg(document->displayName());
    task.group = QStringLiteral("overview:%1").arg(quintptr(document));
    m_parts.tasks->start(
        task, document, [set = document->set()](TaskContext&) { return computePcaLayout(set); },
        [this, document](PcaLayout layout) {
            // A layout the user asked for in the meantime stays.
            if (document->layout().fromRun) return;
            if (!layout.error.isEmpty())
                m_parts.notifier->status(tr("No layout: PCA failed (%1)").arg(layout.error));
            document->setLayout(std::move(layout.xyz), 3, QStringLiteral("pca"), {}, false,
                                LayoutChange{false, true, false});
            if (!layout.error.isEmpty()) return;
            // The panel describes it as it would a PCA run (coordinates are the document's).
            auto result = std::make_shared<vecspace::ProjectionResult>();
            result->method = vecspace::ProjectionMethod::Pca;
            result->seconds = layout.seconds;
            result->explainedVariance = layout.explainedVariance;
            result->explainedVarianceRatio = layout.explainedVarianceRatio;
            m_parts.projection->setOverviewResult(document, std::move(result));
        });
}

void MainWindow::storeActiveState() {
    Dataset* document = m_active;
    if (!document) return;
    document->setDockState(QLatin1String(kSearchKey), m_parts.search->toJson());
    document->setDockState(QStringLiteral("projection"), m_parts.projectionPanel->toJson());
    document->setDockState(QStringLiteral("color"), m_parts.colors->toJson());
    document->setDockState(QStringLiteral("analogy"), m_analogyPanel->toJson());
    if (document->hasLayout() && m_parts.view->document() == document) {
        document->camera = m_parts.view->camera().pose();
        document->twoD = m_parts.view->is2DMode();
    }
}

void MainWindow::onActiveChanged(Dataset* document) {
    if (m_active) storeActiveState();
    m_active = document;
    m_legendRows.clear();
    m_parts.view->setDocument(document);
    m_parts.projection->setDocument(document);
    m_parts.colors->setDocument(document);
    m_parts.inspector->setDocument(document);
    m_parts.neighborhood->setDocument(document);
    m_bookmarks->setDocument(document);
    followDocumentFocus(document);
    m_analogyRows.clear();
    m_parts.analogy->setDocument(document);
    m_parts.search->setDataset(document ? document->set() : nullptr);
    showLabelTexts(document);
    if (document) {
        const QJsonObject search = document->dockState(QLatin1String(kSearchKey));
        if (!search.isEmpty()) m_parts.search->fromJson(search);
        if (!document->hasLayout()) m_parts.view->clear();
    }
    setWindowTitle(document ? QStringLiteral("Vecspace — %1").arg(document->displayName())
                            : QStringLiteral("Vecspace"));
    applyHighlights();
    raiseDock(m_dataPanel);
}

LabelListModel* MainWindow::labelModel() const {
    return m_parts.search->model();
}

bool MainWindow::setColorBy(const QString& spec, QString* error) {
    if (!m_parts.colors->setColorBy(spec, error)) return false;
    // The legend explains the colours: bring it to the front of its tab group.
    if (m_parts.colors->colorBy() != QLatin1String("single")) raiseDock(m_colorPanel);
    return true;
}

QString MainWindow::colorBy() const {
    return m_parts.colors->colorBy();
}

bool MainWindow::isColoringPending() const {
    return m_parts.colors->isPending();
}

void MainWindow::showRow(long row) {
    Dataset* document = activeDocument();
    if (!document || row < 0 || static_cast<std::size_t>(row) >= document->rows()) return;
    document->setSelection({static_cast<int>(row)});
    // The row with its neighbours in view, not so close that none of them is on screen.
    m_parts.view->frameNeighborhood(static_cast<int>(row));
    m_parts.inspector->setRow(row); // searched again even when it was already shown
    raiseDock(m_parts.inspector);
}
