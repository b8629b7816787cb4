#include "base/progress_throttle.h"
#include "layout/kd_search.h"
#include "vecspace/base/parallel.h"
#include "vecspace/cluster/density_clustering.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kChunk = 512; // points per parallel task

// Union-find shared by the threads: a root is linked under a smaller root with a CAS, so every
// root is its component's smallest row. The components (and so the roots) do not depend on the
// order of the unions, which keeps the result independent of timing.
class ConcurrentUnionFind {
public:
    explicit ConcurrentUnionFind(std::size_t n) : m_parent(n) {
        for (std::size_t i = 0; i < n; ++i)
            m_parent[i].store(static_cast<std::uint32_t>(i), std::memory_order_relaxed);
    }
    std::uint32_t find(std::uint32_t x) {
        for (;;) {
            std::uint32_t p = m_parent[x].load();
            if (p == x) return x;
            const std::uint32_t gp = m_parent[p].load();
            if (gp != p) m_parent[x].compare_exchange_weak(p, gp); // path halving
            x = gp;
        }
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        for (;;) {
            a = find(a);
            b = find(b);
            if (a == b) return;
            if (a < b) std::swap(a, b);
            std::uint32_t expected = a;
            if (m_parent[a].compare_exchange_strong(expected, b)) return;
        }
    }

private:
    std::vector<std::atomic<std::uint32_t>> m_parent;
};

template <int D> DensityClusters run(const PointIndex& index, const DbscanOptions& options) {
    ProgressThrottle(options.progress).force(0.0); // a stop is honoured even when work is short
    const std::size_t n = index.size();
    const auto& order = index.order();
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    const double r2 = options.eps * options.eps; // sklearn's k-d tree compares squared distances
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = options.progress;
    parallel.progressScale = 1.0 / 3;
    auto forChunk = [&](std::size_t chunk, auto&& body) {
        for (std::size_t p = chunk * kChunk; p < std::min(n, (chunk + 1) * kChunk); ++p) {
            double q[D];
            kd::toDouble<D>(index.point(p), q);
            body(p, q);
        }
    };

    // Core points, by tree position (queries run in tree order, for locality).
    std::vector<char> core(n, 0);
    parallelFor(
        chunks,
        [&](std::size_t chunk) {
            forChunk(chunk, [&](std::size_t p, const double*) {
                core[p] = index.countWithinRadius({index.point(p), std::size_t(D)}, options.eps,
                                                  options.minSamples) >= options.minSamples;
            });
        },
        parallel);

    // Core points within eps of each other share a component, keyed by its smallest row.
    ConcurrentUnionFind components(n);
    parallel.progressBase = 1.0 / 3;
    parallelFor(
        chunks,
        [&](std::size_t chunk) {
            forChunk(chunk, [&](std::size_t p, const double* q) {
                if (!core[p]) return;
                const std::uint32_t row = order[p];
                kd::forEachWithin<D>(index, 0, q, r2, [&](std::uint32_t o, double) {
                    if (core[o] && order[o] > row) components.unite(row, order[o]);
                });
            });
        },
        parallel);

    // Clusters numbered in order of their smallest core row: the order in which sklearn's scan
    // over the rows starts them.
    DensityClusters result;
    result.labels.assign(n, -1);
    result.probabilities.assign(n, 0.0f);
    std::vector<char> coreRow(n, 0);
    for (std::size_t p = 0; p < n; ++p)
        coreRow[order[p]] = core[p];
    std::vector<std::int32_t> labelOfRoot(n, -1);
    std::int32_t next = 0;
    for (std::size_t row = 0; row < n; ++row) {
        if (!coreRow[row]) continue;
        const std::uint32_t root = components.find(static_cast<std::uint32_t>(row));
        if (root == row) labelOfRoot[row] = next++;
        result.labels[row] = labelOfRoot[root];
        result.probabilities[row] = 1.0f;
    }

    // Border points: sklearn expands the clusters one after the other, and a border point keeps
    // the label of the first expansion that reaches it, i.e. the smallest label among the core
    // points within eps.
    parallel.progressBase = 2.0 / 3;
    parallelFor(
        chunks,
        [&](std::size_t chunk) {
            forChunk(chunk, [&](std::size_t p, const double* q) {
                if (core[p]) return;
                std::int32_t first = -1;
                kd::forEachWithin<D>(index, 0, q, r2, [&](std::uint32_t o, double) {
                    const std::int32_t label = result.labels[order[o]];
                    if (core[o] && (first < 0 || label < first)) first = label;
                });
                if (first >= 0) {
                    result.labels[order[p]] = first;
                    result.probabilities[order[p]] = 0.5f;
                }
            });
        },
        parallel);
    result.sizes.assign(static_cast<std::size_t>(next), 0);
    for (std::int32_t label : result.labels)
        if (label >= 0) ++result.sizes[static_cast<std::size_t>(label)];
    return result;
}

} // namespace

DensityClusters dbscan(const PointIndex& index, const DbscanOptions& options) {
    if (!(options.eps >= 0) || !std::isfinite(options.eps))
        throw std::invalid_argument("DBSCAN: eps must be a finite distance >= 0");
    if (options.minSamples == 0) throw std::invalid_argument("DBSCAN: min samples must be >= 1");
    return index.dims() == 2 ? run<2>(index, options) : run<3>(index, options);
}

DensityClusters dbscan(const RowMatrix& layout, const DbscanOptions& options) {
    return dbscan(PointIndex(layout), options);
}

} // namespace vecspace
