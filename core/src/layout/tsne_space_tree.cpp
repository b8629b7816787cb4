#include "layout/tsne_space_tree.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vecspace {
namespace {

// Spreads the low 21 bits of v so that D - 1 zero bits separate consecutive ones.
template <int D> std::uint64_t spreadBits(std::uint64_t v) {
    std::uint64_t out = 0;
    for (int b = 0; b < SpaceTree<D>::kLevels; ++b)
        out |= ((v >> b) & 1u) << (b * D);
    return out;
}

} // namespace

template <int D> void SpaceTree<D>::build(const RowMatrix& layout) {
    const std::size_t n = static_cast<std::size_t>(layout.rows());
    float lo[D], hi[D];
    for (int d = 0; d < D; ++d) {
        lo[d] = std::numeric_limits<float>::infinity();
        hi[d] = -std::numeric_limits<float>::infinity();
    }
    for (std::size_t i = 0; i < n; ++i)
        for (int d = 0; d < D; ++d) {
            const float v = layout(static_cast<Eigen::Index>(i), d);
            lo[d] = std::min(lo[d], v);
            hi[d] = std::max(hi[d], v);
        }
    float width = 0;
    for (int d = 0; d < D; ++d)
        width = std::max(width, hi[d] - lo[d]);
    // A little slack so that the largest coordinate quantises inside the cube.
    width = width > 0 ? width * (1.0f + 1e-5f) : 1.0f;
    const double cells = double(std::uint64_t(1) << kLevels);
    const double scale = cells / double(width);

    m_keys.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t key = 0;
        for (int d = 0; d < D; ++d) {
            const double q = (double(layout(static_cast<Eigen::Index>(i), d)) - lo[d]) * scale;
            const auto cell = static_cast<std::uint64_t>(std::clamp(q, 0.0, cells - 1));
            key |= spreadBits<D>(cell) << (D - 1 - d);
        }
        m_keys[i] = {key, static_cast<std::uint32_t>(i)};
    }
    std::sort(m_keys.begin(), m_keys.end());
    m_order.resize(n);
    m_points.resize(n * D);
    for (std::size_t s = 0; s < n; ++s) {
        m_order[s] = m_keys[s].second;
        for (int d = 0; d < D; ++d)
            m_points[s * D + d] = layout(static_cast<Eigen::Index>(m_order[s]), d);
    }
    m_nodes.clear();
    m_nodes.reserve(2 * n / kLeafSize + 64);
    buildCell(0, n, 0, width);
}

template <int D>
std::uint32_t SpaceTree<D>::buildCell(std::size_t begin, std::size_t end, int level, float width) {
    const auto index = static_cast<std::uint32_t>(m_nodes.size());
    m_nodes.emplace_back();
    double centre[D] = {};
    const bool leaf = end - begin <= kLeafSize || level == kLevels;
    if (leaf) {
        for (std::size_t s = begin; s < end; ++s)
            for (int d = 0; d < D; ++d)
                centre[d] += m_points[s * D + d];
        for (int d = 0; d < D; ++d)
            centre[d] /= double(end - begin);
    } else {
        // The D key bits below this level pick the child; the keys are sorted, so children
        // are consecutive runs.
        const int shift = (kLevels - 1 - level) * D;
        std::size_t start = begin;
        while (start < end) {
            const std::uint64_t child = (m_keys[start].first >> shift) & ((1u << D) - 1);
            std::size_t stop = start + 1;
            while (stop < end && ((m_keys[stop].first >> shift) & ((1u << D) - 1)) == child)
                ++stop;
            const std::uint32_t c = buildCell(start, stop, level + 1, width * 0.5f);
            for (int d = 0; d < D; ++d)
                centre[d] += double(m_nodes[c].centre[d]) * double(stop - start);
            start = stop;
        }
        for (int d = 0; d < D; ++d)
            centre[d] /= double(end - begin);
    }
    Node& node = m_nodes[index];
    for (int d = 0; d < D; ++d)
        node.centre[d] = static_cast<float>(centre[d]);
    node.count = static_cast<float>(end - begin);
    node.width2 = width * width;
    node.first = static_cast<std::uint32_t>(begin);
    node.last = static_cast<std::uint32_t>(end);
    node.next = static_cast<std::uint32_t>(m_nodes.size());
    return index;
}

template class SpaceTree<2>;
template class SpaceTree<3>;

} // namespace vecspace
