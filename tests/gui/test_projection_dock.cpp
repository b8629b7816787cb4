// The Projection dock and layout runs as a user sees them: the dock describes the layout on
// screen for each document (the start-up PCA with numpy's explained variance, a finished run,
// defaults for a new file); t-SNE's first layout is on screen at once, never a black view; the
// camera re-frames a growing layout only when the user left it alone; UMAP and t-SNE name their
// stages; "t-SNE" is spelled so.
#include "dataset.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "projection_panel.h"
#include "test_support.h"
#include "workspace.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace docktest;

namespace {

QString glovePath() {
    return QString::fromStdString(testsupport::dataPath("glove.6B.100d.top2717.txt"));
}

// numpy's explained variance ratios of the first three components of that file.
std::vector<double> numpyRatios() {
    QFile file(QString::fromStdString(testsupport::dataPath("reference/numpy_pca.json")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QJsonArray ratios = QJsonDocument::fromJson(file.readAll())
                                  .object()["cases"]
                                  .toObject()["plain"]
                                  .toObject()["explained_variance_ratio"]
                                  .toArray();
    std::vector<double> out;
    for (int i = 0; i < 3 && i < ratios.size(); ++i)
        out.push_back(ratios[i].toDouble());
    return out;
}

QString status(MainWindow& window) {
    return window.findChild<QLabel*>("projectionStatus")->text();
}

QString comboText(MainWindow& window, const char* name) {
    return window.findChild<QComboBox*>(name)->currentText();
}

// Pixels of the view's frame that are not background, every other row and column.
int litPixels(PointView* view) {
    const QImage frame = view->grabFramebuffer();
    const QRgb background = view->theme().background.rgb() & 0xffffff;
    int lit = 0;
    for (int y = 0; y < frame.height(); y += 2)
        for (int x = 0; x < frame.width(); x += 2)
            lit += (frame.pixel(x, y) & 0xffffff) != background;
    return lit;
}

bool runAndWait(MainWindow& window, const vecspace::ProjectionOptions& options) {
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.projection()->runWith(options);
    return finished.wait(kWaitMs);
}

vecspace::ProjectionOptions tsneOptions(int iterations) {
    vecspace::ProjectionOptions options;
    options.method = vecspace::ProjectionMethod::Tsne;
    options.dimensions = 2;
    options.tsne.iterations = std::size_t(iterations);
    return options;
}

} // namespace

class TestProjectionDock : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void dockShowsEachDocumentsLayout();
    void tsneFirstLayoutShownAtOnce();
    void cameraReframesOnlyWhenLeftAlone_data();
    void cameraReframesOnlyWhenLeftAlone();
    void stagesNamed_data();
    void stagesNamed();
};

void TestProjectionDock::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
}

void TestProjectionDock::dockShowsEachDocumentsLayout() {
    const std::vector<double> ratios = numpyRatios();
    QCOMPARE(ratios.size(), std::size_t(3));
    MainWindow window;
    window.resize(1200, 800);
    QVERIFY(load(window, glovePath()));
    // The start-up PCA, before any Run: numpy's shares, as the dock rounds them.
    QStringList shares;
    for (double r : ratios)
        shares << QString::number(100 * r, 'f', 1) + "%";
    QTRY_VERIFY2(status(window).contains("Explained variance: " + shares.join(", ")),
                 qPrintable(status(window)));
    QCOMPARE(comboText(window, "projectionMethod"), QString("PCA"));
    QCOMPARE(comboText(window, "projectionDims"), QString("3D"));

    vecspace::ProjectionOptions umap;
    umap.method = vecspace::ProjectionMethod::Umap;
    umap.dimensions = 2;
    umap.umap.epochs = 30;
    QVERIFY(runAndWait(window, umap));
    QVERIFY2(status(window).startsWith("UMAP done in"), qPrintable(status(window)));
    Dataset* first = window.activeDocument();

    // Another file: its own start-up PCA, not the first file's UMAP settings or result.
    QVERIFY(load(window, {}));
    QVERIFY(window.activeDocument() != first);
    QCOMPARE(comboText(window, "projectionMethod"), QString("PCA"));
    QCOMPARE(comboText(window, "projectionDims"), QString("3D"));
    QTRY_VERIFY2(status(window).startsWith("PCA done in") &&
                     status(window).contains("Explained variance"),
                 qPrintable(status(window)));

    // Back to the first: its UMAP again.
    window.workspace()->setActive(first);
    QCOMPARE(comboText(window, "projectionMethod"), QString("UMAP"));
    QCOMPARE(comboText(window, "projectionDims"), QString("2D"));
    QVERIFY2(status(window).startsWith("UMAP done in"), qPrintable(status(window)));
}

// The first snapshot of a t-SNE run replaces the PCA overview at once (no glide through frames
// with every point off screen), and every frame from then on shows points.
void TestProjectionDock::tsneFirstLayoutShownAtOnce() {
    MainWindow window;
    window.resize(1000, 700);
    QVERIFY(load(window, digitsPath()));
    PointView* view = window.pointView();
    QTest::qWait(200);
    const int before = litPixels(view);
    QVERIFY(before > 0);
    Dataset* document = window.activeDocument();
    bool snapshot = false, glided = false;
    connect(document, &Dataset::layoutChanged, this, [&](const LayoutChange& change) {
        if (snapshot || !document->layout().fromRun) return;
        snapshot = true;
        glided = change.animate;
    });
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.projection()->runWith(tsneOptions(1000));
    QTRY_VERIFY_WITH_TIMEOUT(snapshot, kWaitMs);
    QVERIFY(!glided);
    int least = INT_MAX;
    for (int i = 0; i < 10 && finished.isEmpty(); ++i) {
        QTest::qWait(50);
        least = std::min(least, litPixels(view));
    }
    qInfo("lit pixels: %d before the run, at least %d after its first layout", before, least);
    QVERIFY2(least > before / 20, qPrintable(QString::number(least)));
    QVERIFY(finished.wait(kWaitMs));
}

void TestProjectionDock::cameraReframesOnlyWhenLeftAlone_data() {
    QTest::addColumn<bool>("userZooms");
    QTest::newRow("left alone") << false;
    QTest::newRow("zoomed during the run") << true;
}

// t-SNE layouts grow from 1e-4 to tens of units: a camera left alone follows them to the end; a
// user who zooms during the run keeps that pose.
void TestProjectionDock::cameraReframesOnlyWhenLeftAlone() {
    QFETCH(bool, userZooms);
    MainWindow window;
    window.resize(1000, 700);
    QVERIFY(load(window, digitsPath()));
    PointView* view = window.pointView();
    Dataset* document = window.activeDocument();
    bool snapshot = false;
    connect(document, &Dataset::layoutChanged, this,
            [&] { snapshot = snapshot || document->layout().fromRun; });
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.projection()->runWith(tsneOptions(600));
    QTRY_VERIFY_WITH_TIMEOUT(snapshot, kWaitMs);
    QTRY_VERIFY(!view->isAnimating());
    const CameraPose first = view->camera().pose();
    CameraPose zoomed = first;
    if (userZooms) {
        view->zoomBy(2.0f);
        zoomed = view->camera().pose();
    }
    QVERIFY(finished.wait(kWaitMs));
    QTRY_VERIFY(!view->isAnimating());
    const CameraPose last = view->camera().pose();
    if (userZooms) {
        QCOMPARE(last, zoomed);
    } else {
        // The layout grows 1e4-fold over the run; under load the first snapshot seen may already
        // be a later one, so only "followed it outwards" is asked.
        QVERIFY2(last.distance > 2 * first.distance,
                 qPrintable(QString("%1 then %2").arg(first.distance).arg(last.distance)));
    }
}

void TestProjectionDock::stagesNamed_data() {
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QStringList>("stages"); // in order; the last is the one with snapshots
    QTest::newRow("UMAP") << int(vecspace::ProjectionMethod::Umap) << "UMAP"
                          << QStringList{"neighbours", "fuzzy graph", "spectral initialisation",
                                         "epochs"};
    QTest::newRow("t-SNE") << int(vecspace::ProjectionMethod::Tsne) << "t-SNE"
                           << QStringList{"neighbours", "affinities", "initialisation",
                                          "optimisation"};
}

// The stages arrive in order (an update may be coalesced away while a faster one follows, so
// those seen are an ordered subset ending with the last); the dock says which, under the
// method's own spelling, and names it in the result.
void TestProjectionDock::stagesNamed() {
    QFETCH(int, method);
    QFETCH(QString, title);
    QFETCH(QStringList, stages);
    MainWindow window;
    window.resize(1000, 700);
    QVERIFY(load(window, glovePath()));
    QStringList seen, texts;
    connect(window.projection(), &ProjectionController::phaseChanged, this,
            [&](const QString& phase) {
                seen << phase;
                texts << status(window);
            });
    vecspace::ProjectionOptions options;
    options.method = vecspace::ProjectionMethod(method);
    options.dimensions = 2;
    options.umap.epochs = 30;
    options.tsne.iterations = 300;
    QVERIFY(runAndWait(window, options));
    QVERIFY(!seen.isEmpty());
    QCOMPARE(seen.last(), stages.last());
    qsizetype at = 0;
    for (const QString& phase : seen) {
        const qsizetype found = stages.indexOf(phase, at);
        QVERIFY2(found >= 0, qPrintable(seen.join(", ")));
        at = found + 1;
    }
    for (qsizetype i = 0; i < seen.size(); ++i)
        QVERIFY2(texts[i].startsWith(title + ": " + seen[i]), qPrintable(texts[i]));
    QVERIFY2(status(window).startsWith(title + " done in"), qPrintable(status(window)));
}

QTEST_MAIN(TestProjectionDock)
#include "test_projection_dock.moc"
