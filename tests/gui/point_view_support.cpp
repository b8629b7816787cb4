#include "point_view_support.h"

#include <QApplication>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QTest>
#include <random>

namespace pointviewtest {

QPointF projectByHand(const PointView& view, const QVector3D& world) {
    const Camera& camera = view.camera();
    const float aspect = float(view.width()) / float(view.height());
    const QVector4D clip = camera.projectionMatrix(aspect) * camera.viewMatrix() *
                           camera.modelMatrix() * QVector4D(world, 1.0f);
    const QVector3D ndc = clip.toVector3DAffine();
    return {(ndc.x() + 1.0) / 2.0 * view.width(), (1.0 - ndc.y()) / 2.0 * view.height()};
}

QVector3D pointOf(const std::vector<float>& xyz, int row) {
    return {xyz[std::size_t(row) * 3], xyz[std::size_t(row) * 3 + 1],
            xyz[std::size_t(row) * 3 + 2]};
}

int countNonBackground(const QImage& image, const QColor& background) {
    const QRgb bg = background.rgb() & 0xffffff;
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += (image.pixel(x, y) & 0xffffff) != bg;
    return count;
}

std::vector<float> spreadPoints(int side, bool flat) {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> jitter(-0.15f, 0.15f);
    std::vector<float> xyz;
    for (int i = 0; i < side; ++i)
        for (int j = 0; j < side; ++j) {
            xyz.push_back(float(i) + jitter(random));
            xyz.push_back(float(j) + jitter(random));
            xyz.push_back(flat ? 0.0f : float((i * 7 + j * 3) % side) * 0.5f);
        }
    return xyz;
}

std::vector<float> randomCloud(int rows) {
    std::mt19937 random(11);
    std::normal_distribution<float> normal;
    std::vector<float> xyz(std::size_t(rows) * 3);
    for (float& v : xyz)
        v = normal(random);
    return xyz;
}

void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers) {
    QMouseEvent event(type, pos, widget->mapToGlobal(pos), button, buttons, modifiers);
    QApplication::sendEvent(widget, &event);
}

void drag(QWidget* widget, const QList<QPointF>& path, Qt::KeyboardModifiers modifiers) {
    sendMouse(widget, QEvent::MouseButtonPress, path.front(), Qt::LeftButton, Qt::LeftButton,
              modifiers);
    for (const QPointF& pos : path.mid(1))
        sendMouse(widget, QEvent::MouseMove, pos, Qt::NoButton, Qt::LeftButton, modifiers);
    sendMouse(widget, QEvent::MouseButtonRelease, path.back(), Qt::LeftButton, Qt::NoButton,
              modifiers);
}

std::optional<QSurfaceFormat> glFormat() {
    QOpenGLContext context;
    context.setFormat(PointView::surfaceFormat());
    if (!context.create()) return std::nullopt;
    const QSurfaceFormat format = context.format();
    qInfo("OpenGL %d.%d", format.majorVersion(), format.minorVersion());
    return format;
}

ShownView::ShownView(std::vector<float> xyz, bool twoD, QSize size) {
    view.resize(size);
    view.set2DMode(twoD);
    view.show();
    view.setPositions(std::move(xyz), PointView::Transition{false, 0, true});
    view.resetView(false);
}

bool ShownView::exposed() {
    return QTest::qWaitForWindowExposed(&view);
}

} // namespace pointviewtest
