#include "compare_panel.h"

#include "color_bar.h"
#include "compare_controller.h"
#include "dataset.h"
#include "overlap_histogram.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr int kRankedRows = 100;
constexpr int kPairRole = Qt::UserRole + 1;

QString number(double value, int digits = 3) {
    return QString::number(value, 'f', digits);
}

QTreeWidget* makeTree(const QStringList& headers) {
    auto* tree = new QTreeWidget;
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    tree->setMinimumHeight(120);
    tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int column = 1; column < headers.size(); ++column)
        tree->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    return tree;
}

} // namespace

ComparePanel::ComparePanel(CompareController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(tr("Compare the active document with another embedding file of the "
                            "same words: File > Compare With…"));
    m_title->setWordWrap(true);
    m_compareWith = new QPushButton(tr("Compare With…"));
    m_compareWith->setObjectName(QStringLiteral("compareWithButton"));
    m_counts = new QLabel;
    m_counts->setObjectName(QStringLiteral("compareCounts"));
    m_counts->setWordWrap(true);
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    layout->addWidget(m_compareWith);
    layout->addWidget(m_counts);

    auto* form = new QFormLayout;
    // A narrow dock puts a field under its label rather than cutting it off.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_k = new QSpinBox;
    m_k->setRange(1, 250);
    m_k->setToolTip(tr("Neighbours per label whose overlap is measured (Jaccard of the two "
                       "k-nearest lists, within the shared labels)"));
    m_align = new QCheckBox(tr("Align B onto A"));
    m_align->setToolTip(tr("Orthogonal Procrustes when the dimensions are equal; a least-squares "
                           "linear map (ridge) when they differ"));
    m_anchors = new QSpinBox;
    m_anchors->setRange(0, 100000000);
    m_anchors->setSpecialValueText(tr("all shared labels"));
    m_anchors->setToolTip(tr("Fit the alignment on the N most frequent shared labels"));
    m_ignoreCase = new QCheckBox(tr("Match labels ignoring case"));
    form->addRow(tr("Neighbours k"), m_k);
    form->addRow(QString(), m_align);
    form->addRow(tr("Anchors"), m_anchors);
    form->addRow(QString(), m_ignoreCase);

    auto* views = new QHBoxLayout;
    m_view = new QButtonGroup(this);
    auto* side = new QRadioButton(tr("Side by side"));
    side->setObjectName(QStringLiteral("compareSideBySide"));
    auto* joint = new QRadioButton(tr("Joint"));
    joint->setObjectName(QStringLiteral("compareJoint"));
    joint->setToolTip(tr("A and aligned B in one layout, a line from each label's A position "
                         "to its B position"));
    m_view->addButton(side, int(CompareSettings::View::SideBySide));
    m_view->addButton(joint, int(CompareSettings::View::Joint));
    m_linkCameras = new QCheckBox(tr("Link cameras"));
    views->addWidget(side);
    views->addWidget(joint);
    views->addStretch();
    form->addRow(tr("View"), views);
    form->addRow(QString(), m_linkCameras);
    m_colorBy = new QComboBox;
    m_colorBy->setObjectName(QStringLiteral("compareColorBy"));
    m_colorBy->addItem(tr("Document's own colours"), int(CompareSettings::ColorBy::None));
    m_colorBy->addItem(tr("Jaccard overlap"), int(CompareSettings::ColorBy::Jaccard));
    m_colorBy->addItem(tr("Displacement"), int(CompareSettings::ColorBy::Displacement));
    form->addRow(tr("Colour by"), m_colorBy);
    for (QComboBox* box : {m_colorBy}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
    }
    m_colorBar = new ColorBar;
    form->addRow(QString(), m_colorBar);
    m_maxJaccard = new QDoubleSpinBox;
    m_maxJaccard->setRange(0, 1);
    m_maxJaccard->setSingleStep(0.05);
    m_maxJaccard->setPrefix(tr("Jaccard ≤ "));
    m_minDisplacement = new QDoubleSpinBox;
    m_minDisplacement->setRange(0, 2);
    m_minDisplacement->setDecimals(3);
    m_minDisplacement->setSingleStep(0.05);
    m_minDisplacement->setPrefix(tr("moved ≥ "));
    m_maxJaccard->setToolTip(tr("The joint view draws the lines of labels at most this Jaccard"));
    m_minDisplacement->setToolTip(
        tr("The joint view draws the lines of labels that moved at least this far"));
    form->addRow(tr("Joint lines"), m_maxJaccard);
    form->addRow(QString(), m_minDisplacement);
    layout->addLayout(form);

    m_histogram = new OverlapHistogram;
    m_histogram->setObjectName(QStringLiteral("overlapHistogram"));
    layout->addWidget(m_histogram);
    m_rankOrder = new QComboBox;
    m_rankOrder->addItem(tr("Most changed"));
    m_rankOrder->addItem(tr("Least changed"));
    layout->addWidget(m_rankOrder);
    m_ranked = makeTree({tr("Label"), tr("Jaccard"), tr("Moved")});
    m_ranked->setObjectName(QStringLiteral("compareRanked"));
    layout->addWidget(m_ranked, 1);
    m_focusTitle = new QLabel(tr("Select a shared label to see its neighbours in both files."));
    m_focusTitle->setWordWrap(true);
    layout->addWidget(m_focusTitle);
    m_changes = makeTree({tr("Neighbour"), tr("cos A"), tr("cos B")});
    m_changes->setObjectName(QStringLiteral("compareChanges"));
    m_changes->setRootIsDecorated(true);
    layout->addWidget(m_changes, 1);

    showSettings(m_controller->settings());
    showComparison();
    for (QSpinBox* spin : {m_k, m_anchors})
        connect(spin, &QSpinBox::editingFinished, this, &ComparePanel::onSettingsEdited);
    for (QDoubleSpinBox* spin : {m_maxJaccard, m_minDisplacement})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &ComparePanel::onSettingsEdited);
    for (QCheckBox* box : {m_align, m_ignoreCase, m_linkCameras})
        connect(box, &QCheckBox::toggled, this, &ComparePanel::onSettingsEdited);
    connect(m_view, &QButtonGroup::idClicked, this, &ComparePanel::onSettingsEdited);
    connect(m_colorBy, &QComboBox::currentIndexChanged, this, &ComparePanel::onSettingsEdited);
    connect(m_rankOrder, &QComboBox::currentIndexChanged, this, &ComparePanel::showRanked);
    connect(m_compareWith, &QPushButton::clicked, this, &ComparePanel::compareWithRequested);
    connect(m_histogram, &OverlapHistogram::rangeSelected, m_controller,
            &CompareController::selectJaccardRange);
    const auto focusItem = [this](QTreeWidgetItem* item) {
        if (item && item->data(0, kPairRole).isValid())
            m_controller->setFocusPair(item->data(0, kPairRole).toLongLong());
    };
    connect(m_ranked, &QTreeWidget::itemActivated, this, focusItem);
    connect(m_ranked, &QTreeWidget::itemClicked, this, focusItem);
    connect(m_changes, &QTreeWidget::itemActivated, this, focusItem);
    connect(m_controller, &CompareController::started, this, &ComparePanel::showComparison);
    connect(m_controller, &CompareController::ready, this, &ComparePanel::showComparison);
    connect(m_controller, &CompareController::stopped, this, &ComparePanel::showComparison);
    connect(m_controller, &CompareController::failed, this, [this](const QString& message) {
        m_counts->setText(tr("The comparison failed: %1").arg(message));
    });
    connect(m_controller, &CompareController::focusChanged, this, &ComparePanel::showChanges);
    connect(m_controller, &CompareController::legendChanged, this,
            [this] { m_colorBar->setLegend(m_controller->legend()); });
}

void ComparePanel::showSettings(const CompareSettings& s) {
    m_updating = true;
    m_k->setValue(s.k);
    m_align->setChecked(s.align);
    m_anchors->setValue(s.anchors);
    m_anchors->setEnabled(s.align);
    m_ignoreCase->setChecked(s.ignoreCase);
    m_view->button(int(s.view))->setChecked(true);
    m_linkCameras->setChecked(s.linkCameras);
    m_colorBy->setCurrentIndex(m_colorBy->findData(int(s.colorBy)));
    m_maxJaccard->setValue(s.maxJaccard);
    m_minDisplacement->setValue(s.minDisplacement);
    m_updating = false;
}

CompareSettings ComparePanel::settingsFromWidgets() const {
    CompareSettings s = m_controller->settings();
    s.k = m_k->value();
    s.align = m_align->isChecked();
    s.anchors = m_anchors->value();
    s.ignoreCase = m_ignoreCase->isChecked();
    s.view = CompareSettings::View(m_view->checkedId());
    s.linkCameras = m_linkCameras->isChecked();
    s.colorBy = CompareSettings::ColorBy(m_colorBy->currentData().toInt());
    s.maxJaccard = m_maxJaccard->value();
    s.minDisplacement = m_minDisplacement->value();
    return s;
}

void ComparePanel::onSettingsEdited() {
    if (m_updating) return;
    m_anchors->setEnabled(m_align->isChecked());
    m_controller->setSettings(settingsFromWidgets());
    // The controller may refuse a view (the joint view of unaligned, different dimensions).
    showSettings(m_controller->settings());
}

void ComparePanel::showComparison() {
    showSettings(m_controller->settings());
    const auto& result = m_controller->comparison();
    const bool active = m_controller->isActive();
    m_compareWith->setVisible(!active);
    if (!active) {
        m_title->setText(tr("Compare the active document with another embedding file of the "
                            "same words: File > Compare With…"));
        m_counts->clear();
    } else {
        m_title->setText(tr("<b>A</b> %1 &nbsp;⇄&nbsp; <b>B</b> %2")
                             .arg(m_controller->documentA()->displayName().toHtmlEscaped(),
                                  m_controller->documentB()->displayName().toHtmlEscaped()));
    }
    if (active && !result) m_counts->setText(tr("Comparing…"));
    if (result) {
        const QLocale locale;
        const vecspace::SharedVocabulary& v = result->vocabulary;
        QString text =
            tr("%1 shared · %2 only in A · %3 only in B")
                .arg(locale.toString(qulonglong(v.sharedTotal)),
                     locale.toString(qulonglong(v.onlyA)), locale.toString(qulonglong(v.onlyB)));
        text += tr("\nJaccard at k %1: mean %2, median %3")
                    .arg(result->k)
                    .arg(number(result->meanJaccard), number(result->medianJaccard));
        if (const auto& a = result->alignment)
            text += a->method == vecspace::AlignmentMethod::Procrustes
                        ? tr("\nProcrustes rotation on %1 anchors, residual %2")
                              .arg(locale.toString(qulonglong(a->anchors)), number(a->residual, 4))
                        : tr("\nLinear map %1 → %2 dims (dimensions differ) on %3 anchors, "
                             "residual %4")
                              .arg(result->dimsB)
                              .arg(result->dimsA)
                              .arg(locale.toString(qulonglong(a->anchors)), number(a->residual, 4));
        else if (!result->hasDisplacement())
            text += tr("\nNot aligned, and the dimensions differ: no displacement");
        m_counts->setText(text);
        m_histogram->setOverlap(result->overlap);
    } else {
        m_histogram->setOverlap({});
    }
    m_colorBar->setLegend(m_controller->legend());
    m_colorBar->setVisible(result &&
                           m_controller->settings().colorBy != CompareSettings::ColorBy::None);
    showRanked();
    showChanges(m_controller->focusPair());
}

void ComparePanel::showRanked() {
    m_ranked->clear();
    const auto& result = m_controller->comparison();
    if (!result) return;
    const bool most = m_rankOrder->currentIndex() == 0;
    const std::vector<std::size_t> pairs = most ? vecspace::mostChanged(*result, kRankedRows)
                                                : vecspace::leastChanged(*result, kRankedRows);
    for (std::size_t pair : pairs) {
        auto* item = new QTreeWidgetItem(
            m_ranked,
            {QString::fromStdString(result->labels[pair]), number(result->jaccard[pair]),
             result->hasDisplacement() ? number(result->displacement[pair]) : QStringLiteral("—")});
        item->setData(0, kPairRole, qlonglong(pair));
    }
}

QTreeWidgetItem* ComparePanel::changeGroup(const QString& title, std::size_t count) {
    auto* group = new QTreeWidgetItem(m_changes, {tr("%1 (%2)").arg(title).arg(count)});
    QFont font = group->font(0);
    font.setBold(true);
    group->setFont(0, font);
    group->setFirstColumnSpanned(true);
    return group;
}

void ComparePanel::showChanges(long pair) {
    m_changes->clear();
    const auto& result = m_controller->comparison();
    if (!result || pair < 0 || pair >= long(result->size())) {
        m_focusTitle->setText(tr("Select a shared label to see its neighbours in both files."));
        return;
    }
    const vecspace::LabelChanges changes = vecspace::neighborChanges(*result, std::size_t(pair));
    m_focusTitle->setText(
        tr("<b>%1</b>: Jaccard %2%3")
            .arg(QString::fromStdString(result->labels[std::size_t(pair)]).toHtmlEscaped(),
                 number(result->jaccard[std::size_t(pair)]),
                 result->hasDisplacement()
                     ? tr(", moved %1").arg(number(result->displacement[std::size_t(pair)]))
                     : QString()));
    const std::pair<QString, const std::vector<vecspace::NeighborChange>*> groups[] = {
        {tr("Kept"), &changes.kept},
        {tr("Gained in B"), &changes.gained},
        {tr("Lost from A"), &changes.lost}};
    for (const auto& [title, list] : groups) {
        QTreeWidgetItem* group = changeGroup(title, list->size());
        for (const vecspace::NeighborChange& n : *list) {
            auto* item = new QTreeWidgetItem(group, {QString::fromStdString(result->labels[n.pair]),
                                                     number(n.similarityA), number(n.similarityB)});
            item->setData(0, kPairRole, qlonglong(n.pair));
        }
        group->setExpanded(true);
    }
}
