#include "vecspace/compare/neighbor_lists.h"

#include "base/top_k.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

// 512 x 512 scores (1 MB) and its transpose stay in the second-level cache while they are read.
constexpr std::size_t kTile = 512;

// Offers each row of a column-major tile (scores of rows firstRow.. against columns firstCol..)
// to that row's list. Rows are strided in this layout, so the maxima of 16 columns at a time
// are taken down the contiguous columns first, and only rows whose maximum could enter are read
// across.
void pushRows(const Eigen::MatrixXf& scores, std::size_t firstRow, std::size_t firstCol,
              std::vector<TopK>& tops) {
    const Eigen::Index rows = scores.rows();
    const Eigen::Index cols = scores.cols();
    std::vector<float> maxima(static_cast<std::size_t>(rows));
    // Each list's entry bar, kept here: reading it from the lists' heaps is a cache miss per row.
    std::vector<float> bars(static_cast<std::size_t>(rows));
    for (Eigen::Index i = 0; i < rows; ++i)
        bars[static_cast<std::size_t>(i)] =
            tops[firstRow + static_cast<std::size_t>(i)].threshold();
    for (Eigen::Index c0 = 0; c0 < cols; c0 += 16) {
        const Eigen::Index width = std::min<Eigen::Index>(16, cols - c0);
        std::copy_n(scores.col(c0).data(), rows, maxima.data());
        for (Eigen::Index c = c0 + 1; c < c0 + width; ++c) {
            const float* column = scores.col(c).data();
            for (Eigen::Index i = 0; i < rows; ++i)
                maxima[static_cast<std::size_t>(i)] =
                    std::max(maxima[static_cast<std::size_t>(i)], column[i]);
        }
        for (Eigen::Index i = 0; i < rows; ++i) {
            const auto r = static_cast<std::size_t>(i);
            if (!(maxima[r] >= bars[r])) continue;
            TopK& top = tops[firstRow + r];
            for (Eigen::Index c = c0; c < c0 + width; ++c)
                top.push(firstCol + static_cast<std::size_t>(c), scores(i, c));
            bars[r] = top.threshold();
        }
    }
}

} // namespace

NeighborLists cosineNeighborLists(const RowMatrix& data, const NeighborListOptions& options) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    const std::size_t k = options.k;
    if (k == 0 || k >= rows)
        throw std::invalid_argument("neighbour lists: k must be between 1 and rows - 1 (" +
                                    std::to_string(rows > 0 ? rows - 1 : 0) + "), got " +
                                    std::to_string(k));
    if (rows > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("neighbour lists: more than 2^32 - 1 rows");

    RowMatrix unit = data;
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
        const float norm = unit.row(i).norm();
        if (norm > 0) unit.row(i) /= norm;
    }
    const std::size_t tiles = (rows + kTile - 1) / kTile;
    // Tile pairs (I, I + d) ordered by d, so that pairs running at once rarely share a tile and
    // hence a lock.
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    pairs.reserve(tiles * (tiles + 1) / 2);
    for (std::size_t d = 0; d < tiles; ++d)
        for (std::size_t i = 0; i + d < tiles; ++i)
            pairs.emplace_back(i, i + d);

    std::vector<TopK> tops(rows, TopK(k));
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
    parallelFor(
        pairs.size(),
        [&](std::size_t p) {
            const auto [ti, tj] = pairs[p];
            const std::size_t firstI = ti * kTile;
            const std::size_t firstJ = tj * kTile;
            const Eigen::Index ni = tileRows(ti);
            const Eigen::Index nj = tileRows(tj);
            // Column-major: column j holds row firstJ + j's scores against tile I.
            Eigen::MatrixXf scores;
            scores.noalias() = unit.middleRows(static_cast<Eigen::Index>(firstI), ni) *
                               unit.middleRows(static_cast<Eigen::Index>(firstJ), nj).transpose();
            // A row is not its own neighbour.
            if (ti == tj) scores.diagonal().setConstant(-std::numeric_limits<float>::infinity());
            {
                const std::lock_guard lock(locks[tj]);
                for (Eigen::Index j = 0; j < nj; ++j)
                    pushScores(scores.col(j).data(), static_cast<std::size_t>(ni), firstI,
                               tops[firstJ + static_cast<std::size_t>(j)]);
            }
            if (ti != tj) {
                const std::lock_guard lock(locks[ti]);
                pushRows(scores, firstI, firstJ, tops);
            }
            done += 1;
        },
        parallel);

    NeighborLists lists;
    lists.rows = rows;
    lists.k = k;
    lists.indices.resize(rows * k);
    for (std::size_t row = 0; row < rows; ++row) {
        const std::vector<Neighbor> best = tops[row].sorted();
        for (std::size_t j = 0; j < k; ++j)
            lists.indices[row * k + j] = static_cast<std::uint32_t>(best[j].row);
    }
    return lists;
}

} // namespace vecspace
