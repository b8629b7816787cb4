#pragma once

// How faithful a 2D/3D layout is to its input: neighbours kept, and classes kept together.

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/layout/knn_graph.h"
#include "vecspace/layout/point_index.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vecspace {

struct LayoutQualityOptions {
    std::size_t k = 10; // neighbours per query row, the row itself excluded
    DistanceMetric metric = DistanceMetric::Euclidean; // input space (knnPreservation only)
    // Query rows: a seeded random sample of this many rows (without replacement), or every row
    // when 0 or at least the number of rows. Every query's neighbours are exact, among ALL rows.
    std::size_t sample = 10000;
    std::uint64_t seed = 0;
    unsigned threads = 0;
    ProgressFn progress;
};

// Mean over the query rows of |input neighbours ∩ layout neighbours| / k: 1 when the layout keeps
// every row's k nearest neighbours, about k / rows for a random layout. Input neighbours come from
// tiled matrix products over all rows, re-ranked in double; layout neighbours from a k-d tree;
// ties by row in both. Throws std::invalid_argument when the row counts differ, the layout is
// not 2D/3D, or k is 0 or not below the number of rows.
double knnPreservation(MatrixView input, const RowMatrix& layout,
                       const LayoutQualityOptions& options = {});
double knnPreservation(MatrixView input, const PointIndex& layout,
                       const LayoutQualityOptions& options = {});

// Mean over the query rows of the share of their k nearest layout neighbours that have the same
// class (e.g. the digit of sklearn's digits): 1 when classes form clean islands.
double labelAgreement(const PointIndex& layout, std::span<const std::int32_t> classes,
                      const LayoutQualityOptions& options = {});
double labelAgreement(const RowMatrix& layout, std::span<const std::int32_t> classes,
                      const LayoutQualityOptions& options = {});
// Classes given as text (a metadata column): equal strings are one class.
double labelAgreement(const RowMatrix& layout, const std::vector<std::string>& classes,
                      const LayoutQualityOptions& options = {});

// The query rows the options choose among `rows`, ascending: a partial Fisher-Yates shuffle driven
// by std::mt19937_64 (whose output the standard fixes), so the same seed picks the same rows on
// every platform.
std::vector<std::size_t> qualitySampleRows(std::size_t rows, std::size_t sample,
                                           std::uint64_t seed);

} // namespace vecspace
