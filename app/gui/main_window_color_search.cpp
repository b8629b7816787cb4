// The Colour and Search docks of MainWindow and what they show in the view (kept apart so that
// main_window.cpp stays readable): the search matches and the legend entry clicked are
// highlighted (the rest dimmed), the first matches labelled.
#include "color_controller.h"
#include "color_panel.h"
#include "inspector_panel.h"
#include "label_list_model.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "search_panel.h"

#include <QDockWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <algorithm>

namespace {

constexpr std::size_t kMaxSearchLabels = 200; // search matches labelled in the view
// Without a search, the view labels the first rows (the most frequent words in files sorted by
// frequency, as word2vec, GloVe and fastText write them) where space allows.
constexpr int kOverviewLabels = 500;
constexpr int kProgressSteps = 1000;

} // namespace

LabelListModel* MainWindow::labelModel() const {
    return m_searchPanel->model();
}

void MainWindow::createSearchDock() {
    m_searchDock = new QDockWidget(tr("Search"), this);
    m_searchDock->setObjectName(QStringLiteral("searchDock"));
    m_searchPanel = new SearchPanel(m_searchDock);
    m_searchDock->setWidget(m_searchPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_searchDock);
    resizeDocks({m_searchDock}, {260}, Qt::Horizontal);

    connect(m_searchPanel, &SearchPanel::matchesChanged, this, [this] {
        // A new search replaces a legend entry's highlight, or the view would not change.
        if (m_searchPanel->isActive()) m_colorPanel->clearHighlight();
        applyHighlights();
    });
    // A match picked in the list is selected in the view, the camera flies to it and the
    // Inspector shows it.
    connect(m_searchPanel, &SearchPanel::rowActivated, this, [this](int row) { showRow(row); });
}

void MainWindow::createColorDock() {
    auto* dock = new QDockWidget(tr("Colour"), this);
    dock->setObjectName(QStringLiteral("colorDock"));
    m_colorPanel = new ColorPanel(dock);
    dock->setWidget(m_colorPanel);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(m_dataDock, dock);
    m_dataDock->raise();
    m_colorController = new ColorController(m_colorPanel, m_view, this);

    // Clustering progress and its Cancel live in the status bar, beside the loader's.
    auto* progress = new QProgressBar(this);
    progress->setObjectName(QStringLiteral("colorProgress"));
    progress->setRange(0, kProgressSteps);
    progress->setMaximumWidth(160);
    progress->setFormat(tr("Clustering %p%"));
    auto* cancel = new QPushButton(tr("Cancel Clustering"), this);
    cancel->setObjectName(QStringLiteral("colorCancel"));
    statusBar()->addPermanentWidget(progress);
    statusBar()->addPermanentWidget(cancel);
    progress->hide();
    cancel->hide();

    connect(cancel, &QPushButton::clicked, m_colorController, &ColorController::cancel);
    connect(m_colorController, &ColorController::progress, progress,
            [progress](double fraction) { progress->setValue(qRound(fraction * kProgressSteps)); });
    connect(m_colorController, &ColorController::runningChanged, this,
            [progress, cancel](bool running) {
                progress->setValue(0);
                progress->setVisible(running);
                cancel->setVisible(running);
            });
    connect(m_colorController, &ColorController::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(m_colorController, &ColorController::coloringReady, this, &MainWindow::coloringReady);
    connect(m_colorController, &ColorController::coloringFailed, this, &MainWindow::coloringFailed);
    connect(m_colorController, &ColorController::highlightRequested, this,
            [this](const std::vector<int>& rows) {
                m_legendRows = rows;
                applyHighlights();
            });
    connect(m_view, &PointView::lookChanged, m_colorController, &ColorController::syncTheme);
    // Layouts from the Projection dock keep the row count, and so the colours; a density
    // clustering waiting for a layout starts on the first one.
    connect(m_projection, &ProjectionController::layoutFinished, m_colorController,
            [this] { m_colorController->layoutChanged(); });
}

bool MainWindow::setColorBy(const QString& spec, QString* error) {
    if (!m_colorController->setColorBy(spec, error)) return false;
    // The legend explains the colours: bring it to the front of its tab group.
    if (m_colorController->colorBy() != QLatin1String("single"))
        if (auto* dock = qobject_cast<QDockWidget*>(m_colorPanel->parentWidget())) dock->raise();
    return true;
}

QString MainWindow::colorBy() const {
    return m_colorController->colorBy();
}

bool MainWindow::isColoringPending() const {
    return m_colorController->isPending();
}

// The legend entry clicked stands out in the view, else the search matches (the rest is dimmed);
// the first matches are labelled.
void MainWindow::applyHighlights() {
    const bool shown = m_dataset && m_view->pointCount() == int(m_dataset->rows());
    const bool searching = shown && m_searchPanel->isActive();
    const std::vector<int> none;
    const std::vector<int>& matches = searching ? m_searchPanel->matches() : none;
    const std::size_t labelled = std::min(matches.size(), kMaxSearchLabels);
    m_searchLabelRows.assign(matches.begin(), matches.begin() + std::ptrdiff_t(labelled));
    m_view->setHighlighted(!shown ? none : !m_legendRows.empty() ? m_legendRows : matches);
    updateViewHighlights();
}

// The view labels the selection, then the first search matches or, without a search, the
// first rows.
void MainWindow::updateViewHighlights() {
    std::vector<int> rows = m_view->selection();
    rows.insert(rows.end(), m_searchLabelRows.begin(), m_searchLabelRows.end());
    if (!m_searchPanel->isActive())
        for (int row = 0; row < std::min(kOverviewLabels, m_view->pointCount()); ++row)
            rows.push_back(row);
    m_view->setLabeledRows(std::move(rows));
}
