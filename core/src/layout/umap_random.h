#pragma once

#include <cmath>
#include <cstdint>

namespace vecspace::umaprandom {

// Counter-based random numbers: every draw is a hash of (seed, stream, counter), so a value does
// not depend on which thread draws it or in which order, and UMAP's layout depends only on the
// seed. The mixer is splitmix64's finaliser (Steele, Lea and Flood 2014).

inline std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

inline std::uint64_t hash(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) {
    return mix(mix(seed + 0x9e3779b97f4a7c15ULL * (stream + 1)) ^
               (counter * 0xd6e8feb86659fd93ULL));
}

// Uniform in [0, 1) from the top 53 bits.
inline double uniform(std::uint64_t h) {
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// Uniform in [0, n) by a multiply and shift of the top 32 bits (n < 2^32).
inline std::uint32_t below(std::uint64_t h, std::uint32_t n) {
    return static_cast<std::uint32_t>(((h >> 32) * n) >> 32);
}

// Standard normal by Box-Muller from two hashes of the same counter.
inline double normal(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) {
    const double u = 1.0 - uniform(hash(seed, stream, 2 * counter)); // (0, 1]: log is finite
    const double v = uniform(hash(seed, stream, 2 * counter + 1));
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
}

// Streams, so that the draws of different purposes never coincide.
enum Stream : std::uint64_t {
    kRandomInit = 1,
    kInitNoise = 2,
    kEigenStart = 3,
    kComponentInit = 4,
    kNegativeSamples = 5,
};

} // namespace vecspace::umaprandom
