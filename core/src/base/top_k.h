#pragma once

#include "vecspace/semantic/similarity_index.h"

#include <algorithm>
#include <vector>

namespace vecspace {

// The best k of a stream of (row, value) pairs where larger values are better, kept as a min-heap
// so that the admission test against the worst kept value is one compare.
class TopK {
public:
    explicit TopK(std::size_t k) : m_k(k) { m_heap.reserve(k + 1); }

    float threshold() const {
        return m_heap.size() < m_k ? -std::numeric_limits<float>::infinity() : m_heap.front().score;
    }

    void push(std::size_t row, float value) {
        if (m_k == 0) return;
        if (m_heap.size() == m_k && !better(value, row, m_heap.front())) return;
        m_heap.push_back({row, value});
        std::push_heap(m_heap.begin(), m_heap.end(), worse);
        if (m_heap.size() > m_k) {
            std::pop_heap(m_heap.begin(), m_heap.end(), worse);
            m_heap.pop_back();
        }
    }
    void merge(const TopK& other) {
        for (const auto& n : other.m_heap)
            push(n.row, n.score);
    }
    // Best first; equal values by row, so results do not depend on thread count.
    std::vector<Neighbor> sorted() const {
        std::vector<Neighbor> out = m_heap;
        std::sort(out.begin(), out.end(),
                  [](const Neighbor& a, const Neighbor& b) { return better(a.score, a.row, b); });
        return out;
    }

    // The best `count` of sorted(), leaving out the rows in `exclude` (kept with room for them).
    std::vector<Neighbor> best(std::size_t count, const std::vector<std::size_t>& exclude) const {
        std::vector<Neighbor> out;
        for (const Neighbor& n : sorted()) {
            if (out.size() == count) break;
            if (std::find(exclude.begin(), exclude.end(), n.row) == exclude.end()) out.push_back(n);
        }
        return out;
    }

private:
    static bool better(float value, std::size_t row, const Neighbor& than) {
        return value > than.score || (value == than.score && row < than.row);
    }
    static bool worse(const Neighbor& a, const Neighbor& b) { return better(a.score, a.row, b); }

    std::size_t m_k;
    std::vector<Neighbor> m_heap;
};

// Offers `count` consecutive scores (of rows firstRow, firstRow + 1, ...) to `top`: a TopK, or
// anything with threshold() and push(row, value). After the first few tiles almost no score can
// enter, so they are tested in groups of 16 with one compare per group: in each run of 256
// scores, group g is scores g, g + 16, ..., g + 240, whose maxima are 15 element-wise vector
// maxima of contiguous rows (a horizontal maximum of 16 contiguous values would not vectorise).
// Within a group that passes, each score is tested again, so a sink may append what it is given.
template <typename Sink>
inline void pushScores(const float* scores, std::size_t count, std::size_t firstRow, Sink& top) {
    constexpr std::size_t kGroups = 16;
    constexpr std::size_t kRun = kGroups * 16;
    std::size_t j = 0;
    for (; j + kRun <= count; j += kRun) {
        const float* run = scores + j;
        float maxima[kGroups];
        for (std::size_t g = 0; g < kGroups; ++g)
            maxima[g] = run[g];
        for (std::size_t t = 1; t < 16; ++t)
            for (std::size_t g = 0; g < kGroups; ++g)
                maxima[g] = std::max(maxima[g], run[t * kGroups + g]);
        for (std::size_t g = 0; g < kGroups; ++g) {
            if (!(maxima[g] >= top.threshold())) continue;
            for (std::size_t t = 0; t < 16; ++t)
                if (run[t * kGroups + g] >= top.threshold())
                    top.push(firstRow + j + t * kGroups + g, run[t * kGroups + g]);
        }
    }
    float threshold = top.threshold();
    for (; j < count; ++j) {
        if (!(scores[j] >= threshold)) continue;
        top.push(firstRow + j, scores[j]);
        threshold = top.threshold();
    }
}

} // namespace vecspace
