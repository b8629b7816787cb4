#pragma once

// Density clustering of a 2D or 3D layout, for the groups the eye sees in the view: HDBSCAN,
// which finds clusters of different densities and needs no distance threshold, and DBSCAN, the
// simple alternative with one radius. Both mark sparse points as noise (-1), are exact and
// deterministic (the same input gives the same labels on any number of threads).

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/layout/point_index.h"

#include <cstdint>
#include <vector>

namespace vecspace {

struct HdbscanOptions {
    // The smallest group that counts as a cluster (hdbscan's min_cluster_size); at least 2.
    std::size_t minClusterSize = 5;
    // Points in the neighbourhood that defines a point's core distance, the point itself
    // included (hdbscan's and sklearn's min_samples); 0: minClusterSize, as in hdbscan. Larger
    // values make the clustering more conservative (more noise). Capped at the number of points.
    std::size_t minSamples = 0;
    unsigned threads = 0;
    ProgressFn progress;
};

struct DbscanOptions {
    double eps = 0.5; // neighbourhood radius (distance <= eps), in layout units
    std::size_t minSamples =
        5; // neighbours within eps, the point itself included, for a core point
    unsigned threads = 0;
    ProgressFn progress;
};

struct DensityClusters {
    std::vector<std::int32_t> labels; // per row: cluster 0 .. count - 1, or -1 for noise
    std::vector<std::size_t> sizes;   // rows per cluster
    // Per row: HDBSCAN's membership strength in [0, 1] (hdbscan's probabilities_); DBSCAN: 1
    // for core points, 0.5 for border points. 0 for noise.
    std::vector<float> probabilities;
    std::vector<double> stabilities; // HDBSCAN: each cluster's excess of mass; DBSCAN: empty

    std::size_t count() const { return sizes.size(); }
    std::size_t noise() const;
};

// HDBSCAN (Campello, Moulavi and Sander 2013) with hdbscan's defaults: mutual reachability
// distances from the core distances, their exact minimum spanning tree (hdbscan_tree.h), the
// condensed tree with minClusterSize and excess-of-mass selection; the root is never a cluster.
// Clusters are numbered in order of their smallest row. A layout with fewer than two points is
// all noise. Throws std::invalid_argument when minClusterSize is below 2, and Cancelled when
// progress says stop.
DensityClusters hdbscan(const PointIndex& index, const HdbscanOptions& options = {});
DensityClusters hdbscan(const RowMatrix& layout, const HdbscanOptions& options = {});

// DBSCAN (Ester et al. 1996) with sklearn's rules, so that labels equal
// sklearn.cluster.DBSCAN's: a core point has at least minSamples rows (itself included) within
// eps; core points within eps of each other share a cluster; a border point (not core, within
// eps of a core point) joins the first cluster that reaches it when clusters are numbered in
// order of their smallest core row, which is the order sklearn's expansion visits them in.
// Throws std::invalid_argument for a negative or non-finite eps or minSamples 0.
DensityClusters dbscan(const PointIndex& index, const DbscanOptions& options = {});
DensityClusters dbscan(const RowMatrix& layout, const DbscanOptions& options = {});

} // namespace vecspace
