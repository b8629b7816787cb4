// The Colour dock's clusters as a user asks for them: k-means and density clusters run off the
// GUI thread and equal the core's run here on the same vectors or the layout the view shows;
// cancel and a new data set drop a result. The rest of the dock is in test_color_dock.cpp.
#include "color_controller.h"
#include "color_panel.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "vecspace/cluster/density_clustering.h"
#include "vecspace/cluster/kmeans.h"

#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QtTest>
#include <algorithm>
#include <map>

using namespace docktest;

class TestColorClusters : public QObject {
    Q_OBJECT

public:
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void kMeansOffThread_data();
    void kMeansOffThread();
    void densityClustersOfLayout_data();
    void densityClustersOfLayout();
    void cancelKeepsColouring();
    void newDatasetDropsOldResult();
};

void TestColorClusters::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
}

void TestColorClusters::kMeansOffThread_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("seed");
    QTest::newRow("k=3") << 3 << 0;
    QTest::newRow("k=10") << 10 << 0;
    QTest::newRow("k=25 seed 7") << 25 << 7;
}

void TestColorClusters::kMeansOffThread() {
    QFETCH(int, k);
    QFETCH(int, seed);
    MainWindow window;
    QVERIFY(load(window, {}));
    window.colorPanel()->setK(k);
    window.findChild<QSpinBox*>("colorSeed")->setValue(seed);
    QSignalSpy ready(&window, &MainWindow::coloringReady);
    QVERIFY(window.setColorBy("cluster"));
    // Returned before the clustering ran: it runs on a worker, progress in the status bar.
    QVERIFY(window.isColoringPending());
    QVERIFY(window.colorController()->isRunning());
    QVERIFY(!window.findChild<QProgressBar*>("taskProgress")->isHidden());
    QVERIFY(ready.wait(kWaitMs));
    QVERIFY(window.findChild<QProgressBar*>("taskProgress")->isHidden());
    QCOMPARE(window.colorBy(), QString("cluster"));

    vecspace::KMeansOptions options; // the core, run here on the same vectors
    options.k = std::size_t(k);
    options.seed = std::uint64_t(seed);
    const vecspace::KMeansResult expected = vecspace::kMeans(*window.dataset(), options);

    QTreeWidget* legend = legendOf(window);
    QCOMPARE(legend->topLevelItemCount(), k);
    std::vector<std::size_t> counts;
    std::size_t total = 0;
    for (int i = 0; i < k; ++i) {
        counts.push_back(legend->topLevelItem(i)->data(1, Qt::UserRole).toULongLong());
        total += counts.back();
    }
    QCOMPARE(total, std::size_t(20000));
    std::vector<std::size_t> sizes = expected.sizes;
    std::sort(sizes.begin(), sizes.end());
    std::sort(counts.begin(), counts.end());
    QCOMPARE(counts, sizes);
    // The view's colours partition the rows as the core's clusters do.
    std::map<std::uint32_t, QRgb> colorOfCluster;
    std::map<QRgb, std::uint32_t> clusterOfColor;
    for (int row = 0; row < 20000; ++row) {
        const std::uint32_t c = expected.assignment[std::size_t(row)];
        const QRgb rgb = viewColor(window.pointView(), row).rgb();
        QCOMPARE(colorOfCluster.emplace(c, rgb).first->second, rgb);
        QCOMPARE(clusterOfColor.emplace(rgb, c).first->second, c);
    }
}

void TestColorClusters::densityClustersOfLayout_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("minClusterSize"); // 0: the panel's default
    QTest::newRow("3D overview, default size") << 3 << 0;
    QTest::newRow("3D overview, 20") << 3 << 20;
    QTest::newRow("2D PCA, 10") << 2 << 10;
}

void TestColorClusters::densityClustersOfLayout() {
    QFETCH(int, dims);
    QFETCH(int, minClusterSize);
    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    auto* sizeBox = window.findChild<QSpinBox*>("colorMinClusterSize");
    QCOMPARE(sizeBox->value(), std::max(5, 1797 / 1000));
    if (minClusterSize > 0) sizeBox->setValue(minClusterSize);
    if (dims == 2) {
        vecspace::ProjectionOptions options = window.projection()->options();
        options.method = vecspace::ProjectionMethod::Pca;
        options.dimensions = 2;
        QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
        window.projection()->runWith(options);
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(window.pointView()->is2DMode());
    }
    QVERIFY(window.setColorBy("density"));
    QVERIFY(waitForColoring(window));

    // HDBSCAN run here on the positions the view shows.
    const std::vector<float>& xyz = window.pointView()->positions();
    vecspace::RowMatrix layout(1797, dims);
    for (int row = 0; row < 1797; ++row)
        for (int d = 0; d < dims; ++d)
            layout(row, d) = xyz[std::size_t(3 * row + d)];
    vecspace::HdbscanOptions options;
    options.minClusterSize = std::size_t(sizeBox->value());
    const vecspace::DensityClusters expected = vecspace::hdbscan(layout, options);
    QVERIFY(expected.count() > 1);

    QTreeWidget* legend = legendOf(window);
    std::vector<std::size_t> clusterSizes;
    std::size_t noise = 0;
    for (int i = 0; i < legend->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = legend->topLevelItem(i);
        const std::size_t count = item->data(1, Qt::UserRole).toULongLong();
        if (item->text(0) == "noise")
            noise = count;
        else
            clusterSizes.push_back(count);
    }
    std::vector<std::size_t> sizes = expected.sizes;
    std::sort(sizes.begin(), sizes.end());
    std::sort(clusterSizes.begin(), clusterSizes.end());
    QCOMPARE(clusterSizes, sizes);
    QCOMPARE(noise, expected.noise());
}

void TestColorClusters::cancelKeepsColouring() {
    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    QVERIFY(window.setColorBy("digit"));
    const std::vector<std::uint8_t> before = window.pointView()->colors();
    QSignalSpy failed(&window, &MainWindow::coloringFailed);
    QSignalSpy ready(&window, &MainWindow::coloringReady);
    QVERIFY(window.setColorBy("cluster"));
    auto* cancel = window.findChild<QPushButton*>("taskCancel");
    QVERIFY(!cancel->isHidden());
    cancel->click();
    QCOMPARE(failed.size(), 1);
    QVERIFY(!window.isColoringPending());
    QVERIFY(cancel->isHidden());
    QCOMPARE(window.colorBy(), QString("digit"));
    QTest::qWait(500); // an abandoned result must not arrive later
    QCOMPARE(ready.size(), 0);
    QCOMPARE(window.pointView()->colors(), before);
    QCOMPARE(legendOf(window)->topLevelItemCount(), 10);
}

// Clusters asked for on one set, then another set loaded before they arrive: only the new set's
// clusters are shown.
void TestColorClusters::newDatasetDropsOldResult() {
    MainWindow window;
    QVERIFY(load(window, {}));
    QVERIFY(window.setColorBy("cluster"));
    QVERIFY(window.colorController()->isRunning());
    QTreeWidget* legend = legendOf(window);
    // Every colouring shown covers the set shown, never the one before it.
    std::vector<std::pair<std::size_t, std::size_t>> shown; // (legend total, rows)
    connect(&window, &MainWindow::coloringReady, this, [&] {
        std::size_t total = 0;
        for (int i = 0; i < legend->topLevelItemCount(); ++i)
            total += legend->topLevelItem(i)->data(1, Qt::UserRole).toULongLong();
        shown.emplace_back(total, window.dataset()->rows());
    });
    QVERIFY(load(window, digitsPath()));
    QVERIFY(waitForColoring(window));
    QCOMPARE(window.colorBy(), QString("cluster"));
    QVERIFY(!shown.empty());
    for (const auto& [total, rows] : shown)
        QCOMPARE(total, rows);
    std::size_t total = 0;
    QCOMPARE(legend->topLevelItemCount(), window.colorPanel()->k());
    for (int i = 0; i < legend->topLevelItemCount(); ++i)
        total += legend->topLevelItem(i)->data(1, Qt::UserRole).toULongLong();
    QCOMPARE(total, std::size_t(1797));
    QCOMPARE(window.pointView()->colors().size(), std::size_t(3 * 1797));
}

QTEST_MAIN(TestColorClusters)
#include "test_color_clusters.moc"
