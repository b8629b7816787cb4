#include "neighborhood_controller.h"

#include "dataset.h"
#include "task_runner.h"

#include <algorithm>
#include <utility>

namespace {
const QString kGroup = QStringLiteral("neighborhood");
}

NeighborhoodController::NeighborhoodController(TaskRunner* tasks, QObject* parent)
    : QObject(parent), m_tasks(tasks) {
    connect(this, &NeighborhoodController::neighborhoodReady, this, [this] {
        for (const auto& then : std::exchange(m_waiting, {}))
            then();
    });
}

void NeighborhoodController::whenReady(std::function<void()> then) {
    if (m_pending)
        m_waiting.push_back(std::move(then));
    else
        then();
}

void NeighborhoodController::setDocument(Dataset* document) {
    if (document == m_document) return;
    if (m_document) disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_tasks->cancelGroup(kGroup);
    m_pending = false;
    m_waiting.clear();
    if (!document) return;
    connect(document, &Dataset::selectionChanged, this, &NeighborhoodController::update);
    connect(document, &Dataset::similarityIndexReady, this, &NeighborhoodController::update);
    update();
}

void NeighborhoodController::setK(int k) {
    k = std::clamp(k, 1, kMaxK);
    if (k == m_k) return;
    m_k = k;
    emit kChanged(k);
    update();
}

void NeighborhoodController::setMetric(vecspace::Metric metric) {
    if (metric == m_metric) return;
    m_metric = metric;
    update();
}

void NeighborhoodController::setEnabled(bool on) {
    if (on == m_enabled) return;
    m_enabled = on;
    emit enabledChanged(on);
    update();
}

void NeighborhoodController::setLineColor(const QColor& color) {
    m_lineColor = color;
    if (m_document && !m_document->neighborhood().centers.empty()) update();
}

void NeighborhoodController::clear(Dataset* document) {
    if (!document->neighborhood().centers.empty() || !document->neighborhood().rows.empty())
        document->setNeighborhood({});
    document->removeLineSet(kLineSet);
}

void NeighborhoodController::update() {
    Dataset* document = m_document;
    if (!document) return;
    m_tasks->cancelGroup(kGroup);
    const std::vector<int>& selection = document->selection();
    if (!m_enabled || selection.empty()) {
        m_pending = false;
        clear(document);
        emit neighborhoodReady();
        return;
    }
    const auto index = document->similarityIndex();
    m_pending = true;
    if (!index) {
        // Searched once the index is built (similarityIndexReady); until then the selection is
        // lit alone rather than with another selection's neighbours.
        clear(document);
        document->requestSimilarityIndex(m_tasks);
        return;
    }
    std::vector<int> centers(selection.begin(),
                             selection.begin() +
                                 std::ptrdiff_t(std::min(kMaxCenters, selection.size())));
    // Another selection's neighbours must not stay lit while these are searched (a new k for
    // the same selection keeps the old ones until the new ones come, without a flicker).
    if (document->neighborhood().centers != centers) clear(document);
    vecspace::NeighborOptions options;
    options.k = std::size_t(m_k);
    options.metric = m_metric;
    TaskOptions task;
    task.title = tr("Neighbours of the selection");
    task.group = kGroup;
    task.visible = false;
    m_tasks->start(
        task, document,
        [index, centers, options](TaskContext& context) {
            std::vector<std::vector<vecspace::Neighbor>> lists;
            for (int row : centers) {
                if (context.isCancelled()) break;
                lists.push_back(index->nearestToRow(std::size_t(row), options));
            }
            return lists;
        },
        [this, document, centers](std::vector<std::vector<vecspace::Neighbor>> lists) {
            apply(document, centers, std::move(lists));
        });
}

void NeighborhoodController::apply(Dataset* document, std::vector<int> centers,
                                   std::vector<std::vector<vecspace::Neighbor>> lists) {
    if (document != m_document || lists.size() != centers.size()) return;
    m_pending = false;
    Dataset::Neighborhood neighborhood;
    neighborhood.k = m_k;
    LineSet lines;
    lines.name = kLineSet;
    lines.color = m_lineColor;
    lines.color.setAlpha(170);
    lines.width = 1.0f;
    lines.arrows = false;
    std::vector<char> isCenter(document->rows(), 0);
    for (int row : document->selection())
        isCenter[std::size_t(row)] = 1;
    for (std::size_t i = 0; i < centers.size(); ++i)
        for (const vecspace::Neighbor& n : lists[i]) {
            const int row = int(n.row);
            neighborhood.links.emplace_back(centers[i], row);
            lines.segments.push_back({LineEnd::atRow(centers[i]), LineEnd::atRow(row), {}});
            if (!isCenter[n.row]) neighborhood.rows.push_back(row);
        }
    std::sort(neighborhood.rows.begin(), neighborhood.rows.end());
    neighborhood.rows.erase(std::unique(neighborhood.rows.begin(), neighborhood.rows.end()),
                            neighborhood.rows.end());
    neighborhood.centers = std::move(centers);
    document->setNeighborhood(std::move(neighborhood));
    document->setLineSet(std::move(lines));
    emit neighborhoodReady();
}
