#pragma once

#include "vecspace/base/embedding_set.h"

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace vecspace {

struct HnswParams {
    std::size_t m = 16;               // links per node on the upper layers, 2m on the bottom one
    std::size_t efConstruction = 200; // candidates gathered for each insertion
    std::uint64_t seed = 0;           // draws each row's top layer
    unsigned threads = 0;
};

// A row with the distance the index ranks by: squared euclidean, or 1 - dot of unit rows.
struct HnswHit {
    float distance;
    std::uint32_t row;
};

// Nearer first, equal distances by row: every heap and sort in the index uses this total order,
// so that results never depend on how equal keys happen to sit in memory.
inline bool nearer(const HnswHit& a, const HnswHit& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.row < b.row);
}

// A hierarchical navigable small world graph (Malkov and Yashunin 2018) over the rows of a
// matrix, with hnswlib's layer sizes, level distribution, neighbour heuristic and parameters.
// Unlike hnswlib's, the graph is a function of (points, params) alone, whatever the thread
// count: rows are inserted in fixed batches whose members search the graph as it stood before
// the batch, in parallel, see each other by brute force, and then link up in a pass where each
// node's list has one owner.
class HnswIndex {
public:
    // Copies the points (node i is points.row(rows[i]), or row i when `rows` is empty) and builds
    // the graph. `afterBatch` runs on the calling thread after each batch with the share of nodes
    // inserted; it may throw (e.g. Cancelled) to stop the build.
    HnswIndex(MatrixView points, bool cosine, const HnswParams& params,
              const std::vector<std::uint32_t>& rows = {},
              const std::function<void(double)>& afterBatch = {});
    ~HnswIndex();
    HnswIndex(const HnswIndex&) = delete;
    HnswIndex& operator=(const HnswIndex&) = delete;

    std::size_t rows() const { return m_rows; }

    // Up to ef nodes nearest to node `row` (itself included) by a beam search of the bottom
    // layer, nearest first. The search starts at the node itself, which is in the graph; with
    // `fromTop` it also starts where a descent of the upper layers from the entry point ends,
    // which reaches nodes that a part of the graph cut off from the rest would hide.
    std::vector<HnswHit> neighborsOfRow(std::size_t row, std::size_t ef, bool fromTop) const;
    // The `count` nearest nodes to node `row` by scanning every node (a last resort).
    std::vector<HnswHit> scanRow(std::size_t row, std::size_t count) const;
    // Every node once, in breadth-first order of the bottom layer: nodes close in this order are
    // close in space, so searches for them in turn find each other's neighbourhoods in cache.
    std::vector<std::uint32_t> localityOrder() const;

    // Out-links of a node on a layer (for tests and statistics).
    std::vector<std::uint32_t> links(std::size_t row, int level) const;
    int levelOf(std::size_t row) const { return m_levels[row]; }

private:
    // Per-search working memory, pooled because the visited marks span every row.
    struct Scratch {
        explicit Scratch(std::size_t rows) : visited(rows, 0) {}
        std::vector<std::uint32_t> visited; // == epoch: seen in the current search
        std::uint32_t epoch = 0;
        std::vector<HnswHit> candidates; // heap, nearest on top
        std::vector<HnswHit> results;    // heap, farthest on top
        std::vector<HnswHit> mates;      // distances to the other rows of the batch
        std::vector<HnswHit> merged;
        std::vector<std::uint32_t> fresh;
        std::vector<std::uint32_t> selected;
    };
    struct Request;

    const float* vec(std::uint32_t row) const { return m_data.data() + row * m_stride; }
    float distance(const float* a, const float* b) const {
        const Eigen::Map<const Eigen::VectorXf> x(a, static_cast<Eigen::Index>(m_stride));
        const Eigen::Map<const Eigen::VectorXf> y(b, static_cast<Eigen::Index>(m_stride));
        return m_cosine ? 1.0f - x.dot(y) : (x - y).squaredNorm();
    }
    std::uint32_t* list(std::uint32_t row, int level) {
        if (level == 0) return m_bottom.data() + static_cast<std::size_t>(row) * (1 + 2 * m_m);
        return m_upper.data() + m_upperOffset[row] +
               static_cast<std::size_t>(level - 1) * (1 + m_m);
    }
    const std::uint32_t* list(std::uint32_t row, int level) const {
        return const_cast<HnswIndex*>(this)->list(row, level);
    }
    std::size_t capacity(int level) const { return level == 0 ? 2 * m_m : m_m; }

    // Construction (hnsw_index.cpp).
    void insertBatch(std::size_t first, std::size_t last);
    void connectNew(std::uint32_t row, std::size_t first, std::size_t last, Scratch& scratch);
    void linkBack(const Request* begin, const Request* end, std::vector<HnswHit>& work);
    void selectNeighbors(const std::vector<HnswHit>& sorted, std::size_t count,
                         std::vector<std::uint32_t>& out) const;

    // Search (hnsw_search_layer.cpp).
    std::uint32_t descend(const float* query, std::uint32_t from, int top, int bottom) const;
    void searchLayer(const float* query, const std::uint32_t* seeds, std::size_t seedCount,
                     int level, std::size_t ef, Scratch& scratch) const;
    std::unique_ptr<Scratch> acquire() const;
    void release(std::unique_ptr<Scratch> scratch) const;

    std::size_t m_rows = 0;
    std::size_t m_stride = 0; // floats per stored row: dims rounded up to 16, zero padded
    bool m_cosine = false;
    std::size_t m_m = 16;
    std::size_t m_efConstruction = 200;
    unsigned m_threads = 0;
    std::vector<float, Eigen::aligned_allocator<float>> m_data;
    std::vector<int> m_levels;
    std::vector<std::uint32_t> m_bottom;    // rows x (1 + 2m): count, then links
    std::vector<std::size_t> m_upperOffset; // where a row's layer-1 list starts in m_upper
    std::vector<std::uint32_t> m_upper;     // (1 + m) per row and layer above the bottom
    std::uint32_t m_entry = 0;
    int m_topLevel = -1; // -1 while the graph is empty

    mutable std::mutex m_poolMutex;
    mutable std::vector<std::unique_ptr<Scratch>> m_pool;
};

} // namespace vecspace
