#include "layout/tsne_affinities.h"

#include "base/thread_pool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kRowsPerTask = 512;
constexpr int kMaxSteps = 200;
constexpr double kTolerance = 1e-5;

// Bisection on beta for one row; d2 are squared distances less the row's smallest, which
// leaves p unchanged and keeps exp() away from underflow for far-away data.
void searchRow(const double* d2, std::size_t k, double target, double* p) {
    double beta = 1, lo = 0, hi = std::numeric_limits<double>::infinity();
    for (int step = 0; step < kMaxSteps; ++step) {
        double sum = 0, weighted = 0;
        for (std::size_t j = 0; j < k; ++j) {
            p[j] = std::exp(-beta * d2[j]);
            sum += p[j];
            weighted += d2[j] * p[j];
        }
        // H = log(sum) + beta E[d2], the entropy of p / sum.
        const double entropy = std::log(sum) + beta * weighted / sum;
        if (std::abs(entropy - target) <= kTolerance) break;
        if (entropy > target) { // too flat: narrow the Gaussian
            lo = beta;
            beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
        } else {
            hi = beta;
            beta = (beta + lo) / 2;
        }
    }
    double sum = 0;
    for (std::size_t j = 0; j < k; ++j)
        sum += p[j] = std::exp(-beta * d2[j]);
    for (std::size_t j = 0; j < k; ++j)
        p[j] /= sum;
}

} // namespace

std::vector<float> conditionalAffinities(const KnnGraph& graph, double perplexity,
                                         ThreadPool& pool) {
    if (!(perplexity > 0)) throw std::invalid_argument("t-SNE: perplexity must be positive");
    const std::size_t n = graph.rows, k = graph.k;
    const double target = std::log(perplexity);
    std::vector<float> conditional(n * k);
    const std::size_t tasks = (n + kRowsPerTask - 1) / kRowsPerTask;
    pool.run(tasks, [&](std::size_t task, unsigned) {
        std::vector<double> d2(k), p(k);
        const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
        for (std::size_t i = task * kRowsPerTask; i < end; ++i) {
            const float* distances = graph.distancesOf(i);
            double nearest = std::numeric_limits<double>::infinity();
            for (std::size_t j = 0; j < k; ++j) {
                d2[j] = double(distances[j]) * double(distances[j]);
                nearest = std::min(nearest, d2[j]);
            }
            for (std::size_t j = 0; j < k; ++j)
                d2[j] -= nearest;
            searchRow(d2.data(), k, target, p.data());
            for (std::size_t j = 0; j < k; ++j)
                conditional[i * k + j] = static_cast<float>(p[j]);
        }
    });
    return conditional;
}

TsneAffinities symmetrizeAffinities(const KnnGraph& graph, const std::vector<float>& conditional,
                                    ThreadPool& pool) {
    const std::size_t n = graph.rows, k = graph.k;
    // Row i of P collects i's own neighbours and the rows that have i as a neighbour.
    std::vector<std::size_t> reverseStart(n + 1, 0);
    for (std::size_t e = 0; e < n * k; ++e)
        ++reverseStart[graph.indices[e] + 1];
    for (std::size_t i = 0; i < n; ++i)
        reverseStart[i + 1] += reverseStart[i];
    std::vector<std::uint32_t> reverseRow(n * k);
    std::vector<float> reverseValue(n * k);
    {
        std::vector<std::size_t> fill(reverseStart.begin(), reverseStart.end() - 1);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < k; ++j) {
                const std::size_t at = fill[graph.indices[i * k + j]]++;
                reverseRow[at] = static_cast<std::uint32_t>(i);
                reverseValue[at] = conditional[i * k + j];
            }
    }
    // Merge each row into room for k + in-degree entries, then compact.
    std::vector<std::size_t> roomStart(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
        roomStart[i + 1] = roomStart[i] + k + (reverseStart[i + 1] - reverseStart[i]);
    std::vector<std::uint32_t> roomColumn(roomStart[n]);
    std::vector<float> roomValue(roomStart[n]);
    std::vector<std::size_t> rowSize(n);
    const double scale = 1.0 / (2.0 * double(n));
    const std::size_t tasks = (n + kRowsPerTask - 1) / kRowsPerTask;
    pool.run(tasks, [&](std::size_t task, unsigned) {
        std::vector<std::pair<std::uint32_t, double>> entries;
        const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
        for (std::size_t i = task * kRowsPerTask; i < end; ++i) {
            entries.clear();
            for (std::size_t j = 0; j < k; ++j)
                entries.emplace_back(graph.indices[i * k + j], conditional[i * k + j]);
            for (std::size_t r = reverseStart[i]; r < reverseStart[i + 1]; ++r)
                entries.emplace_back(reverseRow[r], reverseValue[r]);
            std::sort(entries.begin(), entries.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            std::size_t size = 0;
            for (std::size_t e = 0; e < entries.size();) {
                double sum = 0;
                const std::uint32_t column = entries[e].first;
                for (; e < entries.size() && entries[e].first == column; ++e)
                    sum += entries[e].second;
                roomColumn[roomStart[i] + size] = column;
                roomValue[roomStart[i] + size] = static_cast<float>(sum * scale);
                ++size;
            }
            rowSize[i] = size;
        }
    });
    TsneAffinities p;
    p.rows = n;
    p.rowStart.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
        p.rowStart[i + 1] = p.rowStart[i] + rowSize[i];
    p.columns.resize(p.rowStart[n]);
    p.values.resize(p.rowStart[n]);
    pool.run(tasks, [&](std::size_t task, unsigned) {
        const std::size_t end = std::min(n, (task + 1) * kRowsPerTask);
        for (std::size_t i = task * kRowsPerTask; i < end; ++i) {
            std::copy_n(roomColumn.begin() + std::ptrdiff_t(roomStart[i]), rowSize[i],
                        p.columns.begin() + std::ptrdiff_t(p.rowStart[i]));
            std::copy_n(roomValue.begin() + std::ptrdiff_t(roomStart[i]), rowSize[i],
                        p.values.begin() + std::ptrdiff_t(p.rowStart[i]));
        }
    });
    return p;
}

} // namespace vecspace
