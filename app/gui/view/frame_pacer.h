#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

// Decides how many points a frame may draw. A full frame of a million points takes ~0.5 s on a
// software rasteriser, so frames draw a prefix of the shuffled points (a uniform sample) sized
// to the frame budget from the measured cost per point. While the camera moves every frame
// starts over with such a sample; once it has been still for kSettleMs, the view adds the rest
// chunk by chunk, one budget per frame, so input is never blocked for long.
class FramePacer : public QObject {
    Q_OBJECT

public:
    explicit FramePacer(QObject* parent = nullptr);

    // Off: every frame draws every point.
    void setLevelOfDetail(bool on) { m_levelOfDetail = on; }
    bool levelOfDetail() const { return m_levelOfDetail; }
    void setBudgetMs(double ms) { m_budgetMs = ms; }
    double budgetMs() const { return m_budgetMs; }

    // The camera (or the layout) moved: settled() follows once it has been still a while.
    void noteMotion();
    bool isMoving() const { return m_moving; }

    // How many of `total` points one frame draws.
    int pointsPerFrame(int total) const;
    // A draw of `points` took `ms`, measured to completion (glFinish).
    void recordDraw(int points, double ms);
    double msPerPoint() const { return m_msPerPoint; } // 0: not measured yet

    // Milliseconds since construction: the clock of every animation in the view.
    qint64 now() const { return m_clock.elapsed(); }

    static constexpr int kSettleMs = 150;
    static constexpr int kMinSample = 20000;    // fewer points stop reading as the same cloud
    static constexpr int kFirstSample = 100000; // before any draw has been timed

signals:
    void settled();

private:
    bool m_levelOfDetail = true;
    double m_budgetMs = 30.0;
    double m_msPerPoint = 0.0;
    bool m_moving = false;
    QTimer m_settle;
    QElapsedTimer m_clock;
};
