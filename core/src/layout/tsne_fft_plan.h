#pragma once

#include <cstddef>
#include <vector>

namespace vecspace {

// Complex FFT of one length, applied to many sequences at once ("lanes"), in split form: element
// e of lane l is (re[e * lanes + l], im[e * lanes + l]). Every butterfly then works on whole runs
// of lanes with one scalar twiddle, which the compiler vectorises fully, and the Stockham
// formulation needs no bit reversal. Lengths must have no prime factors but 2, 3 and 5.
class FftPlan {
public:
    explicit FftPlan(std::size_t length = 1);

    std::size_t length() const { return m_length; }
    static bool supported(std::size_t length);
    // The smallest n >= at_least whose prime factors are 2, 3 and 5.
    static std::size_t nextSmooth(std::size_t atLeast);

    // Element e of lane l lives at (re, im)[e * stride + l].
    struct View {
        float* re;
        float* im;
        std::size_t stride;
    };
    // Transforms `lanes` sequences from `in` into `out` (which may be `in`): elements of `in`
    // from `nonZero` on are taken as zero and not read. `scratch` holds 4 x length x lanes
    // floats. Forward has the sign -1 in the exponent; inverse has +1 and is not scaled.
    void transform(View in, std::size_t nonZero, View out, float* scratch, std::size_t lanes,
                   bool inverse) const;

private:
    struct Stage {
        int radix;
        std::size_t m;      // length / (product of the radices up to and including this one)
        std::size_t stride; // product of the radices before this one
        std::vector<float> twiddleRe, twiddleIm; // (radix - 1) x m
    };
    std::size_t m_length;
    std::vector<Stage> m_stages;
};

} // namespace vecspace
