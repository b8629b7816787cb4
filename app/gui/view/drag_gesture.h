#pragma once

#include <QPainterPath>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <Qt>

class QPainter;
struct ViewTheme;

// One mouse drag in the point view, from press to release: which gesture the buttons and
// modifiers chose, how far it moved, and for the selection gestures the shape drawn so far.
//
//   left drag              orbit (pan in 2D mode)
//   right/middle drag,
//   shift + left drag      pan
//   ctrl + left drag       rectangle selection
//   ctrl + shift + left    lasso selection
//
// A press and release that moved less than a few pixels is a click, whatever the gesture.
class DragGesture {
public:
    enum class Kind { None, Orbit, Pan, Rectangle, Lasso };

    static Kind kindFor(Qt::MouseButton button, Qt::KeyboardModifiers modifiers, bool is2D);

    void begin(Kind kind, QPointF pos);
    // The movement since the previous call.
    QPointF moveTo(QPointF pos);
    void end() { m_kind = Kind::None; }

    Kind kind() const { return m_kind; }
    bool isActive() const { return m_kind != Kind::None; }
    bool isSelecting() const { return m_kind == Kind::Rectangle || m_kind == Kind::Lasso; }
    // Still within the click tolerance of the press.
    bool isClick() const { return !m_moved; }
    QPointF pressPos() const { return m_press; }
    QRectF rect() const { return QRectF(m_press, m_last).normalized(); }
    QPolygonF lasso() const { return m_path; }

    // The rubber band or lasso while it is being drawn.
    void paint(QPainter& painter, const ViewTheme& theme) const;

private:
    Kind m_kind = Kind::None;
    QPointF m_press;
    QPointF m_last;
    bool m_moved = false;
    QPolygonF m_path;
};
