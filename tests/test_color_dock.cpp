// The Colour dock as a user drives it: a metadata column's legend counts what the metadata file
// holds and every point has its entry's colour; a legend click highlights exactly that entry's
// rows; k-means and density clusters run off the GUI thread and equal the core's run here on the
// same vectors or the layout the view shows; cancel and a new data set drop a result; the greys
// follow the theme; --color-by on the command line.
#include "color_controller.h"
#include "color_panel.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "vecspace/density_clustering.h"
#include "vecspace/kmeans.h"

#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <algorithm>
#include <map>

using namespace docktest;

namespace {

QTreeWidget* legendOf(MainWindow& window) {
    return window.findChild<QTreeWidget*>("colorLegend");
}

QColor swatch(const QTreeWidgetItem* item) {
    return item->data(0, Qt::DecorationRole).value<QColor>();
}

QColor viewColor(const PointView* view, int row) {
    const std::vector<std::uint8_t>& rgb = view->colors();
    return QColor(rgb[3 * std::size_t(row)], rgb[3 * std::size_t(row) + 1],
                  rgb[3 * std::size_t(row) + 2]);
}

bool waitForColoring(MainWindow& window) {
    if (!window.isColoringPending()) return true;
    QSignalSpy ready(&window, &MainWindow::coloringReady);
    return ready.wait(kWaitMs);
}

void clickItem(QTreeWidget* tree, QTreeWidgetItem* item) {
    tree->scrollToItem(item);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(item).center());
}

} // namespace

class TestColorDock : public QObject {
    Q_OBJECT

public:
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void columnLegendMatchesMetadata();
    void gradientOnRequest();
    void legendClickHighlights();
    void kMeansOffThread_data();
    void kMeansOffThread();
    void densityClustersOfLayout_data();
    void densityClustersOfLayout();
    void cancelKeepsColouring();
    void newDatasetDropsOldResult();
    void unknownColumnListsColumns();
    void coloursFollowTheme();
    void colorByFlag_data();
    void colorByFlag();

private:
    DigitsMetadata m_digits;
};

void TestColorDock::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    m_digits = readDigitsMetadata();
    QCOMPARE(m_digits.digits.size(), 1797);
    QCOMPARE(m_digits.header, QStringList({"label", "digit"}));
}

void TestColorDock::columnLegendMatchesMetadata() {
    std::map<QString, int> counts; // from the metadata file
    for (const QString& digit : m_digits.digits)
        ++counts[digit];
    QCOMPARE(counts.size(), std::size_t(10));

    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    QString error;
    QVERIFY2(window.setColorBy("digit", &error), qPrintable(error));
    QVERIFY(waitForColoring(window));
    QCOMPARE(window.colorBy(), QString("digit"));

    QTreeWidget* legend = legendOf(window);
    QCOMPARE(legend->topLevelItemCount(), 10);
    std::map<QString, QColor> colorOf;
    for (int i = 0; i < legend->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = legend->topLevelItem(i);
        QVERIFY2(counts.count(item->text(0)), qPrintable(item->text(0)));
        QCOMPARE(item->data(1, Qt::UserRole).toInt(), counts[item->text(0)]);
        colorOf[item->text(0)] = swatch(item);
    }
    const PointView* view = window.pointView();
    QCOMPARE(view->colors().size(), std::size_t(3 * 1797));
    for (int row = 0; row < 1797; ++row)
        QCOMPARE(viewColor(view, row), colorOf[m_digits.digits[row]]);
}

// Forced to a gradient, the digits run from viridis' first colour (#440154, digit 0) to its last
// (#fde725, digit 9), the published ends of the map.
void TestColorDock::gradientOnRequest() {
    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    QVERIFY(window.setColorBy("digit"));
    auto* values = window.findChild<QComboBox*>("colorValues");
    values->setCurrentIndex(values->findData(int(ColorChoice::Values::Gradient)));
    QVERIFY(waitForColoring(window));
    QCOMPARE(window.colorPanel()->choice().values, ColorChoice::Values::Gradient);
    const vecspace::ColorLegend& legend = window.colorController()->colors().legend;
    QCOMPARE(legend.kind, vecspace::ColorLegend::Kind::Gradient);
    QCOMPARE(legend.min, 0.0);
    QCOMPARE(legend.max, 9.0);
    QVERIFY(!window.findChild<QWidget*>("colorBar")->isHidden());
    for (int row = 0; row < 1797; ++row) {
        if (m_digits.digits[row] == "0")
            QCOMPARE(viewColor(window.pointView(), row), QColor(0x44, 0x01, 0x54));
        if (m_digits.digits[row] == "9")
            QCOMPARE(viewColor(window.pointView(), row), QColor(0xfd, 0xe7, 0x25));
    }
}

void TestColorDock::legendClickHighlights() {
    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    QVERIFY(window.setColorBy("digit"));
    window.findChild<QDockWidget*>("colorDock")->raise();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTreeWidget* legend = legendOf(window);
    const auto rowsOf = [this](const QString& digit) {
        std::vector<int> rows;
        for (int row = 0; row < m_digits.digits.size(); ++row)
            if (m_digits.digits[row] == digit) rows.push_back(row);
        return rows;
    };
    const auto itemOf = [legend](const QString& name) {
        return legend->findItems(name, Qt::MatchExactly, 0).value(0);
    };
    QVERIFY(itemOf("3") && itemOf("7"));
    clickItem(legend, itemOf("3"));
    QCOMPARE(highlightedRows(window.pointView()), rowsOf("3"));
    clickItem(legend, itemOf("3")); // the second click clears
    QVERIFY(highlightedRows(window.pointView()).empty());
    clickItem(legend, itemOf("7"));
    QCOMPARE(highlightedRows(window.pointView()), rowsOf("7"));
    window.findChild<QPushButton*>("colorClearHighlight")->click();
    QVERIFY(highlightedRows(window.pointView()).empty());
}

void TestColorDock::kMeansOffThread_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("seed");
    QTest::newRow("k=3") << 3 << 0;
    QTest::newRow("k=10") << 10 << 0;
    QTest::newRow("k=25 seed 7") << 25 << 7;
}

void TestColorDock::kMeansOffThread() {
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
    QVERIFY(!window.findChild<QProgressBar*>("colorProgress")->isHidden());
    QVERIFY(ready.wait(kWaitMs));
    QVERIFY(window.findChild<QProgressBar*>("colorProgress")->isHidden());
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

void TestColorDock::densityClustersOfLayout_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("minClusterSize"); // 0: the panel's default
    QTest::newRow("3D overview, default size") << 3 << 0;
    QTest::newRow("3D overview, 20") << 3 << 20;
    QTest::newRow("2D PCA, 10") << 2 << 10;
}

void TestColorDock::densityClustersOfLayout() {
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

void TestColorDock::cancelKeepsColouring() {
    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    QVERIFY(window.setColorBy("digit"));
    const std::vector<std::uint8_t> before = window.pointView()->colors();
    QSignalSpy failed(&window, &MainWindow::coloringFailed);
    QSignalSpy ready(&window, &MainWindow::coloringReady);
    QVERIFY(window.setColorBy("cluster"));
    auto* cancel = window.findChild<QPushButton*>("colorCancel");
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
void TestColorDock::newDatasetDropsOldResult() {
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

void TestColorDock::unknownColumnListsColumns() {
    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    QVERIFY(window.setColorBy("digit"));
    QString error;
    QVERIFY(!window.setColorBy("digits", &error));
    for (const QString& column : m_digits.header)
        QVERIFY2(error.contains(column), qPrintable(error));
    QVERIFY2(error.contains("'digits'"), qPrintable(error));
    QCOMPARE(window.colorBy(), QString("digit")); // unchanged

    MainWindow demo;
    QVERIFY(load(demo, {}));
    QVERIFY(!demo.setColorBy("digit", &error));
    QVERIFY2(error.contains("no metadata columns"), qPrintable(error));
}

// The greys (noise here) follow the background: light on a light one, dark on a dark one.
void TestColorDock::coloursFollowTheme() {
    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    PointView* view = window.pointView();
    QTreeWidget* legend = legendOf(window);
    // A single colour is the view's own default point colour.
    QCOMPARE(window.colorBy(), QString("single"));
    view->setTheme(ViewTheme::light());
    QCOMPARE(swatch(legend->topLevelItem(0)), ViewTheme::light().defaultPoint);
    view->setTheme(ViewTheme::dark());
    QCOMPARE(swatch(legend->topLevelItem(0)), ViewTheme::dark().defaultPoint);

    window.findChild<QSpinBox*>("colorMinClusterSize")->setValue(20);
    QVERIFY(window.setColorBy("density"));
    QVERIFY(waitForColoring(window));
    for (const bool dark : {true, false, true}) {
        view->setTheme(dark ? ViewTheme::dark() : ViewTheme::light());
        const QList<QTreeWidgetItem*> noise = legend->findItems("noise", Qt::MatchExactly, 0);
        QCOMPARE(noise.size(), 1);
        const vecspace::Rgb8 grey =
            vecspace::themeGreys(dark ? vecspace::ColorTheme::Dark : vecspace::ColorTheme::Light)
                .noise;
        QCOMPARE(swatch(noise.front()), QColor(grey.r, grey.g, grey.b));
        const std::vector<int> rows =
            window.colorController()->entryRows(legend->indexOfTopLevelItem(noise.front()));
        QVERIFY(!rows.empty());
        for (int row : rows)
            QCOMPARE(viewColor(view, row), QColor(grey.r, grey.g, grey.b));
    }
}

void TestColorDock::colorByFlag_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("column") << "digit" << 0 << "";
    QTest::newRow("cluster") << "cluster" << 0 << "";
    QTest::newRow("unknown") << "colour" << 1 << "label, digit";
}

void TestColorDock::colorByFlag() {
    QFETCH(QString, spec);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    QTemporaryDir dir;
    const QString png = dir.path() + "/shot.png";
    QProcess app;
    app.start(QStringLiteral(VECSPACE_GUI_PATH),
              {digitsPath(), "--color-by", spec, "--screenshot", png, "--size", "640x480"});
    QVERIFY(app.waitForFinished(kWaitMs));
    const QString err = QString::fromUtf8(app.readAllStandardError());
    QCOMPARE(app.exitCode(), exitCode);
    QVERIFY2(err.contains(stderrHas), qPrintable(err));
    QCOMPARE(QFile::exists(png), exitCode == 0);
}

QTEST_MAIN(TestColorDock)
#include "test_color_dock.moc"
