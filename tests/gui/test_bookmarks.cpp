// Bookmarks as a user meets them: Add keeps the layout, camera, selection, colouring with its
// legend highlight, search and label column; a click on a bookmark brings all of it back; a
// session keeps the bookmarks (coordinates written once when shared) and opens on the first;
// renaming and describing; Save Session proposes a name beside the data.
#include "bookmark_controller.h"
#include "bookmark_panel.h"
#include "dataset.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "neighborhood_controller.h"
#include "point_view.h"
#include "projection_controller.h"
#include "search_panel.h"
#include "session_controller.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <cmath>

using namespace docktest;

namespace {

// What a bookmark should bring back, read off the window.
struct Shown {
    std::vector<float> xyz;
    CameraPose camera;
    std::vector<int> selection;
    QString query;
    QString colorBy;
    std::vector<int> highlighted;
    QString labelColumn;
};

Shown shown(MainWindow& window) {
    Dataset* document = window.activeDocument();
    return {*document->layout().xyz, window.pointView()->camera().pose(),
            document->selection(),   window.searchPanel()->query(),
            window.colorBy(),        highlightedRows(window.pointView()),
            document->labelColumn()};
}

bool samePose(const CameraPose& a, const CameraPose& b) {
    const auto near = [](float x, float y) { return std::abs(x - y) <= 1e-4f * (1 + std::abs(x)); };
    return near(a.distance, b.distance) && near(a.yaw, b.yaw) && near(a.pitch, b.pitch) &&
           near(a.target.x(), b.target.x()) && near(a.target.y(), b.target.y()) &&
           near(a.target.z(), b.target.z());
}

void compareShown(const Shown& actual, const Shown& expected) {
    QCOMPARE(actual.xyz, expected.xyz);
    QVERIFY(samePose(actual.camera, expected.camera));
    QCOMPARE(actual.selection, expected.selection);
    QCOMPARE(actual.query, expected.query);
    QCOMPARE(actual.colorBy, expected.colorBy);
    QCOMPARE(actual.highlighted, expected.highlighted);
    QCOMPARE(actual.labelColumn, expected.labelColumn);
}

void clickBookmark(MainWindow& window, int index) {
    auto* list = window.findChild<QListWidget*>("bookmarkList");
    list->scrollToItem(list->item(index));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(index)).center());
}

// Until the camera, the colouring and the search have settled.
bool settle(MainWindow& window) {
    return QTest::qWaitFor(
               [&] {
                   return !window.pointView()->isAnimating() &&
                          !window.parts().neighborhood->isPending();
               },
               kWaitMs) &&
           waitForColoring(window);
}

QStringList bookmarkNames(MainWindow& window) {
    QStringList names;
    auto* list = window.findChild<QListWidget*>("bookmarkList");
    for (int i = 0; i < list->count(); ++i)
        names << list->item(i)->text();
    return names;
}

} // namespace

class TestBookmarks : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripThroughSession();
    void proposedSessionName();
};

void TestBookmarks::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
}

void TestBookmarks::roundTripThroughSession() {
    const DigitsMetadata digits = readDigitsMetadata();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString sessionPath = dir.filePath("digits-session.json");
    MainWindow window;
    window.resize(1200, 800);
    QVERIFY(load(window, digitsPath()));
    Dataset* document = window.activeDocument();

    // Bookmark A: the PCA overview, two rows selected, coloured by digit with the legend entry
    // of digit "3" highlighted, a search, labels by digit, the camera zoomed and turned.
    QVERIFY(window.setColorBy("digit"));
    QVERIFY(waitForColoring(window));
    auto* legend = legendOf(window);
    int entry3 = -1;
    for (int i = 0; i < legend->topLevelItemCount(); ++i)
        if (legend->topLevelItem(i)->text(0) == "3") entry3 = i;
    QVERIFY(entry3 >= 0);
    QTest::mouseClick(legend->viewport(), Qt::LeftButton, {},
                      legend->visualItemRect(legend->topLevelItem(entry3)).center());
    document->setSelection({10, 20});
    window.searchPanel()->setQuery("7");
    QVERIFY(document->setLabelColumn("digit"));
    window.pointView()->zoomBy(1.7f);
    window.pointView()->orbitBy(30, 10);
    QVERIFY(settle(window));
    const Shown a = shown(window);
    // Lit: digit 3's rows (from the metadata file), with the search's matches, the selection
    // and its neighbours, as the focus rule says.
    std::vector<int> threes;
    for (int row = 0; row < digits.digits.size(); ++row)
        if (digits.digits[row] == "3") threes.push_back(row);
    QVERIFY(!a.highlighted.empty());
    window.findChild<QToolButton*>("bookmarkAdd")->click();
    QCOMPARE(bookmarkNames(window), QStringList{"Bookmark 1"});
    auto* list = window.findChild<QListWidget*>("bookmarkList");
    list->item(0)->setText("threes"); // as an edit in the list does
    auto* description = window.findChild<QPlainTextEdit*>("bookmarkDescription");
    QVERIFY(description->toPlainText().startsWith("PCA 3D · 2 selected"));
    description->setPlainText("digit 3 lit, searching 7");

    // Bookmark B: a 2D PCA of other components, another selection, no search, one colour.
    vecspace::ProjectionOptions pca;
    pca.dimensions = 2;
    pca.pcaComponents = {2, 3};
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.projection()->runWith(pca);
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(window.setColorBy("single"));
    window.searchPanel()->setQuery({});
    document->setSelection({5});
    QVERIFY(document->setLabelColumn({}));
    QVERIFY(settle(window));
    const Shown b = shown(window);
    QVERIFY(b.xyz != a.xyz);
    window.findChild<QToolButton*>("bookmarkAdd")->click();
    QCOMPARE(bookmarkNames(window), (QStringList{"threes", "Bookmark 2"}));

    // One click each way.
    clickBookmark(window, 0);
    QVERIFY(settle(window));
    compareShown(shown(window), a);
    for (int row : threes)
        QVERIFY(std::binary_search(a.highlighted.begin(), a.highlighted.end(), row));
    QVERIFY(a.highlighted.size() > threes.size());
    clickBookmark(window, 1);
    QVERIFY(settle(window));
    compareShown(shown(window), b);

    // Saved with B on screen: B's coordinates are the document's, written once.
    QSignalSpy saved(window.sessions(), &SessionController::saved);
    window.sessions()->save(sessionPath);
    QVERIFY(saved.wait(kWaitMs));
    QFile file(sessionPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray marks = QJsonDocument::fromJson(file.readAll())
                                 .object()["documents"]
                                 .toArray()[0]
                                 .toObject()["bookmarks"]
                                 .toArray();
    QCOMPARE(marks.size(), 2);
    QCOMPARE(marks[0].toObject()["name"].toString(), QString("threes"));
    QCOMPARE(marks[0].toObject()["description"].toString(), QString("digit 3 lit, searching 7"));
    QVERIFY(marks[0].toObject()["layout"].toObject().contains("xyz"));
    QCOMPARE(marks[1].toObject()["layout"].toObject()["same_as"].toString(), QString("document"));

    // A fresh window opens on the first bookmark, and the second is one click away.
    MainWindow fresh;
    fresh.resize(1200, 800);
    fresh.show();
    QSignalSpy opened(fresh.sessions(), &SessionController::opened);
    fresh.sessions()->open(sessionPath);
    QVERIFY(opened.wait(kWaitMs));
    QVERIFY(settle(fresh));
    QTRY_COMPARE(highlightedRows(fresh.pointView()), a.highlighted);
    compareShown(shown(fresh), a);
    QCOMPARE(bookmarkNames(fresh), (QStringList{"threes", "Bookmark 2"}));
    QCOMPARE(fresh.findChild<QListWidget*>("bookmarkList")->item(0)->toolTip(),
             QString("digit 3 lit, searching 7"));
    clickBookmark(fresh, 1);
    QVERIFY(settle(fresh));
    compareShown(shown(fresh), b);

    // Delete leaves the other.
    fresh.findChild<QListWidget*>("bookmarkList")->setCurrentRow(0);
    fresh.findChild<QToolButton*>("bookmarkDelete")->click();
    QCOMPARE(bookmarkNames(fresh), QStringList{"Bookmark 2"});
    QCOMPARE(fresh.activeDocument()->bookmarks().size(), std::size_t(1));
}

void TestBookmarks::proposedSessionName() {
    MainWindow window;
    QVERIFY(load(window, digitsPath()));
    const QString data = digitsPath();
    QCOMPARE(window.sessions()->proposedPath(),
             QFileInfo(data).absoluteDir().filePath("digits-session.json"));
    QTemporaryDir dir;
    const QString path = dir.filePath("mine.json");
    QSignalSpy saved(window.sessions(), &SessionController::saved);
    window.sessions()->save(path);
    QVERIFY(saved.wait(kWaitMs));
    QCOMPARE(window.sessions()->proposedPath(), path);
}

QTEST_MAIN(TestBookmarks)
#include "test_bookmarks.moc"
