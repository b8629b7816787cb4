#pragma once

#include "vecspace/layout/knn_graph.h"

namespace vecspace {

// The approximate k-NN graph through an HNSW index (knn_graph.cpp dispatches here). The graph is
// a function of the data and the options other than threads and progress.
KnnGraph hnswGraph(MatrixView data, const KnnOptions& options);

} // namespace vecspace
