#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// A renumbering of the rows that puts similar rows near each other: the leaf order of a
// principal-direction tree, which splits each group of rows at the median of its projections
// on the group's leading principal direction (a few power iterations on a sample) until a group
// has at most leafRows. Deterministic; the same for any thread count. order[r] is the row placed
// at r. The exact all-pairs search visits tile pairs near the diagonal first, so in this order
// each row meets its likely neighbours early and its bar rises before the far tiles come.
// `progress` is asked between levels of the tree (reporting 0): false throws Cancelled.
std::vector<std::uint32_t> similarityOrder(MatrixView matrix, std::size_t leafRows,
                                           unsigned threads, const ProgressFn& progress = {});

} // namespace vecspace
