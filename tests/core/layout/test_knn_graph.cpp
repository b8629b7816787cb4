// The k-NN graph: the exact path against hand-computed cases and an independent naive loop
// (ties and duplicates included, the hand-computed cases and duplicates on the HNSW path too),
// the shape of every graph (self excluded, nearest first, ties by row), the choice between the
// paths, bad arguments and the recall measure. The HNSW path's own tests are in
// test_knn_hnsw.cpp.
#include "knn_test_support.h"
#include "vecspace/layout/knn_graph.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace vecspace;
using namespace knntest;

Q_DECLARE_METATYPE(vecspace::RowMatrix)
Q_DECLARE_METATYPE(vecspace::KnnMethod)
Q_DECLARE_METATYPE(vecspace::DistanceMetric)

namespace {

// Small integer coordinates: every squared distance is an exact integer in float, so ties are
// real ties, and many rows repeat exactly.
RowMatrix latticeRows(int rows, int dims, unsigned seed) {
    RowMatrix m(rows, dims);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> cell(0, 3);
    for (int i = 0; i < rows; ++i)
        for (int d = 0; d < dims; ++d)
            m(i, d) = float(cell(rng));
    return m;
}

} // namespace

class TestKnnGraph : public QObject {
    Q_OBJECT

private slots:
    void handComputed_data();
    void handComputed();
    void exactMatchesNaiveLoop_data();
    void exactMatchesNaiveLoop();
    void duplicates_data();
    void duplicates();
    void autoPicksByWork();
    void rejectsBadArguments_data();
    void rejectsBadArguments();
    void recallOfGraphs();
};

void TestKnnGraph::handComputed_data() {
    QTest::addColumn<KnnMethod>("method");
    QTest::newRow("exact") << KnnMethod::Exact;
    QTest::newRow("hnsw") << KnnMethod::Hnsw;
}

void TestKnnGraph::handComputed() {
    QFETCH(KnnMethod, method);
    // Points 0, 1, 3, 7 on a line, k = 2.
    RowMatrix line(4, 1);
    line << 0, 1, 3, 7;
    const KnnGraph e = graphOf(line, 2, DistanceMetric::Euclidean, method);
    QCOMPARE(e.method, method);
    QCOMPARE(e.indices, (std::vector<std::uint32_t>{1, 2, 0, 2, 1, 0, 2, 1}));
    QCOMPARE(e.distances, (std::vector<float>{1, 3, 1, 2, 2, 3, 4, 6}));

    // (1,0), (0,1), (1,1), (-1,0): cosine distances 1 - 1/sqrt(2) between a diagonal and an
    // axis, 1 between orthogonal rows, 2 between opposite ones, 1 + 1/sqrt(2) for (1,1)-(-1,0).
    // Row 1 has rows 0 and 3 at distance 1 and row 2 has rows 0 and 1 at 0.2929: ties by row.
    RowMatrix plane(4, 2);
    plane << 1, 0, 0, 1, 1, 1, -1, 0;
    const KnnGraph c = graphOf(plane, 2, DistanceMetric::Cosine, method);
    QCOMPARE(c.indices, (std::vector<std::uint32_t>{2, 1, 2, 0, 0, 1, 1, 2}));
    const float diag = 1.0f - 1.0f / std::sqrt(2.0f);
    const std::vector<float> expected{diag, 1, diag, 1, diag, diag, 1, 1 + 1 / std::sqrt(2.0f)};
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY(std::abs(c.distances[i] - expected[i]) < 1e-6f);
}

void TestKnnGraph::exactMatchesNaiveLoop_data() {
    QTest::addColumn<RowMatrix>("data");
    QTest::addColumn<int>("k");
    QTest::addColumn<DistanceMetric>("metric");
    QTest::newRow("gaussian 300x8 euclidean k7")
        << randomRows(300, 8, 1) << 7 << DistanceMetric::Euclidean;
    QTest::newRow("gaussian 300x8 cosine k7")
        << randomRows(300, 8, 2) << 7 << DistanceMetric::Cosine;
    QTest::newRow("gaussian 2500x5 euclidean k12 (several tiles)")
        << randomRows(2500, 5, 3) << 12 << DistanceMetric::Euclidean;
    QTest::newRow("lattice 400x3 euclidean k9 (ties, duplicates)")
        << latticeRows(400, 3, 4) << 9 << DistanceMetric::Euclidean;
    QTest::newRow("gaussian 60x3 euclidean k59 (all others)")
        << randomRows(60, 3, 5) << 59 << DistanceMetric::Euclidean;
}

void TestKnnGraph::exactMatchesNaiveLoop() {
    QFETCH(RowMatrix, data);
    QFETCH(int, k);
    QFETCH(DistanceMetric, metric);
    const KnnGraph g = graphOf(data, std::size_t(k), metric, KnnMethod::Exact);
    checkShape(g, data, metric);
    const Naive naive = naiveGraph(data, std::size_t(k), metric);
    QCOMPARE(g.indices, naive.indices);
    for (std::size_t i = 0; i < naive.distances.size(); ++i)
        QVERIFY(std::abs(g.distances[i] - naive.distances[i]) <=
                1e-5 * std::max(1.0, naive.distances[i]));
}

void TestKnnGraph::duplicates_data() {
    QTest::addColumn<KnnMethod>("method");
    QTest::addColumn<DistanceMetric>("metric");
    QTest::newRow("exact euclidean") << KnnMethod::Exact << DistanceMetric::Euclidean;
    QTest::newRow("exact cosine") << KnnMethod::Exact << DistanceMetric::Cosine;
    QTest::newRow("hnsw euclidean") << KnnMethod::Hnsw << DistanceMetric::Euclidean;
    QTest::newRow("hnsw cosine") << KnnMethod::Hnsw << DistanceMetric::Cosine;
}

void TestKnnGraph::duplicates() {
    QFETCH(KnnMethod, method);
    QFETCH(DistanceMetric, metric);
    // 600 random rows, then 25 copies of row 5 (on even rows) and 40 of row 9 (on odd rows). With
    // k = 30 a copy of row 5 has 25 rows at distance 0 and 5 more to find: a cluster larger than
    // an HNSW node's 16 out-links, which can wall a search in, and smaller than k.
    RowMatrix data = randomRows(600, 6, 11);
    std::vector<std::uint32_t> copies5{5}, copies9{9};
    for (int c = 0; c < 25; ++c) {
        data.row(20 + 22 * c) = data.row(5);
        copies5.push_back(std::uint32_t(20 + 22 * c));
    }
    for (int c = 0; c < 40; ++c) {
        data.row(21 + 14 * c) = data.row(9);
        copies9.push_back(std::uint32_t(21 + 14 * c));
    }
    std::sort(copies5.begin(), copies5.end());
    std::sort(copies9.begin(), copies9.end());
    const std::size_t k = 30;
    const KnnGraph g = graphOf(data, k, metric, method);
    checkShape(g, data, metric);
    // A copy's nearest are the other copies, lowest rows first, itself never (cosine distance
    // between equal rows is 1 - |u|^2 of the unit row: zero up to rounding).
    for (const auto& group : {copies5, copies9})
        for (const std::uint32_t row : group) {
            std::vector<std::uint32_t> others;
            for (const std::uint32_t c : group)
                if (c != row && others.size() < k) others.push_back(c);
            const std::uint32_t* n = g.neighbors(row);
            QVERIFY(std::equal(others.begin(), others.end(), n));
            for (std::size_t j = 0; j < others.size(); ++j)
                QVERIFY(g.distancesOf(row)[j] <= 1e-6f);
        }
    const Naive naive = naiveGraph(data, k, metric);
    if (method == KnnMethod::Exact) QCOMPARE(g.indices, naive.indices);
    // HNSW: on 665 rows with ef >= 100 the search should miss almost nothing.
    KnnGraph truth = g;
    truth.indices = naive.indices;
    QVERIFY2(knnRecall(g, truth) >= 0.99, qPrintable(QString::number(knnRecall(g, truth))));
}

void TestKnnGraph::autoPicksByWork() {
    const RowMatrix data = randomRows(200, 4, 21);
    KnnOptions options;
    options.k = 5;
    QCOMPARE(computeKnnGraph(data, options).method, KnnMethod::Exact);
    options.exactWorkLimit = 200.0 * 200.0 * 4.0 - 1.0; // just below this matrix's work
    QCOMPARE(computeKnnGraph(data, options).method, KnnMethod::Hnsw);
}

void TestKnnGraph::rejectsBadArguments_data() {
    QTest::addColumn<KnnMethod>("method");
    QTest::newRow("exact") << KnnMethod::Exact;
    QTest::newRow("hnsw") << KnnMethod::Hnsw;
    QTest::newRow("auto") << KnnMethod::Auto;
}

void TestKnnGraph::rejectsBadArguments() {
    QFETCH(KnnMethod, method);
    const RowMatrix data = randomRows(10, 3, 41);
    for (const std::size_t k : {std::size_t(0), std::size_t(10), std::size_t(11)})
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 graphOf(data, k, DistanceMetric::Euclidean, method));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             graphOf(RowMatrix(1, 3), 1, DistanceMetric::Euclidean, method));
    QCOMPARE(graphOf(data, 9, DistanceMetric::Euclidean, method).k, std::size_t(9));
    KnnOptions options;
    options.method = KnnMethod::Hnsw;
    options.k = 3;
    options.hnswM = 1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeKnnGraph(data, options));
}

void TestKnnGraph::recallOfGraphs() {
    KnnGraph a;
    a.rows = 2;
    a.k = 2;
    a.indices = {1, 2, 0, 2};
    KnnGraph b = a;
    QCOMPARE(knnRecall(a, b), 1.0);
    b.indices = {2, 3, 3, 4}; // row 0 shares 2, row 1 shares nothing
    QCOMPARE(knnRecall(a, b), 0.25);
    b.k = 1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, knnRecall(a, b));
}

QTEST_GUILESS_MAIN(TestKnnGraph)
#include "test_knn_graph.moc"
