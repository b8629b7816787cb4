#include "base/all_pairs_top_k.h"

#include "base/all_pairs_fused.h"
#include "base/all_pairs_screened.h"
#include "base/candidate_buffers.h"
#include "base/similarity_order.h"
#include "base/top_k.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

// 512 x 512 scores (1 MB) stay in the second-level cache while both passes read them.
constexpr std::size_t kTile = 512;
constexpr std::size_t kGroup = 16;

// One row's buffer as pushScores sees it.
struct RowSink {
    CandidateBuffers& buffers;
    std::size_t row;
    float threshold() const { return buffers.bar(row); }
    void push(std::size_t id, float score) {
        buffers.push(row, static_cast<std::uint32_t>(id), score);
    }
};

// Offers each row of a column-major tile its strided scores: the maxima of 16 columns at a time
// are taken down the contiguous columns, and only rows whose maximum could enter are read across.
void offerRows(const Eigen::MatrixXf& scores, std::size_t firstRow, std::uint32_t firstCol,
               CandidateBuffers& heaps, std::vector<float>& maxima, std::vector<float>& bars) {
    const auto rows = static_cast<std::size_t>(scores.rows());
    const auto cols = static_cast<std::size_t>(scores.cols());
    maxima.resize(rows);
    bars.resize(rows);
    for (std::size_t i = 0; i < rows; ++i)
        bars[i] = heaps.bar(firstRow + i);
    for (std::size_t c0 = 0; c0 < cols; c0 += kGroup) {
        const std::size_t width = std::min(kGroup, cols - c0);
        const float* base = scores.data() + c0 * rows;
        std::copy_n(base, rows, maxima.data());
        for (std::size_t c = 1; c < width; ++c) {
            const float* column = base + c * rows;
            for (std::size_t i = 0; i < rows; ++i)
                maxima[i] = std::max(maxima[i], column[i]);
        }
        for (std::size_t i = 0; i < rows; ++i) {
            if (!(maxima[i] >= bars[i])) continue;
            for (std::size_t c = 0; c < width; ++c) {
                const float value = base[c * rows + i];
                if (value >= bars[i]) {
                    heaps.push(firstRow + i, firstCol + static_cast<std::uint32_t>(c0 + c), value);
                    bars[i] = heaps.bar(firstRow + i);
                }
            }
        }
    }
}

// The portable path: a tile of scores through Eigen's product, then offered down its columns
// (rows of J) and across its rows (rows of I).
void scoreTilePair(MatrixView matrix, const Eigen::VectorXf& squaredNorms, bool euclidean,
                   std::size_t firstI, Eigen::Index ni, std::size_t firstJ, Eigen::Index nj,
                   CandidateBuffers& heaps, std::mutex& lockI, std::mutex& lockJ) {
    thread_local Eigen::MatrixXf scores;
    thread_local std::vector<float> maxima, bars;
    // Column-major: column j holds row firstJ + j's scores against tile I.
    scores.noalias() = matrix.middleRows(static_cast<Eigen::Index>(firstI), ni) *
                       matrix.middleRows(static_cast<Eigen::Index>(firstJ), nj).transpose();
    if (euclidean) {
        const float* ni2 = squaredNorms.data() + firstI;
        for (Eigen::Index j = 0; j < nj; ++j) {
            float* column = scores.col(j).data();
            const float nj2 = squaredNorms[static_cast<Eigen::Index>(firstJ) + j];
            for (Eigen::Index i = 0; i < ni; ++i)
                column[i] = 2 * column[i] - ni2[i] - nj2;
        }
    }
    // A row is not its own neighbour.
    if (firstI == firstJ) scores.diagonal().setConstant(-std::numeric_limits<float>::infinity());
    {
        const std::lock_guard lock(lockJ);
        for (Eigen::Index j = 0; j < nj; ++j) {
            RowSink sink{heaps, firstJ + static_cast<std::size_t>(j)};
            pushScores(scores.col(j).data(), static_cast<std::size_t>(ni), firstI, sink);
        }
    }
    if (firstI != firstJ) {
        const std::lock_guard lock(lockI);
        offerRows(scores, firstI, static_cast<std::uint32_t>(firstJ), heaps, maxima, bars);
    }
}

} // namespace

AllPairsTopK allPairsTopK(MatrixView matrix, const AllPairsOptions& options) {
    const auto rows = static_cast<std::size_t>(matrix.rows());
    const std::size_t k = options.k;
    if (k == 0 || k >= rows)
        throw std::invalid_argument("k must be between 1 and rows - 1 (" +
                                    std::to_string(rows > 0 ? rows - 1 : 0) + "), got " +
                                    std::to_string(k));
    if (rows > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("more than 2^32 - 1 rows");
    const bool euclidean = options.score == PairScore::NegativeSquared;
    const Eigen::VectorXf squaredNorms = matrix.rowwise().squaredNorm();
    const std::size_t tiles = (rows + kTile - 1) / kTile;
    const bool fused = options.fused && fusedPairsAvailable();
    // The fused kernels read rows from their panels, so they can take the rows in a similarity
    // order for free (the panels are copies anyway): each row then meets its likely neighbours
    // in the tiles near the diagonal, which come first, and its bar rises early, so far fewer
    // scores reach the buffers (GloVe 341k x 100, k 90: 55.0 s -> 50.7 s). Buffer row r is then
    // matrix row order[r]; candidates are matrix rows, so ties still fall to the lower row.
    std::vector<std::uint32_t> order;
    if (fused && tiles > 2)
        order = similarityOrder(matrix, kTile, options.threads, options.progress);
    const std::uint32_t* names = order.empty() ? nullptr : order.data();
    auto squaredNorm = [&](std::size_t r) {
        return squaredNorms[static_cast<Eigen::Index>(names ? names[r] : r)];
    };
    // A tile score's rounding is at most (d + 2) u |a||b| for a dot product of d terms (u = 2^-24)
    // and (2d + 6) u (|a|^2 + |b|^2) for the expansion of -|a - b|^2; a row's slack covers two
    // such errors against its largest partner.
    const double u = std::ldexp(1.0, -24);
    const double d = static_cast<double>(matrix.cols());
    const double maxSquared = rows > 0 ? squaredNorms.maxCoeff() : 0.0;
    std::vector<float> slack(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const double own = squaredNorm(i);
        slack[i] = static_cast<float>(euclidean ? 2 * (2 * d + 6) * u * (own + maxSquared)
                                                : 2 * (d + 2) * u * std::sqrt(own * maxSquared));
    }

    // Tile pairs (I, I + d) ordered by d: pairs running at once rarely share a tile (and a lock),
    // and each row meets its own neighbourhood of the file first.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    pairs.reserve(tiles * (tiles + 1) / 2);
    for (std::size_t d = 0; d < tiles; ++d)
        for (std::size_t i = 0; i + d < tiles; ++i)
            pairs.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + d));

    CandidateBuffers heaps(rows, k, std::move(slack));
    std::vector<std::mutex> locks(tiles);
    std::atomic<std::size_t> done{0};
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = options.progress;
    parallel.fraction = [&] {
        return static_cast<double>(done.load()) / static_cast<double>(pairs.size());
    };
    const auto tileRows = [&](std::size_t tile) {
        return static_cast<Eigen::Index>(std::min(kTile, rows - tile * kTile));
    };
    const bool screened = fused && options.screen && screenedPairsAvailable() &&
                          screenable(matrix, squaredNorms.data());
    std::optional<FloatPanels> panels;
    std::optional<Bf16Panels> halves;
    std::vector<float> paddedNorms, reachErrors;
    // The rows in the search's order, for the kernels and the re-checks: a re-check reads both
    // rows of a pair, and in this order they come from a few neighbouring tiles, not from all
    // over the matrix (51.9 s from the matrix itself, 50.7 s from this copy, above).
    RowMatrix ordered;
    std::vector<std::uint32_t> position;
    if (names) {
        ordered.resize(matrix.rows(), matrix.cols());
        position.resize(rows);
        for (std::size_t r = 0; r < rows; ++r) {
            ordered.row(static_cast<Eigen::Index>(r)) =
                matrix.row(static_cast<Eigen::Index>(names[r]));
            position[names[r]] = static_cast<std::uint32_t>(r);
        }
    }
    const MatrixView searchRows = names ? MatrixView(ordered) : matrix;
    if (fused) {
        if (screened) {
            halves.emplace(searchRows, options.threads);
        } else {
            panels.emplace(searchRows, options.threads);
        }
        if (euclidean) {
            paddedNorms.assign(rows + 32, 0.0f);
            for (std::size_t r = 0; r < rows; ++r)
                paddedNorms[r] = squaredNorm(r);
        }
    }
    std::optional<ScreenedPairs> screenJob;
    if (screened)
        screenJob.emplace(screenedPairs(searchRows, names, euclidean ? paddedNorms.data() : nullptr,
                                        *halves, reachErrors));
    parallelFor(
        pairs.size(),
        [&](std::size_t p) {
            const auto [ti, tj] = pairs[p];
            const std::size_t firstI = ti * kTile, firstJ = tj * kTile;
            const Eigen::Index ni = tileRows(ti), nj = tileRows(tj);
            if (fused) {
                std::unique_lock<std::mutex> first(locks[ti]), second;
                if (tj != ti) second = std::unique_lock<std::mutex>(locks[tj]);
                if (screened) {
                    scoreTilePairScreened(*screenJob, firstI, static_cast<std::size_t>(ni), firstJ,
                                          static_cast<std::size_t>(nj), heaps);
                } else {
                    const FusedPairs job{searchRows, *panels,
                                         euclidean ? paddedNorms.data() : nullptr, names};
                    scoreTilePairFused(job, firstI, static_cast<std::size_t>(ni), firstJ,
                                       static_cast<std::size_t>(nj), heaps);
                }
            } else {
                scoreTilePair(matrix, squaredNorms, euclidean, firstI, ni, firstJ, nj, heaps,
                              locks[ti], locks[tj]);
            }
            done += 1;
        },
        parallel);

    AllPairsTopK out;
    out.rows = rows;
    out.k = k;
    // The scores reported, and the final order, come from each pair computed on its own: the
    // same rows always give the same value, wherever they sat in a tile.
    heaps.finish(
        out.ids, out.scores, options.threads,
        [&](std::size_t row, std::uint32_t id) {
            const auto a = searchRows.row(static_cast<Eigen::Index>(row));
            const auto b = searchRows.row(static_cast<Eigen::Index>(names ? position[id] : id));
            return euclidean ? -(a - b).squaredNorm() : a.dot(b);
        },
        names);
    return out;
}

} // namespace vecspace
