#include "semantic/int8_screen.h"

#include "vecspace/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VECSPACE_INT8_KERNEL 1
#endif

namespace vecspace {
namespace {

constexpr std::size_t kQueries = 12;      // queries per micro-block: 24 accumulators
constexpr std::size_t kChunkGroups = 256; // 16-row groups per chunk: 4,096 rows, 400 KB at 100-d
constexpr std::size_t kQueriesPerTask = 1020;

// Quantises `values` (dims of them) with scale max|v| / 127; returns the scale (0 for a zero row).
double quantise(const float* values, std::size_t dims, std::int8_t* out) {
    float largest = 0;
    for (std::size_t i = 0; i < dims; ++i)
        largest = std::max(largest, std::abs(values[i]));
    if (!(largest > 0)) {
        std::fill_n(out, dims, std::int8_t{0});
        return 0.0;
    }
    const float scale = largest / 127.0f;
    for (std::size_t i = 0; i < dims; ++i)
        out[i] = static_cast<std::int8_t>(
            std::clamp(std::nearbyint(values[i] / scale), -127.0f, 127.0f));
    return scale;
}

// One query's survivors: every row whose score reached the bar when it was scanned. A full list
// is cut back to the rows within the margin of its keep-th score, which raises the bar.
struct Candidates {
    std::vector<std::pair<float, std::uint32_t>> list;
    float bar = -std::numeric_limits<float>::infinity();
    float margin = 0;
    std::size_t capacity = 0;

    void cut(std::size_t keep) {
        if (list.size() <= keep) return;
        std::nth_element(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(keep - 1),
                         list.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        const float floor = list[keep - 1].first - margin;
        std::erase_if(list, [floor](const auto& c) { return c.first < floor; });
        bar = std::max(bar, floor);
        if (list.size() > capacity / 2) capacity *= 2; // many near-ties: cut less often
    }
};

#ifdef VECSPACE_INT8_KERNEL
// GCC 12's own intrinsics (_mm512_slli_epi32, _mm512_cvtepi32_ps) start from an undefined
// vector, which its -Wmaybe-uninitialized reports once they are inlined here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#define VECSPACE_INT8_TARGET __attribute__((target("avx512f,avx512bw,avx512vnni")))

// Scores 32 rows (groups g and g + 1) against a micro-block of kQueries queries (packed quad by
// quad: the block's 12 values of four dimensions lie together, as unsigned bytes Q + 128) and
// offers every score at or above its query's bar.
VECSPACE_INT8_TARGET void scanMicro(const Int8Panels& panels, std::size_t g, bool two,
                                    const std::uint32_t* queries, const float* queryScales,
                                    std::size_t rows, Candidates* state, std::size_t keep) {
    const std::size_t quads = panels.quads();
    const std::uint32_t* r0 = panels.group(g);
    const std::uint32_t* r1 = two ? panels.group(g + 1) : r0;
    __m512i acc0[kQueries], acc1[kQueries];
#pragma GCC unroll 12
    for (std::size_t j = 0; j < kQueries; ++j) {
        acc0[j] = _mm512_setzero_si512();
        acc1[j] = _mm512_setzero_si512();
    }
    for (std::size_t p = 0; p < quads; ++p) {
        const __m512i a = _mm512_loadu_si512(r0 + p * 16);
        const __m512i b = _mm512_loadu_si512(r1 + p * 16);
#pragma GCC unroll 12
        for (std::size_t j = 0; j < kQueries; ++j) {
            const __m512i q = _mm512_set1_epi32(static_cast<int>(queries[p * kQueries + j]));
            acc0[j] = _mm512_dpbusd_epi32(acc0[j], q, a);
            acc1[j] = _mm512_dpbusd_epi32(acc1[j], q, b);
        }
    }
    // Out of registers once, so that the loop above keeps all 24 accumulators in them.
    alignas(64) std::int32_t sums[2][kQueries][16];
#pragma GCC unroll 12
    for (std::size_t j = 0; j < kQueries; ++j) {
        _mm512_store_si512(sums[0][j], acc0[j]);
        _mm512_store_si512(sums[1][j], acc1[j]);
    }
    for (int half = 0; half < (two ? 2 : 1); ++half) {
        const std::size_t group = g + static_cast<std::size_t>(half);
        // sum (Q_i + 128) U_i - 128 sum U_i, exact in 32 bits; then both scales.
        const __m512i offset = _mm512_slli_epi32(_mm512_loadu_si512(panels.sums(group)), 7);
        const __m512 scales = _mm512_loadu_ps(panels.scales(group));
        for (std::size_t j = 0; j < kQueries; ++j) {
            const __m512i dot = _mm512_sub_epi32(_mm512_load_si512(sums[half][j]), offset);
            const __m512 scores = _mm512_mul_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(dot), scales),
                                                _mm512_set1_ps(queryScales[j]));
            const __mmask16 mask =
                _mm512_cmp_ps_mask(scores, _mm512_set1_ps(state[j].bar), _CMP_GE_OQ);
            if (mask == 0) continue;
            alignas(64) float values[16];
            _mm512_store_ps(values, scores);
            for (unsigned lane = 0; lane < 16; ++lane) {
                if (!(mask & (1u << lane))) continue;
                const std::size_t row = group * 16 + lane;
                if (row >= rows || !(values[lane] >= state[j].bar)) continue;
                state[j].list.emplace_back(values[lane], static_cast<std::uint32_t>(row));
                if (state[j].list.size() >= state[j].capacity) state[j].cut(keep);
            }
        }
    }
}
#pragma GCC diagnostic pop
#endif

} // namespace

bool int8ScreeningAvailable() {
#ifdef VECSPACE_INT8_KERNEL
    static const bool available = __builtin_cpu_supports("avx512f") &&
                                  __builtin_cpu_supports("avx512bw") &&
                                  __builtin_cpu_supports("avx512vnni");
    return available;
#else
    return false;
#endif
}

Int8Panels::Int8Panels(const Eigen::Ref<const RowMatrix>& unit, std::size_t rows, unsigned threads)
    : m_rows(rows), m_dims(static_cast<std::size_t>(unit.cols())), m_quads((m_dims + 3) / 4) {
    const std::size_t groups = (rows + 15) / 16;
    // Groups are scanned two at a time: one more zero group keeps the last pair readable.
    m_data.assign((groups + 1) * m_quads * 16, 0);
    m_sums.assign((groups + 1) * 16, 0);
    m_scales.assign((groups + 1) * 16, 0.0f);
    std::vector<double> largestScale((groups + 255) / 256, 0.0),
        largestL1(largestScale.size(), 0.0);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallelFor(
        largestScale.size(),
        [&](std::size_t block) {
            std::vector<std::int8_t> q(m_quads * 4, 0);
            for (std::size_t row = block * 4096; row < std::min(rows, (block + 1) * 4096); ++row) {
                const float* values = unit.row(static_cast<Eigen::Index>(row)).data();
                const double scale = quantise(values, m_dims, q.data());
                double l1 = 0;
                std::int32_t sum = 0;
                for (std::size_t i = 0; i < m_dims; ++i) {
                    l1 += std::abs(static_cast<double>(values[i]));
                    sum += q[i];
                }
                const std::size_t g = row / 16, lane = row % 16;
                for (std::size_t p = 0; p < m_quads; ++p) {
                    std::uint32_t word = 0;
                    for (std::size_t b = 0; b < 4; ++b)
                        word |= std::uint32_t(static_cast<std::uint8_t>(q[4 * p + b])) << (8 * b);
                    m_data[(g * m_quads + p) * 16 + lane] = word;
                }
                m_sums[row] = sum;
                m_scales[row] = static_cast<float>(scale);
                largestScale[block] = std::max(largestScale[block], scale);
                largestL1[block] = std::max(largestL1[block], l1);
            }
        },
        parallel);
    for (std::size_t b = 0; b < largestScale.size(); ++b) {
        m_largestScale = std::max(m_largestScale, largestScale[b]);
        m_largestL1 = std::max(m_largestL1, largestL1[b]);
    }
}

std::size_t Int8Panels::bytes() const {
    return m_data.size() * sizeof(std::uint32_t) + m_sums.size() * sizeof(std::int32_t) +
           m_scales.size() * sizeof(float);
}

double int8ScoreBound(const Int8Panels& panels, double queryScale, double queryL1) {
    const double su = panels.largestScale();
    const double d = static_cast<double>(panels.dims());
    // The factor covers float32's rounding of v / scale before the rounding to an integer.
    const double quantisation =
        ((su * queryL1 + queryScale * panels.largestL1()) / 2 + 0.75 * d * queryScale * su) *
        (1 + std::ldexp(1.0, -16));
    // Two float32 products on a score of magnitude at most 1 + the quantisation error.
    return quantisation + std::ldexp(1.0, -22) * (2 + quantisation);
}

std::vector<std::vector<std::uint32_t>>
int8Screen(const Int8Panels& panels, const RowMatrix& queries, const ScreenOptions& options) {
    const auto count = static_cast<std::size_t>(queries.rows());
    const std::size_t rows = std::min(options.rows, panels.rows());
    const std::size_t keep = std::max<std::size_t>(options.keep, 1);
    std::vector<std::vector<std::uint32_t>> out(count);
    if (count == 0 || rows == 0) return out;
#ifdef VECSPACE_INT8_KERNEL
    const std::size_t quads = panels.quads();
    const std::size_t dims = panels.dims();
    // Queries padded to whole micro-blocks; padding queries never pass their bar.
    const std::size_t padded = (count + kQueries - 1) / kQueries * kQueries;
    std::vector<std::uint32_t> packed(padded * quads, 0x80808080u);
    std::vector<float> scales(padded, 0.0f);
    std::vector<Candidates> state(padded);
    std::vector<std::int8_t> q(quads * 4, 0);
    for (std::size_t i = 0; i < padded; ++i) {
        Candidates& c = state[i];
        c.capacity = 4 * keep + 64;
        if (i >= count) {
            c.bar = std::numeric_limits<float>::infinity();
            continue;
        }
        const float* values = queries.row(static_cast<Eigen::Index>(i)).data();
        const double scale = quantise(values, dims, q.data());
        double l1 = 0;
        for (std::size_t d = 0; d < dims; ++d)
            l1 += std::abs(static_cast<double>(values[d]));
        scales[i] = static_cast<float>(scale);
        c.margin = static_cast<float>(2 * int8ScoreBound(panels, scale, l1));
        for (std::size_t p = 0; p < quads; ++p) {
            std::uint32_t word = 0;
            for (std::size_t b = 0; b < 4; ++b)
                word |= std::uint32_t(static_cast<std::uint8_t>(q[4 * p + b] + 128)) << (8 * b);
            packed[(i / kQueries * quads + p) * kQueries + i % kQueries] = word;
        }
    }
    const std::size_t groups = (rows + 15) / 16;
    const std::size_t tasks = (padded + kQueriesPerTask - 1) / kQueriesPerTask;
    std::atomic<std::size_t> done{0};
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = options.progress;
    parallel.fraction = [&] {
        return static_cast<double>(done.load()) / static_cast<double>(padded * groups);
    };
    parallelFor(
        tasks,
        [&](std::size_t task) {
            const std::size_t q0 = task * kQueriesPerTask;
            const std::size_t q1 = std::min(padded, q0 + kQueriesPerTask);
            for (std::size_t g0 = 0; g0 < groups; g0 += kChunkGroups) {
                const std::size_t g1 = std::min(groups, g0 + kChunkGroups);
                for (std::size_t qb = q0; qb < q1; qb += kQueries)
                    for (std::size_t g = g0; g < g1; g += 2)
                        scanMicro(panels, g, g + 1 < g1, packed.data() + qb * quads,
                                  scales.data() + qb, rows, state.data() + qb, keep);
                done += (g1 - g0) * (q1 - q0);
            }
        },
        parallel);
    for (std::size_t i = 0; i < count; ++i) {
        Candidates& c = state[i];
        c.cut(keep);
        out[i].reserve(c.list.size());
        for (const auto& [score, row] : c.list)
            out[i].push_back(row);
    }
#else
    (void)keep;
#endif
    return out;
}

} // namespace vecspace
