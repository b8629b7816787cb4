#include "color_controller.h"

#include "cluster_runner.h"
#include "point_view.h"

#include <QLocale>

namespace {

const char* const kColumnPrefix = "column:";

bool isKeyword(const QString& spec) {
    return spec == QLatin1String("single") || spec == QLatin1String("cluster") ||
           spec == QLatin1String("density") || spec.startsWith(QLatin1String(kColumnPrefix));
}

vecspace::Rgb8 toRgb8(const QColor& color) {
    return {std::uint8_t(color.red()), std::uint8_t(color.green()), std::uint8_t(color.blue())};
}

bool isDark(const ViewTheme& theme) {
    return theme.background.lightness() < 128;
}

} // namespace

ColorController::ColorController(ColorPanel* panel, PointView* view, QObject* parent)
    : QObject(parent), m_panel(panel), m_view(view), m_runner(new ClusterRunner(this)),
      m_dark(isDark(view->theme())), m_themePoint(view->theme().defaultPoint) {
    connect(m_panel, &ColorPanel::choiceChanged, this, &ColorController::applyChoice);
    connect(m_panel, &ColorPanel::runRequested, this, &ColorController::applyChoice);
    connect(m_panel, &ColorPanel::highlightChanged, this,
            [this](int entry) { emit highlightRequested(entryRows(entry)); });
    connect(m_runner, &ClusterRunner::progress, this, &ColorController::progress);
    connect(m_runner, &ClusterRunner::finished, this, &ColorController::onFinished);
    connect(m_runner, &ClusterRunner::failed, this, [this](const QString& message) {
        onStopped(tr("Clustering failed: %1").arg(message));
    });
    connect(m_runner, &ClusterRunner::cancelled, this,
            [this] { onStopped(tr("Clustering cancelled")); });
}

void ColorController::setDataset(std::shared_ptr<const vecspace::EmbeddingSet> set) {
    const bool wasRunning = m_runner->isRunning();
    {
        // Abandoned silently: the new set decides what runs next.
        const QSignalBlocker blocker(m_runner);
        m_runner->cancel();
    }
    m_set = std::move(set);
    m_clusters.reset();
    m_densityWaiting = false;
    m_panel->setDataset(m_set.get()); // keeps the choice where the new set allows it
    m_panel->setRunning(false);
    emit highlightRequested({});
    m_shown = ColorChoice();
    m_colors = {};
    if (m_set) {
        const ColorChoice::Mode mode = m_panel->choice().mode;
        // One colour while clusters are computed; a column is coloured at once.
        if (mode == ColorChoice::Mode::KMeans || mode == ColorChoice::Mode::Density) recolor();
        applyChoice();
    }
    if (wasRunning && !m_runner->isRunning()) emit runningChanged(false);
}

bool ColorController::setColorBy(const QString& spec, QString* error) {
    const QString text = spec.trimmed();
    ColorChoice choice;
    if (text == QLatin1String("single")) {
        choice.mode = ColorChoice::Mode::Single;
    } else if (text == QLatin1String("cluster")) {
        choice.mode = ColorChoice::Mode::KMeans;
    } else if (text == QLatin1String("density")) {
        choice.mode = ColorChoice::Mode::Density;
    } else {
        const QString name = text.startsWith(QLatin1String(kColumnPrefix))
                                 ? text.mid(int(qstrlen(kColumnPrefix)))
                                 : text;
        if (!m_set || !m_set->findMetadata(name.toStdString())) {
            if (error) {
                QStringList columns;
                if (m_set)
                    for (const vecspace::MetadataColumn& column : m_set->metadata)
                        columns << QString::fromStdString(column.name);
                *error = !m_set ? tr("cannot colour by '%1': no data loaded").arg(text)
                         : columns.isEmpty()
                             ? tr("unknown colouring '%1'; choose single, cluster or density "
                                  "(this set has no metadata columns)")
                                   .arg(text)
                             : tr("unknown colouring '%1'; choose single, cluster, density or a "
                                  "column: %2")
                                   .arg(text, columns.join(QStringLiteral(", ")));
            }
            return false;
        }
        choice.mode = ColorChoice::Mode::Column;
        choice.column = name;
    }
    m_panel->setChoice(choice);
    applyChoice(); // without a set: applied when one arrives
    return true;
}

QString ColorController::colorBy() const {
    const ColorChoice choice = m_panel->choice();
    switch (choice.mode) {
    case ColorChoice::Mode::Single:
        return QStringLiteral("single");
    case ColorChoice::Mode::KMeans:
        return QStringLiteral("cluster");
    case ColorChoice::Mode::Density:
        return QStringLiteral("density");
    case ColorChoice::Mode::Column:
        break;
    }
    return isKeyword(choice.column) ? QLatin1String(kColumnPrefix) + choice.column : choice.column;
}

bool ColorController::isPending() const {
    return m_runner->isRunning() || m_densityWaiting || m_waitingForLayout;
}

bool ColorController::isRunning() const {
    return m_runner->isRunning();
}

QJsonObject ColorController::toJson() const {
    return m_panel->toJson();
}

void ColorController::fromJson(const QJsonObject& json) {
    m_panel->fromJson(json);
    applyChoice();
}

void ColorController::applyChoice() {
    if (!m_set) return;
    const ColorChoice choice = m_panel->choice();
    if (choice.mode == ColorChoice::Mode::KMeans || choice.mode == ColorChoice::Mode::Density) {
        startClustering(choice.mode == ColorChoice::Mode::Density);
        return;
    }
    if (m_runner->isRunning() || m_densityWaiting) {
        const QSignalBlocker blocker(m_runner);
        m_runner->cancel();
        m_densityWaiting = false;
        m_panel->setRunning(false);
        emit runningChanged(false);
    }
    m_shown = choice;
    m_clusters.reset();
    recolor();
    QString message = tr("Single colour");
    if (choice.mode == ColorChoice::Mode::Column) {
        const vecspace::ColorLegend& legend = m_colors.legend;
        message = legend.kind == vecspace::ColorLegend::Kind::Gradient
                      ? tr("%1: a gradient from %2 to %3")
                            .arg(choice.column, QString::number(legend.min, 'g', 6),
                                 QString::number(legend.max, 'g', 6))
                      : tr("%1: %n categories", nullptr,
                           int(legend.entries.size() - (legend.otherCategories > 0)))
                            .arg(choice.column);
    }
    m_panel->showMessage(message);
}

void ColorController::startClustering(bool density) {
    m_densityWaiting = false;
    const auto rows = m_set->rows();
    ClusterRequest request;
    request.set = m_set;
    request.density = density;
    if (density) {
        if (m_view->pointCount() != int(rows)) {
            // The set's layout is still being computed: clustered once it is shown.
            if (m_runner->isRunning()) {
                const QSignalBlocker blocker(m_runner);
                m_runner->cancel();
            }
            m_densityWaiting = true;
            m_panel->setRunning(true);
            m_panel->showMessage(tr("Waiting for the layout…"));
            return;
        }
        const int dims = m_view->is2DMode() ? 2 : 3;
        const std::vector<float>& xyz = m_view->positions();
        request.layout.resize(Eigen::Index(rows), dims);
        for (std::size_t r = 0; r < rows; ++r)
            for (int d = 0; d < dims; ++d)
                request.layout(Eigen::Index(r), d) = xyz[3 * r + std::size_t(d)];
        request.hdbscan = m_panel->hdbscanOptions();
    } else {
        request.kMeans = m_panel->kMeansOptions();
    }
    m_runner->start(std::move(request));
    m_panel->setRunning(true);
    const QString what = density ? tr("Density clusters of the layout…")
                                 : tr("k-means, %1 clusters…").arg(m_panel->k());
    m_panel->showMessage(what);
    emit statusMessage(tr("Clustering: %1").arg(what));
    emit runningChanged(true);
}

void ColorController::onFinished(const std::shared_ptr<const ClusterOutcome>& outcome) {
    m_panel->setRunning(false);
    emit runningChanged(false);
    if (outcome->set != m_set) return; // computed for a set that has since been replaced
    m_clusters = outcome;
    m_shown = ColorChoice();
    m_shown.mode = outcome->density ? ColorChoice::Mode::Density : ColorChoice::Mode::KMeans;
    std::size_t noise = 0;
    for (std::int32_t c : outcome->assignment)
        noise += c < 0;
    const QLocale locale;
    QString message = tr("%n clusters in %1 s", nullptr, int(outcome->names.size()))
                          .arg(outcome->seconds, 0, 'f', 2);
    if (outcome->density)
        message += tr("; %1 noise points").arg(locale.toString(qulonglong(noise)));
    m_panel->showMessage(message);
    emit statusMessage(message);
    recolor();
}

void ColorController::onStopped(const QString& message) {
    m_panel->setRunning(false);
    m_panel->setChoice(m_shown); // back to what the view shows
    m_panel->showMessage(message);
    emit statusMessage(message);
    emit runningChanged(false);
    emit coloringFailed(message);
}

void ColorController::cancel() {
    if (m_densityWaiting) {
        m_densityWaiting = false;
        onStopped(tr("Clustering cancelled"));
        return;
    }
    m_runner->cancel();
}

vecspace::ColorOptions ColorController::colorOptions() const {
    vecspace::ColorOptions options;
    options.theme = m_dark ? vecspace::ColorTheme::Dark : vecspace::ColorTheme::Light;
    return options;
}

void ColorController::recolor() {
    const vecspace::ColorOptions options = colorOptions();
    const vecspace::MetadataColumn* column = m_shown.mode == ColorChoice::Mode::Column
                                                 ? m_set->findMetadata(m_shown.column.toStdString())
                                                 : nullptr;
    if (column) {
        const std::span<const std::string> values(column->values);
        switch (m_shown.values) {
        case ColorChoice::Values::Auto:
            m_colors = vecspace::colorByColumn(values, options);
            break;
        case ColorChoice::Values::Categories:
            m_colors = vecspace::colorByCategory(values, options);
            break;
        case ColorChoice::Values::Gradient:
            m_colors = vecspace::colorByNumber(values, options);
            break;
        }
    } else if (m_clusters) {
        m_colors = vecspace::colorByCluster(m_clusters->assignment, m_clusters->names, options);
    } else {
        // One colour: the view's own default, which follows its theme without new point data.
        m_colors = {};
        m_colors.legend.kind = vecspace::ColorLegend::Kind::Single;
        m_colors.legend.entries.push_back({tr("all points").toStdString(),
                                           toRgb8(m_view->theme().defaultPoint), m_set->rows(),
                                           vecspace::LegendEntry::Kind::All});
    }
    const bool hadHighlight = m_panel->highlightedEntry() >= 0;
    m_panel->showLegend(m_colors.legend);
    if (hadHighlight) emit highlightRequested({});
    applyToView();
}

void ColorController::applyToView() {
    if (!m_set || m_view->pointCount() != int(m_set->rows())) {
        m_waitingForLayout = true;
        return;
    }
    m_waitingForLayout = false;
    m_view->setColors(m_colors.rgb);
    if (!isPending()) emit coloringReady();
}

void ColorController::layoutChanged() {
    if (!m_set || m_view->pointCount() != int(m_set->rows())) return;
    if (m_densityWaiting) startClustering(true);
    // A view given positions for another row count drops its colours; put them back.
    if (m_waitingForLayout || m_view->colors().size() != m_colors.rgb.size()) applyToView();
}

void ColorController::setDarkTheme(bool dark) {
    m_dark = dark;
    if (m_set) recolor();
}

void ColorController::syncTheme() {
    // The view reports every change of look (point size too); only the theme's colours matter.
    const ViewTheme& theme = m_view->theme();
    if (isDark(theme) == m_dark && theme.defaultPoint == m_themePoint) return;
    m_themePoint = theme.defaultPoint;
    setDarkTheme(isDark(theme));
}

std::vector<int> ColorController::entryRows(int entry) const {
    const std::vector<vecspace::LegendEntry>& entries = m_colors.legend.entries;
    if (!m_set || entry < 0 || std::size_t(entry) >= entries.size()) return {};
    std::vector<int> rows;
    const std::size_t n = m_set->rows();
    if (m_colors.rgb.empty()) { // single colour: the entry is every row
        rows.resize(n);
        for (std::size_t r = 0; r < n; ++r)
            rows[r] = int(r);
        return rows;
    }
    // Each entry has a colour of its own (the palette's and the greys differ), and each row has
    // its entry's colour, so the colour identifies the entry.
    const vecspace::Rgb8 color = entries[std::size_t(entry)].color;
    for (std::size_t r = 0; r < n; ++r)
        if (m_colors.at(r) == color) rows.push_back(int(r));
    return rows;
}
