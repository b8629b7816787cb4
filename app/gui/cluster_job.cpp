#include "cluster_job.h"

#include "vecspace/cluster/cluster_names.h"

#include <QElapsedTimer>

ClusterOutcome computeClusters(ClusterRequest request, const vecspace::ProgressFn& progress) {
    QElapsedTimer timer;
    timer.start();
    auto clusters = std::make_shared<Dataset::Clusters>();
    clusters->density = request.density;
    const vecspace::EmbeddingSet& set = *request.set;
    if (request.density) {
        request.hdbscan.progress = progress;
        const vecspace::DensityClusters found = vecspace::hdbscan(request.layout, request.hdbscan);
        clusters->assignment = found.labels;
        // Named from the vectors, not the layout: the words nearest each group's centre.
        clusters->names = vecspace::nameClusters(set, found.labels, found.count()).names;
    } else {
        request.kMeans.progress = progress;
        vecspace::KMeansResult result = vecspace::kMeans(set, request.kMeans);
        clusters->assignment.assign(result.assignment.begin(), result.assignment.end());
        clusters->names = std::move(result.names);
    }
    return {std::move(clusters), double(timer.nsecsElapsed()) * 1e-9};
}
