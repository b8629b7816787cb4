#pragma once

#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace vecspace {

// Each row's candidates in a flat buffer: a score at or above the row's bar is appended (no heap
// sift per candidate), and a full buffer is cut back to its k best by a selection, whose k-th
// score less the row's slack becomes the new bar. The slack bounds the rounding of two tile
// scores, so rows whose true scores tie or cross the k-th are kept for the exact re-score.
class CandidateBuffers {
public:
    CandidateBuffers(std::size_t rows, std::size_t k, std::vector<float> slack)
        : m_k(k), m_capacity(2 * k + 8), m_keepAtMost(m_capacity - std::max<std::size_t>(k / 2, 4)),
          m_slots(rows * m_capacity), m_sizes(rows, 0),
          m_bars(rows + 32, -std::numeric_limits<float>::infinity()), m_slack(std::move(slack)) {}

    float bar(std::size_t row) const { return m_bars[row]; }
    // rows + 32 of them: a 512-bit load may start at any row.
    const float* bars() const { return m_bars.data(); }

    void push(std::size_t row, std::uint32_t id, float score) {
        Slot* slots = m_slots.data() + row * m_capacity;
        std::uint32_t& size = m_sizes[row];
        slots[size++] = {score, id};
        if (size == m_capacity) cut(row);
    }

    // Re-scores each row's kept candidates with `exact` and writes the k best, best first, ties
    // by row; frees the buffers. With `names`, buffer row r holds the results of row names[r].
    template <typename Exact>
    void finish(std::vector<std::uint32_t>& ids, std::vector<float>& scores, unsigned threads,
                const Exact& exact, const std::uint32_t* names = nullptr) {
        const std::size_t rows = m_sizes.size();
        ids.resize(rows * m_k);
        scores.resize(rows * m_k);
        ParallelOptions parallel;
        parallel.threads = threads;
        constexpr std::size_t kChunk = 2048;
        parallelFor((rows + kChunk - 1) / kChunk,
                    [&](std::size_t chunk) {
                        for (std::size_t row = chunk * kChunk;
                             row < std::min(rows, (chunk + 1) * kChunk); ++row) {
                            if (m_sizes[row] > m_k) cut(row);
                            Slot* slots = m_slots.data() + row * m_capacity;
                            const std::uint32_t size = m_sizes[row];
                            for (std::uint32_t i = 0; i < size; ++i)
                                slots[i].score = exact(row, slots[i].id);
                            std::sort(slots, slots + size, Better{});
                            const std::size_t out = names ? names[row] : row;
                            for (std::size_t i = 0; i < m_k; ++i) {
                                ids[out * m_k + i] = slots[i].id;
                                scores[out * m_k + i] = slots[i].score;
                            }
                        }
                    },
                    parallel);
        m_slots = {};
    }

private:
    struct Slot {
        float score;
        std::uint32_t id;
    };
    // A function object, not a function: passed to the selections by pointer, the comparison
    // was not inlined (perf: a tenth of the samples).
    struct Better {
        bool operator()(const Slot& a, const Slot& b) const { return better(a, b); }
    };
    static bool better(const Slot& a, const Slot& b) {
        return a.score > b.score || (a.score == b.score && a.id < b.id);
    }
    // Keeps the k best and those within the slack of the k-th (at most m_keepAtMost: beyond that
    // many near-ties, e.g. thousands of identical rows, the lowest tile scores go).
    void cut(std::size_t row) {
        Slot* slots = m_slots.data() + row * m_capacity;
        std::uint32_t& size = m_sizes[row];
        std::nth_element(slots, slots + m_k - 1, slots + size, Better{});
        const float floor = slots[m_k - 1].score - m_slack[row];
        Slot* end = std::partition(slots + m_k, slots + size,
                                   [floor](const Slot& s) { return s.score >= floor; });
        std::size_t kept = static_cast<std::size_t>(end - slots);
        if (kept > m_keepAtMost) {
            std::nth_element(slots + m_k, slots + m_keepAtMost - 1, end, Better{});
            kept = m_keepAtMost;
        }
        size = static_cast<std::uint32_t>(kept);
        m_bars[row] = floor;
    }

    std::size_t m_k;
    std::size_t m_capacity;
    std::size_t m_keepAtMost;
    std::vector<Slot> m_slots;
    std::vector<std::uint32_t> m_sizes;
    std::vector<float> m_bars;
    std::vector<float> m_slack;
};

} // namespace vecspace
