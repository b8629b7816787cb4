#include "projection_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <cmath>

using vecspace::ProjectionMethod;

namespace {

QFormLayout* compactForm(QWidget* page) {
    auto* form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return form;
}

} // namespace

ProjectionPanel::ProjectionPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_method = new QComboBox;
    m_method->addItem(tr("PCA"), int(ProjectionMethod::Pca));
    m_method->addItem(tr("t-SNE"), int(ProjectionMethod::Tsne));
    m_method->addItem(tr("UMAP"), int(ProjectionMethod::Umap));
    m_method->addItem(tr("Analogy axes"), kCustomMethod);
    m_method->setItemData(
        3, tr("Axes that are expressions: each point placed by its cosine with each"),
        Qt::ToolTipRole);
    m_method->setObjectName("projectionMethod");
    form->addRow(tr("Method"), m_method);
    m_dims = new QComboBox;
    m_dims->addItem(tr("3D"), 3);
    m_dims->addItem(tr("2D"), 2);
    m_dims->setObjectName("projectionDims");
    form->addRow(tr("Dimensions"), m_dims);
    m_metric = new QComboBox;
    m_metric->addItem(tr("Euclidean"), int(vecspace::DistanceMetric::Euclidean));
    m_metric->addItem(tr("Cosine"), int(vecspace::DistanceMetric::Cosine));
    m_metric->setToolTip(tr("Distance between input vectors for the neighbours of t-SNE and UMAP"));
    form->addRow(tr("Distance"), m_metric);
    m_seed = new QSpinBox;
    m_seed->setRange(0, 999999);
    m_seed->setToolTip(tr("The same seed and parameters give the same layout"));
    form->addRow(tr("Seed"), m_seed);
    layout->addLayout(form);

    m_pages = new QStackedWidget;
    m_pages->addWidget(createPcaPage());
    m_pages->addWidget(createTsnePage());
    m_pages->addWidget(createUmapPage());
    m_pages->addWidget(createCustomPage());
    layout->addWidget(m_pages);

    auto* buttons = new QHBoxLayout;
    m_run = new QPushButton(tr("Run"));
    m_run->setObjectName("projectionRun");
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setObjectName("projectionStop");
    m_stop->setEnabled(false);
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    layout->addLayout(buttons);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    layout->addWidget(m_progress);
    m_status = new QLabel;
    m_status->setObjectName("projectionStatus");
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    layout->addStretch(1);

    connect(m_method, &QComboBox::currentIndexChanged, this, &ProjectionPanel::updateMethodPage);
    connect(m_run, &QPushButton::clicked, this, &ProjectionPanel::runRequested);
    connect(m_stop, &QPushButton::clicked, this, &ProjectionPanel::stopRequested);
    updateMethodPage();
}

QWidget* ProjectionPanel::createPcaPage() {
    auto* page = new QWidget;
    auto* form = compactForm(page);
    const char* axes[3] = {"X", "Y", "Z"};
    for (int i = 0; i < 3; ++i) {
        m_components[i] = new QSpinBox;
        m_components[i]->setRange(1, 100);
        m_components[i]->setValue(i + 1);
        m_components[i]->setPrefix(tr("component "));
        form->addRow(tr("%1 axis").arg(axes[i]), m_components[i]);
    }
    m_spherize = new QCheckBox(tr("Spherize (centre, then unit length)"));
    form->addRow(m_spherize);
    return page;
}

QWidget* ProjectionPanel::createTsnePage() {
    auto* page = new QWidget;
    auto* form = compactForm(page);
    m_perplexity = new QDoubleSpinBox;
    m_perplexity->setRange(2, 500);
    m_perplexity->setValue(30);
    m_perplexity->setObjectName("tsnePerplexity");
    form->addRow(tr("Perplexity"), m_perplexity);
    // The kernel's degrees of freedom (TsneOptions::degreesOfFreedom); the minimum, 0, is the
    // default for the chosen dimensions.
    m_dof = new QDoubleSpinBox;
    m_dof->setRange(0, 100);
    m_dof->setDecimals(2);
    m_dof->setSingleStep(0.1);
    m_dof->setValue(0);
    m_dof->setSpecialValueText(tr("Automatic"));
    m_dof->setToolTip(tr("Degrees of freedom of the layout's kernel (1 + d²/a)^-a: 1 is standard "
                         "t-SNE, lower values give heavier tails (tighter, more separated "
                         "clusters), higher values lighter ones. Automatic picks the measured "
                         "default for 2D or 3D."));
    m_dof->setObjectName("tsneDof");
    form->addRow(tr("Degrees of freedom"), m_dof);
    m_tsneIterations = new QSpinBox;
    m_tsneIterations->setRange(260, 100000);
    m_tsneIterations->setValue(1000);
    m_tsneIterations->setSingleStep(250);
    m_tsneIterations->setObjectName("tsneIterations");
    form->addRow(tr("Iterations"), m_tsneIterations);
    return page;
}

QWidget* ProjectionPanel::createUmapPage() {
    auto* page = new QWidget;
    auto* form = compactForm(page);
    m_neighbors = new QSpinBox;
    m_neighbors->setRange(2, 200);
    m_neighbors->setValue(15);
    form->addRow(tr("Neighbours"), m_neighbors);
    m_minDist = new QDoubleSpinBox;
    m_minDist->setRange(0, 10);
    m_minDist->setSingleStep(0.05);
    m_minDist->setValue(0.1);
    form->addRow(tr("Min. distance"), m_minDist);
    m_epochs = new QSpinBox;
    m_epochs->setRange(0, 10000);
    m_epochs->setSpecialValueText(tr("auto"));
    form->addRow(tr("Epochs"), m_epochs);
    return page;
}

QWidget* ProjectionPanel::createCustomPage() {
    auto* page = new QWidget;
    auto* form = compactForm(page);
    const char* names[3] = {"customAxisX", "customAxisY", "customAxisZ"};
    const QString examples[3] = {tr("king - queen"), tr("man - woman"), tr("optional")};
    const char* axes[3] = {"X", "Y", "Z"};
    for (int i = 0; i < 3; ++i) {
        m_axes[i] = new QLineEdit;
        m_axes[i]->setObjectName(QLatin1String(names[i]));
        m_axes[i]->setPlaceholderText(examples[i]);
        form->addRow(tr("%1 axis").arg(axes[i]), m_axes[i]);
    }
    m_measure = new QComboBox;
    m_measure->setObjectName("customAxisMeasure");
    m_measure->addItem(tr("Cosine"), int(vecspace::AxisMeasure::Cosine));
    m_measure->addItem(tr("Scalar projection"), int(vecspace::AxisMeasure::Projection));
    form->addRow(tr("Measure"), m_measure);
    return page;
}

bool ProjectionPanel::isCustom() const {
    return m_method->currentData().toInt() == kCustomMethod;
}

QStringList ProjectionPanel::customAxes() const {
    QStringList axes;
    for (QLineEdit* edit : m_axes)
        if (!edit->text().trimmed().isEmpty()) axes << edit->text().trimmed();
    return axes;
}

vecspace::AxisMeasure ProjectionPanel::axisMeasure() const {
    return static_cast<vecspace::AxisMeasure>(m_measure->currentData().toInt());
}

void ProjectionPanel::setCustomAxes(const QStringList& axes, vecspace::AxisMeasure measure) {
    m_method->setCurrentIndex(m_method->findData(kCustomMethod));
    for (int i = 0; i < 3; ++i)
        m_axes[i]->setText(i < axes.size() ? axes[i] : QString());
    m_measure->setCurrentIndex(m_measure->findData(int(measure)));
}

void ProjectionPanel::updateMethodPage() {
    m_pages->setCurrentIndex(m_method->currentIndex());
    const int method = m_method->currentData().toInt();
    m_metric->setEnabled(method != int(ProjectionMethod::Pca) && method != kCustomMethod);
    // Analogy axes have as many dimensions as axes, and nothing random.
    m_dims->setEnabled(method != kCustomMethod);
    m_seed->setEnabled(method != kCustomMethod);
}

vecspace::ProjectionOptions ProjectionPanel::options() const {
    vecspace::ProjectionOptions o;
    o.method = isCustom() ? ProjectionMethod::Pca
                          : static_cast<ProjectionMethod>(m_method->currentData().toInt());
    o.dimensions = static_cast<std::size_t>(m_dims->currentData().toInt());
    o.seed = static_cast<std::uint64_t>(m_seed->value());
    for (std::size_t i = 0; i < o.dimensions; ++i)
        o.pcaComponents.push_back(static_cast<std::size_t>(m_components[i]->value() - 1));
    o.spherize = m_spherize->isChecked();
    const auto metric = static_cast<vecspace::DistanceMetric>(m_metric->currentData().toInt());
    o.tsne.metric = metric;
    o.tsne.perplexity = m_perplexity->value();
    o.tsne.degreesOfFreedom = m_dof->value();
    o.tsne.iterations = static_cast<std::size_t>(m_tsneIterations->value());
    o.umap.metric = metric;
    o.umap.nNeighbors = static_cast<std::size_t>(m_neighbors->value());
    o.umap.minDist = m_minDist->value();
    o.umap.epochs = static_cast<std::size_t>(m_epochs->value());
    return o;
}

void ProjectionPanel::setOptions(const vecspace::ProjectionOptions& o) {
    m_method->setCurrentIndex(m_method->findData(int(o.method)));
    m_dims->setCurrentIndex(m_dims->findData(int(o.dimensions)));
    m_seed->setValue(static_cast<int>(o.seed));
    for (std::size_t i = 0; i < o.pcaComponents.size() && i < 3; ++i)
        m_components[i]->setValue(static_cast<int>(o.pcaComponents[i]) + 1);
    m_spherize->setChecked(o.spherize);
    m_metric->setCurrentIndex(m_metric->findData(int(o.tsne.metric)));
    m_perplexity->setValue(o.tsne.perplexity);
    m_dof->setValue(o.tsne.degreesOfFreedom);
    m_tsneIterations->setValue(static_cast<int>(o.tsne.iterations));
    m_neighbors->setValue(static_cast<int>(o.umap.nNeighbors));
    m_minDist->setValue(o.umap.minDist);
    m_epochs->setValue(static_cast<int>(o.umap.epochs));
}

QJsonObject ProjectionPanel::toJson() const {
    const vecspace::ProjectionOptions o = options();
    QJsonObject json{{"method", vecspace::projectionMethodName(o.method)},
                     {"dims", int(o.dimensions)},
                     {"seed", int(o.seed)},
                     {"metric", m_metric->currentIndex() == 1 ? "cosine" : "euclidean"},
                     {"spherize", o.spherize},
                     {"perplexity", o.tsne.perplexity},
                     {"tsne_dof", o.tsne.degreesOfFreedom},
                     {"tsne_iterations", int(o.tsne.iterations)},
                     {"umap_neighbors", int(o.umap.nNeighbors)},
                     {"umap_min_dist", o.umap.minDist},
                     {"umap_epochs", int(o.umap.epochs)}};
    QJsonArray components;
    for (int i = 0; i < 3; ++i)
        components.append(m_components[i]->value());
    json["pca_components"] = components;
    QJsonArray axes;
    for (QLineEdit* edit : m_axes)
        axes.append(edit->text());
    json["custom_axes"] = axes;
    json["axis_measure"] = axisMeasure() == vecspace::AxisMeasure::Cosine ? "cosine" : "projection";
    if (isCustom()) json["method"] = "custom";
    return json;
}

void ProjectionPanel::fromJson(const QJsonObject& json) {
    vecspace::ProjectionOptions o = options();
    if (const auto m = vecspace::parseProjectionMethod(json["method"].toString().toStdString()))
        o.method = *m;
    if (json["dims"].toInt() == 2 || json["dims"].toInt() == 3)
        o.dimensions = std::size_t(json["dims"].toInt());
    o.seed = std::uint64_t(std::max(0, json["seed"].toInt(int(o.seed))));
    o.spherize = json["spherize"].toBool(o.spherize);
    o.tsne.perplexity = json["perplexity"].toDouble(o.tsne.perplexity);
    o.tsne.degreesOfFreedom = json["tsne_dof"].toDouble(o.tsne.degreesOfFreedom);
    o.tsne.iterations =
        std::size_t(std::max(1, json["tsne_iterations"].toInt(int(o.tsne.iterations))));
    o.umap.nNeighbors =
        std::size_t(std::max(2, json["umap_neighbors"].toInt(int(o.umap.nNeighbors))));
    o.umap.minDist = json["umap_min_dist"].toDouble(o.umap.minDist);
    o.umap.epochs = std::size_t(std::max(0, json["umap_epochs"].toInt(int(o.umap.epochs))));
    setOptions(o);
    m_metric->setCurrentIndex(json["metric"].toString() == "cosine" ? 1 : 0);
    const QJsonArray components = json["pca_components"].toArray();
    for (int i = 0; i < 3 && i < components.size(); ++i)
        m_components[i]->setValue(components[i].toInt(i + 1));
    const QJsonArray axes = json["custom_axes"].toArray();
    for (int i = 0; i < 3 && i < axes.size(); ++i)
        m_axes[i]->setText(axes[i].toString());
    m_measure->setCurrentIndex(json["axis_measure"].toString() == "projection" ? 1 : 0);
    if (json["method"].toString() == "custom")
        m_method->setCurrentIndex(m_method->findData(kCustomMethod));
}

void ProjectionPanel::setRunning(bool running) {
    m_run->setEnabled(!running);
    m_stop->setEnabled(running);
    if (!running) m_progress->setValue(0);
}

void ProjectionPanel::setDataRows(qint64 rows) {
    m_neighbors->setMaximum(int(std::clamp<qint64>(rows - 1, 2, 200)));
}

void ProjectionPanel::showProgress(double fraction) {
    m_progress->setValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
}

QString ProjectionPanel::methodTitle(const QString& method) {
    if (method == QLatin1String("custom")) return tr("Analogy axes");
    const auto parsed = vecspace::parseProjectionMethod(method.toStdString());
    return parsed ? QString::fromLatin1(vecspace::projectionMethodTitle(*parsed)) : method;
}

void ProjectionPanel::showPhase(const QString& method, const QString& phase) {
    m_status->setText(phase.isEmpty() ? tr("%1: running…").arg(methodTitle(method))
                                      : tr("%1: %2…").arg(methodTitle(method), phase));
}

void ProjectionPanel::showSnapshot(const QString& method, qint64 step, qint64 steps,
                                   double klDivergence) {
    QString text = method == QLatin1String("umap")
                       ? tr("%1: epoch %2 of %3").arg(methodTitle(method)).arg(step).arg(steps)
                       : tr("%1: iteration %2 of %3").arg(methodTitle(method)).arg(step).arg(steps);
    if (std::isfinite(klDivergence)) text += tr(", KL divergence %1").arg(klDivergence, 0, 'f', 4);
    m_status->setText(text);
}

void ProjectionPanel::showResult(const vecspace::ProjectionResult& result) {
    QString text = tr("%1 done in %2 s")
                       .arg(QString::fromLatin1(vecspace::projectionMethodTitle(result.method)))
                       .arg(result.seconds, 0, 'f', 2);
    if (result.steps > 0) text += tr(", %1 iterations").arg(result.steps);
    if (result.klDivergence) text += tr(", KL divergence %1").arg(*result.klDivergence, 0, 'f', 4);
    if (!result.explainedVarianceRatio.empty()) {
        QStringList shares;
        double total = 0;
        for (double r : result.explainedVarianceRatio) {
            shares << QString::number(100 * r, 'f', 1) + "%";
            total += r;
        }
        text += tr("\nExplained variance: %1 (together %2%)")
                    .arg(shares.join(", "))
                    .arg(100 * total, 0, 'f', 1);
    }
    m_status->setText(text);
}

void ProjectionPanel::showMessage(const QString& message) {
    m_status->setText(message);
}

QString ProjectionPanel::statusText() const {
    return m_status->text();
}
