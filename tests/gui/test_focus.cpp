// Exploring by hand (issue 13): the selection's neighbours lit, ringed, joined and labelled in
// the view; one rule for every highlight; the Inspector never stale; the point's context menu;
// label-by a column; every dock in View > Panels. Neighbours are checked against the core's
// index built here, labels against the data files read without Vecspace code.
#include "analogy_panel.h"
#include "color_panel.h"
#include "dataset.h"
#include "dock_test_support.h"
#include "export_actions.h"
#include "focus_rules.h"
#include "inspector_panel.h"
#include "label_list_model.h"
#include "main_window.h"
#include "neighborhood_controller.h"
#include "point_view.h"
#include "search_panel.h"
#include "test_support.h"
#include "vecspace/semantic/similarity_index.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QtTest>
#include <algorithm>
#include <set>

using docktest::kWaitMs;

namespace {

const char* const kGlove = "glove.6B.100d.top2717.txt";

// The union of the core's k nearest neighbours of `rows`, the rows themselves left out.
std::vector<int> coreNeighbors(const vecspace::EmbeddingSet& set, const std::vector<int>& rows,
                               int k) {
    const vecspace::SimilarityIndex index(set);
    vecspace::NeighborOptions options;
    options.k = std::size_t(k);
    std::set<int> out;
    for (int row : rows)
        for (const vecspace::Neighbor& n : index.nearestToRow(std::size_t(row), options))
            out.insert(int(n.row));
    for (int row : rows)
        out.erase(row);
    return {out.begin(), out.end()};
}

std::vector<int> rowsWith(const PointView* view, bool (PointView::*has)(int) const) {
    std::vector<int> rows;
    for (int row = 0; row < view->pointCount(); ++row)
        if ((view->*has)(row)) rows.push_back(row);
    return rows;
}

// Until the view shows the neighbourhood of the document's selection.
bool waitForNeighbors(MainWindow& window) {
    Dataset* document = window.activeDocument();
    NeighborhoodController* neighborhood = window.parts().neighborhood;
    return QTest::qWaitFor(
        [&] {
            const auto& centers = document->neighborhood().centers;
            return !neighborhood->isPending() && document->similarityIndex() &&
                   std::equal(centers.begin(), centers.end(), document->selection().begin());
        },
        kWaitMs);
}

QPoint screenPos(const PointView* view, int row) {
    const float* xyz = &view->positions()[std::size_t(row) * 3];
    QPointF at;
    float depth = 0;
    view->projection().toScreen(xyz, &at, &depth);
    return at.toPoint();
}

QMenu* pointMenu(MainWindow& window) {
    QMenu* menu = nullptr;
    const bool shown = QTest::qWaitFor(
        [&] {
            menu = window.findChild<QMenu*>("pointMenu");
            return menu && menu->isVisible();
        },
        5000);
    return shown ? menu : nullptr;
}

QAction* menuAction(QMenu* menu, const char* name) {
    return menu ? menu->findChild<QAction*>(QLatin1String(name)) : nullptr;
}

} // namespace

class TestFocus : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void focusRules_data();
    void focusRules();
    void selectionLightsCoreNeighbours_data();
    void selectionLightsCoreNeighbours();
    void escapeClearsInspector();
    void contextMenuActions();
    void labelByColumn();
    void searchKeepsLegendHighlight();
    void panelsListEveryDock();
};

void TestFocus::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
}

// The rule by hand: every source adds to the lit set, the selection and its neighbours are
// labelled first whatever the clutter, the first rows of the file only when nothing is lit.
void TestFocus::focusRules_data() {
    QTest::addColumn<std::vector<int>>("selection");
    QTest::addColumn<std::vector<int>>("neighbors");
    QTest::addColumn<bool>("searching");
    QTest::addColumn<std::vector<int>>("matches");
    QTest::addColumn<std::vector<int>>("legend");
    QTest::addColumn<std::vector<int>>("lit");
    QTest::addColumn<std::vector<int>>("focusLabels");
    QTest::addColumn<std::vector<int>>("labeled");
    using V = std::vector<int>;
    QTest::newRow("nothing") << V{} << V{} << false << V{} << V{} << V{} << V{} << V{0, 1, 2, 3};
    QTest::newRow("selection and neighbours")
        << V{5} << V{2, 7} << false << V{} << V{} << V{2, 5, 7} << V{5, 2, 7} << V{};
    QTest::newRow("search and legend both lit")
        << V{} << V{} << true << V{9, 3} << V{1, 3} << V{1, 3, 9} << V{} << V{9, 3, 1, 3};
    QTest::newRow("empty search lights nothing but dims nothing either")
        << V{} << V{} << true << V{} << V{} << V{} << V{} << V{0, 1, 2, 3};
    QTest::newRow("all at once") << V{4} << V{6} << true << V{8} << V{0} << V{0, 4, 6, 8} << V{4, 6}
                                 << V{8, 0};
    QTest::newRow("stale matches ignored without a search")
        << V{} << V{} << false << V{8} << V{} << V{} << V{} << V{0, 1, 2, 3};
}

void TestFocus::focusRules() {
    QFETCH(std::vector<int>, selection);
    QFETCH(std::vector<int>, neighbors);
    QFETCH(bool, searching);
    QFETCH(std::vector<int>, matches);
    QFETCH(std::vector<int>, legend);
    FocusInputs inputs;
    inputs.rows = 10;
    inputs.selection = selection;
    inputs.neighbors = neighbors;
    inputs.searching = searching;
    inputs.searchMatches = matches;
    inputs.legendRows = legend;
    inputs.legendName = "noun";
    FocusLimits limits;
    limits.overviewLabels = 4;
    const Focus focus = composeFocus(inputs, limits);
    QTEST(focus.lit, "lit");
    QTEST(focus.focusLabels, "focusLabels");
    QTEST(focus.labeled, "labeled");
    QCOMPARE(focus.summary.isEmpty(), focus.lit.empty() && !searching);
    if (!legend.empty()) QVERIFY(focus.summary.contains("noun"));
}

// One and several selected rows, k from the toolbar: exactly the core's neighbours are ringed,
// the selection and they are lit and labelled, every other point dimmed, one line per pair.
void TestFocus::selectionLightsCoreNeighbours_data() {
    QTest::addColumn<std::vector<int>>("selection");
    QTest::addColumn<int>("k");
    QTest::newRow("one row, k 10") << std::vector<int>{1035} << 10;
    QTest::newRow("one row, k 1") << std::vector<int>{7} << 1;
    QTest::newRow("three rows, k 25") << std::vector<int>{40, 41, 900} << 25;
}

void TestFocus::selectionLightsCoreNeighbours() {
    QFETCH(std::vector<int>, selection);
    QFETCH(int, k);
    MainWindow window;
    QVERIFY(docktest::load(window, testsupport::data(kGlove)));
    auto* kSpin = window.findChild<QSpinBox*>("neighborsKSpin");
    QVERIFY(kSpin);
    kSpin->setValue(k);
    QCOMPARE(window.inspector()->k(), k); // one k for the Inspector and the view
    Dataset* document = window.activeDocument();
    document->setSelection(selection);
    QVERIFY(waitForNeighbors(window));

    PointView* view = window.pointView();
    const std::vector<int> expected = coreNeighbors(*window.dataset(), selection, k);
    QCOMPARE(rowsWith(view, &PointView::isNeighbor), expected);
    std::vector<int> lit = expected;
    lit.insert(lit.end(), selection.begin(), selection.end());
    std::sort(lit.begin(), lit.end());
    QCOMPARE(rowsWith(view, &PointView::isHighlighted), lit);
    QVERIFY(view->dimsOthers());
    std::vector<int> labelled = view->focusLabels();
    std::sort(labelled.begin(), labelled.end());
    QCOMPARE(labelled, lit);
    const auto& sets = view->lineLayer().sets();
    const auto lines = std::find_if(sets.begin(), sets.end(), [](const LineSet& set) {
        return set.name == NeighborhoodController::kLineSet;
    });
    QVERIFY(lines != sets.end());
    QCOMPARE(lines->segments.size(), selection.size() * std::size_t(k));
    // The Inspector shows a selected row (the first) and the same neighbours.
    QCOMPARE(window.inspector()->row(), long(selection.front()));

    // F frames them: every lit point on screen once the camera has arrived.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_F);
    QVERIFY(QTest::qWaitFor([&] { return !view->isAnimating(); }, kWaitMs));
    const QRect screen = view->rect();
    for (int row : lit)
        QVERIFY2(screen.contains(screenPos(view, row)), qPrintable(QString::number(row)));

    // Turned off: the selection stays lit alone.
    window.findChild<QAction*>("neighborsAction")->setChecked(false);
    QVERIFY(rowsWith(view, &PointView::isNeighbor).empty());
    QCOMPARE(rowsWith(view, &PointView::isHighlighted), document->selection());
}

// A click brings the Inspector forward; Escape in the view clears the selection, the Inspector
// and what needs a selection (Export > Selection).
void TestFocus::escapeClearsInspector() {
    MainWindow window;
    QVERIFY(docktest::load(window, testsupport::data(kGlove)));
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PointView* view = window.pointView();
    auto* inspectorDock = window.findChild<QDockWidget*>("inspectorDock");
    window.findChild<QDockWidget*>("dataDock")->raise();
    QVERIFY(inspectorDock->visibleRegion().isEmpty()); // behind the Data tab
    const int row = 1035;
    view->frameNeighborhood(row);
    QVERIFY(QTest::qWaitFor([&] { return !view->isAnimating(); }, kWaitMs));
    QTest::mouseClick(view, Qt::LeftButton, {}, screenPos(view, row));
    QTRY_COMPARE_WITH_TIMEOUT(view->selection().size(), std::size_t(1), kWaitMs);
    const int clicked = view->selection().front();
    QCOMPARE(window.inspector()->row(), long(clicked));
    QTRY_VERIFY(!inspectorDock->visibleRegion().isEmpty());

    QMenu* exportMenu = window.exporter()->menu();
    const auto selectionAction = [exportMenu] {
        emit exportMenu->aboutToShow();
        for (QAction* action : exportMenu->actions())
            if (action->text().contains("Selection")) return action->isEnabled();
        return false;
    };
    QVERIFY(selectionAction());
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Escape);
    QVERIFY(view->selection().empty());
    QCOMPARE(window.inspector()->row(), -1L);
    QVERIFY(window.inspector()->neighbors().empty());
    QCOMPARE(window.findChild<QLabel*>("inspectorLabel")->text(), QString("Nothing selected"));
    QVERIFY(!selectionAction());
    QVERIFY(rowsWith(view, &PointView::isNeighbor).empty());
    QVERIFY(!view->dimsOthers());
}

// Right click on a point: its menu, each entry doing what it says.
void TestFocus::contextMenuActions() {
    MainWindow window;
    QVERIFY(docktest::load(window, testsupport::data(kGlove)));
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PointView* view = window.pointView();
    Dataset* document = window.activeDocument();
    const int row = int(testsupport::rowOf(*window.dataset(), "paris"));
    view->frameNeighborhood(row);
    QVERIFY(QTest::qWaitFor([&] { return !view->isAnimating(); }, kWaitMs));
    const QPoint at = screenPos(view, row);
    const int picked = view->pickAt(at);
    QVERIFY(picked >= 0);
    const QString word = QString::fromStdString(window.dataset()->labels[std::size_t(picked)]);

    const auto openMenu = [&] {
        QTest::mouseClick(view, Qt::RightButton, {}, at);
        return pointMenu(window);
    };
    QMenu* menu = openMenu();
    QVERIFY(menu);
    QVERIFY(view->selection().empty()); // a right click no longer selects by itself
    menuAction(menu, "pointSelect")->trigger();
    QCOMPARE(view->selection(), std::vector<int>{picked});
    menu->close();

    menu = openMenu();
    menuAction(menu, "pointCopy")->trigger();
    QCOMPARE(QApplication::clipboard()->text(), word);
    menuAction(menu, "pointSearch")->trigger();
    QCOMPARE(window.findChild<QLineEdit*>("searchEdit")->text(), word);
    menuAction(menu, "pointAsB")->trigger();
    QCOMPARE(window.findChild<QLineEdit*>("analogyB")->text(), word);
    menuAction(menu, "pointIsolate")->trigger();
    const int k = window.inspector()->k();
    QTRY_COMPARE_WITH_TIMEOUT(document->hidden().size(), document->rows() - std::size_t(k) - 1,
                              kWaitMs);
    std::vector<int> shown{picked};
    const auto neighbors = coreNeighbors(*window.dataset(), {picked}, k);
    shown.insert(shown.end(), neighbors.begin(), neighbors.end());
    for (int r : shown)
        QVERIFY(!std::binary_search(document->hidden().begin(), document->hidden().end(), r));
    menu->close();

    // Empty space: only Show All Points, which ends the isolate.
    QTest::mouseClick(view, Qt::RightButton, {}, QPoint(2, 2));
    menu = pointMenu(window);
    QVERIFY(menu);
    QVERIFY(!menuAction(menu, "pointSelect"));
    menuAction(menu, "pointShowAll")->trigger();
    QVERIFY(document->hidden().empty());
    menu->close();
}

// Label by the digits' metadata column: the view and the Inspector show the column's value,
// read from the metadata file here.
void TestFocus::labelByColumn() {
    const docktest::DigitsMetadata digits = docktest::readDigitsMetadata();
    MainWindow window;
    QVERIFY(docktest::load(window, docktest::digitsPath()));
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* combo = window.findChild<QComboBox*>("labelByCombo");
    QVERIFY(combo);
    QCOMPARE(combo->count(), digits.header.size() + 1); // "Label", then every column
    const int index = combo->findText("digit");
    QVERIFY(index > 0);
    combo->setCurrentIndex(index);
    emit combo->activated(index);
    QCOMPARE(window.activeDocument()->labelColumn(), QString("digit"));

    const int row = 123;
    PointView* view = window.pointView();
    window.activeDocument()->setSelection({row});
    QVERIFY(waitForNeighbors(window));
    window.activeDocument()->setInspectedRow(row);
    view->repaint();
    QTRY_COMPARE(view->shownLabelText(row), digits.digits[row]);
    QVERIFY(window.findChild<QLabel*>("inspectorLabel")->text().contains(digits.labels[row]));
    QVERIFY(window.findChild<QLabel*>("inspectorLabel")->text().contains(digits.digits[row]));
    // The Search list too: the column's value, then the label.
    const QModelIndex listed = window.labelModel()->index(row, 0);
    QCOMPARE(listed.data().toString(), digits.digits[row] + " · " + digits.labels[row]);

    combo->setCurrentIndex(0);
    emit combo->activated(0);
    view->repaint();
    QTRY_COMPARE(view->shownLabelText(row), digits.labels[row]);
    QCOMPARE(window.labelModel()->index(row, 0).data().toString(), digits.labels[row]);
}

// Typing in Search keeps the legend entry's highlight: both are lit, and the status bar says so.
void TestFocus::searchKeepsLegendHighlight() {
    const docktest::DigitsMetadata digits = docktest::readDigitsMetadata();
    MainWindow window;
    QVERIFY(docktest::load(window, docktest::digitsPath()));
    QVERIFY(window.setColorBy("digit"));
    QVERIFY(docktest::waitForColoring(window));
    window.findChild<QDockWidget*>("colorDock")->raise();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTreeWidget* legend = docktest::legendOf(window);
    QTreeWidgetItem* three = legend->findItems("3", Qt::MatchExactly, 0).value(0);
    QVERIFY(three);
    legend->scrollToItem(three);
    QTest::mouseClick(legend->viewport(), Qt::LeftButton, {},
                      legend->visualItemRect(three).center());
    std::set<int> expected;
    for (int row = 0; row < digits.digits.size(); ++row)
        if (digits.digits[row] == "3") expected.insert(row);
    const std::size_t legendRows = expected.size();
    window.searchPanel()->setQuery("_7"); // labels such as 17_7: digit 7
    QTRY_VERIFY_WITH_TIMEOUT(
        window.searchPanel()->isActive() && !window.searchPanel()->matches().empty(), kWaitMs);
    for (int row = 0; row < digits.labels.size(); ++row)
        if (digits.labels[row].contains("_7")) expected.insert(row);
    QVERIFY(expected.size() > legendRows);
    const std::vector<int> lit = docktest::highlightedRows(window.pointView());
    QCOMPARE(lit, std::vector<int>(expected.begin(), expected.end()));
    QCOMPARE(window.colorPanel()->highlightedEntry(), legend->indexOfTopLevelItem(three));
    const QString status = window.findChild<QLabel*>("focusStatus")->text();
    QVERIFY2(status.contains("search") && status.contains("“3”"), qPrintable(status));
}

// View > Panels lists every dock; a closed one comes back from there, and Reset Window Layout
// brings back all of them.
void TestFocus::panelsListEveryDock() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* panels = window.findChild<QMenu*>("panelsMenu");
    QVERIFY(panels);
    emit panels->aboutToShow();
    QStringList listed;
    for (QAction* action : panels->actions())
        listed << action->text().remove('&');
    const QList<QDockWidget*> docks = window.findChildren<QDockWidget*>();
    QCOMPARE(listed.size(), docks.size());
    for (const char* title :
         {"Data", "Projection", "Inspector", "Colour", "Search", "Analogy", "Compare"})
        QVERIFY2(listed.contains(title), qPrintable(listed.join(", ")));
    auto* colour = window.findChild<QDockWidget*>("colorDock");
    auto* search = window.findChild<QDockWidget*>("searchDock");
    colour->close();
    search->close();
    QVERIFY(!colour->isVisible());
    for (QAction* action : panels->actions())
        if (action->text().remove('&') == "Colour") action->trigger();
    QVERIFY(colour->isVisible());
    QVERIFY(!search->isVisible());
    window.findChild<QAction*>("resetWindowLayoutAction")->trigger();
    QVERIFY(search->isVisible());
}

QTEST_MAIN(TestFocus)
#include "test_focus.moc"
