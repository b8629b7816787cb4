#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

// Decides how many points a frame may draw. A full frame of a million points takes 0.2 s or more
// on a software rasteriser, so frames draw a prefix of the shuffled points (a uniform sample) sized
// from the measured cost per point. The budget is for the whole frame as it reaches the screen:
// what the frame spends besides the points (the copy of the cached frame, labels, Qt's
// composition and the swap: 15 ms of a 28 ms frame on llvmpipe at 1280x800) is measured too and
// left out of the points' share, or frames overrun the budget by that much. While the camera moves
// every frame starts over with such a sample; once it has been still for kSettleMs, the view adds
// the rest in steps that grow from one frame budget to kMaxFillStepMs, so a camera that moves again
// soon waits at most a frame, and a still one is complete in few steps.
class FramePacer : public QObject {
    Q_OBJECT

public:
    explicit FramePacer(QObject* parent = nullptr);

    // Off: every frame draws every point.
    void setLevelOfDetail(bool on) { m_levelOfDetail = on; }
    bool levelOfDetail() const { return m_levelOfDetail; }
    // From the start of a paint to the frame on screen.
    void setBudgetMs(double ms) { m_budgetMs = ms; }
    double budgetMs() const { return m_budgetMs; }

    // The camera (or the layout) moved: settled() follows once it has been still a while.
    void noteMotion();
    bool isMoving() const { return m_moving; }

    // How many of `total` points one frame in motion draws.
    int pointsPerFrame(int total) const;
    // How many of the points still missing once still, `remaining` of `total`, the next step
    // adds to the cached frame; each call is one step, and the steps grow until motion.
    int nextFillStep(int total, int remaining);
    // A draw of `points` took `ms`, measured to completion (glFinish).
    void recordDraw(int points, double ms);
    // A frame reached the screen `frameMs` after its paint began, `drawMs` of it drawing points.
    void recordFrame(double frameMs, double drawMs);
    double msPerPoint() const { return m_msPerPoint; } // 0: not measured yet
    double overheadMs() const { return m_overheadMs; } // a frame's time besides the points

    // Milliseconds since construction: the clock of every animation in the view.
    qint64 now() const { return m_clock.elapsed(); }

    // Two frames in motion: a drag that pauses for a frame does not start the filling in.
    static constexpr int kSettleMs = 60;
    static constexpr int kMinSample = 20000;        // fewer points stop reading as the same cloud
    static constexpr int kFirstSample = 100000;     // before any draw has been timed
    static constexpr double kMaxFillStepMs = 120.0; // input waits at most this long, once still

signals:
    void settled();

private:
    bool m_levelOfDetail = true;
    double m_budgetMs = 28.0; // 35 fps, leaving a margin over 30 for a frame that runs long
    double m_msPerPoint = 0.0;
    double m_overheadMs = 0.0;
    int m_fillSteps = 0; // since the last motion
    bool m_moving = false;
    QTimer m_settle;
    QElapsedTimer m_clock;
};
