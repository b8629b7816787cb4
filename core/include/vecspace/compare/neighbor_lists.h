#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// Every row's k most similar other rows, nearest first (ties by row): rows x k indices.
struct NeighborLists {
    std::size_t rows = 0;
    std::size_t k = 0;
    std::vector<std::uint32_t> indices;

    const std::uint32_t* of(std::size_t row) const { return indices.data() + row * k; }
};

struct NeighborListOptions {
    std::size_t k = 10;
    unsigned threads = 0; // 0: one per hardware thread
    ProgressFn progress;
};

// Exact cosine neighbours of every row among all rows, through matrix products over pairs of row
// tiles: the score matrix is symmetric, so each pair of rows is scored once and the work is half
// of a query-by-query search. Zero rows have cosine 0 with everything. Throws
// std::invalid_argument unless 1 <= k < rows; rows must fit in 32 bits.
NeighborLists cosineNeighborLists(MatrixView data, const NeighborListOptions& options);

} // namespace vecspace
