#pragma once

// What the point view tests share: points laid out for them, a projection written out by hand
// (not through the view's own code), pixel counts and synthetic mouse input.
#include "point_view.h"

#include <QColor>
#include <QEvent>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QSurfaceFormat>
#include <QVector3D>
#include <optional>
#include <vector>

namespace pointviewtest {

// Screen position of a world point, from the camera's matrices with the textbook viewport
// mapping, written out here rather than through the view's own Projection::toScreen.
QPointF projectByHand(const PointView& view, const QVector3D& world);
QVector3D pointOf(const std::vector<float>& xyz, int row);
int countNonBackground(const QImage& image, const QColor& background);

// Points on a jittered grid, far enough apart that none overlaps another on screen.
std::vector<float> spreadPoints(int side, bool flat);
std::vector<float> randomCloud(int rows);

void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
void drag(QWidget* widget, const QList<QPointF>& path, Qt::KeyboardModifiers modifiers);

// The format of an OpenGL context made with the view's format; none when no context can be made
// here (no display).
std::optional<QSurfaceFormat> glFormat();

// A shown view of a fixed size with `xyz` on it, settled (no animation running).
struct ShownView {
    PointView view;
    explicit ShownView(std::vector<float> xyz, bool twoD = false, QSize size = {400, 300});
    bool exposed();
};

} // namespace pointviewtest
