#include "vecspace/semantic/unit_rows.h"

#include "base/half_float.h"
#include "vecspace/base/memory_budget.h"
#include "vecspace/base/parallel.h"

#include <atomic>
#include <bit>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#ifdef __F16C__
#include <immintrin.h>
#endif

namespace vecspace {
namespace {

constexpr std::size_t kBuildBlock = 1024; // rows per task while building

// A half value equal to x, if there is one (binary16: 5 exponent bits, 10 mantissa bits).
bool exactHalf(float x, std::uint16_t& out) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
    const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
    const float magnitude = std::fabs(x);
    if (!std::isfinite(x) || magnitude >= 65520.0f) return false;
    std::uint16_t h = sign;
    if (magnitude >= 6.103515625e-05f) { // 2^-14: normal halves
        const int exponent = int((bits >> 23) & 0xffu) - 127;
        h |= static_cast<std::uint16_t>(((exponent + 15) << 10) | ((bits >> 13) & 0x3ffu));
    } else {
        h |= static_cast<std::uint16_t>(std::ldexp(magnitude, 24)); // subnormal: m x 2^-24
    }
    out = h;
    return halfToFloat(h) == x;
}

// Round to nearest even, as torch and numpy casts do (the input has no NaN: loaders reject it).
std::uint16_t roundToBfloat16(float x) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
    return static_cast<std::uint16_t>((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}

// Which half kind holds every value of the set exactly, if any.
UnitRows::Kind exactKind(const EmbeddingSet& set, unsigned threads) {
    const std::size_t rows = set.rows();
    std::atomic<bool> bfloat{true}, half{true};
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor((rows + kBuildBlock - 1) / kBuildBlock,
                [&](std::size_t block) {
                    const std::size_t end = std::min(rows, (block + 1) * kBuildBlock);
                    const float* values = set.vectors.data() + block * kBuildBlock * set.dims();
                    const std::size_t count = (end - block * kBuildBlock) * set.dims();
                    bool b = bfloat.load(), h = half.load();
                    std::uint16_t unused = 0;
                    for (std::size_t i = 0; i < count && (b || h); ++i) {
                        if (b && (std::bit_cast<std::uint32_t>(values[i]) & 0xffffu) != 0)
                            b = false;
                        if (h && !exactHalf(values[i], unused)) h = false;
                    }
                    if (!b) bfloat = false;
                    if (!h) half = false;
                },
                parallel);
    if (bfloat) return UnitRows::Kind::BFloat16;
    if (half) return UnitRows::Kind::Float16;
    return UnitRows::Kind::Float32;
}

void convertHalfRow(const std::uint16_t* in, std::size_t n, float scale, float* out) {
    std::size_t i = 0;
#ifdef __F16C__
    const __m256 factor = _mm256_set1_ps(scale);
    for (; i + 8 <= n; i += 8) {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
        _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_cvtph_ps(h), factor));
    }
#endif
    for (; i < n; ++i)
        out[i] = halfToFloat(in[i]) * scale;
}

void convertBfloatRow(const std::uint16_t* in, std::size_t n, float scale, float* out) {
    // A shift and a multiply: the compiler vectorises this loop.
    for (std::size_t i = 0; i < n; ++i)
        out[i] = std::bit_cast<float>(std::uint32_t(in[i]) << 16) * scale;
}

#ifdef __AVX2__
float horizontalSum(__m256 v) {
    const __m128 pair = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 two = _mm_add_ps(pair, _mm_movehl_ps(pair, pair));
    return _mm_cvtss_f32(_mm_add_ss(two, _mm_shuffle_ps(two, two, 1)));
}

// Eight stored values widened to floats.
template <UnitRows::Kind kind> __m256 load8(const std::uint16_t* in) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    if constexpr (kind == UnitRows::Kind::Float16)
        return _mm256_cvtph_ps(h);
    else
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
#endif

template <UnitRows::Kind kind> float widen(std::uint16_t v) {
    return kind == UnitRows::Kind::Float16 ? halfToFloat(v) : bfloat16ToFloat(v);
}

// q . row for `count` stored rows of `dims` values, straight from the 16-bit values: a scan
// reads 2 bytes a value from memory and nothing else. Four rows share each load of q.
template <UnitRows::Kind kind>
void dotHalfRows(const std::uint16_t* rows, std::size_t count, std::size_t dims, const float* q,
                 float* out) {
    std::size_t r = 0;
#ifdef __AVX2__
    const std::size_t wide = dims / 8 * 8;
    for (; r + 4 <= count; r += 4) {
        const std::uint16_t* row = rows + r * dims;
        __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        for (std::size_t c = 0; c < wide; c += 8) {
            const __m256 x = _mm256_loadu_ps(q + c);
            s0 = _mm256_fmadd_ps(load8<kind>(row + c), x, s0);
            s1 = _mm256_fmadd_ps(load8<kind>(row + dims + c), x, s1);
            s2 = _mm256_fmadd_ps(load8<kind>(row + 2 * dims + c), x, s2);
            s3 = _mm256_fmadd_ps(load8<kind>(row + 3 * dims + c), x, s3);
        }
        float sums[4] = {horizontalSum(s0), horizontalSum(s1), horizontalSum(s2),
                         horizontalSum(s3)};
        for (std::size_t c = wide; c < dims; ++c)
            for (std::size_t i = 0; i < 4; ++i)
                sums[i] += widen<kind>(row[i * dims + c]) * q[c];
        std::copy(sums, sums + 4, out + r);
    }
#endif
    for (; r < count; ++r) {
        const std::uint16_t* row = rows + r * dims;
        float sum = 0;
        for (std::size_t c = 0; c < dims; ++c)
            sum += widen<kind>(row[c]) * q[c];
        out[r] = sum;
    }
}

} // namespace

const char* indexStorageName(IndexStorage storage) {
    switch (storage) {
    case IndexStorage::Auto:
        return "auto";
    case IndexStorage::Float32:
        return "float32";
    case IndexStorage::BFloat16:
        return "bfloat16";
    }
    return "";
}

IndexStorage parseIndexStorage(const std::string& name) {
    for (IndexStorage s : {IndexStorage::Auto, IndexStorage::Float32, IndexStorage::BFloat16})
        if (name == indexStorageName(s)) return s;
    throw std::invalid_argument("unknown index storage '" + name +
                                "': expected auto, float32 or bfloat16");
}

UnitRows::UnitRows(const EmbeddingSet& set, IndexStorage storage, unsigned threads)
    : m_rows(set.rows()), m_dims(set.dims()) {
    if (storage == IndexStorage::Auto)
        m_kind = exactKind(set, threads);
    else
        m_kind = storage == IndexStorage::BFloat16 ? Kind::BFloat16 : Kind::Float32;
    m_exact = m_kind == Kind::Float32 || storage == IndexStorage::Auto;
    const std::uint64_t valueBytes = m_kind == Kind::Float32 ? 4 : 2;
    requireMemory(std::uint64_t(m_rows) * m_dims * valueBytes, "the neighbour index",
                  m_kind == Kind::Float32
                      ? "--index-storage bfloat16 keeps it in half the memory (cosines within "
                        "2^-8), or load fewer rows with --limit N."
                      : "Load fewer rows with --limit N.");
    if (m_kind == Kind::Float32)
        m_unit.resize(set.vectors.rows(), set.vectors.cols());
    else {
        m_half.resize(m_rows * m_dims);
        m_inverseNorms.resize(static_cast<Eigen::Index>(m_rows));
    }
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor((m_rows + kBuildBlock - 1) / kBuildBlock,
                [&](std::size_t block) {
                    const std::size_t end = std::min(m_rows, (block + 1) * kBuildBlock);
                    for (std::size_t r = block * kBuildBlock; r < end; ++r) {
                        const auto i = static_cast<Eigen::Index>(r);
                        const float norm = set.vectors.row(i).norm();
                        if (m_kind == Kind::Float32) {
                            // A zero vector stays zero: its cosine with anything is 0, as in
                            // gensim.
                            if (norm > 0)
                                m_unit.row(i) = set.vectors.row(i) / norm;
                            else
                                m_unit.row(i).setZero();
                            continue;
                        }
                        const float* in = set.vectors.data() + r * m_dims;
                        std::uint16_t* out = m_half.data() + r * m_dims;
                        for (std::size_t c = 0; c < m_dims; ++c) {
                            if (m_kind == Kind::Float16)
                                exactHalf(in[c], out[c]);
                            else
                                out[c] = roundToBfloat16(in[c]);
                        }
                        // The norm of what is stored, so that a stored row scales to unit length.
                        float squared = 0;
                        for (std::size_t c = 0; c < m_dims; ++c) {
                            const float v = m_kind == Kind::Float16 ? halfToFloat(out[c])
                                                                    : bfloat16ToFloat(out[c]);
                            squared += v * v;
                        }
                        m_inverseNorms[i] = squared > 0 ? 1.0f / std::sqrt(squared) : 0.0f;
                    }
                },
                parallel);
}

std::size_t UnitRows::bytes() const {
    return m_kind == Kind::Float32 ? m_rows * m_dims * sizeof(float)
                                   : m_half.size() * 2 + m_rows * sizeof(float);
}

std::string UnitRows::description() const {
    const char* name = m_kind == Kind::Float32    ? "float32"
                       : m_kind == Kind::BFloat16 ? "bfloat16"
                                                  : "float16";
    char text[96];
    std::snprintf(text, sizeof text, "%s%s (%.0f MB)", name,
                  m_kind == Kind::Float32 ? "" : (m_exact ? ", exact" : ", rounded"),
                  static_cast<double>(bytes()) / (1 << 20));
    return text;
}

std::size_t UnitRows::tileRows() const {
    if (m_kind == Kind::Float32) return 1024;
    // A converted tile of about 256 KB stays in the core's L2 cache.
    return std::clamp<std::size_t>(65536 / std::max<std::size_t>(m_dims, 1), 16, 1024);
}

Eigen::Ref<const RowMatrix> UnitRows::tile(std::size_t begin, std::size_t n,
                                           RowMatrix& scratch) const {
    if (m_kind == Kind::Float32)
        return m_unit.middleRows(static_cast<Eigen::Index>(begin), static_cast<Eigen::Index>(n));
    if (scratch.rows() != static_cast<Eigen::Index>(n) ||
        scratch.cols() != static_cast<Eigen::Index>(m_dims))
        scratch.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m_dims));
    for (std::size_t r = 0; r < n; ++r) {
        const std::uint16_t* in = m_half.data() + (begin + r) * m_dims;
        const float scale = m_inverseNorms[static_cast<Eigen::Index>(begin + r)];
        float* out = scratch.data() + r * m_dims;
        if (m_kind == Kind::Float16)
            convertHalfRow(in, m_dims, scale, out);
        else
            convertBfloatRow(in, m_dims, scale, out);
    }
    return scratch;
}

void UnitRows::dot(std::size_t begin, std::size_t n, const Eigen::VectorXf& q, float* out) const {
    if (m_kind == Kind::Float32) {
        Eigen::Map<Eigen::VectorXf>(out, Eigen::Index(n)).noalias() =
            m_unit.middleRows(Eigen::Index(begin), Eigen::Index(n)) * q;
        return;
    }
    const std::uint16_t* rows = m_half.data() + begin * m_dims;
    if (m_kind == Kind::Float16)
        dotHalfRows<Kind::Float16>(rows, n, m_dims, q.data(), out);
    else
        dotHalfRows<Kind::BFloat16>(rows, n, m_dims, q.data(), out);
    for (std::size_t r = 0; r < n; ++r)
        out[r] *= m_inverseNorms[Eigen::Index(begin + r)];
}

Eigen::VectorXf UnitRows::row(std::size_t row) const {
    if (m_kind == Kind::Float32) return m_unit.row(static_cast<Eigen::Index>(row)).transpose();
    RowMatrix scratch;
    return tile(row, 1, scratch).row(0).transpose();
}

} // namespace vecspace
