#pragma once

#include <QMatrix4x4>
#include <QOpenGLBuffer>
#include <QOpenGLFunctions_3_3_Core>
#include <QOpenGLShaderProgram>
#include <QOpenGLVertexArrayObject>
#include <QSize>
#include <QString>
#include <cstdint>
#include <memory>
#include <vector>

// One segment as the GPU draws it: both ends in layout coordinates and a colour.
struct LineInstance {
    float from[3];
    float to[3];
    std::uint8_t rgba[4];
};

// Consecutive instances of one line set, drawn at one width.
struct LineBatch {
    int first = 0;
    int count = 0;
    float widthPx = 1.0f; // logical pixels
};

struct LineInstances {
    std::vector<LineInstance> instances;
    std::vector<LineBatch> batches;
};

// Draws plain line sets (no heads, no dashes) on the GPU: tens of thousands of segments, such
// as a comparison's displacement lines, cost a few milliseconds here where painting them with
// QPainter costs a frame's budget many times over on a software rasteriser. Each segment is an
// instanced quad widened in screen space (lines.vert). All calls need the view's context
// current; as PointRenderer, it never holds data the CPU side does not also have.
class LineRenderer : protected QOpenGLFunctions_3_3_Core {
public:
    // False when the context lacks OpenGL 3.3 or a shader fails; errorLog() says why.
    bool initialize();
    void destroy();
    bool isReady() const { return m_ready; }
    QString errorLog() const { return m_error; }

    void upload(const LineInstances& lines);
    int instanceCount() const { return m_count; }
    // Draws the first `limit` segments (-1: all) into the bound framebuffer, over what is there
    // (no depth test, blended); returns how many it drew.
    int draw(const QMatrix4x4& modelView, const QMatrix4x4& projection, QSize pixels, float scale,
             int limit = -1);

private:
    bool fail(const QString& message);

    bool m_ready = false;
    QString m_error;
    std::unique_ptr<QOpenGLShaderProgram> m_program;
    QOpenGLVertexArrayObject m_vao;
    QOpenGLBuffer m_buffer{QOpenGLBuffer::VertexBuffer};
    std::vector<LineBatch> m_batches;
    int m_count = 0;
};
