// MainWindow's part in comparing two files: the Compare dock, File > Compare With…, and the
// second point view that follows the main one's look.
#include "compare_controller.h"
#include "compare_panel.h"
#include "dataset.h"
#include "document_loader.h"
#include "main_window.h"
#include "point_view.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QScrollArea>
#include <QStatusBar>

namespace {
constexpr int kCompareDockWidth = 380;
} // namespace

void MainWindow::createCompareDock() {
    m_parts.compare = new CompareController(m_parts, m_parts.secondView, this);
    m_comparePanel = new ComparePanel(m_parts.compare);
    m_comparePanel->setObjectName(QStringLiteral("comparePanel"));
    // Tall (settings, histogram, two lists): scrolls rather than stretching the window.
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_comparePanel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Its text wraps to the dock's width instead of running off under a scroll bar.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_compareDock = new QDockWidget(tr("Compare"), this);
    m_compareDock->setObjectName(QStringLiteral("compareDock"));
    m_compareDock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, m_compareDock);
    tabifyDockWidget(m_dataDock, m_compareDock);
    m_dataDock->raise();
    connect(m_comparePanel, &ComparePanel::compareWithRequested, this,
            &MainWindow::showCompareDialog);
    connect(m_parts.compare, &CompareController::started, this, [this] {
        m_compareDock->show();
        m_compareDock->raise();
        // Its counts, lists and the neighbour table need more room than the other docks.
        if (m_compareDock->width() < kCompareDockWidth)
            resizeDocks({m_compareDock}, {kCompareDockWidth}, Qt::Horizontal);
    });
    connect(m_parts.compare, &CompareController::failed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Comparison failed: %1").arg(message), 15000);
    });
    // The second view looks like the first: theme, point size.
    PointView* second = m_parts.secondView;
    connect(m_parts.view, &PointView::lookChanged, second, [this, second] {
        second->setTheme(m_parts.view->theme());
        second->setPointSize(m_parts.view->pointSize());
    });
}

void MainWindow::showCompareDialog() {
    if (!activeDocument()) return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Compare %1 With").arg(activeDocument()->displayName()),
        QFileInfo(activeDocument()->source().path).absolutePath(),
        tr("Embeddings (*.txt *.vec *.bin *.tsv *.npy *.gz *.safetensors *.gguf);;All files (*)"));
    if (!path.isEmpty()) compareWith(path);
}

void MainWindow::showCompareFolderDialog() {
    if (!activeDocument()) return;
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Compare %1 With the Model in a Folder").arg(activeDocument()->displayName()),
        QFileInfo(activeDocument()->source().path).absolutePath());
    if (!path.isEmpty()) compareWith(path);
}

void MainWindow::compareWith(const QString& path, const vecspace::LoadOptions& options) {
    Dataset* a = activeDocument();
    if (!a) return;
    statusBar()->showMessage(tr("Loading %1 to compare…").arg(QFileInfo(path).fileName()));
    m_pendingCompare.a = a;
    m_pendingCompare.request =
        m_parts.loader->open(path, options, DocumentLoader::Placement::Add, false);
}
