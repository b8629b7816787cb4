#pragma once

#include "drag_gesture.h"

#include <QObject>
#include <Qt>

class PointView;
class QKeyEvent;
class QMouseEvent;
class QPainter;
class QWheelEvent;
struct ViewTheme;

// Turns mouse and keyboard input on a PointView into camera moves, hover, clicks and selection
// gestures, through the view's public API only (the bindings are listed in point_view.h and
// drag_gesture.h).
class PointInteraction : public QObject {
    Q_OBJECT

public:
    explicit PointInteraction(PointView* view);

    void mousePress(QMouseEvent* event);
    void mouseMove(QMouseEvent* event);
    void mouseRelease(QMouseEvent* event);
    void mouseDoubleClick(QMouseEvent* event);
    void wheel(QWheelEvent* event);
    bool keyPress(QKeyEvent* event); // false: not a key of the view
    // The rubber band or lasso being drawn, if any.
    void paint(QPainter& painter, const ViewTheme& theme) const;

signals:
    void clicked(int row, Qt::KeyboardModifiers modifiers);
    // A right click that did not drag: the point under it (-1: none) and where the menu goes.
    void contextMenuRequested(int row, QPoint globalPos);

private:
    void click(QPoint pos, Qt::KeyboardModifiers modifiers);
    void moveCamera(QPointF delta);

    PointView* m_view;
    DragGesture m_drag;
    Qt::MouseButton m_button = Qt::NoButton; // that started the drag
};
