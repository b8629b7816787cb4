#include "layout/tsne_fft.h"

#include "base/thread_pool.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kPointsPerTask = 1024;
// Points per chunk of the counting sort by slab (fixed, so the order is the same for any
// number of threads).
constexpr std::size_t kPointsPerChunk = 1 << 15;
constexpr std::size_t kMaxNodesPerBox = 8;
constexpr double kSpacingsPerBox = 2; // box width in mean point spacings, with the near field
// Padded grid nodes at most (two grids of 2^24 complex floats: 256 MB); beyond, wider boxes.
constexpr double kMaxGridNodes = double(1 << 24);
// Time of one candidate pair in the near field over that of one padded grid node in the
// convolution (two grids, both directions): 0.2-0.5 ns over 15 ns on a Zen 5 core.
constexpr double kPairCost = 0.02;

} // namespace

template <int D>
FftRepulsion<D>::FftRepulsion(const TsneOptions& options, double alpha, ThreadPool& pool)
    : m_pool(pool), m_alpha(alpha), m_minIntervals(options.fftMinIntervals),
      m_intervalsPerUnit(options.fftIntervalsPerUnit), m_nodesPerBox(options.fftInterpolationNodes),
      m_nearBoxes(options.fftNearFieldBoxes), m_convolution(pool) {
    if (m_minIntervals < 1 || !(m_intervalsPerUnit > 0) || m_nodesPerBox < 1 ||
        m_nodesPerBox > kMaxNodesPerBox || !(m_nearBoxes >= 0))
        throw std::invalid_argument("t-SNE FFT: needs at least 1 interval, a positive number of "
                                    "intervals per unit, 1 to 8 nodes per interval and a near "
                                    "field of 0 or more boxes");
    if (m_nearBoxes > 0) m_nearField = std::make_unique<NearField<D>>(pool);
}

template <int D> std::size_t FftRepulsion<D>::boxesFor(double extent, double width) const {
    const double wanted = std::ceil(extent * 1.02 / width);
    std::size_t boxes = std::max(m_minIntervals, static_cast<std::size_t>(wanted));
    while (!FftPlan::supported(2 * boxes * m_nodesPerBox))
        ++boxes;
    return boxes;
}

template <int D> void FftRepulsion<D>::placeGrid(const RowMatrix& layout) {
    const std::size_t n = static_cast<std::size_t>(layout.rows());
    // The bounding box, a chunk of points per task (min and max give the same bits in any order).
    const std::size_t chunks = (n + kPointsPerChunk - 1) / kPointsPerChunk;
    std::vector<std::array<float, 2 * D>> boxes(chunks);
    m_pool.run(chunks, [&](std::size_t chunk, unsigned) {
        std::array<float, 2 * D>& box = boxes[chunk];
        for (int d = 0; d < D; ++d) {
            box[d] = std::numeric_limits<float>::infinity();
            box[D + d] = -box[d];
        }
        const std::size_t end = std::min(n, (chunk + 1) * kPointsPerChunk);
        for (std::size_t i = chunk * kPointsPerChunk; i < end; ++i)
            for (int d = 0; d < D; ++d) {
                const float v = layout(static_cast<Eigen::Index>(i), d);
                box[d] = std::min(box[d], v);
                box[D + d] = std::max(box[D + d], v);
            }
    });
    double lo[D], hi[D];
    for (int d = 0; d < D; ++d) {
        lo[d] = std::numeric_limits<double>::infinity();
        hi[d] = -lo[d];
        for (const auto& box : boxes) {
            lo[d] = std::min(lo[d], double(box[d]));
            hi[d] = std::max(hi[d], double(box[D + d]));
        }
    }
    // The grid (and with it the kernel's spectrum) is kept while the layout fits in it and
    // fills at least 2/3 of it: a new one costs an extra FFT, and the layout changes little
    // from one iteration to the next.
    bool keep = m_boxes[0] > 0;
    for (int d = 0; d < D && keep; ++d) {
        const double span = double(m_boxes[d]) * m_boxWidth[d];
        keep = lo[d] >= m_low[d] && hi[d] <= m_low[d] + span && (hi[d] - lo[d]) * 1.5 >= span;
    }
    if (keep) return;
    double extent[D], largest = 0;
    for (int d = 0; d < D; ++d)
        largest = std::max(largest, hi[d] - lo[d]);
    double volume = 1;
    for (int d = 0; d < D; ++d) {
        extent[d] = std::max({hi[d] - lo[d], 1e-3 * largest, 1e-9});
        volume *= extent[d];
    }
    // Interpolating the kernel itself needs boxes well below its own scale of 1: at most
    // 1 / intervalsPerUnit wide (FIt-SNE). Once the layout is large, that grid gets expensive;
    // with the near field the grid carries only the smooth part, whose scale is the near radius,
    // so its boxes can be a couple of mean point spacings wide whatever the layout's size, for
    // the price of the pairs within the radius. The cheaper of the two is used.
    auto gridNodes = [&](double width) {
        double padded = 1;
        for (int d = 0; d < D; ++d)
            padded *= 2.0 * double(m_nodesPerBox) *
                      std::max(double(m_minIntervals), std::ceil(extent[d] * 1.02 / width));
        return padded;
    };
    auto affordable = [&](double width) {
        for (double nodes = gridNodes(width); nodes > kMaxGridNodes;) {
            const double wider = gridNodes(width * 1.1);
            if (wider >= nodes) break; // the minimum count alone is over the cap
            width *= 1.1;
            nodes = wider;
        }
        return width;
    };
    // The widest box for a wanted width: narrower in the minimum count's regime, wider where
    // the count is rounded up.
    auto widest = [&](double target) {
        double most = 0;
        for (int d = 0; d < D; ++d) {
            const double boxes = double(boxesFor(extent[d], target));
            most = std::max(most, std::max(std::min(target, extent[d] * 1.25 / boxes),
                                           extent[d] * 1.02 / boxes));
        }
        return most;
    };
    // Heavier tails than Cauchy's narrow the kernel's peak to a width of about sqrt(a): the
    // boxes narrow with it, to keep the interpolation error of the plain grid.
    const double plainWidth = affordable(std::sqrt(std::min(m_alpha, 1.0)) / m_intervalsPerUnit);
    double target = plainWidth, best = gridNodes(plainWidth);
    bool near = false;
    if (m_nearBoxes > 0) {
        // From a couple of mean spacings down: clustered layouts have far more pairs within a
        // given radius than their mean density says, and pay for a finer grid.
        const double spacing = std::pow(volume / double(n), 1.0 / D);
        for (double width = affordable(kSpacingsPerBox * spacing); width > plainWidth / 4;
             width /= 1.4) {
            const double cost =
                gridNodes(width) + kPairCost * NearField<D>::candidatePairs(
                                                   layout, lo, hi, m_nearBoxes * widest(width));
            if (cost < best) best = cost, target = width, near = true;
            if (gridNodes(width / 1.4) > kMaxGridNodes) break;
        }
    }
    std::array<std::size_t, GridConvolution::kMaxDims> nodes{};
    double widestBox = 0;
    for (int d = 0; d < D; ++d) {
        // At least minIntervals boxes, and room to grow: 2% at least, up to 25% where rounding
        // the count up (the FFT length 2 x boxes x nodes must have no prime factor above 5) or
        // the minimum count allows.
        const std::size_t boxes = boxesFor(extent[d], target);
        const double width = std::max(std::min(target, extent[d] * 1.25 / double(boxes)),
                                      extent[d] * 1.02 / double(boxes));
        m_boxes[d] = boxes;
        m_boxWidth[d] = width;
        m_low[d] = (lo[d] + hi[d]) / 2 - double(boxes) * width / 2;
        m_centre[d] = (lo[d] + hi[d]) / 2;
        nodes[d] = boxes * m_nodesPerBox;
        widestBox = std::max(widestBox, width);
    }
    m_convolution.setGrid(D, nodes, kCharges);
    const double radius = near ? m_nearBoxes * widestBox : 0.0;
    m_nearActive = near;
    if (near) m_nearField->setSplit(radius, m_alpha);
    double spacing[D];
    for (int d = 0; d < D; ++d)
        spacing[d] = m_boxWidth[d] / double(m_nodesPerBox);
    const KernelSplit split(radius, m_alpha);
    m_convolution.setKernel([&spacing, &split](const long* offset) {
        double d2 = 0;
        for (int d = 0; d < D; ++d)
            d2 += (double(offset[d]) * spacing[d]) * (double(offset[d]) * spacing[d]);
        return static_cast<float>(split.smooth(d2));
    });
}

template <int D> void FftRepulsion<D>::locatePoints(const RowMatrix& layout) {
    const std::size_t n = static_cast<std::size_t>(layout.rows());
    const std::size_t p = m_nodesPerBox;
    m_firstNode.resize(n * D);
    m_weights.resize(n * D * p);
    m_charges.resize(n * kCharges);
    // Lagrange basis on the nodes (k + 1/2) / p of the unit box: the denominators are fixed.
    double node[kMaxNodesPerBox], denominator[kMaxNodesPerBox];
    for (std::size_t k = 0; k < p; ++k)
        node[k] = (double(k) + 0.5) / double(p);
    for (std::size_t k = 0; k < p; ++k) {
        denominator[k] = 1;
        for (std::size_t m = 0; m < p; ++m)
            if (m != k) denominator[k] *= node[k] - node[m];
    }
    const std::size_t tasks = (n + kPointsPerTask - 1) / kPointsPerTask;
    m_pool.run(tasks, [&](std::size_t task, unsigned) {
        const std::size_t end = std::min(n, (task + 1) * kPointsPerTask);
        for (std::size_t i = task * kPointsPerTask; i < end; ++i) {
            m_charges[i * kCharges] = 1.0f;
            for (int d = 0; d < D; ++d) {
                const double y = layout(static_cast<Eigen::Index>(i), d);
                const double x = (y - m_low[d]) / m_boxWidth[d];
                const auto box = static_cast<std::size_t>(
                    std::clamp(std::floor(x), 0.0, double(m_boxes[d] - 1)));
                const double t = x - double(box);
                m_firstNode[i * D + d] = static_cast<std::uint32_t>(box * p);
                for (std::size_t k = 0; k < p; ++k) {
                    double w = 1;
                    for (std::size_t m = 0; m < p; ++m)
                        if (m != k) w *= t - node[m];
                    m_weights[(i * D + d) * p + k] = static_cast<float>(w / denominator[k]);
                }
                m_charges[i * kCharges + 1 + d] = static_cast<float>(y - m_centre[d]);
            }
        }
    });
    // Points by box along axis 0 (a stable counting sort), so that slabs of boxes can be
    // spread in parallel, each node summing its points in row order whatever the threads. The
    // sort runs in fixed chunks of points: each chunk's count per slab, then each chunk's start
    // in each slab, then the chunks fill their places in parallel.
    const std::size_t slabs = m_boxes[0];
    const std::size_t chunks = (n + kPointsPerChunk - 1) / kPointsPerChunk;
    m_chunkCounts.assign(chunks * slabs, 0);
    m_pool.run(chunks, [&](std::size_t chunk, unsigned) {
        std::uint32_t* counts = m_chunkCounts.data() + chunk * slabs;
        const std::size_t end = std::min(n, (chunk + 1) * kPointsPerChunk);
        for (std::size_t i = chunk * kPointsPerChunk; i < end; ++i)
            ++counts[m_firstNode[i * D] / p];
    });
    m_slabStart.assign(slabs + 1, 0);
    std::uint32_t next = 0;
    for (std::size_t s = 0; s < slabs; ++s) {
        m_slabStart[s] = next;
        for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
            const std::uint32_t count = m_chunkCounts[chunk * slabs + s];
            m_chunkCounts[chunk * slabs + s] = next; // now the chunk's first place in the slab
            next += count;
        }
    }
    m_slabStart[slabs] = next;
    m_slabPoints.resize(n);
    m_pool.run(chunks, [&](std::size_t chunk, unsigned) {
        std::uint32_t* fill = m_chunkCounts.data() + chunk * slabs;
        const std::size_t end = std::min(n, (chunk + 1) * kPointsPerChunk);
        for (std::size_t i = chunk * kPointsPerChunk; i < end; ++i)
            m_slabPoints[fill[m_firstNode[i * D] / p]++] = static_cast<std::uint32_t>(i);
    });
}

template <int D> void FftRepulsion<D>::spread() {
    const std::size_t p = m_nodesPerBox;
    float* grids[kCharges];
    for (std::size_t c = 0; c < kCharges; ++c)
        grids[c] = m_convolution.charge(c);
    std::size_t stride[D];
    for (int d = 0; d < D; ++d)
        stride[d] = m_convolution.stride(d);
    const std::size_t rowLength = m_boxes[D - 1] * p; // nodes along the last axis
    const std::size_t midRows = D == 3 ? m_boxes[1] * p : 1;
    m_pool.run(m_boxes[0], [&](std::size_t slab, unsigned) {
        for (std::size_t c = 0; c < kCharges; ++c)
            for (std::size_t r = slab * p; r < (slab + 1) * p; ++r)
                for (std::size_t mid = 0; mid < midRows; ++mid) {
                    float* row = grids[c] + r * stride[0] + (D == 3 ? mid * stride[1] : 0);
                    std::fill(row, row + rowLength, 0.0f);
                }
        for (std::uint32_t s = m_slabStart[slab]; s < m_slabStart[slab + 1]; ++s) {
            const std::size_t i = m_slabPoints[s];
            const float* w = m_weights.data() + i * D * p;
            const float* q = m_charges.data() + i * kCharges;
            std::size_t base = 0;
            for (int d = 0; d < D; ++d)
                base += m_firstNode[i * D + d] * stride[d];
            for (std::size_t k0 = 0; k0 < p; ++k0)
                for (std::size_t k1 = 0; k1 < p; ++k1) {
                    const float w01 = w[k0] * w[p + k1];
                    const std::size_t at01 = base + k0 * stride[0] + k1 * stride[1];
                    if constexpr (D == 2) {
                        for (std::size_t c = 0; c < kCharges; ++c)
                            grids[c][at01] += w01 * q[c];
                    } else {
                        for (std::size_t k2 = 0; k2 < p; ++k2) {
                            const float w012 = w01 * w[2 * p + k2];
                            for (std::size_t c = 0; c < kCharges; ++c)
                                grids[c][at01 + k2] += w012 * q[c];
                        }
                    }
                }
        }
    });
}

template <int D> double FftRepulsion<D>::gather(RowMatrix& forces) {
    const std::size_t n = static_cast<std::size_t>(forces.rows());
    const std::size_t p = m_nodesPerBox;
    const float* grids[kCharges];
    for (std::size_t c = 0; c < kCharges; ++c)
        grids[c] = m_convolution.charge(c);
    std::size_t stride[D];
    for (int d = 0; d < D; ++d)
        stride[d] = m_convolution.stride(d);
    const std::size_t tasks = (n + kPointsPerTask - 1) / kPointsPerTask;
    m_partialZ.assign(tasks, 0.0);
    m_pool.run(tasks, [&](std::size_t task, unsigned) {
        const std::size_t end = std::min(n, (task + 1) * kPointsPerTask);
        double zTask = 0;
        for (std::size_t i = task * kPointsPerTask; i < end; ++i) {
            const float* w = m_weights.data() + i * D * p;
            std::size_t base = 0;
            for (int d = 0; d < D; ++d)
                base += m_firstNode[i * D + d] * stride[d];
            float phi[kCharges] = {};
            for (std::size_t k0 = 0; k0 < p; ++k0)
                for (std::size_t k1 = 0; k1 < p; ++k1) {
                    const float w01 = w[k0] * w[p + k1];
                    const std::size_t at01 = base + k0 * stride[0] + k1 * stride[1];
                    if constexpr (D == 2) {
                        for (std::size_t c = 0; c < kCharges; ++c)
                            phi[c] += w01 * grids[c][at01];
                    } else {
                        for (std::size_t k2 = 0; k2 < p; ++k2) {
                            const float w012 = w01 * w[2 * p + k2];
                            for (std::size_t c = 0; c < kCharges; ++c)
                                phi[c] += w012 * grids[c][at01 + k2];
                        }
                    }
                }
            const float* q = m_charges.data() + i * kCharges;
            double norm2 = 0, dot = 0;
            for (int d = 0; d < D; ++d) {
                norm2 += double(q[1 + d]) * double(q[1 + d]);
                dot += double(q[1 + d]) * double(phi[1 + d]);
            }
            // For a = 1 the divisions are exact: the Cauchy kernel's bits.
            zTask += (1.0 + 2.0 * norm2 / m_alpha) * double(phi[0]) - 2.0 * dot / m_alpha -
                     1.0; // w_ii = 1
            for (int d = 0; d < D; ++d) {
                forces(static_cast<Eigen::Index>(i), d) =
                    static_cast<float>(double(q[1 + d]) * phi[0] - double(phi[1 + d]));
            }
        }
        m_partialZ[task] = zTask;
    });
    double z = 0;
    for (double part : m_partialZ)
        z += part;
    return z;
}

template <int D> double FftRepulsion<D>::compute(const RowMatrix& layout, RowMatrix& forces) {
    placeGrid(layout);
    locatePoints(layout);
    spread();
    m_convolution.convolve();
    const double z = gather(forces);
    return m_nearActive ? z + m_nearField->add(layout, forces) : z;
}

template class FftRepulsion<2>;
template class FftRepulsion<3>;

} // namespace vecspace
