#include "drag_gesture.h"

#include "view_theme.h"

#include <QLineF>
#include <QPainter>

namespace {

constexpr double kClickTolerance = 4.0; // pixels a click may wobble
constexpr double kLassoStep = 3.0;      // pixels between recorded lasso points

} // namespace

DragGesture::Kind DragGesture::kindFor(Qt::MouseButton button, Qt::KeyboardModifiers modifiers,
                                       bool is2D) {
    if (button == Qt::RightButton || button == Qt::MiddleButton) return Kind::Pan;
    if (button != Qt::LeftButton) return Kind::None;
    if (modifiers & Qt::ControlModifier)
        return (modifiers & Qt::ShiftModifier) ? Kind::Lasso : Kind::Rectangle;
    if (modifiers & Qt::ShiftModifier) return Kind::Pan;
    return is2D ? Kind::Pan : Kind::Orbit;
}

void DragGesture::begin(Kind kind, QPointF pos) {
    m_kind = kind;
    m_press = m_last = pos;
    m_moved = false;
    m_path = QPolygonF({pos});
}

QPointF DragGesture::moveTo(QPointF pos) {
    QPointF delta = pos - m_last;
    m_last = pos;
    if (!m_moved && QLineF(m_press, pos).length() > kClickTolerance) {
        m_moved = true;
        // The wobble a click allows was held back; now that it is a drag it counts, so many
        // small events move as far as one large one.
        delta = pos - m_press;
    }
    if (m_kind == Kind::Lasso && QLineF(m_path.back(), pos).length() >= kLassoStep) m_path << pos;
    return delta;
}

void DragGesture::paint(QPainter& painter, const ViewTheme& theme) const {
    if (!isSelecting() || !m_moved) return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QColor fill = theme.rubberBand;
    fill.setAlpha(40);
    painter.setBrush(fill);
    painter.setPen(QPen(theme.rubberBand, 1.5, Qt::DashLine));
    if (m_kind == Kind::Rectangle)
        painter.drawRect(rect());
    else
        painter.drawPolygon(m_path);
    painter.restore();
}
