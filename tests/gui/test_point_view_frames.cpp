// The point view's frames under a real OpenGL 3.3 context: screenshots of the requested size,
// labels (decluttered, drawn over the frame, pinned ones first), layout transitions, level of
// detail while the camera moves and off, keys, a broken shader reported instead of a black frame,
// and the main window's PCA overview.
#include "label_overlay.h"
#include "main_window.h"
#include "point_view.h"
#include "point_view_support.h"
#include "vecspace/layout/pca.h"

#include <QApplication>
#include <QDockWidget>
#include <QImage>
#include <QListView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace pointviewtest;

class TestPointViewFrames : public QObject {
    Q_OBJECT

public:
    // Before QApplication: the GL contexts are created with this format.
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void screenshotHasRequestedSize_data();
    void screenshotHasRequestedSize();
    void labelsDeclutter();
    void labelsDrawOverFrame();
    void pinnedLabelsComeFirst();
    void transitionAnimatesToNewLayout();
    void samplesWhileMoving();
    void levelOfDetailOffDrawsEveryPoint();
    void framesMeasureTheirOverhead();
    void ringsKeepTheirColours();
    void keysMoveCamera();
    void brokenShaderIsReported();
    void plainLinesOnGpu();
    void mainWindowShowsPcaLayout();
};

void TestPointViewFrames::initTestCase() {
    const std::optional<QSurfaceFormat> format = glFormat();
    if (!format) QSKIP("no OpenGL context (run under xvfb-run with Mesa)");
    QVERIFY(format->version() >= qMakePair(3, 3));
}

void TestPointViewFrames::screenshotHasRequestedSize_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("widget size") << QSize();
    QTest::newRow("640x480") << QSize(640, 480);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestPointViewFrames::screenshotHasRequestedSize() {
    QFETCH(QSize, size);
    ShownView shown(randomCloud(3000));
    shown.view.setLabels(std::make_shared<std::vector<std::string>>(3000, "word"));
    shown.view.setLabeledRows({0, 1, 2, 3, 4});
    QVERIFY(shown.exposed());
    QTemporaryDir dir;
    const QString path = dir.filePath("shot.png");
    QVERIFY(shown.view.saveScreenshot(path, size));
    const QImage image(path);
    QCOMPARE(image.size(), size.isEmpty() ? shown.view.size() : size);
    QVERIFY(countNonBackground(image, shown.view.theme().background) > 1000);
}

void TestPointViewFrames::labelsDeclutter() {
    LabelOverlay overlay;
    overlay.setFont(QApplication::font());
    const std::vector<std::string> labels{"far", "near", "alone", "hidden"};
    LabelOverlay::Params params;
    params.viewport = QSizeF(400, 300);
    params.labels = &labels;
    const std::vector<LabelOverlay::Candidate> candidates{
        {0, {100, 100}, 0.5f, 0}, {1, {102, 101}, 0.2f, 0}, {2, {300, 200}, 0.9f, 0}};
    auto rowsOf = [](const std::vector<LabelOverlay::Placed>& placed) {
        std::vector<int> rows;
        for (const auto& label : placed)
            rows.push_back(label.row);
        return rows;
    };
    // The nearer of two crowded points wins its cells.
    QCOMPARE(rowsOf(overlay.layout(candidates, params)), (std::vector<int>{1, 2}));
    // The hovered point is always labelled, first.
    params.hoveredRow = 0;
    const auto placed = overlay.layout(candidates, params);
    QCOMPARE(rowsOf(placed), (std::vector<int>{0, 2}));
    QCOMPARE(placed.front().text, QStringLiteral("far"));
    QVERIFY(placed.front().hovered);
}

void TestPointViewFrames::labelsDrawOverFrame() {
    ShownView shown(spreadPoints(3, true), true);
    shown.view.setLabels(std::make_shared<std::vector<std::string>>(9, "label"));
    QVERIFY(shown.exposed());
    const int without =
        countNonBackground(shown.view.grabFramebuffer(), shown.view.theme().background);
    shown.view.setLabeledRows({0, 4, 8});
    const int with =
        countNonBackground(shown.view.grabFramebuffer(), shown.view.theme().background);
    QVERIFY2(with > without + 100, qPrintable(QStringLiteral("%1 vs %2").arg(with).arg(without)));
}

void TestPointViewFrames::transitionAnimatesToNewLayout() {
    std::vector<float> from = spreadPoints(4, true);
    std::vector<float> to = from;
    for (std::size_t i = 0; i < to.size(); i += 3)
        std::swap(to[i], to[i + 1]); // mirrored across the diagonal
    ShownView shown(from, true);
    QVERIFY(shown.exposed());
    shown.view.setPositions(to, PointView::Transition{true, 300, false});
    QVERIFY(shown.view.isAnimating());
    QVERIFY(countNonBackground(shown.view.grabFramebuffer(), shown.view.theme().background) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.view.isAnimating(), 3000);
    for (int row : {1, 6, 11}) {
        const QPointF screen = projectByHand(shown.view, pointOf(to, row));
        QCOMPARE(shown.view.pickAt(screen.toPoint()), row);
        const QImage frame = shown.view.grabFramebuffer();
        QVERIFY(frame.pixel(screen.toPoint()) != shown.view.theme().background.rgb());
    }
}

// While the camera moves a large set draws a sample sized by the frame budget; once still, it
// fills in the rest over the next frames, and the result is the picture of one full draw.
void TestPointViewFrames::samplesWhileMoving() {
    const int rows = 60000;
    ShownView shown(randomCloud(rows));
    QVERIFY(shown.exposed());
    shown.view.grabFramebuffer(); // the first frame, timed
    QVERIFY(shown.view.estimatedFullFrameMs() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(shown.view.lastDrawnCount(), rows, 5000);

    shown.view.setFrameBudgetMs(1e-6); // every frame draws the smallest sample
    shown.view.orbitBy(10, 0);
    shown.view.grabFramebuffer();
    QCOMPARE(shown.view.lastDrawnCount(), FramePacer::kMinSample);
    QTRY_COMPARE_WITH_TIMEOUT(shown.view.lastDrawnCount(), rows, 5000);
    const QImage filledIn = shown.view.grabFramebuffer();

    shown.view.setLevelOfDetail(false);
    shown.view.orbitBy(0, 0); // the same camera, drawn at once
    const QImage atOnce = shown.view.grabFramebuffer();
    QCOMPARE(shown.view.lastDrawnCount(), rows);
    QVERIFY(filledIn == atOnce);
}

void TestPointViewFrames::keysMoveCamera() {
    ShownView shown(randomCloud(100));
    QVERIFY(shown.exposed());
    const CameraPose home = shown.view.camera().pose();
    QTest::keyClick(&shown.view, Qt::Key_Left);
    QVERIFY(std::abs(shown.view.camera().pose().yaw - home.yaw) > 1.0f);
    QTest::keyClick(&shown.view, Qt::Key_Plus);
    QVERIFY(shown.view.camera().pose().distance < home.distance);
    QTest::keyClick(&shown.view, Qt::Key_R);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.view.isAnimating(), 3000);
    QVERIFY(std::abs(shown.view.camera().pose().yaw - home.yaw) < 1e-3f);
    QVERIFY(std::abs(shown.view.camera().pose().distance - home.distance) < 1e-3f);
}

void TestPointViewFrames::brokenShaderIsReported() {
    QTemporaryDir dir;
    const QString broken = dir.filePath("broken.frag");
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("#version 330 core\nout vec4 c;\nvoid main() { c = vec4(undefinedThing); }\n");
    file.close();

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("fragment shader .*broken.frag"));
    PointView view;
    QSignalSpy failed(&view, &PointView::renderFailed);
    ShaderSources sources;
    sources.fragmentPath = broken;
    view.setShaderSources(sources);
    view.resize(400, 300);
    view.setPositions(randomCloud(100));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage frame = view.grabFramebuffer();
    QCOMPARE(failed.count(), 1);
    QVERIFY2(view.errorString().contains("undefinedThing"), qPrintable(view.errorString()));
    // Not a silent blank frame: the message is drawn in the error colour.
    int errorPixels = 0;
    for (int y = 0; y < frame.height(); ++y)
        for (int x = 0; x < frame.width(); ++x)
            errorPixels += frame.pixel(x, y) == view.theme().errorText.rgb();
    QVERIFY(errorPixels > 20);

    // A working shader again recovers.
    view.setShaderSources(ShaderSources{});
    QVERIFY(view.errorString().isEmpty());
    QVERIFY(countNonBackground(view.grabFramebuffer(), view.theme().background) > 0);
}

// Plain line sets go to the GPU (LineRenderer): each line is there in its colour and width at
// the hand-projected midpoint of its rows, on screen and in an off-screen image, and a line to
// a hidden row is left out.
void TestPointViewFrames::plainLinesOnGpu() {
    const std::vector<float> xyz{-1, -1, 0, 1, -1, 0, -1, 1, 0, 1, 1, 0};
    ShownView shown(xyz, true);
    QVERIFY(shown.exposed());
    auto plain = [](QString name, int from, int to, QColor color, float width) {
        LineSet set;
        set.name = name;
        set.arrows = false;
        set.width = width;
        set.segments.push_back({LineEnd::atRow(from), LineEnd::atRow(to), color});
        return set;
    };
    const QColor red(255, 0, 0), green(0, 255, 0);
    shown.view.setLineSets({plain(QStringLiteral("thin"), 0, 1, red, 1.0f),
                            plain(QStringLiteral("wide"), 2, 3, green, 4.0f)});
    QTRY_COMPARE(shown.view.lastDrawnLineCount(), 2);
    QCOMPARE(shown.view.gpuLineCount(), 2);
    // Pixels of `color` in the column through the midpoint of rows a and b, `scale` times the
    // view's size.
    auto thickness = [&](const QImage& image, int a, int b, QColor color, float scale) {
        const QPointF mid = (projectByHand(shown.view, pointOf(xyz, a)) +
                             projectByHand(shown.view, pointOf(xyz, b))) *
                            0.5 * scale;
        int count = 0;
        for (int y = int(mid.y() - 12 * scale); y <= int(mid.y() + 12 * scale); ++y)
            count += image.valid(int(mid.x()), y) &&
                     (image.pixel(int(mid.x()), y) & 0xffffff) == (color.rgb() & 0xffffff);
        return count;
    };
    const QImage frame = shown.view.grabFramebuffer();
    QVERIFY(thickness(frame, 0, 1, red, 1) >= 1 && thickness(frame, 0, 1, red, 1) <= 2);
    QVERIFY2(thickness(frame, 2, 3, green, 1) >= 3 && thickness(frame, 2, 3, green, 1) <= 5,
             qPrintable(QString::number(thickness(frame, 2, 3, green, 1))));
    const QImage image = shown.view.renderImage(shown.view.size() * 2);
    QVERIFY(thickness(image, 0, 1, red, 2) >= 1);
    QVERIFY(thickness(image, 2, 3, green, 2) >= 7); // widths scale with the image
    shown.view.setHidden({3});
    QTRY_COMPARE(shown.view.gpuLineCount(), 1);
    QCOMPARE(thickness(shown.view.grabFramebuffer(), 2, 3, green, 1), 0);
    QVERIFY(thickness(shown.view.grabFramebuffer(), 0, 1, red, 1) >= 1);
}

// The window puts the view in its centre, showing the demo set's first three principal
// components (computed off the GUI thread), and keeps the label list in the "Search" dock.
void TestPointViewFrames::mainWindowShowsPcaLayout() {
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings out of it
    MainWindow window;
    window.setScreenshotMode(true);
    QSignalSpy ready(&window, &MainWindow::layoutReady);
    window.show();
    window.openDemoSet();
    QVERIFY(ready.wait(30000));
    PointView* view = window.pointView();
    QCOMPARE(view->parentWidget(), window.centralWidget()); // beside the comparison's second view
    QCOMPARE(view->pointCount(), 20000);
    vecspace::PcaOptions options;
    options.components = 3;
    const vecspace::PcaResult pca = vecspace::computePca(window.dataset()->vectors, options);
    for (int row : {0, 1, 777, 19999})
        for (int c = 0; c < 3; ++c)
            QVERIFY(std::abs(view->positions()[std::size_t(row) * 3 + std::size_t(c)] -
                             pca.coordinates(row, c)) < 1e-4f);
    auto* dock = window.findChild<QDockWidget*>("searchDock");
    QVERIFY(dock);
    QCOMPARE(dock->windowTitle(), QStringLiteral("Search"));
    QVERIFY(dock->isAncestorOf(window.findChild<QListView*>("labelList")));
    QVERIFY(countNonBackground(view->grabFramebuffer(), view->theme().background) > 1000);
}

// Two points on one spot, both to be labelled: the declutter places one label. A pinned row
// wins over a row listed before it, and its long label then reaches far to the right.
void TestPointViewFrames::pinnedLabelsComeFirst() {
    const std::vector<float> xyz{0, 0, 0, 0.001f, 0, 0, -1, -1, 0, 1, -1, 0, -1, 1, 0, 1, 1, 0};
    ShownView shown(xyz, true);
    shown.view.setLabels(std::make_shared<std::vector<std::string>>(
        std::vector<std::string>{"WWWWWWWWWWWW", "i", "a", "b", "c", "d"}));
    QVERIFY(shown.exposed());
    const QPoint centre = projectByHand(shown.view, pointOf(xyz, 0)).toPoint();
    const QRgb background = shown.view.theme().background.rgb() & 0xffffff;
    // Pixels that are not background in a strip right of the points, beyond the short label.
    auto inkRightOfCentre = [&] {
        const QImage frame = shown.view.grabFramebuffer();
        int count = 0;
        for (int y = centre.y() - 5; y <= centre.y() + 5; ++y)
            for (int x = centre.x() + 40; x < centre.x() + 110; ++x)
                count += (frame.pixel(x, y) & 0xffffff) != background;
        return count;
    };
    shown.view.setLabeledRows({1, 0});
    const int unpinned = inkRightOfCentre();
    QVERIFY2(unpinned < 10, qPrintable(QString::number(unpinned))); // "i" won the spot
    shown.view.setPinnedLabels({0});
    QCOMPARE(shown.view.pinnedLabels(), std::vector<int>{0});
    const int pinned = inkRightOfCentre();
    QVERIFY2(pinned > unpinned + 100,
             qPrintable(QStringLiteral("%1 vs %2").arg(pinned).arg(unpinned)));
}

// With level of detail off the next frame draws every point, even while the camera still moves
// (screenshots rely on it).
void TestPointViewFrames::levelOfDetailOffDrawsEveryPoint() {
    const int rows = 60000;
    ShownView shown(randomCloud(rows));
    QVERIFY(shown.exposed());
    shown.view.grabFramebuffer(); // the first frame, timed
    shown.view.setFrameBudgetMs(1e-6);
    shown.view.orbitBy(10, 0);
    shown.view.grabFramebuffer();
    QCOMPARE(shown.view.lastDrawnCount(), FramePacer::kMinSample);
    QSignalSpy look(&shown.view, &PointView::lookChanged);
    shown.view.setLevelOfDetail(false);
    QCOMPARE(look.count(), 1);
    QVERIFY(!shown.view.levelOfDetail());
    QVERIFY(shown.view.isCameraMoving());
    shown.view.grabFramebuffer();
    QCOMPARE(shown.view.lastDrawnCount(), rows);
}

// A frame on screen costs more than its points (composition, overlay): the view measures that
// from its own frames, and the pacer takes it from the budget (test_frame_pacer).
void TestPointViewFrames::framesMeasureTheirOverhead() {
    ShownView shown(randomCloud(1000));
    QVERIFY(shown.exposed());
    shown.view.orbitBy(1, 0);
    QTRY_VERIFY(shown.view.frameOverheadMs() > 0.0);
}

// The shaders pass each point one packed colour and ring: a selected point has the outline
// colour's ring, a neighbour the neighbour colour's, and a plain point neither.
void TestPointViewFrames::ringsKeepTheirColours() {
    const std::vector<float> xyz = spreadPoints(3, true);
    ShownView shown(xyz, true);
    shown.view.setPointSize(20.0f);
    shown.view.setSelection({0});
    shown.view.setNeighborRows({4});
    QVERIFY(shown.exposed());
    const QImage frame = shown.view.grabFramebuffer();
    auto pixelsOf = [&](int row, const QColor& color) {
        const QPoint centre = projectByHand(shown.view, pointOf(xyz, row)).toPoint();
        int count = 0;
        for (int y = centre.y() - 20; y <= centre.y() + 20; ++y)
            for (int x = centre.x() - 20; x <= centre.x() + 20; ++x)
                count +=
                    frame.valid(x, y) && (frame.pixel(x, y) & 0xffffff) == (color.rgb() & 0xffffff);
        return count;
    };
    const QColor outline = shown.view.theme().selectionOutline;
    const QColor neighbour = shown.view.theme().neighborOutline;
    QVERIFY(outline.rgb() != neighbour.rgb());
    QVERIFY2(pixelsOf(0, outline) > 20, qPrintable(QString::number(pixelsOf(0, outline))));
    QCOMPARE(pixelsOf(0, neighbour), 0);
    QVERIFY2(pixelsOf(4, neighbour) > 20, qPrintable(QString::number(pixelsOf(4, neighbour))));
    QCOMPARE(pixelsOf(4, outline), 0);
    QCOMPARE(pixelsOf(8, outline) + pixelsOf(8, neighbour), 0);
}

QTEST_MAIN(TestPointViewFrames)
#include "test_point_view_frames.moc"
