#pragma once

// Readable names for clusters: each cluster is named after its members nearest its centroid in
// the input space ("france, germany, italy"). Shared by k-means and the density clusterings.

#include "vecspace/base/embedding_set.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vecspace {

struct ClusterNameOptions {
    // Spherical (the default, as suits embeddings): the centroid is the normalised mean of the
    // members' unit vectors and nearness is cosine. Off: the plain mean and euclidean distance.
    bool spherical = true;
    std::size_t nameLabels = 3; // members nearest the centroid that make the name
};

struct ClusterNames {
    std::vector<std::string> names; // "" for a cluster without members
    std::vector<std::vector<std::size_t>>
        centralRows;                // the rows that make each name, nearest first
    std::vector<std::size_t> sizes; // members per cluster
    RowMatrix centroids;            // clusters x dims (zero for an empty cluster)
};

// Names `clusters` clusters from an assignment of every row of `set` (a cluster in
// [0, clusters), or -1 for noise, which is never named). Ties by row. Throws
// std::invalid_argument when the assignment's size differs from the rows or a label is out of
// range.
ClusterNames nameClusters(const EmbeddingSet& set, std::span<const std::int32_t> assignment,
                          std::size_t clusters, const ClusterNameOptions& options = {});

// The step k-means shares: for every cluster, the `count` members scored best against the given
// centroid, best first, ties by row. `data` holds the rows as they are scored (unit rows when
// spherical, whose score is the dot product with the centroid; else the score is minus the
// squared distance), computed through the same blocked matrix products as k-means's own
// assignment step, so the scores are bit for bit the ones k-means ranks by.
std::vector<std::vector<std::size_t>> centralRows(MatrixView data,
                                                  std::span<const std::int32_t> assignment,
                                                  const RowMatrix& centroids, bool spherical,
                                                  std::size_t count);

// "a, b, c": the labels of the rows, in order.
std::string clusterName(const std::vector<std::string>& labels,
                        const std::vector<std::size_t>& rows);

} // namespace vecspace
