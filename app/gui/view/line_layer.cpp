#include "line_layer.h"

#include <QHash>
#include <QLineF>
#include <QList>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>
#include <cmath>

namespace {

constexpr double kArrowLength = 11.0;    // logical pixels
constexpr double kArrowHalfAngle = 0.42; // radians

bool endOnScreen(const LineEnd& end, const LayerContext& context, QPointF* screen) {
    float xyz[3];
    if (end.row >= 0) {
        if (end.row >= context.cloud.size() || context.cloud.has(end.row, PointFlag::Hidden))
            return false;
        context.positionOf(end.row, xyz);
    } else {
        xyz[0] = end.position.x();
        xyz[1] = end.position.y();
        xyz[2] = end.position.z();
    }
    float depth = 0;
    return context.projection.toScreen(xyz, screen, &depth);
}

} // namespace

std::optional<LineLayer::ScreenSegment> LineLayer::project(const LineSegment& segment,
                                                           const LayerContext& context) {
    ScreenSegment out;
    if (!endOnScreen(segment.from, context, &out.from) ||
        !endOnScreen(segment.to, context, &out.to))
        return std::nullopt;
    return out;
}

// Plain lines (no heads, no dashes) by colour, one drawLines call per colour: a comparison's
// displacement lines are tens of thousands of segments in a few hundred colours, and a pen
// change per segment would cost more than the lines themselves.
void LineLayer::paintPlain(QPainter& painter, const LineSet& set, const LayerContext& context) {
    QHash<QRgb, QList<QLineF>> byColor;
    for (const LineSegment& segment : set.segments) {
        const std::optional<ScreenSegment> screen = project(segment, context);
        if (!screen) continue;
        const QColor color = segment.color.isValid() ? segment.color : set.color;
        byColor[color.rgba()].append(QLineF(screen->from, screen->to));
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (auto it = byColor.cbegin(); it != byColor.cend(); ++it) {
        QPen pen(QColor::fromRgba(it.key()), double(set.width * context.scale));
        pen.setCapStyle(Qt::FlatCap);
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.drawLines(it.value());
    }
    painter.restore();
}

void LineLayer::paint(QPainter& painter, const LayerContext& context) const {
    if (m_sets.empty()) return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const LineSet& set : m_sets) {
        if (!set.arrows && !set.dashed) {
            paintPlain(painter, set, context);
            continue;
        }
        for (const LineSegment& segment : set.segments) {
            const std::optional<ScreenSegment> screen = project(segment, context);
            if (!screen) continue;
            const QColor color = segment.color.isValid() ? segment.color : set.color;
            QPen pen(color, double(set.width * context.scale));
            pen.setCapStyle(Qt::RoundCap);
            if (set.dashed) pen.setStyle(Qt::DashLine);
            painter.setPen(pen);
            painter.drawLine(screen->from, screen->to);
            const QPointF d = screen->to - screen->from;
            const double length = std::hypot(d.x(), d.y());
            if (!set.arrows || length < 1.0) continue;
            // The head in screen space, so it reads the same at any zoom and in 3D.
            const double angle = std::atan2(d.y(), d.x());
            const double size = std::min(kArrowLength * double(context.scale), length * 0.5);
            QPainterPath head(screen->to);
            head.lineTo(screen->to - QPointF(std::cos(angle - kArrowHalfAngle) * size,
                                             std::sin(angle - kArrowHalfAngle) * size));
            head.lineTo(screen->to - QPointF(std::cos(angle + kArrowHalfAngle) * size,
                                             std::sin(angle + kArrowHalfAngle) * size));
            head.closeSubpath();
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawPath(head);
            painter.setBrush(Qt::NoBrush);
        }
    }
    painter.restore();
}
