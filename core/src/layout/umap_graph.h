#pragma once

#include "vecspace/layout/knn_graph.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// A weighted graph in compressed sparse rows, columns sorted within each row. UMAP's graphs are
// symmetric: both (i, j) and (j, i) are stored, with the same weight.
struct SparseGraph {
    std::size_t rows = 0;
    std::vector<std::size_t> rowStart; // rows + 1 offsets into cols and weights
    std::vector<std::uint32_t> cols;
    std::vector<float> weights;

    std::size_t edges() const { return cols.size(); }
    std::size_t degree(std::size_t row) const { return rowStart[row + 1] - rowStart[row]; }
};

struct FuzzyGraphOptions {
    std::size_t nNeighbors = 15; // counting the point itself, as umap-learn does
    double localConnectivity = 1.0;
    double setOpMixRatio = 1.0;
    unsigned threads = 0;
};

struct FuzzyGraph {
    SparseGraph graph;
    std::vector<float> rho;   // distance to the local_connectivity-th nearest other point
    std::vector<float> sigma; // the kernel width of each row
};

// umap-learn's smooth_knn_dist for one row. `distances` are the row's k - 1 nearest other points,
// nearest first; umap-learn's own rows start with the point itself at distance 0, which adds
// nothing to the sum but takes part in the mean that bounds sigma from below. `meanAll` is that
// mean over the whole table (self columns included), the bound for rows whose rho is 0.
void smoothKnnDistance(const float* distances, std::size_t others, double localConnectivity,
                       double meanAll, float& rho, float& sigma);

// The fuzzy simplicial set of a k-NN graph: memberships exp(-(d - rho) / sigma) per row, then
// mix * (A + A^T - A o A^T) + (1 - mix) * (A o A^T). Zero weights are dropped.
FuzzyGraph fuzzySimplicialSet(const KnnGraph& knn, const FuzzyGraphOptions& options);

// Drops the edges lighter than max / epochs, which umap-learn's SGD would never sample.
SparseGraph pruneForEpochs(const SparseGraph& graph, std::size_t epochs);

// Connected component of every vertex (numbered in order of their smallest vertex); returns
// the number of components.
std::size_t connectedComponents(const SparseGraph& graph, std::vector<std::uint32_t>& component);

} // namespace vecspace
