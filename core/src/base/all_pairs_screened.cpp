#include "base/all_pairs_screened.h"

#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VECSPACE_SCREENED_KERNEL 1
#endif

namespace vecspace {
namespace {

constexpr std::size_t kCols = 8; // J rows per micro-block, as in the fused kernel

// float32 -> bfloat16, rounding to nearest even (finite values).
std::uint32_t toBf16(float value) {
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return (bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16;
}

} // namespace

Bf16Panels::Bf16Panels(const RowMatrix& matrix, unsigned threads)
    : m_pairs((static_cast<std::size_t>(matrix.cols()) + 1) / 2) {
    const auto rows = static_cast<std::size_t>(matrix.rows());
    const auto dims = static_cast<std::size_t>(matrix.cols());
    const std::size_t groups = (rows + 15) / 16;
    m_data.assign((groups + 2) * m_pairs * 16, 0u);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor((rows + 16383) / 16384,
                [&](std::size_t block) {
                    for (std::size_t row = block * 16384; row < std::min(rows, (block + 1) * 16384);
                         ++row) {
                        const float* values = matrix.row(static_cast<Eigen::Index>(row)).data();
                        std::uint32_t* out = m_data.data() + (row / 16) * m_pairs * 16 + row % 16;
                        for (std::size_t p = 0; p < m_pairs; ++p) {
                            const std::uint32_t high =
                                2 * p + 1 < dims ? toBf16(values[2 * p + 1]) : 0u;
                            out[p * 16] = toBf16(values[2 * p]) | high << 16;
                        }
                    }
                },
                parallel);
}

bool screenable(const RowMatrix& matrix, const float* squaredNorms) {
    const auto rows = static_cast<std::size_t>(matrix.rows());
    for (std::size_t i = 0; i < rows; ++i)
        if (!std::isfinite(squaredNorms[i])) return false;
    const float* values = matrix.data();
    for (Eigen::Index v = 0; v < matrix.size(); ++v)
        if (!(std::abs(values[v]) < 3.0e38f)) return false;
    return true;
}

// The bound. With u = 2^-24 and rounding to bfloat16 within 2^-8 of each value, the products of
// the rounded values (exact in float32) differ from the true ones by at most (2^-7 + 2^-16)
// |a_d b_d|, and summing d of them in float32 adds at most 1.02 d u sum |a_d b_d|; the fused
// kernel's float32 dot product is within 1.02 d u sum |a_d b_d| of the true one. So the two dot
// products differ by at most c sum |a_d b_d| <= c |a| |b| (Cauchy-Schwarz), with
// c = 2^-7 + 2^-16 + 2.04 d u. vdpbf16ps treats subnormal inputs and results as zero: each costs
// at most 2^-126 times a value of the other row or once, bounded by boundFloor. The euclidean
// score 2 s - (|a|^2 + |b|^2) doubles that and rounds once more in each kernel (2u of the sum
// of the two, covered by boundSum = 8u).
ScreenedPairs screenedPairs(const RowMatrix& matrix, const float* squaredNorms,
                            const Bf16Panels& panels, const float* norms) {
    const double u = std::ldexp(1.0, -24), d = static_cast<double>(matrix.cols());
    const double c = std::ldexp(1.0, -7) + std::ldexp(1.0, -16) + 2.04 * d * u;
    const auto rows = static_cast<std::size_t>(matrix.rows());
    double largest = 0;
    for (std::size_t i = 0; i < rows; ++i)
        largest = std::max(largest, double(norms[i]));
    const double floor = std::ldexp(1.0, -120) * (d + 2 * std::sqrt(d) * largest);
    const bool euclidean = squaredNorms != nullptr;
    const double factor = euclidean ? 2 : 1;
    // Rounded up a little: the float32 arithmetic that applies the bound rounds too.
    return ScreenedPairs{matrix,
                         squaredNorms,
                         panels,
                         norms,
                         static_cast<float>(factor * c * 1.001),
                         static_cast<float>(euclidean ? 8 * u : 0.0),
                         static_cast<float>(factor * floor * 1.001 + 1e-37)};
}

#ifdef VECSPACE_SCREENED_KERNEL
#define VECSPACE_SCREENED_TARGET __attribute__((target("avx512f,avx512bw,avx512bf16")))

namespace {

struct Offer {
    const ScreenedPairs& job;
    CandidateBuffers& buffers;
    bool diagonal, euclidean;
};

// The float32 score of rows i and j as the fused kernel forms it: the dot product, and for the
// euclidean score 2 a.b - (|a|^2 + |b|^2) in one rounding.
VECSPACE_SCREENED_TARGET float exactScore(const Offer& o, std::size_t i, std::size_t j) {
    const RowMatrix& m = o.job.matrix;
    const auto dims = static_cast<std::size_t>(m.cols());
    const float* a = m.row(static_cast<Eigen::Index>(i)).data();
    const float* b = m.row(static_cast<Eigen::Index>(j)).data();
    // Two chains of multiply-adds, then a tree of shuffles (the masked forms: GCC 12 warns of the
    // plain ones' undefined sources).
    __m512 even = _mm512_setzero_ps(), odd = _mm512_setzero_ps();
    std::size_t d = 0;
    for (; d + 32 <= dims; d += 32) {
        even = _mm512_fmadd_ps(_mm512_loadu_ps(a + d), _mm512_loadu_ps(b + d), even);
        odd = _mm512_fmadd_ps(_mm512_loadu_ps(a + d + 16), _mm512_loadu_ps(b + d + 16), odd);
    }
    for (; d < dims; d += 16) {
        const auto live = static_cast<__mmask16>(dims - d >= 16 ? 0xFFFF : (1u << (dims - d)) - 1);
        even = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(live, a + d),
                               _mm512_maskz_loadu_ps(live, b + d), even);
    }
    __m512 t = _mm512_add_ps(even, odd);
    t = _mm512_add_ps(t, _mm512_mask_shuffle_f32x4(t, 0xFFFF, t, t, 0x4E));
    t = _mm512_add_ps(t, _mm512_mask_shuffle_f32x4(t, 0xFFFF, t, t, 0xB1));
    t = _mm512_add_ps(t, _mm512_mask_permute_ps(t, 0xFFFF, t, 0x4E));
    t = _mm512_add_ps(t, _mm512_mask_permute_ps(t, 0xFFFF, t, 0xB1));
    const float dot = _mm512_cvtss_f32(t);
    if (!o.euclidean) return dot;
    const float* n = o.job.squaredNorms;
    return std::fma(2.0f, dot, -(n[i] + n[j]));
}

template <int R>
VECSPACE_SCREENED_TARGET void microBlock(const Offer& o, std::size_t i, std::size_t left,
                                         std::size_t j, std::size_t jn) {
    const std::size_t pairs = o.job.panels.pairs();
    const std::uint32_t* a = o.job.panels.group(i / 16);
    const std::uint32_t* b = o.job.panels.group(j / 16) + j % 16;
    __m512 acc[R][kCols];
#pragma GCC unroll 8
    for (std::size_t c = 0; c < kCols; ++c)
#pragma GCC unroll 3
        for (int r = 0; r < R; ++r)
            acc[r][c] = _mm512_setzero_ps();
    for (std::size_t p = 0; p < pairs; ++p) {
        __m512bh x[R];
#pragma GCC unroll 3
        for (int r = 0; r < R; ++r)
            x[r] = (__m512bh)_mm512_loadu_si512(a + (static_cast<std::size_t>(r) * pairs + p) * 16);
#pragma GCC unroll 8
        for (std::size_t c = 0; c < kCols; ++c) {
            const auto y = (__m512bh)_mm512_set1_epi32(static_cast<int>(b[p * 16 + c]));
#pragma GCC unroll 3
            for (int r = 0; r < R; ++r)
                acc[r][c] = _mm512_dpbf16_ps(acc[r][c], x[r], y);
        }
    }
    alignas(64) float values[R][kCols][16];
#pragma GCC unroll 8
    for (std::size_t c = 0; c < kCols; ++c)
#pragma GCC unroll 3
        for (int r = 0; r < R; ++r)
            _mm512_store_ps(values[r][c], acc[r][c]);

    const float* bars = o.buffers.bars();
    const float* squared = o.job.squaredNorms;
    for (int r = 0; r < R; ++r) {
        const std::size_t offset = 16 * static_cast<std::size_t>(r);
        if (left <= offset) break;
        const std::size_t first = i + offset, real = left - offset;
        const unsigned valid = real >= 16 ? 0xFFFFu : (1u << real) - 1;
        const __m512 squaredI =
            o.euclidean ? _mm512_loadu_ps(squared + first) : _mm512_setzero_ps();
        const __m512 normsI = _mm512_loadu_ps(o.job.norms + first);
        const __m512 barsI = _mm512_loadu_ps(bars + first);
        for (std::size_t c = 0; c < jn; ++c) {
            const std::size_t rowJ = j + c;
            __m512 s = _mm512_load_ps(values[r][c]);
            __m512 bound = _mm512_set1_ps(o.job.boundFloor);
            if (o.euclidean) {
                const __m512 sum = _mm512_add_ps(squaredI, _mm512_set1_ps(squared[rowJ]));
                s = _mm512_fmsub_ps(s, _mm512_set1_ps(2.0f), sum);
                bound = _mm512_fmadd_ps(sum, _mm512_set1_ps(o.job.boundSum), bound);
            }
            bound = _mm512_fmadd_ps(normsI, _mm512_set1_ps(o.job.boundScale * o.job.norms[rowJ]),
                                    bound);
            const __m512 reach = _mm512_add_ps(s, bound);
            unsigned toJ =
                _mm512_cmp_ps_mask(reach, _mm512_set1_ps(bars[rowJ]), _CMP_GE_OQ) & valid;
            if (o.diagonal && rowJ - first < 16) toJ &= ~(1u << (rowJ - first));
            const unsigned toI =
                o.diagonal ? 0u : _mm512_cmp_ps_mask(reach, barsI, _CMP_GE_OQ) & valid;
            for (unsigned m = toJ | toI; m != 0; m &= m - 1) {
                const auto lane = static_cast<unsigned>(__builtin_ctz(m));
                const std::size_t rowI = first + lane;
                const float score = exactScore(o, rowI, rowJ);
                if ((toJ >> lane & 1u) && score >= o.buffers.bar(rowJ))
                    o.buffers.push(rowJ, static_cast<std::uint32_t>(rowI), score);
                if ((toI >> lane & 1u) && score >= o.buffers.bar(rowI))
                    o.buffers.push(rowI, static_cast<std::uint32_t>(rowJ), score);
            }
        }
    }
}

} // namespace

bool screenedPairsAvailable() {
    static const bool available = __builtin_cpu_supports("avx512f") &&
                                  __builtin_cpu_supports("avx512bw") &&
                                  __builtin_cpu_supports("avx512bf16");
    return available;
}

VECSPACE_SCREENED_TARGET void scoreTilePairScreened(const ScreenedPairs& job, std::size_t firstI,
                                                    std::size_t ni, std::size_t firstJ,
                                                    std::size_t nj, CandidateBuffers& buffers) {
    const Offer offer{job, buffers, firstI == firstJ, job.squaredNorms != nullptr};
    for (std::size_t j0 = 0; j0 < nj; j0 += kCols) {
        const std::size_t jn = std::min(kCols, nj - j0);
        std::size_t i0 = 0;
        for (; i0 + 32 < ni; i0 += 48)
            microBlock<3>(offer, firstI + i0, ni - i0, firstJ + j0, jn);
        if (i0 < ni) microBlock<2>(offer, firstI + i0, ni - i0, firstJ + j0, jn);
    }
}

#else

bool screenedPairsAvailable() {
    return false;
}

void scoreTilePairScreened(const ScreenedPairs&, std::size_t, std::size_t, std::size_t, std::size_t,
                           CandidateBuffers&) {}

#endif

} // namespace vecspace
