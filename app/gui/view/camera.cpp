#include "camera.h"

#include <QtMath>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace {

constexpr float kMaxPitch = 89.0f;
constexpr float kHomeYaw = -25.0f; // a slight angle, so depth reads at first sight
constexpr float kHomePitch = 15.0f;

float smoothstep(float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

// The shortest way round, so a transition never spins the scene a full turn.
float lerpAngle(float from, float to, float t) {
    float delta = std::fmod(to - from, 360.0f);
    if (delta > 180.0f) delta -= 360.0f;
    if (delta < -180.0f) delta += 360.0f;
    return from + delta * t;
}

} // namespace

void Camera::setBounds(const QVector3D& centre, float radius) {
    m_centre = centre;
    // A single point (or none) still needs a scene of some size to frame.
    m_radius = radius > 1e-6f ? radius : 1.0f;
}

void Camera::fitPoints(const float* xyz, int rows) {
    if (rows <= 0) {
        setBounds(QVector3D(), 1.0f);
        return;
    }
    double sum[3] = {0, 0, 0};
    for (std::size_t i = 0; i < std::size_t(rows) * 3; ++i)
        sum[i % 3] += xyz[i];
    const QVector3D centre(float(sum[0] / rows), float(sum[1] / rows), float(sum[2] / rows));
    std::vector<float> distances(static_cast<std::size_t>(rows));
    for (std::size_t row = 0; row < std::size_t(rows); ++row)
        distances[row] =
            (QVector3D(xyz[row * 3], xyz[row * 3 + 1], xyz[row * 3 + 2]) - centre).length();
    const float farthest = *std::max_element(distances.begin(), distances.end());
    const auto nth = distances.begin() + std::ptrdiff_t(std::size_t(rows - 1) * 99 / 100);
    std::nth_element(distances.begin(), nth, distances.end());
    const float radius = std::min(farthest, 2.0f * *nth);
    // Centred on the box around the points kept, not on their mean: a dense bulk with a long
    // tail on one side would otherwise sit off centre with half the frame empty.
    QVector3D lo(std::numeric_limits<float>::max(), std::numeric_limits<float>::max(),
                 std::numeric_limits<float>::max());
    QVector3D hi = -lo;
    std::vector<int> kept;
    kept.reserve(std::size_t(rows));
    for (int row = 0; row < rows; ++row) {
        const QVector3D p(xyz[row * 3], xyz[row * 3 + 1], xyz[row * 3 + 2]);
        if ((p - centre).length() > radius) continue;
        kept.push_back(row);
        for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], p[a]);
            hi[a] = std::max(hi[a], p[a]);
        }
    }
    const QVector3D middle = (lo + hi) * 0.5f;
    float reach = 0;
    for (const int row : kept)
        reach = std::max(
            reach, (QVector3D(xyz[row * 3], xyz[row * 3 + 1], xyz[row * 3 + 2]) - middle).length());
    setBounds(middle, reach);
}

void Camera::set2D(bool on) {
    m_2d = on;
    if (on) {
        m_pose.yaw = 0.0f;
        m_pose.pitch = 0.0f;
        m_to.yaw = m_to.pitch = 0.0f;
        m_from.yaw = m_from.pitch = 0.0f;
    }
}

void Camera::setPose(const CameraPose& pose) {
    m_animating = false;
    m_pose = pose;
    m_pose.pitch = std::clamp(m_pose.pitch, -kMaxPitch, kMaxPitch);
    if (m_2d) m_pose.yaw = m_pose.pitch = 0.0f;
}

CameraPose Camera::homePose(float aspect) const {
    CameraPose pose;
    pose.target = m_centre;
    // Far enough that the bounding sphere fits the narrower field of view, with a margin. (In
    // 2D the same distance gives the orthographic height that fits.)
    const float halfY = qDegreesToRadians(kFovY * 0.5f);
    const float halfX = std::atan(std::tan(halfY) * std::max(aspect, 1e-3f));
    pose.distance = m_radius / std::sin(std::min(halfX, halfY)) * 1.05f;
    pose.yaw = m_2d ? 0.0f : kHomeYaw;
    pose.pitch = m_2d ? 0.0f : kHomePitch;
    return pose;
}

void Camera::animateTo(const CameraPose& pose, int durationMs, qint64 nowMs) {
    if (durationMs <= 0) {
        setPose(pose);
        return;
    }
    m_from = m_pose;
    m_to = pose;
    m_to.pitch = std::clamp(m_to.pitch, -kMaxPitch, kMaxPitch);
    if (m_2d) m_to.yaw = m_to.pitch = 0.0f;
    m_startMs = nowMs;
    m_durationMs = durationMs;
    m_animating = true;
}

bool Camera::advance(qint64 nowMs) {
    if (!m_animating) return false;
    const float t = smoothstep(float(nowMs - m_startMs) / float(m_durationMs));
    m_pose.target = m_from.target + (m_to.target - m_from.target) * t;
    // Distance eases in log space: zooming by 100x should not rush through the first 99%.
    m_pose.distance = m_from.distance * std::pow(m_to.distance / m_from.distance, t);
    m_pose.yaw = lerpAngle(m_from.yaw, m_to.yaw, t);
    m_pose.pitch = m_from.pitch + (m_to.pitch - m_from.pitch) * t;
    if (nowMs - m_startMs >= m_durationMs) {
        m_pose = m_to;
        m_animating = false;
    }
    return m_animating;
}

void Camera::orbit(float yawDegrees, float pitchDegrees) {
    m_animating = false;
    if (m_2d) return;
    m_pose.yaw = std::fmod(m_pose.yaw + yawDegrees, 360.0f);
    m_pose.pitch = std::clamp(m_pose.pitch + pitchDegrees, -kMaxPitch, kMaxPitch);
}

void Camera::pan(QPointF pixels, float viewportHeight) {
    m_animating = false;
    if (viewportHeight <= 0) return;
    const float worldPerPixel = 2.0f * halfHeight() / viewportHeight;
    const QMatrix4x4 view = viewMatrix();
    // Rows of the view matrix's rotation are the camera's axes in world space.
    const QVector3D right(view(0, 0), view(0, 1), view(0, 2));
    const QVector3D up(view(1, 0), view(1, 1), view(1, 2));
    m_pose.target += (-right * float(pixels.x()) + up * float(pixels.y())) * worldPerPixel;
}

void Camera::zoom(float factor) {
    m_animating = false;
    if (factor <= 0) return;
    // Bounded so that a long scroll can neither pass through the target nor lose the scene.
    m_pose.distance = std::clamp(m_pose.distance / factor, m_radius * 1e-4f, m_radius * 100.0f);
}

QVector3D Camera::eye() const {
    const float yaw = qDegreesToRadians(m_pose.yaw);
    const float pitch = qDegreesToRadians(m_pose.pitch);
    const QVector3D offset(std::cos(pitch) * std::sin(yaw), std::sin(pitch),
                           std::cos(pitch) * std::cos(yaw));
    return m_pose.target + offset * m_pose.distance;
}

float Camera::halfHeight() const {
    return m_pose.distance * std::tan(qDegreesToRadians(kFovY * 0.5f));
}

QMatrix4x4 Camera::modelMatrix() const {
    QMatrix4x4 model;
    if (m_2d) model.scale(1.0f, 1.0f, 0.0f);
    return model;
}

QMatrix4x4 Camera::viewMatrix() const {
    QMatrix4x4 view;
    view.lookAt(eye(), m_pose.target, QVector3D(0, 1, 0));
    return view;
}

QMatrix4x4 Camera::projectionMatrix(float aspect) const {
    QMatrix4x4 projection;
    // The scene may lie partly behind the camera once zoomed in; near is relative to distance
    // so depth precision follows the zoom.
    const float nearPlane = m_pose.distance * 0.01f;
    const float farPlane = m_pose.distance + (m_pose.target - m_centre).length() + 4.0f * m_radius;
    if (m_2d) {
        const float h = halfHeight();
        // 2D: z is flattened to 0, which lies at `distance` in front of the camera.
        projection.ortho(-h * aspect, h * aspect, -h, h, nearPlane, farPlane);
    } else {
        projection.perspective(kFovY, aspect, nearPlane, farPlane);
    }
    return projection;
}

Projection Camera::projection(QSizeF viewport) const {
    const float aspect = viewport.height() > 0 ? float(viewport.width() / viewport.height()) : 1.0f;
    Projection result;
    result.mvp = projectionMatrix(aspect) * viewMatrix() * modelMatrix();
    result.viewport = viewport;
    return result;
}

float Camera::depthNear() const {
    return (eye() - m_centre).length() - m_radius;
}

float Camera::depthFar() const {
    return (eye() - m_centre).length() + m_radius;
}
