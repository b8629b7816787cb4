#pragma once

// Shared by the t-SNE tests: layouts to score, affinities built from a dense matrix, and one
// repulsion engine's forces and normaliser.

#include "vecspace/layout/tsne.h"

#include <cstdint>
#include <vector>

namespace tsnetest {

// Five Gaussian clusters, centres spread over `scale`, points 1/10 of it around them.
vecspace::RowMatrix clusters(std::size_t rows, int dims, double scale, std::uint32_t seed);

// P from a dense rows x rows matrix of weights (symmetric, zero diagonal): its non-zero entries,
// divided by their sum.
vecspace::TsneAffinities affinitiesFromDense(const std::vector<double>& dense, std::size_t rows);

struct Repulsion {
    vecspace::RowMatrix gradient; // forces / Z
    double z = 0;
};

Repulsion repulsion(vecspace::TsneMethod method, const vecspace::RowMatrix& layout,
                    const vecspace::TsneOptions& options);

} // namespace tsnetest
