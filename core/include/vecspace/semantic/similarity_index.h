#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/semantic/unit_rows.h"

#include <memory>
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
    // Batches of cosine queries over float32 rows: screen every row in 8-bit integers first (on
    // CPUs with AVX-512 VNNI) and re-score in float32 only the rows that can still be among the
    // best, by a proven bound on the 8-bit scores' error.
    // The answers are the float32 ones; off, every score is a float32 matrix product.
    bool screen = true;
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
    // up to float rounding of the scores. With options.screen (see there) and at least
    // kScreenMinQueries queries, the first batch also packs an 8-bit copy of the unit rows
    // (a quarter of the float32 copy's memory, and a scale and sum a row), kept for later ones.
    static constexpr std::size_t kScreenMinQueries = 64;
    static bool screeningAvailable(); // this CPU has AVX-512 VNNI
    std::vector<std::vector<Neighbor>> nearestBatch(MatrixView queries,
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
    bool screens(const NeighborOptions& options, std::size_t queries) const;
    std::vector<std::vector<Neighbor>> screenedBatch(const RowMatrix& unitQueries,
                                                     MatrixView queries,
                                                     const NeighborOptions& options,
                                                     const ProgressFn& progress) const;

    const EmbeddingSet& m_set;
    UnitRows m_unit;
    Eigen::VectorXf m_norms;
    Eigen::VectorXf m_squaredNorms;
    struct Screening;                       // the bfloat16 panels, packed on first use
    std::shared_ptr<Screening> m_screening; // shared: the index stays copyable
};

} // namespace vecspace
