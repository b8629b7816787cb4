#include "vecspace/compare/comparison.h"

#include "base/atomic_file.h"
#include "vecspace/base/memory_budget.h"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <stdexcept>
#include <string>

namespace vecspace {
namespace {

RowMatrix unitRows(MatrixView vectors, const std::vector<std::size_t>& rows) {
    RowMatrix out(static_cast<Eigen::Index>(rows.size()), vectors.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto row = vectors.row(static_cast<Eigen::Index>(rows[i]));
        const float norm = row.norm();
        out.row(static_cast<Eigen::Index>(i)) = norm > 0 ? (row / norm).eval() : row.eval();
    }
    return out;
}

// Progress of one step, mapped into [base, base + scale] of the whole.
ProgressFn partOf(const ProgressFn& progress, double base, double scale) {
    if (!progress) return {};
    return [progress, base, scale](double fraction) { return progress(base + scale * fraction); };
}

std::size_t sharedCount(const std::uint32_t* a, const std::uint32_t* b, std::size_t k) {
    std::vector<std::uint32_t> left(a, a + k);
    std::vector<std::uint32_t> right(b, b + k);
    std::sort(left.begin(), left.end());
    std::sort(right.begin(), right.end());
    std::size_t count = 0;
    for (std::size_t i = 0, j = 0; i < k && j < k;) {
        if (left[i] == right[j]) {
            ++count;
            ++i;
            ++j;
        } else if (left[i] < right[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    return count;
}

void measureOverlap(Comparison& c) {
    const std::size_t n = c.size();
    const std::size_t k = c.k;
    c.jaccard.resize(n);
    c.overlap.assign(k + 1, 0);
    std::vector<double> exact(n); // mean and median from the exact ratios, not the floats
    for (std::size_t pair = 0; pair < n; ++pair) {
        const std::size_t kept = sharedCount(c.neighborsA.of(pair), c.neighborsB.of(pair), k);
        ++c.overlap[kept];
        exact[pair] = static_cast<double>(kept) / static_cast<double>(2 * k - kept);
        c.jaccard[pair] = static_cast<float>(exact[pair]);
    }
    c.meanJaccard = std::accumulate(exact.begin(), exact.end(), 0.0) / static_cast<double>(n);
    std::sort(exact.begin(), exact.end());
    c.medianJaccard = n % 2 == 1 ? exact[n / 2] : (exact[n / 2 - 1] + exact[n / 2]) / 2;
}

std::vector<std::size_t> ranked(const Comparison& c, std::size_t count, bool most) {
    std::vector<std::size_t> order(c.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto before = [&](std::size_t x, std::size_t y) {
        if (c.jaccard[x] != c.jaccard[y])
            return most ? c.jaccard[x] < c.jaccard[y] : c.jaccard[x] > c.jaccard[y];
        if (c.hasDisplacement() && c.displacement[x] != c.displacement[y])
            return most ? c.displacement[x] > c.displacement[y]
                        : c.displacement[x] < c.displacement[y];
        return x < y;
    };
    count = std::min(count, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count),
                      order.end(), before);
    order.resize(count);
    return order;
}

void appendNumber(std::string& out, float value) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, result.ptr);
}

} // namespace

Comparison compareSets(const EmbeddingSet& a, const EmbeddingSet& b,
                       const CompareOptions& options) {
    if (options.k < 1 || options.k > kMaxCompareK)
        throw std::invalid_argument("compare: k must be between 1 and " +
                                    std::to_string(kMaxCompareK) + ", got " +
                                    std::to_string(options.k));
    if (!options.align && options.alignment.anchors > 0)
        throw std::invalid_argument("compare: anchors apply only with alignment");
    Comparison c;
    c.vocabulary = pairLabels(a, b, options.pairing);
    const std::size_t n = c.vocabulary.size();
    if (n == 0)
        throw std::invalid_argument(
            "compare: " + a.source.filename().string() + " (" + std::to_string(a.rows()) +
            " labels) and " + b.source.filename().string() + " (" + std::to_string(b.rows()) +
            " labels) share no label" +
            (options.pairing.ignoreCase ? std::string()
                                        : std::string(" (matching ignoring case may find some)")));
    if (options.k >= n)
        throw std::invalid_argument("compare: k (" + std::to_string(options.k) +
                                    ") must be smaller than the number of shared labels (" +
                                    std::to_string(n) + ")");
    if (options.alignment.anchors > n)
        throw std::invalid_argument("compare: " + std::to_string(options.alignment.anchors) +
                                    " anchors asked for, but only " + std::to_string(n) +
                                    " shared labels");
    // Both sets' unit rows and neighbour lists, an aligned copy of A's rows and the per-label
    // figures, before any of it is allocated; and while one set's lists are found, the search's
    // own: a normalised, a packed and a reordered copy of the rows, the order and its inverse,
    // 2k + 8 candidate slots of 8 bytes, a size and a bar, and k results of 8 bytes (see
    // allPairsTopK).
    requireMemory(std::uint64_t(n) *
                      ((a.dims() * (options.align ? 2 : 1) + b.dims()) * 4 + options.k * 2 * 8 +
                       64 + std::max(a.dims(), b.dims()) * 12 + options.k * 24 + 80),
                  "comparing " + std::to_string(n) + " shared labels at k " +
                      std::to_string(options.k),
                  "Compare the first rows of each file (--limit N), or use a smaller k.");
    c.labels.reserve(n);
    for (const std::size_t row : c.vocabulary.rowsA)
        c.labels.push_back(a.labels[row]);
    c.dimsA = a.dims();
    c.dimsB = b.dims();
    c.unitA = unitRows(a.vectors, c.vocabulary.rowsA);
    c.unitB = unitRows(b.vectors, c.vocabulary.rowsB);
    c.k = options.k;

    NeighborListOptions lists;
    lists.k = options.k;
    lists.threads = options.threads;
    lists.progress = partOf(options.progress, 0.0, 0.45);
    c.neighborsA = cosineNeighborLists(c.unitA, lists);
    if (options.progress && !options.progress(0.45)) throw Cancelled();
    lists.progress = partOf(options.progress, 0.45, 0.45);
    c.neighborsB = cosineNeighborLists(c.unitB, lists);
    measureOverlap(c);
    if (options.progress && !options.progress(0.9)) throw Cancelled();

    if (options.align) {
        c.alignment = alignPairs(c.unitA, c.unitB, options.alignment);
        c.displacement = c.alignment->displacement;
    } else if (c.dimsA == c.dimsB) {
        c.displacement.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const auto row = static_cast<Eigen::Index>(i);
            c.displacement[i] = (c.unitB.row(row) - c.unitA.row(row)).norm();
        }
    }
    if (options.progress && !options.progress(1.0)) throw Cancelled();
    return c;
}

std::vector<std::size_t> mostChanged(const Comparison& comparison, std::size_t count) {
    return ranked(comparison, count, true);
}

std::vector<std::size_t> leastChanged(const Comparison& comparison, std::size_t count) {
    return ranked(comparison, count, false);
}

LabelChanges neighborChanges(const Comparison& c, std::size_t pair) {
    if (pair >= c.size())
        throw std::out_of_range("compare: no shared label number " + std::to_string(pair));
    const std::uint32_t* inA = c.neighborsA.of(pair);
    const std::uint32_t* inB = c.neighborsB.of(pair);
    const auto contains = [&](const std::uint32_t* list, std::uint32_t value) {
        return std::find(list, list + c.k, value) != list + c.k;
    };
    const auto change = [&](std::uint32_t other) {
        const auto p = static_cast<Eigen::Index>(pair);
        const auto o = static_cast<Eigen::Index>(other);
        return NeighborChange{other, c.unitA.row(p).dot(c.unitA.row(o)),
                              c.unitB.row(p).dot(c.unitB.row(o))};
    };
    LabelChanges changes;
    for (std::size_t j = 0; j < c.k; ++j) {
        (contains(inB, inA[j]) ? changes.kept : changes.lost).push_back(change(inA[j]));
        if (!contains(inA, inB[j])) changes.gained.push_back(change(inB[j]));
    }
    return changes;
}

void writeComparisonTable(const Comparison& c, const std::filesystem::path& path) {
    for (const std::string& label : c.labels)
        if (label.find_first_of("\t\n\r") != std::string::npos)
            throw std::runtime_error(path.string() + ": label '" + label +
                                     "' holds tabs or newlines, which TSV cannot store");
    AtomicFile file(path);
    std::string text = c.hasDisplacement() ? "label\tjaccard\tdisplacement\n" : "label\tjaccard\n";
    for (std::size_t i = 0; i < c.size(); ++i) {
        text += c.labels[i];
        text += '\t';
        appendNumber(text, c.jaccard[i]);
        if (c.hasDisplacement()) {
            text += '\t';
            appendNumber(text, c.displacement[i]);
        }
        text += '\n';
        if (text.size() > (1 << 20)) {
            file.write(text);
            text.clear();
        }
    }
    file.write(text);
    file.commit();
}

} // namespace vecspace
