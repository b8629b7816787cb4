#pragma once

#include "label_overlay.h"
#include "view_layer.h"

#include <vector>

// The point labels: pinned and focus rows first, placed whatever the clutter (LabelOverlay moves
// them aside where it can), then the selection, highlighted and asked-for rows, decluttered by
// LabelOverlay so the nearest word of a crowd is the one that reads.
class LabelLayer : public ViewLayer {
public:
    QString name() const override { return QStringLiteral("labels"); }
    void paint(QPainter& painter, const LayerContext& context) const override;

    void setFont(const QFont& font) { m_overlay.setFont(font); }
    const LabelOverlay& overlay() const { return m_overlay; }

    void setLabeledRows(std::vector<int> rows) { m_labeledRows = std::move(rows); }
    const std::vector<int>& labeledRows() const { return m_labeledRows; }
    void setPinnedRows(std::vector<int> rows) { m_pinnedRows = std::move(rows); }
    const std::vector<int>& pinnedRows() const { return m_pinnedRows; }
    void setFocusRows(std::vector<int> rows) { m_focusRows = std::move(rows); }
    const std::vector<int>& focusRows() const { return m_focusRows; }
    // What the last interactive frame placed (for tests and for reading the view's state).
    const std::vector<LabelOverlay::Placed>& lastPlaced() const { return m_lastPlaced; }

private:
    LabelOverlay m_overlay;
    std::vector<int> m_labeledRows;
    std::vector<int> m_pinnedRows;
    std::vector<int> m_focusRows;
    mutable std::vector<LabelOverlay::Placed> m_lastPlaced;
};
