// Core distances and the exact minimum spanning tree of the mutual reachability graph
// (Boruvka over the k-d tree), the expensive half of HDBSCAN.
#include "base/progress_throttle.h"
#include "layout/kd_search.h"
#include "vecspace/base/parallel.h"
#include "vecspace/cluster/hdbscan_tree.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

constexpr std::size_t kChunk = 1024;       // points per parallel task
constexpr std::size_t kSeedNeighbours = 8; // nearest neighbours whose edges seed each round
constexpr std::uint32_t kMixed = PointIndex::kNone;
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kSearchBase = 0.2; // progress: neighbours up to here, then Boruvka's rounds

// An edge as Boruvka ranks it: squared weight, then rows. Squared weights are exact functions
// of the float coordinates, so equal distances compare equal and the rows decide.
struct EdgeKey {
    double w2 = kInfinity;
    std::uint32_t lo = PointIndex::kNone, hi = PointIndex::kNone;
    bool operator<(const EdgeKey& o) const {
        if (w2 != o.w2) return w2 < o.w2;
        return lo != o.lo ? lo < o.lo : hi < o.hi;
    }
};

EdgeKey makeKey(double w2, std::uint32_t rowA, std::uint32_t rowB) {
    return {w2, std::min(rowA, rowB), std::max(rowA, rowB)};
}

// Non-negative doubles order like their bit patterns, so an atomic minimum is a CAS loop.
void atomicMin(std::atomic<std::uint64_t>& slot, double value) {
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(value);
    std::uint64_t seen = slot.load(std::memory_order_relaxed);
    while (bits < seen && !slot.compare_exchange_weak(seen, bits, std::memory_order_relaxed)) {
    }
}
double loadDouble(const std::atomic<std::uint64_t>& slot) {
    return std::bit_cast<double>(slot.load(std::memory_order_relaxed));
}

// Squared core distances and the first few neighbours of every point, by tree position.
struct Neighbourhoods {
    std::vector<double> core2;
    std::vector<std::uint32_t> neighbours; // positions, seedK per point
    std::size_t seedK = 0;
};

template <int D>
Neighbourhoods neighbourhoods(const PointIndex& index, std::size_t minSamples, std::size_t seedK,
                              unsigned threads, const ProgressFn& progress, double scale) {
    ProgressThrottle(progress).force(0.0); // a stop is honoured even when the work is short
    const std::size_t n = index.size();
    const std::size_t k = std::min(n - 1, std::max(minSamples - 1, seedK));
    Neighbourhoods out;
    out.core2.assign(n, 0.0);
    out.seedK = std::min(seedK, k);
    out.neighbours.resize(n * out.seedK);
    std::vector<std::uint32_t> positionOfRow(n);
    for (std::size_t p = 0; p < n; ++p)
        positionOfRow[index.order()[p]] = static_cast<std::uint32_t>(p);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallel.progress = progress;
    parallel.progressScale = scale;
    parallelFor((n + kChunk - 1) / kChunk,
                [&](std::size_t chunk) {
                    kd::KnnSearch<D> search(index, k);
                    for (std::size_t p = chunk * kChunk; p < std::min(n, (chunk + 1) * kChunk);
                         ++p) {
                        double q[D];
                        kd::toDouble<D>(index.point(p), q);
                        const auto& found = search.run(q, index.order()[p]);
                        if (minSamples >= 2) out.core2[p] = found[minSamples - 2].distance2;
                        for (std::size_t j = 0; j < out.seedK; ++j)
                            out.neighbours[p * out.seedK + j] = positionOfRow[found[j].row];
                    }
                },
                parallel);
    return out;
}

class UnionFind {
public:
    explicit UnionFind(std::size_t n) : m_parent(n) {
        for (std::size_t i = 0; i < n; ++i)
            m_parent[i] = static_cast<std::uint32_t>(i);
    }
    std::uint32_t find(std::uint32_t x) {
        while (m_parent[x] != x) {
            m_parent[x] = m_parent[m_parent[x]];
            x = m_parent[x];
        }
        return x;
    }
    void unite(std::uint32_t a, std::uint32_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<std::uint32_t> m_parent;
};

template <int D> class Boruvka {
public:
    Boruvka(const PointIndex& index, Neighbourhoods hoods, unsigned threads,
            const ProgressFn& progress)
        : m_index(index), m_nodes(index.nodes()), m_order(index.order()),
          m_core2(std::move(hoods.core2)), m_neighbours(std::move(hoods.neighbours)),
          m_seedK(hoods.seedK), m_threads(threads), m_progress(progress), m_n(index.size()),
          m_component(m_n), m_nodeComponent(m_nodes.size()), m_nodeCore2(m_nodes.size()),
          m_best(m_n), m_bound(m_n), m_positionOfRow(m_n) {
        for (std::size_t p = 0; p < m_n; ++p)
            m_positionOfRow[m_order[p]] = static_cast<std::uint32_t>(p);
        // Least core distance under every node; children have larger ids than their parent.
        for (std::size_t i = m_nodes.size(); i-- > 0;) {
            const PointIndex::Node& node = m_nodes[i];
            if (node.leaf()) {
                double least = kInfinity;
                for (std::uint32_t p = node.begin; p < node.end; ++p)
                    least = std::min(least, m_core2[p]);
                m_nodeCore2[i] = least;
            } else {
                m_nodeCore2[i] = std::min(m_nodeCore2[node.left], m_nodeCore2[node.right]);
            }
        }
    }

    std::vector<EdgeKey> run() {
        UnionFind forest(m_n);
        std::vector<EdgeKey> edges;
        edges.reserve(m_n - 1);
        std::vector<EdgeKey> componentBest;
        const double logN = std::log(static_cast<double>(m_n));
        while (edges.size() + 1 < m_n) {
            const double done = 1.0 - std::log(static_cast<double>(m_n - edges.size())) / logN;
            for (std::size_t p = 0; p < m_n; ++p)
                m_component[p] = forest.find(static_cast<std::uint32_t>(p));
            labelNodes();
            for (auto& bound : m_bound)
                bound.store(std::bit_cast<std::uint64_t>(kInfinity), std::memory_order_relaxed);
            ParallelOptions parallel;
            parallel.threads = m_threads;
            parallel.progress = m_progress;
            parallel.progressBase = kSearchBase + (1 - kSearchBase) * done;
            parallel.progressScale = 0;
            const std::size_t chunks = (m_n + kChunk - 1) / kChunk;
            // First the nearest neighbours' edges, so that every component starts the searches
            // with a small bound; then one pruned search per point.
            parallelFor(
                chunks, [&](std::size_t c) { seedChunk(c); }, parallel);
            parallelFor(
                chunks, [&](std::size_t c) { searchChunk(c); }, parallel);
            componentBest.assign(m_n, EdgeKey{});
            for (std::size_t p = 0; p < m_n; ++p)
                if (m_best[p] < componentBest[m_component[p]])
                    componentBest[m_component[p]] = m_best[p];
            for (std::size_t c = 0; c < m_n; ++c) {
                const EdgeKey& e = componentBest[c];
                if (m_component[c] != c || e.w2 == kInfinity) continue;
                const std::uint32_t a = m_positionOfRow[e.lo], b = m_positionOfRow[e.hi];
                if (forest.find(a) == forest.find(b)) continue; // both sides chose this edge
                forest.unite(a, b);
                edges.push_back(e);
            }
        }
        std::sort(edges.begin(), edges.end());
        return edges;
    }

private:
    // A node's component when all its points share one, else kMixed.
    void labelNodes() {
        for (std::size_t i = m_nodes.size(); i-- > 0;) {
            const PointIndex::Node& node = m_nodes[i];
            std::uint32_t c = m_component[node.begin];
            if (node.leaf()) {
                for (std::uint32_t p = node.begin + 1; p < node.end && c != kMixed; ++p)
                    if (m_component[p] != c) c = kMixed;
            } else if (m_nodeComponent[node.left] != m_nodeComponent[node.right]) {
                c = kMixed;
            } else {
                c = m_nodeComponent[node.left];
            }
            m_nodeComponent[i] = c;
        }
    }

    void seedChunk(std::size_t chunk) {
        for (std::size_t p = chunk * kChunk; p < std::min(m_n, (chunk + 1) * kChunk); ++p) {
            EdgeKey best;
            double q[D];
            kd::toDouble<D>(m_index.point(p), q);
            for (std::size_t j = 0; j < m_seedK; ++j) {
                const std::uint32_t o = m_neighbours[p * m_seedK + j];
                if (m_component[o] == m_component[p]) continue;
                const double w2 =
                    std::max({m_core2[p], m_core2[o], kd::squaredDistance<D>(m_index.point(o), q)});
                best = std::min(best, makeKey(w2, m_order[p], m_order[o]));
            }
            m_best[p] = best;
            if (best.w2 < kInfinity) atomicMin(m_bound[m_component[p]], best.w2);
        }
    }

    void searchChunk(std::size_t chunk) {
        for (std::size_t p = chunk * kChunk; p < std::min(m_n, (chunk + 1) * kChunk); ++p) {
            // Every edge from p weighs at least core(p): nothing to find above the bound. Ties
            // are still searched, since a tie with smaller rows wins.
            if (m_core2[p] > loadDouble(m_bound[m_component[p]])) continue;
            double q[D];
            kd::toDouble<D>(m_index.point(p), q);
            Query query{static_cast<std::uint32_t>(p), m_component[p], m_core2[p], q, m_best[p],
                        m_bound[m_component[p]]};
            visit(0, query);
            m_best[p] = query.best;
        }
    }

    struct Query {
        std::uint32_t position, component;
        double core2;
        const double* q;
        EdgeKey best;
        std::atomic<std::uint64_t>& bound;
        double threshold() const { return std::min(best.w2, loadDouble(bound)); }
    };

    double lowerBound(std::uint32_t node, const Query& query) const {
        return std::max(
            {query.core2, m_nodeCore2[node], kd::boxDistance<D>(m_nodes[node], query.q)});
    }

    void visit(std::uint32_t n, Query& query) {
        if (m_nodeComponent[n] == query.component) return;
        const PointIndex::Node& node = m_nodes[n];
        if (node.leaf()) {
            const std::uint32_t self = m_order[query.position];
            for (std::uint32_t p = node.begin; p < node.end; ++p) {
                if (m_component[p] == query.component) continue;
                const double w2 = std::max(
                    {query.core2, m_core2[p], kd::squaredDistance<D>(m_index.point(p), query.q)});
                if (w2 > query.best.w2) continue;
                const EdgeKey key = makeKey(w2, self, m_order[p]);
                if (key < query.best) {
                    query.best = key;
                    atomicMin(query.bound, w2);
                }
            }
            return;
        }
        std::uint32_t first = node.left, second = node.right;
        double bFirst = lowerBound(first, query), bSecond = lowerBound(second, query);
        if (bSecond < bFirst) {
            std::swap(first, second);
            std::swap(bFirst, bSecond);
        }
        if (bFirst <= query.threshold()) visit(first, query);
        if (bSecond <= query.threshold()) visit(second, query);
    }

    const PointIndex& m_index;
    const std::vector<PointIndex::Node>& m_nodes;
    const std::vector<std::uint32_t>& m_order;
    std::vector<double> m_core2;
    std::vector<std::uint32_t> m_neighbours;
    std::size_t m_seedK;
    unsigned m_threads;
    const ProgressFn& m_progress;
    std::size_t m_n;
    std::vector<std::uint32_t> m_component;          // by position: the component's root position
    std::vector<std::uint32_t> m_nodeComponent;      // by node
    std::vector<double> m_nodeCore2;                 // by node
    std::vector<EdgeKey> m_best;                     // by position: lightest edge found this round
    std::vector<std::atomic<std::uint64_t>> m_bound; // by component: lightest weight so far
    std::vector<std::uint32_t> m_positionOfRow;
};

void checkMinSamples(const PointIndex& index, std::size_t minSamples) {
    if (minSamples == 0 || minSamples > index.size())
        throw std::invalid_argument("HDBSCAN: min samples must be between 1 and the number of "
                                    "points (" +
                                    std::to_string(index.size()) + "), got " +
                                    std::to_string(minSamples));
}

template <int D>
std::vector<SpanningEdge> spanningTree(const PointIndex& index, std::size_t minSamples,
                                       unsigned threads, const ProgressFn& progress) {
    const std::size_t n = index.size();
    Boruvka<D> boruvka(
        index,
        neighbourhoods<D>(index, minSamples, kSeedNeighbours, threads, progress, kSearchBase),
        threads, progress);
    std::vector<SpanningEdge> tree;
    tree.reserve(n - 1);
    for (const EdgeKey& e : boruvka.run())
        tree.push_back({e.lo, e.hi, std::sqrt(e.w2)});
    return tree;
}

} // namespace

std::vector<double> coreDistances(const PointIndex& index, std::size_t minSamples, unsigned threads,
                                  const ProgressFn& progress) {
    checkMinSamples(index, minSamples);
    if (minSamples == 1) return std::vector<double>(index.size(), 0.0);
    Neighbourhoods hoods = index.dims() == 2
                               ? neighbourhoods<2>(index, minSamples, 0, threads, progress, 1.0)
                               : neighbourhoods<3>(index, minSamples, 0, threads, progress, 1.0);
    std::vector<double> out(index.size());
    for (std::size_t p = 0; p < index.size(); ++p)
        out[index.order()[p]] = std::sqrt(hoods.core2[p]);
    return out;
}

std::vector<SpanningEdge> mutualReachabilityTree(const PointIndex& index, std::size_t minSamples,
                                                 unsigned threads, const ProgressFn& progress) {
    checkMinSamples(index, minSamples);
    if (index.size() < 2) return {};
    return index.dims() == 2 ? spanningTree<2>(index, minSamples, threads, progress)
                             : spanningTree<3>(index, minSamples, threads, progress);
}

} // namespace vecspace
