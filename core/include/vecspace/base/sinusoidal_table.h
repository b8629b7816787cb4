#pragma once

#include "vecspace/base/embedding_set.h"

#include <cstddef>

namespace vecspace {

// The Transformer's fixed positional encodings (Vaswani et al. 2017, section 3.5):
// PE(pos, 2i) = sin(pos / base^(2i / dims)), PE(pos, 2i + 1) = cos(pos / base^(2i / dims)),
// positions x dims, rows labelled by position. Throws std::invalid_argument for 0 positions or
// dims, or more than 10^7 values of either.
EmbeddingSet sinusoidalPositions(std::size_t positions, std::size_t dims, double base = 10000.0);

} // namespace vecspace
