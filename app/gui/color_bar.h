#pragma once

#include "vecspace/cluster/coloring.h"

#include <QWidget>

// The legend of a gradient colouring: viridis from the minimum (left) to the maximum (right),
// the core's ticks under it, and the range and scale in words.
class ColorBar : public QWidget {
    Q_OBJECT

public:
    explicit ColorBar(QWidget* parent = nullptr);

    void setLegend(const vecspace::ColorLegend& legend);
    const vecspace::ColorLegend& legend() const { return m_legend; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    vecspace::ColorLegend m_legend;
};
