#include "label_layer.h"

#include <algorithm>

void LabelLayer::paint(QPainter& painter, const LayerContext& context) const {
    LabelOverlay::Params params;
    params.viewport = context.projection.viewport;
    params.pointRadius = context.pointRadius;
    params.hoveredRow = context.interactive ? context.hoveredRow : -1;
    params.labels = context.cloud.labels.get();
    params.scale = context.scale;
    std::vector<int> rows = m_pinnedRows;
    rows.insert(rows.end(), m_labeledRows.begin(), m_labeledRows.end());
    if (params.hoveredRow >= 0) rows.push_back(params.hoveredRow);
    auto candidates =
        m_overlay.candidates(context.cloud, rows, context.projection, context.positionOf);
    for (LabelOverlay::Candidate& candidate : candidates)
        if (std::find(m_pinnedRows.begin(), m_pinnedRows.end(), candidate.row) !=
            m_pinnedRows.end())
            candidate.tier = 0;
    m_overlay.paint(painter, m_overlay.layout(std::move(candidates), params), context.theme,
                    context.scale);
}
