// The explorer docks of MainWindow (kept apart so that main_window.cpp stays readable):
// Projection (PCA, t-SNE, UMAP with live layouts) and Inspector (the selected point and its
// nearest neighbours).
#include "inspector_panel.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "projection_panel.h"
#include "view_controls.h"

#include <QDockWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QtConcurrent>

void MainWindow::createExplorerDocks() {
    auto* projectionDock = new QDockWidget(tr("Projection"), this);
    projectionDock->setObjectName(QStringLiteral("projectionDock"));
    m_projectionPanel = new ProjectionPanel(projectionDock);
    projectionDock->setWidget(m_projectionPanel);
    addDockWidget(Qt::RightDockWidgetArea, projectionDock);
    m_projection = new ProjectionController(m_projectionPanel, m_view, this);
    connect(m_projection, &ProjectionController::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    // A run's progress and its Stop also live in the status bar, for when the dock is hidden.
    auto* progress = new QProgressBar(this);
    progress->setObjectName(QStringLiteral("layoutProgress"));
    progress->setRange(0, 1000);
    progress->setMaximumWidth(160);
    progress->setFormat(tr("Layout %p%"));
    auto* stop = new QPushButton(tr("Stop Layout"), this);
    stop->setObjectName(QStringLiteral("layoutStop"));
    statusBar()->addPermanentWidget(progress);
    statusBar()->addPermanentWidget(stop);
    progress->hide();
    stop->hide();
    connect(stop, &QPushButton::clicked, m_projection, &ProjectionController::cancel);
    connect(m_projection, &ProjectionController::progress, progress,
            [progress](double fraction) { progress->setValue(qRound(fraction * 1000)); });
    connect(m_projection, &ProjectionController::runningChanged, this,
            [progress, stop](bool running) {
                progress->setValue(0);
                progress->setVisible(running);
                stop->setVisible(running);
            });
    connect(m_projection, &ProjectionController::layoutFinished, this,
            [this](std::shared_ptr<const vecspace::ProjectionResult> result) {
                m_viewControls->setLayoutDimensions(int(result->coordinates.cols()));
            });

    auto* inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspector = new InspectorPanel(inspectorDock);
    inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);

    // One tab group on the right, so the docks do not stack into a window taller than a laptop
    // screen; Data shows first.
    tabifyDockWidget(m_dataDock, projectionDock);
    tabifyDockWidget(projectionDock, inspectorDock);
    m_dataDock->raise();

    connect(m_view, &PointView::clicked, this, [this](int row, Qt::KeyboardModifiers) {
        m_view->setPinnedLabels({}); // e.g. an analogy's words: the user has moved on
        m_inspector->setRow(row);
    });
    connect(m_inspector, &InspectorPanel::neighborsChanged, this,
            [this](long row, const std::vector<std::size_t>& neighbors) {
                std::vector<int> rows;
                if (row >= 0) rows.push_back(static_cast<int>(row));
                for (std::size_t n : neighbors)
                    rows.push_back(static_cast<int>(n));
                m_view->setLabeledRows(rows);
            });
    connect(m_inspector, &InspectorPanel::neighborActivated, this, &MainWindow::showRow);
    connect(m_inspector, &InspectorPanel::isolateRequested, this,
            [this](const std::vector<std::size_t>& keep) {
                if (!m_dataset) return;
                std::vector<char> shown(m_dataset->rows(), 0);
                for (std::size_t row : keep)
                    shown[row] = 1;
                std::vector<int> hidden;
                for (std::size_t row = 0; row < shown.size(); ++row)
                    if (!shown[row]) hidden.push_back(static_cast<int>(row));
                m_view->setHidden(hidden);
            });
    connect(m_inspector, &InspectorPanel::showAllRequested, this,
            [this] { m_view->setHidden({}); });
}

// A new data set: both docks start over; the neighbour index (a unit-normalised copy of the
// matrix) is built on a worker thread and handed over when ready.
void MainWindow::setExplorerDataset() {
    m_projection->setDataset(m_dataset);
    m_inspector->setDataset(m_dataset);
    m_similarityIndex.reset();
    auto* watcher = new QFutureWatcher<std::shared_ptr<const vecspace::SimilarityIndex>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, set = m_dataset] {
        if (set == m_dataset) {
            m_similarityIndex = watcher->result();
            m_inspector->setIndex(m_similarityIndex);
            emit similarityIndexReady();
        }
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([set = m_dataset] {
        // The index refers to the set: its deleter keeps the set alive as long as the index.
        return std::shared_ptr<const vecspace::SimilarityIndex>(
            new vecspace::SimilarityIndex(*set),
            [set](const vecspace::SimilarityIndex* index) { delete index; });
    }));
}

void MainWindow::showRow(long row) {
    if (!m_dataset || row < 0 || static_cast<std::size_t>(row) >= m_dataset->rows()) return;
    m_view->setSelection({static_cast<int>(row)});
    m_view->flyTo(static_cast<int>(row));
    m_inspector->setRow(row);
    // The Inspector shares a tab group with other docks: bring it to the front.
    if (auto* dock = qobject_cast<QDockWidget*>(m_inspector->parentWidget())) dock->raise();
}
