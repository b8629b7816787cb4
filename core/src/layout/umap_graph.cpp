#include "layout/umap_graph.h"

#include "vecspace/base/parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace vecspace {
namespace {

// umap-learn's constants (umap_.py).
constexpr double kSmoothKTolerance = 1e-5;
constexpr double kMinKDistScale = 1e-3;
constexpr int kBinarySearchSteps = 64;
constexpr std::size_t kRowBlock = 1024;

float membership(float distance, float rho, float sigma) {
    const float d = distance - rho;
    if (d <= 0 || sigma == 0) return 1.0f;
    return static_cast<float>(std::exp(-static_cast<double>(d) / sigma));
}

// Weight of the symmetric edge from the two directed memberships (either may be 0).
double combine(double ab, double ba, double mix) {
    const double product = ab * ba;
    return mix * (ab + ba - product) + (1.0 - mix) * product;
}

} // namespace

void smoothKnnDistance(const float* distances, std::size_t others, double localConnectivity,
                       double meanAll, float& rho, float& sigma) {
    // Distances of 0 (duplicates) are not neighbours in the sense of local connectivity.
    std::size_t firstNonZero = 0;
    while (firstNonZero < others && !(distances[firstNonZero] > 0))
        ++firstNonZero;
    const float* nonZero = distances + firstNonZero;
    const std::size_t nonZeroCount = others - firstNonZero;

    rho = 0;
    if (static_cast<double>(nonZeroCount) >= localConnectivity) {
        const auto index = static_cast<std::size_t>(std::floor(localConnectivity));
        const double interpolation = localConnectivity - static_cast<double>(index);
        if (index > 0) {
            rho = nonZero[index - 1];
            if (interpolation > kSmoothKTolerance && index < nonZeroCount)
                rho += static_cast<float>(interpolation * (nonZero[index] - nonZero[index - 1]));
        } else {
            rho = static_cast<float>(interpolation * nonZero[0]);
        }
    } else if (nonZeroCount > 0) {
        rho = nonZero[nonZeroCount - 1];
    }

    // n_neighbors counts the point itself, so the target is log2(others + 1).
    const double target = std::log2(static_cast<double>(others + 1));
    double lo = 0.0;
    double hi = std::numeric_limits<double>::infinity();
    double mid = 1.0;
    for (int step = 0; step < kBinarySearchSteps; ++step) {
        double sum = 0.0;
        for (std::size_t j = 0; j < others; ++j) {
            const float d = distances[j] - rho;
            sum += d > 0 ? std::exp(-(static_cast<double>(d) / mid)) : 1.0;
        }
        if (std::abs(sum - target) < kSmoothKTolerance) break;
        if (sum > target) {
            hi = mid;
            mid = (lo + hi) / 2.0;
        } else {
            lo = mid;
            mid = std::isinf(hi) ? mid * 2 : (lo + hi) / 2.0;
        }
    }
    double result = mid;
    if (rho > 0) {
        // The row's mean as umap-learn takes it, over k columns of which the first is self (0).
        double sum = 0;
        for (std::size_t j = 0; j < others; ++j)
            sum += distances[j];
        result = std::max(result, kMinKDistScale * sum / static_cast<double>(others + 1));
    } else {
        result = std::max(result, kMinKDistScale * meanAll);
    }
    sigma = static_cast<float>(result);
}

FuzzyGraph fuzzySimplicialSet(const KnnGraph& knn, const FuzzyGraphOptions& options) {
    if (options.nNeighbors < 2 || options.nNeighbors - 1 > knn.k)
        throw std::invalid_argument("UMAP: the k-NN graph has fewer than nNeighbors - 1 columns");
    const std::size_t rows = knn.rows;
    const std::size_t others = options.nNeighbors - 1;
    const std::size_t blocks = (rows + kRowBlock - 1) / kRowBlock;
    ParallelOptions parallel;
    parallel.threads = options.threads;

    double total = 0;
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < others; ++j)
            total += knn.distancesOf(i)[j];
    const double meanAll = rows > 0 ? total / static_cast<double>(rows * (others + 1)) : 0.0;

    FuzzyGraph out;
    out.rho.resize(rows);
    out.sigma.resize(rows);
    std::vector<float> strength(rows * others); // A, row i's memberships at [i * others, ...)
    parallelFor(
        blocks,
        [&](std::size_t block) {
            const std::size_t end = std::min(rows, (block + 1) * kRowBlock);
            for (std::size_t i = block * kRowBlock; i < end; ++i) {
                const float* d = knn.distancesOf(i);
                smoothKnnDistance(d, others, options.localConnectivity, meanAll, out.rho[i],
                                  out.sigma[i]);
                for (std::size_t j = 0; j < others; ++j)
                    strength[i * others + j] = knn.neighbors(i)[j] == i
                                                   ? 0.0f
                                                   : membership(d[j], out.rho[i], out.sigma[i]);
            }
        },
        parallel);

    // A[j][i] for the edge stored at i * others + slot, or 0 when j does not list i.
    auto reverse = [&](std::size_t i, std::size_t slot) {
        const std::uint32_t j = knn.neighbors(i)[slot];
        const std::uint32_t* back = knn.neighbors(j);
        for (std::size_t s = 0; s < others; ++s)
            if (back[s] == i) return strength[j * others + s];
        return 0.0f;
    };
    std::vector<float> reverseStrength(rows * others);
    parallelFor(
        blocks,
        [&](std::size_t block) {
            const std::size_t end = std::min(rows, (block + 1) * kRowBlock);
            for (std::size_t i = block * kRowBlock; i < end; ++i)
                for (std::size_t s = 0; s < others; ++s)
                    reverseStrength[i * others + s] =
                        strength[i * others + s] > 0 ? reverse(i, s) : 0;
        },
        parallel);

    // Each ordered pair once: (i, j) from i's list; (j, i) from it too when j does not list i.
    SparseGraph& g = out.graph;
    g.rows = rows;
    std::vector<std::size_t> count(rows + 1, 0);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t s = 0; s < others; ++s) {
            const std::size_t e = i * others + s;
            if (strength[e] <= 0) continue;
            const double w = combine(strength[e], reverseStrength[e], options.setOpMixRatio);
            if (static_cast<float>(w) <= 0) continue;
            ++count[i];
            if (reverseStrength[e] == 0) ++count[knn.neighbors(i)[s]];
        }
    g.rowStart.assign(rows + 1, 0);
    for (std::size_t i = 0; i < rows; ++i)
        g.rowStart[i + 1] = g.rowStart[i] + count[i];
    g.cols.resize(g.rowStart[rows]);
    g.weights.resize(g.rowStart[rows]);
    std::vector<std::size_t> fill(g.rowStart.begin(), g.rowStart.end() - 1);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t s = 0; s < others; ++s) {
            const std::size_t e = i * others + s;
            if (strength[e] <= 0) continue;
            const auto w =
                static_cast<float>(combine(strength[e], reverseStrength[e], options.setOpMixRatio));
            if (w <= 0) continue;
            const std::uint32_t j = knn.neighbors(i)[s];
            g.cols[fill[i]] = j;
            g.weights[fill[i]++] = w;
            if (reverseStrength[e] == 0) {
                g.cols[fill[j]] = static_cast<std::uint32_t>(i);
                g.weights[fill[j]++] = w;
            }
        }
    parallelFor(
        blocks,
        [&](std::size_t block) {
            const std::size_t end = std::min(rows, (block + 1) * kRowBlock);
            std::vector<std::pair<std::uint32_t, float>> row;
            for (std::size_t i = block * kRowBlock; i < end; ++i) {
                row.clear();
                for (std::size_t e = g.rowStart[i]; e < g.rowStart[i + 1]; ++e)
                    row.emplace_back(g.cols[e], g.weights[e]);
                std::sort(row.begin(), row.end());
                for (std::size_t e = g.rowStart[i], r = 0; e < g.rowStart[i + 1]; ++e, ++r) {
                    g.cols[e] = row[r].first;
                    g.weights[e] = row[r].second;
                }
            }
        },
        parallel);
    return out;
}

SparseGraph pruneForEpochs(const SparseGraph& graph, std::size_t epochs) {
    const float maxWeight = graph.weights.empty()
                                ? 0.0f
                                : *std::max_element(graph.weights.begin(), graph.weights.end());
    const float threshold = maxWeight / static_cast<float>(std::max<std::size_t>(epochs, 1));
    SparseGraph out;
    out.rows = graph.rows;
    out.rowStart.assign(graph.rows + 1, 0);
    for (std::size_t i = 0; i < graph.rows; ++i) {
        for (std::size_t e = graph.rowStart[i]; e < graph.rowStart[i + 1]; ++e) {
            if (graph.weights[e] < threshold) continue;
            out.cols.push_back(graph.cols[e]);
            out.weights.push_back(graph.weights[e]);
        }
        out.rowStart[i + 1] = out.cols.size();
    }
    return out;
}

std::size_t connectedComponents(const SparseGraph& graph, std::vector<std::uint32_t>& component) {
    constexpr auto kUnseen = std::numeric_limits<std::uint32_t>::max();
    component.assign(graph.rows, kUnseen);
    std::vector<std::uint32_t> stack;
    std::uint32_t count = 0;
    for (std::size_t start = 0; start < graph.rows; ++start) {
        if (component[start] != kUnseen) continue;
        component[start] = count;
        stack.push_back(static_cast<std::uint32_t>(start));
        while (!stack.empty()) {
            const std::uint32_t v = stack.back();
            stack.pop_back();
            for (std::size_t e = graph.rowStart[v]; e < graph.rowStart[v + 1]; ++e) {
                const std::uint32_t w = graph.cols[e];
                if (component[w] != kUnseen) continue;
                component[w] = count;
                stack.push_back(w);
            }
        }
        ++count;
    }
    return count;
}

} // namespace vecspace
