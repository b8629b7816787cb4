// The Colour dock as a user drives it: a metadata column's legend counts what the metadata file
// holds and every point has its entry's colour, or the gradient's on request; a legend click
// highlights exactly that entry's rows; an unknown column's error lists the columns; the greys
// follow the theme; --color-by on the command line. Clusters are in test_color_clusters.cpp.
#include "color_controller.h"
#include "color_panel.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "point_view.h"
#include "test_support.h"

#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <map>

using namespace docktest;

namespace {

QColor swatch(const QTreeWidgetItem* item) {
    return item->data(0, Qt::DecorationRole).value<QColor>();
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
    const vecspace::ColorLegend& legend = window.activeDocument()->colors().legend;
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
    const testsupport::CliRun app = testsupport::runGui(
        {digitsPath(), "--color-by", spec, "--screenshot", png, "--size", "640x480"});
    const QString err = QString::fromUtf8(app.err);
    QCOMPARE(app.exitCode, exitCode);
    QVERIFY2(err.contains(stderrHas), qPrintable(err));
    QCOMPARE(QFile::exists(png), exitCode == 0);
}

QTEST_MAIN(TestColorDock)
#include "test_color_dock.moc"
