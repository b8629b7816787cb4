#pragma once

#include "vecspace/layout/knn_graph.h"

#include <span>

namespace vecspace {

// The exact k nearest other rows of some query rows, against all rows of `data` (computeKnnGraph's
// exact path, for a subset of queries): tiled matrix products rank the rows, then the best
// k + kRerankMargin candidates of each query are re-ranked by distances computed directly in
// double, ties by row, so only near-ties closer than float rounding of the products can differ
// from a plain loop. Graph row i holds the neighbours of queries[i]; distances are euclidean or
// 1 - cosine (1 against a zero vector). Throws std::invalid_argument when k is 0 or not below the
// number of rows, or a query is out of range.
KnnGraph exactKnnOfRows(MatrixView data, std::span<const std::size_t> queries, std::size_t k,
                        DistanceMetric metric, unsigned threads = 0,
                        const ProgressFn& progress = {});

} // namespace vecspace
