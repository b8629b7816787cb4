// The frame pacer's arithmetic, fed measured costs directly: how many points a frame in motion
// draws once the frame's overhead (composition, overlay) is taken from the budget, and how the
// steps that fill in the rest grow once the camera is still.
#include "frame_pacer.h"

#include <QSignalSpy>
#include <QtTest>
#include <vector>

namespace {

// 131072 points in 32 ms: 2^-12 ms a point, so the expected counts below are exact.
constexpr int kTimedPoints = 131072;
constexpr double kTimedMs = 32.0;
constexpr int kPointsPerMs = 4096;

} // namespace

class TestFramePacer : public QObject {
    Q_OBJECT

private slots:
    void pointsPerFrame_data();
    void pointsPerFrame();
    void fillStepsGrowUntilMotion_data();
    void fillStepsGrowUntilMotion();
    void settlesAfterMotion();
};

void TestFramePacer::pointsPerFrame_data() {
    QTest::addColumn<bool>("levelOfDetail");
    QTest::addColumn<int>("timedPoints");      // one draw of these points in kTimedMs (0: none)
    QTest::addColumn<QList<double>>("frames"); // whole frames shown, each kTimedMs of drawing
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("expected");

    const int million = 1000000;
    QTest::newRow("nothing timed: the first sample")
        << true << 0 << QList<double>{} << million << FramePacer::kFirstSample;
    QTest::newRow("a short draw is not timed")
        << true << 1000 << QList<double>{} << million << FramePacer::kFirstSample;
    QTest::newRow("no frame shown yet: the whole budget")
        << true << kTimedPoints << QList<double>{} << million << 28 * kPointsPerMs;
    QTest::newRow("the overhead is left out")
        << true << kTimedPoints << QList<double>{44.0} << million << 16 * kPointsPerMs;
    QTest::newRow("overheads averaged: 12 ms, then 4 ms")
        << true << kTimedPoints << QList<double>{44.0, 36.0} << million << 20 * kPointsPerMs;
    QTest::newRow("a stalled frame says nothing")
        << true << kTimedPoints << QList<double>{44.0, 5000.0} << million << 16 * kPointsPerMs;
    QTest::newRow("overhead beyond the budget: the smallest sample")
        << true << kTimedPoints << QList<double>{80.0} << million << FramePacer::kMinSample;
    QTest::newRow("a small set is drawn whole")
        << true << kTimedPoints << QList<double>{80.0} << 5000 << 5000;
    QTest::newRow("the budget covers every point")
        << true << kTimedPoints << QList<double>{44.0} << 60000 << 60000;
    QTest::newRow("level of detail off")
        << false << kTimedPoints << QList<double>{80.0} << million << million;
}

void TestFramePacer::pointsPerFrame() {
    QFETCH(bool, levelOfDetail);
    QFETCH(int, timedPoints);
    QFETCH(QList<double>, frames);
    QFETCH(int, total);
    QFETCH(int, expected);
    FramePacer pacer;
    pacer.setBudgetMs(28.0);
    pacer.setLevelOfDetail(levelOfDetail);
    if (timedPoints > 0) pacer.recordDraw(timedPoints, kTimedMs);
    for (double frameMs : frames)
        pacer.recordFrame(frameMs, kTimedMs);
    QCOMPARE(pacer.pointsPerFrame(total), expected);
}

void TestFramePacer::fillStepsGrowUntilMotion_data() {
    QTest::addColumn<int>("total");
    QTest::addColumn<std::vector<int>>("steps"); // the points of each step until complete

    // 28 ms, 56 ms, 112 ms, then the cap (120 ms), the last step only what is left.
    QTest::newRow("a million") << 1000000
                               << std::vector<int>{28 * kPointsPerMs, 56 * kPointsPerMs,
                                                   112 * kPointsPerMs,
                                                   1000000 - 196 * kPointsPerMs};
    QTest::newRow("two million") << 2000000
                                 << std::vector<int>{
                                        28 * kPointsPerMs,  56 * kPointsPerMs,
                                        112 * kPointsPerMs, 120 * kPointsPerMs,
                                        120 * kPointsPerMs, 2000000 - 436 * kPointsPerMs};
    QTest::newRow("two steps") << 200000
                               << std::vector<int>{28 * kPointsPerMs, 200000 - 28 * kPointsPerMs};
    QTest::newRow("one step") << 50000 << std::vector<int>{50000};
}

void TestFramePacer::fillStepsGrowUntilMotion() {
    QFETCH(int, total);
    QFETCH(std::vector<int>, steps);
    FramePacer pacer;
    pacer.setBudgetMs(28.0);
    pacer.recordDraw(kTimedPoints, kTimedMs);
    pacer.recordFrame(44.0, kTimedMs); // a frame's overhead does not shrink the steps
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<int> taken;
        for (int drawn = 0; drawn < total && taken.size() < 10;) {
            taken.push_back(pacer.nextFillStep(total, total - drawn));
            drawn += taken.back();
        }
        QCOMPARE(taken, steps);
        pacer.noteMotion(); // the steps start small again
    }
    pacer.setLevelOfDetail(false);
    QCOMPARE(pacer.nextFillStep(total, total), total);
}

// Still again kSettleMs after the last motion (waited for, not timed).
void TestFramePacer::settlesAfterMotion() {
    FramePacer pacer;
    QSignalSpy settled(&pacer, &FramePacer::settled);
    QVERIFY(!pacer.isMoving());
    pacer.noteMotion();
    pacer.noteMotion();
    QVERIFY(pacer.isMoving());
    QVERIFY(settled.wait(5000));
    QCOMPARE(settled.count(), 1);
    QVERIFY(!pacer.isMoving());
}

QTEST_GUILESS_MAIN(TestFramePacer)
#include "test_frame_pacer.moc"
