#include "layout/tsne_exact.h"

#include "base/thread_pool.h"
#include "layout/tsne_kernel.h"

#include <algorithm>

namespace vecspace {
namespace {

constexpr std::size_t kRowsPerTask = 64;
// Independent accumulators, one per vector lane: the loop vectorises without reassociating a
// sum (which would need -ffast-math), and the order of additions is fixed.
constexpr std::size_t kLanes = 16;

} // namespace

template <int D>
template <typename Kernel>
double ExactRepulsion<D>::sum(const RowMatrix& layout, RowMatrix& forces, Kernel kernel) {
    const std::size_t n = static_cast<std::size_t>(layout.rows());
    m_axes.resize(n * D);
    for (std::size_t i = 0; i < n; ++i)
        for (int d = 0; d < D; ++d)
            m_axes[d * n + i] = layout(static_cast<Eigen::Index>(i), d);
    const std::size_t tasks = (n + kRowsPerTask - 1) / kRowsPerTask;
    m_partialZ.assign(tasks, 0.0);
    m_pool.run(tasks, [&](std::size_t task, unsigned) {
        const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
        double zTask = 0;
        for (std::size_t i = task * kRowsPerTask; i < end; ++i) {
            float yi[D];
            for (int d = 0; d < D; ++d)
                yi[d] = m_axes[d * n + i];
            float z[kLanes] = {}, f[D][kLanes] = {};
            auto pair = [&](std::size_t j, std::size_t lane) {
                float diff[D], d2 = 0;
                for (int d = 0; d < D; ++d) {
                    diff[d] = yi[d] - m_axes[d * n + j];
                    d2 += diff[d] * diff[d];
                }
                const float b = kernel.base(d2);
                const float w = kernel.weight(b);
                z[lane] += w;
                const float force = kernel.force(b, w);
                for (int d = 0; d < D; ++d)
                    f[d][lane] += w * force * diff[d];
            };
            std::size_t j = 0;
            for (; j + kLanes <= n; j += kLanes)
                for (std::size_t lane = 0; lane < kLanes; ++lane)
                    pair(j + lane, lane);
            for (std::size_t lane = 0; j + lane < n; ++lane)
                pair(j + lane, lane);
            double zi = -1.0; // the pair (i, i) contributed exactly 1
            double fi[D] = {};
            for (std::size_t lane = 0; lane < kLanes; ++lane) {
                zi += z[lane];
                for (int d = 0; d < D; ++d)
                    fi[d] += f[d][lane];
            }
            zTask += zi;
            for (int d = 0; d < D; ++d)
                forces(static_cast<Eigen::Index>(i), d) = static_cast<float>(fi[d]);
        }
        m_partialZ[task] = zTask;
    });
    double z = 0;
    for (double part : m_partialZ)
        z += part;
    return z;
}

template <int D> double ExactRepulsion<D>::compute(const RowMatrix& layout, RowMatrix& forces) {
    return withKernel(m_alpha, m_kernelWeighted,
                      [&](auto kernel) { return sum(layout, forces, kernel); });
}

template class ExactRepulsion<2>;
template class ExactRepulsion<3>;

} // namespace vecspace
