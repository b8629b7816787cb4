#pragma once

#include <QWidget>
#include <cstddef>
#include <vector>

// How many labels kept 0, 1, ..., k of their k neighbours, as bars from Jaccard 0 (left) to 1
// (right). Dragging across bars brushes a range: rangeSelected gives its Jaccard bounds.
class OverlapHistogram : public QWidget {
    Q_OBJECT

public:
    explicit OverlapHistogram(QWidget* parent = nullptr);

    // overlap[j]: labels keeping exactly j of k neighbours (k = overlap.size() - 1).
    void setOverlap(std::vector<std::size_t> overlap);
    void clearBrush();
    int binCount() const { return int(m_bins.size()); }
    // The Jaccard range of bins [first, last].
    std::pair<double, double> rangeOf(int first, int last) const;

    QSize sizeHint() const override { return {260, 110}; }
    QSize minimumSizeHint() const override { return {120, 80}; }

signals:
    void rangeSelected(double low, double high);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    struct Bin {
        std::size_t firstKept = 0; // kept counts [firstKept, lastKept]
        std::size_t lastKept = 0;
        std::size_t labels = 0;
    };
    QRectF plotRect() const;
    int binAt(double x) const;

    std::vector<Bin> m_bins;
    std::size_t m_k = 0;
    int m_brushStart = -1;
    int m_brushEnd = -1;
    bool m_dragging = false;
};
