#include "color_controller.h"

#include "cluster_job.h"
#include "dataset.h"
#include "task_runner.h"
#include "view_theme.h"

#include <QLocale>
#include <utility>

namespace {

const char* const kColumnPrefix = "column:";
const char* const kDockKey = "color";

bool isKeyword(const QString& spec) {
    return spec == QLatin1String("single") || spec == QLatin1String("cluster") ||
           spec == QLatin1String("density") || spec.startsWith(QLatin1String(kColumnPrefix));
}

vecspace::Rgb8 toRgb8(const QColor& color) {
    return {std::uint8_t(color.red()), std::uint8_t(color.green()), std::uint8_t(color.blue())};
}

bool isClustering(const ColorChoice& choice) {
    return choice.mode == ColorChoice::Mode::KMeans || choice.mode == ColorChoice::Mode::Density;
}

} // namespace

ColorController::ColorController(ColorPanel* panel, TaskRunner* tasks, QObject* parent)
    : QObject(parent), m_panel(panel), m_tasks(tasks),
      m_themePoint(ViewTheme::dark().defaultPoint) {
    connect(m_panel, &ColorPanel::choiceChanged, this, &ColorController::applyChoice);
    connect(m_panel, &ColorPanel::runRequested, this, &ColorController::applyChoice);
    connect(m_panel, &ColorPanel::highlightChanged, this,
            [this](int entry) { emit highlightRequested(entryRows(entry)); });
}

ColorController::State& ColorController::stateOf(Dataset* document) {
    if (!m_states.contains(document)) {
        connect(document, &QObject::destroyed, this,
                [this, document] { m_states.remove(document); });
        connect(document, &Dataset::layoutChanged, this,
                [this, document] { layoutChanged(document); });
    }
    return m_states[document];
}

void ColorController::setDocument(Dataset* document) {
    if (document == m_document) return;
    if (m_document) m_document->setDockState(QLatin1String(kDockKey), m_panel->toJson());
    const bool wasRunning = isRunning();
    m_document = document;
    m_panel->clearHighlight();
    if (!document) {
        m_panel->setRunning(false);
        if (wasRunning) emit runningChanged(false);
        return;
    }
    const bool seen = m_states.contains(document);
    State& state = stateOf(document);
    m_panel->setDataset(document->set().get()); // keeps the choice where the set allows it
    const QJsonObject saved = document->dockState(QLatin1String(kDockKey));
    // Its own settings back (another visit, or a session restored), else the panel's as they are.
    if (!saved.isEmpty()) m_panel->fromJson(saved);
    m_pendingHighlight = saved.value(QStringLiteral("highlight")).toInt(-1);
    m_panel->setRunning(m_tasks->isRunning(state.task) || state.densityWaiting);
    if (wasRunning != isRunning()) emit runningChanged(isRunning());
    // A document that arrives coloured (the comparison's joint document, by Jaccard or
    // displacement) keeps its colours until the user picks others here.
    if (seen || !document->colors().rgb.empty()) {
        m_panel->showLegend(document->colors().legend);
        applyPendingHighlight();
        return;
    }
    // First shown: one colour while clusters are computed; a column is coloured at once.
    if (isClustering(m_panel->choice())) recolor(document);
    applyChoice();
}

bool ColorController::setColorBy(const QString& spec, QString* error) {
    const QString text = spec.trimmed();
    const std::shared_ptr<const vecspace::EmbeddingSet> set =
        m_document ? m_document->set() : nullptr;
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
        if (!set || !set->findMetadata(name.toStdString())) {
            if (error) {
                QStringList columns;
                if (set)
                    for (const vecspace::MetadataColumn& column : set->metadata)
                        columns << QString::fromStdString(column.name);
                *error = !set ? tr("cannot colour by '%1': no data loaded").arg(text)
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
    applyChoice(); // without a document: applied when one is shown
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
    if (!m_document) return false;
    const State& state = m_states.value(m_document);
    return m_tasks->isRunning(state.task) || state.densityWaiting || state.waitingForLayout;
}

bool ColorController::isRunning() const {
    if (!m_document || !m_states.contains(m_document)) return false;
    const State& state = m_states[m_document];
    return m_tasks->isRunning(state.task) || state.densityWaiting;
}

QJsonObject ColorController::toJson() const {
    QJsonObject json = m_panel->toJson();
    if (m_panel->highlightedEntry() >= 0)
        json[QStringLiteral("highlight")] = m_panel->highlightedEntry();
    return json;
}

void ColorController::fromJson(const QJsonObject& json) {
    m_panel->fromJson(json);
    m_pendingHighlight = json.value(QStringLiteral("highlight")).toInt(-1);
    applyChoice();
}

void ColorController::setHighlightedEntry(int entry) {
    m_panel->setHighlightedEntry(entry);
}

void ColorController::applyPendingHighlight() {
    const int entry = std::exchange(m_pendingHighlight, -1);
    if (entry >= 0) m_panel->setHighlightedEntry(entry);
}

void ColorController::applyChoice() {
    if (!m_document) return;
    Dataset* document = m_document;
    const ColorChoice choice = m_panel->choice();
    if (isClustering(choice)) {
        startClustering(document, choice.mode == ColorChoice::Mode::Density);
        return;
    }
    stopClustering(document);
    State& state = stateOf(document);
    state.shown = choice;
    document->setClusters(nullptr);
    recolor(document);
    QString message = tr("Single colour");
    if (choice.mode == ColorChoice::Mode::Column) {
        const vecspace::ColorLegend& legend = document->colors().legend;
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

void ColorController::stopClustering(Dataset* document) {
    State& state = stateOf(document);
    const bool was = m_tasks->isRunning(state.task) || state.densityWaiting;
    m_tasks->cancelGroup(QStringLiteral("color:%1").arg(quintptr(document)));
    state.task = 0;
    state.densityWaiting = false;
    if (was && document == m_document) {
        m_panel->setRunning(false);
        emit runningChanged(false);
    }
}

void ColorController::startClustering(Dataset* document, bool density) {
    State& state = stateOf(document);
    state.densityWaiting = false;
    ClusterRequest request;
    request.set = document->set();
    request.density = density;
    if (density) {
        if (!document->hasLayout()) {
            // The set's layout is still being computed: clustered once it is there.
            m_tasks->cancelGroup(QStringLiteral("color:%1").arg(quintptr(document)));
            state.densityWaiting = true;
            m_panel->setRunning(true);
            m_panel->showMessage(tr("Waiting for the layout…"));
            emit runningChanged(true);
            return;
        }
        const bool flat = document->twoD || document->layout().dims < 3;
        request.layout = document->layoutMatrix(flat ? 2 : 3);
        request.hdbscan = m_panel->hdbscanOptions();
    } else {
        request.kMeans = m_panel->kMeansOptions();
    }
    const QString what = density ? tr("Density clusters of the layout…")
                                 : tr("k-means, %1 clusters…").arg(m_panel->k());
    TaskOptions task;
    task.title = density ? tr("Density clusters of %1").arg(document->displayName())
                         : tr("k-means of %1").arg(document->displayName());
    task.group = QStringLiteral("color:%1").arg(quintptr(document));
    state.task = m_tasks->start(
        task, document,
        [request = std::move(request)](TaskContext& context) mutable {
            return computeClusters(std::move(request), context.progressFn());
        },
        [this, document](const ClusterOutcome& outcome) { onFinished(document, outcome); },
        [this, document](const TaskEnd& end) {
            onStopped(document, end.cancelled() ? tr("Clustering cancelled")
                                                : tr("Clustering failed: %1").arg(end.message));
        });
    m_panel->setRunning(true);
    m_panel->showMessage(what);
    emit statusMessage(tr("Clustering: %1").arg(what));
    emit runningChanged(true);
}

void ColorController::onFinished(Dataset* document, const ClusterOutcome& outcome) {
    State& state = stateOf(document);
    state.task = 0;
    document->setClusters(outcome.clusters);
    state.shown = ColorChoice();
    state.shown.mode =
        outcome.clusters->density ? ColorChoice::Mode::Density : ColorChoice::Mode::KMeans;
    std::size_t noise = 0;
    for (std::int32_t c : outcome.clusters->assignment)
        noise += c < 0;
    const QLocale locale;
    QString message = tr("%n clusters in %1 s", nullptr, int(outcome.clusters->names.size()))
                          .arg(outcome.seconds, 0, 'f', 2);
    if (outcome.clusters->density)
        message += tr("; %1 noise points").arg(locale.toString(qulonglong(noise)));
    if (document == m_document) {
        m_panel->setRunning(false);
        m_panel->showMessage(message);
        emit runningChanged(false);
    }
    emit statusMessage(message);
    recolor(document);
}

void ColorController::onStopped(Dataset* document, const QString& message) {
    State& state = stateOf(document);
    state.task = 0;
    state.densityWaiting = false;
    if (document == m_document) {
        m_panel->setRunning(false);
        m_panel->setChoice(state.shown); // back to what the view shows
        m_panel->showMessage(message);
        emit runningChanged(false);
    }
    emit statusMessage(message);
    emit coloringFailed(message);
}

void ColorController::cancel() {
    if (!m_document) return;
    State& state = stateOf(m_document);
    if (state.densityWaiting) {
        state.densityWaiting = false;
        onStopped(m_document, tr("Clustering cancelled"));
        return;
    }
    m_tasks->cancel(state.task); // onStopped through the task's end
}

vecspace::ColorOptions ColorController::colorOptions() const {
    vecspace::ColorOptions options;
    options.theme = m_dark ? vecspace::ColorTheme::Dark : vecspace::ColorTheme::Light;
    return options;
}

void ColorController::recolor(Dataset* document) {
    const vecspace::ColorOptions options = colorOptions();
    const State& state = stateOf(document);
    const vecspace::EmbeddingSet& set = *document->set();
    const vecspace::MetadataColumn* column =
        state.shown.mode == ColorChoice::Mode::Column
            ? set.findMetadata(state.shown.column.toStdString())
            : nullptr;
    vecspace::PointColors colors;
    if (column) {
        const std::span<const std::string> values(column->values);
        switch (state.shown.values) {
        case ColorChoice::Values::Auto:
            colors = vecspace::colorByColumn(values, options);
            break;
        case ColorChoice::Values::Categories:
            colors = vecspace::colorByCategory(values, options);
            break;
        case ColorChoice::Values::Gradient:
            colors = vecspace::colorByNumber(values, options);
            break;
        }
    } else if (const auto& clusters = document->clusters()) {
        colors = vecspace::colorByCluster(clusters->assignment, clusters->names, options);
    } else {
        // One colour: the view's own default, which follows its theme without new point data.
        colors.legend.kind = vecspace::ColorLegend::Kind::Single;
        colors.legend.entries.push_back({tr("all points").toStdString(), toRgb8(m_themePoint),
                                         set.rows(), vecspace::LegendEntry::Kind::All});
    }
    if (document == m_document) {
        const bool hadHighlight = m_panel->highlightedEntry() >= 0;
        m_panel->showLegend(colors.legend);
        if (hadHighlight) emit highlightRequested({});
    }
    document->setColors(std::move(colors));
    if (document == m_document) applyPendingHighlight();
    markShown(document);
}

// The colours are on screen once the document has a layout to show them on.
void ColorController::markShown(Dataset* document) {
    State& state = stateOf(document);
    state.waitingForLayout = !document->hasLayout();
    if (!state.waitingForLayout && document == m_document && !isPending()) emit coloringReady();
}

void ColorController::layoutChanged(Dataset* document) {
    State& state = stateOf(document);
    if (state.densityWaiting) startClustering(document, true);
    if (state.waitingForLayout) markShown(document);
}

void ColorController::setTheme(const ViewTheme& theme) {
    // The view reports every change of look (point size too); only the theme's colours matter.
    const bool dark = theme.background.lightness() < 128;
    if (dark == m_dark && theme.defaultPoint == m_themePoint) return;
    m_dark = dark;
    m_themePoint = theme.defaultPoint;
    for (auto it = m_states.begin(); it != m_states.end(); ++it)
        recolor(const_cast<Dataset*>(it.key()));
}

std::vector<int> ColorController::entryRows(int entry) const {
    if (!m_document) return {};
    const vecspace::PointColors& colors = m_document->colors();
    const std::vector<vecspace::LegendEntry>& entries = colors.legend.entries;
    if (entry < 0 || std::size_t(entry) >= entries.size()) return {};
    std::vector<int> rows;
    const std::size_t n = m_document->rows();
    if (colors.rgb.empty()) { // single colour: the entry is every row
        rows.resize(n);
        for (std::size_t r = 0; r < n; ++r)
            rows[r] = int(r);
        return rows;
    }
    // Each entry has a colour of its own (the palette's and the greys differ), and each row has
    // its entry's colour, so the colour identifies the entry.
    const vecspace::Rgb8 color = entries[std::size_t(entry)].color;
    for (std::size_t r = 0; r < n; ++r)
        if (colors.at(r) == color) rows.push_back(int(r));
    return rows;
}
