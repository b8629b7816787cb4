#pragma once

#include "camera.h"
#include "point_cloud.h"
#include "view_theme.h"

#include <QString>
#include <functional>

class QPainter;

// What a layer needs to paint one frame: the projection it shares with the picker and the
// shaders, the look, and where each row is shown right now (mid-transition too).
struct LayerContext {
    const Projection& projection;
    const ViewTheme& theme;
    const PointCloud& cloud;
    std::function<void(int, float*)> positionOf; // a row's displayed position (x, y, z)
    float scale = 1.0f;       // off-screen images at another size scale lines and text
    float pointRadius = 2.5f; // on screen, already scaled
    bool interactive = true;  // false for off-screen images (no hover)
    int hoveredRow = -1;
    bool plainLinesDrawn = false; // the GPU drew the plain line sets (LineRenderer)
};

// One of the things the point view draws, in order, over its point cloud (which the GPU draws
// into the cached frame; see PointRenderer): line and arrow sets, then labels. Layers hold
// what they draw and never call OpenGL, so the cached frame survives their changes.
class ViewLayer {
public:
    virtual ~ViewLayer() = default;
    virtual QString name() const = 0;
    virtual void paint(QPainter& painter, const LayerContext& context) const = 0;

    bool isVisible() const { return m_visible; }
    void setVisible(bool on) { m_visible = on; }

private:
    bool m_visible = true;
};
