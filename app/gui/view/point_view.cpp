#include "point_view.h"

#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLFramebufferObject>
#include <QOpenGLPaintDevice>
#include <QPainter>
#include <algorithm>

namespace {

constexpr int kFrameIntervalMs = 16;
constexpr int kCameraTransitionMs = 500;
constexpr int kPresentMs = 250;        // how often a frame being filled in is shown
constexpr float kPickTolerance = 6.0f; // pixels around a point that still hover it

} // namespace

QSurfaceFormat PointView::surfaceFormat() {
    QSurfaceFormat format;
    format.setVersion(3, 3);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8); // QPainter's GL engine clips with the stencil
    return format;
}

PointView::PointView(QWidget* parent) : QOpenGLWidget(parent) {
    connect(&m_input, &PointInteraction::clicked, this, &PointView::clicked);
    setFormat(surfaceFormat());
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(120, 90);
    m_labels.setFont(font());
    m_animationTimer.setInterval(kFrameIntervalMs);
    // Animations advance on the timer too, not only when painted, so they end even while the
    // view is covered.
    connect(&m_animationTimer, &QTimer::timeout, this, [this] {
        advanceAnimations();
        update();
    });
    // Still now: fill in the points the moving frames left out.
    m_fillTimer.setSingleShot(true);
    m_fillTimer.setInterval(0);
    connect(&m_fillTimer, &QTimer::timeout, this, &PointView::fillIn);
    connect(&m_pacer, &FramePacer::settled, this, [this] { m_fillTimer.start(); });
    m_lastPresent.start();
    m_camera.setPose(homePose());
}

PointView::~PointView() {
    // The context outlives this destructor (QOpenGLWidget's owns it): its aboutToBeDestroyed
    // must not reach a PointView whose members are gone.
    if (context()) disconnect(context(), nullptr, this, nullptr);
    cleanupGL();
}

// ---------------------------------------------------------------- data

void PointView::setPositions(std::vector<float> xyz, const Transition& transition) {
    xyz.resize(xyz.size() / 3 * 3);
    const int rows = int(xyz.size() / 3);
    if (rows != m_cloud.size()) {
        // Another data set: per-row state of the old one means nothing here.
        m_cloud.flags.assign(std::size_t(rows), 0);
        m_cloud.flagsVersion = PointCloud::nextVersion();
        m_cloud.colors.clear();
        m_cloud.colorsVersion = PointCloud::nextVersion();
        m_selection.clear();
        m_labeledRows.clear();
        m_dimOthers = false;
        m_hovered = -1;
    }
    m_transition.start(m_cloud, std::move(xyz), transition.animate, transition.durationMs,
                       m_pacer.now());
    const bool animate = m_transition.isActive();
    m_camera.fitPoints(m_cloud.positions.data(), m_cloud.size());
    m_picker.invalidate();
    sceneChanged();
    if (transition.fitCamera) animateCamera(homePose(), animate ? transition.durationMs : 0);
    if (animate && !m_animationTimer.isActive()) m_animationTimer.start();
}

void PointView::clear() {
    setPositions({}, Transition{false, 0, true});
}

void PointView::setColors(std::vector<std::uint8_t> rgb) {
    if (!rgb.empty() && rgb.size() != std::size_t(m_cloud.size()) * 3) {
        qWarning("PointView::setColors: %zu values for %d points; ignored", rgb.size(),
                 m_cloud.size());
        return;
    }
    m_cloud.colors = std::move(rgb);
    m_cloud.colorsVersion = PointCloud::nextVersion();
    sceneChanged();
}

void PointView::setLabels(std::shared_ptr<const std::vector<std::string>> labels) {
    m_cloud.labels = std::move(labels);
    update();
}

void PointView::setFlag(std::uint8_t bit, const std::vector<int>& rows) {
    m_cloud.setFlag(bit, rows);
    sceneChanged();
}

void PointView::setSelection(const std::vector<int>& rows) {
    std::vector<int> valid;
    for (int row : rows)
        if (row >= 0 && row < m_cloud.size()) valid.push_back(row);
    std::sort(valid.begin(), valid.end());
    valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
    if (valid == m_selection) return;
    m_selection = std::move(valid);
    setFlag(PointFlag::Selected, m_selection);
    emit selectionChanged();
}

void PointView::setHighlighted(const std::vector<int>& rows) {
    m_dimOthers = !rows.empty();
    setFlag(PointFlag::Highlighted, rows);
}

void PointView::setHidden(const std::vector<int>& rows) {
    setFlag(PointFlag::Hidden, rows);
    m_picker.invalidate();
}

void PointView::setLabeledRows(std::vector<int> rows) {
    m_labeledRows = std::move(rows);
    update(); // labels only: the cached point frame stays
}

// ---------------------------------------------------------------- look and camera

void PointView::setPointSize(float pixels) {
    m_pointSize = std::clamp(pixels, 1.0f, 64.0f);
    sceneChanged();
}

void PointView::set2DMode(bool on) {
    if (on == m_camera.is2D()) return;
    m_camera.set2D(on);
    animateCamera(homePose(), kCameraTransitionMs);
}

void PointView::setTheme(const ViewTheme& theme) {
    m_theme = theme;
    sceneChanged();
}

void PointView::resetView(bool animate) {
    animateCamera(homePose(), animate ? kCameraTransitionMs : 0);
}

void PointView::flyTo(int row) {
    if (row < 0 || row >= m_cloud.size()) return;
    float xyz[3];
    displayedPosition(row, xyz);
    CameraPose pose = m_camera.pose();
    pose.target = m_camera.modelMatrix().map(QVector3D(xyz[0], xyz[1], xyz[2]));
    pose.distance = std::min(pose.distance, m_camera.radius() * 0.4f);
    animateCamera(pose, kCameraTransitionMs + 200);
}

void PointView::orbitBy(float yawDegrees, float pitchDegrees) {
    m_camera.orbit(yawDegrees, pitchDegrees);
    cameraMoved();
}

void PointView::panBy(QPointF pixels) {
    m_camera.pan(pixels, float(height()));
    cameraMoved();
}

void PointView::zoomBy(float factor) {
    m_camera.zoom(factor);
    cameraMoved();
}

void PointView::cameraMoved() {
    m_pacer.noteMotion();
    m_picker.invalidate();
    m_sceneDirty = true;
    update();
}

void PointView::sceneChanged() {
    m_sceneDirty = true;
    update();
}

void PointView::animateCamera(const CameraPose& pose, int durationMs) {
    m_camera.animateTo(pose, durationMs, m_pacer.now());
    cameraMoved();
    if (durationMs > 0 && !m_animationTimer.isActive()) m_animationTimer.start();
}

bool PointView::isAnimating() const {
    return m_transition.isActive() || m_camera.isAnimating();
}

// Steps the camera and the layout transition to the current time; true while either runs.
bool PointView::advanceAnimations() {
    const qint64 now = m_pacer.now();
    if (m_camera.isAnimating()) {
        m_camera.advance(now);
        cameraMoved();
    }
    if (m_transition.isActive()) {
        m_pacer.noteMotion();
        m_sceneDirty = true;
        // Picking uses the targets, right once the points arrive.
        if (!m_transition.advance(m_cloud, now)) m_picker.invalidate();
    }
    const bool animating = isAnimating();
    if (!animating) m_animationTimer.stop();
    return animating;
}

void PointView::displayedPosition(int row, float* xyz) const {
    m_transition.position(m_cloud, row, m_pacer.now(), xyz);
}

CameraPose PointView::homePose() const {
    return m_camera.homePose(height() > 0 ? float(width()) / float(height()) : 1.0f);
}

// ---------------------------------------------------------------- picking

void PointView::ensurePicker() const {
    if (m_picker.isValid()) return;
    ScreenPicker::Input input;
    input.positions = m_cloud.positions.data();
    input.flags = m_cloud.flags.data();
    input.count = m_cloud.size();
    input.projection = projection();
    m_picker.build(input);
}

int PointView::pickAt(QPoint pos) const {
    if (m_cloud.size() == 0) return -1;
    ensurePicker();
    return m_picker.pick(QPointF(pos), pickRadius(), std::max(kPickTolerance, pickRadius()));
}

std::vector<int> PointView::rowsInRect(const QRect& rect) const {
    ensurePicker();
    return m_picker.rowsInRect(QRectF(rect));
}

std::vector<int> PointView::rowsInPolygon(const QPolygonF& polygon) const {
    ensurePicker();
    return m_picker.rowsInPolygon(polygon);
}

void PointView::setHoveredRow(int row) {
    if (row < -1 || row >= m_cloud.size()) row = -1;
    if (row == m_hovered) return;
    m_hovered = row;
    emit hovered(row);
    update(); // the overlay only
}

// ---------------------------------------------------------------- OpenGL

void PointView::initializeGL() {
    // As in Qt's hellogl2: free the GL objects while the context still exists. It is destroyed
    // and recreated when the widget moves to another top-level window (a floating dock).
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &PointView::cleanupGL,
            Qt::UniqueConnection);
    initRenderer();
}

void PointView::initRenderer() {
    m_sceneDirty = true;
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
    doneCurrent();
}

void PointView::setShaderSources(const ShaderSources& sources) {
    m_shaderSources = sources;
    if (!context()) return; // initializeGL will use them
    makeCurrent();
    m_renderer.destroy();
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
    params.depthNear = m_camera.is2D() ? 0.0f : m_camera.depthNear();
    params.depthFar = m_camera.is2D() ? 0.0f : m_camera.depthFar();
    // Timed to completion: the cost per point sizes the next frames.
    double ms = 0.0;
    const int drawn = m_renderer.draw(params, &ms);
    m_pacer.recordDraw(drawn, ms);
    return drawn;
}

void PointView::paintGL() {
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
        }
        if (!animating && !m_pacer.isMoving() && m_drawn < m_cloud.size()) m_fillTimer.start();
        // The cached point frame, then the overlay: hover and rubber bands cost a copy only.
        m_frame.blitTo(defaultFramebufferObject());
    } else { // no points to draw, or no renderer: the overlay says why
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
}

// Adds the next range of points to the cached frame while the camera is still: one frame
// budget of work per event-loop turn, so input is never held up, shown every kPresentMs and
// when done (presenting costs a composition, which a software rasteriser feels).
void PointView::fillIn() {
    const int total = m_cloud.size();
    if (!m_renderer.isReady() || m_sceneDirty || isAnimating() || m_pacer.isMoving() ||
        m_drawn >= total)
        return; // a paint starts over, or there is nothing left
    const qreal dpr = devicePixelRatioF();
    const QSize pixels(qRound(width() * dpr), qRound(height() * dpr));
    makeCurrent();
    if (m_frame.ensure(pixels)) {
        m_sceneDirty = true; // resized meanwhile: the frame is gone
    } else {
        // Depth-tested opaque points in the same order: adding a range to the frame gives
        // exactly the picture of drawing everything at once.
        m_frame.bind();
        m_drawn += renderScene(pixels, float(dpr), m_drawn, m_pacer.pointsPerFrame(total), false);
    }
    doneCurrent();
    if (m_sceneDirty || m_drawn >= total || m_lastPresent.elapsed() >= kPresentMs) {
        m_lastPresent.restart();
        update();
    }
    if (!m_sceneDirty && m_drawn < total) m_fillTimer.start();
}

void PointView::paintOverlay(QPainter& painter, const Projection& projection, float scale,
                             bool interactive) const {
    if (!m_error.isEmpty()) {
        m_labels.paintMessage(painter, tr("The point view cannot draw: %1").arg(m_error),
                              projection.viewport, m_theme.errorText, scale);
        return;
    }
    LabelOverlay::Params params;
    params.viewport = projection.viewport;
    params.pointRadius = m_pointSize * 0.5f * scale;
    params.hoveredRow = interactive ? m_hovered : -1;
    params.labels = m_cloud.labels.get();
    params.scale = scale;
    std::vector<int> rows = m_labeledRows;
    if (params.hoveredRow >= 0) rows.push_back(params.hoveredRow);
    auto candidates = m_labels.candidates(
        m_cloud, rows, projection, [this](int row, float* xyz) { displayedPosition(row, xyz); });
    m_labels.paint(painter, m_labels.layout(std::move(candidates), params), m_theme, scale);
    if (interactive) m_input.paint(painter, m_theme);
}

QImage PointView::renderImage(QSize size) {
    if (size.isEmpty()) size = this->size();
    const float scale = height() > 0 ? float(size.height()) / float(height()) : 1.0f;
    QImage image;
    if (m_renderer.isReady()) {
        makeCurrent();
        QOpenGLFramebufferObject fbo(size, QOpenGLFramebufferObject::Depth);
        if (!fbo.isValid()) {
            doneCurrent();
            qWarning("PointView: cannot render a %dx%d image", size.width(), size.height());
            return {};
        }
        fbo.bind();
        renderScene(size, scale, 0, -1, true);
        image = fbo.toImage();
        fbo.release();
        doneCurrent();
    }
    if (image.isNull()) {
        image = QImage(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(m_theme.background);
    }
    image = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    Projection projection = m_camera.projection(QSizeF(size));
    paintOverlay(painter, projection, scale, false);
    return image;
}

bool PointView::saveScreenshot(const QString& path, QSize size) {
    const QImage image = renderImage(size);
    return !image.isNull() && image.save(path, "PNG");
}
