#pragma once

#include "camera.h"

#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <cstdint>
#include <vector>

// Finds points by their screen position without a loop over every point per mouse move: the
// points are projected once per camera (or data) change into a grid of small screen cells,
// counting-sorted so each cell's points are contiguous; a query then reads a few cells.
class ScreenPicker {
public:
    struct Input {
        const float* positions = nullptr;    // rows x 3, world space
        const std::uint8_t* flags = nullptr; // rows, PointFlag bits; null: none hidden
        int count = 0;
        Projection projection;
    };

    void invalidate() { m_valid = false; }
    bool isValid() const { return m_valid; }
    // O(rows): projects every point and files the visible ones by cell.
    void build(const Input& input);

    // The row under `pos`: among points whose disc (radius `pointRadius`) covers pos, the one
    // nearest the camera; failing that, the nearest in screen space within `tolerance` pixels.
    // -1 when none.
    int pick(QPointF pos, float pointRadius, float tolerance) const;
    // Rows whose centre lies inside, ascending.
    std::vector<int> rowsInRect(const QRectF& rect) const;
    std::vector<int> rowsInPolygon(const QPolygonF& polygon) const;
    // Where the last build put a row; false if it was not visible.
    bool screenPosition(int row, QPointF* pos) const;

private:
    struct Entry {
        float x;
        float y;
        float depth;
        int row;
    };

    int cellIndex(float x, float y) const;
    template <typename Visit> void forEachInRect(const QRectF& rect, Visit&& visit) const;

    bool m_valid = false;
    float m_cellSize = 8.0f;
    int m_columns = 0;
    int m_rows = 0;
    QSizeF m_viewport;
    std::vector<int> m_cellStart; // m_columns * m_rows + 1 offsets into m_entries
    std::vector<Entry> m_entries;
    std::vector<int> m_entryOfRow; // row → index in m_entries, or -1
};
