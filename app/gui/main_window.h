#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/io/loader.h"

#include <QMainWindow>
#include <QString>
#include <memory>
#include <vector>

class DatasetLoader;
class ExportActions;
class InspectorPanel;
class SessionController;
class ProjectionController;
class ProjectionPanel;
class ViewControls;
namespace vecspace {
class SimilarityIndex;
}
class ColorController;
class ColorPanel;
class LabelListModel;
class SearchPanel;
class PointView;
struct PcaLayout;
template <typename T> class QFutureWatcher;
class QDockWidget;
class QLabel;
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
    LabelListModel* labelModel() const; // the Search dock's list
    SearchPanel* searchPanel() const { return m_searchPanel; }
    ColorPanel* colorPanel() const { return m_colorPanel; }
    ColorController* colorController() const { return m_colorController; }
    // Colours the points by "single", "cluster" (k-means with the Colour dock's K), "density"
    // (clusters of the layout shown) or a metadata column ("column:NAME" for a column named like
    // a keyword); false with a message listing the choices when the spec names nothing known.
    bool setColorBy(const QString& spec, QString* error = nullptr);
    QString colorBy() const;
    // A clustering runs or the colours wait for the layout; coloringReady() follows.
    bool isColoringPending() const;
    PointView* pointView() const { return m_view; }
    ViewControls* viewControls() const { return m_viewControls; }
    // The loaded set's nearest-neighbour index, built on a worker after each load; null until
    // similarityIndexReady().
    std::shared_ptr<const vecspace::SimilarityIndex> similarityIndex() const {
        return m_similarityIndex;
    }
    // Selects the row, shows it in the Inspector (its neighbours labelled) and flies to it.
    void showRow(long row);
    bool isLoading() const;

    // For unattended runs: failures raise no dialog and nothing is written to the settings.
    void setScreenshotMode(bool on) { m_screenshotMode = on; }
    bool isScreenshotMode() const { return m_screenshotMode; }

    // How the current set was opened: its file and the options given to the loader.
    QString dataPath() const { return m_dataPath; }
    vecspace::LoadOptions dataOptions() const { return m_dataOptions; }
    // A set loaded elsewhere (a session) becomes the current one, as after File > Open; with a
    // layout the view shows it at once instead of computing the first principal components.
    struct LoadedDataset {
        std::shared_ptr<const vecspace::EmbeddingSet> set;
        QString path;
        vecspace::LoadOptions options;
        double seconds = 0.0;
        std::vector<float> layout; // rows x 3; empty: the first three principal components
        int layoutDims = 3;        // 2: the layout is flat (a 2D run)
    };
    void showDataset(LoadedDataset loaded);
    ProjectionPanel* projectionPanel() const { return m_projectionPanel; }
    SessionController* sessions() const { return m_sessions; }
    ExportActions* exporter() const { return m_exporter; }
    // Left to the caller so that tests and screenshots do not depend on the user's settings.
    void restoreSettings();

signals:
    void datasetLoaded();
    // The point view shows the loaded set's layout (or, if it could not be computed, nothing).
    void layoutReady();
    void loadFailed(QString message);
    void similarityIndexReady();
    // The colouring asked for (setColorBy, the Colour dock) is on screen.
    void coloringReady();
    // Its clustering failed or was cancelled (the previous colouring stays).
    void coloringFailed(QString message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createCentre();
    // main_window_color_search.cpp: the Search and Colour docks and the view's highlights.
    void createSearchDock();
    void createColorDock();
    // main_window_docks.cpp: the Projection and Inspector docks and their wiring.
    void createExplorerDocks();
    void setExplorerDataset();
    void startLayout();
    void onLayoutFinished();
    void showLayout(PcaLayout layout, int dims);
    void applyHighlights();
    void updateViewHighlights();
    // main_window_data_dock.cpp: the Data dock.
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
    static QString formatSeconds(double seconds);
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();

    DatasetLoader* m_loader = nullptr;
    std::shared_ptr<const vecspace::EmbeddingSet> m_dataset;
    QString m_loadingPath;
    vecspace::LoadOptions m_loadingOptions;
    QString m_dataPath;
    vecspace::LoadOptions m_dataOptions;
    SessionController* m_sessions = nullptr;
    ExportActions* m_exporter = nullptr;
    bool m_screenshotMode = false;

    PointView* m_view = nullptr;
    ViewControls* m_viewControls = nullptr;
    std::shared_ptr<const vecspace::SimilarityIndex> m_similarityIndex;
    ProjectionPanel* m_projectionPanel = nullptr;
    ProjectionController* m_projection = nullptr;
    InspectorPanel* m_inspector = nullptr;
    QFutureWatcher<PcaLayout>* m_layoutWatcher = nullptr;
    std::vector<int> m_searchLabelRows; // search matches the view labels

    QDockWidget* m_searchDock = nullptr;
    SearchPanel* m_searchPanel = nullptr;
    ColorPanel* m_colorPanel = nullptr;
    ColorController* m_colorController = nullptr;
    std::vector<int> m_legendRows; // the rows of the legend entry clicked

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
