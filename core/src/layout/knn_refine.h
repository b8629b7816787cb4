#pragma once

#include "vecspace/base/parallel.h"
#include "vecspace/layout/knn_graph.h"

#include <cstddef>

namespace vecspace {

// One pass of neighbour-of-neighbour refinement (the local join of NN-descent, Dong et al.
// 2011): a neighbour of a near neighbour is likely near, so checking those candidates finds many
// of the true neighbours an approximate search missed, at a small fraction of a full search's
// cost. Each row's candidates are its own list and the lists of its first `hops` neighbours.
// `unit` is a unit-length copy of `data` for cosine (unused for euclidean). Reads `graph` and
// returns a new one, so the result does not depend on the thread count; distances come from the
// same formulas as the exact path. Cancel and progress through `parallel`.
KnnGraph refineKnnGraph(const KnnGraph& graph, MatrixView data, const RowMatrix& unit,
                        DistanceMetric metric, std::size_t hops, const ParallelOptions& parallel);

// The distance every k-NN path reports for a pair of rows, computed directly, so that it carries
// no cancellation error from the |a|^2 + |b|^2 - 2ab form the exact search ranks by.
float pairDistance(MatrixView data, const RowMatrix& unit, DistanceMetric metric, std::size_t a,
                   std::size_t b);

} // namespace vecspace
