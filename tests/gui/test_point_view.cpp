// The 3D point view under a real OpenGL 3.3 context (Mesa llvmpipe under Xvfb in CI): it draws
// points and nothing else, and picks and selects the rows the test computes from the camera
// matrices on its own. Frames, labels, screenshots and level of detail are in
// test_point_view_frames.cpp.
#include "point_view.h"
#include "point_view_support.h"

#include <QApplication>
#include <QImage>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QtTest>
#include <cmath>

using namespace pointviewtest;

Q_DECLARE_METATYPE(std::vector<float>)

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
    void cameraFramesBulkAndTail_data();
    void cameraFramesBulkAndTail();
    void dragMovesAsOneMove_data();
    void dragMovesAsOneMove();
};

void TestPointView::initTestCase() {
    const std::optional<QSurfaceFormat> format = glFormat();
    if (!format) QSKIP("no OpenGL context (run under xvfb-run with Mesa)");
    QVERIFY(format->version() >= qMakePair(3, 3));
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

void TestPointView::cameraFramesBulkAndTail_data() {
    QTest::addColumn<std::vector<float>>(
        "extra"); // points added to a 10 x 10 x 10 grid on [-1, 1]^3
    QTest::addColumn<QVector3D>("centre");
    QTest::addColumn<float>("radius");
    // One point 100 units out is left out of the frame: the grid's box, centre 0, radius to a
    // corner sqrt(3).
    QTest::newRow("far outlier") << std::vector<float>{100, 0, 0} << QVector3D(0, 0, 0)
                                 << std::sqrt(3.0f);
    // A tail of 100 points from x = 1 to 3 stays in (within twice the 99th percentile): the box
    // is [-1, 3] x [-1, 1]^2, centre (1, 0, 0), farthest corner (-1, 1, 1) at sqrt(6). Centred on
    // the mean (x = 0.18) the tail's end would sit near the frame's edge.
    std::vector<float> tail;
    for (int k = 0; k < 100; ++k)
        tail.insert(tail.end(), {1.0f + 2.0f * float(k) / 99.0f, 0.0f, 0.0f});
    QTest::newRow("long tail") << tail << QVector3D(1, 0, 0) << std::sqrt(6.0f);
}

void TestPointView::cameraFramesBulkAndTail() {
    QFETCH(std::vector<float>, extra);
    QFETCH(QVector3D, centre);
    QFETCH(float, radius);
    std::vector<float> xyz;
    for (int i = 0; i < 10; ++i)
        for (int j = 0; j < 10; ++j)
            for (int k = 0; k < 10; ++k)
                xyz.insert(xyz.end(),
                           {-1.0f + 2.0f * float(i) / 9.0f, -1.0f + 2.0f * float(j) / 9.0f,
                            -1.0f + 2.0f * float(k) / 9.0f});
    xyz.insert(xyz.end(), extra.begin(), extra.end());
    Camera camera;
    camera.fitPoints(xyz.data(), int(xyz.size() / 3));
    QVERIFY2((camera.centre() - centre).length() < 1e-5f,
             qPrintable(QString("centre (%1, %2, %3)")
                            .arg(camera.centre().x())
                            .arg(camera.centre().y())
                            .arg(camera.centre().z())));
    QVERIFY2(std::abs(camera.radius() - radius) < 1e-5f,
             qPrintable(QString::number(camera.radius())));
}

void TestPointView::dragMovesAsOneMove_data() {
    QTest::addColumn<bool>("twoD");       // 2D: a left drag pans; 3D: it orbits
    QTest::addColumn<int>("steps");       // mouse moves between press and release
    QTest::addColumn<bool>("releaseFar"); // one 10 px move, the release 300 px from the press
    QTest::newRow("3D, 300 moves of 1 px") << false << 300 << false;
    QTest::newRow("3D, 30 moves of 10 px") << false << 30 << false;
    QTest::newRow("3D, released 290 px after the last move") << false << 1 << true;
    QTest::newRow("2D, 300 moves of 1 px") << true << 300 << false;
    QTest::newRow("2D, released 290 px after the last move") << true << 1 << true;
}

// However the mouse events come (many small moves, as a slow drag; few, as under load; or the
// last stretch only in the release), the camera ends where one 300 px move puts it.
void TestPointView::dragMovesAsOneMove() {
    QFETCH(bool, twoD);
    QFETCH(int, steps);
    QFETCH(bool, releaseFar);
    const std::vector<float> xyz = spreadPoints(10, twoD);
    const QPointF from(50, 150), to(350, 150);
    ShownView one(xyz, twoD);
    QVERIFY(one.exposed());
    const CameraPose start = one.view.camera().pose();
    drag(&one.view, {from, to}, Qt::NoModifier);
    const CameraPose expected = one.view.camera().pose();
    QVERIFY(!(expected == start));

    ShownView split(xyz, twoD);
    QVERIFY(split.exposed());
    QVERIFY(split.view.camera().pose() == start);
    sendMouse(&split.view, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    const QPointF end = releaseFar ? from + QPointF(10, 0) : to;
    for (int i = 1; i <= steps; ++i)
        sendMouse(&split.view, QEvent::MouseMove, from + (end - from) * (double(i) / steps),
                  Qt::NoButton, Qt::LeftButton);
    sendMouse(&split.view, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
    const CameraPose actual = split.view.camera().pose();
    const auto near = [](float a, float b) { return std::abs(a - b) <= 1e-3f * (1 + std::abs(b)); };
    QVERIFY2(near(actual.yaw, expected.yaw) && near(actual.pitch, expected.pitch) &&
                 near(actual.distance, expected.distance) &&
                 near(actual.target.x(), expected.target.x()) &&
                 near(actual.target.y(), expected.target.y()) &&
                 near(actual.target.z(), expected.target.z()),
             qPrintable(QString("yaw %1 vs %2, target x %3 vs %4")
                            .arg(actual.yaw)
                            .arg(expected.yaw)
                            .arg(actual.target.x())
                            .arg(expected.target.x())));
}

QTEST_MAIN(TestPointView)
#include "test_point_view.moc"
