#include "vecspace/layout/umap.h"

#include "layout/umap_graph.h"
#include "layout/umap_init.h"
#include "layout/umap_optimize.h"
#include "vecspace/base/memory_budget.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

// Shares of the progress bar: the neighbours and the epochs take most of the time.
constexpr double kNeighborsEnd = 0.3;
constexpr double kGraphEnd = 0.35;
constexpr double kInitEnd = 0.45;

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

ProgressFn phase(const ProgressFn& progress, double from, double to) {
    if (!progress) return {};
    return [progress, from, to](double f) { return progress(from + (to - from) * f); };
}

void enter(const UmapOptions& options, const char* name) {
    if (options.onPhase) options.onPhase(name);
}

const char* initPhase(UmapInit init) {
    switch (init) {
    case UmapInit::Spectral:
        return "spectral initialisation";
    case UmapInit::Pca:
        return "PCA initialisation";
    case UmapInit::Random:
        break;
    }
    return "random initialisation";
}

void report(const ProgressFn& progress, double fraction) {
    if (progress && !progress(fraction)) throw Cancelled();
}

void validate(std::size_t rows, const UmapOptions& options) {
    if (options.components != 2 && options.components != 3)
        throw std::invalid_argument("UMAP: components must be 2 or 3, got " +
                                    std::to_string(options.components));
    if (rows < 3) throw std::invalid_argument("UMAP: needs at least 3 rows");
    if (rows > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("UMAP: more than 2^32 - 1 rows");
    if (options.nNeighbors < 2 || options.nNeighbors >= rows)
        throw std::invalid_argument("UMAP: nNeighbors must be between 2 and rows - 1 (" +
                                    std::to_string(rows - 1) + "), got " +
                                    std::to_string(options.nNeighbors));
    if (!(options.spread > 0) || !(options.minDist >= 0) || !std::isfinite(options.spread) ||
        !std::isfinite(options.minDist))
        throw std::invalid_argument("UMAP: spread must be positive and minDist non-negative");
    if (!(options.learningRate > 0) || !(options.negativeSampleRate >= 0) ||
        !(options.localConnectivity >= 0) ||
        !(options.setOpMixRatio >= 0 && options.setOpMixRatio <= 1))
        throw std::invalid_argument("UMAP: learningRate must be positive, negativeSampleRate and "
                                    "localConnectivity non-negative, setOpMixRatio in [0, 1]");
}

} // namespace

std::size_t defaultUmapEpochs(std::size_t rows) {
    return rows <= 10000 ? 500 : 200;
}

UmapResult computeUmap(MatrixView data, const UmapOptions& options) {
    validate(static_cast<std::size_t>(data.rows()), options);
    const auto start = Clock::now();
    KnnOptions knn;
    knn.k = options.nNeighbors - 1; // umap-learn's n_neighbors includes the point itself
    knn.metric = options.metric;
    knn.method = options.knnMethod;
    knn.seed = options.seed;
    knn.threads = options.threads;
    knn.progress = phase(options.progress, 0.0, kNeighborsEnd);
    enter(options, "neighbours");
    const KnnGraph graph = computeKnnGraph(data, knn);
    const double neighborSeconds = secondsSince(start);
    UmapOptions rest = options;
    rest.progress = phase(options.progress, kNeighborsEnd, 1.0);
    UmapResult result = computeUmap(data, graph, rest);
    result.seconds.neighbors = neighborSeconds;
    result.seconds.total = secondsSince(start);
    return result;
}

UmapResult computeUmap(MatrixView data, const KnnGraph& knn, const UmapOptions& options) {
    const auto rows = static_cast<std::size_t>(data.rows());
    validate(rows, options);
    // The fuzzy graph (both directions: a row, a column and a weight per entry) and the epochs'
    // per-edge schedule, next to the layout.
    requireMemory(std::uint64_t(rows) * (std::uint64_t(options.nNeighbors) * 2 * 20 +
                                         std::uint64_t(options.components) * 8),
                  "UMAP of " + std::to_string(rows) + " rows",
                  "Lay out fewer rows (--limit N), or use fewer neighbours.");
    if (knn.rows != rows || knn.k + 1 < options.nNeighbors)
        throw std::invalid_argument("UMAP: the k-NN graph does not match the data or has fewer "
                                    "than nNeighbors - 1 neighbours per row");
    // When called from the other overload the bar is already scaled to what remains after the
    // neighbours; these shares are then of that rest.
    const double graphEnd = (kGraphEnd - kNeighborsEnd) / (1 - kNeighborsEnd);
    const double initEnd = (kInitEnd - kNeighborsEnd) / (1 - kNeighborsEnd);
    UmapResult result;
    result.knnMethod = knn.method;
    result.curve = fitUmapCurve(options.minDist, options.spread);

    auto clock = Clock::now();
    enter(options, "fuzzy graph");
    FuzzyGraphOptions fuzzy;
    fuzzy.nNeighbors = options.nNeighbors;
    fuzzy.localConnectivity = options.localConnectivity;
    fuzzy.setOpMixRatio = options.setOpMixRatio;
    fuzzy.threads = options.threads;
    const FuzzyGraph graph = fuzzySimplicialSet(knn, fuzzy);
    const std::size_t defaultEpochs = defaultUmapEpochs(rows);
    result.epochs = umapEpochs(options, rows);
    // As umap-learn: a short run still prunes at the default count's threshold.
    const SparseGraph pruned =
        pruneForEpochs(graph.graph, result.epochs > 10 ? result.epochs : defaultEpochs);
    result.graphEdges = pruned.edges();
    result.seconds.graph = secondsSince(clock);
    report(options.progress, graphEnd);

    clock = Clock::now();
    enter(options, initPhase(options.init));
    UmapInitOptions init;
    init.init = options.init;
    init.components = options.components;
    init.seed = options.seed;
    init.threads = options.threads;
    init.progress = phase(options.progress, graphEnd, initEnd);
    UmapInitResult start = initialLayout(data, pruned, init);
    result.initUsed = start.used;
    result.graphComponents = start.graphComponents;
    result.seconds.init = secondsSince(clock);
    report(options.progress, initEnd);

    clock = Clock::now();
    enter(options, "epochs");
    UmapOptimizeOptions optimize;
    optimize.epochs = result.epochs;
    optimize.a = result.curve.a;
    optimize.b = result.curve.b;
    optimize.gamma = options.repulsionStrength;
    optimize.learningRate = options.learningRate;
    optimize.negativeSampleRate = options.negativeSampleRate;
    optimize.seed = options.seed;
    optimize.threads = options.threads;
    optimize.onEpoch = options.onEpoch;
    optimize.epochInterval = options.epochInterval;
    optimize.progress = phase(options.progress, initEnd, 1.0);
    optimizeLayout(start.coordinates, pruned, optimize);
    result.coordinates = std::move(start.coordinates);
    result.seconds.optimize = secondsSince(clock);
    result.seconds.total = result.seconds.graph + result.seconds.init + result.seconds.optimize;
    return result;
}

} // namespace vecspace
