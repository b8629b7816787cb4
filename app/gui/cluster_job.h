#pragma once

#include "dataset.h"
#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/cluster/density_clustering.h"
#include "vecspace/cluster/kmeans.h"

#include <memory>

// What to cluster for the colours: k-means on the set's vectors, or HDBSCAN on a layout of its
// rows. Runs on a worker (blocking); the clusters are named from the vectors either way.
struct ClusterRequest {
    std::shared_ptr<const vecspace::EmbeddingSet> set;
    bool density = false;
    vecspace::KMeansOptions kMeans;   // progress is replaced by computeClusters' argument
    vecspace::HdbscanOptions hdbscan; // idem
    vecspace::RowMatrix layout;       // density only: rows x 2 or 3
};

struct ClusterOutcome {
    std::shared_ptr<const Dataset::Clusters> clusters;
    double seconds = 0;
};

ClusterOutcome computeClusters(ClusterRequest request, const vecspace::ProgressFn& progress);
