#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/layout/tsne.h"

#include <cstdint>
#include <vector>

namespace vecspace {

class ThreadPool;

// The optimiser's rows renumbered along a space-filling curve of the layout (Hilbert in 2D,
// Morton in 3D), so that a row's neighbours in P, which t-SNE places nearby, also lie nearby in
// memory: the attraction's gathers and the grid's spreading then hit the cache.
// order[k] is the row now at position k.
std::vector<std::uint32_t> spaceFillingOrder(const RowMatrix& layout);

// P with its rows and columns renumbered: row k of the result is row order[k] of p, with each
// row's entries in their old order (so per-row sums add in the same order, to the bit).
TsneAffinities renumberAffinities(const TsneAffinities& p, const std::vector<std::uint32_t>& order,
                                  ThreadPool& pool);
// The same into `out` (not p), reusing its storage: an optimiser that renumbers every hundred
// iterations then neither allocates nor zero-fills nor faults in hundreds of MB each time.
void renumberAffinities(const TsneAffinities& p, const std::vector<std::uint32_t>& order,
                        ThreadPool& pool, TsneAffinities& out);

// Whether the optimiser renumbers the rows of a layout of `rows` rows (options.localityMinRows;
// it then holds a second copy of P).
inline bool renumbersRows(const TsneOptions& options, std::size_t rows) {
    return options.localityMinRows > 0 && rows >= options.localityMinRows;
}

// Row k of the result is row order[k] of m (in place, through one copy).
void renumberRows(RowMatrix& m, const std::vector<std::uint32_t>& order);

} // namespace vecspace
