#include "base/similarity_order.h"

#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace vecspace {
namespace {

constexpr std::size_t kSample = 2048; // rows a direction is estimated from, at most
constexpr int kPowerIterations = 4;

// The group's leading principal direction, estimated from an even sample of its rows; empty
// where every sampled row is the same. Plain loops: Eigen's reductions on such a matrix trip
// GCC 12's uninitialised-use check (a false alarm inside its vectorised kernels).
std::vector<double> principalDirection(MatrixView m, const std::uint32_t* rows, std::size_t n) {
    const auto d = static_cast<std::size_t>(m.cols());
    const std::size_t step = std::max<std::size_t>(1, n / kSample);
    const std::size_t count = (n + step - 1) / step;
    std::vector<double> sample(count * d), mean(d, 0.0);
    for (std::size_t s = 0; s < count; ++s) {
        const float* row = m.row(static_cast<Eigen::Index>(rows[s * step])).data();
        for (std::size_t c = 0; c < d; ++c)
            mean[c] += sample[s * d + c] = row[c];
    }
    for (double& value : mean)
        value /= double(count);
    // From the sampled row farthest from the mean: never orthogonal to the spread.
    double farthest = 0;
    std::vector<double> v(d);
    for (std::size_t s = 0; s < count; ++s) {
        double length = 0;
        for (std::size_t c = 0; c < d; ++c) {
            sample[s * d + c] -= mean[c];
            length += sample[s * d + c] * sample[s * d + c];
        }
        if (length > farthest) {
            farthest = length;
            std::copy_n(sample.begin() + std::ptrdiff_t(s * d), d, v.begin());
        }
    }
    if (!(farthest > 0)) return {};
    std::vector<double> w(d);
    for (int it = 0; it < kPowerIterations; ++it) {
        std::fill(w.begin(), w.end(), 0.0);
        for (std::size_t s = 0; s < count; ++s) {
            const double* x = sample.data() + s * d;
            double projection = 0;
            for (std::size_t c = 0; c < d; ++c)
                projection += x[c] * v[c];
            for (std::size_t c = 0; c < d; ++c)
                w[c] += projection * x[c];
        }
        double length = 0;
        for (const double value : w)
            length += value * value;
        if (!(length > 0)) break;
        for (std::size_t c = 0; c < d; ++c)
            v[c] = w[c] / std::sqrt(length);
    }
    return v;
}

// Splits [begin, end) of order at the median projection on its principal direction; returns
// the split point, or end where the group cannot be split.
std::size_t splitGroup(MatrixView m, std::uint32_t* order, std::size_t n) {
    const std::vector<double> v = principalDirection(m, order, n);
    if (v.empty()) return n;
    Eigen::RowVectorXf direction(m.cols());
    for (Eigen::Index c = 0; c < m.cols(); ++c)
        direction[c] = static_cast<float>(v[std::size_t(c)]);
    std::vector<std::pair<float, std::uint32_t>> projected(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float key = m.row(static_cast<Eigen::Index>(order[i])).dot(direction);
        // NaN would break the selection's ordering; such rows just go last.
        projected[i] = {std::isnan(key) ? std::numeric_limits<float>::infinity() : key, order[i]};
    }
    const std::size_t half = n / 2;
    // Ties by row number: the same halves whatever order the group arrived in.
    std::nth_element(projected.begin(), projected.begin() + static_cast<std::ptrdiff_t>(half),
                     projected.end());
    for (std::size_t i = 0; i < n; ++i)
        order[i] = projected[i].second;
    return half;
}

} // namespace

std::vector<std::uint32_t> similarityOrder(MatrixView matrix, std::size_t leafRows,
                                           unsigned threads, const ProgressFn& progress) {
    const auto rows = static_cast<std::size_t>(matrix.rows());
    std::vector<std::uint32_t> order(rows);
    std::iota(order.begin(), order.end(), 0u);
    leafRows = std::max<std::size_t>(leafRows, 1);
    // Level by level, the groups of a level in parallel.
    std::vector<std::pair<std::size_t, std::size_t>> groups, next;
    if (rows > leafRows) groups.emplace_back(0, rows);
    ParallelOptions parallel;
    parallel.threads = threads;
    parallel.progress = progress;
    parallel.fraction = [] { return 0.0; };
    while (!groups.empty()) {
        if (progress && !progress(0.0)) throw Cancelled();
        std::vector<std::size_t> splits(groups.size());
        parallelFor(
            groups.size(),
            [&](std::size_t g) {
                const auto [begin, end] = groups[g];
                splits[g] = begin + splitGroup(matrix, order.data() + begin, end - begin);
            },
            parallel);
        next.clear();
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const auto [begin, end] = groups[g];
            if (splits[g] == end) continue;
            for (const auto& part : {std::pair{begin, splits[g]}, std::pair{splits[g], end}})
                if (part.second - part.first > leafRows) next.push_back(part);
        }
        groups.swap(next);
    }
    return order;
}

} // namespace vecspace
