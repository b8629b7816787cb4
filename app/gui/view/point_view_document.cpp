// PointView bound to a document: what it shows follows the document's change signals, and its
// camera is kept with the document while another one is shown.
#include "dataset.h"
#include "point_view.h"

#include <algorithm>
#include <utility>

Dataset* PointView::document() const {
    return m_document;
}

namespace {

// "PCA · 3D", "t-SNE · 2D", "UMAP · 3D": the method and the layout's own dimensions.
QString layoutCaption(const Dataset::Layout& layout) {
    const QString method = layout.method == QLatin1String("tsne")   ? QStringLiteral("t-SNE")
                           : layout.method == QLatin1String("umap") ? QStringLiteral("UMAP")
                           : layout.method == QLatin1String("pca")  ? QStringLiteral("PCA")
                                                                    : layout.method;
    return QStringLiteral("%1 · %2D").arg(method).arg(layout.dims);
}

} // namespace

void PointView::setDocument(Dataset* document) {
    if (document == m_document) return;
    if (m_document) {
        disconnect(m_document, nullptr, this, nullptr);
        if (m_document->hasLayout()) {
            m_document->camera = m_camera.pose();
            m_document->twoD = m_camera.is2D();
        }
    }
    m_document = document;
    if (!document) {
        clear();
        m_cloud.labels.reset();
        setLineSets({});
        return;
    }
    connect(document, &Dataset::layoutChanged, this, &PointView::showDocumentLayout);
    connect(document, &Dataset::colorsChanged, this, [this] {
        const auto& rgb = m_document->colors().rgb;
        if (rgb.empty() || rgb.size() == std::size_t(m_cloud.size()) * 3) setColors(rgb);
    });
    connect(document, &Dataset::selectionChanged, this,
            [this] { applySelection(m_document->selection()); });
    connect(document, &Dataset::highlightChanged, this,
            [this] { applyHighlighted(m_document->highlighted()); });
    connect(document, &Dataset::hiddenChanged, this, [this] {
        applyHidden(m_document->hidden());
        update();
    });
    connect(document, &Dataset::labelsChanged, this, [this] {
        applyLabels();
        update();
    });
    connect(document, &Dataset::neighborhoodChanged, this, [this] {
        setNeighborRows(m_document->neighborhood().rows);
        const int row = std::exchange(m_frameWhenReady, -1);
        const auto& centers = m_document->neighborhood().centers;
        if (row >= 0 && std::find(centers.begin(), centers.end(), row) != centers.end())
            frameNeighborhood(row);
    });
    connect(document, &Dataset::labelColumnChanged, this, [this] {
        m_cloud.labels = m_document->labelTexts();
        update();
    });
    connect(document, &Dataset::linesChanged, this,
            [this] { setLineSets(m_document->lineSets()); });

    // The labels live as long as the set they belong to.
    m_cloud.labels = document->labelTexts();
    if (!document->hasLayout()) {
        m_caption.clear();
        clear();
        return;
    }
    m_caption = layoutCaption(document->layout());
    const std::optional<CameraPose> camera = document->camera;
    const bool twoD = document->twoD;
    setPositions(*document->layout().xyz, Transition{false, 0, !camera});
    applyDocumentState();
    set2DMode(twoD || document->layout().dims < 3);
    if (camera) setCameraPose(*camera); // after the 2D switch, which flies to its home pose
    emit layoutShown(document->layout().dims);
}

void PointView::showDocumentLayout(const LayoutChange& change) {
    const Dataset::Layout& layout = m_document->layout();
    m_caption = layoutCaption(layout);
    const bool sameRows = int(layout.xyz->size() / 3) == m_cloud.size();
    if (change.newRun) m_runStartCameraMoves = m_userCameraMoves;
    // A user who zoomed or orbited during a run keeps their view as the layout grows or ends;
    // only a new run, or another row count, frames the layout anew.
    const bool userMoved = !change.newRun && m_userCameraMoves != m_runStartCameraMoves;
    Transition transition;
    transition.animate = change.animate;
    transition.fitCamera = (change.fitCamera && !userMoved) || !sameRows;
    setPositions(*layout.xyz, transition);
    // Another row count drops the view's per-row state: the document has it all.
    if (!sameRows) applyDocumentState();
    // Only with a new run: a user who flattens a 3D run keeps that while it runs.
    if (change.newRun) set2DMode(layout.dims == 2);
    emit layoutShown(layout.dims);
}

void PointView::applyDocumentState() {
    const Dataset& document = *m_document;
    const auto& rgb = document.colors().rgb;
    setColors(rgb.size() == std::size_t(m_cloud.size()) * 3 ? rgb : std::vector<std::uint8_t>{});
    applySelection(document.selection());
    applyHighlighted(document.highlighted());
    applyHidden(document.hidden());
    setFlag(PointFlag::Neighbor, document.neighborhood().rows);
    applyLabels();
    m_lineLayer.setSets(document.lineSets());
    update();
}

void PointView::applyLabels() {
    m_labelLayer.setLabeledRows(m_document->labeledRows());
    m_labelLayer.setPinnedRows(m_document->pinnedLabels());
    m_labelLayer.setFocusRows(m_document->focusLabels());
}

void PointView::frameNeighborhood(int row) {
    if (row < 0 || row >= m_cloud.size()) return;
    if (!m_document) return flyTo(row);
    const Dataset::Neighborhood& neighborhood = m_document->neighborhood();
    std::vector<int> rows{row};
    for (const auto& [center, neighbor] : neighborhood.links)
        if (center == row) rows.push_back(neighbor);
    if (rows.size() == 1) m_frameWhenReady = row; // searched now: framed again when they come
    frameRows(rows);
}

void PointView::frameSelection() {
    std::vector<int> rows = m_selection;
    if (m_document) {
        const std::vector<int>& neighbors = m_document->neighborhood().rows;
        rows.insert(rows.end(), neighbors.begin(), neighbors.end());
    }
    if (rows.empty()) return resetView();
    frameRows(rows);
}
