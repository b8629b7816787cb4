#pragma once

#include "line_set.h"
#include "view_layer.h"

#include <QPointF>
#include <optional>
#include <vector>

// Line and arrow sets in layout coordinates, projected each frame; an end at a hidden row or
// behind the camera leaves its segment out.
class LineLayer : public ViewLayer {
public:
    QString name() const override { return QStringLiteral("lines"); }
    void paint(QPainter& painter, const LayerContext& context) const override;

    void setSets(std::vector<LineSet> sets) { m_sets = std::move(sets); }
    const std::vector<LineSet>& sets() const { return m_sets; }

    // A segment's ends on screen as the layer draws them; none when it is not drawn.
    struct ScreenSegment {
        QPointF from;
        QPointF to;
    };
    static std::optional<ScreenSegment> project(const LineSegment& segment,
                                                const LayerContext& context);

private:
    static void paintPlain(QPainter& painter, const LineSet& set, const LayerContext& context);

    std::vector<LineSet> m_sets;
};
