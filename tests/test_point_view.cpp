// The 3D point view under a real OpenGL 3.3 context (Mesa llvmpipe under Xvfb in CI): it draws
// points and nothing else, picks and selects the rows the test computes from the camera
// matrices on its own, writes screenshots of the requested size, samples while the camera
// moves, and reports a broken shader instead of drawing a black frame.
#include "label_overlay.h"
#include "main_window.h"
#include "point_view.h"
#include "vecspace/pca.h"

#include <QApplication>
#include <QDockWidget>
#include <QImage>
#include <QListView>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <random>

namespace {

// Screen position of a world point, from the camera's matrices with the textbook viewport
// mapping, written out here rather than through the view's own Projection::toScreen.
QPointF projectByHand(const PointView& view, const QVector3D& world) {
    const Camera& camera = view.camera();
    const float aspect = float(view.width()) / float(view.height());
    const QVector4D clip = camera.projectionMatrix(aspect) * camera.viewMatrix() *
                           camera.modelMatrix() * QVector4D(world, 1.0f);
    const QVector3D ndc = clip.toVector3DAffine();
    return {(ndc.x() + 1.0) / 2.0 * view.width(), (1.0 - ndc.y()) / 2.0 * view.height()};
}

QVector3D pointOf(const std::vector<float>& xyz, int row) {
    return {xyz[std::size_t(row) * 3], xyz[std::size_t(row) * 3 + 1],
            xyz[std::size_t(row) * 3 + 2]};
}

int countNonBackground(const QImage& image, const QColor& background) {
    const QRgb bg = background.rgb() & 0xffffff;
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += (image.pixel(x, y) & 0xffffff) != bg;
    return count;
}

// Points on a jittered grid, far enough apart that none overlaps another on screen.
std::vector<float> spreadPoints(int side, bool flat) {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> jitter(-0.15f, 0.15f);
    std::vector<float> xyz;
    for (int i = 0; i < side; ++i)
        for (int j = 0; j < side; ++j) {
            xyz.push_back(float(i) + jitter(random));
            xyz.push_back(float(j) + jitter(random));
            xyz.push_back(flat ? 0.0f : float((i * 7 + j * 3) % side) * 0.5f);
        }
    return xyz;
}

std::vector<float> randomCloud(int rows) {
    std::mt19937 random(11);
    std::normal_distribution<float> normal;
    std::vector<float> xyz(std::size_t(rows) * 3);
    for (float& v : xyz)
        v = normal(random);
    return xyz;
}

void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QMouseEvent event(type, pos, widget->mapToGlobal(pos), button, buttons, modifiers);
    QApplication::sendEvent(widget, &event);
}

void drag(QWidget* widget, const QList<QPointF>& path, Qt::KeyboardModifiers modifiers) {
    sendMouse(widget, QEvent::MouseButtonPress, path.front(), Qt::LeftButton, Qt::LeftButton,
              modifiers);
    for (const QPointF& pos : path.mid(1))
        sendMouse(widget, QEvent::MouseMove, pos, Qt::NoButton, Qt::LeftButton, modifiers);
    sendMouse(widget, QEvent::MouseButtonRelease, path.back(), Qt::LeftButton, Qt::NoButton,
              modifiers);
}

// A shown view of a fixed size with `xyz` on it, settled (no animation running).
struct ShownView {
    PointView view;
    explicit ShownView(std::vector<float> xyz, bool twoD = false, QSize size = {400, 300}) {
        view.resize(size);
        view.set2DMode(twoD);
        view.show();
        view.setPositions(std::move(xyz), PointView::Transition{false, 0, true});
        view.resetView(false);
    }
    bool exposed() { return QTest::qWaitForWindowExposed(&view); }
};

} // namespace

class TestPointView : public QObject {
    Q_OBJECT

public:
    // Before QApplication: the GL contexts are created with this format.
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void drawsPoints_data();
    void drawsPoints();
    void coloursAndHighlight();
    void picksProjectedPoint_data();
    void picksProjectedPoint();
    void picksNearestToCamera();
    void hiddenPointsAreNotPicked();
    void boxSelection();
    void lassoSelection();
    void clickSelectsAndHoverReports();
    void screenshotHasRequestedSize_data();
    void screenshotHasRequestedSize();
    void labelsDeclutter();
    void labelsDrawOverFrame();
    void transitionAnimatesToNewLayout();
    void samplesWhileMoving();
    void keysMoveCamera();
    void brokenShaderIsReported();
    void mainWindowShowsPcaLayout();
};

void TestPointView::initTestCase() {
    QOpenGLContext context;
    context.setFormat(PointView::surfaceFormat());
    if (!context.create()) QSKIP("no OpenGL context (run under xvfb-run with Mesa)");
    const QSurfaceFormat format = context.format();
    qInfo("OpenGL %d.%d", format.majorVersion(), format.minorVersion());
    QVERIFY(format.version() >= qMakePair(3, 3));
}

void TestPointView::drawsPoints_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<bool>("twoD");
    QTest::addColumn<bool>("dark");
    QTest::newRow("none") << 0 << false << true;
    QTest::newRow("one") << 1 << false << true;
    QTest::newRow("1000 3D dark") << 1000 << false << true;
    QTest::newRow("1000 3D light") << 1000 << false << false;
    QTest::newRow("1000 2D") << 1000 << true << true;
}

void TestPointView::drawsPoints() {
    QFETCH(int, rows);
    QFETCH(bool, twoD);
    QFETCH(bool, dark);
    ShownView shown(randomCloud(rows), twoD);
    shown.view.setTheme(dark ? ViewTheme::dark() : ViewTheme::light());
    QVERIFY(shown.exposed());
    const QImage frame = shown.view.grabFramebuffer();
    QCOMPARE(frame.size(), shown.view.size() * shown.view.devicePixelRatio());
    QVERIFY2(shown.view.errorString().isEmpty(), qPrintable(shown.view.errorString()));
    const int drawn = countNonBackground(frame, shown.view.theme().background);
    if (rows == 0)
        QCOMPARE(drawn, 0);
    else
        QVERIFY2(drawn > rows / 10 + 10, qPrintable(QString::number(drawn)));
}

// Per-point colours reach the screen, and a highlight set dims every other point towards the
// background.
void TestPointView::coloursAndHighlight() {
    const std::vector<float> xyz = spreadPoints(3, true);
    ShownView shown(xyz, true);
    shown.view.setPointSize(12.0f);
    std::vector<std::uint8_t> rgb(9 * 3, 0);
    for (int row = 0; row < 9; ++row)
        rgb[std::size_t(row) * 3 + (row == 4 ? 0 : 1)] = 255; // row 4 red, the others green
    shown.view.setColors(rgb);
    QVERIFY(shown.exposed());
    const QPoint red = projectByHand(shown.view, pointOf(xyz, 4)).toPoint();
    const QPoint green = projectByHand(shown.view, pointOf(xyz, 0)).toPoint();
    QImage frame = shown.view.grabFramebuffer();
    QVERIFY(qRed(frame.pixel(red)) > 2 * qGreen(frame.pixel(red)));
    QVERIFY(qGreen(frame.pixel(green)) > 2 * qRed(frame.pixel(green)));

    auto distanceToBackground = [&](QRgb pixel) {
        const QColor bg = shown.view.theme().background;
        return std::abs(qRed(pixel) - bg.red()) + std::abs(qGreen(pixel) - bg.green()) +
               std::abs(qBlue(pixel) - bg.blue());
    };
    const int before = distanceToBackground(frame.pixel(green));
    shown.view.setHighlighted({4});
    frame = shown.view.grabFramebuffer();
    QVERIFY(distanceToBackground(frame.pixel(green)) < before / 2);
    QVERIFY(qRed(frame.pixel(red)) > 2 * qGreen(frame.pixel(red))); // the match keeps its colour
}

void TestPointView::picksProjectedPoint_data() {
    QTest::addColumn<bool>("twoD");
    QTest::newRow("3D") << false;
    QTest::newRow("2D") << true;
}

void TestPointView::picksProjectedPoint() {
    QFETCH(bool, twoD);
    const std::vector<float> xyz = spreadPoints(6, twoD);
    ShownView shown(xyz, twoD);
    shown.view.setPointSize(8.0f);
    QVERIFY(shown.exposed());
    const QImage frame = shown.view.grabFramebuffer();
    std::vector<QPointF> screens;
    for (int row = 0; row < 36; ++row)
        screens.push_back(projectByHand(shown.view, pointOf(xyz, row)));
    int offsetChecks = 0;
    for (int row = 0; row < 36; ++row) {
        const QPointF screen = screens[std::size_t(row)];
        QVERIFY(QRectF(shown.view.rect()).contains(screen));
        // In 3D another point may cover this one's centre, from nearer the camera.
        bool crowded = false;
        for (int other = 0; other < 36; ++other)
            crowded |= other != row && QLineF(screen, screens[std::size_t(other)]).length() < 12;
        if (crowded) continue;
        QCOMPARE(shown.view.pickAt(screen.toPoint()), row);
        // A pixel off still picks it; the GPU drew something there.
        QCOMPARE(shown.view.pickAt(screen.toPoint() + QPoint(2, -1)), row);
        QVERIFY(frame.pixel(screen.toPoint()) != shown.view.theme().background.rgb());
        ++offsetChecks;
    }
    QVERIFY(offsetChecks >= 20);
    QCOMPARE(shown.view.pickAt(QPoint(1, 1)), -1); // a corner, far from every point
}

// Two points on one line of sight: the front one is what the user sees, so it is picked.
void TestPointView::picksNearestToCamera() {
    std::vector<float> xyz = randomCloud(50);
    ShownView shown(xyz);
    QVERIFY(shown.exposed());
    const QVector3D eye = shown.view.camera().viewMatrix().inverted().map(QVector3D());
    const QVector3D back = pointOf(xyz, 0);
    const QVector3D front = back + (eye - back) * 0.3f;
    for (int row : {0, 1}) {
        const QVector3D p = row == 0 ? back : front;
        for (int i = 0; i < 3; ++i)
            xyz[std::size_t(row) * 3 + std::size_t(i)] = p[i];
    }
    shown.view.setPositions(xyz, PointView::Transition{false, 0, false});
    const QPointF screen = projectByHand(shown.view, back);
    QCOMPARE(shown.view.pickAt(screen.toPoint()), 1);
}

void TestPointView::hiddenPointsAreNotPicked() {
    const std::vector<float> xyz = spreadPoints(4, true);
    ShownView shown(xyz, true);
    QVERIFY(shown.exposed());
    const QPoint screen = projectByHand(shown.view, pointOf(xyz, 5)).toPoint();
    QCOMPARE(shown.view.pickAt(screen), 5);
    shown.view.setHidden({5});
    QCOMPARE(shown.view.pickAt(screen), -1);
    shown.view.setHidden({});
    QCOMPARE(shown.view.pickAt(screen), 5);
}

void TestPointView::boxSelection() {
    const std::vector<float> xyz = randomCloud(2000);
    ShownView shown(xyz);
    QVERIFY(shown.exposed());
    const QRect box(120, 80, 110, 90);
    std::vector<int> expected;
    for (int row = 0; row < 2000; ++row)
        if (QRectF(box).contains(projectByHand(shown.view, pointOf(xyz, row))))
            expected.push_back(row);
    QVERIFY(expected.size() > 20);
    QCOMPARE(shown.view.rowsInRect(box), expected);

    // The same through the mouse: ctrl-drag draws the rectangle and selects.
    QSignalSpy changed(&shown.view, &PointView::selectionChanged);
    drag(&shown.view, {box.topLeft(), box.center(), box.bottomRight() + QPoint(1, 1)},
         Qt::ControlModifier);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(shown.view.selection(), expected);
}

void TestPointView::lassoSelection() {
    const std::vector<float> xyz = randomCloud(2000);
    ShownView shown(xyz);
    QVERIFY(shown.exposed());
    const QPolygonF lasso({{200, 40}, {330, 250}, {90, 230}, {150, 150}});
    std::vector<int> expected;
    int onEdge = 0; // a point within a pixel of the outline may fall either way when rasterised
    for (int row = 0; row < 2000; ++row) {
        const QPointF p = projectByHand(shown.view, pointOf(xyz, row));
        if (lasso.containsPoint(p, Qt::OddEvenFill)) expected.push_back(row);
    }
    const std::vector<int> got = shown.view.rowsInPolygon(lasso);
    QVERIFY(expected.size() > 50);
    std::vector<int> difference;
    std::set_symmetric_difference(got.begin(), got.end(), expected.begin(), expected.end(),
                                  std::back_inserter(difference));
    for (int row : difference) {
        const QPointF p = projectByHand(shown.view, pointOf(xyz, row));
        bool nearEdge = false;
        for (int i = 0; i < lasso.size(); ++i) {
            const QLineF edge(lasso[i], lasso[(i + 1) % lasso.size()]);
            const QPointF d = edge.p2() - edge.p1();
            const double t = std::clamp(
                QPointF::dotProduct(p - edge.p1(), d) / QPointF::dotProduct(d, d), 0.0, 1.0);
            nearEdge |= QLineF(p, edge.p1() + d * t).length() < 1.5;
        }
        onEdge += nearEdge;
        QVERIFY2(nearEdge, qPrintable(QStringLiteral("row %1 misclassified").arg(row)));
    }
    QVERIFY(onEdge <= 3);

    // Through the mouse: ctrl+shift-drag along the outline.
    QList<QPointF> path;
    for (int i = 0; i <= lasso.size(); ++i) {
        const QPointF a = lasso[i % lasso.size()], b = lasso[(i + 1) % lasso.size()];
        for (int s = 0; s < 10 && i < lasso.size(); ++s)
            path << a + (b - a) * (s / 10.0);
    }
    path << lasso.front();
    drag(&shown.view, path, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(std::abs(int(shown.view.selection().size()) - int(expected.size())) <= 3);
}

void TestPointView::clickSelectsAndHoverReports() {
    const std::vector<float> xyz = spreadPoints(5, true);
    ShownView shown(xyz, true);
    QVERIFY(shown.exposed());
    const QPointF a = projectByHand(shown.view, pointOf(xyz, 7));
    const QPointF b = projectByHand(shown.view, pointOf(xyz, 18));

    QSignalSpy hovered(&shown.view, &PointView::hovered);
    // Hover waits for the camera to stop (the screen grid is rebuilt for each camera).
    QTRY_VERIFY(!shown.view.isCameraMoving());
    sendMouse(&shown.view, QEvent::MouseMove, a, Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.front().front().toInt(), 7);
    QCOMPARE(shown.view.hoveredRow(), 7);

    QSignalSpy clicked(&shown.view, &PointView::clicked);
    drag(&shown.view, {a}, Qt::NoModifier);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.front().at(0).toInt(), 7);
    QCOMPARE(shown.view.selection(), std::vector<int>{7});
    drag(&shown.view, {b}, Qt::ControlModifier); // ctrl-click adds
    QCOMPARE(shown.view.selection(), (std::vector<int>{7, 18}));
    drag(&shown.view, {a}, Qt::ControlModifier); // and removes
    QCOMPARE(shown.view.selection(), std::vector<int>{18});
    drag(&shown.view, {QPointF(2, 2)}, Qt::NoModifier); // empty space clears
    QVERIFY(shown.view.selection().empty());
    QCOMPARE(clicked.back().at(0).toInt(), -1);
}

void TestPointView::screenshotHasRequestedSize_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("widget size") << QSize();
    QTest::newRow("640x480") << QSize(640, 480);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestPointView::screenshotHasRequestedSize() {
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

void TestPointView::labelsDeclutter() {
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

void TestPointView::labelsDrawOverFrame() {
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

void TestPointView::transitionAnimatesToNewLayout() {
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
void TestPointView::samplesWhileMoving() {
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

void TestPointView::keysMoveCamera() {
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

void TestPointView::brokenShaderIsReported() {
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

// The window puts the view in its centre, showing the demo set's first three principal
// components (computed off the GUI thread), and keeps the label list in the "Search" dock.
void TestPointView::mainWindowShowsPcaLayout() {
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings out of it
    MainWindow window;
    window.setScreenshotMode(true);
    QSignalSpy ready(&window, &MainWindow::layoutReady);
    window.show();
    window.openDemoSet();
    QVERIFY(ready.wait(30000));
    PointView* view = window.pointView();
    QCOMPARE(window.centralWidget(), view);
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

QTEST_MAIN(TestPointView)
#include "test_point_view.moc"
