#include "vecspace/layout/projection.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

ProjectionResult runPca(MatrixView data, const ProjectionOptions& options) {
    std::vector<std::size_t> components = options.pcaComponents;
    if (components.empty())
        for (std::size_t c = 0; c < options.dimensions; ++c)
            components.push_back(c);
    if (components.size() != options.dimensions)
        throw std::invalid_argument("PCA: " + std::to_string(components.size()) +
                                    " components given for " + std::to_string(options.dimensions) +
                                    " dimensions");
    const std::size_t available = static_cast<std::size_t>(std::min(data.rows(), data.cols()));
    const std::size_t needed = *std::max_element(components.begin(), components.end()) + 1;
    if (needed > available)
        throw std::invalid_argument("PCA: component " + std::to_string(needed) +
                                    " asked for, but the data has only " +
                                    std::to_string(available));
    PcaOptions pca;
    pca.components = needed;
    pca.spherize = options.spherize;
    pca.seed = options.seed;
    pca.threads = options.threads;
    pca.progress = options.progress;
    const PcaResult full = computePca(data, pca);

    ProjectionResult result;
    result.coordinates.resize(data.rows(), static_cast<Eigen::Index>(components.size()));
    for (std::size_t i = 0; i < components.size(); ++i) {
        const auto c = static_cast<Eigen::Index>(components[i]);
        result.coordinates.col(static_cast<Eigen::Index>(i)) = full.coordinates.col(c);
        result.explainedVariance.push_back(full.explainedVariance(c));
        result.explainedVarianceRatio.push_back(full.explainedVarianceRatio(c));
    }
    return result;
}

ProjectionResult runTsne(MatrixView data, const ProjectionOptions& options) {
    TsneOptions tsne = options.tsne;
    tsne.dimensions = options.dimensions;
    tsne.seed = options.seed;
    tsne.threads = options.threads;
    tsne.progress = options.progress;
    tsne.onPhase = options.phase;
    tsne.callbackInterval = options.callbackInterval;
    if (options.callback)
        tsne.callback = [&](const TsneSnapshot& s) {
            return options.callback({s.coordinates, s.iteration, tsne.iterations, s.klDivergence});
        };
    TsneResult run = computeTsne(data, tsne);
    ProjectionResult result;
    result.coordinates = std::move(run.coordinates);
    result.steps = run.iterations;
    result.klDivergence = run.klDivergence;
    result.degreesOfFreedom = run.degreesOfFreedom;
    result.forceLaw = run.forceLaw;
    return result;
}

ProjectionResult runUmap(MatrixView data, const ProjectionOptions& options) {
    UmapOptions umap = options.umap;
    umap.components = options.dimensions;
    umap.seed = options.seed;
    umap.threads = options.threads;
    umap.progress = options.progress;
    umap.onPhase = options.phase;
    umap.epochInterval = std::max<std::size_t>(options.callbackInterval, 1);
    // Known before the run, so that the callback can show "k of n".
    const std::size_t epochs = umapEpochs(umap, static_cast<std::size_t>(data.rows()));
    if (options.callback)
        umap.onEpoch = [&](const RowMatrix& layout, std::size_t epoch) {
            return options.callback(
                {layout, epoch, epochs, std::numeric_limits<double>::quiet_NaN()});
        };
    UmapResult run = computeUmap(data, umap);
    ProjectionResult result;
    result.coordinates = std::move(run.coordinates);
    result.steps = run.epochs;
    return result;
}

} // namespace

const char* projectionMethodName(ProjectionMethod method) {
    switch (method) {
    case ProjectionMethod::Pca:
        return "pca";
    case ProjectionMethod::Tsne:
        return "tsne";
    case ProjectionMethod::Umap:
        return "umap";
    }
    return "?";
}

const char* projectionMethodTitle(ProjectionMethod method) {
    switch (method) {
    case ProjectionMethod::Pca:
        return "PCA";
    case ProjectionMethod::Tsne:
        return "t-SNE";
    case ProjectionMethod::Umap:
        return "UMAP";
    }
    return "?";
}

std::optional<ProjectionMethod> parseProjectionMethod(std::string_view name) {
    for (ProjectionMethod m :
         {ProjectionMethod::Pca, ProjectionMethod::Tsne, ProjectionMethod::Umap})
        if (name == projectionMethodName(m)) return m;
    return std::nullopt;
}

ProjectionResult computeProjection(MatrixView data, const ProjectionOptions& options) {
    if (options.dimensions != 2 && options.dimensions != 3)
        throw std::invalid_argument("a layout has 2 or 3 dimensions, not " +
                                    std::to_string(options.dimensions));
    const auto start = std::chrono::steady_clock::now();
    ProjectionResult result;
    switch (options.method) {
    case ProjectionMethod::Pca:
        result = runPca(data, options);
        break;
    case ProjectionMethod::Tsne:
        result = runTsne(data, options);
        break;
    case ProjectionMethod::Umap:
        result = runUmap(data, options);
        break;
    }
    result.method = options.method;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace vecspace
