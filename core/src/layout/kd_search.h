#pragma once

#include "layout/kd_geometry.h"

#include <algorithm>
#include <vector>

namespace vecspace::kd {

// Depth-first k-nearest search, nearer child first, reusable across queries of one thread.
// The heap keeps the k best (squared distance, row) pairs with the worst on top; a box is
// skipped only when it is strictly farther than the worst kept, since an equally far point
// with a smaller row would still win the tie.
template <int D> class KnnSearch {
public:
    KnnSearch(const PointIndex& index, std::size_t k) : m_index(index), m_k(k) {
        m_heap.reserve(k + 1);
    }

    // Best first.
    const std::vector<Candidate>& run(const double* q, std::uint32_t exclude) {
        m_q = q;
        m_exclude = exclude;
        m_heap.clear();
        if (m_k > 0 && m_index.size() > 0) visit(0);
        std::sort_heap(m_heap.begin(), m_heap.end());
        return m_heap;
    }

private:
    void visit(std::uint32_t n) {
        const auto& nodes = m_index.nodes();
        const PointIndex::Node& node = nodes[n];
        if (node.leaf()) {
            const auto& order = m_index.order();
            for (std::uint32_t p = node.begin; p < node.end; ++p) {
                if (order[p] == m_exclude) continue;
                offer({kd::squaredDistance<D>(m_index.point(p), m_q), order[p]});
            }
            return;
        }
        std::uint32_t first = node.left, second = node.right;
        double dFirst = kd::boxDistance<D>(nodes[first], m_q);
        double dSecond = kd::boxDistance<D>(nodes[second], m_q);
        if (dSecond < dFirst) {
            std::swap(first, second);
            std::swap(dFirst, dSecond);
        }
        if (!prunes(dFirst)) visit(first);
        if (!prunes(dSecond)) visit(second);
    }
    bool prunes(double boxDistance) const {
        return m_heap.size() == m_k && boxDistance > m_heap.front().distance2;
    }
    void offer(const Candidate& c) {
        if (m_heap.size() < m_k) {
            m_heap.push_back(c);
            std::push_heap(m_heap.begin(), m_heap.end());
        } else if (c < m_heap.front()) {
            std::pop_heap(m_heap.begin(), m_heap.end());
            m_heap.back() = c;
            std::push_heap(m_heap.begin(), m_heap.end());
        }
    }

    const PointIndex& m_index;
    std::size_t m_k;
    const double* m_q = nullptr;
    std::uint32_t m_exclude = PointIndex::kNone;
    std::vector<Candidate> m_heap;
};

} // namespace vecspace::kd

namespace vecspace::kd {

// Calls visit(position, squared distance) for every tree position within sqrt(r2) of q, in no
// particular order; no allocation, no sorting.
template <int D, typename Visit>
void forEachWithin(const PointIndex& index, std::uint32_t n, const double* q, double r2,
                   Visit&& visit) {
    const PointIndex::Node& node = index.nodes()[n];
    if (boxDistance<D>(node, q) > r2) return;
    if (node.leaf() || boxFarthest<D>(node, q) <= r2) {
        for (std::uint32_t p = node.begin; p < node.end; ++p) {
            const double d2 = squaredDistance<D>(index.point(p), q);
            if (d2 <= r2) visit(p, d2);
        }
        return;
    }
    forEachWithin<D>(index, node.left, q, r2, visit);
    forEachWithin<D>(index, node.right, q, r2, visit);
}

} // namespace vecspace::kd
