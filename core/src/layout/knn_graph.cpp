#include "vecspace/layout/knn_graph.h"

#include "base/all_pairs_top_k.h"
#include "layout/hnsw_search.h"
#include "layout/knn_refine.h"
#include "vecspace/base/memory_budget.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

KnnGraph exactGraph(MatrixView data, const KnnOptions& options) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    const std::size_t k = options.k;
    RowMatrix unit;
    if (options.metric == DistanceMetric::Cosine) {
        unit = data;
        for (Eigen::Index i = 0; i < unit.rows(); ++i) {
            const float n = unit.row(i).norm();
            if (n > 0) unit.row(i) /= n;
        }
    }
    AllPairsOptions all;
    all.k = k;
    all.score =
        options.metric == DistanceMetric::Cosine ? PairScore::Dot : PairScore::NegativeSquared;
    all.threads = options.threads;
    all.progress = options.progress;
    AllPairsTopK found =
        allPairsTopK(options.metric == DistanceMetric::Cosine ? MatrixView(unit) : data, all);

    KnnGraph graph;
    graph.rows = rows;
    graph.k = k;
    graph.method = KnnMethod::Exact;
    graph.indices = std::move(found.ids);
    graph.distances.resize(rows * k);
    // The scores are each pair's own dot product or -|a - b|^2: the same as pairDistance.
    for (std::size_t i = 0; i < rows * k; ++i) {
        graph.distances[i] = options.metric == DistanceMetric::Cosine
                                 ? std::max(0.0f, 1.0f - found.scores[i])
                                 : std::sqrt(std::max(0.0f, -found.scores[i]));
    }
    return graph;
}

} // namespace

KnnGraph computeKnnGraph(MatrixView data, const KnnOptions& options) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    if (options.k == 0 || options.k >= rows)
        throw std::invalid_argument("k nearest neighbours: k must be between 1 and rows - 1 (" +
                                    std::to_string(rows - (rows > 0 ? 1 : 0)) + "), got " +
                                    std::to_string(options.k));
    if (rows > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("k nearest neighbours: more than 2^32 - 1 rows");
    KnnMethod method = options.method;
    if (method == KnnMethod::Auto) {
        const double work = static_cast<double>(rows) * static_cast<double>(rows) *
                            static_cast<double>(data.cols());
        method = work <= options.exactWorkLimit ? KnnMethod::Exact : KnnMethod::Hnsw;
    }
    // The graph's ids and distances, and for HNSW its copy of the rows and its links.
    std::uint64_t bytes = std::uint64_t(rows) * options.k * 8;
    // Exact: the candidate buffers (2k + 8 slots of 8 bytes a row, a size and a bar) and their
    // result (see allPairsTopK), the kernel's packed copy, a copy of the rows in the similarity
    // order with that order and its inverse, and a unit copy for cosine.
    if (method == KnnMethod::Exact)
        bytes +=
            std::uint64_t(rows) * (options.k * 24 + 80 + std::uint64_t(data.cols()) * 8) +
            (options.metric == DistanceMetric::Cosine ? std::uint64_t(rows) * data.cols() * 4 : 0);
    if (method == KnnMethod::Hnsw)
        bytes +=
            std::uint64_t(rows) * (std::uint64_t(data.cols()) * 4 + options.hnswM * 2 * 4 + 16);
    requireMemory(bytes,
                  "a " + std::to_string(options.k) + "-nearest-neighbour graph of " +
                      std::to_string(rows) + " rows",
                  "Lay out fewer rows (--limit N), or use fewer neighbours.");
    if (method == KnnMethod::Hnsw) return hnswGraph(data, options);
    return exactGraph(data, options);
}

double knnRecall(const KnnGraph& approximate, const KnnGraph& exact) {
    if (approximate.rows != exact.rows || approximate.k != exact.k)
        throw std::invalid_argument("knnRecall: the graphs differ in rows or k");
    if (exact.rows == 0 || exact.k == 0) return 1.0;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < exact.rows; ++i) {
        const std::uint32_t* a = approximate.neighbors(i);
        const std::uint32_t* e = exact.neighbors(i);
        for (std::size_t j = 0; j < exact.k; ++j)
            hits += std::find(a, a + exact.k, e[j]) != a + exact.k;
    }
    return static_cast<double>(hits) / static_cast<double>(exact.rows * exact.k);
}

} // namespace vecspace
