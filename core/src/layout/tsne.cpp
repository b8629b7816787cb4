#include "vecspace/layout/tsne.h"

#include "base/thread_pool.h"
#include "layout/tsne_affinities.h"
#include "layout/tsne_divergence.h"
#include "layout/tsne_locality.h"
#include "layout/tsne_optimizer.h"
#include "vecspace/base/memory_budget.h"
#include "vecspace/layout/pca.h"

#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The progress callback seen through a window [base, base + scale] of the overall fraction.
ProgressFn window(const ProgressFn& progress, double base, double scale) {
    if (!progress) return {};
    return [progress, base, scale](double f) { return progress(base + scale * f); };
}

RowMatrix randomLayout(std::size_t rows, std::size_t dims, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1e-4);
    RowMatrix layout(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dims));
    for (Eigen::Index i = 0; i < layout.size(); ++i)
        layout.data()[i] = static_cast<float>(normal(rng));
    return layout;
}

// Principal components scaled so that the first has standard deviation 1e-4 (sklearn and
// openTSNE): small enough that the early iterations are not dominated by the start.
RowMatrix pcaLayout(RowMatrix components) {
    const auto first = components.col(0).cast<double>();
    const double mean = first.mean();
    const double sd = std::sqrt((first.array() - mean).square().mean());
    if (sd > 0) components *= static_cast<float>(1e-4 / sd);
    return components;
}

void validate(std::size_t rows, const TsneOptions& options) {
    if (options.dimensions != 2 && options.dimensions != 3)
        throw std::invalid_argument("t-SNE: layouts have 2 or 3 dimensions, not " +
                                    std::to_string(options.dimensions));
    if (rows < 2) throw std::invalid_argument("t-SNE needs at least 2 rows");
    if (!(options.perplexity > 0) || options.perplexity >= double(rows))
        throw std::invalid_argument("t-SNE: the perplexity must be positive and below the number "
                                    "of rows (" +
                                    std::to_string(rows) + ")");
    if (!(options.learningRate >= 0))
        throw std::invalid_argument("t-SNE: the learning rate must not be negative");
    // These throw for bad values, before the neighbours are searched.
    resolveTsneEarlyExaggeration(options, options.dimensions);
    const double alpha = resolveTsneDegreesOfFreedom(options, options.dimensions);
    const TsneMethod method = resolveTsneMethod(options, rows, options.dimensions);
    // The one method that cannot carry sklearn's law.
    if (resolveTsneForceLaw(options, options.dimensions, method) == TsneForceLaw::KernelWeighted &&
        method == TsneMethod::Fft && alpha != 1.0)
        throw std::invalid_argument("t-SNE: sklearn's force law (kernel-weighted forces) needs "
                                    "the exact or Barnes-Hut repulsion, not FFT, unless the "
                                    "degrees of freedom are 1");
}

} // namespace

TsneAffinities computeTsneAffinities(const KnnGraph& graph, double perplexity, unsigned threads) {
    ThreadPool pool(threads);
    return symmetrizeAffinities(graph, conditionalAffinities(graph, perplexity, pool), pool);
}

TsneResult optimizeTsne(const TsneAffinities& p, const RowMatrix& initial,
                        const TsneOptions& options) {
    const auto start = Clock::now();
    ThreadPool pool(options.threads);
    TsneOptimizer optimizer(p, static_cast<std::size_t>(initial.cols()), options, pool);
    TsneResult result;
    result.coordinates = initial;
    result.klDivergence = optimizer.run(result.coordinates, 0.0, 1.0);
    result.iterations = options.iterations;
    result.method = optimizer.method();
    result.learningRate = optimizer.learningRate();
    result.degreesOfFreedom = optimizer.degreesOfFreedom();
    result.forceLaw = optimizer.forceLaw();
    result.earlyExaggeration = optimizer.earlyExaggeration();
    result.seconds.optimization = secondsSince(start);
    return result;
}

TsneResult computeTsne(MatrixView data, const TsneOptions& options) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    const std::size_t dims = static_cast<std::size_t>(data.cols());
    validate(rows, options);
    const std::size_t outDims = options.dimensions;
    TsneResult result;
    ThreadPool pool(options.threads);

    auto start = Clock::now();
    // Wide data: neighbours among the leading principal components, whose first columns are
    // also the PCA start.
    const bool reduce =
        options.pcaDimensions > 0 && dims > options.pcaDimensions && rows > options.pcaDimensions;
    {
        // Before any of it is allocated: the reduced rows, the symmetric affinities (up to twice
        // the graph's entries, an id and a value each; twice over where the optimiser renumbers
        // rows, into a second copy) and the optimiser's per-row vectors.
        const std::uint64_t k =
            std::min<std::uint64_t>(rows - 1, std::uint64_t(3 * options.perplexity));
        const std::uint64_t copies = renumbersRows(options, rows) ? 2 : 1;
        const std::uint64_t bytes =
            std::uint64_t(rows) *
            ((reduce ? options.pcaDimensions * 4 : 0) + copies * k * 2 * 8 + outDims * 4 * 6);
        requireMemory(bytes, "t-SNE of " + std::to_string(rows) + " rows",
                      "Lay out fewer rows (--limit N), or lower the perplexity.");
    }
    PcaResult reduced;
    auto enter = [&options](const char* name) {
        if (options.onPhase) options.onPhase(name);
    };
    if (reduce) {
        enter("PCA reduction");
        PcaOptions pca;
        pca.components = options.pcaDimensions;
        pca.threads = options.threads;
        reduced = computePca(data, pca);
    }
    const MatrixView input = reduce ? MatrixView(reduced.coordinates) : data;
    KnnOptions knn;
    knn.k = std::min(rows - 1, std::max<std::size_t>(1, std::size_t(3 * options.perplexity)));
    knn.metric = options.metric;
    knn.method = options.knnMethod;
    knn.seed = options.seed;
    knn.threads = options.threads;
    knn.progress = window(options.progress, 0.0, 0.3);
    enter("neighbours");
    TsneAffinities p;
    { // the graph is freed once P is made
        const KnnGraph graph = computeKnnGraph(input, knn);
        result.seconds.neighbors = secondsSince(start);

        start = Clock::now();
        enter("affinities");
        p = symmetrizeAffinities(graph, conditionalAffinities(graph, options.perplexity, pool),
                                 pool);
    }
    if (options.progress && !options.progress(0.35)) throw Cancelled();
    result.seconds.affinities = secondsSince(start);

    start = Clock::now();
    enter("initialisation");
    if (options.init == TsneInit::Pca &&
        std::min<std::size_t>(rows, std::size_t(input.cols())) >= outDims) {
        if (reduce) {
            result.coordinates = pcaLayout(reduced.coordinates.leftCols(Eigen::Index(outDims)));
        } else {
            PcaOptions pca;
            pca.components = outDims;
            pca.threads = options.threads;
            result.coordinates = pcaLayout(computePca(data, pca).coordinates);
        }
    } else {
        // Random, and PCA on data with fewer columns than the layout has dimensions.
        result.coordinates = randomLayout(rows, outDims, options.seed);
    }
    TsneOptimizer optimizer(std::move(p), outDims, options, pool);
    enter("optimisation");
    result.klDivergence = optimizer.run(result.coordinates, 0.35, 0.65);
    result.iterations = options.iterations;
    result.method = optimizer.method();
    result.learningRate = optimizer.learningRate();
    result.degreesOfFreedom = optimizer.degreesOfFreedom();
    result.forceLaw = optimizer.forceLaw();
    result.earlyExaggeration = optimizer.earlyExaggeration();
    result.seconds.optimization = secondsSince(start);
    return result;
}

double tsneKlDivergence(const TsneAffinities& p, const RowMatrix& layout,
                        const TsneOptions& options) {
    const std::size_t dims = static_cast<std::size_t>(layout.cols());
    if (static_cast<std::size_t>(layout.rows()) != p.rows)
        throw std::invalid_argument("t-SNE divergence: the layout and P differ in rows");
    ThreadPool pool(options.threads);
    auto repulsion =
        makeTsneRepulsion(resolveTsneMethod(options, p.rows, dims), dims, options, pool);
    RowMatrix forces(layout.rows(), layout.cols());
    const double z = repulsion->compute(layout, forces);
    return affinityNegativeEntropy(p) +
           affinityLogKernelSum(p, layout, resolveTsneDegreesOfFreedom(options, dims), pool) +
           std::log(z);
}

} // namespace vecspace
