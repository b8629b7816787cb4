#pragma once

#include "vecspace/embedding_set.h"
#include "vecspace/loader.h"

#include <QMainWindow>
#include <QString>
#include <memory>
#include <vector>

class DatasetLoader;
class InspectorPanel;
class ProjectionController;
class ProjectionPanel;
class LabelListModel;
class PointView;
struct PcaLayout;
template <typename T> class QFutureWatcher;
class QDockWidget;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QMenu;
class QProgressBar;
class QPushButton;

// The application window: the 3D point view in the centre (the first three principal
// components of the loaded set), the label search and information panels in docks around it.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    ProjectionController* projection() const { return m_projection; }
    InspectorPanel* inspector() const { return m_inspector; }
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openFile(const QString& path);
    void loadFile(const QString& path, const vecspace::LoadOptions& options);
    void openDemoSet();

    std::shared_ptr<const vecspace::EmbeddingSet> dataset() const { return m_dataset; }
    LabelListModel* labelModel() const { return m_labelModel; }
    PointView* pointView() const { return m_view; }
    bool isLoading() const;

    // For unattended runs: failures raise no dialog and nothing is written to the settings.
    void setScreenshotMode(bool on) { m_screenshotMode = on; }
    // Left to the caller so that tests and screenshots do not depend on the user's settings.
    void restoreSettings();

signals:
    void datasetLoaded();
    // The point view shows the loaded set's layout (or, if it could not be computed, nothing).
    void layoutReady();
    void loadFailed(QString message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createCentre();
    void createSearchDock();
    // main_window_docks.cpp: the Projection and Inspector docks and their wiring.
    void createExplorerDocks();
    void setExplorerDataset();
    void startLayout();
    void onLayoutFinished();
    void applySearchHighlight();
    void updateViewHighlights();
    void createDataDock();
    void createMenus();
    void createStatusBar();

    void showOpenDialog();
    void onLoaded(std::shared_ptr<const vecspace::EmbeddingSet> set, double seconds);
    void onFailed(const QString& message);
    void onCancelled();
    void reportError(const QString& summary, const QString& message);
    void setLoading(bool loading);
    void showDatasetInfo(double seconds);
    void updateMatchLabel();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();

    DatasetLoader* m_loader = nullptr;
    LabelListModel* m_labelModel = nullptr;
    std::shared_ptr<const vecspace::EmbeddingSet> m_dataset;
    QString m_loadingPath;
    bool m_screenshotMode = false;

    PointView* m_view = nullptr;
    ProjectionPanel* m_projectionPanel = nullptr;
    ProjectionController* m_projection = nullptr;
    InspectorPanel* m_inspector = nullptr;
    QFutureWatcher<PcaLayout>* m_layoutWatcher = nullptr;
    std::vector<int> m_searchLabelRows; // search matches the view labels

    QDockWidget* m_searchDock = nullptr;
    QLineEdit* m_searchEdit = nullptr;
    QListView* m_labelList = nullptr;
    QLabel* m_matchLabel = nullptr;

    QDockWidget* m_dataDock = nullptr;
    QLabel* m_fileValue = nullptr;
    QLabel* m_formatValue = nullptr;
    QLabel* m_rowsValue = nullptr;
    QLabel* m_dimsValue = nullptr;
    QLabel* m_loadTimeValue = nullptr;
    QLabel* m_metadataValue = nullptr;
    QLabel* m_warningsTitle = nullptr;
    QListWidget* m_warningList = nullptr;

    QMenu* m_recentMenu = nullptr;
    QProgressBar* m_loadProgress = nullptr;
    QPushButton* m_cancelButton = nullptr;
};
