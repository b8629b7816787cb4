#include "base/all_pairs_screened.h"

#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

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

// A bfloat16 as vdpbf16ps reads it: subnormals as zero.
double fromBf16(std::uint32_t half) {
    if ((half & 0x7F80u) == 0) return 0.0;
    const std::uint32_t bits = half << 16;
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

// The nearest float at or above x (x >= 0 and finite as a float).
float roundedUp(double x) {
    const auto f = static_cast<float>(x);
    return double(f) >= x ? f : std::nextafter(f, std::numeric_limits<float>::infinity());
}

} // namespace

Bf16Panels::Bf16Panels(MatrixView matrix, unsigned threads)
    : m_pairs((static_cast<std::size_t>(matrix.cols()) + 1) / 2) {
    const auto rows = static_cast<std::size_t>(matrix.rows());
    const auto dims = static_cast<std::size_t>(matrix.cols());
    const std::size_t groups = (rows + 15) / 16;
    m_data.assign((groups + 2) * m_pairs * 16, 0u);
    m_errors.assign(rows + 32, 0.0f);
    m_reaches.assign(rows + 32, 0.0f);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor((rows + 16383) / 16384,
                [&](std::size_t block) {
                    for (std::size_t row = block * 16384; row < std::min(rows, (block + 1) * 16384);
                         ++row) {
                        const float* values = matrix.row(static_cast<Eigen::Index>(row)).data();
                        std::uint32_t* out = m_data.data() + (row / 16) * m_pairs * 16 + row % 16;
                        double error = 0, length = 0;
                        auto round = [&](std::size_t d) -> std::uint32_t {
                            if (d >= dims) return 0;
                            const std::uint32_t half = toBf16(values[d]);
                            const double read = fromBf16(half);
                            error += (double(values[d]) - read) * (double(values[d]) - read);
                            length += read * read;
                            return half;
                        };
                        for (std::size_t p = 0; p < m_pairs; ++p) {
                            const std::uint32_t low = round(2 * p);
                            out[p * 16] = low | round(2 * p + 1) << 16;
                        }
                        // The sums are exact to about 1e-16 relatively; the margin covers that.
                        m_errors[row] = roundedUp(std::sqrt(error) * (1 + 1e-12));
                        m_reaches[row] =
                            roundedUp((std::sqrt(length) + std::sqrt(error)) * (1 + 1e-12));
                    }
                },
                parallel);
}

bool screenable(MatrixView matrix, const float* squaredNorms) {
    const auto rows = static_cast<std::size_t>(matrix.rows());
    // Finite, and any two of them sum to a finite float: an infinite |a|^2 + |b|^2 would make
    // the bound NaN, and the pair would never be offered.
    for (std::size_t i = 0; i < rows; ++i)
        if (!(squaredNorms[i] <= std::numeric_limits<float>::max() / 2)) return false;
    const float* values = matrix.data();
    for (Eigen::Index v = 0; v < matrix.size(); ++v)
        if (!(std::abs(values[v]) < 3.0e38f)) return false;
    return true;
}

// The bound. Write a = ã + e for each row, ã its bfloat16 rounding as vdpbf16ps reads it, and
// E = |e|, R = |ã| + E >= |a| (per row, from Bf16Panels). The products of the rounded values are
// exact in float32, and a.b - ã.b̃ = e_a.b̃ + ã.e_b + e_a.e_b, at most E_a |b̃| + |ã| E_b + E_a E_b
// <= E_a R_b + R_a E_b (Cauchy-Schwarz). Summing d products in float32 errs by at most
// 1.02 d u sum |ã_d b̃_d| with u = 2^-24, and the re-check's float32 dot product (exactScore,
// whose score is the one offered) is within 1.02 d u sum |a_d b_d| of the true one, in any order
// of additions: both at most 1.02 d u R_a R_b. So the two dot products differ by at most
// E_a R_b + R_a (E_b + kappa R_b), kappa = 2.04 d u. Measured error lengths are about 0.4 of the
// worst case 2^-8 |a| on real rows, so this admits less than half as many pairs to the re-check
// as the bound (2^-7 + 2^-16 + kappa) |a| |b| did. vdpbf16ps also flushes subnormal results of
// its multiply-adds to zero: at most 2 x 2^-126 an instruction, far within boundFloor. The
// euclidean score 2 s - (|a|^2 + |b|^2) doubles that and rounds once more in each kernel (2u of
// the sum of the two, covered by boundSum = 8u).
ScreenedPairs screenedPairs(MatrixView matrix, const std::uint32_t* order,
                            const float* squaredNorms, const Bf16Panels& panels,
                            std::vector<float>& reachErrors) {
    const double u = std::ldexp(1.0, -24), d = static_cast<double>(matrix.cols());
    const double kappa = 2.04 * d * u;
    const auto rows = static_cast<std::size_t>(matrix.rows());
    double largest = 0;
    reachErrors.assign(rows + 32, 0.0f);
    for (std::size_t i = 0; i < rows; ++i) {
        largest = std::max(largest, double(panels.reaches()[i]));
        reachErrors[i] =
            roundedUp((panels.errors()[i] + kappa * panels.reaches()[i]) * (1 + 1e-12));
    }
    const double floor = std::ldexp(1.0, -120) * (d + 2 * std::sqrt(d) * largest);
    const bool euclidean = squaredNorms != nullptr;
    const double factor = euclidean ? 2 : 1;
    // Rounded up a little: the float32 arithmetic that applies the bound rounds too.
    return ScreenedPairs{matrix,
                         order,
                         squaredNorms,
                         panels,
                         panels.errors(),
                         panels.reaches(),
                         reachErrors.data(),
                         static_cast<float>(factor * 1.001),
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
    const MatrixView m = o.job.matrix;
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
        const __m512 errorsI = _mm512_loadu_ps(o.job.errors + first);
        const __m512 reachesI = _mm512_loadu_ps(o.job.reaches + first);
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
            const float scale = o.job.boundScale;
            bound = _mm512_fmadd_ps(errorsI, _mm512_set1_ps(scale * o.job.reaches[rowJ]), bound);
            bound =
                _mm512_fmadd_ps(reachesI, _mm512_set1_ps(scale * o.job.reachErrors[rowJ]), bound);
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
                    o.buffers.push(rowJ, o.job.name(rowI), score);
                if ((toI >> lane & 1u) && score >= o.buffers.bar(rowI))
                    o.buffers.push(rowI, o.job.name(rowJ), score);
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
