#pragma once

// One entry point for every layout method, shared by vecspace-cli and the window: the method,
// the target dimensions and the method's own options, with one callback for live layouts.

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/layout/pca.h"
#include "vecspace/layout/tsne.h"
#include "vecspace/layout/umap.h"

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace vecspace {

enum class ProjectionMethod { Pca, Tsne, Umap };

const char* projectionMethodName(ProjectionMethod method);  // "pca", "tsne", "umap"
const char* projectionMethodTitle(ProjectionMethod method); // "PCA", "t-SNE", "UMAP"
std::optional<ProjectionMethod> parseProjectionMethod(std::string_view name);

// An intermediate layout (t-SNE iterations, UMAP epochs): `step` of `steps`, and the t-SNE KL
// divergence where computed (NaN otherwise). Returning false cancels the run (Cancelled).
struct ProjectionSnapshot {
    const RowMatrix& coordinates;
    std::size_t step;
    std::size_t steps;
    double klDivergence;
};
using ProjectionCallback = std::function<bool(const ProjectionSnapshot&)>;

struct ProjectionOptions {
    ProjectionMethod method = ProjectionMethod::Pca;
    std::size_t dimensions = 3; // 2 or 3
    // PCA: which principal components (0-based) become x, y (and z); empty: the first ones.
    std::vector<std::size_t> pcaComponents;
    bool spherize = false; // PCA: centre, then unit length per row, as the Projector offers
    // The methods' own parameters; their dimensions, seed, threads, callbacks and progress are
    // overwritten from the fields here.
    TsneOptions tsne;
    UmapOptions umap;
    std::uint64_t seed = 0;
    unsigned threads = 0;
    std::size_t callbackInterval = 10;
    ProjectionCallback callback;
    ProgressFn progress;
    PhaseFn phase; // t-SNE's and UMAP's stages (TsneOptions::onPhase, UmapOptions::onPhase)
};

struct ProjectionResult {
    ProjectionMethod method = ProjectionMethod::Pca;
    RowMatrix coordinates; // rows x dimensions, in input row order
    double seconds = 0;
    std::size_t steps = 0;                      // t-SNE iterations or UMAP epochs run
    std::optional<double> klDivergence;         // t-SNE
    std::optional<double> degreesOfFreedom;     // t-SNE: its kernel's, resolved
    std::optional<TsneForceLaw> forceLaw;       // t-SNE: resolved
    std::vector<double> explainedVariance;      // PCA: of each chosen component
    std::vector<double> explainedVarianceRatio; // PCA: the same as a share of the total
};

// Throws std::invalid_argument for bad options (dimensions other than 2 or 3, a component
// beyond the data's), Cancelled when progress or the callback asks to stop.
ProjectionResult computeProjection(MatrixView data, const ProjectionOptions& options);

} // namespace vecspace
