// PointView's OpenGL side: the context's life, frames drawn and filled in, the label overlay and
// off-screen images. The data, camera and picking API is in point_view.cpp.
#include "point_view.h"

#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLFramebufferObject>
#include <QOpenGLPaintDevice>
#include <QPainter>
#include <algorithm>

namespace {

constexpr int kPresentMs = 250; // how often a frame being filled in is shown

} // namespace

void PointView::initializeGL() {
    // As in Qt's hellogl2: free the GL objects while the context still exists. It is destroyed
    // and recreated when the widget moves to another top-level window (a floating dock).
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &PointView::cleanupGL,
            Qt::UniqueConnection);
    connect(this, &QOpenGLWidget::frameSwapped, this, &PointView::frameShown, Qt::UniqueConnection);
    initRenderer();
}

void PointView::initRenderer() {
    m_sceneDirty = true;
    m_linesSource = {};
    // Without it the overlay paints the lines, slower but the same picture.
    if (!m_lineRenderer.initialize()) qWarning("PointView: lines are painted without the GPU");
    if (m_renderer.initialize(m_shaderSources)) {
        m_error.clear();
        return;
    }
    m_error = m_renderer.errorLog();
    emit renderFailed(m_error);
}

void PointView::cleanupGL() {
    if (!context()) return;
    makeCurrent();
    m_frame.reset();
    m_renderer.destroy();
    m_lineRenderer.destroy();
    doneCurrent();
}

void PointView::setShaderSources(const ShaderSources& sources) {
    m_shaderSources = sources;
    if (!context()) return; // initializeGL will use them
    makeCurrent();
    m_renderer.destroy();
    m_lineRenderer.destroy();
    initRenderer();
    doneCurrent();
    update();
}

void PointView::resizeGL(int, int) {
    m_picker.invalidate();
    m_sceneDirty = true;
}

int PointView::renderScene(QSize pixels, float scale, int first, int count, bool startOver) {
    m_renderer.beginFrame(pixels, m_theme.background, startOver);
    m_renderer.sync(m_cloud);
    PointDrawParams params;
    params.model = m_camera.modelMatrix();
    params.view = m_camera.viewMatrix();
    params.projection = m_camera.projectionMatrix(float(pixels.width()) / float(pixels.height()));
    params.pointSizePx = m_pointSize * scale;
    params.transition = m_transition.t(m_pacer.now());
    params.first = first;
    params.count = count;
    params.drawFlagged = startOver;
    params.dimOthers = m_dimOthers;
    params.defaultColor = m_theme.defaultPoint;
    params.background = m_theme.background;
    params.outline = m_theme.selectionOutline;
    params.neighborOutline = m_theme.neighborOutline;
    params.depthNear = m_camera.is2D() ? 0.0f : m_camera.depthNear();
    params.depthFar = m_camera.is2D() ? 0.0f : m_camera.depthFar();
    // Timed to completion: the cost per point sizes the next frames.
    double ms = 0.0;
    const int drawn = m_renderer.draw(params, &ms);
    m_pacer.recordDraw(drawn, ms);
    m_paintDrawMs += ms;
    return drawn;
}

void PointView::paintGL() {
    m_paintClock.start();
    m_paintDrawMs = 0.0;
    const bool animating = advanceAnimations();
    const qreal dpr = devicePixelRatioF();
    const QSize pixels(qRound(width() * dpr), qRound(height() * dpr));
    if (m_renderer.isReady() && !pixels.isEmpty()) {
        if (m_frame.ensure(pixels)) m_sceneDirty = true;
        if (m_sceneDirty || animating) {
            m_frame.bind();
            m_drawn =
                renderScene(pixels, float(dpr), 0, m_pacer.pointsPerFrame(m_cloud.size()), true);
            m_sceneDirty = false;
            m_linesInFrame = false;
        }
        const bool still = !animating && !m_pacer.isMoving();
        if (still && m_drawn < m_cloud.size()) m_fillTimer.start();
        m_linesOnGpu = syncGpuLines();
        // Once every point is in, the lines join the cached frame: hover and rubber bands then
        // cost a copy only, whatever the number of lines.
        if (m_linesOnGpu && still && m_drawn >= m_cloud.size() && !m_linesInFrame) {
            m_frame.bind();
            m_linesDrawn = drawGpuLines(pixels, float(dpr));
            m_linesInFrame = true;
        }
        m_frame.blitTo(defaultFramebufferObject());
        if (m_linesOnGpu && !m_linesInFrame && m_lineRenderer.instanceCount() > 0) {
            QOpenGLFunctions* gl = context()->functions();
            gl->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
            QElapsedTimer timer;
            timer.start();
            const int lines = drawGpuLines(pixels, float(dpr), linesPerFrame());
            gl->glFinish();
            m_linesDrawn = lines;
            // Timed as the points are: the cost per line sizes the next frames' sample.
            if (lines > 0) m_msPerLine = double(timer.nsecsElapsed()) * 1e-6 / lines;
        }
    } else {
        m_linesOnGpu = false; // no points to draw, or no renderer: the overlay says why
        QOpenGLExtraFunctions* gl = context()->extraFunctions();
        const QColor bg = m_theme.background;
        gl->glClearColor(float(bg.redF()), float(bg.greenF()), float(bg.blueF()), 1.0f);
        gl->glClear(GL_COLOR_BUFFER_BIT);
    }
    // Through a paint device of our own rather than QPainter(this): QWidget::grab() redirects
    // the widget's painters to its pixmap, and the labels would end up under the GL frame.
    QOpenGLPaintDevice device(pixels);
    device.setDevicePixelRatio(dpr);
    QPainter painter(&device);
    paintOverlay(painter, projection(), 1.0f, true);
    m_framePointsMs = m_paintDrawMs; // a grab paints too, but only a swap ends a frame
}

// The frame is on screen: all it cost besides the points (the copy, the overlay, Qt's
// composition and the swap) is taken from the next frames' budget.
void PointView::frameShown() {
    if (!m_paintClock.isValid()) return; // composed again without a paint (another widget)
    m_pacer.recordFrame(double(m_paintClock.nsecsElapsed()) * 1e-6, m_framePointsMs);
    m_paintClock.invalidate();
}

// Adds the next range of points to the cached frame while the camera is still: one step per
// event-loop turn, from a frame budget up to FramePacer::kMaxFillStepMs, so input is never held
// up for long; shown every kPresentMs and when done (presenting costs a composition, which a
// software rasteriser feels).
void PointView::fillIn() {
    const int total = m_cloud.size();
    if (!m_renderer.isReady() || m_sceneDirty || isAnimating() || m_pacer.isMoving()) return;
    if (m_drawn >= total) {
        // Every point is in; the next paint adds the lines left out while moving.
        if (m_linesOnGpu && !m_linesInFrame && m_lineRenderer.instanceCount() > 0) update();
        return;
    }
    const qreal dpr = devicePixelRatioF();
    const QSize pixels(qRound(width() * dpr), qRound(height() * dpr));
    makeCurrent();
    if (m_frame.ensure(pixels)) {
        m_sceneDirty = true; // resized meanwhile: the frame is gone
    } else {
        // Depth-tested opaque points in the same order: adding a range to the frame gives
        // exactly the picture of drawing everything at once.
        m_frame.bind();
        m_drawn += renderScene(pixels, float(dpr), m_drawn,
                               m_pacer.nextFillStep(total, total - m_drawn), false);
    }
    doneCurrent();
    if (m_sceneDirty || m_drawn >= total || m_lastPresent.elapsed() >= kPresentMs) {
        m_lastPresent.restart();
        update();
    }
    if (!m_sceneDirty && m_drawn < total) m_fillTimer.start();
}

bool PointView::syncGpuLines() {
    if (!m_lineRenderer.isReady() || !m_renderer.isReady()) return false;
    const LinesSource source{m_lineLayer.version(), m_cloud.positionsVersion, m_cloud.fromVersion,
                             m_cloud.flagsVersion};
    // Mid-transition the rows move every frame, and their lines with them.
    if (source != m_linesSource || m_transition.isActive()) {
        const Projection unused = projection();
        const LayerContext context{unused, m_theme, m_cloud,
                                   [this](int row, float* xyz) { displayedPosition(row, xyz); }};
        m_lineRenderer.upload(m_lineLayer.plainInstances(context));
        m_linesSource = source;
    }
    return true;
}

int PointView::drawGpuLines(QSize pixels, float scale, int limit) {
    const float aspect = float(pixels.width()) / float(pixels.height());
    return m_lineRenderer.draw(m_camera.viewMatrix() * m_camera.modelMatrix(),
                               m_camera.projectionMatrix(aspect), pixels, scale, limit);
}

int PointView::linesPerFrame() const {
    constexpr int kMinLines = 2000;    // fewer stop showing the pattern
    constexpr int kFirstLines = 20000; // before any draw has been timed
    constexpr double kShare = 0.4;     // of the frame budget; the points have the rest
    const int total = m_lineRenderer.instanceCount();
    if (!m_pacer.levelOfDetail()) return total;
    if (m_msPerLine <= 0.0) return std::min(total, kFirstLines);
    const double fit = kShare * m_pacer.budgetMs() / m_msPerLine;
    return std::min(total, std::max(kMinLines, int(std::min(fit, 1e9))));
}

void PointView::paintOverlay(QPainter& painter, const Projection& projection, float scale,
                             bool interactive) const {
    if (!m_error.isEmpty()) {
        m_labelLayer.overlay().paintMessage(painter,
                                            tr("The point view cannot draw: %1").arg(m_error),
                                            projection.viewport, m_theme.errorText, scale);
        return;
    }
    const LayerContext context{
        projection,  m_theme,
        m_cloud,     [this](int row, float* xyz) { displayedPosition(row, xyz); },
        scale,       m_pointSize * 0.5f * scale,
        interactive, m_hovered,
        m_linesOnGpu};
    // The point cloud is in the frame already; the other layers over it, in order.
    for (const ViewLayer* layer : {static_cast<const ViewLayer*>(&m_lineLayer),
                                   static_cast<const ViewLayer*>(&m_labelLayer)})
        if (layer->isVisible()) layer->paint(painter, context);
    if (!m_caption.isEmpty() && m_cloud.size() > 0)
        m_labelLayer.overlay().paintCaption(painter, m_caption, projection.viewport,
                                            m_theme.labelText, scale);
    if (interactive) m_input.paint(painter, m_theme);
}

QImage PointView::renderImage(QSize size) {
    if (size.isEmpty()) size = this->size();
    const float scale = height() > 0 ? float(size.height()) / float(height()) : 1.0f;
    QImage image;
    const bool linesOnScreen = m_linesOnGpu; // the widget's frame keeps its own
    m_linesOnGpu = false;
    if (m_renderer.isReady()) {
        makeCurrent();
        bool valid = false;
        {
            // Destroyed while the context is still current: its GL objects are freed at once
            // (freed later, without a current context, Mesa kept them; LeakSanitizer saw it).
            QOpenGLFramebufferObject fbo(size, QOpenGLFramebufferObject::Depth);
            valid = fbo.isValid();
            if (valid) {
                fbo.bind();
                renderScene(size, scale, 0, -1, true);
                m_linesOnGpu = syncGpuLines();
                if (m_linesOnGpu) drawGpuLines(size, scale);
                image = fbo.toImage();
                fbo.release();
            }
        }
        doneCurrent();
        if (!valid) {
            qWarning("PointView: cannot render a %dx%d image", size.width(), size.height());
            m_linesOnGpu = linesOnScreen;
            return {};
        }
    }
    if (image.isNull()) {
        image = QImage(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(m_theme.background);
    }
    image = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    Projection projection = m_camera.projection(QSizeF(size));
    paintOverlay(painter, projection, scale, false);
    painter.end();
    m_linesOnGpu = linesOnScreen;
    return image;
}

bool PointView::saveScreenshot(const QString& path, QSize size) {
    const QImage image = renderImage(size);
    return !image.isNull() && image.save(path, "PNG");
}
