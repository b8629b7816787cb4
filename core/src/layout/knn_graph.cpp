#include "vecspace/layout/knn_graph.h"

#include "base/top_k.h"
#include "layout/hnsw_search.h"
#include "layout/knn_refine.h"
#include "vecspace/base/memory_budget.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

constexpr std::size_t kQueryBlock = 256;
constexpr std::size_t kRowBlock = 2048;

KnnGraph exactGraph(const RowMatrix& data, const KnnOptions& options) {
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
    const RowMatrix& matrix = options.metric == DistanceMetric::Cosine ? unit : data;
    const Eigen::VectorXf squaredNorms = matrix.rowwise().squaredNorm();

    KnnGraph graph;
    graph.rows = rows;
    graph.k = k;
    graph.method = KnnMethod::Exact;
    graph.indices.resize(rows * k);
    graph.distances.resize(rows * k);

    const std::size_t blocks = (rows + kQueryBlock - 1) / kQueryBlock;
    std::atomic<std::size_t> done{0};
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = options.progress;
    parallel.fraction = [&] {
        return static_cast<double>(done.load()) / static_cast<double>(blocks);
    };
    parallelFor(
        blocks,
        [&](std::size_t block) {
            const std::size_t first = block * kQueryBlock;
            const auto n = static_cast<Eigen::Index>(std::min(kQueryBlock, rows - first));
            const auto queries = matrix.middleRows(static_cast<Eigen::Index>(first), n);
            std::vector<TopK> tops(static_cast<std::size_t>(n), TopK(k + 1));
            Eigen::MatrixXf scores; // column-major: one query's scores for a tile lie together
            for (std::size_t b = 0; b < rows; b += kRowBlock) {
                const auto m = static_cast<Eigen::Index>(std::min(kRowBlock, rows - b));
                // Ranking score, larger is nearer: 2ab - |b|^2 (|a|^2 is the same for a query).
                scores.noalias() =
                    matrix.middleRows(static_cast<Eigen::Index>(b), m) * queries.transpose();
                scores =
                    (2 * scores).colwise() - squaredNorms.segment(static_cast<Eigen::Index>(b), m);
                for (Eigen::Index q = 0; q < n; ++q) {
                    TopK& top = tops[static_cast<std::size_t>(q)];
                    const float* column = scores.col(q).data();
                    float threshold = top.threshold();
                    for (Eigen::Index r = 0; r < m; ++r) {
                        if (column[r] < threshold) continue;
                        top.push(b + static_cast<std::size_t>(r), column[r]);
                        threshold = top.threshold();
                    }
                }
            }
            for (Eigen::Index q = 0; q < n; ++q) {
                const std::size_t row = first + static_cast<std::size_t>(q);
                const std::vector<Neighbor> best = tops[static_cast<std::size_t>(q)].best(k, {row});
                std::vector<std::pair<float, std::uint32_t>> found;
                found.reserve(k);
                for (const Neighbor& nb : best)
                    found.emplace_back(pairDistance(data, unit, options.metric, row, nb.row),
                                       static_cast<std::uint32_t>(nb.row));
                std::sort(found.begin(), found.end());
                for (std::size_t j = 0; j < k; ++j) {
                    graph.indices[row * k + j] = found[j].second;
                    graph.distances[row * k + j] = found[j].first;
                }
            }
            done += 1;
        },
        parallel);
    return graph;
}

} // namespace

KnnGraph computeKnnGraph(const RowMatrix& data, const KnnOptions& options) {
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
