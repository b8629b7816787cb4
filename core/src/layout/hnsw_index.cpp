#include "layout/hnsw_index.h"

#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#ifdef __linux__
#include <sys/mman.h>
#endif

namespace vecspace {
namespace {

// Rows inserted per step. Fixed (never derived from the thread count) because batch boundaries
// shape the graph; 512 keeps the brute-force pass among batch mates at a few percent of the
// graph searches while giving two threads 64 tasks per step.
constexpr std::size_t kBatch = 512;
constexpr std::size_t kRowsPerTask = 8;
constexpr std::size_t kGroupsPerTask = 64;
constexpr int kMaxLevel = 30;

// nearer() as a function object, which the standard algorithms inline (a function pointer they
// would call).
constexpr auto kNearer = [](const HnswHit& a, const HnswHit& b) { return nearer(a, b); };

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// hnswlib's level distribution, floor(-ln(u) / ln(M)), with u drawn from (seed, row) alone so
// that a row's level does not depend on the order or the batch it is inserted in.
int drawLevel(std::uint64_t seed, std::size_t row, double mult) {
    const std::uint64_t bits = splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(row)));
    const double u = (static_cast<double>(bits >> 11) + 1.0) * 0x1.0p-53; // (0, 1]
    return std::min(kMaxLevel, static_cast<int>(-std::log(u) * mult));
}

// Sizes a vector to n zeros, asking first for transparent huge pages: searches hop between
// random rows of a few hundred MB, and 2 MB pages spare most of the TLB misses.
template <class T, class A> void allocateZeroed(std::vector<T, A>& v, std::size_t n) {
    v.clear();
    v.reserve(n);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t last = (begin + n * sizeof(T)) & ~(kHuge - 1);
    // Advice only: where the kernel has no huge pages to give, nothing changes.
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#endif
    v.resize(n);
}

} // namespace

// "Link `source` back from `target` on `level`", gathered for a whole batch.
struct HnswIndex::Request {
    int level;
    std::uint32_t target;
    std::uint32_t source;
    bool operator<(const Request& o) const {
        if (level != o.level) return level < o.level;
        if (target != o.target) return target < o.target;
        return source < o.source;
    }
};

HnswIndex::HnswIndex(MatrixView points, bool cosine, const HnswParams& params,
                     const std::vector<std::uint32_t>& rows,
                     const std::function<void(double)>& afterBatch)
    : m_rows(rows.empty() ? static_cast<std::size_t>(points.rows()) : rows.size()),
      m_stride((static_cast<std::size_t>(points.cols()) + 15) / 16 * 16), m_cosine(cosine),
      m_m(params.m), m_efConstruction(std::max(params.efConstruction, params.m)),
      m_threads(params.threads) {
    if (m_m < 2) throw std::invalid_argument("HNSW: M must be at least 2");
    if (m_rows >= UINT32_MAX) throw std::invalid_argument("HNSW: too many rows");
    // Zero padding to a multiple of 16 floats changes no distance and lets every distance run
    // on whole SIMD registers from a cache-line boundary.
    allocateZeroed(m_data, m_rows * m_stride);
    for (std::size_t i = 0; i < m_rows; ++i)
        std::copy_n(points.row(static_cast<Eigen::Index>(rows.empty() ? i : rows[i])).data(),
                    points.cols(), m_data.data() + i * m_stride);

    const double mult = 1.0 / std::log(static_cast<double>(m_m));
    m_levels.resize(m_rows);
    m_upperOffset.resize(m_rows);
    std::size_t upper = 0;
    for (std::size_t i = 0; i < m_rows; ++i) {
        m_levels[i] = drawLevel(params.seed, i, mult);
        m_upperOffset[i] = upper;
        upper += static_cast<std::size_t>(m_levels[i]) * (1 + m_m);
    }
    allocateZeroed(m_bottom, m_rows * (1 + 2 * m_m));
    m_upper.assign(upper, 0);

    for (std::size_t first = 0; first < m_rows; first += kBatch) {
        const std::size_t last = std::min(m_rows, first + kBatch);
        insertBatch(first, last);
        if (afterBatch) afterBatch(static_cast<double>(last) / static_cast<double>(m_rows));
    }
}

HnswIndex::~HnswIndex() = default;

std::vector<std::uint32_t> HnswIndex::links(std::size_t row, int level) const {
    if (level < 0 || level > m_levels[row]) return {};
    const std::uint32_t* l = list(static_cast<std::uint32_t>(row), level);
    return std::vector<std::uint32_t>(l + 1, l + 1 + l[0]);
}

void HnswIndex::insertBatch(std::size_t first, std::size_t last) {
    ParallelOptions parallel;
    parallel.threads = m_threads;

    // 1. Each new row finds its neighbours among the rows of earlier batches (a graph that stays
    // frozen meanwhile: only new rows' lists are written, and no old list points at them yet) and
    // among its batch mates, and writes its own out-links.
    const std::size_t tasks = (last - first + kRowsPerTask - 1) / kRowsPerTask;
    parallelFor(
        tasks,
        [&](std::size_t task) {
            std::unique_ptr<Scratch> scratch = acquire();
            const std::size_t begin = first + task * kRowsPerTask;
            const std::size_t end = std::min(last, begin + kRowsPerTask);
            for (std::size_t row = begin; row < end; ++row)
                connectNew(static_cast<std::uint32_t>(row), first, last, *scratch);
            release(std::move(scratch));
        },
        parallel);

    // 2. The links back, grouped by the list they go into, so that each list has one writer and
    // its new content depends only on its old content and the requests, taken in row order.
    std::vector<Request> requests;
    for (std::size_t row = first; row < last; ++row)
        for (int level = 0; level <= m_levels[row]; ++level) {
            const std::uint32_t* l = list(static_cast<std::uint32_t>(row), level);
            for (std::uint32_t j = 1; j <= l[0]; ++j)
                requests.push_back({level, l[j], static_cast<std::uint32_t>(row)});
        }
    std::sort(requests.begin(), requests.end());
    std::vector<std::size_t> groupStarts;
    for (std::size_t i = 0; i < requests.size(); ++i)
        if (i == 0 || requests[i].level != requests[i - 1].level ||
            requests[i].target != requests[i - 1].target)
            groupStarts.push_back(i);
    groupStarts.push_back(requests.size());
    const std::size_t groups = groupStarts.size() - 1;
    parallelFor((groups + kGroupsPerTask - 1) / kGroupsPerTask,
                [&](std::size_t task) {
                    std::vector<HnswHit> work;
                    const std::size_t end = std::min(groups, (task + 1) * kGroupsPerTask);
                    for (std::size_t g = task * kGroupsPerTask; g < end; ++g)
                        linkBack(requests.data() + groupStarts[g],
                                 requests.data() + groupStarts[g + 1], work);
                },
                parallel);

    // 3. The entry point: the first row of the highest level, as hnswlib's sequential insertion.
    for (std::size_t row = first; row < last; ++row)
        if (m_levels[row] > m_topLevel) {
            m_topLevel = m_levels[row];
            m_entry = static_cast<std::uint32_t>(row);
        }
}

void HnswIndex::connectNew(std::uint32_t row, std::size_t first, std::size_t last,
                           Scratch& scratch) {
    const float* query = vec(row);
    // Batch mates are invisible to the graph search, so they are compared directly.
    scratch.mates.clear();
    for (std::size_t other = first; other < last; ++other)
        if (other != row)
            scratch.mates.push_back({distance(query, vec(static_cast<std::uint32_t>(other))),
                                     static_cast<std::uint32_t>(other)});

    const int top = m_levels[row];
    std::uint32_t start = m_entry;
    if (m_topLevel > top) start = descend(query, m_entry, m_topLevel, top);
    std::vector<HnswHit>& merged = scratch.merged;
    for (int level = top; level >= 0; --level) {
        merged.clear();
        if (level <= m_topLevel) {
            searchLayer(query, &start, 1, level, m_efConstruction, scratch);
            merged.assign(scratch.results.begin(), scratch.results.end());
            // The nearest old row starts the next layer's search (mates are not in the graph).
            start = std::min_element(merged.begin(), merged.end(), kNearer)->row;
        }
        for (const HnswHit& mate : scratch.mates)
            if (m_levels[mate.row] >= level) merged.push_back(mate);
        if (merged.size() > m_efConstruction) {
            std::nth_element(merged.begin(),
                             merged.begin() + static_cast<std::ptrdiff_t>(m_efConstruction),
                             merged.end(), kNearer);
            merged.resize(m_efConstruction);
        }
        std::sort(merged.begin(), merged.end(), kNearer);
        selectNeighbors(merged, m_m, scratch.selected);
        std::uint32_t* l = list(row, level);
        l[0] = static_cast<std::uint32_t>(scratch.selected.size());
        std::copy(scratch.selected.begin(), scratch.selected.end(), l + 1);
    }
}

void HnswIndex::linkBack(const Request* begin, const Request* end, std::vector<HnswHit>& work) {
    const int level = begin->level;
    const std::uint32_t target = begin->target;
    std::uint32_t* l = list(target, level);
    std::vector<std::uint32_t> ids(l + 1, l + 1 + l[0]);
    for (const Request* r = begin; r != end; ++r)
        if (std::find(ids.begin(), ids.end(), r->source) == ids.end()) ids.push_back(r->source);
    const std::size_t room = capacity(level);
    if (ids.size() > room) {
        // Full: keep what the neighbour heuristic keeps among the old links and the new ones.
        work.clear();
        for (const std::uint32_t id : ids)
            work.push_back({distance(vec(target), vec(id)), id});
        std::sort(work.begin(), work.end(), kNearer);
        selectNeighbors(work, room, ids);
    }
    l[0] = static_cast<std::uint32_t>(ids.size());
    std::copy(ids.begin(), ids.end(), l + 1);
}

// Malkov and Yashunin's heuristic (hnswlib's getNeighborsByHeuristic2): going nearest first,
// keep a candidate unless it is nearer to a kept one than to the base, so that links spread
// in all directions instead of crowding into one cluster.
void HnswIndex::selectNeighbors(const std::vector<HnswHit>& sorted, std::size_t count,
                                std::vector<std::uint32_t>& out) const {
    out.clear();
    if (sorted.size() <= count) {
        for (const HnswHit& hit : sorted)
            out.push_back(hit.row);
        return;
    }
    for (const HnswHit& hit : sorted) {
        if (out.size() >= count) break;
        const float* candidate = vec(hit.row);
        bool keep = true;
        for (const std::uint32_t kept : out)
            if (distance(vec(kept), candidate) < hit.distance) {
                keep = false;
                break;
            }
        if (keep) out.push_back(hit.row);
    }
}

} // namespace vecspace
