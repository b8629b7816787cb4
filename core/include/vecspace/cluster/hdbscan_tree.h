#pragma once

// The stages of HDBSCAN (Campello, Moulavi and Sander 2013; the condensed tree and excess-of-mass
// selection as in McInnes, Healy and Astels' hdbscan library), one function each, so that each
// can be checked on its own. density_clustering.h puts them together.

#include "vecspace/base/progress.h"
#include "vecspace/layout/point_index.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// An edge of a spanning tree over rows a and b.
struct SpanningEdge {
    std::uint32_t a = 0, b = 0; // a < b
    double distance = 0;
    bool operator==(const SpanningEdge&) const = default;
};

// Core distance of every row (indexed by row): the distance to its (minSamples - 1)-th nearest
// other row, i.e. the minSamples-th counting the row itself as hdbscan and sklearn do; 0 when
// minSamples is 1. Throws std::invalid_argument when minSamples is 0 or exceeds the rows.
std::vector<double> coreDistances(const PointIndex& index, std::size_t minSamples,
                                  unsigned threads = 0, const ProgressFn& progress = {});

// The minimum spanning tree of the complete graph whose edge weights are the mutual reachability
// distances max(core(a), core(b), |a - b|), exact: Boruvka's algorithm, where each round finds
// every component's lightest outgoing edge with one pruned k-d tree search per point (a box is
// skipped when it holds only the component's own points, or when max(core(p), the box's least
// core distance, the box's distance) exceeds the lightest edge the component has found so far,
// seeded from the k-nearest-neighbour edges). Ties are broken by (smaller row, larger row), which
// makes the tree unique, so the result does not depend on threads or timing. Edges come sorted
// in merge order: by distance, then by rows. `progress` covers the core distances as well.
std::vector<SpanningEdge> mutualReachabilityTree(const PointIndex& index, std::size_t minSamples,
                                                 unsigned threads = 0,
                                                 const ProgressFn& progress = {});

// One edge of the condensed tree, in hdbscan's layout: ids below `points` are rows, the root
// cluster is `points`, and further clusters are numbered from points + 1 in breadth-first
// order, so a parent's id is always smaller than its children's.
struct CondensedEdge {
    std::uint32_t parent = 0;
    std::uint32_t child = 0;
    double lambda = 0;           // 1 / distance at which the child left the parent (inf at 0)
    std::uint32_t childSize = 1; // rows under the child
    bool operator==(const CondensedEdge&) const = default;
};

struct CondensedTree {
    std::size_t points = 0;
    std::size_t clusters = 0;         // root included
    std::vector<CondensedEdge> edges; // in order of creation (breadth first from the root)
};

// Condenses the single-linkage hierarchy of a spanning tree (edges in merge order, as
// mutualReachabilityTree returns them): walking down from the root, a split where both sides
// have at least minClusterSize rows makes two new clusters; otherwise the smaller sides' rows
// fall out of the cluster as points and the cluster goes on. Throws std::invalid_argument when
// the edges do not form a spanning tree over `points` rows, or minClusterSize is below 2.
CondensedTree condenseTree(const std::vector<SpanningEdge>& mergeOrder, std::size_t points,
                           std::size_t minClusterSize);

struct ClusterSelection {
    std::vector<std::uint32_t> clusters; // selected condensed-tree ids, ascending
    std::vector<double> stabilities;     // excess of mass of each selected cluster
    std::vector<std::int32_t> labels;    // per row: index into `clusters`, or -1 for noise
    std::vector<float> probabilities;    // per row: hdbscan's membership strength, 0 for noise
};

// Stability of every cluster (the sum over its points and child clusters of (lambda at which they
// leave - lambda at which the cluster was born) x size), then excess-of-mass selection: from the
// leaves up, a cluster is kept when its stability is at least the sum of its children's best,
// and a kept cluster drops everything below it. The root is never selected (hdbscan's
// allow_single_cluster = False); rows that are under no selected cluster are noise.
ClusterSelection selectClusters(const CondensedTree& tree);

} // namespace vecspace
