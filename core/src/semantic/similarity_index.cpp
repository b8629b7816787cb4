#include "vecspace/semantic/similarity_index.h"

#include "base/progress_throttle.h"
#include "base/top_k.h"
#include "vecspace/base/parallel.h"

#include <atomic>
#include <cmath>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kRowBlock = 1024;  // rows per tile: 400 KB of 100-d floats
constexpr std::size_t kQueryBlock = 512; // queries per tile: the row tile is packed once per block

// Scores where higher is nearer: cosine and dot as they are; for euclidean, 2 q.v - |v|^2,
// which orders rows as -|q - v|^2 does (|q|^2 is the same for every row).
std::vector<Neighbor> finish(const TopK& top, const NeighborOptions& options,
                             const EmbeddingSet& set,
                             const Eigen::Ref<const Eigen::VectorXf>& query) {
    std::vector<Neighbor> out = top.best(options.k, options.exclude);
    if (options.metric == Metric::Euclidean) {
        // Report the true distance, computed directly rather than from the expansion.
        for (Neighbor& n : out)
            n.score =
                (set.vectors.row(static_cast<Eigen::Index>(n.row)).transpose() - query).norm();
    }
    return out;
}

} // namespace

SimilarityIndex::SimilarityIndex(const EmbeddingSet& set, unsigned threads) : m_set(set) {
    const std::size_t rows = set.rows();
    m_unit.resize(set.vectors.rows(), set.vectors.cols());
    m_norms.resize(static_cast<Eigen::Index>(rows));
    m_squaredNorms.resize(static_cast<Eigen::Index>(rows));
    const std::size_t blocks = (rows + kRowBlock - 1) / kRowBlock;
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor(
        blocks,
        [&](std::size_t block) {
            const std::size_t end = std::min(rows, (block + 1) * kRowBlock);
            for (std::size_t r = block * kRowBlock; r < end; ++r) {
                const auto i = static_cast<Eigen::Index>(r);
                const float squared = set.vectors.row(i).squaredNorm();
                const float norm = std::sqrt(squared);
                m_squaredNorms[i] = squared;
                m_norms[i] = norm;
                // A zero vector stays zero: its cosine with anything is 0, as in gensim.
                if (norm > 0)
                    m_unit.row(i) = set.vectors.row(i) / norm;
                else
                    m_unit.row(i).setZero();
            }
        },
        parallel);
}

std::size_t SimilarityIndex::rowsToScan(const NeighborOptions& options) const {
    return options.restrictRows > 0 ? std::min(options.restrictRows, m_set.rows()) : m_set.rows();
}

const RowMatrix& SimilarityIndex::matrixFor(Metric metric) const {
    return metric == Metric::Cosine ? m_unit : m_set.vectors;
}

void SimilarityIndex::checkDims(Eigen::Index values, const char* what) const {
    if (static_cast<std::size_t>(values) != m_set.dims())
        throw std::invalid_argument(std::string(what) + " has " + std::to_string(values) +
                                    " values, the set " + std::to_string(m_set.dims()) +
                                    " dimensions");
}

float SimilarityIndex::cosine(std::size_t a, std::size_t b) const {
    return m_unit.row(static_cast<Eigen::Index>(a)).dot(m_unit.row(static_cast<Eigen::Index>(b)));
}

std::vector<Neighbor> SimilarityIndex::nearestToRow(std::size_t row,
                                                    NeighborOptions options) const {
    if (row >= m_set.rows())
        throw std::out_of_range("row " + std::to_string(row) + " is not in the set");
    options.exclude.push_back(row);
    return nearest(m_set.vectors.row(static_cast<Eigen::Index>(row)).transpose(), options);
}

std::vector<Neighbor> SimilarityIndex::nearest(const Eigen::Ref<const Eigen::VectorXf>& query,
                                               const NeighborOptions& options) const {
    checkDims(query.size(), "the query");
    const std::size_t rows = rowsToScan(options);
    Eigen::VectorXf q = query;
    if (options.metric == Metric::Cosine) {
        const float norm = q.norm();
        if (norm > 0) q /= norm;
    }
    const RowMatrix& matrix = matrixFor(options.metric);
    const std::size_t keep = options.k + options.exclude.size();
    const unsigned threads = resolveThreads(options.threads);
    // Small sets are not worth a thread start.
    const std::size_t parts = rows < 65536 ? 1 : threads;
    std::vector<TopK> tops(parts, TopK(keep));
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor(
        parts,
        [&](std::size_t part) {
            const std::size_t begin = rows * part / parts, end = rows * (part + 1) / parts;
            Eigen::VectorXf scores;
            for (std::size_t b = begin; b < end; b += kRowBlock) {
                const auto n = static_cast<Eigen::Index>(std::min(kRowBlock, end - b));
                scores.noalias() = matrix.middleRows(static_cast<Eigen::Index>(b), n) * q;
                if (options.metric == Metric::Euclidean)
                    scores = 2 * scores - m_squaredNorms.segment(static_cast<Eigen::Index>(b), n);
                pushScores(scores.data(), static_cast<std::size_t>(n), b, tops[part]);
            }
        },
        parallel);
    for (std::size_t part = 1; part < parts; ++part)
        tops[0].merge(tops[part]);
    return finish(tops[0], options, m_set, query);
}

std::vector<std::vector<Neighbor>> SimilarityIndex::nearestBatch(const RowMatrix& queries,
                                                                 const NeighborOptions& options,
                                                                 const ProgressFn& progress) const {
    checkDims(queries.cols(), "the queries");
    const std::size_t rows = rowsToScan(options);
    const std::size_t count = static_cast<std::size_t>(queries.rows());
    RowMatrix q = queries;
    if (options.metric == Metric::Cosine) q.rowwise().normalize();
    const RowMatrix& matrix = matrixFor(options.metric);
    const std::size_t keep = options.k + options.exclude.size();
    const std::size_t blocks = (count + kQueryBlock - 1) / kQueryBlock;
    std::vector<std::vector<Neighbor>> results(count);
    std::atomic<std::size_t> done{0};

    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = progress;
    parallel.fraction = [&] {
        return static_cast<double>(done.load()) /
               static_cast<double>(std::max<std::size_t>(count, 1));
    };
    parallelFor(
        blocks,
        [&](std::size_t block) {
            const std::size_t first = block * kQueryBlock;
            const auto n = static_cast<Eigen::Index>(std::min(kQueryBlock, count - first));
            std::vector<TopK> tops(static_cast<std::size_t>(n), TopK(keep));
            // Column-major scores: one query's scores for a tile of rows lie together.
            Eigen::MatrixXf scores;
            for (std::size_t b = 0; b < rows; b += kRowBlock) {
                const auto m = static_cast<Eigen::Index>(std::min(kRowBlock, rows - b));
                scores.noalias() = matrix.middleRows(static_cast<Eigen::Index>(b), m) *
                                   q.middleRows(static_cast<Eigen::Index>(first), n).transpose();
                if (options.metric == Metric::Euclidean)
                    scores = (2 * scores).colwise() -
                             m_squaredNorms.segment(static_cast<Eigen::Index>(b), m);
                for (Eigen::Index i = 0; i < n; ++i)
                    pushScores(scores.col(i).data(), static_cast<std::size_t>(m), b,
                               tops[static_cast<std::size_t>(i)]);
            }
            for (Eigen::Index i = 0; i < n; ++i)
                results[first + static_cast<std::size_t>(i)] =
                    finish(tops[static_cast<std::size_t>(i)], options, m_set,
                           queries.row(first + i).transpose());
            done += static_cast<std::size_t>(n);
        },
        parallel);
    return results;
}

} // namespace vecspace
