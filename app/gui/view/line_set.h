#pragma once

#include <QColor>
#include <QString>
#include <QVector3D>
#include <vector>

// Lines and arrows drawn over a document's points (an analogy's offsets, how far a word moved
// between two files). An end is a row, which follows the layout as it changes, or a fixed
// position in layout coordinates (a computed vector that is no row).
struct LineEnd {
    int row = -1;       // >= 0: at this row's position
    QVector3D position; // row < 0: here
    static LineEnd atRow(int row) { return {row, {}}; }
    static LineEnd at(const QVector3D& position) { return {-1, position}; }
};

struct LineSegment {
    LineEnd from;
    LineEnd to;
    QColor color; // invalid: the set's colour
};

struct LineSet {
    QString name; // one set of each name per document
    std::vector<LineSegment> segments;
    QColor color = QColor(255, 196, 64);
    float width = 2.0f;  // logical pixels
    bool arrows = true;  // an arrowhead at each segment's `to` end
    bool dashed = false; // e.g. a computed point's line, set apart from word-to-word offsets
};
