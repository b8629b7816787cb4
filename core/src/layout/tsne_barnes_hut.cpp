#include "layout/tsne_barnes_hut.h"

#include "base/thread_pool.h"
#include "layout/tsne_kernel.h"

#include <algorithm>
#include <limits>

namespace vecspace {
namespace {

constexpr std::size_t kLanes = 16; // accumulators per body loop, one per vector lane

} // namespace

template <int D>
BarnesHutRepulsion<D>::BarnesHutRepulsion(double theta, double alpha, bool kernelWeighted,
                                          ThreadPool& pool)
    : m_theta(theta), m_alpha(alpha), m_kernelWeighted(kernelWeighted), m_pool(pool),
      m_bodies(pool.size()) {}

template <int D> void BarnesHutRepulsion<D>::Bodies::clear() {
    for (int d = 0; d < D; ++d)
        position[d].clear();
    count.clear();
}

template <int D> void BarnesHutRepulsion<D>::Bodies::add(const float* at, float weight) {
    for (int d = 0; d < D; ++d)
        position[d].push_back(at[d]);
    count.push_back(weight);
}

template <int D>
double BarnesHutRepulsion<D>::group(std::uint32_t cell, Bodies& bodies, RowMatrix& forces) const {
    const auto& nodes = m_tree.nodes();
    const auto& home = nodes[cell];
    float lo[D], hi[D];
    for (int d = 0; d < D; ++d) {
        lo[d] = std::numeric_limits<float>::infinity();
        hi[d] = -lo[d];
    }
    for (std::uint32_t s = home.first; s < home.last; ++s)
        for (int d = 0; d < D; ++d) {
            lo[d] = std::min(lo[d], m_tree.point(s)[d]);
            hi[d] = std::max(hi[d], m_tree.point(s)[d]);
        }
    const float theta2 = static_cast<float>(m_theta * m_theta);
    bodies.clear();
    const auto nodeCount = static_cast<std::uint32_t>(nodes.size());
    for (std::uint32_t at = 0; at < nodeCount;) {
        const auto& node = nodes[at];
        float d2 = 0;
        for (int d = 0; d < D; ++d) {
            const float gap = std::max({lo[d] - node.centre[d], 0.0f, node.centre[d] - hi[d]});
            d2 += gap * gap;
        }
        if (node.width2 < theta2 * d2) {
            bodies.add(node.centre, node.count);
            at = node.next;
        } else if (node.next == at + 1) { // a leaf: its points one by one
            for (std::uint32_t s = node.first; s < node.last; ++s)
                bodies.add(m_tree.point(s), 1.0f);
            at = node.next;
        } else {
            ++at;
        }
    }
    return withKernel(m_alpha, m_kernelWeighted,
                      [&](auto kernel) { return sum(home, bodies, forces, kernel); });
}

template <int D>
template <typename Kernel>
double BarnesHutRepulsion<D>::sum(const typename SpaceTree<D>::Node& home, const Bodies& bodies,
                                  RowMatrix& forces, Kernel kernel) const {
    const std::size_t count = bodies.count.size();
    const float* px[D];
    for (int d = 0; d < D; ++d)
        px[d] = bodies.position[d].data();
    const float* weight = bodies.count.data();
    double zGroup = 0;
    for (std::uint32_t s = home.first; s < home.last; ++s) {
        const float* yi = m_tree.point(s);
        float z[kLanes] = {}, f[D][kLanes] = {};
        auto body = [&](std::size_t b, std::size_t lane) {
            float diff[D], d2 = 0;
            for (int d = 0; d < D; ++d) {
                diff[d] = yi[d] - px[d][b];
                d2 += diff[d] * diff[d];
            }
            const float q = kernel.base(d2);
            const float w = kernel.weight(q);
            const float wq = weight[b] * w;
            z[lane] += wq;
            const float force = kernel.force(q, w);
            for (int d = 0; d < D; ++d)
                f[d][lane] += wq * force * diff[d];
        };
        std::size_t b = 0;
        for (; b + kLanes <= count; b += kLanes)
            for (std::size_t lane = 0; lane < kLanes; ++lane)
                body(b + lane, lane);
        for (std::size_t lane = 0; b + lane < count; ++lane)
            body(b + lane, lane);
        double zi = -1.0; // the point itself is among the bodies: w_ii = 1, no force
        double fi[D] = {};
        for (std::size_t lane = 0; lane < kLanes; ++lane) {
            zi += z[lane];
            for (int d = 0; d < D; ++d)
                fi[d] += f[d][lane];
        }
        zGroup += zi;
        const auto row = static_cast<Eigen::Index>(m_tree.row(s));
        for (int d = 0; d < D; ++d)
            forces(row, d) = static_cast<float>(fi[d]);
    }
    return zGroup;
}

template <int D> double BarnesHutRepulsion<D>::compute(const RowMatrix& layout, RowMatrix& forces) {
    m_tree.build(layout);
    // Groups: the largest cells with at most kGroupSize points, in tree (Morton) order.
    const auto& nodes = m_tree.nodes();
    m_groups.clear();
    for (std::uint32_t at = 0; at < nodes.size();) {
        if (nodes[at].last - nodes[at].first <= kGroupSize || nodes[at].next == at + 1) {
            m_groups.push_back(at);
            at = nodes[at].next;
        } else {
            ++at;
        }
    }
    m_partialZ.assign(m_groups.size(), 0.0);
    m_pool.run(m_groups.size(), [&](std::size_t g, unsigned worker) {
        m_partialZ[g] = group(m_groups[g], m_bodies[worker], forces);
    });
    double z = 0;
    for (double part : m_partialZ)
        z += part;
    return z;
}

template class BarnesHutRepulsion<2>;
template class BarnesHutRepulsion<3>;

} // namespace vecspace
