#pragma once

#include "layout/umap_graph.h"
#include "vecspace/layout/umap.h"

namespace vecspace {

struct UmapInitOptions {
    UmapInit init = UmapInit::Spectral;
    std::size_t components = 2;
    std::uint64_t seed = 0;
    unsigned threads = 0;
    ProgressFn progress;
};

struct UmapInitResult {
    RowMatrix coordinates; // rows x components, every column rescaled to [0, 10]
    UmapInit used = UmapInit::Spectral;
    std::size_t graphComponents = 0;
};

// The starting layout as umap-learn's simplicial_set_embedding makes it: spectral (or PCA)
// coordinates scaled to a largest magnitude of 10 plus normal noise of deviation 1e-4, or
// uniform ones in [-10, 10]; then every column mapped onto [0, 10].
//
// A graph in several connected components is laid out as umap-learn's multi_component_layout
// does: each component gets a position in a meta layout, is embedded spectrally on its own and
// scaled to half the distance to the nearest other component; components smaller than
// 2 * components vertices are scattered uniformly over that range. Up to 2 * components
// components the meta positions are umap-learn's +-unit vectors. With more, umap-learn embeds
// the component centroids spectrally with affinities exp(-d^2), which degenerates to an
// arbitrary layout once centroids lie a few units apart (as embedding centroids do); the first
// principal components of the centroids are used instead, which keep their large-scale
// arrangement.
UmapInitResult initialLayout(MatrixView data, const SparseGraph& graph,
                             const UmapInitOptions& options);

} // namespace vecspace
