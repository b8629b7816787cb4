#include "layout/tsne_fft_plan.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

// The butterflies read one buffer and write another; the compiler cannot see that through the
// arrays of row pointers and would otherwise add run-time overlap checks to every short loop.
#if defined(__clang__)
#define VECSPACE_NO_ALIAS _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define VECSPACE_NO_ALIAS _Pragma("GCC ivdep")
#else
#define VECSPACE_NO_ALIAS
#endif

namespace vecspace {
namespace {

// One Stockham stage of radix R: element q + s (R p + j) of y is
// (sum over k of element q + s (p + k m) of x times w_R^(jk)) times w^(pj), for every lane.
// Element e of lane l is at x[e * inStride + l] and y[e * outStride + l]; elements of x from
// `nonZero` on read as zero (only used in a first stage, where s = 1).
template <int R, bool Inverse>
void radixStage(const float* __restrict xr, const float* __restrict xi, std::size_t inStride,
                float* __restrict yr, float* __restrict yi, std::size_t outStride, std::size_t m,
                std::size_t s, std::size_t lanes, std::size_t nonZero, const float* zeros,
                const float* twr, const float* twi) {
    constexpr float sgn = Inverse ? 1.0f : -1.0f; // the sign of i in the roots of unity
    for (std::size_t p = 0; p < m; ++p) {
        float wr[R], wi[R];
        wr[0] = 1, wi[0] = 0;
        for (int j = 1; j < R; ++j) {
            wr[j] = twr[(j - 1) * m + p];
            wi[j] = Inverse ? -twi[(j - 1) * m + p] : twi[(j - 1) * m + p];
        }
        for (std::size_t q = 0; q < s; ++q) {
            const float* ar[R];
            const float* ai[R];
            float* br[R];
            float* bi[R];
            for (int k = 0; k < R; ++k) {
                const std::size_t in = q + s * (p + k * m);
                ar[k] = in < nonZero ? xr + in * inStride : zeros;
                ai[k] = in < nonZero ? xi + in * inStride : zeros;
                br[k] = yr + (q + s * (R * p + k)) * outStride;
                bi[k] = yi + (q + s * (R * p + k)) * outStride;
            }
            VECSPACE_NO_ALIAS
            for (std::size_t t = 0; t < lanes; ++t) {
                float cr[R], ci[R];
                if constexpr (R == 2) {
                    cr[0] = ar[0][t] + ar[1][t], ci[0] = ai[0][t] + ai[1][t];
                    cr[1] = ar[0][t] - ar[1][t], ci[1] = ai[0][t] - ai[1][t];
                } else if constexpr (R == 3) {
                    constexpr float s3 = 0.866025403784438646763723170752936183f;
                    const float sr = ar[1][t] + ar[2][t], si = ai[1][t] + ai[2][t];
                    const float dr = ar[1][t] - ar[2][t], di = ai[1][t] - ai[2][t];
                    const float mr = ar[0][t] - 0.5f * sr, mi = ai[0][t] - 0.5f * si;
                    cr[0] = ar[0][t] + sr, ci[0] = ai[0][t] + si;
                    cr[1] = mr - sgn * s3 * di, ci[1] = mi + sgn * s3 * dr;
                    cr[2] = mr + sgn * s3 * di, ci[2] = mi - sgn * s3 * dr;
                } else if constexpr (R == 4) {
                    const float t0r = ar[0][t] + ar[2][t], t0i = ai[0][t] + ai[2][t];
                    const float t1r = ar[0][t] - ar[2][t], t1i = ai[0][t] - ai[2][t];
                    const float t2r = ar[1][t] + ar[3][t], t2i = ai[1][t] + ai[3][t];
                    const float t3r = ar[1][t] - ar[3][t], t3i = ai[1][t] - ai[3][t];
                    cr[0] = t0r + t2r, ci[0] = t0i + t2i;
                    cr[2] = t0r - t2r, ci[2] = t0i - t2i;
                    // y1 = t1 + sgn i t3, y3 = t1 - sgn i t3
                    cr[1] = t1r - sgn * t3i, ci[1] = t1i + sgn * t3r;
                    cr[3] = t1r + sgn * t3i, ci[3] = t1i - sgn * t3r;
                } else {
                    static_assert(R == 5);
                    constexpr float c1 = 0.309016994374947424102293417182819059f;  // cos(2 pi / 5)
                    constexpr float c2 = -0.809016994374947424102293417182819059f; // cos(4 pi / 5)
                    constexpr float s1 = 0.951056516295153572116439333379382143f;  // sin(2 pi / 5)
                    constexpr float s2 = 0.587785252292473129168705954639072769f;  // sin(4 pi / 5)
                    const float b1r = ar[1][t] + ar[4][t], b1i = ai[1][t] + ai[4][t];
                    const float b2r = ar[2][t] + ar[3][t], b2i = ai[2][t] + ai[3][t];
                    const float d1r = ar[1][t] - ar[4][t], d1i = ai[1][t] - ai[4][t];
                    const float d2r = ar[2][t] - ar[3][t], d2i = ai[2][t] - ai[3][t];
                    cr[0] = ar[0][t] + b1r + b2r, ci[0] = ai[0][t] + b1i + b2i;
                    const float t1r = ar[0][t] + c1 * b1r + c2 * b2r;
                    const float t1i = ai[0][t] + c1 * b1i + c2 * b2i;
                    const float t2r = ar[0][t] + c2 * b1r + c1 * b2r;
                    const float t2i = ai[0][t] + c2 * b1i + c1 * b2i;
                    const float u1r = s1 * d1r + s2 * d2r, u1i = s1 * d1i + s2 * d2i;
                    const float u2r = s2 * d1r - s1 * d2r, u2i = s2 * d1i - s1 * d2i;
                    // y1 = t1 + sgn i u1, y4 = t1 - sgn i u1; y2 = t2 + sgn i u2, y3 = t2 - sgn i
                    // u2
                    cr[1] = t1r - sgn * u1i, ci[1] = t1i + sgn * u1r;
                    cr[4] = t1r + sgn * u1i, ci[4] = t1i - sgn * u1r;
                    cr[2] = t2r - sgn * u2i, ci[2] = t2i + sgn * u2r;
                    cr[3] = t2r + sgn * u2i, ci[3] = t2i - sgn * u2r;
                }
                br[0][t] = cr[0], bi[0][t] = ci[0];
                for (int j = 1; j < R; ++j) {
                    br[j][t] = cr[j] * wr[j] - ci[j] * wi[j];
                    bi[j][t] = cr[j] * wi[j] + ci[j] * wr[j];
                }
            }
        }
    }
}

struct StageArgs {
    const float* xr;
    const float* xi;
    std::size_t inStride;
    float* yr;
    float* yi;
    std::size_t outStride;
    std::size_t m, s, lanes, nonZero;
    const float* zeros;
    const float* twr;
    const float* twi;
};

template <int R, bool Inverse> void runRadix(const StageArgs& a) {
    radixStage<R, Inverse>(a.xr, a.xi, a.inStride, a.yr, a.yi, a.outStride, a.m, a.s, a.lanes,
                           a.nonZero, a.zeros, a.twr, a.twi);
}

template <bool Inverse> void runStage(int radix, const StageArgs& a) {
    switch (radix) {
    case 2:
        return runRadix<2, Inverse>(a);
    case 3:
        return runRadix<3, Inverse>(a);
    case 4:
        return runRadix<4, Inverse>(a);
    default:
        return runRadix<5, Inverse>(a);
    }
}

} // namespace

bool FftPlan::supported(std::size_t length) {
    if (length == 0) return false;
    for (std::size_t f : {2, 3, 5})
        while (length % f == 0)
            length /= f;
    return length == 1;
}

std::size_t FftPlan::nextSmooth(std::size_t atLeast) {
    std::size_t n = std::max<std::size_t>(atLeast, 1);
    while (!supported(n))
        ++n;
    return n;
}

FftPlan::FftPlan(std::size_t length) : m_length(length) {
    if (!supported(length))
        throw std::invalid_argument("FFT length " + std::to_string(length) +
                                    " has a prime factor other than 2, 3 and 5");
    std::size_t rest = length, stride = 1;
    while (rest > 1) {
        const int radix = rest % 4 == 0 ? 4 : rest % 2 == 0 ? 2 : rest % 3 == 0 ? 3 : 5;
        Stage stage;
        stage.radix = radix;
        stage.m = rest / static_cast<std::size_t>(radix);
        stage.stride = stride;
        stage.twiddleRe.resize(static_cast<std::size_t>(radix - 1) * stage.m);
        stage.twiddleIm.resize(stage.twiddleRe.size());
        for (int j = 1; j < radix; ++j)
            for (std::size_t p = 0; p < stage.m; ++p) {
                const double angle = -2.0 * std::numbers::pi * double(p) * double(j) / double(rest);
                stage.twiddleRe[(j - 1) * stage.m + p] = static_cast<float>(std::cos(angle));
                stage.twiddleIm[(j - 1) * stage.m + p] = static_cast<float>(std::sin(angle));
            }
        m_stages.push_back(std::move(stage));
        rest /= static_cast<std::size_t>(radix);
        stride *= static_cast<std::size_t>(radix);
    }
}

void FftPlan::transform(View in, std::size_t nonZero, View out, float* scratch, std::size_t lanes,
                        bool inverse) const {
    const std::size_t packed = m_length * lanes;
    View buffers[2] = {{scratch, scratch + packed, lanes},
                       {scratch + 2 * packed, scratch + 3 * packed, lanes}};
    static const std::vector<float> zeros(4096, 0.0f);
    std::vector<float> wideZeros;
    const float* zero = zeros.data();
    if (lanes > zeros.size()) {
        wideZeros.assign(lanes, 0.0f);
        zero = wideZeros.data();
    }
    const std::size_t stages = m_stages.size();
    View from = in;
    for (std::size_t i = 0; i < stages; ++i) {
        const Stage& stage = m_stages[i];
        // The last stage writes straight to `out` unless `out` is also the first stage's input
        // (a single stage could then overwrite elements it has yet to read).
        const bool last = i + 1 == stages && stages > 1;
        const View to = last ? out : buffers[i % 2];
        StageArgs a{from.re,
                    from.im,
                    from.stride,
                    to.re,
                    to.im,
                    to.stride,
                    stage.m,
                    stage.stride,
                    lanes,
                    i == 0 ? nonZero : m_length,
                    zero,
                    stage.twiddleRe.data(),
                    stage.twiddleIm.data()};
        // Packed buffers on both sides: the stride's elements and the lanes are one contiguous
        // run, which makes for long vector loops in the later stages.
        if (from.stride == lanes && to.stride == lanes && i > 0) {
            a.inStride = a.outStride = stage.stride * lanes;
            a.lanes = stage.stride * lanes;
            a.s = 1;
        }
        if (inverse)
            runStage<true>(stage.radix, a);
        else
            runStage<false>(stage.radix, a);
        from = to;
    }
    if (stages <= 1) {
        for (std::size_t e = 0; e < m_length; ++e)
            for (std::size_t l = 0; l < lanes; ++l) {
                const bool read = stages == 1 || e < nonZero;
                out.re[e * out.stride + l] = read ? from.re[e * from.stride + l] : 0.0f;
                out.im[e * out.stride + l] = read ? from.im[e * from.stride + l] : 0.0f;
            }
    }
}

} // namespace vecspace
