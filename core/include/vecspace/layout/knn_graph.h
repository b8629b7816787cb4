#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// Distances the layouts work with. Euclidean is what sklearn, openTSNE and umap-learn use by
// default; cosine distance (1 - cosine similarity) suits embeddings whose norms carry no meaning.
enum class DistanceMetric { Euclidean, Cosine };

enum class KnnMethod {
    Auto,  // exact while rows x rows x dims stays small (see KnnOptions::exactWorkLimit), else HNSW
    Exact, // every pair scored once, through tiled matrix products (base/all_pairs_top_k.h)
    // Hierarchical navigable small world graph (Malkov and Yashunin), hnswlib's algorithm and
    // parameters in an implementation whose graph does not depend on thread timing.
    Hnsw,
};

struct KnnOptions {
    std::size_t k = 15; // neighbours per row, the row itself excluded
    DistanceMetric metric = DistanceMetric::Euclidean;
    KnnMethod method = KnnMethod::Auto;
    // Auto picks exact when rows * rows * dims is at most this many multiply-adds (half of them
    // are done: the search scores each pair once). On GloVe 100d with two threads the exact search
    // of all 341,479 rows at k 90 took 70 s, where HNSW took 147-184 s and found 86% of the
    // neighbours (docs/benchmarks.md). Exact grows with rows^2 and HNSW with about rows log rows,
    // so at 100 dims they meet near 840,000 rows (7e13, about 8 minutes either way); HNSW beyond,
    // and for wide rows sooner (4,096 dims: above 130,000 rows).
    double exactWorkLimit = 7e13;
    // HNSW parameters (hnswlib's names); the beam of each query is the largest of hnswEfSearch,
    // hnswEfSearchPerK * k and k + 1. efConstruction 100 rather than hnswlib's 200: on GloVe a
    // wider query beam buys more recall than the same time spent building.
    std::size_t hnswM = 16;
    std::size_t hnswEfConstruction = 100;
    std::size_t hnswEfSearch = 100;
    double hnswEfSearchPerK = 2.0;
    // After the search, each row also checks the lists of its nearest neighbours (neighbours of
    // neighbours) until about this many candidates: the lists of its first
    // min(k, max(1, hnswRefineCandidates / k)) neighbours (0: no such pass). On GloVe 100d at
    // 100,000 rows this lifts recall from 0.93 to 0.95 at k 90 (docs/benchmarks.md).
    std::size_t hnswRefineCandidates = 3000;
    // Draws the HNSW layers. The graph is a function of the data, k, metric, method, HNSW
    // parameters and seed: neither the thread count nor timing changes it.
    std::uint64_t seed = 0;
    unsigned threads = 0;
    ProgressFn progress;
};

// The k nearest other rows of every row: rows x k, nearest first, ties by row index.
struct KnnGraph {
    std::size_t rows = 0;
    std::size_t k = 0;
    std::vector<std::uint32_t> indices;  // rows * k; row i's neighbours at [i * k, (i + 1) * k)
    std::vector<float> distances;        // the same layout: euclidean distance or 1 - cosine
    KnnMethod method = KnnMethod::Exact; // the method actually used

    const std::uint32_t* neighbors(std::size_t row) const { return indices.data() + row * k; }
    const float* distancesOf(std::size_t row) const { return distances.data() + row * k; }
};

// Throws std::invalid_argument when k is 0 or not smaller than the number of rows, or when the
// matrix has more rows than a 32-bit index holds.
KnnGraph computeKnnGraph(MatrixView data, const KnnOptions& options = {});

// Share of the exact graph's neighbours that the approximate graph also found (both rows x k).
double knnRecall(const KnnGraph& approximate, const KnnGraph& exact);

} // namespace vecspace
