#include "vecspace/compare/neighbor_lists.h"

#include "base/all_pairs_top_k.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace vecspace {

NeighborLists cosineNeighborLists(MatrixView data, const NeighborListOptions& options) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    if (options.k == 0 || options.k >= rows)
        throw std::invalid_argument("neighbour lists: k must be between 1 and rows - 1 (" +
                                    std::to_string(rows > 0 ? rows - 1 : 0) + "), got " +
                                    std::to_string(options.k));
    if (rows > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("neighbour lists: more than 2^32 - 1 rows");

    RowMatrix unit(data);
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
        const float norm = unit.row(i).norm();
        if (norm > 0) unit.row(i) /= norm;
    }
    AllPairsOptions all;
    all.k = options.k;
    all.score = PairScore::Dot;
    all.threads = options.threads;
    all.progress = options.progress;
    AllPairsTopK found = allPairsTopK(unit, all);

    NeighborLists lists;
    lists.rows = rows;
    lists.k = options.k;
    lists.indices = std::move(found.ids);
    return lists;
}

} // namespace vecspace
