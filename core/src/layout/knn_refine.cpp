#include "layout/knn_refine.h"

#include <algorithm>
#include <atomic>
#include <utility>
#include <vector>

namespace vecspace {
namespace {

constexpr std::size_t kRowsPerTask = 256;

} // namespace

float pairDistance(MatrixView data, const RowMatrix& unit, DistanceMetric metric, std::size_t a,
                   std::size_t b) {
    const auto ia = static_cast<Eigen::Index>(a);
    const auto ib = static_cast<Eigen::Index>(b);
    if (metric == DistanceMetric::Cosine)
        return std::max(0.0f, 1.0f - unit.row(ia).dot(unit.row(ib)));
    return (data.row(ia) - data.row(ib)).norm();
}

KnnGraph refineKnnGraph(const KnnGraph& graph, MatrixView data, const RowMatrix& unit,
                        DistanceMetric metric, std::size_t hops, const ParallelOptions& parallel) {
    const std::size_t rows = graph.rows, k = graph.k;
    KnnGraph out = graph;
    hops = std::min(hops, k);
    if (hops == 0) return out;
    const std::size_t tasks = (rows + kRowsPerTask - 1) / kRowsPerTask;
    std::atomic<std::size_t> done{0};
    ParallelOptions options = parallel;
    options.fraction = [&] { return double(done.load()) / double(tasks); };
    parallelFor(
        tasks,
        [&](std::size_t task) {
            std::vector<std::uint32_t> candidates;
            std::vector<std::uint32_t> sortedOwn;
            std::vector<std::pair<float, std::uint32_t>> found;
            const std::size_t end = std::min(rows, (task + 1) * kRowsPerTask);
            for (std::size_t row = task * kRowsPerTask; row < end; ++row) {
                const std::uint32_t* own = graph.neighbors(row);
                candidates.clear();
                for (std::size_t h = 0; h < hops; ++h) {
                    const std::uint32_t* next = graph.neighbors(own[h]);
                    candidates.insert(candidates.end(), next, next + k);
                }
                std::sort(candidates.begin(), candidates.end());
                candidates.erase(std::unique(candidates.begin(), candidates.end()),
                                 candidates.end());
                found.clear();
                // The row's own list keeps its distances; candidates already in it are skipped.
                for (std::size_t j = 0; j < k; ++j)
                    found.emplace_back(graph.distancesOf(row)[j], own[j]);
                sortedOwn.assign(own, own + k);
                std::sort(sortedOwn.begin(), sortedOwn.end());
                for (const std::uint32_t c : candidates) {
                    if (c == row || std::binary_search(sortedOwn.begin(), sortedOwn.end(), c))
                        continue;
                    found.emplace_back(pairDistance(data, unit, metric, row, c), c);
                }
                std::partial_sort(found.begin(), found.begin() + std::ptrdiff_t(k), found.end());
                for (std::size_t j = 0; j < k; ++j) {
                    out.indices[row * k + j] = found[j].second;
                    out.distances[row * k + j] = found[j].first;
                }
            }
            done += 1;
        },
        options);
    return out;
}

} // namespace vecspace
