#include "layout/tsne_fft_convolution.h"

#include "base/thread_pool.h"

#include <algorithm>
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace vecspace {
namespace {

// Lanes per transform: 32 lanes of the longest axis (2 x 900 nodes) in four planes stay within a
// 2 MB L2 cache.
constexpr std::size_t kLanes = 32;

// dst[c * dstStride + r] = src[r * srcStride + c] for r < rows, c < cols. The passes that run
// their lanes across rows copy each block of the grid in and out this way; element by element
// those copies took about a fifth of the convolution's time (all 341k GloVe rows, perf).
void transpose(const float* src, std::size_t srcStride, float* dst, std::size_t dstStride,
               std::size_t rows, std::size_t cols) {
    // Rows below blockRows and columns below blockCols go by 8 x 8 blocks, the rest one by one.
    std::size_t blockRows = 0;
    const std::size_t blockCols = cols / 8 * 8;
#if defined(__AVX__)
    // In registers: the usual unpack, shuffle and lane-swap ladder.
    blockRows = rows / 8 * 8;
    for (std::size_t r0 = 0; r0 < blockRows; r0 += 8)
        for (std::size_t c0 = 0; c0 < blockCols; c0 += 8) {
            __m256 v[8], t[8];
            for (int k = 0; k < 8; ++k)
                v[k] = _mm256_loadu_ps(src + (r0 + std::size_t(k)) * srcStride + c0);
            for (int k = 0; k < 8; k += 2) {
                t[k] = _mm256_unpacklo_ps(v[k], v[k + 1]);
                t[k + 1] = _mm256_unpackhi_ps(v[k], v[k + 1]);
            }
            for (int k = 0; k < 8; k += 4)
                for (int h = 0; h < 2; ++h) {
                    v[k + h] = _mm256_shuffle_ps(t[k + h], t[k + h + 2], _MM_SHUFFLE(1, 0, 1, 0));
                    v[k + h + 2] =
                        _mm256_shuffle_ps(t[k + h], t[k + h + 2], _MM_SHUFFLE(3, 2, 3, 2));
                }
            // v[0..3] hold columns 0, 2, 1, 3 of rows 0-3 (low half: c0..c0+3 of the first
            // lane), v[4..7] the same for rows 4-7.
            constexpr int order[4] = {0, 2, 1, 3};
            for (int k = 0; k < 4; ++k) {
                const __m256 low = v[order[k]], high = v[4 + order[k]];
                _mm256_storeu_ps(dst + (c0 + std::size_t(k)) * dstStride + r0,
                                 _mm256_permute2f128_ps(low, high, 0x20));
                _mm256_storeu_ps(dst + (c0 + std::size_t(k) + 4) * dstStride + r0,
                                 _mm256_permute2f128_ps(low, high, 0x31));
            }
        }
#endif
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = r < blockRows ? blockCols : 0; c < cols; ++c)
            dst[c * dstStride + r] = src[r * srcStride + c];
}

} // namespace

void GridConvolution::setGrid(int dims, const std::array<std::size_t, kMaxDims>& nodes,
                              std::size_t charges) {
    bool same = dims == m_dims && charges == m_charges;
    for (int d = 0; d < dims; ++d)
        same = same && nodes[d] == m_nodes[d];
    if (same) return;
    m_dims = dims;
    m_charges = charges;
    m_total = 1;
    std::size_t longest = 1;
    for (int d = dims - 1; d >= 0; --d) {
        m_nodes[d] = nodes[d];
        m_padded[d] = 2 * nodes[d];
        m_stride[d] = m_total;
        m_total *= m_padded[d];
        longest = std::max(longest, m_padded[d]);
        if (m_plans[d].length() != m_padded[d]) m_plans[d] = FftPlan(m_padded[d]);
    }
    m_grids.assign((charges + 1) / 2, std::vector<float>(2 * m_total));
    m_spectrum.assign(m_total, 0.0f);
    m_scratch.assign(m_pool.size(), std::vector<float>(6 * longest * kLanes));
}

void GridConvolution::clearNodes(float* plane) const {
    // The nodes region [0, M_0) x ... x [0, M_{D-1}) as rows along the last axis.
    std::size_t rows = 1;
    for (int d = 0; d + 1 < m_dims; ++d)
        rows *= m_nodes[d];
    for (std::size_t r = 0; r < rows; ++r) {
        std::size_t offset = 0, rest = r;
        for (int d = m_dims - 2; d >= 0; --d) {
            offset += (rest % m_nodes[d]) * m_stride[d];
            rest /= m_nodes[d];
        }
        std::fill_n(plane + offset, m_nodes[m_dims - 1], 0.0f);
    }
}

float* GridConvolution::charge(std::size_t c) {
    return m_grids[c / 2].data() + (c % 2) * m_total;
}

void GridConvolution::setKernel(const std::function<float(const long* offset)>& kernel) {
    // The kernel at circular offsets: index i along an axis of L = 2M holds offset i below M and
    // i - L above; index M (offset +-M) is never reached by a linear convolution.
    std::vector<float> grid(2 * m_total, 0.0f);
    long offset[kMaxDims] = {};
    for (std::size_t flat = 0; flat < m_total; ++flat) {
        std::size_t rest = flat;
        bool used = true;
        for (int d = 0; d < m_dims; ++d) {
            const std::size_t i = rest / m_stride[d];
            rest %= m_stride[d];
            used = used && i != m_nodes[d];
            offset[d] = i < m_nodes[d] ? long(i) : long(i) - long(m_padded[d]);
        }
        if (used) grid[flat] = kernel(offset);
    }
    for (int axis = m_dims - 1; axis >= 0; --axis)
        runPass({axis, false, true, false, false, 1}, &grid);
    // An even kernel has a real spectrum; the imaginary part is rounding noise.
    const float scale = 1.0f / static_cast<float>(m_total);
    for (std::size_t i = 0; i < m_total; ++i)
        m_spectrum[i] = grid[i] * scale;
}

void GridConvolution::convolve() {
    const std::size_t arrays = m_grids.size();
    // An odd charge count leaves the last imaginary plane unused: clear what the forward passes
    // read of it, or the previous potentials would be convolved again and grow without bound
    // (the planes do not mix in exact arithmetic, but rounding would carry them over).
    if (m_charges % 2 == 1) clearNodes(m_grids.back().data() + m_total);
    for (int axis = m_dims - 1; axis >= 0; --axis)
        runPass({axis, false, false, true, false, arrays}, m_grids.data());
    constexpr std::size_t kBlock = 1 << 14;
    const std::size_t blocks = (m_total + kBlock - 1) / kBlock;
    m_pool.run(blocks * arrays, [&](std::size_t task, unsigned) {
        float* data = m_grids[task / blocks].data();
        const std::size_t begin = (task % blocks) * kBlock;
        const std::size_t end = std::min(m_total, begin + kBlock);
        for (std::size_t i = begin; i < end; ++i) {
            data[i] *= m_spectrum[i];
            data[m_total + i] *= m_spectrum[i];
        }
    });
    for (int axis = 0; axis < m_dims; ++axis)
        runPass({axis, true, false, false, true, arrays}, m_grids.data());
}

// Transforms along `axis`. Lanes run along the last axis (contiguous) or, when transforming the
// last axis, along the one before it (a transposing copy). The forward passes go from the last
// axis to the first and the inverse ones back: before the forward pass of an axis, the axes
// before it still hold only their first M_d nodes, and after its inverse pass only those are
// read again, so in both directions only lanes below M_d on earlier axes are needed. The
// transposing passes come first forward and last inverse, where they have the fewest lanes.
void GridConvolution::runPass(const Pass& pass, std::vector<float>* arrays) {
    const int axis = pass.axis;
    const int laneAxis = axis == m_dims - 1 ? m_dims - 2 : m_dims - 1;
    auto active = [&](int d) { return pass.allLanes || d > axis ? m_padded[d] : m_nodes[d]; };
    int otherAxis = -1;
    for (int d = 0; d < m_dims; ++d)
        if (d != axis && d != laneAxis) otherAxis = d;
    const std::size_t others = otherAxis < 0 ? 1 : active(otherAxis);
    const std::size_t laneCount = active(laneAxis);
    const std::size_t chunks = (laneCount + kLanes - 1) / kLanes;
    const std::size_t length = m_padded[axis];
    const std::size_t readElements = pass.zeroTail ? m_nodes[axis] : length;
    const std::size_t writeElements = pass.keepHead ? m_nodes[axis] : length;
    const std::size_t es = m_stride[axis], ls = m_stride[laneAxis];
    const FftPlan& plan = m_plans[axis];
    m_pool.run(pass.arrays * others * chunks, [&](std::size_t task, unsigned worker) {
        const std::size_t chunk = task % chunks;
        const std::size_t other = task / chunks % others;
        float* re = arrays[task / chunks / others].data();
        float* im = re + m_total;
        const std::size_t firstLane = chunk * kLanes;
        const std::size_t lanes = std::min(kLanes, laneCount - firstLane);
        const std::size_t base = firstLane * ls + (otherAxis < 0 ? 0 : other * m_stride[otherAxis]);
        float* scratch = m_scratch[worker].data();
        const FftPlan::View grid{re + base, im + base, es};
        if (ls == 1) { // lanes contiguous: the first and last stages work on the grid itself
            plan.transform(grid, readElements, grid, scratch, lanes, pass.inverse);
            return;
        }
        // Lanes across rows: transpose into a packed buffer and back.
        const FftPlan::View packed{scratch + 4 * length * lanes, scratch + 5 * length * lanes,
                                   lanes};
        transpose(re + base, ls, packed.re, lanes, lanes, readElements);
        transpose(im + base, ls, packed.im, lanes, lanes, readElements);
        plan.transform(packed, readElements, packed, scratch, lanes, pass.inverse);
        transpose(packed.re, lanes, re + base, ls, writeElements, lanes);
        transpose(packed.im, lanes, im + base, ls, writeElements, lanes);
    });
}

} // namespace vecspace
