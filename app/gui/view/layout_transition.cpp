#include "layout_transition.h"

#include <algorithm>

void LayoutTransition::start(PointCloud& cloud, std::vector<float> positions, bool animate,
                             int durationMs, qint64 nowMs) {
    animate = animate && durationMs > 0 && !positions.empty() &&
              positions.size() == cloud.positions.size();
    if (animate && m_active) {
        // Interrupted: start from where the points are now, not from the old target.
        std::vector<float> now(cloud.positions.size());
        for (int row = 0; row < cloud.size(); ++row)
            position(cloud, row, nowMs, &now[std::size_t(row) * 3]);
        cloud.fromPositions = std::move(now);
        cloud.fromVersion = PointCloud::nextVersion();
    } else if (animate) {
        // The old target is still in a GPU buffer under its version: it becomes the start.
        cloud.fromPositions = std::move(cloud.positions);
        cloud.fromVersion = cloud.positionsVersion;
    } else {
        cloud.fromPositions = {};
    }
    cloud.positions = std::move(positions);
    cloud.positionsVersion = PointCloud::nextVersion();
    m_active = animate;
    m_startMs = nowMs;
    m_durationMs = durationMs;
}

bool LayoutTransition::advance(PointCloud& cloud, qint64 nowMs) {
    if (m_active && nowMs - m_startMs >= m_durationMs) {
        m_active = false;
        cloud.fromPositions = {};
    }
    return m_active;
}

float LayoutTransition::t(qint64 nowMs) const {
    if (!m_active || m_durationMs <= 0) return 1.0f;
    return std::clamp(float(nowMs - m_startMs) / float(m_durationMs), 0.0f, 1.0f);
}

void LayoutTransition::position(const PointCloud& cloud, int row, qint64 nowMs, float* xyz) const {
    const float* to = &cloud.positions[std::size_t(row) * 3];
    if (!m_active || cloud.fromPositions.size() != cloud.positions.size()) {
        std::copy(to, to + 3, xyz);
        return;
    }
    const float* from = &cloud.fromPositions[std::size_t(row) * 3];
    float t = this->t(nowMs);
    t = t * t * (3.0f - 2.0f * t); // the vertex shader's smoothstep
    for (int i = 0; i < 3; ++i)
        xyz[i] = from[i] + (to[i] - from[i]) * t;
}
