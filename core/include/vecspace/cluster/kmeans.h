#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vecspace {

struct KMeansOptions {
    std::size_t k = 10;
    // Spherical k-means (the default): rows and centroids unit-normalised, cosine similarity,
    // as suits embeddings. Off: plain euclidean k-means (Lloyd).
    bool spherical = true;
    std::uint64_t seed = 0; // the same seed gives the same clusters
    std::size_t maxIterations = 100;
    double tolerance = 1e-6;    // stop when the objective improves by less than this, relatively
    std::size_t nameLabels = 3; // labels nearest each centroid that make its name
    unsigned threads = 0;
    ProgressFn progress;
};

struct KMeansResult {
    std::vector<std::uint32_t> assignment;             // cluster of every row
    RowMatrix centroids;                               // k x dims (unit length when spherical)
    std::vector<std::size_t> sizes;                    // rows per cluster
    std::vector<std::string> names;                    // e.g. "france, germany, italy"
    std::vector<std::vector<std::size_t>> centralRows; // the rows that make each name
    double objective = 0; // spherical: mean cosine to the own centroid; else mean squared distance
    std::size_t iterations = 0;
};

// k-means++ seeding (Arthur and Vassilvitskii 2007), then Lloyd iterations; empty clusters are
// re-seeded with the row farthest from its centroid. Throws std::invalid_argument when k is 0 or
// larger than the number of rows.
KMeansResult kMeans(const EmbeddingSet& set, const KMeansOptions& options = {});

} // namespace vecspace
