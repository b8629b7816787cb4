#include "label_overlay.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace {

QString labelText(int row, const std::vector<std::string>* labels) {
    if (labels && row >= 0 && std::size_t(row) < labels->size())
        return QString::fromStdString((*labels)[std::size_t(row)]);
    return QStringLiteral("#%1").arg(row);
}

// Cells of the declutter grid, each a bool: taken or free.
class CellGrid {
public:
    CellGrid(QSizeF viewport, float cell)
        : m_cell(cell), m_columns(std::max(1, int(std::ceil(viewport.width() / cell)))),
          m_rows(std::max(1, int(std::ceil(viewport.height() / cell)))),
          m_taken(std::size_t(m_columns) * std::size_t(m_rows), false) {}

    // Takes every cell the box touches if all are free; false (and takes none) otherwise.
    bool tryTake(const QRectF& box) {
        const int c0 = std::clamp(int(std::floor(box.left() / m_cell)), 0, m_columns - 1);
        const int c1 = std::clamp(int(std::floor(box.right() / m_cell)), 0, m_columns - 1);
        const int r0 = std::clamp(int(std::floor(box.top() / m_cell)), 0, m_rows - 1);
        const int r1 = std::clamp(int(std::floor(box.bottom() / m_cell)), 0, m_rows - 1);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                if (m_taken[index(r, c)]) return false;
        take(box);
        return true;
    }

    void take(const QRectF& box) {
        const int c0 = std::clamp(int(std::floor(box.left() / m_cell)), 0, m_columns - 1);
        const int c1 = std::clamp(int(std::floor(box.right() / m_cell)), 0, m_columns - 1);
        const int r0 = std::clamp(int(std::floor(box.top() / m_cell)), 0, m_rows - 1);
        const int r1 = std::clamp(int(std::floor(box.bottom() / m_cell)), 0, m_rows - 1);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                m_taken[index(r, c)] = true;
    }

private:
    std::size_t index(int r, int c) const {
        return std::size_t(r) * std::size_t(m_columns) + std::size_t(c);
    }

    float m_cell;
    int m_columns;
    int m_rows;
    std::vector<bool> m_taken;
};

// Another spot for a label whose place beside its point is taken: the other side, above,
// below, then one and two lines further out; the box (taken) or a null rect.
QRectF freeSpotNear(CellGrid& grid, const QRectF& box, QPointF anchor, float gap, QSizeF viewport) {
    const double w = box.width(), h = box.height();
    const double right = anchor.x() + gap, left = anchor.x() - gap - w;
    const double middle = anchor.y() - h * 0.5;
    for (int ring = 0; ring < 3; ++ring) {
        const double dy = ring * h;
        const QPointF spots[] = {{right, middle - dy},
                                 {left, middle - dy},
                                 {right, middle + dy},
                                 {left, middle + dy},
                                 {anchor.x() - w * 0.5, middle - h - dy},
                                 {anchor.x() - w * 0.5, middle + h + dy}};
        for (const QPointF& topLeft : spots) {
            const QRectF spot(topLeft, box.size());
            if (spot.left() < 0 || spot.top() < 0 || spot.right() > viewport.width() ||
                spot.bottom() > viewport.height())
                continue;
            if (grid.tryTake(spot.adjusted(1, 1, -1, -1))) return spot;
        }
    }
    return {};
}

} // namespace

QFont LabelOverlay::font(float scale) const {
    QFont font = m_font;
    if (scale != 1.0f) font.setPointSizeF(font.pointSizeF() * double(scale));
    return font;
}

std::vector<LabelOverlay::Candidate>
LabelOverlay::candidates(const PointCloud& cloud, const std::vector<int>& rows,
                         const Projection& projection,
                         const std::function<void(int, float*)>& positionOf) const {
    std::vector<Candidate> result;
    result.reserve(rows.size());
    const QRectF bounds(QPointF(0, 0), projection.viewport);
    for (int row : rows) {
        if (row < 0 || row >= cloud.size() || cloud.has(row, PointFlag::Hidden)) continue;
        float xyz[3];
        positionOf(row, xyz);
        QPointF screen;
        float depth = 0;
        if (!projection.toScreen(xyz, &screen, &depth) || !bounds.contains(screen)) continue;
        const int tier = cloud.has(row, PointFlag::Selected)      ? 0
                         : cloud.has(row, PointFlag::Highlighted) ? 1
                                                                  : 2;
        result.push_back({row, screen, depth, tier});
    }
    return result;
}

std::vector<LabelOverlay::Placed> LabelOverlay::layout(std::vector<Candidate> candidates,
                                                       const Params& params) const {
    std::vector<Placed> placed;
    if (candidates.empty()) return placed;
    const QFontMetricsF metrics(font(params.scale));
    const float padding = 3.0f * params.scale;
    const float height = float(metrics.height()) + 2.0f;
    // Cells about half a line high: fine enough to pack labels tightly, coarse enough to be
    // cheap; a box takes every cell it touches.
    CellGrid grid(params.viewport, height * 0.5f);

    // The hovered point first, then by tier, then nearest to the camera first.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const Candidate& a, const Candidate& b) {
                         const bool aHover = a.row == params.hoveredRow;
                         const bool bHover = b.row == params.hoveredRow;
                         if (aHover != bHover) return aHover;
                         if (a.tier != b.tier) return a.tier < b.tier;
                         return a.depth < b.depth;
                     });
    for (const Candidate& candidate : candidates) {
        const bool hovered = candidate.row == params.hoveredRow;
        if (!placed.empty() && hovered) continue; // the hovered row listed twice
        const QString text = labelText(candidate.row, params.labels);
        const float width = float(metrics.horizontalAdvance(text)) + 2.0f * padding;
        const float gap = params.pointRadius + 2.0f * params.scale;
        QRectF box(candidate.anchor.x() + gap, candidate.anchor.y() - height * 0.5f, width, height);
        if (box.right() > params.viewport.width()) // no room on the right: put it on the left
            box.moveRight(candidate.anchor.x() - gap);
        // Cells are taken inside a small margin so neighbouring boxes do not touch.
        QRectF taken = box.adjusted(1, 1, -1, -1);
        if (!hovered && !grid.tryTake(taken)) {
            if (!candidate.forced) continue;
            const QRectF spot = freeSpotNear(grid, box, candidate.anchor, gap, params.viewport);
            if (!spot.isNull())
                box = spot;
            else
                grid.take(taken);
        }
        if (hovered) grid.tryTake(taken);
        placed.push_back({candidate.row, candidate.anchor, box, text, hovered, gap + params.scale});
    }
    return placed;
}

void LabelOverlay::paint(QPainter& painter, const std::vector<Placed>& placed,
                         const ViewTheme& theme, float scale) const {
    if (placed.empty()) return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.setFont(font(scale));
    const float radius = 3.0f * scale;
    // In reverse, so the hovered label (placed first, and allowed to overlap) ends up on top.
    for (auto it = placed.rbegin(); it != placed.rend(); ++it) {
        const Placed& label = *it;
        painter.setPen(Qt::NoPen);
        painter.setBrush(label.hovered ? theme.hoverBackground : theme.labelBackground);
        painter.drawRoundedRect(label.box, radius, radius);
        painter.setPen(label.hovered ? theme.hoverText : theme.labelText);
        painter.drawText(label.box, Qt::AlignCenter, label.text);
        if (label.hovered) {
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(theme.hoverBackground, 1.5 * double(scale)));
            painter.drawEllipse(label.anchor, double(label.ring), double(label.ring));
        }
    }
    painter.restore();
}

void LabelOverlay::paintCaption(QPainter& painter, const QString& text, QSizeF viewport,
                                const QColor& color, float scale) const {
    painter.save();
    QColor faint = color;
    faint.setAlphaF(0.7f);
    painter.setPen(faint);
    painter.setFont(font(scale));
    const QRectF area = QRectF(QPointF(0, 0), viewport).adjusted(10 * scale, 0, 0, -8 * scale);
    painter.drawText(area, Qt::AlignLeft | Qt::AlignBottom, text);
    painter.restore();
}

void LabelOverlay::paintMessage(QPainter& painter, const QString& text, QSizeF viewport,
                                const QColor& color, float scale) const {
    painter.save();
    painter.setPen(color);
    painter.setFont(font(scale));
    const QRectF area = QRectF(QPointF(0, 0), viewport).adjusted(16, 16, -16, -16);
    painter.drawText(area, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text);
    painter.restore();
}
