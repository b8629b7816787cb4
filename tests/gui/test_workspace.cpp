// Several files in one window: `vecspace A B` and File > Open add documents, the Data dock
// switches between them, and each keeps its own layout, selection, colours and camera (two
// models of the same words included); File > Close Dataset; sessions of version 2 round-trip
// every document, and a version 1 file still opens.
#include "color_controller.h"
#include "data_panel.h"
#include "dataset.h"
#include "inspector_panel.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "search_panel.h"
#include "session_controller.h"
#include "test_support.h"
#include "workspace.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>

namespace {

constexpr int kWaitMs = 30000;

// Two GloVe 6B models of the same 2,717 most frequent words: 100 and 50 dimensions.
QString glove100() {
    return testsupport::data("glove.6B.100d.top2717.txt");
}
QString glove50() {
    return testsupport::data("glove.6B.50d.top9163.txt");
}
vecspace::LoadOptions first2717() {
    vecspace::LoadOptions options;
    options.limit = 2717;
    return options;
}

bool sameFloats(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Every document open with its layout, and the active one's index built (the others' are built
// when they are shown).
bool waitForDocuments(MainWindow& window, int count) {
    return QTest::qWaitFor(
        [&] {
            if (window.workspace()->count() != count) return false;
            for (const Dataset* document : window.workspace()->documents())
                if (!document->hasLayout()) return false;
            return !window.isLoading() && window.activeDocument()->similarityIndex();
        },
        kWaitMs);
}

void choose(MainWindow& window, int index) {
    window.findChild<QListWidget*>("documentList")->setCurrentRow(index);
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void twoModelsOfTheSameWords();
    void fileOpenAddsAndCloseRemoves();
    void sessionRoundTripsEveryDocument();
    void versionOneSessionOpens();
    void dataDockSaysReadInPlace();
};

void TestWorkspace::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
}

// The same vocabulary, other vectors: the view and the docks follow the document chosen, and
// nothing of one shows on the other.
void TestWorkspace::twoModelsOfTheSameWords() {
    MainWindow window;
    window.setScreenshotMode(true);
    window.resize(900, 600);
    window.show();
    window.loadFile(glove100(), {});
    QVERIFY(waitForDocuments(window, 1));
    window.loadFile(glove50(), first2717()); // File > Open: added and made active
    QVERIFY(waitForDocuments(window, 2));
    Dataset* a = window.workspace()->documents()[0];
    Dataset* b = window.workspace()->documents()[1];
    QCOMPARE(a->set()->labels, b->set()->labels); // the same words, in the same order
    QCOMPARE(a->set()->dims(), std::size_t(100));
    QCOMPARE(b->set()->dims(), std::size_t(50));
    QCOMPARE(window.findChild<QListWidget*>("documentList")->count(), 2);
    QCOMPARE(window.activeDocument(), b); // the last opened

    PointView* view = window.pointView();
    // B: a selection and a 2D PCA run of its own.
    view->setSelection({7, 8});
    auto* method = window.findChild<QComboBox*>("projectionMethod");
    method->setCurrentIndex(method->findText("PCA"));
    auto* dims = window.findChild<QComboBox*>("projectionDims");
    dims->setCurrentIndex(dims->findText("2D"));
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.findChild<QPushButton*>("projectionRun")->click();
    QVERIFY(finished.wait(kWaitMs));
    QTRY_VERIFY(!view->isAnimating());
    QCOMPARE(b->layout().dims, 2);
    QVERIFY(view->is2DMode());
    const std::vector<float> bPositions = view->positions();

    // A: its own overview, no selection, colours by k-means, a camera of its own.
    choose(window, 0);
    QCOMPARE(window.activeDocument(), a);
    QVERIFY(sameFloats(view->positions(), *a->layout().xyz));
    QVERIFY(!sameFloats(view->positions(), bPositions));
    QVERIFY(view->selection().empty());
    QVERIFY(!view->is2DMode());
    QCOMPARE(window.dataset()->dims(), std::size_t(100));
    QSignalSpy ready(&window, &MainWindow::coloringReady);
    QVERIFY(window.setColorBy("cluster"));
    QVERIFY(ready.wait(kWaitMs));
    QCOMPARE(view->colors().size(), std::size_t(3 * 2717));
    const std::vector<std::uint8_t> aColors = view->colors();
    view->setSelection({3});
    view->orbitBy(40.0f, -10.0f);
    QTRY_VERIFY(!view->isAnimating());
    const CameraPose aPose = view->camera().pose();

    // Back to B: its layout, selection, 2D mode and single colour; A's are nowhere.
    choose(window, 1);
    QCOMPARE(window.activeDocument(), b);
    QVERIFY(sameFloats(view->positions(), bPositions));
    QCOMPARE(view->selection(), (std::vector<int>{7, 8}));
    QVERIFY(view->is2DMode());
    QVERIFY(view->colors().empty());
    QCOMPARE(window.colorController()->colorBy(), QString("single"));
    QCOMPARE(window.dataset()->dims(), std::size_t(50));

    // And A again, as it was left.
    choose(window, 0);
    QVERIFY(sameFloats(view->positions(), *a->layout().xyz));
    QCOMPARE(view->selection(), std::vector<int>{3});
    QCOMPARE(view->colors(), aColors);
    QCOMPARE(window.colorController()->colorBy(), QString("cluster"));
    QVERIFY(view->camera().pose() == aPose);
    // The Inspector follows too: a row of A, its neighbours searched in A's 100 dimensions.
    window.showRow(3);
    QTRY_COMPARE(window.inspector()->row(), 3L);
}

void TestWorkspace::fileOpenAddsAndCloseRemoves() {
    MainWindow window;
    window.setScreenshotMode(true);
    window.show();
    window.openFiles({glove100(), testsupport::data("digits/digits.tsv")}, {});
    QVERIFY(waitForDocuments(window, 2));
    // Listed in command-line order, the first active, whichever loaded first.
    QCOMPARE(window.workspace()->documents()[0]->fileName(), QString("glove.6B.100d.top2717.txt"));
    QCOMPARE(window.activeDocument(), window.workspace()->documents()[0]);
    // Open, Replacing Current: in the place of the active one.
    window.loadFile(glove100(), {}, true);
    QTRY_COMPARE(window.activeDocument()->displayName(), QString("glove.6B.100d.top2717.txt"));
    QVERIFY(waitForDocuments(window, 2));
    // Open adds: a second copy of a file gets a number in the lists.
    window.openFile(glove100());
    QVERIFY(waitForDocuments(window, 3));
    QCOMPARE(window.activeDocument()->displayName(), QString("glove.6B.100d.top2717.txt (2)"));
    QCOMPARE(window.findChild<QListWidget*>("documentList")->item(2)->text(),
             QString("glove.6B.100d.top2717.txt (2)   %1 × 100").arg(QLocale().toString(2717)));
    // Close Dataset: the previous one becomes active, down to none.
    window.findChild<QAction*>("closeDatasetAction")->trigger();
    QTRY_COMPARE(window.workspace()->count(), 2);
    QCOMPARE(window.activeDocument(), window.workspace()->documents()[1]);
    QCOMPARE(window.pointView()->pointCount(), 1797);
    window.closeActiveDocument();
    window.closeActiveDocument();
    QCOMPARE(window.workspace()->count(), 0);
    QVERIFY(window.activeDocument() == nullptr);
    QCOMPARE(window.pointView()->pointCount(), 0);
    QVERIFY(window.dataset() == nullptr);
}

void TestWorkspace::sessionRoundTripsEveryDocument() {
    QTemporaryDir dir;
    const QString path = dir.filePath("two.json");
    std::vector<float> aPositions, bPositions;
    {
        MainWindow window;
        window.setScreenshotMode(true);
        window.show();
        window.openFiles({glove100(), testsupport::data("digits/digits.tsv")}, {});
        QVERIFY(waitForDocuments(window, 2));
        window.pointView()->setSelection({1, 2});
        choose(window, 1);
        window.pointView()->setSelection({1796});
        window.pointView()->setHidden({0, 1, 2});
        QVERIFY(window.setColorBy("digit"));
        aPositions = *window.workspace()->documents()[0]->layout().xyz;
        bPositions = *window.workspace()->documents()[1]->layout().xyz;
        QSignalSpy saved(window.sessions(), &SessionController::saved);
        window.sessions()->save(path);
        QVERIFY(saved.wait(kWaitMs));
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("\"version\": 2"));

    MainWindow fresh;
    fresh.setScreenshotMode(true);
    fresh.show();
    fresh.openDemoSet(); // replaced by the session's documents
    QTRY_VERIFY(fresh.workspace()->count() == 1 && !fresh.isLoading());
    QSignalSpy opened(fresh.sessions(), &SessionController::opened);
    fresh.sessions()->open(path);
    QVERIFY(opened.wait(kWaitMs));
    QCOMPARE(fresh.workspace()->count(), 2);
    Dataset* a = fresh.workspace()->documents()[0];
    Dataset* b = fresh.workspace()->documents()[1];
    QCOMPARE(a->fileName(), QString("glove.6B.100d.top2717.txt"));
    QCOMPARE(b->fileName(), QString("digits.tsv"));
    QCOMPARE(fresh.activeDocument(), b); // active when saved
    QVERIFY(sameFloats(*a->layout().xyz, aPositions));
    QVERIFY(sameFloats(*b->layout().xyz, bPositions));
    QCOMPARE(a->selection(), (std::vector<int>{1, 2}));
    QCOMPARE(b->selection(), std::vector<int>{1796});
    QCOMPARE(fresh.pointView()->hiddenRows(), (std::vector<int>{0, 1, 2}));
    QCOMPARE(fresh.colorController()->colorBy(), QString("digit"));
    QVERIFY(sameFloats(fresh.pointView()->positions(), bPositions));
    choose(fresh, 0);
    QCOMPARE(fresh.pointView()->selection(), (std::vector<int>{1, 2}));
    QVERIFY(fresh.pointView()->hiddenRows().empty());
}

// Written as Vecspace 0.1 wrote sessions (tests/reference/make_session_v1.py): one document,
// its fields at the top of the file.
void TestWorkspace::versionOneSessionOpens() {
    QTemporaryDir dir;
    // Beside a copy of the digits, as the file's relative path expects.
    QVERIFY(QDir().mkpath(dir.filePath("sessions")) && QDir().mkpath(dir.filePath("digits")));
    for (const char* name : {"digits/digits.tsv", "digits/digits.metadata.tsv"})
        QVERIFY(QFile::copy(testsupport::data(name), dir.filePath(name)));
    const QString path = dir.filePath("sessions/digits.v1.json");
    QVERIFY(QFile::copy(testsupport::data("sessions/digits.v1.json"), path));

    MainWindow window;
    window.setScreenshotMode(true);
    window.show();
    QSignalSpy opened(window.sessions(), &SessionController::opened);
    QSignalSpy failed(window.sessions(), &SessionController::failed);
    window.sessions()->open(path);
    QVERIFY2(opened.wait(kWaitMs),
             failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QCOMPARE(window.workspace()->count(), 1);
    const auto set = window.dataset();
    QCOMPARE(set->rows(), std::size_t(1797));
    // The layout is the file's: the first three pixel columns of each row of the data.
    const std::vector<float>& xyz = window.pointView()->positions();
    QCOMPARE(xyz.size(), std::size_t(3 * 1797));
    for (std::size_t row = 0; row < set->rows(); ++row)
        for (std::size_t c = 0; c < 3; ++c)
            QCOMPARE(xyz[row * 3 + c], set->vectors(Eigen::Index(row), Eigen::Index(c)));
    QCOMPARE(window.pointView()->selection(), (std::vector<int>{4, 10, 1796}));
    QCOMPARE(window.pointView()->hiddenRows().size(), std::size_t(100));
    QCOMPARE(window.pointView()->hiddenRows().front(), 100);
    const CameraPose pose = window.pointView()->camera().pose();
    QCOMPARE(pose.yaw, 25.0f);
    QCOMPARE(pose.distance, 30.0f);
    QCOMPARE(window.pointView()->pointSize(), 6.0f);
    QCOMPARE(window.pointView()->theme().background, ViewTheme::light().background);
    QCOMPARE(window.colorController()->colorBy(), QString("digit"));
    QCOMPARE(window.searchPanel()->query(), QString("7_"));
}

// numpy's float32 .npy is read in place (test_npy_in_place); the Data dock says so, and says
// nothing of the kind for a float64 file, which is converted into memory.
void TestWorkspace::dataDockSaysReadInPlace() {
    MainWindow window;
    window.setScreenshotMode(true);
    window.resize(900, 600);
    window.show();
    window.loadFile(testsupport::data("top5.f4.npy"), {});
    QVERIFY(waitForDocuments(window, 1));
    auto* format = window.findChild<QLabel*>("formatValue");
    QVERIFY(format);
    if (const QString why = testsupport::readLeaseRefusal(testsupport::data("top5.f4.npy"));
        !why.isEmpty())
        QSKIP(qPrintable("no read lease on the test data: " + why));
    QVERIFY(window.activeDocument()->set()->vectors.inPlace());
    QCOMPARE(format->text(), QString("npy, read in place"));
    window.loadFile(testsupport::data("top5.f8.npy"), {});
    QVERIFY(waitForDocuments(window, 2));
    QCOMPARE(format->text(), QString("npy"));
}

QTEST_MAIN(TestWorkspace)
#include "test_workspace.moc"
