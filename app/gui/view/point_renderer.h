#pragma once

#include "point_cloud.h"

#include <QColor>
#include <QMatrix4x4>
#include <QOpenGLBuffer>
#include <QOpenGLFunctions_3_3_Core>
#include <QOpenGLShaderProgram>
#include <QOpenGLVertexArrayObject>
#include <QSize>
#include <QString>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

// Where the point shaders come from; tests point this at a broken file to check that a failure
// is reported.
struct ShaderSources {
    QString vertexPath = QStringLiteral(":/shaders/points.vert");
    QString fragmentPath = QStringLiteral(":/shaders/points.frag");
};

struct PointDrawParams {
    QMatrix4x4 model;
    QMatrix4x4 view;
    QMatrix4x4 projection;
    float pointSizePx = 4.0f; // diameter in device pixels
    float transition = 1.0f;  // 0 = fromPositions, 1 = positions
    // The range of points to draw in a fixed random order, so that any prefix is a uniform
    // sample (level of detail) and consecutive ranges add up to the whole set over several
    // frames; count -1: to the end.
    int first = 0;
    int count = -1;
    // Selected and highlighted points, drawn in a depth layer in front of all others so that no
    // other point hides them: once per frame that starts over, not with each later range.
    bool drawFlagged = true;
    bool dimOthers = false;
    QColor defaultColor;
    QColor background;
    QColor outline;
    QColor neighborOutline;
    float depthNear = 0.0f;
    float depthFar = 1.0f;
};

// Owns every GL object of the point view: the shader program, a vertex array, two position
// buffers (the two ends of a layout transition), colours, flags, and an element buffer of the
// selected/highlighted points. Arrays are uploaded in one shuffled order so that a prefix of
// the buffer is a uniform random sample. All calls need the view's context current.
class PointRenderer : protected QOpenGLFunctions_3_3_Core {
public:
    PointRenderer();
    ~PointRenderer();

    // Compiles and links the shaders and creates the buffers. False when the context lacks
    // OpenGL 3.3 or a shader fails; errorLog() then says why (the compiler's log included).
    bool initialize(const ShaderSources& sources);
    // Frees the GL objects; call with the context current, before it is destroyed.
    void destroy();
    bool isReady() const { return m_ready; }
    QString errorLog() const { return m_error; }

    // Uploads the arrays whose version changed since the last call.
    void sync(const PointCloud& cloud);
    // Sets the state the points need in the bound framebuffer (QPainter's GL engine leaves its
    // own behind) and, when asked, clears it to `background`.
    void beginFrame(QSize pixels, const QColor& background, bool clear);
    // Draws into the bound framebuffer; returns how many points of the range it drew. With
    // elapsedMs, waits for the GPU to finish (glFinish) and reports how long the draw took.
    int draw(const PointDrawParams& params, double* elapsedMs = nullptr);
    int size() const { return m_size; }

private:
    struct PositionBuffer {
        QOpenGLBuffer buffer{QOpenGLBuffer::VertexBuffer};
        std::uint64_t version = 0;
    };

    bool fail(const QString& message);
    void resize(int size);
    int positionSlotFor(std::uint64_t version) const;
    void uploadPositions(PositionBuffer& target, const std::vector<float>& rows,
                         std::uint64_t version);
    void uploadColors(const PointCloud& cloud);
    void uploadFlags(const PointCloud& cloud);
    void bindAttributes();

    bool m_ready = false;
    QString m_error;
    std::unique_ptr<QOpenGLShaderProgram> m_program;
    QOpenGLVertexArrayObject m_vao;
    std::array<PositionBuffer, 2> m_positions;
    int m_fromSlot = 0;
    int m_toSlot = 0;
    QOpenGLBuffer m_colors{QOpenGLBuffer::VertexBuffer};
    QOpenGLBuffer m_flags{QOpenGLBuffer::VertexBuffer};
    QOpenGLBuffer m_flagged{QOpenGLBuffer::IndexBuffer};
    std::uint64_t m_colorsVersion = 0;
    std::uint64_t m_flagsVersion = 0;
    bool m_hasColors = false;
    int m_flaggedCount = 0;

    int m_size = 0;
    std::vector<int> m_order;     // buffer slot → row
    std::vector<int> m_slotOfRow; // row → buffer slot
};
