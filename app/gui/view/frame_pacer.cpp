#include "frame_pacer.h"

#include <algorithm>

namespace {

// Draws smaller than this are mostly fixed cost and would overstate the cost per point.
constexpr int kMinTimedPoints = 5000;

} // namespace

FramePacer::FramePacer(QObject* parent) : QObject(parent) {
    m_clock.start();
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, [this] {
        m_moving = false;
        emit settled();
    });
}

void FramePacer::noteMotion() {
    m_moving = true;
    m_settle.start(); // restarts: the full set waits for the last movement
}

int FramePacer::pointsPerFrame(int total) const {
    if (!m_levelOfDetail) return total;
    if (m_msPerPoint <= 0.0) return std::min(total, kFirstSample);
    const double affordable = m_budgetMs / m_msPerPoint;
    return int(std::clamp(affordable, double(std::min(total, kMinSample)), double(total)));
}

void FramePacer::recordDraw(int points, double ms) {
    if (points < kMinTimedPoints) return;
    // The latest measurement wins: the cost changes with the zoom (fragments per point) and with
    // the load on a shared machine, and old figures say little about the next frame.
    m_msPerPoint = ms / double(points);
}
