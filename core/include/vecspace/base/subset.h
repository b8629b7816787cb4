#pragma once

#include "vecspace/base/embedding_set.h"

#include <cstddef>
#include <span>

namespace vecspace {

// The given rows of `set`, in the order given (repeats allowed): labels, vectors and every
// metadata column's values; format and source are kept. Load warnings are not: their line
// numbers describe the whole file. Throws std::out_of_range naming the first row that `set`
// does not have.
EmbeddingSet subset(const EmbeddingSet& set, std::span<const std::size_t> rows);

} // namespace vecspace
