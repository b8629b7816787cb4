#include "color_panel.h"

#include "color_bar.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cstring>

namespace {

enum Page { EmptyPage, KMeansPage, DensityPage, ColumnPage };

const char* const kSingle = "single";
const char* const kKMeans = "kmeans";
const char* const kDensity = "density";
const char* const kColumnPrefix = "column:";

QFormLayout* compactForm(QWidget* page) {
    auto* form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return form;
}

// Density clusters of a large layout: a minimum of 5 points splits 341k points into thousands
// of specks; a thousandth of the rows keeps to the groups the eye sees.
int defaultMinClusterSize(std::size_t rows) {
    return int(std::max<std::size_t>(5, rows / 1000));
}

} // namespace

ColorPanel::ColorPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_by = new QComboBox;
    m_by->setObjectName(QStringLiteral("colorBy"));
    // Long column names must not widen the dock (and the window) beyond its neighbours.
    m_by->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_by->setMinimumContentsLength(12);
    form->addRow(tr("Colour by"), m_by);
    layout->addLayout(form);

    m_pages = new QStackedWidget;
    m_pages->addWidget(new QWidget);
    m_pages->addWidget(createKMeansPage());
    m_pages->addWidget(createDensityPage());
    m_pages->addWidget(createColumnPage());
    layout->addWidget(m_pages);

    m_run = new QPushButton(tr("Recolour"));
    m_run->setObjectName(QStringLiteral("colorRun"));
    m_run->setToolTip(tr("Cluster again with these parameters"));
    layout->addWidget(m_run);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("colorStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_bar = new ColorBar;
    m_bar->setObjectName(QStringLiteral("colorBar"));
    m_bar->hide();
    layout->addWidget(m_bar);
    m_legend = new QTreeWidget;
    m_legend->setObjectName(QStringLiteral("colorLegend"));
    m_legend->setColumnCount(2);
    m_legend->setHeaderLabels({tr("Legend"), tr("Rows")});
    m_legend->setRootIsDecorated(false);
    m_legend->setUniformRowHeights(true);
    m_legend->header()->setStretchLastSection(false);
    m_legend->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_legend->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_legend->setToolTip(tr("Click an entry to highlight its points; click it again to clear"));
    layout->addWidget(m_legend, 1);
    m_clear = new QPushButton(tr("Clear Highlight"));
    m_clear->setObjectName(QStringLiteral("colorClearHighlight"));
    m_clear->setEnabled(false);
    layout->addWidget(m_clear);

    m_minClusterSize->setValue(defaultMinClusterSize(0));
    setDataset(nullptr);
    connect(m_by, &QComboBox::currentIndexChanged, this, [this] {
        updatePage();
        emit choiceChanged();
    });
    connect(m_values, &QComboBox::currentIndexChanged, this, &ColorPanel::choiceChanged);
    connect(m_run, &QPushButton::clicked, this, &ColorPanel::runRequested);
    connect(m_legend, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem* item) { toggleEntry(item->data(0, Qt::UserRole).toInt()); });
    connect(m_clear, &QPushButton::clicked, this, &ColorPanel::clearHighlight);
}

QWidget* ColorPanel::createKMeansPage() {
    auto* page = new QWidget;
    auto* form = compactForm(page);
    m_k = new QSpinBox;
    m_k->setObjectName(QStringLiteral("colorK"));
    m_k->setRange(1, 500);
    m_k->setValue(10);
    form->addRow(tr("Clusters (K)"), m_k);
    m_metric = new QComboBox;
    m_metric->addItem(tr("Cosine (spherical)"), true);
    m_metric->addItem(tr("Euclidean"), false);
    form->addRow(tr("Distance"), m_metric);
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("colorSeed"));
    m_seed->setRange(0, 999999);
    m_seed->setToolTip(tr("The same seed gives the same clusters"));
    form->addRow(tr("Seed"), m_seed);
    return page;
}

QWidget* ColorPanel::createDensityPage() {
    auto* page = new QWidget;
    auto* form = compactForm(page);
    m_minClusterSize = new QSpinBox;
    m_minClusterSize->setObjectName(QStringLiteral("colorMinClusterSize"));
    m_minClusterSize->setRange(2, 1000000);
    m_minClusterSize->setToolTip(
        tr("The smallest group of points that counts as a cluster (HDBSCAN's min_cluster_size); "
           "a thousandth of the rows by default"));
    form->addRow(tr("Min cluster size"), m_minClusterSize);
    m_minSamples = new QSpinBox;
    m_minSamples->setRange(0, 1000000);
    m_minSamples->setSpecialValueText(tr("same"));
    m_minSamples->setToolTip(tr("Neighbours that make a core point; larger: more noise"));
    form->addRow(tr("Min samples"), m_minSamples);
    auto* note = new QLabel(tr("Clusters the layout shown in the view."));
    note->setWordWrap(true);
    form->addRow(note);
    return page;
}

QWidget* ColorPanel::createColumnPage() {
    auto* page = new QWidget;
    auto* form = compactForm(page);
    m_values = new QComboBox;
    m_values->setObjectName(QStringLiteral("colorValues"));
    m_values->addItem(tr("Automatic"), int(ColorChoice::Values::Auto));
    m_values->addItem(tr("Categories"), int(ColorChoice::Values::Categories));
    m_values->addItem(tr("Gradient"), int(ColorChoice::Values::Gradient));
    m_values->setToolTip(tr("Automatic: a gradient for a column of numbers with many distinct "
                            "values, else one colour per category"));
    form->addRow(tr("Values as"), m_values);
    return page;
}

void ColorPanel::setDataset(const vecspace::EmbeddingSet* set) {
    const ColorChoice previous = choice();
    const QSignalBlocker blocker(m_by);
    m_by->clear();
    m_by->addItem(tr("Single colour"), QString::fromLatin1(kSingle));
    m_by->addItem(tr("Clusters (k-means)"), QString::fromLatin1(kKMeans));
    m_by->addItem(tr("Density clusters of the layout"), QString::fromLatin1(kDensity));
    if (set && !set->metadata.empty()) {
        m_by->insertSeparator(m_by->count());
        for (const vecspace::MetadataColumn& column : set->metadata) {
            const QString name = QString::fromStdString(column.name);
            m_by->addItem(tr("Column: %1").arg(name), QLatin1String(kColumnPrefix) + name);
        }
    }
    if (set) {
        m_k->setMaximum(int(std::clamp<std::size_t>(set->rows(), 1, 500)));
        m_minClusterSize->setValue(defaultMinClusterSize(set->rows()));
    }
    setChoice(previous);
    m_highlighted = -1;
    m_legend->clear();
    m_bar->hide();
    m_clear->setEnabled(false);
}

ColorChoice ColorPanel::choice() const {
    ColorChoice choice;
    const QString data = m_by->currentData().toString();
    if (data == QLatin1String(kKMeans))
        choice.mode = ColorChoice::Mode::KMeans;
    else if (data == QLatin1String(kDensity))
        choice.mode = ColorChoice::Mode::Density;
    else if (data.startsWith(QLatin1String(kColumnPrefix))) {
        choice.mode = ColorChoice::Mode::Column;
        choice.column = data.mid(int(std::strlen(kColumnPrefix)));
    }
    choice.values = ColorChoice::Values(m_values->currentData().toInt());
    return choice;
}

void ColorPanel::setChoice(const ColorChoice& choice) {
    QString data = QString::fromLatin1(kSingle);
    if (choice.mode == ColorChoice::Mode::KMeans) data = QString::fromLatin1(kKMeans);
    if (choice.mode == ColorChoice::Mode::Density) data = QString::fromLatin1(kDensity);
    if (choice.mode == ColorChoice::Mode::Column)
        data = QLatin1String(kColumnPrefix) + choice.column;
    const QSignalBlocker byBlocker(m_by);
    const QSignalBlocker valuesBlocker(m_values);
    m_by->setCurrentIndex(std::max(0, m_by->findData(data)));
    m_values->setCurrentIndex(std::max(0, m_values->findData(int(choice.values))));
    updatePage();
}

vecspace::KMeansOptions ColorPanel::kMeansOptions() const {
    vecspace::KMeansOptions options;
    options.k = std::size_t(m_k->value());
    options.seed = std::uint64_t(m_seed->value());
    options.spherical = m_metric->currentData().toBool();
    return options;
}

vecspace::HdbscanOptions ColorPanel::hdbscanOptions() const {
    vecspace::HdbscanOptions options;
    options.minClusterSize = std::size_t(m_minClusterSize->value());
    options.minSamples = std::size_t(m_minSamples->value());
    return options;
}

int ColorPanel::k() const {
    return m_k->value();
}

void ColorPanel::setK(int k) {
    m_k->setValue(k);
}

void ColorPanel::setMinClusterSize(int size) {
    m_minClusterSize->setValue(size);
}

void ColorPanel::updatePage() {
    switch (choice().mode) {
    case ColorChoice::Mode::Single:
        m_pages->setCurrentIndex(EmptyPage);
        break;
    case ColorChoice::Mode::KMeans:
        m_pages->setCurrentIndex(KMeansPage);
        break;
    case ColorChoice::Mode::Density:
        m_pages->setCurrentIndex(DensityPage);
        break;
    case ColorChoice::Mode::Column:
        m_pages->setCurrentIndex(ColumnPage);
        break;
    }
    const ColorChoice::Mode mode = choice().mode;
    m_run->setVisible(mode == ColorChoice::Mode::KMeans || mode == ColorChoice::Mode::Density);
}

void ColorPanel::setRunning(bool running) {
    m_run->setEnabled(!running);
}

void ColorPanel::showMessage(const QString& message) {
    m_status->setText(message);
}

void ColorPanel::showLegend(const vecspace::ColorLegend& legend) {
    m_highlighted = -1;
    m_clear->setEnabled(false);
    m_legend->clear();
    const QLocale locale;
    for (std::size_t i = 0; i < legend.entries.size(); ++i) {
        const vecspace::LegendEntry& entry = legend.entries[i];
        auto* item = new QTreeWidgetItem(m_legend);
        item->setText(0, QString::fromStdString(entry.name));
        item->setToolTip(0, item->text(0));
        item->setData(0, Qt::DecorationRole, QColor(entry.color.r, entry.color.g, entry.color.b));
        item->setData(0, Qt::UserRole, int(i));
        item->setText(1, locale.toString(qulonglong(entry.count)));
        item->setData(1, Qt::UserRole, qulonglong(entry.count));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_bar->setVisible(legend.kind == vecspace::ColorLegend::Kind::Gradient);
    if (legend.kind == vecspace::ColorLegend::Kind::Gradient) m_bar->setLegend(legend);
}

void ColorPanel::toggleEntry(int entry) {
    m_highlighted = entry == m_highlighted ? -1 : entry;
    if (m_highlighted < 0) m_legend->clearSelection();
    m_clear->setEnabled(m_highlighted >= 0);
    emit highlightChanged(m_highlighted);
}

bool ColorPanel::setHighlightedEntry(int entry) {
    if (entry < 0) {
        clearHighlight();
        return true;
    }
    if (entry >= m_legend->topLevelItemCount()) return false;
    if (entry == m_highlighted) return true;
    m_legend->setCurrentItem(m_legend->topLevelItem(entry));
    toggleEntry(entry);
    return true;
}

void ColorPanel::clearHighlight() {
    if (m_highlighted < 0) return;
    toggleEntry(m_highlighted);
}

QJsonObject ColorPanel::toJson() const {
    QJsonObject json;
    json[QStringLiteral("by")] = m_by->currentData().toString();
    json[QStringLiteral("values")] = m_values->currentIndex();
    json[QStringLiteral("k")] = m_k->value();
    json[QStringLiteral("seed")] = m_seed->value();
    json[QStringLiteral("spherical")] = m_metric->currentData().toBool();
    json[QStringLiteral("minClusterSize")] = m_minClusterSize->value();
    json[QStringLiteral("minSamples")] = m_minSamples->value();
    return json;
}

void ColorPanel::fromJson(const QJsonObject& json) {
    const QSignalBlocker byBlocker(m_by);
    const QSignalBlocker valuesBlocker(m_values);
    if (json.contains(QStringLiteral("k"))) m_k->setValue(json[QStringLiteral("k")].toInt());
    if (json.contains(QStringLiteral("seed")))
        m_seed->setValue(json[QStringLiteral("seed")].toInt());
    if (json.contains(QStringLiteral("spherical")))
        m_metric->setCurrentIndex(json[QStringLiteral("spherical")].toBool() ? 0 : 1);
    if (json.contains(QStringLiteral("minClusterSize")))
        m_minClusterSize->setValue(json[QStringLiteral("minClusterSize")].toInt());
    if (json.contains(QStringLiteral("minSamples")))
        m_minSamples->setValue(json[QStringLiteral("minSamples")].toInt());
    if (json.contains(QStringLiteral("values")))
        m_values->setCurrentIndex(std::clamp(json[QStringLiteral("values")].toInt(), 0, 2));
    const int by = m_by->findData(json[QStringLiteral("by")].toString());
    if (by >= 0) m_by->setCurrentIndex(by);
    updatePage();
}
