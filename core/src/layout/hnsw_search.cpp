#include "layout/hnsw_search.h"

#include "base/progress_throttle.h"
#include "layout/hnsw_index.h"
#include "layout/knn_refine.h"
#include "vecspace/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace vecspace {
namespace {

constexpr std::size_t kGroupsPerTask = 64;
// Shares of the progress bar: building the index, the queries, then the refinement pass. With the
// default parameters the build takes 40-55% of the time on GloVe (k 90 to k 15).
constexpr double kBuildShare = 0.45;
constexpr double kQueryShare = 0.45;

// Rows with equal values. The index holds one node per group: exact duplicates would otherwise
// fill each other's link lists (the neighbour heuristic keeps every row at distance 0) and wall
// their searches in, and every copy would repeat the same search.
struct EqualRows {
    std::vector<std::uint32_t> groupOf; // row -> group; groups are numbered by their first row
    std::vector<std::uint32_t> start;   // group g's rows: members[start[g], start[g + 1])
    std::vector<std::uint32_t> members; // ascending within a group
    std::vector<std::uint32_t> first;   // each group's first row

    std::size_t groups() const { return first.size(); }
    std::size_t size(std::size_t g) const { return start[g + 1] - start[g]; }
    const std::uint32_t* rows(std::size_t g) const { return members.data() + start[g]; }
};

EqualRows groupEqualRows(MatrixView m) {
    const std::size_t rows = static_cast<std::size_t>(m.rows());
    std::vector<std::uint64_t> hash(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (Eigen::Index d = 0; d < m.cols(); ++d) {
            const float x = m(static_cast<Eigen::Index>(i), d) + 0.0f; // -0 hashes as 0
            std::uint32_t bits;
            std::memcpy(&bits, &x, sizeof bits);
            h = (h ^ bits) * 0x100000001b3ULL;
        }
        hash[i] = h;
    }
    std::vector<std::uint32_t> order(rows);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return hash[a] < hash[b] || (hash[a] == hash[b] && a < b);
    });
    // Within a run of equal hashes rows ascend, so the first equal row found is the lowest.
    std::vector<std::uint32_t> lowest(rows);
    for (std::size_t i = 0; i < rows;) {
        std::size_t j = i;
        while (j < rows && hash[order[j]] == hash[order[i]])
            ++j;
        for (std::size_t a = i; a < j; ++a) {
            const std::uint32_t row = order[a];
            lowest[row] = row;
            for (std::size_t b = i; b < a; ++b)
                if (lowest[order[b]] == order[b] &&
                    (m.row(order[b]).array() == m.row(row).array()).all()) {
                    lowest[row] = order[b];
                    break;
                }
        }
        i = j;
    }
    EqualRows out;
    out.groupOf.resize(rows);
    for (std::uint32_t row = 0; row < rows; ++row) {
        if (lowest[row] == row) {
            out.groupOf[row] = static_cast<std::uint32_t>(out.first.size());
            out.first.push_back(row);
        } else {
            out.groupOf[row] = out.groupOf[lowest[row]];
        }
    }
    out.start.assign(out.groups() + 1, 0);
    for (const std::uint32_t g : out.groupOf)
        ++out.start[g + 1];
    std::partial_sum(out.start.begin(), out.start.end(), out.start.begin());
    out.members.resize(rows);
    std::vector<std::uint32_t> fill(out.start.begin(), out.start.end() - 1);
    for (std::uint32_t row = 0; row < rows; ++row)
        out.members[fill[out.groupOf[row]]++] = row;
    return out;
}

// The beam of each query: wide enough for k + 1 rows (the row itself comes back too), and
// growing with k because recall at a fixed beam falls as k nears it.
std::size_t efSearch(const KnnOptions& options) {
    const auto scaled = static_cast<std::size_t>(
        std::ceil(options.hnswEfSearchPerK * static_cast<double>(options.k)));
    return std::max({options.hnswEfSearch, scaled, options.k + 1});
}

} // namespace

KnnGraph hnswGraph(MatrixView data, const KnnOptions& options) {
    const std::size_t rows = static_cast<std::size_t>(data.rows());
    const std::size_t k = options.k;
    if (k == 0 || k >= rows) throw std::invalid_argument("HNSW k-NN graph: k must be in [1, rows)");
    if (options.hnswM < 2) throw std::invalid_argument("HNSW k-NN graph: hnswM must be at least 2");

    // Cosine distance is 1 - dot product on a unit-length copy (zero rows stay zero), normalised
    // as the exact path does it.
    const bool cosine = options.metric == DistanceMetric::Cosine;
    RowMatrix unit;
    if (cosine) {
        unit = data;
        for (Eigen::Index i = 0; i < unit.rows(); ++i) {
            const float n = unit.row(i).norm();
            if (n > 0) unit.row(i) /= n;
        }
    }
    const MatrixView points = cosine ? MatrixView(unit) : data;
    const EqualRows equal = groupEqualRows(points);

    ProgressThrottle throttle(options.progress);
    HnswParams params;
    params.m = options.hnswM;
    params.efConstruction = options.hnswEfConstruction;
    params.seed = options.seed;
    params.threads = options.threads;
    // Cancel is honoured between insertion batches (the throttle throws Cancelled).
    const HnswIndex index(points, cosine, params, equal.first,
                          [&](double f) { throttle.report(kBuildShare * f); });

    KnnGraph graph;
    graph.rows = rows;
    graph.k = k;
    graph.method = KnnMethod::Hnsw;
    graph.indices.resize(rows * k);
    graph.distances.resize(rows * k);

    const std::size_t ef = efSearch(options);
    const std::vector<std::uint32_t> order = index.localityOrder();
    const std::size_t groups = equal.groups();
    const std::size_t tasks = (groups + kGroupsPerTask - 1) / kGroupsPerTask;
    std::atomic<std::size_t> done{0};
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = options.progress;
    parallel.progressBase = kBuildShare;
    parallel.progressScale = kQueryShare;
    parallel.fraction = [&] {
        return static_cast<double>(done.load()) / static_cast<double>(tasks);
    };
    // Queries against the finished graph read it only, so each row's answer is fixed whatever
    // thread computes it, and in whatever order; parallelFor stops between tasks when progress
    // asks to cancel. One search serves all the copies of a row.
    parallelFor(
        tasks,
        [&](std::size_t task) {
            std::vector<std::uint32_t> shared;
            std::vector<std::pair<float, std::uint32_t>> found;
            const std::size_t end = std::min(groups, (task + 1) * kGroupsPerTask);
            for (std::size_t at = task * kGroupsPerTask; at < end; ++at) {
                const std::uint32_t group = order[at];
                // The rows of the groups found, besides the row's own copies; true when they
                // make k. A group gives at most its first k rows: the others tie with those at
                // the same distance and lose on row index.
                const auto gather = [&](const std::vector<HnswHit>& hits) {
                    shared.clear();
                    for (const HnswHit& hit : hits) {
                        if (hit.row == group) continue;
                        const std::size_t take = std::min(k, equal.size(hit.row));
                        shared.insert(shared.end(), equal.rows(hit.row),
                                      equal.rows(hit.row) + take);
                    }
                    return shared.size() + equal.size(group) - 1 >= k;
                };
                // A part of the graph cut off from the rest could leave the search short: then
                // start also from the top, and as a last resort scan every node.
                if (!gather(index.neighborsOfRow(group, ef, false)) &&
                    !gather(index.neighborsOfRow(group, 2 * ef, true)))
                    gather(index.scanRow(group, k + 1));
                const std::uint32_t* copies = equal.rows(group);
                const std::size_t copyCount = std::min(equal.size(group), k + 1);
                for (std::size_t c = 0; c < equal.size(group); ++c) {
                    const std::uint32_t row = copies[c];
                    // The row itself is left out wherever it would sit, so no copy crowds it
                    // out of its own list.
                    found.clear();
                    for (std::size_t j = 0; j < copyCount; ++j)
                        if (copies[j] != row)
                            found.emplace_back(
                                pairDistance(data, unit, options.metric, row, copies[j]),
                                copies[j]);
                    for (const std::uint32_t other : shared)
                        found.emplace_back(pairDistance(data, unit, options.metric, row, other),
                                           other);
                    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(k),
                                      found.end());
                    for (std::size_t j = 0; j < k; ++j) {
                        graph.indices[row * k + j] = found[j].second;
                        graph.distances[row * k + j] = found[j].first;
                    }
                }
            }
            done += 1;
        },
        parallel);
    if (options.hnswRefineCandidates == 0) return graph;
    const std::size_t hops = std::clamp<std::size_t>(options.hnswRefineCandidates / k, 1, k);
    ParallelOptions refine;
    refine.threads = options.threads;
    refine.progress = options.progress;
    refine.progressBase = kBuildShare + kQueryShare;
    refine.progressScale = 1.0 - refine.progressBase;
    return refineKnnGraph(graph, data, unit, options.metric, hops, refine);
}

} // namespace vecspace
