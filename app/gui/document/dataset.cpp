#include "dataset.h"

#include "task_runner.h"
#include "vecspace/semantic/similarity_index.h"

#include <QFileInfo>
#include <algorithm>

Dataset::Dataset(std::shared_ptr<const vecspace::EmbeddingSet> set, Source source, QObject* parent)
    : QObject(parent), m_set(std::move(set)), m_source(std::move(source)) {
    m_source.options.progress = nullptr;
    m_displayName = fileName();
}

Dataset::~Dataset() = default;

QString Dataset::fileName() const {
    return isDerived() ? m_source.title : QFileInfo(m_source.path).fileName();
}

void Dataset::setDisplayName(const QString& name) {
    m_displayName = name;
}

void Dataset::requestSimilarityIndex(TaskRunner* tasks) {
    if (m_index || m_indexRequested) return;
    m_indexRequested = true;
    TaskOptions options;
    options.title = tr("Indexing %1").arg(displayName());
    options.cancellable = false;
    tasks->start(
        options, this,
        [set = m_set](TaskContext&) {
            // The index refers to the set: its deleter keeps the set alive as long as the index.
            return std::shared_ptr<const vecspace::SimilarityIndex>(
                new vecspace::SimilarityIndex(*set),
                [set](const vecspace::SimilarityIndex* index) { delete index; });
        },
        [this](std::shared_ptr<const vecspace::SimilarityIndex> index) {
            m_index = std::move(index);
            emit similarityIndexReady();
        },
        [this](const TaskEnd&) { m_indexRequested = false; }); // asked again, it tries again
}

void Dataset::setLayout(std::vector<float> xyz, int dims, const QString& method,
                        const QJsonObject& parameters, bool fromRun, const LayoutChange& change) {
    setLayout(std::make_shared<const std::vector<float>>(std::move(xyz)), dims, method, parameters,
              fromRun, change);
}

void Dataset::setLayout(std::shared_ptr<const std::vector<float>> xyz, int dims,
                        const QString& method, const QJsonObject& parameters, bool fromRun,
                        const LayoutChange& change) {
    m_layout.xyz = std::move(xyz);
    m_layout.dims = dims;
    m_layout.method = method;
    m_layout.parameters = parameters;
    m_layout.fromRun = fromRun;
    ++m_layout.version;
    emit layoutChanged(change);
}

vecspace::RowMatrix Dataset::layoutMatrix(int dims) const {
    vecspace::RowMatrix matrix(Eigen::Index(rows()), dims);
    if (!m_layout.xyz) return vecspace::RowMatrix(0, dims);
    const std::vector<float>& xyz = *m_layout.xyz;
    for (Eigen::Index r = 0; r < matrix.rows(); ++r)
        for (int d = 0; d < dims; ++d)
            matrix(r, d) = xyz[std::size_t(r) * 3 + std::size_t(d)];
    return matrix;
}

void Dataset::setColors(vecspace::PointColors colors) {
    m_colors = std::move(colors);
    emit colorsChanged();
}

std::vector<int> Dataset::sanitized(std::vector<int> rows) const {
    const int n = int(this->rows());
    rows.erase(std::remove_if(rows.begin(), rows.end(), [n](int r) { return r < 0 || r >= n; }),
               rows.end());
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

void Dataset::setSelection(std::vector<int> rows) {
    rows = sanitized(std::move(rows));
    if (rows == m_selection) return;
    m_selection = std::move(rows);
    emit selectionChanged();
}

void Dataset::setHidden(std::vector<int> rows) {
    rows = sanitized(std::move(rows));
    if (rows == m_hidden) return;
    m_hidden = std::move(rows);
    emit hiddenChanged();
}

void Dataset::setHighlighted(std::vector<int> rows) {
    rows = sanitized(std::move(rows));
    if (rows == m_highlighted) return;
    m_highlighted = std::move(rows);
    emit highlightChanged();
}

void Dataset::setLabeledRows(std::vector<int> rows) {
    if (rows == m_labeledRows) return;
    m_labeledRows = std::move(rows);
    emit labelsChanged();
}

void Dataset::setPinnedLabels(std::vector<int> rows) {
    if (rows == m_pinnedLabels) return;
    m_pinnedLabels = std::move(rows);
    emit labelsChanged();
}

void Dataset::setFocusLabels(std::vector<int> rows) {
    if (rows == m_focusLabels) return;
    m_focusLabels = std::move(rows);
    emit labelsChanged();
}

void Dataset::setNeighborhood(Neighborhood neighborhood) {
    m_neighborhood = std::move(neighborhood);
    emit neighborhoodChanged();
}

bool Dataset::setLabelColumn(const QString& column) {
    if (!column.isEmpty()) {
        const std::string name = column.toStdString();
        const auto& columns = m_set->metadata;
        if (std::none_of(columns.begin(), columns.end(),
                         [&](const auto& c) { return c.name == name; }))
            return false;
    }
    if (column == m_labelColumn) return true;
    m_labelColumn = column;
    emit labelColumnChanged();
    return true;
}

std::shared_ptr<const std::vector<std::string>> Dataset::labelTexts() const {
    // Aliases into the set, so the texts live exactly as long as the set does.
    const std::string name = m_labelColumn.toStdString();
    for (const auto& column : m_set->metadata)
        if (!m_labelColumn.isEmpty() && column.name == name)
            return std::shared_ptr<const std::vector<std::string>>(m_set, &column.values);
    return std::shared_ptr<const std::vector<std::string>>(m_set, &m_set->labels);
}

QString Dataset::labelText(std::size_t row) const {
    const auto texts = labelTexts();
    return row < texts->size() ? QString::fromStdString((*texts)[row]) : QString();
}

void Dataset::setInspectedRow(long row) {
    if (row < 0 || std::size_t(row) >= rows()) row = -1;
    if (row == m_inspectedRow) return;
    m_inspectedRow = row;
    emit inspectedRowChanged(row);
}

void Dataset::setLineSet(LineSet set) {
    const auto it = std::find_if(m_lineSets.begin(), m_lineSets.end(),
                                 [&](const LineSet& s) { return s.name == set.name; });
    if (it != m_lineSets.end())
        *it = std::move(set);
    else
        m_lineSets.push_back(std::move(set));
    emit linesChanged();
}

void Dataset::removeLineSet(const QString& name) {
    const auto it = std::find_if(m_lineSets.begin(), m_lineSets.end(),
                                 [&](const LineSet& s) { return s.name == name; });
    if (it == m_lineSets.end()) return;
    m_lineSets.erase(it);
    emit linesChanged();
}

void Dataset::setBookmarks(std::vector<Bookmark> bookmarks) {
    m_bookmarks = std::move(bookmarks);
    emit bookmarksChanged();
}
