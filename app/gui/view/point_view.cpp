#include "point_view.h"

#include "dataset.h"

#include <QtMath>
#include <algorithm>
#include <cmath>

namespace {

constexpr int kFrameIntervalMs = 16;
constexpr int kCameraTransitionMs = 500;
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
    connect(&m_input, &PointInteraction::contextMenuRequested, this,
            &PointView::contextMenuRequested);
    setFormat(surfaceFormat());
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(120, 90);
    m_labelLayer.setFont(font());
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
        m_labelLayer.setLabeledRows({});
        m_labelLayer.setPinnedRows({});
        m_labelLayer.setFocusRows({});
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
    if (m_document) {
        m_document->setSelection(rows); // back through the document's selectionChanged
        return;
    }
    applySelection(rows);
}

void PointView::applySelection(const std::vector<int>& rows) {
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
    if (m_document) {
        m_document->setHighlighted(rows);
        return;
    }
    applyHighlighted(rows);
}

void PointView::applyHighlighted(const std::vector<int>& rows) {
    m_dimOthers = !rows.empty();
    setFlag(PointFlag::Highlighted, rows);
}

void PointView::setNeighborRows(const std::vector<int>& rows) {
    setFlag(PointFlag::Neighbor, rows);
}

void PointView::setHidden(const std::vector<int>& rows) {
    if (m_document) {
        m_document->setHidden(rows);
        return;
    }
    applyHidden(rows);
}

void PointView::applyHidden(const std::vector<int>& rows) {
    setFlag(PointFlag::Hidden, rows);
    m_picker.invalidate();
}

std::vector<int> PointView::hiddenRows() const {
    std::vector<int> rows;
    for (int row = 0; row < m_cloud.size(); ++row)
        if (m_cloud.has(row, PointFlag::Hidden)) rows.push_back(row);
    return rows;
}

void PointView::setLabeledRows(std::vector<int> rows) {
    if (m_document) {
        m_document->setLabeledRows(std::move(rows));
        return;
    }
    m_labelLayer.setLabeledRows(std::move(rows));
    update(); // labels only: the cached point frame stays
}

void PointView::setPinnedLabels(std::vector<int> rows) {
    if (m_document) {
        m_document->setPinnedLabels(std::move(rows));
        return;
    }
    m_labelLayer.setPinnedRows(std::move(rows));
    update();
}

void PointView::setFocusLabels(std::vector<int> rows) {
    if (m_document) {
        m_document->setFocusLabels(std::move(rows));
        return;
    }
    m_labelLayer.setFocusRows(std::move(rows));
    update();
}

std::vector<int> PointView::shownLabelRows() const {
    std::vector<int> rows;
    for (const LabelOverlay::Placed& label : m_labelLayer.lastPlaced())
        rows.push_back(label.row);
    return rows;
}

QString PointView::shownLabelText(int row) const {
    for (const LabelOverlay::Placed& label : m_labelLayer.lastPlaced())
        if (label.row == row) return label.text;
    return {};
}

void PointView::setLineSets(std::vector<LineSet> sets) {
    m_lineLayer.setSets(std::move(sets));
    // The frame is kept unless it holds the old lines.
    if (m_linesInFrame) sceneChanged();
    update();
}

QStringList PointView::layerNames() const {
    return {QStringLiteral("points"), m_lineLayer.name(), m_labelLayer.name()};
}

// ---------------------------------------------------------------- look and camera

void PointView::setPointSize(float pixels) {
    pixels = std::clamp(pixels, 1.0f, 64.0f);
    if (pixels == m_pointSize) return;
    m_pointSize = pixels;
    sceneChanged();
    emit lookChanged();
}

void PointView::setLabelPointSize(double points) {
    points = std::clamp(points, 4.0, 48.0);
    if (points == labelPointSize()) return;
    QFont font = m_labelLayer.overlay().font(1.0f);
    font.setPointSizeF(points);
    m_labelLayer.setFont(font);
    update(); // labels only: the cached point frame stays
    emit lookChanged();
}

double PointView::labelPointSize() const {
    return m_labelLayer.overlay().font(1.0f).pointSizeF();
}

void PointView::set2DMode(bool on) {
    if (on == m_camera.is2D()) return;
    m_camera.set2D(on);
    if (m_document) m_document->twoD = on; // what a density clustering of the view uses
    animateCamera(homePose(), kCameraTransitionMs);
    emit lookChanged();
}

void PointView::setTheme(const ViewTheme& theme) {
    m_theme = theme;
    sceneChanged();
    emit lookChanged();
}

void PointView::setLevelOfDetail(bool on) {
    if (on == m_pacer.levelOfDetail()) return;
    m_pacer.setLevelOfDetail(on);
    // The cached frame may hold only a sample; the next paint starts over with every point.
    sceneChanged();
    emit lookChanged();
}

void PointView::setCameraPose(const CameraPose& pose) {
    m_camera.setPose(pose);
    cameraMoved();
}

void PointView::glideTo(const CameraPose& pose) {
    animateCamera(pose, kCameraTransitionMs);
}

void PointView::resetView(bool animate) {
    animateCamera(homePose(), animate ? kCameraTransitionMs : 0);
}

void PointView::flyTo(int row) {
    if (row < 0 || row >= m_cloud.size()) return;
    ++m_userCameraMoves;
    float xyz[3];
    displayedPosition(row, xyz);
    CameraPose pose = m_camera.pose();
    pose.target = m_camera.modelMatrix().map(QVector3D(xyz[0], xyz[1], xyz[2]));
    pose.distance = std::min(pose.distance, m_camera.radius() * 0.4f);
    animateCamera(pose, kCameraTransitionMs + 200);
}

void PointView::frameRows(const std::vector<int>& rows) {
    ++m_userCameraMoves;
    std::vector<QVector3D> points;
    for (int row : rows) {
        if (row < 0 || row >= m_cloud.size()) continue;
        float xyz[3];
        displayedPosition(row, xyz);
        points.push_back(m_camera.modelMatrix().map(QVector3D(xyz[0], xyz[1], xyz[2])));
    }
    if (points.size() <= 1) {
        if (!points.empty()) flyTo(rows.front());
        return;
    }
    QVector3D centre;
    for (const QVector3D& p : points)
        centre += p / float(points.size());
    float spread = 0.0f;
    for (const QVector3D& p : points)
        spread = std::max(spread, (p - centre).length());
    CameraPose pose = m_camera.pose();
    pose.target = centre;
    // As the home pose frames the scene: the rows' sphere fits the narrower field of view, with
    // a margin for their labels; never closer than a flight to one row.
    const float aspect = height() > 0 ? float(width()) / float(height()) : 1.0f;
    const float halfY = qDegreesToRadians(Camera::kFovY * 0.5f);
    const float halfX = std::atan(std::tan(halfY) * std::max(aspect, 1e-3f));
    pose.distance =
        std::max(spread / std::sin(std::min(halfX, halfY)) * 1.3f, m_camera.radius() * 0.05f);
    animateCamera(pose, kCameraTransitionMs + 200);
}

void PointView::orbitBy(float yawDegrees, float pitchDegrees) {
    ++m_userCameraMoves;
    m_camera.orbit(yawDegrees, pitchDegrees);
    cameraMoved();
}

void PointView::panBy(QPointF pixels) {
    ++m_userCameraMoves;
    m_camera.pan(pixels, float(height()));
    cameraMoved();
}

void PointView::zoomBy(float factor) {
    ++m_userCameraMoves;
    m_camera.zoom(factor);
    cameraMoved();
}

void PointView::cameraMoved() {
    emit cameraChanged();
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
