#include "line_layer.h"

#include <QHash>
#include <QLineF>
#include <QList>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>
#include <algorithm>
#include <cmath>

namespace {

constexpr double kArrowLength = 11.0;    // logical pixels
constexpr double kArrowHalfAngle = 0.42; // radians

// A row's displayed position, or a fixed one; false at a hidden or missing row.
bool endPosition(const LineEnd& end, const LayerContext& context, float* xyz) {
    if (end.row >= 0) {
        if (end.row >= context.cloud.size() || context.cloud.has(end.row, PointFlag::Hidden))
            return false;
        context.positionOf(end.row, xyz);
        return true;
    }
    xyz[0] = end.position.x();
    xyz[1] = end.position.y();
    xyz[2] = end.position.z();
    return true;
}

bool endOnScreen(const LineEnd& end, const LayerContext& context, QPointF* screen) {
    float xyz[3];
    if (!endPosition(end, context, xyz)) return false;
    float depth = 0;
    return context.projection.toScreen(xyz, screen, &depth);
}

} // namespace

void LineLayer::setSets(std::vector<LineSet> sets) {
    m_sets = std::move(sets);
    static std::uint64_t counter = 0;
    m_version = ++counter;
}

bool LineLayer::hasPlainSets() const {
    return std::any_of(m_sets.begin(), m_sets.end(), [](const LineSet& s) { return isPlain(s); });
}

LineInstances LineLayer::plainInstances(const LayerContext& context) const {
    LineInstances out;
    for (const LineSet& set : m_sets) {
        if (!isPlain(set)) continue;
        LineBatch batch;
        batch.first = int(out.instances.size());
        batch.widthPx = set.width;
        for (const LineSegment& segment : set.segments) {
            LineInstance line;
            if (!endPosition(segment.from, context, line.from) ||
                !endPosition(segment.to, context, line.to))
                continue;
            const QColor color = segment.color.isValid() ? segment.color : set.color;
            line.rgba[0] = std::uint8_t(color.red());
            line.rgba[1] = std::uint8_t(color.green());
            line.rgba[2] = std::uint8_t(color.blue());
            line.rgba[3] = std::uint8_t(color.alpha());
            out.instances.push_back(line);
        }
        batch.count = int(out.instances.size()) - batch.first;
        if (batch.count > 0) out.batches.push_back(batch);
    }
    return out;
}

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
        if (isPlain(set)) {
            if (!context.plainLinesDrawn) paintPlain(painter, set, context);
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
