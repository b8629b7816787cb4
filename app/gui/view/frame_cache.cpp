#include "frame_cache.h"

#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>

bool FrameCache::ensure(QSize pixels) {
    if (m_fbo && m_fbo->size() == pixels) return false;
    m_fbo = std::make_unique<QOpenGLFramebufferObject>(pixels, QOpenGLFramebufferObject::Depth);
    return true;
}

void FrameCache::bind() {
    m_fbo->bind();
}

void FrameCache::blitTo(unsigned target) {
    QOpenGLExtraFunctions* gl = QOpenGLContext::currentContext()->extraFunctions();
    const QSize size = m_fbo->size();
    gl->glBindFramebuffer(GL_READ_FRAMEBUFFER, m_fbo->handle());
    gl->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
    gl->glBlitFramebuffer(0, 0, size.width(), size.height(), 0, 0, size.width(), size.height(),
                          GL_COLOR_BUFFER_BIT, GL_NEAREST);
    gl->glBindFramebuffer(GL_FRAMEBUFFER, target);
}
