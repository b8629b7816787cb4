// How a comparison shows: colours, the joint document and its lines, the second view.
#include "compare_controller.h"
#include "dataset.h"
#include "notifier.h"
#include "point_view.h"
#include "view_controls.h"
#include "workspace.h"

#include <QColor>
#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr std::size_t kPartnerLabels = 500; // as many as the main view's overview labels

QColor viridisColor(double t) {
    const vecspace::Rgb8 c = vecspace::viridis(t);
    return QColor(c.r, c.g, c.b);
}

std::string number(float value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", double(value));
    return buf;
}

} // namespace

std::vector<double> CompareController::valuesFor(const Dataset* document) const {
    const auto& c = *m_result;
    const bool jaccard = m_settings.colorBy == CompareSettings::ColorBy::Jaccard;
    std::vector<double> values(document->rows(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t pair = 0; pair < c.size(); ++pair) {
        const double value = jaccard               ? double(c.jaccard[pair])
                             : c.hasDisplacement() ? double(c.displacement[pair])
                                                   : std::numeric_limits<double>::quiet_NaN();
        if (document == m_a)
            values[c.vocabulary.rowsA[pair]] = value;
        else if (document == m_b)
            values[c.vocabulary.rowsB[pair]] = value;
        else
            values[pair] = values[pair + c.size()] = value; // the joint document: A's, then B's
    }
    return values;
}

void CompareController::applyColors() {
    if (!m_result) return;
    m_legend = {};
    const bool none = m_settings.colorBy == CompareSettings::ColorBy::None ||
                      (m_settings.colorBy == CompareSettings::ColorBy::Displacement &&
                       !m_result->hasDisplacement());
    vecspace::ColorOptions options;
    options.theme = m_parts.viewControls && m_parts.viewControls->isDarkTheme()
                        ? vecspace::ColorTheme::Dark
                        : vecspace::ColorTheme::Light;
    options.scale = vecspace::GradientScale::Linear;
    for (Dataset* document : {m_a.data(), m_b.data(), m_joint.data()}) {
        if (!document) continue;
        if (none) {
            document->setColors({});
            continue;
        }
        const std::vector<double> values = valuesFor(document);
        vecspace::PointColors colors = vecspace::colorByNumber(values, options);
        if (document == m_a) m_legend = colors.legend;
        document->setColors(std::move(colors));
    }
    emit legendChanged();
}

void CompareController::applyView() {
    if (!m_result) return;
    if (m_settings.view == CompareSettings::View::Joint) {
        ensureJoint();
        if (m_joint) m_parts.workspace->setActive(m_joint);
    } else if (m_parts.workspace->active() == m_joint || !partnerOf(m_parts.workspace->active())) {
        m_parts.workspace->setActive(m_a);
    }
    updateSecondView();
}

// A and aligned B in one set, so that one layout (PCA, t-SNE or UMAP of the union) places both:
// rows 0..n-1 are A's shared labels, rows n..2n-1 the same labels in B (named "label [B]").
void CompareController::ensureJoint() {
    if (m_joint || !m_result) return;
    const vecspace::Comparison& c = *m_result;
    const vecspace::RowMatrix* b = c.alignment          ? &c.alignment->alignedB
                                   : c.dimsA == c.dimsB ? &c.unitB
                                                        : nullptr;
    if (!b) {
        m_parts.notifier->status(
            tr("The joint view needs B aligned onto A: the dimensions differ (%1 and %2). Turn on "
               "Align.")
                .arg(c.dimsA)
                .arg(c.dimsB),
            10000);
        m_settings.view = CompareSettings::View::SideBySide;
        return;
    }
    const auto n = Eigen::Index(c.size());
    auto set = std::make_shared<vecspace::EmbeddingSet>();
    vecspace::RowMatrix both(2 * n, Eigen::Index(c.dimsA));
    both.topRows(n) = c.unitA;
    both.bottomRows(n) = *b;
    set->vectors = std::move(both);
    set->labels = c.labels;
    for (const std::string& label : c.labels)
        set->labels.push_back(label + " [B]");
    vecspace::MetadataColumn file{"file", {}}, jaccard{"jaccard", {}}, moved{"displacement", {}};
    for (int side = 0; side < 2; ++side)
        for (std::size_t pair = 0; pair < c.size(); ++pair) {
            file.values.push_back((side == 0 ? m_a : m_b)->displayName().toStdString());
            jaccard.values.push_back(number(c.jaccard[pair]));
            moved.values.push_back(c.hasDisplacement() ? number(c.displacement[pair]) : "");
        }
    set->metadata = {std::move(file), std::move(jaccard), std::move(moved)};
    Dataset::Source source;
    source.title = tr("%1 + %2 (joint)").arg(m_a->displayName(), m_b->displayName());
    auto* joint = new Dataset(std::move(set), source);
    m_joint = joint;
    link(joint);
    m_parts.workspace->add(joint, false);
    // The new document's overview layout arrives later; its lines follow the rows meanwhile.
    updateJointLines();
    applyColors();
}

namespace {
constexpr int kLineAlpha = 120;
} // namespace

void CompareController::updateJointLines() {
    if (!m_joint || !m_result) return;
    const vecspace::Comparison& c = *m_result;
    LineSet lines;
    lines.name = QStringLiteral("displacement");
    lines.arrows = false;
    lines.width = 1.0f;
    float largest = 0;
    if (c.hasDisplacement())
        largest = *std::max_element(c.displacement.begin(), c.displacement.end());
    const int n = int(c.size());
    for (int pair = 0; pair < n; ++pair) {
        const float moved = c.hasDisplacement() ? c.displacement[std::size_t(pair)] : 0.0f;
        if (c.jaccard[std::size_t(pair)] > m_settings.maxJaccard + 1e-9 ||
            moved < m_settings.minDisplacement - 1e-9)
            continue;
        LineSegment segment{LineEnd::atRow(pair), LineEnd::atRow(pair + n), {}};
        segment.color = viridisColor(largest > 0 ? moved / largest : 0.5);
        // Half transparent: thousands of crossing lines read as density, the points show.
        segment.color.setAlpha(kLineAlpha);
        lines.segments.push_back(segment);
    }
    m_joint->setLineSet(std::move(lines));
}

void CompareController::updateSecondView() {
    Dataset* active = m_parts.workspace->active();
    Dataset* partner =
        m_settings.view == CompareSettings::View::SideBySide ? partnerOf(active) : nullptr;
    // Labelled as the main view labels a document it shows: its first (most frequent) rows.
    if (partner && partner->labeledRows().empty()) {
        std::vector<int> rows(std::min<std::size_t>(partner->rows(), kPartnerLabels));
        for (std::size_t i = 0; i < rows.size(); ++i)
            rows[i] = int(i);
        partner->setLabeledRows(std::move(rows));
    }
    m_second->setDocument(partner);
    m_second->setVisible(partner != nullptr);
    if (partner && m_settings.linkCameras && m_parts.view->document() == active) {
        m_cameraSyncing = true;
        m_second->setCameraPose(m_parts.view->camera().pose());
        m_cameraSyncing = false;
    }
}
