#pragma once

#include <bit>
#include <cstdint>
#include <utility>

namespace vecspace {

// The output kernel of t-SNE with a degrees-of-freedom parameter a (openTSNE's `dof`):
// w = (1 + d^2 / a)^-a, written through its base b = 1 / (1 + d^2 / a) = w^(1/a), which is also
// the factor of the attractive force. a = 1 is the Cauchy kernel, w = b.
//
// The inner loops are templated on a CauchyKernel or a PowerKernel rather than branching on a:
// the Cauchy loops stay the very operations they were (the same bits), and the power loops stay
// free of calls, which would keep them from vectorising (std::pow is a library call without
// -ffast-math).

// b^e for b in (0, 1] and e > 0, as exp2(e log2 b) with polynomials that vectorise. The relative
// error is a few float ulps plus the rounding of the float exponent, about 7e-8 |log2 b^e|:
// measured below 2e-6 for results above 1e-20 (exponents 0.3 to 5), far below the error of
// any repulsion method but Exact. Results below 2^-125 (no sum would notice) are clamped there;
// b = 0 and subnormal b count as 2^-127. Written so that GCC 12 vectorises the loops that call
// it: std::floor, std::max or std::fmax there, or a branch, would keep them scalar.
inline float powUnit(float b, float e) {
    // log2 b = exponent + log2 m, with m in [sqrt(1/2), sqrt(2)) so that t below is small.
    const std::int32_t bits = std::bit_cast<std::int32_t>(b);
    std::int32_t exponent = ((bits >> 23) & 0xff) - 127;
    float m = std::bit_cast<float>((bits & 0x007fffff) | 0x3f800000);
    const bool high = m > 1.41421356f;
    m = high ? 0.5f * m : m;
    exponent += high ? 1 : 0;
    // ln m = 2 atanh(t), t = (m - 1) / (m + 1), |t| < 0.172: five odd terms err below 1e-9.
    const float t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
    const float lnM =
        2.0f * t * (1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 + t2 * (1.0f / 7 + t2 * (1.0f / 9)))));
    const float raw = e * (float(exponent) + lnM * 1.44269504f);
    const float y = raw + (-125.0f - raw) * float(raw < -125.0f);
    // 2^y = 2^n 2^f, n = round(y) (y + 128.5 is positive: truncation rounds), |f| <= 1/2:
    // Taylor series of e^(f ln 2) to degree 7, and 2^n straight into a float's exponent.
    const std::int32_t n = static_cast<std::int32_t>(y + 128.5f) - 128;
    const float x = (y - float(n)) * 0.693147181f;
    const float p =
        1.0f +
        x * (1.0f +
             x * (0.5f +
                  x * (1.0f / 6 +
                       x * (1.0f / 24 + x * (1.0f / 120 + x * (1.0f / 720 + x * (1.0f / 5040)))))));
    return p * std::bit_cast<float>((n + 127) << 23);
}

struct CauchyKernel {
    float base(float d2) const { return 1.0f / (1.0f + d2); }
    float weight(float b) const { return b; }
    // The factor by which a pair's force exceeds its kernel w (repulsion w f / Z, attraction
    // p f): b for the KL gradient, w for sklearn's law; here both are b.
    float force(float b, float) const { return b; }
    // 1 + d^2 / a, the factor from the repulsion's kernel w b back to w.
    float spread(float d2) const { return 1.0f + d2; }
};

// KernelWeighted: sklearn's force law (TsneForceLaw::KernelWeighted), w instead of b.
template <bool KernelWeighted = false> struct PowerKernel {
    float alpha, inverseAlpha;
    explicit PowerKernel(double a)
        : alpha(static_cast<float>(a)), inverseAlpha(static_cast<float>(1.0 / a)) {}
    float base(float d2) const { return 1.0f / (1.0f + d2 * inverseAlpha); }
    float weight(float b) const { return powUnit(b, alpha); }
    float force(float b, float w) const {
        if constexpr (KernelWeighted)
            return w;
        else
            return b;
    }
    float spread(float d2) const { return 1.0f + d2 * inverseAlpha; }
};

// Calls f(kernel) with the kernel for a: the Cauchy one for a = 1 (where both force laws are
// one), else the power kernel of the KL gradient or, kernelWeighted, of sklearn's force law.
template <typename F> decltype(auto) withKernel(double a, bool kernelWeighted, F&& f) {
    if (a == 1.0) return f(CauchyKernel{});
    if (kernelWeighted) return f(PowerKernel<true>(a));
    return f(PowerKernel<false>(a));
}
template <typename F> decltype(auto) withKernel(double a, F&& f) {
    return withKernel(a, false, std::forward<F>(f));
}

} // namespace vecspace
