// Searching an HnswIndex: the greedy descent of the upper layers, the beam search of one layer
// and the queries built on them. Construction is in hnsw_index.cpp.
#include "layout/hnsw_index.h"

#include <algorithm>

namespace vecspace {

std::uint32_t HnswIndex::descend(const float* query, std::uint32_t from, int top,
                                 int bottom) const {
    HnswHit best{distance(query, vec(from)), from};
    for (int level = top; level > bottom; --level) {
        for (bool moved = true; moved;) {
            moved = false;
            const std::uint32_t* l = list(best.row, level);
            for (std::uint32_t j = 1; j <= l[0]; ++j) {
                const HnswHit hit{distance(query, vec(l[j])), l[j]};
                if (nearer(hit, best)) {
                    best = hit;
                    moved = true;
                }
            }
        }
    }
    return best.row;
}

void HnswIndex::searchLayer(const float* query, const std::uint32_t* seeds, std::size_t seedCount,
                            int level, std::size_t ef, Scratch& s) const {
    if (++s.epoch == 0) {
        std::fill(s.visited.begin(), s.visited.end(), 0u);
        s.epoch = 1;
    }
    ef = std::max<std::size_t>(ef, 1);
    std::vector<HnswHit>& candidates = s.candidates;
    std::vector<HnswHit>& results = s.results;
    candidates.clear();
    results.clear();
    const auto nearerFirst = [](const HnswHit& a, const HnswHit& b) { return nearer(a, b); };
    const auto fartherFirst = [](const HnswHit& a, const HnswHit& b) { return nearer(b, a); };
    const auto offer = [&](const HnswHit& hit) {
        if (results.size() >= ef && !nearer(hit, results.front())) return;
        // A row that becomes a candidate will likely have its links read soon.
        __builtin_prefetch(list(hit.row, level));
        candidates.push_back(hit);
        std::push_heap(candidates.begin(), candidates.end(), fartherFirst);
        results.push_back(hit);
        std::push_heap(results.begin(), results.end(), nearerFirst);
        if (results.size() > ef) {
            std::pop_heap(results.begin(), results.end(), nearerFirst);
            results.pop_back();
        }
    };
    for (std::size_t i = 0; i < seedCount; ++i) {
        if (s.visited[seeds[i]] == s.epoch) continue;
        s.visited[seeds[i]] = s.epoch;
        offer({distance(query, vec(seeds[i])), seeds[i]});
    }
    while (!candidates.empty()) {
        const HnswHit current = candidates.front();
        if (results.size() >= ef && nearer(results.front(), current)) break;
        std::pop_heap(candidates.begin(), candidates.end(), fartherFirst);
        candidates.pop_back();
        // Gather the unseen neighbours and prefetch their vectors before computing any distance:
        // the search waits on memory far more than on arithmetic.
        const std::uint32_t* l = list(current.row, level);
        s.fresh.clear();
        for (std::uint32_t j = 1; j <= l[0]; ++j) {
            const std::uint32_t id = l[j];
            if (s.visited[id] == s.epoch) continue;
            s.visited[id] = s.epoch;
            __builtin_prefetch(vec(id));
            s.fresh.push_back(id);
        }
        for (const std::uint32_t id : s.fresh)
            offer({distance(query, vec(id)), id});
    }
}

std::vector<HnswHit> HnswIndex::neighborsOfRow(std::size_t row, std::size_t ef,
                                               bool fromTop) const {
    if (m_rows == 0) return {};
    std::unique_ptr<Scratch> scratch = acquire();
    const float* query = vec(static_cast<std::uint32_t>(row));
    std::uint32_t seeds[2] = {static_cast<std::uint32_t>(row), m_entry};
    if (fromTop) seeds[1] = descend(query, m_entry, m_topLevel, 0);
    searchLayer(query, seeds, fromTop ? 2 : 1, 0, ef, *scratch);
    std::vector<HnswHit> out = scratch->results;
    release(std::move(scratch));
    std::sort(out.begin(), out.end(),
              [](const HnswHit& a, const HnswHit& b) { return nearer(a, b); });
    return out;
}

std::vector<HnswHit> HnswIndex::scanRow(std::size_t row, std::size_t count) const {
    std::vector<HnswHit> all(m_rows);
    const float* query = vec(static_cast<std::uint32_t>(row));
    for (std::uint32_t i = 0; i < m_rows; ++i)
        all[i] = {distance(query, vec(i)), i};
    count = std::min(count, m_rows);
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count), all.end(),
                      [](const HnswHit& a, const HnswHit& b) { return nearer(a, b); });
    all.resize(count);
    return all;
}

std::vector<std::uint32_t> HnswIndex::localityOrder() const {
    std::vector<std::uint32_t> order;
    order.reserve(m_rows);
    std::vector<bool> seen(m_rows, false);
    for (std::size_t start = 0; start < m_rows; ++start) {
        if (seen[start]) continue; // rows no link reaches start a new sweep
        seen[start] = true;
        order.push_back(static_cast<std::uint32_t>(start));
        for (std::size_t next = order.size() - 1; next < order.size(); ++next) {
            const std::uint32_t* l = list(order[next], 0);
            for (std::uint32_t j = 1; j <= l[0]; ++j)
                if (!seen[l[j]]) {
                    seen[l[j]] = true;
                    order.push_back(l[j]);
                }
        }
    }
    return order;
}

std::unique_ptr<HnswIndex::Scratch> HnswIndex::acquire() const {
    {
        std::lock_guard lock(m_poolMutex);
        if (!m_pool.empty()) {
            std::unique_ptr<Scratch> scratch = std::move(m_pool.back());
            m_pool.pop_back();
            return scratch;
        }
    }
    return std::make_unique<Scratch>(m_rows);
}

void HnswIndex::release(std::unique_ptr<Scratch> scratch) const {
    std::lock_guard lock(m_poolMutex);
    m_pool.push_back(std::move(scratch));
}

} // namespace vecspace
