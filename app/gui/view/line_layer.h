#pragma once

#include "line_renderer.h"
#include "line_set.h"
#include "view_layer.h"

#include <QPointF>
#include <cstdint>
#include <optional>
#include <vector>

// Line and arrow sets in layout coordinates, projected each frame; an end at a hidden row or
// behind the camera leaves its segment out. Plain sets (no heads, no dashes) can go to the GPU
// instead (LineRenderer): the layer gathers their segments, and paints only the others when the
// context says the GPU drew them.
class LineLayer : public ViewLayer {
public:
    QString name() const override { return QStringLiteral("lines"); }
    void paint(QPainter& painter, const LayerContext& context) const override;

    void setSets(std::vector<LineSet> sets);
    const std::vector<LineSet>& sets() const { return m_sets; }
    // Changes with every setSets: the GPU copy is gathered again when it differs.
    std::uint64_t version() const { return m_version; }
    static bool isPlain(const LineSet& set) { return !set.arrows && !set.dashed; }
    bool hasPlainSets() const;

    // The plain sets' segments at the rows' displayed positions, one batch per set; segments
    // with an end at a hidden row are left out.
    LineInstances plainInstances(const LayerContext& context) const;

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
    std::uint64_t m_version = 0;
};
