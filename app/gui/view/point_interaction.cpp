#include "point_interaction.h"

#include "point_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace {

constexpr float kOrbitDegreesPerPixel = 0.4f;
constexpr float kKeyOrbitDegrees = 5.0f;
constexpr float kKeyPanPixels = 30.0f;
constexpr float kKeyZoom = 1.15f;
constexpr float kWheelZoomPerStep = 1.0015f; // per 1/8 degree of wheel: 1.2x per notch

} // namespace

PointInteraction::PointInteraction(PointView* view) : QObject(view), m_view(view) {}

void PointInteraction::mousePress(QMouseEvent* event) {
    if (m_drag.isActive()) return; // a second button during a drag changes nothing
    const DragGesture::Kind kind =
        DragGesture::kindFor(event->button(), event->modifiers(), m_view->is2DMode());
    if (kind == DragGesture::Kind::None) return;
    m_drag.begin(kind, event->position());
    m_button = event->button();
    m_view->setHoveredRow(-1);
}

void PointInteraction::mouseMove(QMouseEvent* event) {
    if (!m_drag.isActive()) {
        // Hover picking reads the screen grid, rebuilt (O(points)) after the camera moves: not
        // while it still moves.
        if (!m_view->isAnimating() && !m_view->isCameraMoving())
            m_view->setHoveredRow(m_view->pickAt(event->position().toPoint()));
        return;
    }
    const QPointF delta = m_drag.moveTo(event->position());
    if (m_drag.isClick()) return;
    moveCamera(delta);
}

void PointInteraction::moveCamera(QPointF delta) {
    switch (m_drag.kind()) {
    case DragGesture::Kind::Orbit:
        m_view->orbitBy(-float(delta.x()) * kOrbitDegreesPerPixel,
                        float(delta.y()) * kOrbitDegreesPerPixel);
        break;
    case DragGesture::Kind::Pan:
        m_view->panBy(delta);
        break;
    case DragGesture::Kind::Rectangle:
    case DragGesture::Kind::Lasso:
        m_view->update(); // the rubber band only
        break;
    case DragGesture::Kind::None:
        break;
    }
}

void PointInteraction::mouseRelease(QMouseEvent* event) {
    if (!m_drag.isActive()) return;
    // Under load the release may lie well beyond the last move the view saw: that part of the
    // drag moves the camera too.
    const QPointF delta = m_drag.moveTo(event->position());
    if (!m_drag.isClick() && !m_drag.isSelecting()) moveCamera(delta);
    const DragGesture gesture = m_drag;
    m_drag.end();
    if (gesture.isClick()) {
        if (m_button == Qt::RightButton)
            emit contextMenuRequested(m_view->pickAt(gesture.pressPos().toPoint()),
                                      event->globalPosition().toPoint());
        else
            click(gesture.pressPos().toPoint(), event->modifiers());
        return;
    }
    if (gesture.kind() == DragGesture::Kind::Rectangle)
        m_view->setSelection(m_view->rowsInRect(gesture.rect().toRect()));
    else if (gesture.kind() == DragGesture::Kind::Lasso)
        m_view->setSelection(m_view->rowsInPolygon(gesture.lasso()));
    m_view->update();
}

// A plain click selects the point (or clears the selection on empty space); ctrl-click adds or
// removes it.
void PointInteraction::click(QPoint pos, Qt::KeyboardModifiers modifiers) {
    const int row = m_view->pickAt(pos);
    if (modifiers & Qt::ControlModifier) {
        if (row >= 0) {
            std::vector<int> rows = m_view->selection();
            const auto it = std::find(rows.begin(), rows.end(), row);
            if (it == rows.end())
                rows.push_back(row);
            else
                rows.erase(it);
            m_view->setSelection(rows);
        }
    } else {
        m_view->setSelection(row >= 0 ? std::vector<int>{row} : std::vector<int>{});
    }
    emit clicked(row, modifiers);
}

void PointInteraction::mouseDoubleClick(QMouseEvent* event) {
    const int row = m_view->pickAt(event->position().toPoint());
    if (row >= 0) m_view->frameNeighborhood(row);
}

void PointInteraction::wheel(QWheelEvent* event) {
    const int steps = event->angleDelta().y();
    if (steps == 0) return;
    m_view->zoomBy(std::pow(kWheelZoomPerStep, float(steps)));
    event->accept();
}

bool PointInteraction::keyPress(QKeyEvent* event) {
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool pan = shift || m_view->is2DMode();
    switch (event->key()) {
    case Qt::Key_Left:
        pan ? m_view->panBy({kKeyPanPixels, 0}) : m_view->orbitBy(kKeyOrbitDegrees, 0);
        return true;
    case Qt::Key_Right:
        pan ? m_view->panBy({-kKeyPanPixels, 0}) : m_view->orbitBy(-kKeyOrbitDegrees, 0);
        return true;
    case Qt::Key_Up:
        pan ? m_view->panBy({0, kKeyPanPixels}) : m_view->orbitBy(0, kKeyOrbitDegrees);
        return true;
    case Qt::Key_Down:
        pan ? m_view->panBy({0, -kKeyPanPixels}) : m_view->orbitBy(0, -kKeyOrbitDegrees);
        return true;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_view->zoomBy(kKeyZoom);
        return true;
    case Qt::Key_Minus:
        m_view->zoomBy(1.0f / kKeyZoom);
        return true;
    case Qt::Key_R:
        m_view->resetView();
        return true;
    case Qt::Key_BracketLeft:
        m_view->setPointSize(m_view->pointSize() - 1.0f);
        return true;
    case Qt::Key_BracketRight:
        m_view->setPointSize(m_view->pointSize() + 1.0f);
        return true;
    case Qt::Key_F:
        m_view->frameSelection();
        return true;
    case Qt::Key_Escape:
        m_view->setSelection({});
        return true;
    default:
        return false;
    }
}

void PointInteraction::paint(QPainter& painter, const ViewTheme& theme) const {
    m_drag.paint(painter, theme);
}
