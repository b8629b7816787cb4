#include "base/all_pairs_fused.h"

#include <algorithm>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VECSPACE_FUSED_KERNEL 1
#endif

namespace vecspace {
namespace {

// J rows per micro-block: half a panel group, so that their values can be broadcast from the
// panel itself; with three groups of I rows, 24 accumulators.
constexpr std::size_t kCols = 8;

} // namespace

FloatPanels::FloatPanels(MatrixView matrix, unsigned threads)
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

// Where a micro-block's scores go: both rows' buffers, under the tile pair's locks.
struct Offer {
    const FusedPairs& job;
    CandidateBuffers& buffers;
    const float* bars;
    bool diagonal, euclidean;
};

// Scores R groups of 16 I rows (from row i, a multiple of 16; `left` of them real) against the
// kCols J rows from row j (`jn` of them real) in registers: the J values are broadcast straight
// from their own panel (dimension-major, 16 lanes a dimension), so nothing is packed per tile.
template <int R>
VECSPACE_FUSED_TARGET void microBlock(const Offer& o, std::size_t i, std::size_t left,
                                      std::size_t j, std::size_t jn) {
    const std::size_t dims = o.job.panels.dims();
    const float* a = o.job.panels.group(i / 16);
    const float* b = o.job.panels.group(j / 16) + j % 16;
    __m512 acc[R][kCols];
#pragma GCC unroll 8
    for (std::size_t c = 0; c < kCols; ++c)
#pragma GCC unroll 3
        for (int r = 0; r < R; ++r)
            acc[r][c] = _mm512_setzero_ps();
    for (std::size_t d = 0; d < dims; ++d) {
        __m512 x[R];
#pragma GCC unroll 3
        for (int r = 0; r < R; ++r)
            x[r] = _mm512_loadu_ps(a + (static_cast<std::size_t>(r) * dims + d) * 16);
#pragma GCC unroll 8
        for (std::size_t c = 0; c < kCols; ++c) {
            const __m512 y = _mm512_set1_ps(b[d * 16 + c]);
#pragma GCC unroll 3
            for (int r = 0; r < R; ++r)
                acc[r][c] = _mm512_fmadd_ps(x[r], y, acc[r][c]);
        }
    }
    // Out of registers once, so that the loop above keeps every accumulator in them.
    alignas(64) float values[R][kCols][16];
#pragma GCC unroll 8
    for (std::size_t c = 0; c < kCols; ++c)
#pragma GCC unroll 3
        for (int r = 0; r < R; ++r)
            _mm512_store_ps(values[r][c], acc[r][c]);

    for (int r = 0; r < R; ++r) {
        const std::size_t offset = 16 * static_cast<std::size_t>(r);
        if (left <= offset) break;
        const std::size_t first = i + offset, real = left - offset;
        const unsigned valid = real >= 16 ? 0xFFFFu : (1u << real) - 1;
        const __m512 normsI =
            o.euclidean ? _mm512_loadu_ps(o.job.squaredNorms + first) : _mm512_setzero_ps();
        const __m512 barsI = _mm512_loadu_ps(o.bars + first);
        for (std::size_t c = 0; c < jn; ++c) {
            const std::size_t rowJ = j + c;
            __m512 s = _mm512_load_ps(values[r][c]);
            if (o.euclidean) // 2 a.b - |a|^2 - |b|^2 = -|a - b|^2
                s = _mm512_fmsub_ps(
                    s, _mm512_set1_ps(2.0f),
                    _mm512_add_ps(normsI, _mm512_set1_ps(o.job.squaredNorms[rowJ])));
            // Row J is offered the I rows that clear its bar (never itself); off the diagonal
            // each I row is offered row J too.
            unsigned toJ = _mm512_cmp_ps_mask(s, _mm512_set1_ps(o.bars[rowJ]), _CMP_GE_OQ) & valid;
            if (o.diagonal && rowJ - first < 16) toJ &= ~(1u << (rowJ - first));
            const unsigned toI = o.diagonal ? 0u : _mm512_cmp_ps_mask(s, barsI, _CMP_GE_OQ) & valid;
            if ((toJ | toI) == 0) continue;
            _mm512_store_ps(values[r][c], s);
            for (unsigned m = toJ; m != 0; m &= m - 1) {
                const auto lane = static_cast<unsigned>(__builtin_ctz(m));
                o.buffers.push(rowJ, o.job.name(first + lane), values[r][c][lane]);
            }
            for (unsigned m = toI; m != 0; m &= m - 1) {
                const auto lane = static_cast<unsigned>(__builtin_ctz(m));
                o.buffers.push(first + lane, o.job.name(rowJ), values[r][c][lane]);
            }
        }
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
    const Offer offer{job, buffers, buffers.bars(), firstI == firstJ, job.squaredNorms != nullptr};
    for (std::size_t j0 = 0; j0 < nj; j0 += kCols) {
        const std::size_t jn = std::min(kCols, nj - j0);
        // Three groups of I rows at a time (24 accumulators); two for the last 32 or fewer.
        std::size_t i0 = 0;
        for (; i0 + 32 < ni; i0 += 48)
            microBlock<3>(offer, firstI + i0, ni - i0, firstJ + j0, jn);
        if (i0 < ni) microBlock<2>(offer, firstI + i0, ni - i0, firstJ + j0, jn);
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
