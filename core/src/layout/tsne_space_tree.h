#pragma once

#include "vecspace/base/embedding_set.h"

#include <cstdint>
#include <vector>

namespace vecspace {

// Quadtree (D = 2) or octree (D = 3) over a layout, for Barnes-Hut. Points are sorted along a
// Morton (Z-order) curve, so every cell holds a contiguous run of them and nodes are stored in
// pre-order: a cell's children follow it, and `next` skips its whole subtree, so a traversal
// needs no stack. Leaves hold up to kLeafSize points. The build is sequential and sorts with
// ties broken by row, so the tree depends only on the layout.
template <int D> class SpaceTree {
public:
    static constexpr std::size_t kLeafSize = 8;
    static constexpr int kLevels = 21; // Morton bits per axis: D * 21 fits 64 bits

    struct Node {
        float centre[D];     // centre of mass
        float count;         // points in the cell
        float width2;        // squared side of the cell
        std::uint32_t next;  // the node after this cell's subtree (this + 1 for a leaf)
        std::uint32_t first; // the cell's points are the sorted positions [first, last)
        std::uint32_t last;
    };

    void build(const RowMatrix& layout);

    const std::vector<Node>& nodes() const { return m_nodes; }
    std::size_t size() const { return m_order.size(); }
    // Row of the point at a sorted position, and its coordinates (D floats per point).
    std::uint32_t row(std::size_t position) const { return m_order[position]; }
    const float* point(std::size_t position) const { return m_points.data() + position * D; }

private:
    std::uint32_t buildCell(std::size_t begin, std::size_t end, int level, float width);

    std::vector<std::pair<std::uint64_t, std::uint32_t>> m_keys;
    std::vector<std::uint32_t> m_order;
    std::vector<float> m_points;
    std::vector<Node> m_nodes;
};

} // namespace vecspace
