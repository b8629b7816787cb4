// UMAP's parts: the a/b curve, the fuzzy graph and the spectral start against umap-learn, numpy
// and hand calculations (tests/data/reference/umap_reference.json,
// tests/reference/make_umap_reference.py), and graphs of many components. Whole layouts are in
// test_umap_layouts.cpp.
#include "layout/umap_graph.h"
#include "layout/umap_init.h"
#include "layout/umap_spectral.h"
#include "test_support.h"
#include "umap_test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/umap.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>
#include <cmath>
#include <numbers>

using namespace vecspace;

namespace {

bool near(double a, double b, double tolerance) {
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

// Symmetric graph from an edge list.
SparseGraph makeGraph(std::size_t rows, const std::vector<std::tuple<int, int, float>>& edges) {
    std::vector<std::vector<std::pair<std::uint32_t, float>>> lists(rows);
    for (const auto& [a, b, w] : edges) {
        lists[std::size_t(a)].emplace_back(std::uint32_t(b), w);
        lists[std::size_t(b)].emplace_back(std::uint32_t(a), w);
    }
    SparseGraph g;
    g.rows = rows;
    g.rowStart.push_back(0);
    for (auto& list : lists) {
        std::sort(list.begin(), list.end());
        for (const auto& [c, w] : list) {
            g.cols.push_back(c);
            g.weights.push_back(w);
        }
        g.rowStart.push_back(g.cols.size());
    }
    return g;
}

// The grid of make_umap_reference.py's "spectral" section.
SparseGraph referenceGrid() {
    constexpr int rows = 20, cols = 30;
    std::vector<std::tuple<int, int, float>> edges;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const int a = r * cols + c;
            auto add = [&](int b) {
                edges.emplace_back(a, b, float(1.0 / (1 + 0.1 * ((7 * a + 3 * b) % 5))));
            };
            if (c + 1 < cols) add(a + 1);
            if (r + 1 < rows) add(a + cols);
        }
    return makeGraph(rows * cols, edges);
}

} // namespace

class TestUmap : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void curveMatchesUmapLearn_data();
    void curveMatchesUmapLearn();
    void fuzzyGraphByHand();
    void fuzzyGraphMatchesUmapLearn();
    void spectralMatchesNumpy_data();
    void spectralMatchesNumpy();
    void spectralPathIsAnalytic();
    void disconnectedComponentsLaidOutApart();
    void thousandsOfComponents();

private:
    QJsonObject m_reference;
};

void TestUmap::initTestCase() {
    m_reference = umaptest::reference();
    QVERIFY(!m_reference.isEmpty());
}

void TestUmap::curveMatchesUmapLearn_data() {
    QTest::addColumn<double>("minDist");
    QTest::addColumn<double>("spread");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    for (const QJsonValue& v : m_reference["curve"].toArray()) {
        const QJsonObject c = v.toObject();
        const QString name = QString("min_dist %1, spread %2")
                                 .arg(c["min_dist"].toDouble())
                                 .arg(c["spread"].toDouble());
        QTest::newRow(qPrintable(name)) << c["min_dist"].toDouble() << c["spread"].toDouble()
                                        << c["a"].toDouble() << c["b"].toDouble();
    }
}

void TestUmap::curveMatchesUmapLearn() {
    QFETCH(double, minDist);
    QFETCH(double, spread);
    QFETCH(double, a);
    QFETCH(double, b);
    const UmapCurve curve = fitUmapCurve(minDist, spread);
    QVERIFY2(near(curve.a, a, 1e-5), qPrintable(QString::number(curve.a, 'g', 10)));
    QVERIFY2(near(curve.b, b, 1e-5), qPrintable(QString::number(curve.b, 'g', 10)));
}

void TestUmap::fuzzyGraphByHand() {
    // Points 0, 1, 3, 7 on a line, n_neighbors 3 (two others). Every row's rho is its nearest
    // distance and its other neighbour lies 1 or 2 beyond, so 1 + exp(-g / sigma) = log2(3):
    // sigma = g / -ln(log2(3) - 1) and the far membership is e = log2(3) - 1 = 0.58496.
    // Lists: 0 -> {1: 1, 3: e}, 1 -> {0: 1, 3: e}, 3 -> {1: 1, 0: e}, 7 -> {3: 1, 1: e}.
    RowMatrix points(4, 1);
    points << 0, 1, 3, 7;
    KnnOptions knnOptions;
    knnOptions.k = 2;
    knnOptions.method = KnnMethod::Exact;
    const KnnGraph knn = computeKnnGraph(points, knnOptions);
    FuzzyGraphOptions options;
    options.nNeighbors = 3;
    const FuzzyGraph fuzzy = fuzzySimplicialSet(knn, options);

    const double e = std::log2(3.0) - 1;
    const double gaps[4] = {2, 1, 1, 2}; // far neighbour minus nearest
    const double rho[4] = {1, 1, 2, 4};
    for (int i = 0; i < 4; ++i) {
        QVERIFY(near(fuzzy.rho[i], rho[i], 1e-7));
        QVERIFY2(near(fuzzy.sigma[i], gaps[i] / -std::log(e), 1e-4),
                 qPrintable(QString::number(i)));
        const double sum = 1 + std::exp(-gaps[i] / fuzzy.sigma[i]);
        QVERIFY(std::abs(sum - std::log2(3.0)) < 1e-5);
    }
    // Union a + b - ab: (0,1) 1; (0,3) 2e - e^2; (1,3) 1; (1,7) e; (3,7) 1; nothing else.
    const double expected[4][4] = {
        {0, 1, 2 * e - e * e, 0}, {1, 0, 1, e}, {2 * e - e * e, 1, 0, 1}, {0, e, 1, 0}};
    const SparseGraph& g = fuzzy.graph;
    QCOMPARE(g.edges(), std::size_t(10));
    for (std::size_t i = 0; i < 4; ++i) {
        double row[4] = {0, 0, 0, 0};
        for (std::size_t k = g.rowStart[i]; k < g.rowStart[i + 1]; ++k)
            row[g.cols[k]] = g.weights[k];
        for (int j = 0; j < 4; ++j)
            QVERIFY2(std::abs(row[j] - expected[i][j]) < 1e-5,
                     qPrintable(QString("%1,%2: %3").arg(i).arg(j).arg(row[j])));
    }
}

void TestUmap::fuzzyGraphMatchesUmapLearn() {
    const QJsonObject expected = m_reference["fuzzy_glove"].toObject();
    const EmbeddingSet glove = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    KnnOptions knnOptions;
    knnOptions.k = 14;
    knnOptions.method = KnnMethod::Exact;
    const FuzzyGraph fuzzy = fuzzySimplicialSet(computeKnnGraph(glove.vectors, knnOptions), {});
    const SparseGraph& g = fuzzy.graph;
    QCOMPARE(qint64(g.edges()), qint64(expected["nnz"].toInteger()));
    double sum = 0;
    for (float w : g.weights)
        sum += w;
    QVERIFY(near(sum, expected["weight_sum"].toDouble(), 1e-5));
    double sigmaSum = 0;
    for (float s : fuzzy.sigma)
        sigmaSum += s;
    QVERIFY(near(sigmaSum / 2717, expected["sigma_mean"].toDouble(), 1e-5));
    QVERIFY(near(*std::min_element(fuzzy.sigma.begin(), fuzzy.sigma.end()),
                 expected["sigma_min"].toDouble(), 1e-5));

    const QJsonObject rows = expected["rows"].toObject();
    for (const QString& key : rows.keys()) {
        const QJsonObject row = rows[key].toObject();
        const std::size_t i = key.toULongLong();
        QVERIFY(near(fuzzy.rho[i], row["rho"].toDouble(), 1e-6));
        QVERIFY2(near(fuzzy.sigma[i], row["sigma"].toDouble(), 1e-5), qPrintable(key));
        const QJsonArray cols = row["cols"].toArray();
        const QJsonArray weights = row["weights"].toArray();
        QCOMPARE(qsizetype(g.degree(i)), cols.size());
        for (qsizetype k = 0; k < cols.size(); ++k) {
            QCOMPARE(qint64(g.cols[g.rowStart[i] + std::size_t(k)]), cols[k].toInteger());
            QVERIFY(near(g.weights[g.rowStart[i] + std::size_t(k)], weights[k].toDouble(), 1e-5));
        }
    }
}

void TestUmap::spectralMatchesNumpy_data() {
    QTest::addColumn<int>("denseLimit");
    QTest::newRow("lanczos") << 0;
    QTest::newRow("dense") << 100000;
}

void TestUmap::spectralMatchesNumpy() {
    QFETCH(int, denseLimit);
    const QJsonObject expected = m_reference["spectral"].toObject();
    SpectralOptions options;
    options.components = 3;
    options.denseLimit = std::size_t(denseLimit);
    options.tolerance = 1e-10;
    options.maxMatvecs = 100000;
    const SpectralResult result = laplacianEigenvectors(referenceGrid(), options);
    QVERIFY(result.converged);
    const QJsonArray values = expected["eigenvalues"].toArray();
    const QJsonArray vectors = expected["vectors"].toArray();
    for (int c = 0; c < 3; ++c) {
        QVERIFY2(std::abs(result.eigenvalues[c] - values[c + 1].toDouble()) < 1e-9,
                 qPrintable(QString::number(result.eigenvalues[c], 'g', 12)));
        const QJsonArray v = vectors[c].toArray();
        QCOMPARE(v.size(), qsizetype(600));
        // The grid's symmetries give several entries of the same largest magnitude, so the
        // sign convention is decided by rounding: compare up to sign.
        double same = 0;
        double opposite = 0;
        for (int i = 0; i < 600; ++i) {
            same = std::max(same, std::abs(result.vectors(i, c) - v[i].toDouble()));
            opposite = std::max(opposite, std::abs(result.vectors(i, c) + v[i].toDouble()));
        }
        QVERIFY2(std::min(same, opposite) < 1e-6, qPrintable(QString::number(c)));
    }
}

void TestUmap::spectralPathIsAnalytic() {
    // Path of n vertices, unit weights: the random walk's eigenvectors are cos(pi k j / (n - 1))
    // with eigenvalues cos(pi k / (n - 1)), so the normalised Laplacian has eigenvalues
    // 1 - cos(pi k / (n - 1)) and eigenvectors D^1/2 cos(pi k j / (n - 1)). The bottom ones lie
    // 1e-4 apart, a hard case for Lanczos.
    constexpr int n = 200;
    std::vector<std::tuple<int, int, float>> edges;
    for (int j = 0; j + 1 < n; ++j)
        edges.emplace_back(j, j + 1, 1.0f);
    SpectralOptions options;
    options.components = 3;
    options.denseLimit = 0;
    options.tolerance = 1e-10;
    options.maxMatvecs = 200000;
    const SpectralResult result = laplacianEigenvectors(makeGraph(n, edges), options);
    QVERIFY(result.converged);
    for (int k = 1; k <= 3; ++k) {
        const double theta = std::numbers::pi * k / (n - 1);
        QVERIFY(std::abs(result.eigenvalues[k - 1] - (1 - std::cos(theta))) < 1e-9);
        Eigen::VectorXd expected(n);
        for (int j = 0; j < n; ++j)
            expected[j] = std::sqrt(j == 0 || j == n - 1 ? 1.0 : 2.0) * std::cos(theta * j);
        expected.normalize();
        // Odd k are antisymmetric, their largest entries tie in magnitude with opposite signs,
        // so the sign convention cannot decide: compare up to sign.
        const Eigen::VectorXd got = result.vectors.col(k - 1);
        const double error = std::min((got - expected).cwiseAbs().maxCoeff(),
                                      (got + expected).cwiseAbs().maxCoeff());
        QVERIFY2(error < 1e-6, qPrintable(QString("%1: %2").arg(k).arg(error)));
    }
}

void TestUmap::disconnectedComponentsLaidOutApart() {
    // Ten cliques of 8 vertices whose rows sit at x = 0, 10, ..., 90 on a line: more components
    // than 2 * 2, so their places come from the PCA of the centroids, which keeps the order.
    constexpr int groups = 10, size = 8;
    RowMatrix data(groups * size, 3);
    std::vector<std::tuple<int, int, float>> edges;
    for (int g = 0; g < groups; ++g)
        for (int i = 0; i < size; ++i) {
            const int a = g * size + i;
            data.row(a) << float(10 * g), float(i % 3) * 0.1f, float(i % 2) * 0.1f;
            for (int j = i + 1; j < size; ++j)
                edges.emplace_back(a, g * size + j, 1.0f / float(1 + (i + j) % 3));
        }
    UmapInitOptions options;
    const UmapInitResult init = initialLayout(data, makeGraph(groups * size, edges), options);
    QCOMPARE(init.graphComponents, std::size_t(groups));
    QVERIFY(init.used == UmapInit::Spectral);
    QVERIFY(std::abs(init.coordinates.col(0).minCoeff()) < 1e-6);
    QVERIFY(std::abs(init.coordinates.col(0).maxCoeff() - 10) < 1e-5);
    // Each group occupies its own stretch of the first axis, in order (either direction).
    std::vector<std::pair<float, float>> spans;
    for (int g = 0; g < groups; ++g) {
        const auto x = init.coordinates.col(0).segment(g * size, size);
        spans.emplace_back(x.minCoeff(), x.maxCoeff());
        QVERIFY(x.maxCoeff() - x.minCoeff() > 0.1f); // spread out, not collapsed
    }
    const bool rising = spans[1].first > spans[0].first;
    for (int g = 0; g + 1 < groups; ++g) {
        const auto& lower = rising ? spans[std::size_t(g)] : spans[std::size_t(g + 1)];
        const auto& upper = rising ? spans[std::size_t(g + 1)] : spans[std::size_t(g)];
        QVERIFY2(lower.second <= upper.first + 1e-3f, qPrintable(QString::number(g)));
    }
}

void TestUmap::thousandsOfComponents() {
    // 5,000 pairs of rows, each pair its own component: too small for a spectral layout, so
    // each is scattered around its place in the meta layout (found through the k-NN graph at
    // this count). Pairs laid along a line keep their order along the first axis.
    constexpr int pairs = 5000;
    RowMatrix data(2 * pairs, 2);
    std::vector<std::tuple<int, int, float>> edges;
    for (int p = 0; p < pairs; ++p) {
        data.row(2 * p) << float(p), 0.0f;
        data.row(2 * p + 1) << float(p), 0.1f;
        edges.emplace_back(2 * p, 2 * p + 1, 1.0f);
    }
    const UmapInitResult init = initialLayout(data, makeGraph(2 * pairs, edges), {});
    QCOMPARE(init.graphComponents, std::size_t(pairs));
    QVERIFY(init.coordinates.allFinite());
    const auto x = init.coordinates.col(0);
    const bool rising = x[2 * (pairs - 1)] > x[0];
    int misplaced = 0;
    for (int p = 0; p + 1 < pairs; ++p) {
        const float hi = std::max(x[2 * p], x[2 * p + 1]);
        const float lo = std::min(x[2 * p + 2], x[2 * p + 3]);
        const float hiNext = std::max(x[2 * p + 2], x[2 * p + 3]);
        const float loThis = std::min(x[2 * p], x[2 * p + 1]);
        misplaced += rising ? hi > lo + 1e-4f : hiNext > loThis + 1e-4f;
    }
    QCOMPARE(misplaced, 0);
}

QTEST_GUILESS_MAIN(TestUmap)
#include "test_umap.moc"
