#include "line_renderer.h"

#include <QFile>
#include <QOpenGLContext>
#include <algorithm>
#include <cstddef>

namespace {

constexpr GLuint kFromLocation = 0;
constexpr GLuint kToLocation = 1;
constexpr GLuint kColorLocation = 2;

QString readSource(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read shader %1: %2").arg(path, file.errorString());
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

} // namespace

bool LineRenderer::fail(const QString& message) {
    m_error = message;
    m_ready = false;
    qWarning("LineRenderer: %s", qPrintable(message));
    return false;
}

bool LineRenderer::initialize() {
    m_ready = false;
    m_error.clear();
    if (!QOpenGLContext::currentContext() || !initializeOpenGLFunctions())
        return fail(QStringLiteral("OpenGL 3.3 is needed"));
    m_program = std::make_unique<QOpenGLShaderProgram>();
    const QString vertexPath = QStringLiteral(":/shaders/lines.vert");
    const QString fragmentPath = QStringLiteral(":/shaders/lines.frag");
    QString error;
    const QString vertex = readSource(vertexPath, &error);
    if (!error.isEmpty()) return fail(error);
    const QString fragment = readSource(fragmentPath, &error);
    if (!error.isEmpty()) return fail(error);
    if (!m_program->addShaderFromSourceCode(QOpenGLShader::Vertex, vertex))
        return fail(QStringLiteral("vertex shader %1 failed to compile:\n%2")
                        .arg(vertexPath, m_program->log()));
    if (!m_program->addShaderFromSourceCode(QOpenGLShader::Fragment, fragment))
        return fail(QStringLiteral("fragment shader %1 failed to compile:\n%2")
                        .arg(fragmentPath, m_program->log()));
    if (!m_program->link())
        return fail(QStringLiteral("line shaders failed to link:\n%1").arg(m_program->log()));
    if (!m_vao.create()) return fail(QStringLiteral("cannot create a vertex array object"));
    m_buffer.create();
    m_buffer.setUsagePattern(QOpenGLBuffer::DynamicDraw);
    m_count = 0;
    m_batches.clear();
    m_ready = true;
    return true;
}

void LineRenderer::destroy() {
    m_ready = false;
    m_program.reset();
    m_vao.destroy();
    m_buffer.destroy();
    m_batches.clear();
    m_count = 0;
}

void LineRenderer::upload(const LineInstances& lines) {
    if (!m_ready) return;
    m_count = int(lines.instances.size());
    m_batches = lines.batches;
    if (m_count == 0) return;
    m_buffer.bind();
    m_buffer.allocate(lines.instances.data(), int(lines.instances.size() * sizeof(LineInstance)));
    m_buffer.release();
}

int LineRenderer::draw(const QMatrix4x4& modelView, const QMatrix4x4& projection, QSize pixels,
                       float scale, int limit) {
    if (!m_ready || m_count == 0 || pixels.isEmpty()) return 0;
    int left = limit < 0 ? m_count : std::min(limit, m_count);
    const int drawn = left;
    glViewport(0, 0, pixels.width(), pixels.height());
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_CULL_FACE);
    glEnable(GL_BLEND);
    // The frame's alpha stays opaque: a translucent line must not make the widget see-through.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
    m_program->bind();
    m_program->setUniformValue("u_modelView", modelView);
    m_program->setUniformValue("u_projection", projection);
    m_program->setUniformValue("u_viewport",
                               QVector2D(float(pixels.width()), float(pixels.height())));
    m_vao.bind();
    m_buffer.bind();
    constexpr GLsizei stride = sizeof(LineInstance);
    for (const LineBatch& batch : m_batches) {
        const int count = std::min(batch.count, left);
        if (count <= 0) break;
        left -= count;
        // No base instance in OpenGL 3.3: each batch points the attributes at its own range.
        const std::size_t base = std::size_t(batch.first) * sizeof(LineInstance);
        glEnableVertexAttribArray(kFromLocation);
        glVertexAttribPointer(kFromLocation, 3, GL_FLOAT, GL_FALSE, stride,
                              reinterpret_cast<const void*>(base + offsetof(LineInstance, from)));
        glVertexAttribDivisor(kFromLocation, 1);
        glEnableVertexAttribArray(kToLocation);
        glVertexAttribPointer(kToLocation, 3, GL_FLOAT, GL_FALSE, stride,
                              reinterpret_cast<const void*>(base + offsetof(LineInstance, to)));
        glVertexAttribDivisor(kToLocation, 1);
        glEnableVertexAttribArray(kColorLocation);
        glVertexAttribPointer(kColorLocation, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                              reinterpret_cast<const void*>(base + offsetof(LineInstance, rgba)));
        glVertexAttribDivisor(kColorLocation, 1);
        const float width = std::max(1.0f, batch.widthPx * scale);
        const bool thin = width < 1.5f;
        m_program->setUniformValue("u_width", width);
        m_program->setUniformValue("u_thin", thin);
        if (thin)
            glDrawArraysInstanced(GL_LINES, 0, 2, count);
        else
            glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count);
    }
    m_buffer.release();
    m_vao.release();
    m_program->release();
    glDisable(GL_BLEND);
    return drawn;
}
