#pragma once

#include "point_cloud.h"

#include <QtGlobal>
#include <vector>

// An animated change of layout: the points move from their old to their new positions over a
// fixed time. The GPU does the per-point work (two position buffers mixed by one uniform); this
// class keeps the clock and arranges the PointCloud's arrays so that the usual case, starting
// from the previous layout, uploads only the new positions.
class LayoutTransition {
public:
    // Makes `positions` the cloud's new target. Animates only when asked and the row count is
    // unchanged; a transition already running restarts from where the points are now.
    void start(PointCloud& cloud, std::vector<float> positions, bool animate, int durationMs,
               qint64 nowMs);
    // Ends the transition once its time is up; true while it runs.
    bool advance(PointCloud& cloud, qint64 nowMs);
    bool isActive() const { return m_active; }

    // Progress 0..1, before easing (the shader eases with smoothstep).
    float t(qint64 nowMs) const;
    // Where `row` is drawn at nowMs, eased as the shader does.
    void position(const PointCloud& cloud, int row, qint64 nowMs, float* xyz) const;

private:
    bool m_active = false;
    qint64 m_startMs = 0;
    int m_durationMs = 0;
};
