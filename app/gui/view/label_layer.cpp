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
    rows.insert(rows.end(), m_focusRows.begin(), m_focusRows.end());
    const std::size_t forced = rows.size();
    rows.insert(rows.end(), m_labeledRows.begin(), m_labeledRows.end());
    if (params.hoveredRow >= 0) rows.push_back(params.hoveredRow);
    // Each row once (the first mention decides), and the rows that must read flagged.
    std::vector<char> seen(std::size_t(std::max(context.cloud.size(), 0)), 0);
    std::vector<char> mustShow(seen.size(), 0);
    std::vector<int> unique;
    unique.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const int row = rows[i];
        if (row < 0 || std::size_t(row) >= seen.size() || seen[std::size_t(row)]) continue;
        seen[std::size_t(row)] = 1;
        mustShow[std::size_t(row)] = i < forced;
        unique.push_back(row);
    }
    rows = std::move(unique);
    auto candidates =
        m_overlay.candidates(context.cloud, rows, context.projection, context.positionOf);
    for (LabelOverlay::Candidate& candidate : candidates)
        if (mustShow[std::size_t(candidate.row)]) {
            candidate.tier = 0;
            candidate.forced = true;
        }
    std::vector<LabelOverlay::Placed> placed = m_overlay.layout(std::move(candidates), params);
    m_overlay.paint(painter, placed, context.theme, context.scale);
    if (context.interactive) m_lastPlaced = std::move(placed);
}
