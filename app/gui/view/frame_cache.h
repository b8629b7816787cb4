#pragma once

#include <QOpenGLFramebufferObject>
#include <QSize>
#include <memory>

// The last point frame, kept in a framebuffer of its own so that a repaint for the overlay
// (hover labels, a rubber band) copies it instead of drawing a million points again, and so
// that a frame can be filled in over several paints. Needs the view's context current.
class FrameCache {
public:
    // Makes the buffer `pixels` large; true when it had to be (re)created, its content lost.
    bool ensure(QSize pixels);
    void bind();
    // Copies the colour buffer into framebuffer `target` (e.g. the widget's), of the same size.
    void blitTo(unsigned target);
    void reset() { m_fbo.reset(); }

private:
    std::unique_ptr<QOpenGLFramebufferObject> m_fbo;
};
