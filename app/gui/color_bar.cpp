#include "color_bar.h"

#include <QPainter>

namespace {

constexpr int kBarHeight = 14;
constexpr int kTickLength = 4;
constexpr int kMargin = 6;

} // namespace

ColorBar::ColorBar(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ColorBar::setLegend(const vecspace::ColorLegend& legend) {
    m_legend = legend;
    m_legend.entries.clear(); // the list beside the bar shows those
    updateGeometry();
    update();
}

QSize ColorBar::sizeHint() const {
    return {240, minimumSizeHint().height()};
}

QSize ColorBar::minimumSizeHint() const {
    const int line = fontMetrics().height();
    return {120, kBarHeight + kTickLength + 2 * line + 3 * kMargin};
}

void ColorBar::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    // Room at both ends for the outermost tick labels to centre on their ticks.
    const int inset = kMargin + metrics.horizontalAdvance(QStringLiteral("0000")) / 2;
    const QRect bar(inset, kMargin, std::max(1, width() - 2 * inset), kBarHeight);
    for (int x = 0; x < bar.width(); ++x) {
        const vecspace::Rgb8 c = vecspace::viridis(double(x) / std::max(1, bar.width() - 1));
        painter.setPen(QColor(c.r, c.g, c.b));
        painter.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
    }
    painter.setPen(palette().color(QPalette::WindowText));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar.adjusted(0, 0, -1, -1));

    const int textTop = bar.bottom() + kTickLength + 2;
    for (const vecspace::LegendTick& tick : m_legend.ticks) {
        const int x = bar.left() + int(tick.position * (bar.width() - 1) + 0.5);
        painter.drawLine(x, bar.bottom(), x, bar.bottom() + kTickLength);
        const QString text = QString::fromStdString(tick.text);
        const int w = metrics.horizontalAdvance(text);
        const int left = std::clamp(x - w / 2, 0, std::max(0, width() - w));
        painter.drawText(QRect(left, textTop, w, metrics.height()), Qt::AlignCenter, text);
    }
    const QString range =
        tr("min %1 · max %2%3")
            .arg(QString::number(m_legend.min, 'g', 6), QString::number(m_legend.max, 'g', 6),
                 m_legend.logScale ? tr(" · log scale") : QString());
    painter.drawText(QRect(kMargin, textTop + metrics.height() + kMargin, width() - 2 * kMargin,
                           metrics.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, range);
}
