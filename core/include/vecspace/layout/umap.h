#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/layout/knn_graph.h"

#include <cstdint>
#include <functional>

namespace vecspace {

// UMAP (McInnes, Healy and Melville 2018) as umap-learn 0.5 computes it: the fuzzy simplicial
// set of the k-NN graph, a spectral (or PCA, or random) start, then SGD over the graph's edges
// with negative sampling. Defaults are umap-learn's.

enum class UmapInit {
    Spectral, // eigenvectors of the graph's normalised Laplacian (umap-learn's default)
    Pca,      // the first principal components of the input
    Random,   // uniform in [-10, 10]
};

// Receives the layout as it stands and the number of epochs run so far, from the thread that
// started the run; returning false cancels it (Cancelled is thrown before the next epoch).
using UmapEpochFn = std::function<bool(const RowMatrix& coordinates, std::size_t epoch)>;

struct UmapOptions {
    std::size_t components = 2; // 2 or 3
    // umap-learn's n_neighbors, which counts the point itself: each row gets nNeighbors - 1
    // other rows from the k-NN graph, and log2(nNeighbors) is the target of the sigma search.
    std::size_t nNeighbors = 15;
    double minDist = 0.1;
    double spread = 1.0;
    std::size_t epochs = 0; // 0: umap-learn's choice, 500 up to 10,000 rows and 200 above
    double learningRate = 1.0;
    double negativeSampleRate = 5.0;
    double repulsionStrength = 1.0; // umap-learn's gamma
    double localConnectivity = 1.0;
    double setOpMixRatio = 1.0; // 1: fuzzy union, 0: fuzzy intersection
    UmapInit init = UmapInit::Spectral;
    DistanceMetric metric = DistanceMetric::Euclidean;
    KnnMethod knnMethod = KnnMethod::Auto;
    std::uint64_t seed = 0; // the same seed gives the same layout, for any number of threads
    unsigned threads = 0;
    ProgressFn progress; // the whole run: neighbours, graph, initialisation, epochs
    // "neighbours" (not when the k-NN graph is given), "fuzzy graph", "spectral
    // initialisation" or "random initialisation", "epochs", in that order.
    PhaseFn onPhase;
    UmapEpochFn onEpoch; // called after every `epochInterval` epochs and after the last one
    std::size_t epochInterval = 10;
};

// umap-learn's find_ab_params: the curve 1 / (1 + a d^(2b)) fitted by least squares to 1 below
// minDist and exp(-(d - minDist) / spread) above, on 300 points of [0, 3 spread].
struct UmapCurve {
    double a = 0;
    double b = 0;
};

struct UmapResult {
    RowMatrix coordinates; // rows x components
    std::size_t epochs = 0;
    UmapCurve curve;
    UmapInit initUsed = UmapInit::Spectral; // Random when the requested start was impossible
    std::size_t graphComponents = 0;        // connected components of the fuzzy graph
    std::size_t graphEdges = 0;             // directed edges optimised (both directions counted)
    KnnMethod knnMethod = KnnMethod::Exact;
    struct Seconds {
        double neighbors = 0;
        double graph = 0;
        double init = 0;
        double optimize = 0;
        double total = 0;
    } seconds;
};

UmapCurve fitUmapCurve(double minDist, double spread);

// umap-learn's default number of epochs for a set of `rows` rows: 500 up to 10,000, 200 above.
std::size_t defaultUmapEpochs(std::size_t rows);
// The epochs a run will take: options.epochs, or the default when that is 0.
inline std::size_t umapEpochs(const UmapOptions& options, std::size_t rows) {
    return options.epochs > 0 ? options.epochs : defaultUmapEpochs(rows);
}

// Computes the k-NN graph (options.metric, options.knnMethod) and the layout. Throws
// std::invalid_argument for fewer than 3 rows, components other than 2 or 3, nNeighbors below 2
// or not below the number of rows, and Cancelled when progress or onEpoch asks to stop.
UmapResult computeUmap(MatrixView data, const UmapOptions& options = {});

// The same with a k-NN graph computed already (at least nNeighbors - 1 neighbours per row; the
// nearest nNeighbors - 1 are used). `data` serves the PCA start and the placement of
// disconnected components.
UmapResult computeUmap(MatrixView data, const KnnGraph& knn, const UmapOptions& options = {});

} // namespace vecspace
