#include "vecspace/semantic/similarity_index.h"

#include "base/progress_throttle.h"
#include "base/top_k.h"
#include "semantic/int8_screen.h"
#include "vecspace/base/parallel.h"

#include <atomic>
#include <cmath>
#include <mutex>
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

struct SimilarityIndex::Screening {
    std::once_flag packed;
    Int8Panels panels;
};

SimilarityIndex::SimilarityIndex(const EmbeddingSet& set, unsigned threads)
    : SimilarityIndex(set, SimilarityIndexOptions{IndexStorage::Auto, threads}) {}

SimilarityIndex::SimilarityIndex(const EmbeddingSet& set, const SimilarityIndexOptions& options)
    : m_set(set), m_unit(set, options.storage, options.threads),
      m_screening(std::make_shared<Screening>()) {
    m_squaredNorms = set.vectors.rowwise().squaredNorm();
    m_norms = m_squaredNorms.cwiseSqrt();
}

std::size_t SimilarityIndex::rowsToScan(const NeighborOptions& options) const {
    return options.restrictRows > 0 ? std::min(options.restrictRows, m_set.rows()) : m_set.rows();
}

Eigen::Ref<const RowMatrix> SimilarityIndex::tileFor(Metric metric, std::size_t begin,
                                                     std::size_t n, RowMatrix& scratch) const {
    if (metric == Metric::Cosine) return m_unit.tile(begin, n, scratch);
    return m_set.vectors.middleRows(static_cast<Eigen::Index>(begin), static_cast<Eigen::Index>(n));
}

std::size_t SimilarityIndex::tileRowsFor(Metric metric) const {
    return metric == Metric::Cosine ? m_unit.tileRows() : kRowBlock;
}

void SimilarityIndex::checkDims(Eigen::Index values, const char* what) const {
    if (static_cast<std::size_t>(values) != m_set.dims())
        throw std::invalid_argument(std::string(what) + " has " + std::to_string(values) +
                                    " values, the set " + std::to_string(m_set.dims()) +
                                    " dimensions");
}

float SimilarityIndex::cosine(std::size_t a, std::size_t b) const {
    return m_unit.row(a).dot(m_unit.row(b));
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
                if (options.metric == Metric::Cosine) {
                    scores.resize(n);
                    m_unit.dot(b, std::size_t(n), q, scores.data());
                } else {
                    scores.noalias() = m_set.vectors.middleRows(Eigen::Index(b), n) * q;
                }
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

bool SimilarityIndex::screeningAvailable() {
    return int8ScreeningAvailable();
}

bool SimilarityIndex::screens(const NeighborOptions& options, std::size_t queries) const {
    return options.screen && options.metric == Metric::Cosine &&
           m_unit.kind() == UnitRows::Kind::Float32 && queries >= kScreenMinQueries &&
           int8ScreeningAvailable();
}

std::vector<std::vector<Neighbor>>
SimilarityIndex::screenedBatch(const RowMatrix& unitQueries, MatrixView queries,
                               const NeighborOptions& options, const ProgressFn& progress) const {
    const std::size_t rows = rowsToScan(options);
    const std::size_t count = static_cast<std::size_t>(unitQueries.rows());
    RowMatrix scratch;
    const Eigen::Ref<const RowMatrix> unit = m_unit.tile(0, m_set.rows(), scratch);
    std::call_once(m_screening->packed,
                   [&] { m_screening->panels = Int8Panels(unit, m_set.rows(), options.threads); });
    ScreenOptions screen;
    screen.keep = options.k + options.exclude.size();
    screen.rows = rows;
    screen.threads = options.threads;
    screen.progress = progress;
    const auto candidates = int8Screen(m_screening->panels, unitQueries, screen);

    // The survivors' float32 scores decide, as a float32 scan of every row would.
    std::vector<std::vector<Neighbor>> results(count);
    ParallelOptions parallel;
    parallel.threads = options.threads;
    constexpr std::size_t kChunk = 256;
    parallelFor((count + kChunk - 1) / kChunk,
                [&](std::size_t chunk) {
                    for (std::size_t i = chunk * kChunk; i < std::min(count, (chunk + 1) * kChunk);
                         ++i) {
                        const auto query = unitQueries.row(static_cast<Eigen::Index>(i));
                        TopK top(screen.keep);
                        for (const std::uint32_t row : candidates[i])
                            top.push(row, unit.row(static_cast<Eigen::Index>(row)).dot(query));
                        results[i] = finish(top, options, m_set,
                                            queries.row(static_cast<Eigen::Index>(i)).transpose());
                    }
                },
                parallel);
    return results;
}

std::vector<std::vector<Neighbor>> SimilarityIndex::nearestBatch(MatrixView queries,
                                                                 const NeighborOptions& options,
                                                                 const ProgressFn& progress) const {
    checkDims(queries.cols(), "the queries");
    const std::size_t rows = rowsToScan(options);
    const std::size_t count = static_cast<std::size_t>(queries.rows());
    RowMatrix q(queries);
    if (options.metric == Metric::Cosine) q.rowwise().normalize();
    if (screens(options, count)) return screenedBatch(q, queries, options, progress);
    const std::size_t tileRows = tileRowsFor(options.metric);
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
            RowMatrix scratch;
            for (std::size_t b = 0; b < rows; b += tileRows) {
                const auto m = static_cast<Eigen::Index>(std::min(tileRows, rows - b));
                scores.noalias() = tileFor(options.metric, b, std::size_t(m), scratch) *
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
