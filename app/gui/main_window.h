#pragma once

#include "dataset.h"
#include "vecspace/base/embedding_set.h"
#include "vecspace/io/loader.h"
#include "window_parts.h"

#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

class AnalogyController;
class AnalogyPanel;
class BenchmarkDialog;
class BookmarkController;
class BookmarkPanel;
class ColorPanel;
class ComparePanel;
class DataPanel;
class ExportActions;
class LabelListModel;
class SessionController;
class TaskStatusWidget;
class QDockWidget;
class QMenu;
namespace vecspace {
class SimilarityIndex;
}

// The application window: the 3D point view in the centre and the docks around it, all working
// on the workspace's active document. It builds the parts, wires them and owns the menus; the
// behaviour lives in the parts (docs/architecture.md).
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Each file becomes a document of its own, listed in this order, the first one active;
    // `options` are the first file's (the others' formats are detected).
    void openFiles(const QStringList& paths, const vecspace::LoadOptions& options);
    void openFile(const QString& path); // added as a new document, made active
    void loadFile(const QString& path, const vecspace::LoadOptions& options,
                  bool replaceActive = false);
    void openDemoSet();
    void closeActiveDocument();
    bool isLoading() const;

    const WindowParts& parts() const { return m_parts; }
    Workspace* workspace() const { return m_parts.workspace; }
    TaskRunner* tasks() const { return m_parts.tasks; }
    Dataset* activeDocument() const;
    // The active document's set, source and index; null or empty when none is open.
    std::shared_ptr<const vecspace::EmbeddingSet> dataset() const;
    QString dataPath() const;
    vecspace::LoadOptions dataOptions() const;
    std::shared_ptr<const vecspace::SimilarityIndex> similarityIndex() const;

    PointView* pointView() const { return m_parts.view; }
    ViewControls* viewControls() const { return m_parts.viewControls; }
    ProjectionController* projection() const { return m_parts.projection; }
    ProjectionPanel* projectionPanel() const { return m_parts.projectionPanel; }
    InspectorPanel* inspector() const { return m_parts.inspector; }
    SearchPanel* searchPanel() const { return m_parts.search; }
    LabelListModel* labelModel() const; // the Search dock's list
    ColorPanel* colorPanel() const { return m_colorPanel; }
    ColorController* colorController() const { return m_parts.colors; }
    SessionController* sessions() const { return m_sessions; }
    ExportActions* exporter() const { return m_exporter; }
    DataPanel* dataPanel() const { return m_dataPanel; }
    AnalogyPanel* analogyPanel() const { return m_analogyPanel; }
    AnalogyController* analogy() const { return m_parts.analogy; }
    ComparePanel* comparePanel() const { return m_comparePanel; }
    CompareController* compare() const { return m_parts.compare; }
    BookmarkController* bookmarks() const { return m_bookmarks; }
    BookmarkPanel* bookmarkPanel() const { return m_bookmarkPanel; }
    PointView* secondView() const { return m_parts.secondView; }
    // File > Compare With…: loads `path` as a new document and compares the active one with it.
    void compareWith(const QString& path, const vecspace::LoadOptions& options = {});
    // Tools > Benchmarks: the dialog on the active document (null without one).
    BenchmarkDialog* showBenchmarks();

    // Colours the points by "single", "cluster", "density" or a metadata column (ColorController).
    bool setColorBy(const QString& spec, QString* error = nullptr);
    QString colorBy() const;
    bool isColoringPending() const;
    void showRow(long row);

    // For unattended runs: failures raise no dialog and nothing is written to the settings.
    void setScreenshotMode(bool on);
    bool isScreenshotMode() const;
    // Left to the caller so that tests and screenshots do not depend on the user's settings.
    void restoreSettings();

signals:
    void datasetLoaded(); // a loaded file became the active document
    // The active document's first layout is in the view (or, if none could be computed, not).
    void layoutReady();
    void loadFailed(QString message);
    void similarityIndexReady(); // of the active document
    void coloringReady();
    void coloringFailed(QString message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // main_window_docks.cpp: the docks and how they follow the active document.
    void createDocks();
    void createSearchDock();
    void createColorDock();
    void createAnalogyDock();
    void showAnalogyDock();
    void onActiveChanged(Dataset* document);
    void storeActiveState();
    void watchDocument(Dataset* document);
    void startOverview(Dataset* document);
    static void raiseDock(QWidget* panel);
    // main_window_focus.cpp: what the view lights and labels, the neighbourhood, the context
    // menu, the status bar's "Lit:" line.
    void createFocus();
    void createFocusControls();
    void fillLabelByCombo(const Dataset* document);
    void followDocumentFocus(Dataset* document);
    void showLabelTexts(const Dataset* document);
    void applyRowOrder(Dataset* document); // the Search list's texts, as the view labels rows
    void applyHighlights();
    void showPointMenu(int row, QPoint globalPos);
    // main_window_compare.cpp
    void createCompareDock();
    void showCompareDialog();
    void showCompareFolderDialog(); // a checkpoint folder: file dialogs pick files only
    // main_window_menus.cpp
    void createMenus();
    void fillPanelsMenu(QMenu* menu);
    void resetWindowLayout();
    // main_window.cpp
    void showOpenDialog(bool replace);
    void showOpenFolderDialog();
    void onOpened(Dataset* document, int request);
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();

    WindowParts m_parts;
    QPointer<Dataset> m_active; // what the docks show, to store their state in on a switch
    TaskStatusWidget* m_taskStatus = nullptr;
    SessionController* m_sessions = nullptr;
    ExportActions* m_exporter = nullptr;
    DataPanel* m_dataPanel = nullptr;
    ColorPanel* m_colorPanel = nullptr;
    AnalogyPanel* m_analogyPanel = nullptr;
    QDockWidget* m_analogyDock = nullptr;
    QDockWidget* m_dataDock = nullptr;
    QDockWidget* m_searchDock = nullptr;
    ComparePanel* m_comparePanel = nullptr;
    QDockWidget* m_compareDock = nullptr;
    BookmarkController* m_bookmarks = nullptr;
    BookmarkPanel* m_bookmarkPanel = nullptr;
    struct PendingCompare {
        int request = -1; // the DocumentLoader request of file B
        QPointer<Dataset> a;
    } m_pendingCompare;
    QMenu* m_recentMenu = nullptr;
    QByteArray m_defaultState; // for Reset Window Layout
    static constexpr int kDefaultStateVersion = 1;
    std::vector<int> m_legendRows;                     // the rows of the legend entry clicked
    std::vector<int> m_analogyRows;                    // an analogy's words and answers
    QList<QMetaObject::Connection> m_focusConnections; // to the active document
    class QLabel* m_focusStatus = nullptr;
    class QComboBox* m_labelBy = nullptr;
    class QAction* m_connectRows = nullptr;
};
