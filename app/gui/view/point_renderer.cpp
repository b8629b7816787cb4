#include "point_renderer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QOpenGLContext>
#include <QtGlobal>
#include <algorithm>
#include <cstring>
#include <numeric>

#if defined(__linux__)
#include <dlfcn.h>
#include <link.h>
#endif

// The shaders live in a static library's resource, which the linker would otherwise drop.
static void initShaderResource() {
    Q_INIT_RESOURCE(shaders);
}

namespace {

constexpr GLuint kFromLocation = 0;
constexpr GLuint kToLocation = 1;
constexpr GLuint kColorLocation = 2;
constexpr GLuint kFlagsLocation = 3;
constexpr std::uint64_t kShuffleSeed = 0x5eed0f1a7c0ffeeULL;

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Fisher-Yates with a fixed seed of our own generator: the same order on every platform and
// standard library, so level-of-detail frames look the same everywhere.
std::vector<int> shuffledOrder(int size) {
    std::vector<int> order(static_cast<std::size_t>(size));
    std::iota(order.begin(), order.end(), 0);
    std::uint64_t state = kShuffleSeed;
    for (int i = size - 1; i > 0; --i) {
        const auto j = static_cast<int>(splitmix64(state) % std::uint64_t(i + 1));
        std::swap(order[std::size_t(i)], order[std::size_t(j)]);
    }
    return order;
}

QString readSource(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read shader %1: %2").arg(path, file.errorString());
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

// Sanitizer builds only. Qt closes the X display at exit, and Mesa then unloads its DRI driver
// with allocations that only the driver's globals reached; LeakSanitizer reports them under an
// unnamed module, which no suppression can match. Keeping the driver loaded (as it would stay
// anyway until the process ends) keeps those allocations reachable and the report clean.
#if defined(__SANITIZE_ADDRESS__)
#define VECSPACE_PIN_GL_DRIVER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VECSPACE_PIN_GL_DRIVER 1
#endif
#endif

void pinGlDriverForLeakChecks() {
#if defined(VECSPACE_PIN_GL_DRIVER) && defined(__linux__)
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void*) -> int {
            if (info->dlpi_name && std::strstr(info->dlpi_name, "_dri.so"))
                dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
            return 0;
        },
        nullptr);
#endif
}

QVector3D rgb(const QColor& color) {
    return QVector3D(float(color.redF()), float(color.greenF()), float(color.blueF()));
}

} // namespace

PointRenderer::PointRenderer() {
    initShaderResource();
}

PointRenderer::~PointRenderer() = default;

bool PointRenderer::fail(const QString& message) {
    m_error = message;
    m_ready = false;
    qWarning("PointRenderer: %s", qPrintable(message));
    return false;
}

bool PointRenderer::initialize(const ShaderSources& sources) {
    m_ready = false;
    m_error.clear();
    const QOpenGLContext* context = QOpenGLContext::currentContext();
    if (!context || !initializeOpenGLFunctions()) {
        const QSurfaceFormat format = context ? context->format() : QSurfaceFormat();
        return fail(QStringLiteral("OpenGL 3.3 is needed; this context offers %1.%2")
                        .arg(format.majorVersion())
                        .arg(format.minorVersion()));
    }

    pinGlDriverForLeakChecks();
    m_program = std::make_unique<QOpenGLShaderProgram>();
    QString error;
    const QString vertex = readSource(sources.vertexPath, &error);
    if (!error.isEmpty()) return fail(error);
    const QString fragment = readSource(sources.fragmentPath, &error);
    if (!error.isEmpty()) return fail(error);
    if (!m_program->addShaderFromSourceCode(QOpenGLShader::Vertex, vertex))
        return fail(QStringLiteral("vertex shader %1 failed to compile:\n%2")
                        .arg(sources.vertexPath, m_program->log()));
    if (!m_program->addShaderFromSourceCode(QOpenGLShader::Fragment, fragment))
        return fail(QStringLiteral("fragment shader %1 failed to compile:\n%2")
                        .arg(sources.fragmentPath, m_program->log()));
    if (!m_program->link())
        return fail(QStringLiteral("point shaders failed to link:\n%1").arg(m_program->log()));

    if (!m_vao.create()) return fail(QStringLiteral("cannot create a vertex array object"));
    for (PositionBuffer& position : m_positions) {
        position.buffer.create();
        position.buffer.setUsagePattern(QOpenGLBuffer::StaticDraw);
    }
    m_colors.create();
    m_flags.create();
    m_flags.setUsagePattern(QOpenGLBuffer::DynamicDraw);
    m_flagged.create();
    m_flagged.setUsagePattern(QOpenGLBuffer::DynamicDraw);
    // Everything must be uploaded again into the new buffers.
    m_size = -1;
    m_ready = true;
    return true;
}

void PointRenderer::destroy() {
    m_ready = false;
    m_program.reset();
    m_vao.destroy();
    for (PositionBuffer& position : m_positions) {
        position.buffer.destroy();
        position.version = 0;
    }
    m_colors.destroy();
    m_flags.destroy();
    m_flagged.destroy();
    m_colorsVersion = m_flagsVersion = 0;
    m_size = 0;
}

void PointRenderer::resize(int size) {
    m_size = size;
    m_order = shuffledOrder(size);
    m_slotOfRow.assign(std::size_t(size), 0);
    for (int slot = 0; slot < size; ++slot)
        m_slotOfRow[std::size_t(m_order[std::size_t(slot)])] = slot;
    for (PositionBuffer& position : m_positions)
        position.version = 0;
    m_colorsVersion = m_flagsVersion = 0;
    m_flaggedCount = 0;
}

int PointRenderer::positionSlotFor(std::uint64_t version) const {
    for (int i = 0; i < 2; ++i)
        if (m_positions[std::size_t(i)].version == version) return i;
    return -1;
}

void PointRenderer::uploadPositions(PositionBuffer& target, const std::vector<float>& rows,
                                    std::uint64_t version) {
    std::vector<float> shuffled(std::size_t(m_size) * 3);
    for (std::size_t slot = 0; slot < std::size_t(m_size); ++slot) {
        const float* source = &rows[std::size_t(m_order[slot]) * 3];
        shuffled[slot * 3] = source[0];
        shuffled[slot * 3 + 1] = source[1];
        shuffled[slot * 3 + 2] = source[2];
    }
    target.buffer.bind();
    target.buffer.allocate(shuffled.data(), int(shuffled.size() * sizeof(float)));
    target.version = version;
}

void PointRenderer::uploadColors(const PointCloud& cloud) {
    m_colorsVersion = cloud.colorsVersion;
    m_hasColors = cloud.colors.size() == std::size_t(m_size) * 3 && m_size > 0;
    if (!m_hasColors) return; // the shader uses the theme's colour instead
    std::vector<std::uint8_t> shuffled(std::size_t(m_size) * 3);
    for (std::size_t slot = 0; slot < std::size_t(m_size); ++slot) {
        const std::uint8_t* source = &cloud.colors[std::size_t(m_order[slot]) * 3];
        shuffled[slot * 3] = source[0];
        shuffled[slot * 3 + 1] = source[1];
        shuffled[slot * 3 + 2] = source[2];
    }
    m_colors.bind();
    m_colors.allocate(shuffled.data(), int(shuffled.size()));
}

void PointRenderer::uploadFlags(const PointCloud& cloud) {
    m_flagsVersion = cloud.flagsVersion;
    const bool has = cloud.flags.size() == std::size_t(m_size);
    std::vector<std::uint8_t> shuffled(std::size_t(m_size), 0);
    std::vector<GLuint> flagged;
    for (std::size_t slot = 0; slot < std::size_t(m_size) && has; ++slot) {
        const std::uint8_t bits = cloud.flags[std::size_t(m_order[slot])];
        shuffled[slot] = bits;
        if ((bits & (PointFlag::Selected | PointFlag::Highlighted | PointFlag::Neighbor)) &&
            !(bits & PointFlag::Hidden))
            flagged.push_back(GLuint(slot));
    }
    m_flags.bind();
    m_flags.allocate(shuffled.data(), int(shuffled.size()));
    m_flaggedCount = int(flagged.size());
    m_vao.bind(); // the element buffer binding is part of the vertex array's state
    m_flagged.bind();
    m_flagged.allocate(flagged.data(), int(flagged.size() * sizeof(GLuint)));
    m_vao.release();
}

void PointRenderer::sync(const PointCloud& cloud) {
    if (!m_ready) return;
    if (cloud.size() != m_size) resize(cloud.size());
    if (m_size == 0) return;

    const bool transition = cloud.fromPositions.size() == cloud.positions.size();
    m_toSlot = positionSlotFor(cloud.positionsVersion);
    m_fromSlot = transition ? positionSlotFor(cloud.fromVersion) : -1;
    // A transition's start is usually the previous target, still in the other buffer: then
    // only the new target is uploaded.
    if (m_toSlot < 0) {
        m_toSlot = m_fromSlot == 0 ? 1 : 0;
        uploadPositions(m_positions[std::size_t(m_toSlot)], cloud.positions,
                        cloud.positionsVersion);
    }
    if (!transition) {
        m_fromSlot = m_toSlot;
    } else if (m_fromSlot < 0) {
        m_fromSlot = 1 - m_toSlot;
        uploadPositions(m_positions[std::size_t(m_fromSlot)], cloud.fromPositions,
                        cloud.fromVersion);
    }
    if (cloud.colorsVersion != m_colorsVersion) uploadColors(cloud);
    if (cloud.flagsVersion != m_flagsVersion) uploadFlags(cloud);
}

void PointRenderer::bindAttributes() {
    m_positions[std::size_t(m_fromSlot)].buffer.bind();
    glEnableVertexAttribArray(kFromLocation);
    glVertexAttribPointer(kFromLocation, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
    m_positions[std::size_t(m_toSlot)].buffer.bind();
    glEnableVertexAttribArray(kToLocation);
    glVertexAttribPointer(kToLocation, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
    if (m_hasColors) {
        m_colors.bind();
        glEnableVertexAttribArray(kColorLocation);
        glVertexAttribPointer(kColorLocation, 3, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
    } else {
        glDisableVertexAttribArray(kColorLocation);
    }
    m_flags.bind();
    glEnableVertexAttribArray(kFlagsLocation);
    glVertexAttribIPointer(kFlagsLocation, 1, GL_UNSIGNED_BYTE, 0, nullptr);
}

void PointRenderer::beginFrame(QSize pixels, const QColor& background, bool clear) {
    if (!m_ready) return;
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_STENCIL_TEST);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glDepthMask(GL_TRUE);
    glViewport(0, 0, pixels.width(), pixels.height());
    if (!clear) return;
    glClearColor(float(background.redF()), float(background.greenF()), float(background.blueF()),
                 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

int PointRenderer::draw(const PointDrawParams& params, double* elapsedMs) {
    if (elapsedMs) *elapsedMs = 0.0;
    if (!m_ready || m_size <= 0) return 0;
    QElapsedTimer timer;
    timer.start();
    const int first = std::clamp(params.first, 0, m_size);
    const int count = params.count < 0 ? m_size - first : std::min(params.count, m_size - first);

    glEnable(GL_PROGRAM_POINT_SIZE);
    glEnable(GL_DEPTH_TEST);
    glDepthMask(GL_TRUE);
    // LEQUAL: in 2D every point has the same depth, and later points win as in one pass.
    glDepthFunc(GL_LEQUAL);
    glDisable(GL_BLEND);

    m_program->bind();
    m_program->setUniformValue("u_modelView", params.view * params.model);
    m_program->setUniformValue("u_projection", params.projection);
    m_program->setUniformValue("u_t", params.transition);
    m_program->setUniformValue("u_pointSize", params.pointSizePx);
    m_program->setUniformValue("u_useColors", m_hasColors);
    m_program->setUniformValue("u_defaultColor", rgb(params.defaultColor));
    m_program->setUniformValue("u_background", rgb(params.background));
    m_program->setUniformValue("u_outlineColor", rgb(params.outline));
    m_program->setUniformValue("u_neighborColor", rgb(params.neighborOutline));
    m_program->setUniformValue("u_dimOthers", params.dimOthers);
    m_program->setUniformValue("u_depthRange", QVector2D(params.depthNear, params.depthFar));

    m_vao.bind();
    bindAttributes();
    // The points without a flag (all of them when none has one). Flagged points are left to
    // their own pass, which draws all of them whatever the range.
    m_program->setUniformValue("u_skipFlagged", m_flaggedCount > 0);
    if (count > 0) glDrawArrays(GL_POINTS, first, count);
    if (params.drawFlagged && m_flaggedCount > 0) {
        m_program->setUniformValue("u_skipFlagged", false);
        glDrawElements(GL_POINTS, m_flaggedCount, GL_UNSIGNED_INT, nullptr);
    }
    m_vao.release();
    m_program->release();
    if (elapsedMs) {
        glFinish();
        *elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    }
    return count;
}
