// Comparing two files as a user does: File > Compare With… opens B beside A and the Compare dock
// shows numpy's counts and overlaps (tests/reference/make_compare_reference.py); selecting in
// one document selects the same word in the other (rows looked up in the files themselves);
// the second view follows the first's camera when linked; brushing the histogram selects
// exactly the labels numpy puts in that range; the joint view holds both sets and a line per
// label; colours are viridis of numpy's Jaccard; sessions keep the comparison; and the
// vecspace process takes --compare with --screenshot.
#include "compare_controller.h"
#include "compare_panel.h"
#include "dataset.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "overlap_histogram.h"
#include "point_view.h"
#include "reference_data.h"
#include "session_controller.h"
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "workspace.h"

#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QRadioButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace docktest;

namespace {

const char* const kA = "glove.6B.50d.top9163.txt";
const char* const kB = "glove.6B.100d.top2717.txt";

QJsonObject reference() {
    return testsupport::referenceJson("numpy_compare.json")["dims"].toObject();
}

std::vector<double> referenceJaccard() {
    std::vector<double> out;
    for (const QJsonValue& value : reference()["jaccard"].toArray())
        out.push_back(value.toDouble());
    return out;
}

std::vector<int> rowsIn(const vecspace::EmbeddingSet& set, const QStringList& labels) {
    std::vector<int> rows;
    for (const QString& label : labels)
        rows.push_back(int(testsupport::rowOf(set, label.toStdString())));
    std::sort(rows.begin(), rows.end());
    return rows;
}

// Linked cameras copy a pose through float arithmetic: equal up to rounding, not bit for bit.
bool closePose(const CameraPose& a, const CameraPose& b) {
    return qFuzzyCompare(a.distance, b.distance) && qFuzzyCompare(1 + a.yaw, 1 + b.yaw) &&
           qFuzzyCompare(1 + a.pitch, 1 + b.pitch) && (a.target - b.target).length() < 1e-5f;
}

} // namespace

class TestCompareDock : public QObject {
    Q_OBJECT

public:
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void countsMatchNumpy();
    void rankedListAndNeighbourChanges();
    void linkedSelectionAndHighlight();
    void secondViewFollowsTheCamera();
    void histogramBrushSelects();
    void colorsAreViridisOfJaccard();
    void jointViewAndLineFilter();
    void sessionKeepsTheComparison();
    void startupOptions_data();
    void startupOptions();

private:
    bool compareFiles();

    std::unique_ptr<MainWindow> m_window;
    vecspace::EmbeddingSet m_a;
    vecspace::EmbeddingSet m_b;
};

void TestCompareDock::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    m_a = vecspace::loadEmbeddings(testsupport::dataPath(kA));
    m_b = vecspace::loadEmbeddings(testsupport::dataPath(kB));
}

void TestCompareDock::init() {
    m_window = std::make_unique<MainWindow>();
    m_window->setScreenshotMode(true);
    m_window->resize(1400, 800);
    QVERIFY(load(*m_window, testsupport::data(kA)));
    QVERIFY(compareFiles());
}

void TestCompareDock::cleanup() {
    m_window.reset();
}

bool TestCompareDock::compareFiles() {
    QSignalSpy ready(m_window->compare(), &CompareController::ready);
    m_window->compareWith(testsupport::data(kB));
    return ready.wait(kWaitMs) && m_window->workspace()->count() == 2;
}

void TestCompareDock::countsMatchNumpy() {
    CompareController* compare = m_window->compare();
    QCOMPARE(compare->documentA(), m_window->workspace()->documents()[0]);
    QCOMPARE(compare->documentB(), m_window->workspace()->documents()[1]);
    QCOMPARE(m_window->activeDocument(), compare->documentA());
    const QJsonObject ref = reference();
    const QString counts = m_window->findChild<QLabel*>("compareCounts")->text();
    QVERIFY2(counts.contains(QStringLiteral("%1 shared · %2 only in A · %3 only in B")
                                 .arg(QLocale().toString(ref["shared"].toInt()))
                                 .arg(QLocale().toString(ref["only_a"].toInt()))
                                 .arg(ref["only_b"].toInt())),
             qPrintable(counts));
    QVERIFY(counts.contains(
        QStringLiteral("median %1").arg(ref["median_jaccard"].toDouble(), 0, 'f', 3)));
    QVERIFY(counts.contains(QStringLiteral("Linear map 100 → 50 dims")));
    QVERIFY(counts.contains(
        QStringLiteral("residual %1").arg(ref["linear_residual"].toDouble(), 0, 'f', 4)));
    QCOMPARE(m_window->comparePanel()->histogram()->binCount(), 11);
}

void TestCompareDock::rankedListAndNeighbourChanges() {
    QTreeWidget* ranked = m_window->comparePanel()->rankedList();
    QCOMPARE(ranked->topLevelItemCount(), 100);
    const std::vector<double> jaccard = referenceJaccard();
    const double lowest = *std::min_element(jaccard.begin(), jaccard.end());
    QCOMPARE(ranked->topLevelItem(0)->text(1), QString::number(lowest, 'f', 3));
    // A click on a label: its neighbours in both files, and the label selected in both.
    QTreeWidgetItem* first = ranked->topLevelItem(0);
    const QString label = first->text(0);
    ranked->scrollToItem(first);
    QTest::mouseClick(ranked->viewport(), Qt::LeftButton, {},
                      ranked->visualItemRect(first).center());
    QTreeWidget* changes = m_window->comparePanel()->changesList();
    QCOMPARE(changes->topLevelItemCount(), 3);
    const int kept = changes->topLevelItem(0)->childCount();
    QCOMPARE(kept + changes->topLevelItem(1)->childCount(), 10);
    QCOMPARE(kept + changes->topLevelItem(2)->childCount(), 10);
    QCOMPARE(double(kept) / (20 - kept), lowest);
    CompareController* compare = m_window->compare();
    QCOMPARE(compare->documentA()->selection(), rowsIn(m_a, {label}));
    QCOMPARE(compare->documentB()->selection(), rowsIn(m_b, {label}));
}

void TestCompareDock::linkedSelectionAndHighlight() {
    CompareController* compare = m_window->compare();
    Dataset* a = compare->documentA();
    Dataset* b = compare->documentB();
    a->setSelection(rowsIn(m_a, {"king", "queen", "water"}));
    QCOMPARE(b->selection(), rowsIn(m_b, {"king", "queen", "water"}));
    b->setSelection(rowsIn(m_b, {"paris"}));
    QCOMPARE(a->selection(), rowsIn(m_a, {"paris"}));
    a->setHighlighted(rowsIn(m_a, {"france", "germany"}));
    QCOMPARE(b->highlighted(), rowsIn(m_b, {"france", "germany"}));
    // A label that B lacks selects nothing there.
    const std::string onlyInA = m_a.labels[9000];
    QCOMPARE(testsupport::rowOf(m_b, onlyInA), -1L);
    a->setSelection({9000});
    QVERIFY(b->selection().empty());
}

void TestCompareDock::secondViewFollowsTheCamera() {
    PointView* main = m_window->pointView();
    PointView* second = m_window->secondView();
    QVERIFY(second->isVisible());
    QCOMPARE(second->document(), m_window->compare()->documentB());
    QVERIFY(QTest::qWaitFor([&] { return second->pointCount() == int(m_b.rows()); }, kWaitMs));
    main->orbitBy(40, 15);
    QVERIFY(closePose(second->camera().pose(), main->camera().pose()));
    second->zoomBy(1.5f);
    QVERIFY(closePose(main->camera().pose(), second->camera().pose()));
    CompareSettings settings = m_window->compare()->settings();
    settings.linkCameras = false;
    m_window->compare()->setSettings(settings);
    main->orbitBy(-30, 0);
    QVERIFY(!closePose(second->camera().pose(), main->camera().pose()));
    // Making B active puts A in the second view.
    m_window->workspace()->setActive(m_window->compare()->documentB());
    QCOMPARE(second->document(), m_window->compare()->documentA());
}

void TestCompareDock::histogramBrushSelects() {
    OverlapHistogram* histogram = m_window->comparePanel()->histogram();
    histogram->show();
    m_window->findChild<QDockWidget*>("compareDock")->raise();
    QVERIFY(QTest::qWaitForWindowExposed(histogram));
    // The last two bars: 9 and 10 of 10 neighbours kept, Jaccard 9/11 and 1.
    const int w = histogram->width();
    const int y = histogram->height() / 2;
    const QPoint from(4 + int((w - 8) * 9.5 / 11), y), to(w - 5, y);
    QTest::mousePress(histogram, Qt::LeftButton, {}, from);
    QMouseEvent move(QEvent::MouseMove, to, histogram->mapToGlobal(to), Qt::NoButton,
                     Qt::LeftButton, {});
    QApplication::sendEvent(histogram, &move);
    QTest::mouseRelease(histogram, Qt::LeftButton, {}, to);
    const std::vector<double> jaccard = referenceJaccard();
    const auto expected = std::count_if(jaccard.begin(), jaccard.end(),
                                        [](double j) { return j >= 9.0 / 11 - 1e-9; });
    QCOMPARE(qsizetype(m_window->compare()->documentA()->selection().size()), qsizetype(expected));
    QCOMPARE(qsizetype(m_window->compare()->documentB()->selection().size()), qsizetype(expected));
}

void TestCompareDock::colorsAreViridisOfJaccard() {
    const Dataset* a = m_window->compare()->documentA();
    const std::vector<double> jaccard = referenceJaccard();
    const double lo = *std::min_element(jaccard.begin(), jaccard.end());
    const double hi = *std::max_element(jaccard.begin(), jaccard.end());
    QCOMPARE(a->colors().rows(), m_a.rows());
    // Pair i is the i-th row of A whose label B has (numpy's pairing, redone here by lookup).
    std::vector<std::size_t> sharedRows;
    for (std::size_t row = 0; row < m_a.rows(); ++row)
        if (testsupport::rowOf(m_b, m_a.labels[row]) >= 0) sharedRows.push_back(row);
    QCOMPARE(sharedRows.size(), jaccard.size());
    int checked = 0;
    for (std::size_t pair = 0; pair < jaccard.size(); pair += 97) {
        const vecspace::Rgb8 want = vecspace::viridis((jaccard[pair] - lo) / (hi - lo));
        const vecspace::Rgb8 got = a->colors().at(sharedRows[pair]);
        QVERIFY(std::abs(int(got.r) - want.r) <= 1 && std::abs(int(got.g) - want.g) <= 1 &&
                std::abs(int(got.b) - want.b) <= 1);
        ++checked;
    }
    QVERIFY(checked > 20);
    // Rows that B lacks get the missing grey, not a gradient colour.
    QCOMPARE(a->colors().legend.kind, vecspace::ColorLegend::Kind::Gradient);
    QCOMPARE(a->colors().legend.entries.size(), std::size_t{1});
    QCOMPARE(a->colors().legend.entries[0].count, m_a.rows() - jaccard.size());
}

void TestCompareDock::jointViewAndLineFilter() {
    m_window->findChild<QRadioButton*>("compareJoint")->click();
    Dataset* joint = m_window->compare()->joint();
    QVERIFY(joint);
    QCOMPARE(m_window->activeDocument(), joint);
    QVERIFY(!m_window->secondView()->isVisible());
    const std::size_t n = referenceJaccard().size();
    QCOMPARE(joint->rows(), 2 * n);
    QCOMPARE(joint->set()->labels[n + 3], joint->set()->labels[3] + " [B]");
    QVERIFY(QTest::qWaitFor([&] { return joint->hasLayout(); }, kWaitMs));
    const auto lineCount = [&] {
        for (const LineSet& set : joint->lineSets())
            if (set.name == "displacement") return set.segments.size();
        return std::size_t{0};
    };
    QCOMPARE(lineCount(), n);
    // Coloured by Jaccard as A and B are, not reset by the Colour dock when first shown: a label's
    // two points share a colour, and labels of the lowest and highest overlap differ.
    const std::vector<double> overlap = referenceJaccard();
    const auto lowest =
        std::size_t(std::min_element(overlap.begin(), overlap.end()) - overlap.begin());
    const auto highest =
        std::size_t(std::max_element(overlap.begin(), overlap.end()) - overlap.begin());
    const std::vector<std::uint8_t>& rgb = joint->colors().rgb;
    QCOMPARE(rgb.size(), 2 * n * 3);
    QCOMPARE(m_window->pointView()->colors(), rgb);
    const auto colorOf = [&](std::size_t row) {
        return std::vector<std::uint8_t>(rgb.begin() + std::ptrdiff_t(row * 3),
                                         rgb.begin() + std::ptrdiff_t(row * 3 + 3));
    };
    QCOMPARE(colorOf(lowest), colorOf(n + lowest));
    QVERIFY(colorOf(lowest) != colorOf(highest));
    CompareSettings settings = m_window->compare()->settings();
    settings.maxJaccard = 0.5;
    m_window->compare()->setSettings(settings);
    const std::vector<double> jaccard = referenceJaccard();
    QCOMPARE(lineCount(), std::size_t(std::count_if(jaccard.begin(), jaccard.end(),
                                                    [](double j) { return j <= 0.5; })));
    // Selecting a label in the joint view selects both its points, and the word in A and B.
    joint->setSelection({int(n + 7)});
    QCOMPARE(joint->selection(), (std::vector<int>{7, int(n + 7)}));
    QCOMPARE(m_window->compare()->documentB()->selection(),
             rowsIn(m_b, {QString::fromStdString(joint->set()->labels[7])}));
    // Back to side by side: A active, the joint document kept for the next switch.
    m_window->findChild<QRadioButton*>("compareSideBySide")->click();
    QCOMPARE(m_window->activeDocument(), m_window->compare()->documentA());
    QVERIFY(m_window->secondView()->isVisible());
}

void TestCompareDock::sessionKeepsTheComparison() {
    m_window->findChild<QRadioButton*>("compareJoint")->click();
    QVERIFY(QTest::qWaitFor([&] { return m_window->compare()->joint()->hasLayout(); }, kWaitMs));
    CompareSettings settings = m_window->compare()->settings();
    settings.k = 25;
    m_window->compare()->setSettings(settings);
    QVERIFY(QTest::qWaitFor([&] { return m_window->compare()->comparison()->k == 25; }, kWaitMs));
    QTemporaryDir dir;
    const QString path = dir.filePath("compare.json");
    QSignalSpy saved(m_window->sessions(), &SessionController::saved);
    m_window->sessions()->save(path);
    QVERIFY(saved.wait(kWaitMs));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(json["documents"].toArray().size(), 2); // the joint view is made again, not saved
    QCOMPARE(json["compare"].toObject()["k"].toInt(), 25);
    QCOMPARE(json["compare"].toObject()["view"].toString(), QString("joint"));

    MainWindow fresh;
    fresh.setScreenshotMode(true);
    fresh.show();
    QSignalSpy ready(fresh.compare(), &CompareController::ready);
    fresh.sessions()->open(path);
    QVERIFY(ready.wait(kWaitMs));
    QCOMPARE(fresh.compare()->comparison()->k, std::size_t{25});
    QCOMPARE(fresh.compare()->documentA(), fresh.workspace()->documents()[0]);
    QVERIFY(fresh.compare()->joint());
    QCOMPARE(fresh.activeDocument(), fresh.compare()->joint());
}

void TestCompareDock::startupOptions_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    const QString a = testsupport::data(kA), b = testsupport::data(kB);
    QTest::newRow("side by side") << QStringList{a, "--compare", b} << 0 << QString();
    QTest::newRow("joint") << QStringList{a,       "--compare",   b,  "--compare-view",
                                          "joint", "--compare-k", "5"}
                           << 0 << QString();
    QTest::newRow("view without compare")
        << QStringList{a, "--compare-view", "joint"} << 2 << "applies only with --compare";
    QTest::newRow("missing B") << QStringList{a, "--compare", a + ".missing"} << 2
                               << "--compare: no such file";
    QTest::newRow("bad view") << QStringList{a, "--compare", b, "--compare-view", "top"} << 2
                              << "must be side or joint";
}

void TestCompareDock::startupOptions() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    QTemporaryDir dir;
    const QString png = dir.path() + "/shot.png";
    const testsupport::CliRun app =
        testsupport::runGui(args + QStringList{"--screenshot", png, "--size", "900x600"});
    const QString err = QString::fromUtf8(app.err);
    QCOMPARE(app.exitCode, exitCode);
    QVERIFY2(err.contains(stderrHas), qPrintable(err));
    QCOMPARE(QFile::exists(png), exitCode == 0);
    if (exitCode == 0) QVERIFY(!QImage(png).isNull());
}

QTEST_MAIN(TestCompareDock)
#include "test_compare_dock.moc"
