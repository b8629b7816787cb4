#include "layout/subset_knn.h"

#include "base/progress_throttle.h"
#include "base/top_k.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

constexpr std::size_t kQueryBlock = 512;
constexpr std::size_t kRowBlock = 1024;
constexpr std::size_t kRerankMargin = 16;

// Distance between two rows in double, straight from the definition: plain sums in column
// order (this file is built without floating-point contraction), as numpy or a loop computes them.
double exactDistance(MatrixView data, const std::vector<double>& norms, DistanceMetric metric,
                     std::size_t a, std::size_t b) {
    const float* x = data.row(static_cast<Eigen::Index>(a)).data();
    const float* y = data.row(static_cast<Eigen::Index>(b)).data();
    const auto dims = static_cast<std::size_t>(data.cols());
    double sum = 0;
    if (metric == DistanceMetric::Cosine) {
        if (norms[a] == 0 || norms[b] == 0) return 1.0;
        for (std::size_t d = 0; d < dims; ++d)
            sum += static_cast<double>(x[d]) * y[d];
        return std::max(0.0, 1.0 - sum / (norms[a] * norms[b]));
    }
    for (std::size_t d = 0; d < dims; ++d) {
        const double diff = static_cast<double>(x[d]) - y[d];
        sum += diff * diff;
    }
    return std::sqrt(sum);
}

} // namespace

KnnGraph exactKnnOfRows(MatrixView data, std::span<const std::size_t> queries, std::size_t k,
                        DistanceMetric metric, unsigned threads, const ProgressFn& progress) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    if (k == 0 || k >= rows)
        throw std::invalid_argument("k nearest neighbours: k must be between 1 and rows - 1, got " +
                                    std::to_string(k));
    for (std::size_t q : queries)
        if (q >= rows) throw std::invalid_argument("k nearest neighbours: query row out of range");
    ProgressThrottle(progress).force(0.0); // a stop is honoured even when the work is short
    const bool cosine = metric == DistanceMetric::Cosine;
    // Ranking scores, larger is nearer, without a normalised copy of the matrix:
    // euclidean 2 x.q - |x|^2 (|q|^2 is the same for one query); cosine x.q / |x| (|q| too).
    std::vector<double> norms(rows);
    Eigen::VectorXf rowTerm(static_cast<Eigen::Index>(rows));
    for (std::size_t i = 0; i < rows; ++i) {
        const float* x = data.row(static_cast<Eigen::Index>(i)).data();
        double sum = 0;
        for (Eigen::Index d = 0; d < data.cols(); ++d)
            sum += static_cast<double>(x[d]) * x[d];
        norms[i] = std::sqrt(sum);
        rowTerm[static_cast<Eigen::Index>(i)] =
            cosine ? (sum > 0 ? static_cast<float>(1.0 / norms[i]) : 0.0f)
                   : static_cast<float>(sum);
    }

    KnnGraph graph;
    graph.rows = queries.size();
    graph.k = k;
    graph.method = KnnMethod::Exact;
    graph.indices.resize(queries.size() * k);
    graph.distances.resize(queries.size() * k);
    const std::size_t blocks = (queries.size() + kQueryBlock - 1) / kQueryBlock;
    const std::size_t keep = std::min(rows, k + 1 + kRerankMargin);
    std::atomic<std::size_t> tiles{0};
    const std::size_t tilesPerBlock = (rows + kRowBlock - 1) / kRowBlock;
    ParallelOptions parallel;
    parallel.threads = threads;
    parallel.progress = progress;
    parallel.fraction = [&] {
        return static_cast<double>(tiles.load()) / static_cast<double>(blocks * tilesPerBlock);
    };
    parallelFor(
        blocks,
        [&](std::size_t block) {
            const std::size_t first = block * kQueryBlock;
            const std::size_t count = std::min(kQueryBlock, queries.size() - first);
            RowMatrix q(static_cast<Eigen::Index>(count), data.cols());
            for (std::size_t i = 0; i < count; ++i)
                q.row(static_cast<Eigen::Index>(i)) =
                    data.row(static_cast<Eigen::Index>(queries[first + i]));
            std::vector<TopK> tops(count, TopK(keep));
            Eigen::MatrixXf scores; // column-major: one query's scores for a tile lie together
            for (std::size_t b = 0; b < rows; b += kRowBlock) {
                const auto m = static_cast<Eigen::Index>(std::min(kRowBlock, rows - b));
                const auto term = rowTerm.segment(static_cast<Eigen::Index>(b), m);
                scores.noalias() = data.middleRows(static_cast<Eigen::Index>(b), m) * q.transpose();
                for (std::size_t i = 0; i < count; ++i) {
                    TopK& top = tops[i];
                    auto col = scores.col(static_cast<Eigen::Index>(i));
                    if (cosine)
                        col.array() *= term.array();
                    else
                        col = 2 * col - term;
                    float threshold = top.threshold();
                    // Once a query has its candidates, most tiles hold none: one vectorised
                    // maximum rules the tile out.
                    if (col.maxCoeff() < threshold) continue;
                    const float* column = col.data();
                    for (Eigen::Index r = 0; r < m; ++r) {
                        if (column[r] < threshold) continue;
                        top.push(b + static_cast<std::size_t>(r), column[r]);
                        threshold = top.threshold();
                    }
                }
                tiles += 1;
            }
            for (std::size_t i = 0; i < count; ++i) {
                const std::size_t row = queries[first + i];
                std::vector<std::pair<double, std::size_t>> found;
                for (const Neighbor& n : tops[i].best(keep - 1, {row}))
                    found.emplace_back(exactDistance(data, norms, metric, row, n.row), n.row);
                std::sort(found.begin(), found.end());
                for (std::size_t j = 0; j < k; ++j) {
                    graph.indices[(first + i) * k + j] =
                        static_cast<std::uint32_t>(found[j].second);
                    graph.distances[(first + i) * k + j] = static_cast<float>(found[j].first);
                }
            }
        },
        parallel);
    return graph;
}

} // namespace vecspace
