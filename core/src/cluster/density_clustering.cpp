#include "vecspace/cluster/density_clustering.h"

#include "base/progress_throttle.h"
#include "vecspace/cluster/hdbscan_tree.h"

#include <algorithm>
#include <stdexcept>

namespace vecspace {

std::size_t DensityClusters::noise() const {
    return static_cast<std::size_t>(std::count(labels.begin(), labels.end(), -1));
}

DensityClusters hdbscan(const PointIndex& index, const HdbscanOptions& options) {
    if (options.minClusterSize < 2)
        throw std::invalid_argument("HDBSCAN: min cluster size must be at least 2");
    const std::size_t n = index.size();
    DensityClusters result;
    result.labels.assign(n, -1);
    result.probabilities.assign(n, 0.0f);
    if (n < 2) return result;
    const std::size_t minSamples =
        std::min(n, options.minSamples > 0 ? options.minSamples : options.minClusterSize);

    // The spanning tree is nearly all the work; the tree stages take milliseconds.
    ProgressFn treeProgress;
    if (options.progress) treeProgress = [&](double f) { return options.progress(0.97 * f); };
    const std::vector<SpanningEdge> edges =
        mutualReachabilityTree(index, minSamples, options.threads, treeProgress);
    ProgressThrottle throttle(options.progress);
    throttle.force(0.97);
    const ClusterSelection selection =
        selectClusters(condenseTree(edges, n, options.minClusterSize));

    // Number the clusters by their smallest row, which does not depend on how the tree was
    // oriented.
    std::vector<std::int32_t> renumber(selection.clusters.size(), -1);
    for (std::size_t row = 0; row < n; ++row) {
        const std::int32_t label = selection.labels[row];
        if (label < 0) continue;
        std::int32_t& id = renumber[static_cast<std::size_t>(label)];
        if (id < 0) {
            id = static_cast<std::int32_t>(result.sizes.size());
            result.sizes.push_back(0);
            result.stabilities.push_back(selection.stabilities[static_cast<std::size_t>(label)]);
        }
        result.labels[row] = id;
        ++result.sizes[static_cast<std::size_t>(id)];
        result.probabilities[row] = selection.probabilities[row];
    }
    throttle.force(1.0);
    return result;
}

DensityClusters hdbscan(const RowMatrix& layout, const HdbscanOptions& options) {
    return hdbscan(PointIndex(layout), options);
}

} // namespace vecspace
