#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/layout/knn_graph.h"

#include <cstdint>
#include <span>
#include <vector>

namespace vecspace {

// One answer of a PointIndex query: a row of the indexed matrix and its euclidean distance.
struct PointHit {
    std::uint32_t row = 0;
    float distance = 0;
    bool operator==(const PointHit&) const = default;
};

// A k-d tree over the rows of a rows x 2 or rows x 3 matrix (a 2D or 3D layout): exact nearest
// neighbours, radius queries and picking. Built in O(N log N) by median splits on the widest
// side of each box; the points are copied in tree order so that a leaf is one contiguous run.
// Distances are computed in double from the float coordinates, and every ranking breaks ties
// by row, so results are exact and do not depend on the tree's shape or the thread count.
// Queries are const and may run concurrently.
class PointIndex {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    struct Node {
        float lo[3] = {0, 0, 0}; // bounding box of the node's points (z unused in 2D)
        float hi[3] = {0, 0, 0};
        std::uint32_t begin = 0, end = 0;          // the node's points: tree positions [begin, end)
        std::uint32_t left = kNone, right = kNone; // children; kNone for a leaf
        bool leaf() const { return left == kNone; }
    };

    // Throws std::invalid_argument unless the matrix has 2 or 3 columns, finite values and at
    // most 2^32 - 2 rows. An empty matrix gives an empty index.
    explicit PointIndex(const RowMatrix& points, std::size_t leafSize = 16);

    std::size_t size() const { return m_order.size(); }
    int dims() const { return m_dims; }

    // The k rows nearest to `position` (dims() values), nearest first, ties by row; `exclude`
    // (a row) is never returned. Fewer than k when the index holds fewer rows.
    std::vector<PointHit> nearest(std::span<const float> position, std::size_t k,
                                  std::uint32_t exclude = kNone) const;
    // The k nearest other rows of a row (the row itself excluded, exact duplicates included).
    std::vector<PointHit> nearestToRow(std::size_t row, std::size_t k) const;
    // The single nearest row (picking); throws std::logic_error on an empty index.
    PointHit nearestPoint(std::span<const float> position) const;
    // The row nearest to the ray origin + t * direction, t >= 0 (picking along the mouse ray in
    // 3D; distance is the perpendicular distance, or the distance to the origin for points
    // behind it); ties by row. Throws std::logic_error on an empty index and
    // std::invalid_argument for a zero direction.
    PointHit nearestToRay(std::span<const float> origin, std::span<const float> direction) const;

    // Every row within `radius` (distance <= radius), nearest first, ties by row.
    std::vector<PointHit> withinRadius(std::span<const float> position, double radius) const;
    // How many rows lie within `radius`, counting stops at `limit`.
    std::size_t countWithinRadius(std::span<const float> position, double radius,
                                  std::size_t limit = SIZE_MAX) const;

    // The k nearest other rows of every row (computeKnnGraph's layout and tie rule, method
    // Exact), in parallel. Throws std::invalid_argument when k is 0 or not below size().
    KnnGraph knnGraph(std::size_t k, unsigned threads = 0, const ProgressFn& progress = {}) const;
    // The same for the listed rows only: graph row i holds the neighbours of rows[i].
    KnnGraph knnOfRows(std::span<const std::size_t> rows, std::size_t k, unsigned threads = 0,
                       const ProgressFn& progress = {}) const;

    // The tree itself, for traversals that need their own pruning (density clustering).
    // nodes()[0] is the root; order()[p] is the row at tree position p, point(p) its coordinates.
    const std::vector<Node>& nodes() const { return m_nodes; }
    const std::vector<std::uint32_t>& order() const { return m_order; }
    const float* point(std::size_t position) const {
        return m_points.data() + position * static_cast<std::size_t>(m_dims);
    }

private:
    int m_dims = 2;
    std::vector<float> m_points;                // size() x dims(), in tree order
    std::vector<std::uint32_t> m_order;         // tree position -> row
    std::vector<std::uint32_t> m_positionOfRow; // row -> tree position
    std::vector<Node> m_nodes;
};

} // namespace vecspace
