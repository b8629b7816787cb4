#include "layout/tsne_near_field.h"

#include "base/thread_pool.h"
#include "layout/tsne_kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vecspace {
namespace {

constexpr std::size_t kPointsPerTask = 512;
constexpr std::size_t kLanes = 16;

struct Rest { // K - S below the cut: the KernelSplit polynomial in float
    float cut, c0, c1, c2, c3;
};

// Adds the rest kernel's terms of points [begin, end) to one point's per-lane sums. A fixed
// number of independent lanes makes the block a straight run of vector operations.
template <int D, typename Kernel>
void accumulate(const float* axes, std::size_t n, std::size_t begin, std::size_t end,
                const float* yi, const Rest& k, Kernel kernel, float* zOut, float (*fOut)[kLanes]) {
    // Everything the loop reads in locals: through the pointers the compiler would have to
    // assume aliasing and would not vectorise.
    const float* px[D];
    float y[D];
    for (int d = 0; d < D; ++d) {
        px[d] = axes + d * (n + kLanes);
        y[d] = yi[d];
    }
    const float cut = k.cut, c0 = k.c0, c1 = k.c1, c2 = k.c2, c3 = k.c3;
    float z[kLanes] = {}, f[D][kLanes] = {};
    auto pair = [&](std::size_t j, std::size_t lane) {
        float diff[D], u = 0;
        for (int d = 0; d < D; ++d) {
            diff[d] = y[d] - px[d][j];
            u += diff[d] * diff[d];
        }
        // A mask rather than a branch, which would also keep the loop from vectorising.
        const float b = kernel.base(u);
        const float t = std::min(u - cut, 0.0f);
        const float smooth = c0 + t * (c1 + t * (c2 + t * c3));
        const float r = (kernel.weight(b) * b - smooth) * static_cast<float>(u < cut) *
                        static_cast<float>(j < end);
        z[lane] += r * kernel.spread(u);
        for (int d = 0; d < D; ++d)
            f[d][lane] += r * diff[d];
    };
    // Whole blocks only: the last one reads up to kLanes - 1 points past `end` (the arrays are
    // padded for that) and masks them out, cheaper than a scalar tail for runs this short.
    for (std::size_t j = begin; j < end; j += kLanes)
        for (std::size_t lane = 0; lane < kLanes; ++lane)
            pair(j + lane, lane);
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
        zOut[lane] += z[lane];
        for (int d = 0; d < D; ++d)
            fOut[d][lane] += f[d][lane];
    }
}

// Square (cubic) cells over the bounding box, at least `radius` wide, so that every pair closer
// than the radius lies in neighbouring cells; fewer and wider where they would outnumber the
// points a lot, which only costs pairs examined, never pairs missed.
template <int D> struct Cells {
    double lo[D], size[D];
    std::size_t count[D];
    std::size_t total = 1;

    Cells(const double* low, const double* high, double radius, std::size_t points) {
        for (double width = std::max(radius, 1e-12);; width *= 1.5) {
            total = 1;
            for (int d = 0; d < D; ++d) {
                count[d] = std::max<std::size_t>(1, std::size_t((high[d] - low[d]) / width));
                total *= count[d];
            }
            if (total <= 4 * points + 64) break;
        }
        for (int d = 0; d < D; ++d) {
            lo[d] = low[d];
            size[d] = (high[d] - low[d]) / double(count[d]);
        }
    }
    // Row-major index, last axis fastest.
    std::size_t of(const RowMatrix& layout, std::size_t row) const {
        std::size_t flat = 0;
        for (int d = 0; d < D; ++d) {
            const double x =
                size[d] > 0 ? (double(layout(Eigen::Index(row), d)) - lo[d]) / size[d] : 0;
            flat = flat * count[d] +
                   static_cast<std::size_t>(std::clamp(x, 0.0, double(count[d] - 1)));
        }
        return flat;
    }
};

template <int D> void bounds(const RowMatrix& layout, double* lo, double* hi) {
    for (int d = 0; d < D; ++d) {
        lo[d] = std::numeric_limits<double>::infinity();
        hi[d] = -lo[d];
    }
    for (Eigen::Index i = 0; i < layout.rows(); ++i)
        for (int d = 0; d < D; ++d) {
            lo[d] = std::min(lo[d], double(layout(i, d)));
            hi[d] = std::max(hi[d], double(layout(i, d)));
        }
}

} // namespace

template <int D>
double NearField<D>::candidatePairs(const RowMatrix& layout, const double* lo, const double* hi,
                                    double radius) {
    const std::size_t n = static_cast<std::size_t>(layout.rows());
    const Cells<D> cells(lo, hi, radius, n);
    std::vector<double> count(cells.total, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        count[cells.of(layout, i)] += 1;
    // Points in each cell's neighbourhood: a sum over 3 cells along each axis in turn.
    std::vector<double> around = count, next(cells.total);
    std::size_t inner = 1;
    for (int d = D - 1; d >= 0; --d) {
        const std::size_t length = cells.count[d];
        for (std::size_t c = 0; c < cells.total; ++c) {
            const std::size_t i = c / inner % length;
            next[c] = around[c] + (i > 0 ? around[c - inner] : 0) +
                      (i + 1 < length ? around[c + inner] : 0);
        }
        around.swap(next);
        inner *= length;
    }
    double pairs = 0;
    for (std::size_t c = 0; c < cells.total; ++c)
        pairs += count[c] * around[c];
    return pairs;
}

template <int D> void NearField<D>::sortIntoCells(const RowMatrix& layout) {
    const std::size_t n = static_cast<std::size_t>(layout.rows());
    double lo[D], hi[D];
    bounds<D>(layout, lo, hi);
    const Cells<D> cells(lo, hi, m_radius, n);
    const std::size_t total = cells.total;
    for (int d = 0; d < D; ++d)
        m_cells[d] = cells.count[d];
    m_cellOf.resize(n);
    m_cellStart.assign(total + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t flat = cells.of(layout, i);
        m_cellOf[i] = static_cast<std::uint32_t>(flat);
        ++m_cellStart[flat + 1];
    }
    for (std::size_t c = 0; c < total; ++c)
        m_cellStart[c + 1] += m_cellStart[c];
    m_order.resize(n);
    m_axes.assign((n + kLanes) * D, 0.0f); // each axis padded for the last block of a run
    std::vector<std::uint32_t> fill(m_cellStart.begin(), m_cellStart.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t s = fill[m_cellOf[i]]++;
        m_order[s] = static_cast<std::uint32_t>(i);
        for (int d = 0; d < D; ++d)
            m_axes[d * (n + kLanes) + s] = layout(Eigen::Index(i), d);
    }
}

template <int D> double NearField<D>::add(const RowMatrix& layout, RowMatrix& forces) {
    return withKernel(m_split.alpha(), [&](auto kernel) { return sum(layout, forces, kernel); });
}

template <int D>
template <typename Kernel>
double NearField<D>::sum(const RowMatrix& layout, RowMatrix& forces, Kernel kernel) {
    sortIntoCells(layout);
    const std::size_t n = m_order.size();
    const std::size_t tasks = (n + kPointsPerTask - 1) / kPointsPerTask;
    m_partialZ.assign(tasks, 0.0);
    const float* axes = m_axes.data();
    const Rest rest{static_cast<float>(m_split.cut()), static_cast<float>(m_split.coefficient(0)),
                    static_cast<float>(m_split.coefficient(1)),
                    static_cast<float>(m_split.coefficient(2)),
                    static_cast<float>(m_split.coefficient(3))};
    m_pool.run(tasks, [&](std::size_t task, unsigned) {
        double zTask = 0;
        const std::size_t end = std::min(n, (task + 1) * kPointsPerTask);
        for (std::size_t s = task * kPointsPerTask; s < end; ++s) {
            const std::uint32_t row = m_order[s];
            // The cell's coordinates, last axis fastest.
            std::size_t cell[D];
            for (std::size_t flat = m_cellOf[row], d = D; d-- > 0;) {
                cell[d] = flat % m_cells[d];
                flat /= m_cells[d];
            }
            float yi[D];
            for (int d = 0; d < D; ++d)
                yi[d] = axes[d * (n + kLanes) + s];
            float z[kLanes] = {}, f[D][kLanes] = {};
            // Neighbouring cells along the last axis are consecutive: one run of points each.
            auto run = [&](std::size_t firstCell, std::size_t lastCell) {
                accumulate<D>(axes, n, m_cellStart[firstCell], m_cellStart[lastCell + 1], yi, rest,
                              kernel, z, f);
            };
            const std::size_t last = m_cells[D - 1];
            const std::size_t lo = cell[D - 1] > 0 ? cell[D - 1] - 1 : 0;
            const std::size_t hi = std::min(last - 1, cell[D - 1] + 1);
            if constexpr (D == 2) {
                for (std::size_t a = cell[0] > 0 ? cell[0] - 1 : 0;
                     a <= std::min(m_cells[0] - 1, cell[0] + 1); ++a)
                    run(a * last + lo, a * last + hi);
            } else {
                for (std::size_t a = cell[0] > 0 ? cell[0] - 1 : 0;
                     a <= std::min(m_cells[0] - 1, cell[0] + 1); ++a)
                    for (std::size_t b = cell[1] > 0 ? cell[1] - 1 : 0;
                         b <= std::min(m_cells[1] - 1, cell[1] + 1); ++b)
                        run((a * m_cells[1] + b) * last + lo, (a * m_cells[1] + b) * last + hi);
            }
            double zi = 0, fi[D] = {};
            for (std::size_t lane = 0; lane < kLanes; ++lane) {
                zi += z[lane];
                for (int d = 0; d < D; ++d)
                    fi[d] += f[d][lane];
            }
            zTask += zi;
            for (int d = 0; d < D; ++d)
                forces(Eigen::Index(row), d) += static_cast<float>(fi[d]);
        }
        m_partialZ[task] = zTask;
    });
    double z = 0;
    for (double part : m_partialZ)
        z += part;
    return z;
}

template class NearField<2>;
template class NearField<3>;

} // namespace vecspace
