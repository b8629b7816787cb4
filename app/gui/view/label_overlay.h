#pragma once

#include "camera.h"
#include "point_cloud.h"
#include "view_theme.h"

#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <functional>
#include <string>
#include <vector>

class QPainter;

// Point labels painted with QPainter over the GL frame. Labels are decluttered on a screen
// grid: the hovered point first, then by tier, then nearest to the camera first, a label is
// placed only when none of the grid cells its box touches is taken yet, so the nearest word of
// a crowd is the one that reads. A forced label tries spots around its point (right, left,
// above, below, then further out) and, if all are taken, overlaps: the selection and its
// neighbours always read.
class LabelOverlay {
public:
    struct Candidate {
        int row;
        QPointF anchor;      // the point's screen position
        float depth;         // smaller is nearer the camera
        int tier = 0;        // lower tiers are placed first (e.g. the selection before the rest)
        bool forced = false; // placed even where every spot near the point is taken
    };
    struct Placed {
        int row;
        QPointF anchor;
        QRectF box; // the label's background box
        QString text;
        bool hovered;
        float ring; // radius of the circle drawn around a hovered point
    };
    struct Params {
        QSizeF viewport;
        float pointRadius = 3.0f; // labels start just right of the point
        int hoveredRow = -1;      // placed first, always, and drawn emphasised
        const std::vector<std::string>* labels = nullptr; // rows beyond it show "#row"
        float scale = 1.0f; // screenshots at another size scale text with points
    };

    void setFont(const QFont& font) { m_font = font; }
    QFont font(float scale) const;

    // The rows that project inside the viewport, at the positions positionOf gives; hidden
    // rows are left out, and the tier puts the selection first, then highlighted rows.
    std::vector<Candidate> candidates(const PointCloud& cloud, const std::vector<int>& rows,
                                      const Projection& projection,
                                      const std::function<void(int, float*)>& positionOf) const;
    std::vector<Placed> layout(std::vector<Candidate> candidates, const Params& params) const;
    void paint(QPainter& painter, const std::vector<Placed>& placed, const ViewTheme& theme,
               float scale) const;
    // A message over the whole view (e.g. why it cannot draw).
    // A line in the bottom-left corner: which layout the view shows.
    void paintCaption(QPainter& painter, const QString& text, QSizeF viewport, const QColor& color,
                      float scale) const;
    void paintMessage(QPainter& painter, const QString& text, QSizeF viewport, const QColor& color,
                      float scale) const;

private:
    QFont m_font;
};
