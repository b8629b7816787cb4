#include "knn_test_support.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace vecspace;

namespace knntest {

RowMatrix randomRows(int rows, int dims, unsigned seed) {
    RowMatrix m(rows, dims);
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    for (int i = 0; i < rows; ++i)
        for (int d = 0; d < dims; ++d)
            m(i, d) = normal(rng);
    return m;
}

Naive naiveGraph(const RowMatrix& m, std::size_t k, DistanceMetric metric) {
    const std::size_t n = std::size_t(m.rows()), dims = std::size_t(m.cols());
    auto at = [&](std::size_t r, std::size_t d) {
        return double(m(Eigen::Index(r), Eigen::Index(d)));
    };
    std::vector<double> norms(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t d = 0; d < dims; ++d)
            norms[i] += at(i, d) * at(i, d);
        norms[i] = std::sqrt(norms[i]);
    }
    Naive out;
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::pair<double, std::uint32_t>> all;
        for (std::size_t j = 0; j < n; ++j) {
            if (j == i) continue;
            double sum = 0;
            for (std::size_t d = 0; d < dims; ++d)
                sum += metric == DistanceMetric::Cosine
                           ? at(i, d) * at(j, d)
                           : (at(i, d) - at(j, d)) * (at(i, d) - at(j, d));
            double dist = std::sqrt(sum);
            if (metric == DistanceMetric::Cosine) {
                const double denom = norms[i] * norms[j];
                dist = std::max(0.0, 1.0 - (denom > 0 ? sum / denom : 0.0));
            }
            all.emplace_back(dist, std::uint32_t(j));
        }
        std::sort(all.begin(), all.end());
        for (std::size_t j = 0; j < k; ++j) {
            out.indices.push_back(all[j].second);
            out.distances.push_back(all[j].first);
        }
    }
    return out;
}

KnnGraph graphOf(MatrixView m, std::size_t k, DistanceMetric metric, KnnMethod method,
                 std::uint64_t seed, unsigned threads) {
    KnnOptions options;
    options.k = k;
    options.metric = metric;
    options.method = method;
    options.seed = seed;
    options.threads = threads;
    return computeKnnGraph(m, options);
}

void checkShape(const KnnGraph& g, MatrixView m, DistanceMetric metric) {
    QCOMPARE(g.indices.size(), g.rows * g.k);
    QCOMPARE(g.distances.size(), g.rows * g.k);
    for (std::size_t i = 0; i < g.rows; ++i) {
        const std::uint32_t* n = g.neighbors(i);
        const float* d = g.distancesOf(i);
        for (std::size_t j = 0; j < g.k; ++j) {
            QVERIFY2(n[j] != i, qPrintable(QString("row %1 lists itself").arg(i)));
            QVERIFY(n[j] < g.rows);
            QVERIFY(std::count(n, n + g.k, n[j]) == 1);
            if (j > 0) QVERIFY(d[j - 1] < d[j] || (d[j - 1] == d[j] && n[j - 1] < n[j]));
            const auto a = m.row(Eigen::Index(i)), b = m.row(Eigen::Index(n[j]));
            const double expected =
                metric == DistanceMetric::Euclidean
                    ? double((a - b).norm())
                    : std::max(0.0, 1.0 - double(a.dot(b)) /
                                              std::max(1e-30, double(a.norm() * b.norm())));
            QVERIFY2(std::abs(d[j] - expected) <= 1e-5 * std::max(1.0, expected),
                     qPrintable(QString("row %1: %2 vs %3").arg(i).arg(d[j]).arg(expected)));
        }
    }
}

} // namespace knntest
