#pragma once

#include <QMatrix4x4>
#include <QPointF>
#include <QSizeF>
#include <QVector3D>

// Where the camera looks from: an orbit around `target`. Angles in degrees.
struct CameraPose {
    QVector3D target;
    float distance = 1.0f;
    float yaw = 0.0f;
    float pitch = 0.0f;
    bool operator==(const CameraPose&) const = default;
};

// World → screen for one frame, shared by the picker and the label overlay so that both agree
// with the vertex shader (the same model-view-projection product, the same viewport mapping).
struct Projection {
    QMatrix4x4 mvp;
    QSizeF viewport; // logical pixels; y grows downwards as in Qt

    // False for points behind the camera or outside the near/far range. depth is NDC z: smaller
    // is nearer the camera.
    bool toScreen(const float* xyz, QPointF* screen, float* depth) const {
        const float* m = mvp.constData(); // column-major
        const float x = xyz[0], y = xyz[1], z = xyz[2];
        const float w = m[3] * x + m[7] * y + m[11] * z + m[15];
        if (w <= 0.0f) return false;
        const float cz = (m[2] * x + m[6] * y + m[10] * z + m[14]) / w;
        if (cz < -1.0f || cz > 1.0f) return false;
        const float cx = (m[0] * x + m[4] * y + m[8] * z + m[12]) / w;
        const float cy = (m[1] * x + m[5] * y + m[9] * z + m[13]) / w;
        *screen =
            QPointF((cx + 1.0f) * 0.5f * viewport.width(), (1.0f - cy) * 0.5f * viewport.height());
        *depth = cz;
        return true;
    }
};

// An orbit camera (perspective) that becomes a top-down orthographic camera in 2D mode, with
// eased transitions between poses. Pure math: the view feeds it time and input, and reads
// matrices back, so it is testable without a GL context.
class Camera {
public:
    static constexpr float kFovY = 40.0f;

    // The scene's extent: used for the home pose, the near/far planes and depth shading.
    void setBounds(const QVector3D& centre, float radius);
    // Bounds that frame rows x 3 points: those within twice the 99th percentile of the distances
    // from their mean, so that a few far outliers (common in PCA of embeddings) do not shrink
    // the bulk of the cloud to a dot while a long tail (GloVe's frequent words, in PCA) stays in
    // the picture; centred on the box around them.
    void fitPoints(const float* xyz, int rows);
    QVector3D centre() const { return m_centre; }
    float radius() const { return m_radius; }

    void set2D(bool on);
    bool is2D() const { return m_2d; }

    CameraPose pose() const { return m_pose; }
    void setPose(const CameraPose& pose); // stops any transition
    // The whole scene in view on a viewport of this width/height, whichever is narrower.
    CameraPose homePose(float aspect = 1.0f) const;

    // Eases from the current pose to `pose` over durationMs; nowMs is the caller's clock.
    void animateTo(const CameraPose& pose, int durationMs, qint64 nowMs);
    // Moves along the transition; true while it is still running.
    bool advance(qint64 nowMs);
    bool isAnimating() const { return m_animating; }

    // Interactive moves; each stops a running transition.
    void orbit(float yawDegrees, float pitchDegrees);
    void pan(QPointF pixels, float viewportHeight); // the scene follows the mouse
    void zoom(float factor);                        // > 1 moves closer

    // Flattens z in 2D mode, so a 3D layout shows its first two axes.
    QMatrix4x4 modelMatrix() const;
    QMatrix4x4 viewMatrix() const;
    QMatrix4x4 projectionMatrix(float aspect) const;
    Projection projection(QSizeF viewport) const;
    // View-space distances to the front and back of the scene, for depth shading.
    float depthNear() const;
    float depthFar() const;

private:
    QVector3D eye() const;
    float halfHeight() const; // of the view at the target, in world units

    QVector3D m_centre;
    float m_radius = 1.0f;
    bool m_2d = false;
    CameraPose m_pose;

    bool m_animating = false;
    CameraPose m_from;
    CameraPose m_to;
    qint64 m_startMs = 0;
    int m_durationMs = 0;
};
