#include "frame_pacer.h"

#include <algorithm>
#include <cmath>

namespace {

// Draws smaller than this are mostly fixed cost and would overstate the cost per point.
constexpr int kMinTimedPoints = 5000;
// A frame this long was held up by something else (a window being mapped, a dialog), not by
// what it drew: it says nothing about the next one.
constexpr double kStallMs = 1000.0;
// Weight of the newest frame's overhead: composition varies from frame to frame by a few
// milliseconds, and one slow swap should not halve the next sample.
constexpr double kOverheadWeight = 0.5;

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
    m_fillSteps = 0;
    m_settle.start(); // restarts: the full set waits for the last movement
}

int FramePacer::pointsPerFrame(int total) const {
    if (!m_levelOfDetail) return total;
    if (m_msPerPoint <= 0.0) return std::min(total, kFirstSample);
    const double affordable = (m_budgetMs - m_overheadMs) / m_msPerPoint;
    return int(std::clamp(affordable, double(std::min(total, kMinSample)), double(total)));
}

int FramePacer::nextFillStep(int total, int remaining) {
    remaining = std::clamp(remaining, 0, total);
    if (!m_levelOfDetail || m_msPerPoint <= 0.0) return remaining;
    // Not shown until done (or every so often), so the step has no composition to leave room
    // for: the whole budget draws, doubled each step up to the cap.
    const double stepMs =
        std::min(m_budgetMs * std::pow(2.0, std::min(m_fillSteps, 16)), kMaxFillStepMs);
    ++m_fillSteps;
    const double affordable = std::max(stepMs, m_budgetMs) / m_msPerPoint;
    const double floor = std::min(remaining, kMinSample);
    return int(std::clamp(affordable, floor, double(remaining)));
}

void FramePacer::recordDraw(int points, double ms) {
    if (points < kMinTimedPoints) return;
    // The latest measurement wins: the cost changes with the zoom (fragments per point) and with
    // the load on a shared machine, and old figures say little about the next frame.
    m_msPerPoint = ms / double(points);
}

void FramePacer::recordFrame(double frameMs, double drawMs) {
    if (frameMs <= 0.0 || frameMs > kStallMs) return;
    const double overhead = std::max(frameMs - std::max(drawMs, 0.0), 0.0);
    m_overheadMs = m_overheadMs <= 0.0
                       ? overhead
                       : kOverheadWeight * overhead + (1.0 - kOverheadWeight) * m_overheadMs;
}
