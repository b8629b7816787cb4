#include "vecspace/layout/point_index.h"

#include "base/progress_throttle.h"
#include "layout/kd_geometry.h"
#include "layout/kd_search.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

using kd::Candidate;
using kd::KnnSearch;

constexpr std::size_t kChunk = 2048; // queries per parallel task

struct Item {
    float c[3];
    std::uint32_t row;
};

// Median split on the widest side of the box, recursively; returns the node's id.
std::uint32_t buildTree(std::vector<PointIndex::Node>& nodes, Item* items, std::size_t begin,
                        std::size_t end, std::size_t leafSize, int dims) {
    const auto id = static_cast<std::uint32_t>(nodes.size());
    nodes.emplace_back();
    PointIndex::Node node;
    node.begin = static_cast<std::uint32_t>(begin);
    node.end = static_cast<std::uint32_t>(end);
    for (int d = 0; d < 3; ++d) {
        node.lo[d] = items[begin].c[d];
        node.hi[d] = items[begin].c[d];
    }
    for (std::size_t i = begin + 1; i < end; ++i)
        for (int d = 0; d < dims; ++d) {
            node.lo[d] = std::min(node.lo[d], items[i].c[d]);
            node.hi[d] = std::max(node.hi[d], items[i].c[d]);
        }
    if (end - begin > leafSize) {
        int axis = 0;
        for (int d = 1; d < dims; ++d)
            if (node.hi[d] - node.lo[d] > node.hi[axis] - node.lo[axis]) axis = d;
        // Median by (coordinate, row): a total order, so the tree depends only on the data.
        const std::size_t middle = begin + (end - begin) / 2;
        std::nth_element(
            items + begin, items + middle, items + end, [axis](const Item& a, const Item& b) {
                return a.c[axis] < b.c[axis] || (a.c[axis] == b.c[axis] && a.row < b.row);
            });
        node.left = buildTree(nodes, items, begin, middle, leafSize, dims);
        node.right = buildTree(nodes, items, middle, end, leafSize, dims);
    }
    nodes[id] = node;
    return id;
}

template <int D>
void collectWithin(const PointIndex& index, const double* q, double r2,
                   std::vector<Candidate>& out) {
    kd::forEachWithin<D>(index, 0, q, r2, [&](std::uint32_t p, double d2) {
        out.push_back({d2, index.order()[p]});
    });
}

template <int D>
void countWithin(const PointIndex& index, std::uint32_t n, const double* q, double r2,
                 std::size_t limit, std::size_t& count) {
    if (count >= limit) return;
    const PointIndex::Node& node = index.nodes()[n];
    if (kd::boxDistance<D>(node, q) > r2) return;
    if (kd::boxFarthest<D>(node, q) <= r2) {
        count += node.end - node.begin;
        return;
    }
    if (node.leaf()) {
        for (std::uint32_t p = node.begin; p < node.end && count < limit; ++p)
            count += kd::squaredDistance<D>(index.point(p), q) <= r2;
        return;
    }
    countWithin<D>(index, node.left, q, r2, limit, count);
    countWithin<D>(index, node.right, q, r2, limit, count);
}

// Squared distance from a point to the ray o + t * u (t >= 0, u unit length).
template <int D> double rayDistance(const double* p, const double* o, const double* u) {
    double t = 0;
    for (int d = 0; d < D; ++d)
        t += (p[d] - o[d]) * u[d];
    t = std::max(0.0, t);
    double sum = 0;
    for (int d = 0; d < D; ++d) {
        const double diff = p[d] - (o[d] + t * u[d]);
        sum += diff * diff;
    }
    return sum;
}

template <int D>
void nearestRay(const PointIndex& index, std::uint32_t n, const double* o, const double* u,
                Candidate& best) {
    const PointIndex::Node& node = index.nodes()[n];
    if (node.leaf()) {
        for (std::uint32_t p = node.begin; p < node.end; ++p) {
            double pd[D];
            kd::toDouble<D>(index.point(p), pd);
            const Candidate c{rayDistance<D>(pd, o, u), index.order()[p]};
            if (c < best) best = c;
        }
        return;
    }
    // The distance to a ray is 1-Lipschitz in the point, so the distance from the box's centre
    // less the box's half diagonal bounds the distance of every point inside from below.
    auto bound = [&](std::uint32_t child) {
        const PointIndex::Node& c = index.nodes()[child];
        double centre[D], half = 0;
        for (int d = 0; d < D; ++d) {
            centre[d] = (static_cast<double>(c.lo[d]) + c.hi[d]) / 2;
            const double h = (static_cast<double>(c.hi[d]) - c.lo[d]) / 2;
            half += h * h;
        }
        const double gap = std::sqrt(rayDistance<D>(centre, o, u)) - std::sqrt(half);
        return gap > 0 ? gap * gap : 0.0;
    };
    std::uint32_t first = node.left, second = node.right;
    double bFirst = bound(first), bSecond = bound(second);
    if (bSecond < bFirst) {
        std::swap(first, second);
        std::swap(bFirst, bSecond);
    }
    // A bound carries rounding error of its own, so only a clear margin prunes.
    if (bFirst <= best.distance2 * (1 + 1e-9)) nearestRay<D>(index, first, o, u, best);
    if (bSecond <= best.distance2 * (1 + 1e-9)) nearestRay<D>(index, second, o, u, best);
}

// Query i is the point at tree position positionOf(i); its answer goes to graph row slotOf(i).
template <int D, typename PositionOf, typename SlotOf>
KnnGraph knnOf(const PointIndex& index, std::size_t queries, std::size_t k, PositionOf positionOf,
               SlotOf slotOf, unsigned threads, const ProgressFn& progress) {
    // Asked once up front, so that a stop is honoured even when the work is over in one go.
    ProgressThrottle(progress).force(0.0);
    KnnGraph graph;
    graph.rows = queries;
    graph.k = k;
    graph.method = KnnMethod::Exact;
    graph.indices.resize(queries * k);
    graph.distances.resize(queries * k);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallel.progress = progress;
    parallelFor((queries + kChunk - 1) / kChunk,
                [&](std::size_t chunk) {
                    KnnSearch<D> search(index, k);
                    const std::size_t end = std::min(queries, (chunk + 1) * kChunk);
                    for (std::size_t i = chunk * kChunk; i < end; ++i) {
                        const std::uint32_t position = positionOf(i);
                        double q[D];
                        kd::toDouble<D>(index.point(position), q);
                        const auto& found = search.run(q, index.order()[position]);
                        const std::size_t slot = slotOf(i);
                        for (std::size_t j = 0; j < k; ++j) {
                            graph.indices[slot * k + j] = found[j].row;
                            graph.distances[slot * k + j] =
                                static_cast<float>(std::sqrt(found[j].distance2));
                        }
                    }
                },
                parallel);
    return graph;
}

std::vector<PointHit> toHits(std::vector<Candidate>& found) {
    std::sort(found.begin(), found.end());
    std::vector<PointHit> hits;
    hits.reserve(found.size());
    for (const Candidate& c : found)
        hits.push_back({c.row, static_cast<float>(std::sqrt(c.distance2))});
    return hits;
}

} // namespace

PointIndex::PointIndex(const RowMatrix& points, std::size_t leafSize) {
    if (points.cols() != 2 && points.cols() != 3)
        throw std::invalid_argument("point index: points need 2 or 3 columns, got " +
                                    std::to_string(points.cols()));
    if (static_cast<std::uint64_t>(points.rows()) >= kNone)
        throw std::invalid_argument("point index: more than 2^32 - 2 points");
    if (!points.allFinite())
        throw std::invalid_argument("point index: coordinates must be finite numbers");
    m_dims = static_cast<int>(points.cols());
    const std::size_t n = static_cast<std::size_t>(points.rows());
    std::vector<Item> items(n);
    for (std::size_t i = 0; i < n; ++i) {
        items[i] = {{0, 0, 0}, static_cast<std::uint32_t>(i)};
        for (int d = 0; d < m_dims; ++d)
            items[i].c[d] = points(static_cast<Eigen::Index>(i), d);
    }
    if (n > 0) {
        m_nodes.reserve(2 * (n / std::max<std::size_t>(1, leafSize)) + 1);
        buildTree(m_nodes, items.data(), 0, n, std::max<std::size_t>(1, leafSize), m_dims);
    }
    m_order.resize(n);
    m_points.resize(n * static_cast<std::size_t>(m_dims));
    for (std::size_t p = 0; p < n; ++p) {
        m_order[p] = items[p].row;
        for (int d = 0; d < m_dims; ++d)
            m_points[p * static_cast<std::size_t>(m_dims) + static_cast<std::size_t>(d)] =
                items[p].c[d];
    }
    m_positionOfRow.resize(n);
    for (std::size_t p = 0; p < n; ++p)
        m_positionOfRow[m_order[p]] = static_cast<std::uint32_t>(p);
}

std::vector<PointHit> PointIndex::nearest(std::span<const float> position, std::size_t k,
                                          std::uint32_t exclude) const {
    if (position.size() != static_cast<std::size_t>(m_dims))
        throw std::invalid_argument("point index: query has the wrong number of coordinates");
    double q[3] = {position[0], position[1], m_dims == 3 ? position[2] : 0.0};
    std::vector<Candidate> found;
    if (m_dims == 2)
        found = KnnSearch<2>(*this, k).run(q, exclude);
    else
        found = KnnSearch<3>(*this, k).run(q, exclude);
    return toHits(found);
}

std::vector<PointHit> PointIndex::nearestToRow(std::size_t row, std::size_t k) const {
    if (row >= size()) throw std::out_of_range("point index: row out of range");
    const float* p = point(m_positionOfRow[row]);
    return nearest({p, static_cast<std::size_t>(m_dims)}, k, static_cast<std::uint32_t>(row));
}

PointHit PointIndex::nearestPoint(std::span<const float> position) const {
    if (size() == 0) throw std::logic_error("point index: no points");
    return nearest(position, 1).front();
}

PointHit PointIndex::nearestToRay(std::span<const float> origin,
                                  std::span<const float> direction) const {
    if (origin.size() != static_cast<std::size_t>(m_dims) ||
        direction.size() != static_cast<std::size_t>(m_dims))
        throw std::invalid_argument("point index: ray has the wrong number of coordinates");
    if (size() == 0) throw std::logic_error("point index: no points");
    double o[3] = {0, 0, 0}, u[3] = {0, 0, 0}, length = 0;
    for (int d = 0; d < m_dims; ++d) {
        o[d] = origin[static_cast<std::size_t>(d)];
        u[d] = direction[static_cast<std::size_t>(d)];
        length += u[d] * u[d];
    }
    if (!(length > 0) || !std::isfinite(length))
        throw std::invalid_argument("point index: the ray needs a finite, non-zero direction");
    for (double& c : u)
        c /= std::sqrt(length);
    Candidate best{std::numeric_limits<double>::infinity(), kNone};
    if (m_dims == 2)
        nearestRay<2>(*this, 0, o, u, best);
    else
        nearestRay<3>(*this, 0, o, u, best);
    return {best.row, static_cast<float>(std::sqrt(best.distance2))};
}

std::vector<PointHit> PointIndex::withinRadius(std::span<const float> position,
                                               double radius) const {
    if (position.size() != static_cast<std::size_t>(m_dims))
        throw std::invalid_argument("point index: query has the wrong number of coordinates");
    std::vector<Candidate> found;
    if (size() == 0 || !(radius >= 0)) return {};
    const double q[3] = {position[0], position[1], m_dims == 3 ? position[2] : 0.0};
    const double r2 = radius * radius;
    if (m_dims == 2)
        collectWithin<2>(*this, q, r2, found);
    else
        collectWithin<3>(*this, q, r2, found);
    return toHits(found);
}

std::size_t PointIndex::countWithinRadius(std::span<const float> position, double radius,
                                          std::size_t limit) const {
    if (position.size() != static_cast<std::size_t>(m_dims))
        throw std::invalid_argument("point index: query has the wrong number of coordinates");
    std::size_t count = 0;
    if (size() == 0 || !(radius >= 0)) return 0;
    const double q[3] = {position[0], position[1], m_dims == 3 ? position[2] : 0.0};
    const double r2 = radius * radius;
    if (m_dims == 2)
        countWithin<2>(*this, 0, q, r2, limit, count);
    else
        countWithin<3>(*this, 0, q, r2, limit, count);
    return std::min(count, limit);
}

KnnGraph PointIndex::knnGraph(std::size_t k, unsigned threads, const ProgressFn& progress) const {
    if (k == 0 || k >= size())
        throw std::invalid_argument("point index: k must be between 1 and points - 1, got " +
                                    std::to_string(k));
    // Queries in tree order, so that neighbouring queries walk the same nodes; answers by row.
    auto position = [](std::size_t i) { return static_cast<std::uint32_t>(i); };
    auto row = [this](std::size_t i) { return static_cast<std::size_t>(m_order[i]); };
    return m_dims == 2 ? knnOf<2>(*this, size(), k, position, row, threads, progress)
                       : knnOf<3>(*this, size(), k, position, row, threads, progress);
}

KnnGraph PointIndex::knnOfRows(std::span<const std::size_t> rows, std::size_t k, unsigned threads,
                               const ProgressFn& progress) const {
    if (k == 0 || k >= size())
        throw std::invalid_argument("point index: k must be between 1 and points - 1, got " +
                                    std::to_string(k));
    for (std::size_t row : rows)
        if (row >= size()) throw std::out_of_range("point index: row out of range");
    auto position = [&](std::size_t i) { return m_positionOfRow[rows[i]]; };
    auto slot = [](std::size_t i) { return i; };
    return m_dims == 2 ? knnOf<2>(*this, rows.size(), k, position, slot, threads, progress)
                       : knnOf<3>(*this, rows.size(), k, position, slot, threads, progress);
}

} // namespace vecspace
