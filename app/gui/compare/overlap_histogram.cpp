#include "overlap_histogram.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

namespace {

constexpr std::size_t kMaxBins = 40; // wider k's counts are grouped so bars stay visible

double jaccardOf(std::size_t kept, std::size_t k) {
    return double(kept) / double(2 * k - kept);
}

} // namespace

OverlapHistogram::OverlapHistogram(QWidget* parent) : QWidget(parent) {
    setMouseTracking(false);
    setToolTip(tr("Labels by how many of their k nearest neighbours both files share. Drag "
                  "across bars to select those labels."));
}

void OverlapHistogram::setOverlap(std::vector<std::size_t> overlap) {
    m_bins.clear();
    m_k = overlap.empty() ? 0 : overlap.size() - 1;
    const std::size_t width = std::max<std::size_t>(1, (overlap.size() + kMaxBins - 1) / kMaxBins);
    for (std::size_t first = 0; first < overlap.size(); first += width) {
        Bin bin{first, std::min(overlap.size(), first + width) - 1, 0};
        for (std::size_t j = bin.firstKept; j <= bin.lastKept; ++j)
            bin.labels += overlap[j];
        m_bins.push_back(bin);
    }
    clearBrush();
}

void OverlapHistogram::clearBrush() {
    m_brushStart = m_brushEnd = -1;
    update();
}

std::pair<double, double> OverlapHistogram::rangeOf(int first, int last) const {
    if (m_bins.empty() || m_k == 0) return {0, 0};
    first = std::clamp(first, 0, binCount() - 1);
    last = std::clamp(last, 0, binCount() - 1);
    if (first > last) std::swap(first, last);
    return {jaccardOf(m_bins[std::size_t(first)].firstKept, m_k),
            jaccardOf(m_bins[std::size_t(last)].lastKept, m_k)};
}

QRectF OverlapHistogram::plotRect() const {
    const int text = fontMetrics().height();
    return QRectF(4, 4, width() - 8, height() - 8 - text);
}

int OverlapHistogram::binAt(double x) const {
    const QRectF plot = plotRect();
    if (m_bins.empty() || plot.width() <= 0) return -1;
    return std::clamp(int((x - plot.left()) / plot.width() * double(m_bins.size())), 0,
                      binCount() - 1);
}

void OverlapHistogram::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QPalette& pal = palette();
    painter.fillRect(rect(), pal.base());
    const QRectF plot = plotRect();
    if (m_bins.empty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("no comparison"));
        return;
    }
    std::size_t tallest = 1;
    for (const Bin& bin : m_bins)
        tallest = std::max(tallest, bin.labels);
    const double barWidth = plot.width() / double(m_bins.size());
    const int low = std::min(m_brushStart, m_brushEnd);
    const int high = std::max(m_brushStart, m_brushEnd);
    for (int i = 0; i < binCount(); ++i) {
        const Bin& bin = m_bins[std::size_t(i)];
        const double h = plot.height() * double(bin.labels) / double(tallest);
        const QRectF bar(plot.left() + i * barWidth + 1, plot.bottom() - h, barWidth - 2, h);
        const bool brushed = m_brushStart >= 0 && i >= low && i <= high;
        painter.fillRect(bar, brushed ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid));
    }
    painter.setPen(pal.color(QPalette::Text));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    const QRectF axis(plot.left(), plot.bottom() + 1, plot.width(), fontMetrics().height());
    painter.drawText(axis, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("0"));
    painter.drawText(axis, Qt::AlignHCenter | Qt::AlignVCenter,
                     m_brushStart >= 0 ? tr("Jaccard %1–%2")
                                             .arg(rangeOf(low, high).first, 0, 'f', 2)
                                             .arg(rangeOf(low, high).second, 0, 'f', 2)
                                       : tr("Jaccard overlap, k = %1").arg(m_k));
    painter.drawText(axis, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("1"));
}

void OverlapHistogram::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || m_bins.empty()) return;
    m_dragging = true;
    m_brushStart = m_brushEnd = binAt(event->position().x());
    update();
}

void OverlapHistogram::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging) return;
    m_brushEnd = binAt(event->position().x());
    update();
}

void OverlapHistogram::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_dragging || event->button() != Qt::LeftButton) return;
    m_dragging = false;
    m_brushEnd = binAt(event->position().x());
    const auto [lowJ, highJ] = rangeOf(m_brushStart, m_brushEnd);
    update();
    emit rangeSelected(lowJ, highJ);
}
