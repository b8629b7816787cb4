#include "base/all_pairs_fused.h"

#include <algorithm>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VECSPACE_FUSED_KERNEL 1
#endif

namespace vecspace {
namespace {

constexpr std::size_t kCols = 12; // rows of the J range per micro-block: 24 accumulators

} // namespace

FloatPanels::FloatPanels(const RowMatrix& matrix, unsigned threads)
    : m_dims(static_cast<std::size_t>(matrix.cols())) {
    const auto rows = static_cast<std::size_t>(matrix.rows());
    const std::size_t groups = (rows + 15) / 16;
    m_data.assign((groups + 2) * m_dims * 16, 0.0f);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor((groups + 1023) / 1024,
                [&](std::size_t block) {
                    for (std::size_t row = block * 16384; row < std::min(rows, (block + 1) * 16384);
                         ++row) {
                        const float* values = matrix.row(static_cast<Eigen::Index>(row)).data();
                        float* out = m_data.data() + (row / 16) * m_dims * 16 + row % 16;
                        for (std::size_t d = 0; d < m_dims; ++d)
                            out[d * 16] = values[d];
                    }
                },
                parallel);
}

#ifdef VECSPACE_FUSED_KERNEL
#define VECSPACE_FUSED_TARGET __attribute__((target("avx512f")))

namespace {

// Offers the lanes of `mask` (rows first + lane) to one row's buffer.
inline void offerLanes(unsigned mask, const float* values, std::size_t first, std::size_t row,
                       CandidateBuffers& buffers) {
    while (mask != 0) {
        const unsigned lane = static_cast<unsigned>(__builtin_ctz(mask));
        mask &= mask - 1;
        buffers.push(row, static_cast<std::uint32_t>(first + lane), values[lane]);
    }
}

} // namespace

bool fusedPairsAvailable() {
    static const bool available = __builtin_cpu_supports("avx512f");
    return available;
}

VECSPACE_FUSED_TARGET void scoreTilePairFused(const FusedPairs& job, std::size_t firstI,
                                              std::size_t ni, std::size_t firstJ, std::size_t nj,
                                              CandidateBuffers& buffers) {
    const std::size_t dims = job.panels.dims();
    const bool diagonal = firstI == firstJ;
    const bool euclidean = job.squaredNorms != nullptr;
    const float* bars = buffers.bars();
    std::vector<float> packed(dims * kCols); // the J block, dimension-major
    alignas(64) float values[2][kCols][16];
    for (std::size_t j0 = 0; j0 < nj; j0 += kCols) {
        const std::size_t jn = std::min(kCols, nj - j0);
        for (std::size_t j = 0; j < kCols; ++j) {
            const float* row =
                job.matrix.row(static_cast<Eigen::Index>(firstJ + j0 + std::min(j, jn - 1))).data();
            for (std::size_t d = 0; d < dims; ++d)
                packed[d * kCols + j] = row[d];
        }
        for (std::size_t i0 = 0; i0 < ni; i0 += 32) {
            const float* a0 = job.panels.group((firstI + i0) / 16);
            const float* a1 = a0 + dims * 16;
            __m512 acc0[kCols], acc1[kCols];
#pragma GCC unroll 12
            for (std::size_t j = 0; j < kCols; ++j) {
                acc0[j] = _mm512_setzero_ps();
                acc1[j] = _mm512_setzero_ps();
            }
            const float* b = packed.data();
            for (std::size_t d = 0; d < dims; ++d) {
                const __m512 x0 = _mm512_loadu_ps(a0 + d * 16);
                const __m512 x1 = _mm512_loadu_ps(a1 + d * 16);
#pragma GCC unroll 12
                for (std::size_t j = 0; j < kCols; ++j) {
                    const __m512 y = _mm512_set1_ps(b[d * kCols + j]);
                    acc0[j] = _mm512_fmadd_ps(x0, y, acc0[j]);
                    acc1[j] = _mm512_fmadd_ps(x1, y, acc1[j]);
                }
            }
            // Out of registers once, so that the loop above keeps all 24 accumulators in them.
#pragma GCC unroll 12
            for (std::size_t j = 0; j < kCols; ++j) {
                _mm512_store_ps(values[0][j], acc0[j]);
                _mm512_store_ps(values[1][j], acc1[j]);
            }
            // Lanes past the end of the I range hold padding.
            const std::size_t left = ni - i0;
            const unsigned valid0 = left >= 16 ? 0xFFFFu : (1u << left) - 1;
            const unsigned valid1 = left >= 32 ? 0xFFFFu : left > 16 ? (1u << (left - 16)) - 1 : 0;
            __m512 n0 = _mm512_setzero_ps(), n1 = _mm512_setzero_ps();
            if (euclidean) {
                n0 = _mm512_loadu_ps(job.squaredNorms + firstI + i0);
                n1 = _mm512_loadu_ps(job.squaredNorms + firstI + i0 + 16);
            }
            const __m512 bar0 = _mm512_loadu_ps(bars + firstI + i0);
            const __m512 bar1 = _mm512_loadu_ps(bars + firstI + i0 + 16);
            for (std::size_t j = 0; j < jn; ++j) {
                const std::size_t rowJ = firstJ + j0 + j;
                __m512 s0 = _mm512_load_ps(values[0][j]), s1 = _mm512_load_ps(values[1][j]);
                if (euclidean) {
                    // 2 a.b - |a|^2 - |b|^2 = -|a - b|^2
                    const __m512 nj2 = _mm512_set1_ps(job.squaredNorms[rowJ]);
                    const __m512 two = _mm512_set1_ps(2.0f);
                    s0 = _mm512_fmsub_ps(s0, two, _mm512_add_ps(n0, nj2));
                    s1 = _mm512_fmsub_ps(s1, two, _mm512_add_ps(n1, nj2));
                }
                // Row J is offered the I rows that clear its bar (never itself).
                const __m512 barJ = _mm512_set1_ps(bars[rowJ]);
                unsigned toJ0 = _mm512_cmp_ps_mask(s0, barJ, _CMP_GE_OQ) & valid0;
                unsigned toJ1 = _mm512_cmp_ps_mask(s1, barJ, _CMP_GE_OQ) & valid1;
                if (diagonal) {
                    const std::size_t self = rowJ - (firstI + i0);
                    if (self < 16)
                        toJ0 &= ~(1u << self);
                    else if (self < 32)
                        toJ1 &= ~(1u << (self - 16));
                }
                // Off the diagonal, each I row is offered row J too.
                unsigned toI0 = 0, toI1 = 0;
                if (!diagonal) {
                    toI0 = _mm512_cmp_ps_mask(s0, bar0, _CMP_GE_OQ) & valid0;
                    toI1 = _mm512_cmp_ps_mask(s1, bar1, _CMP_GE_OQ) & valid1;
                }
                if ((toJ0 | toJ1 | toI0 | toI1) == 0) continue;
                _mm512_store_ps(values[0][j], s0);
                _mm512_store_ps(values[1][j], s1);
                offerLanes(toJ0, values[0][j], firstI + i0, rowJ, buffers);
                offerLanes(toJ1, values[1][j], firstI + i0 + 16, rowJ, buffers);
                for (unsigned m = toI0; m != 0; m &= m - 1) {
                    const unsigned lane = static_cast<unsigned>(__builtin_ctz(m));
                    buffers.push(firstI + i0 + lane, static_cast<std::uint32_t>(rowJ),
                                 values[0][j][lane]);
                }
                for (unsigned m = toI1; m != 0; m &= m - 1) {
                    const unsigned lane = static_cast<unsigned>(__builtin_ctz(m));
                    buffers.push(firstI + i0 + 16 + lane, static_cast<std::uint32_t>(rowJ),
                                 values[1][j][lane]);
                }
            }
        }
    }
}

#else

bool fusedPairsAvailable() {
    return false;
}

void scoreTilePairFused(const FusedPairs&, std::size_t, std::size_t, std::size_t, std::size_t,
                        CandidateBuffers&) {}

#endif

} // namespace vecspace
