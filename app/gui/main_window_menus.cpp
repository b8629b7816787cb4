// The window's menus: File, View (the view's look, every panel, the window layout) and Tools.
#include "compare_controller.h"
#include "dataset.h"
#include "export_actions.h"
#include "main_window.h"
#include "search_panel.h"
#include "session_controller.h"
#include "view_controls.h"

#include <QAction>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <algorithm>

void MainWindow::createMenus() {
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* open = fileMenu->addAction(tr("&Open…"), this, [this] { showOpenDialog(false); });
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open a file beside the ones open"));
    QAction* folder = fileMenu->addAction(tr("Open Model &Folder…"), this,
                                          [this] { showOpenFolderDialog(); });
    folder->setObjectName(QStringLiteral("openFolderAction"));
    folder->setStatusTip(tr("Open a Hugging Face checkpoint folder: its safetensors shards and "
                            "tokenizer files"));
    QAction* replace = fileMenu->addAction(tr("Open, &Replacing Current…"), this,
                                           [this] { showOpenDialog(true); });
    replace->setObjectName(QStringLiteral("openReplaceAction"));
    fileMenu->addAction(tr("Open &Demo Set"), this, &MainWindow::openDemoSet);
    QAction* compare =
        fileMenu->addAction(tr("Compare &With…"), this, &MainWindow::showCompareDialog);
    compare->setObjectName(QStringLiteral("compareWithAction"));
    compare->setStatusTip(tr("Open another embedding file and compare the active one with it"));
    QAction* compareFolder = fileMenu->addAction(tr("Compare With Model Fo&lder…"), this,
                                                 &MainWindow::showCompareFolderDialog);
    compareFolder->setObjectName(QStringLiteral("compareWithFolderAction"));
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    // Built when shown, so files opened in another window appear too.
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    QAction* close =
        fileMenu->addAction(tr("&Close Dataset"), this, &MainWindow::closeActiveDocument);
    close->setObjectName(QStringLiteral("closeDatasetAction"));
    close->setShortcut(QKeySequence::Close);
    fileMenu->addSeparator();
    m_sessions = new SessionController(m_parts, this);
    m_sessions->addActions(fileMenu);
    m_exporter = new ExportActions(m_parts, this);
    fileMenu->addMenu(m_exporter->menu());
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    connect(fileMenu, &QMenu::aboutToShow, this, [this, close, compare] {
        close->setEnabled(activeDocument() != nullptr);
        compare->setEnabled(activeDocument() != nullptr);
    });

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    m_parts.viewControls->addTo(viewMenu);
    addToolBar(m_parts.viewControls->toolBar());
    viewMenu->addSeparator();
    QAction* search = viewMenu->addAction(tr("&Search Labels"), this, [this] {
        m_searchDock->show();
        m_parts.search->focusSearch();
    });
    search->setShortcut(QKeySequence::Find);
    viewMenu->addSeparator();
    QAction* analogy =
        viewMenu->addAction(tr("&Analogy Calculator"), this, &MainWindow::showAnalogyDock);
    analogy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    viewMenu->addSeparator();
    // Every dock, whoever made it, listed when the menu opens; a closed one comes back here.
    QMenu* panels = viewMenu->addMenu(tr("&Panels"));
    panels->setObjectName(QStringLiteral("panelsMenu"));
    connect(panels, &QMenu::aboutToShow, this, [this, panels] { fillPanelsMenu(panels); });
    fillPanelsMenu(panels);
    QAction* resetLayout =
        viewMenu->addAction(tr("Reset &Window Layout"), this, &MainWindow::resetWindowLayout);
    resetLayout->setObjectName(QStringLiteral("resetWindowLayoutAction"));

    QMenu* toolsMenu = menuBar()->addMenu(tr("&Tools"));
    QAction* benchmarks =
        toolsMenu->addAction(tr("&Benchmarks…"), this, [this] { showBenchmarks(); });
    connect(toolsMenu, &QMenu::aboutToShow, this,
            [this, benchmarks] { benchmarks->setEnabled(activeDocument() != nullptr); });
}

void MainWindow::fillPanelsMenu(QMenu* menu) {
    menu->clear();
    QList<QDockWidget*> docks = findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly);
    std::sort(docks.begin(), docks.end(), [](const QDockWidget* a, const QDockWidget* b) {
        return a->windowTitle().localeAwareCompare(b->windowTitle()) < 0;
    });
    for (QDockWidget* dock : docks)
        menu->addAction(dock->toggleViewAction());
}

void MainWindow::resetWindowLayout() {
    // The state the constructor left: every dock where it first was, the toolbar shown.
    restoreState(m_defaultState, kDefaultStateVersion);
}
