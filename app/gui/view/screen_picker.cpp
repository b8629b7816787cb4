#include "screen_picker.h"

#include "point_cloud.h"

#include <QImage>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <limits>

void ScreenPicker::build(const Input& input) {
    m_viewport = input.projection.viewport;
    m_columns = std::max(1, int(std::ceil(m_viewport.width() / m_cellSize)));
    m_rows = std::max(1, int(std::ceil(m_viewport.height() / m_cellSize)));
    const int cells = m_columns * m_rows;

    // Pass 1: project, and count per cell. The cell of each row is kept for pass 2.
    std::vector<int> cellOfRow(std::size_t(input.count), -1);
    std::vector<Entry> projected(std::size_t(input.count));
    m_cellStart.assign(std::size_t(cells) + 1, 0);
    for (int row = 0; row < input.count; ++row) {
        if (input.flags && (input.flags[row] & PointFlag::Hidden)) continue;
        QPointF screen;
        float depth = 0;
        if (!input.projection.toScreen(input.positions + std::size_t(row) * 3, &screen, &depth))
            continue;
        const int cell = cellIndex(float(screen.x()), float(screen.y()));
        if (cell < 0) continue;
        cellOfRow[std::size_t(row)] = cell;
        projected[std::size_t(row)] = {float(screen.x()), float(screen.y()), depth, row};
        ++m_cellStart[std::size_t(cell) + 1];
    }
    for (int cell = 0; cell < cells; ++cell)
        m_cellStart[std::size_t(cell) + 1] += m_cellStart[std::size_t(cell)];

    // Pass 2: scatter into place (a counting sort by cell, rows ascending within a cell).
    m_entries.resize(std::size_t(m_cellStart.back()));
    m_entryOfRow.assign(std::size_t(input.count), -1);
    std::vector<int> next(m_cellStart.begin(), m_cellStart.end() - 1);
    for (int row = 0; row < input.count; ++row) {
        const int cell = cellOfRow[std::size_t(row)];
        if (cell < 0) continue;
        const int slot = next[std::size_t(cell)]++;
        m_entries[std::size_t(slot)] = projected[std::size_t(row)];
        m_entryOfRow[std::size_t(row)] = slot;
    }
    m_valid = true;
}

int ScreenPicker::cellIndex(float x, float y) const {
    if (!(x >= 0.0f && y >= 0.0f && x < float(m_viewport.width()) &&
          y < float(m_viewport.height())))
        return -1;
    const int column = std::min(m_columns - 1, int(x / m_cellSize));
    const int row = std::min(m_rows - 1, int(y / m_cellSize));
    return row * m_columns + column;
}

template <typename Visit>
void ScreenPicker::forEachInRect(const QRectF& rect, Visit&& visit) const {
    if (!m_valid) return;
    const int c0 = std::max(0, int(std::floor(rect.left() / m_cellSize)));
    const int c1 = std::min(m_columns - 1, int(std::floor(rect.right() / m_cellSize)));
    const int r0 = std::max(0, int(std::floor(rect.top() / m_cellSize)));
    const int r1 = std::min(m_rows - 1, int(std::floor(rect.bottom() / m_cellSize)));
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const int cell = r * m_columns + c;
            for (int i = m_cellStart[std::size_t(cell)]; i < m_cellStart[std::size_t(cell) + 1];
                 ++i)
                visit(m_entries[std::size_t(i)]);
        }
}

int ScreenPicker::pick(QPointF pos, float pointRadius, float tolerance) const {
    const float reach = std::max(pointRadius, tolerance);
    const QRectF area(pos.x() - reach, pos.y() - reach, 2 * reach, 2 * reach);
    int covering = -1;
    float coveringDepth = std::numeric_limits<float>::max();
    int nearest = -1;
    float nearestDistance = std::numeric_limits<float>::max();
    const float px = float(pos.x()), py = float(pos.y());
    forEachInRect(area, [&](const Entry& entry) {
        const float dx = entry.x - px, dy = entry.y - py;
        const float d2 = dx * dx + dy * dy;
        // What the user sees under the mouse is the front-most disc that covers it.
        if (d2 <= pointRadius * pointRadius && entry.depth < coveringDepth) {
            covering = entry.row;
            coveringDepth = entry.depth;
        }
        if (d2 <= tolerance * tolerance && d2 < nearestDistance) {
            nearest = entry.row;
            nearestDistance = d2;
        }
    });
    return covering >= 0 ? covering : nearest;
}

std::vector<int> ScreenPicker::rowsInRect(const QRectF& rect) const {
    std::vector<int> rows;
    const QRectF r = rect.normalized();
    forEachInRect(r, [&](const Entry& entry) {
        if (entry.x >= r.left() && entry.x <= r.right() && entry.y >= r.top() &&
            entry.y <= r.bottom())
            rows.push_back(entry.row);
    });
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::vector<int> ScreenPicker::rowsInPolygon(const QPolygonF& polygon) const {
    std::vector<int> rows;
    const QRectF bounds = polygon.boundingRect().intersected(QRectF(QPointF(0, 0), m_viewport));
    if (polygon.size() < 3 || bounds.isEmpty()) return rows;
    // Rasterise the lasso once, so each candidate costs one pixel read rather than a walk
    // around a polygon of hundreds of mouse positions.
    const QRect pixels = bounds.toAlignedRect();
    QImage mask(pixels.size(), QImage::Format_Grayscale8);
    mask.fill(0);
    {
        QPainter painter(&mask);
        painter.translate(-pixels.topLeft());
        painter.setPen(Qt::NoPen);
        painter.setBrush(Qt::white);
        painter.drawPolygon(polygon, Qt::OddEvenFill);
    }
    forEachInRect(bounds, [&](const Entry& entry) {
        const int x = int(entry.x) - pixels.left();
        const int y = int(entry.y) - pixels.top();
        if (x >= 0 && y >= 0 && x < mask.width() && y < mask.height() &&
            mask.constScanLine(y)[x] != 0)
            rows.push_back(entry.row);
    });
    std::sort(rows.begin(), rows.end());
    return rows;
}

bool ScreenPicker::screenPosition(int row, QPointF* pos) const {
    if (!m_valid || row < 0 || std::size_t(row) >= m_entryOfRow.size()) return false;
    const int entry = m_entryOfRow[std::size_t(row)];
    if (entry < 0) return false;
    *pos = QPointF(m_entries[std::size_t(entry)].x, m_entries[std::size_t(entry)].y);
    return true;
}
