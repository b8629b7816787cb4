#pragma once

#include "layout/umap_graph.h"
#include "vecspace/layout/umap.h"

namespace vecspace {

struct UmapOptimizeOptions {
    std::size_t epochs = 200;
    double a = 1.577;
    double b = 0.895;
    double gamma = 1.0; // repulsion strength
    double learningRate = 1.0;
    double negativeSampleRate = 5.0;
    std::uint64_t seed = 0;
    unsigned threads = 0;
    UmapEpochFn onEpoch;
    std::size_t epochInterval = 10;
    ProgressFn progress; // fraction of the epochs
};

// umap-learn's optimize_layout_euclidean: every epoch, each edge whose turn has come (edges of
// weight w every max_w / w epochs) pulls its ends together and pushes its head away from
// negativeSampleRate random vertices, gradients clipped to [-4, 4], the learning rate falling
// linearly to 0. `graph` must be symmetric. Updates `embedding` (rows x 2 or 3) in place.
void optimizeLayout(RowMatrix& embedding, const SparseGraph& graph,
                    const UmapOptimizeOptions& options);

} // namespace vecspace
