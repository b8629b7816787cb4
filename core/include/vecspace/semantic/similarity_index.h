#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/semantic/unit_rows.h"

#include <vector>

namespace vecspace {

enum class Metric { Cosine, Dot, Euclidean };

struct Neighbor {
    std::size_t row = 0;
    float score = 0; // cosine or dot product (higher is nearer), or euclidean distance (lower)
};

struct NeighborOptions {
    Metric metric = Metric::Cosine;
    std::size_t k = 10;
    std::size_t restrictRows = 0;     // consider only the first N rows; 0: all
    std::vector<std::size_t> exclude; // rows never returned (e.g. the query's own)
    unsigned threads = 0;             // 0: one per hardware thread
};

struct SimilarityIndexOptions {
    IndexStorage storage = IndexStorage::Auto;
    unsigned threads = 0; // 0: one per hardware thread
};

// Exact nearest neighbours over one embedding set. Builds the unit-normalised rows once (cosine
// is then a dot product; see UnitRows for how they are stored) and the row norms; the set must
// outlive the index.
class SimilarityIndex {
public:
    explicit SimilarityIndex(const EmbeddingSet& set, unsigned threads = 0);
    SimilarityIndex(const EmbeddingSet& set, const SimilarityIndexOptions& options);

    // The k nearest rows to `query` (a vector of dims values), nearest first; ties by row.
    std::vector<Neighbor> nearest(const Eigen::Ref<const Eigen::VectorXf>& query,
                                  const NeighborOptions& options) const;
    std::vector<Neighbor> nearestToRow(std::size_t row, NeighborOptions options) const;

    // The same for many queries at once (one per row of `queries`), through matrix products in
    // tiles so that the full score matrix never exists. Results equal nearest()'s for each query
    // up to float rounding of the scores.
    std::vector<std::vector<Neighbor>> nearestBatch(const RowMatrix& queries,
                                                    const NeighborOptions& options,
                                                    const ProgressFn& progress = {}) const;

    float cosine(std::size_t a, std::size_t b) const;
    // The unit-normalised rows: one, or a tile of them (see UnitRows::tile).
    Eigen::VectorXf unitRow(std::size_t row) const { return m_unit.row(row); }
    const UnitRows& unitRows() const { return m_unit; }
    const Eigen::VectorXf& norms() const { return m_norms; }
    const EmbeddingSet& set() const { return m_set; }

private:
    // What every search starts from: the rows it may return, and the matrix it scores them on
    // (the unit-normalised copy for cosine). Throws if the queries do not have dims values.
    std::size_t rowsToScan(const NeighborOptions& options) const;
    // A tile of the rows a metric scores: unit rows for cosine, the set's for the others.
    Eigen::Ref<const RowMatrix> tileFor(Metric metric, std::size_t begin, std::size_t n,
                                        RowMatrix& scratch) const;
    std::size_t tileRowsFor(Metric metric) const;
    void checkDims(Eigen::Index values, const char* what) const;

    const EmbeddingSet& m_set;
    UnitRows m_unit;
    Eigen::VectorXf m_norms;
    Eigen::VectorXf m_squaredNorms;
};

} // namespace vecspace
