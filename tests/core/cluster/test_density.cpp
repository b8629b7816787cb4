// Density clustering: DBSCAN against sklearn's labels, HDBSCAN against an independent O(N^2)
// reference (tests/data/reference/density_clusters.json,
// tests/reference/make_density_reference.py), the spanning tree against Prim's algorithm, condensed
// trees worked by hand, and cluster names.
#include "test_support.h"
#include "vecspace/cluster/cluster_names.h"
#include "vecspace/cluster/density_clustering.h"
#include "vecspace/cluster/hdbscan_tree.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <map>
#include <random>

using namespace vecspace;

Q_DECLARE_METATYPE(vecspace::RowMatrix)

namespace {

QJsonObject referenceSet(const QString& name) {
    QFile file(QString::fromStdString(testsupport::dataPath("reference/density_clusters.json")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object()["sets"].toObject()[name].toObject();
}

RowMatrix matrixFrom(const QJsonArray& rows) {
    RowMatrix m(rows.size(), rows.isEmpty() ? 0 : rows[0].toArray().size());
    for (int i = 0; i < rows.size(); ++i)
        for (int d = 0; d < m.cols(); ++d)
            m(i, d) = float(rows[i].toArray()[d].toDouble());
    return m;
}

std::vector<std::int32_t> labelsFrom(const QJsonArray& values) {
    std::vector<std::int32_t> out;
    for (const QJsonValue& v : values)
        out.push_back(v.toInt());
    return out;
}

// Adjusted Rand index (Hubert and Arabie 1985), -1 counting as one more label, as sklearn does.
double adjustedRand(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b) {
    std::map<std::pair<int, int>, double> both;
    std::map<int, double> rows, cols;
    for (std::size_t i = 0; i < a.size(); ++i) {
        both[{a[i], b[i]}] += 1;
        rows[a[i]] += 1;
        cols[b[i]] += 1;
    }
    auto pairs = [](double n) { return n * (n - 1) / 2; };
    double index = 0, sumA = 0, sumB = 0;
    for (const auto& [key, n] : both)
        index += pairs(n);
    for (const auto& [key, n] : rows)
        sumA += pairs(n);
    for (const auto& [key, n] : cols)
        sumB += pairs(n);
    const double expected = sumA * sumB / pairs(double(a.size()));
    return (index - expected) / ((sumA + sumB) / 2 - expected);
}

// Points on the x axis (2D rows).
RowMatrix onLine(const std::vector<float>& xs) {
    RowMatrix m = RowMatrix::Zero(Eigen::Index(xs.size()), 2);
    for (std::size_t i = 0; i < xs.size(); ++i)
        m(Eigen::Index(i), 0) = xs[i];
    return m;
}

RowMatrix randomPoints(int kind, int rows, int dims, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::uniform_int_distribution<int> cell(0, 6);
    RowMatrix m(rows, dims);
    for (int i = 0; i < rows; ++i)
        for (int d = 0; d < dims; ++d)
            m(i, d) = kind == 0   ? normal(rng) + 6.0f * float((i % 3) == d)
                      : kind == 1 ? float(cell(rng))
                                  : float((i * 5 + d) % 4);
    return m;
}

} // namespace

class TestDensity : public QObject {
    Q_OBJECT

private slots:
    void dbscanMatchesSklearn_data();
    void dbscanMatchesSklearn();
    void hdbscanMatchesReference_data();
    void hdbscanMatchesReference();
    void spanningTreeMatchesPrim_data();
    void spanningTreeMatchesPrim();
    void condensedTreeByHand();
    void excessOfMassByHand_data();
    void excessOfMassByHand();
    void duplicatesAndTinyInputs();
    void deterministicAndCancellable();
    void namesFromCentralMembers();
};

void TestDensity::dbscanMatchesSklearn_data() {
    QTest::addColumn<RowMatrix>("points");
    QTest::addColumn<QJsonObject>("expected");
    for (const QString set : {"blobs2d", "blobs3d"}) {
        const QJsonObject data = referenceSet(set);
        for (const QJsonValue& c : data["dbscan"].toArray()) {
            const QJsonObject o = c.toObject();
            QTest::newRow(qPrintable(QString("%1, eps %2, min samples %3")
                                         .arg(set)
                                         .arg(o["eps"].toDouble())
                                         .arg(o["min_samples"].toInt())))
                << matrixFrom(data["points"].toArray()) << o;
        }
    }
}

void TestDensity::dbscanMatchesSklearn() {
    QFETCH(RowMatrix, points);
    QFETCH(QJsonObject, expected);
    DbscanOptions options;
    options.eps = expected["eps"].toDouble();
    options.minSamples = std::size_t(expected["min_samples"].toInt());
    const DensityClusters result = dbscan(points, options);
    // The same labels, numbers included: sklearn numbers clusters in the order its scan meets
    // their first core row, and border points reached by two clusters go to the first.
    QCOMPARE(result.labels, labelsFrom(expected["labels"].toArray()));
    options.threads = 1;
    QCOMPARE(dbscan(points, options).labels, result.labels);
    std::size_t members = 0;
    for (std::size_t size : result.sizes)
        members += size;
    QCOMPARE(members + result.noise(), std::size_t(points.rows()));
}

void TestDensity::hdbscanMatchesReference_data() {
    QTest::addColumn<RowMatrix>("points");
    QTest::addColumn<QJsonArray>("truth");
    QTest::addColumn<QJsonObject>("expected");
    for (const QString set : {"blobs2d", "blobs3d"}) {
        const QJsonObject data = referenceSet(set);
        for (const QJsonValue& c : data["hdbscan"].toArray()) {
            const QJsonObject o = c.toObject();
            QTest::newRow(qPrintable(QString("%1, min cluster size %2, min samples %3")
                                         .arg(set)
                                         .arg(o["min_cluster_size"].toInt())
                                         .arg(o["min_samples"].toInt())))
                << matrixFrom(data["points"].toArray()) << data["truth"].toArray() << o;
        }
    }
}

void TestDensity::hdbscanMatchesReference() {
    QFETCH(RowMatrix, points);
    QFETCH(QJsonArray, truth);
    QFETCH(QJsonObject, expected);
    HdbscanOptions options;
    options.minClusterSize = std::size_t(expected["min_cluster_size"].toInt());
    options.minSamples = std::size_t(expected["min_samples"].toInt());
    const DensityClusters result = hdbscan(points, options);
    QCOMPARE(result.labels, labelsFrom(expected["labels"].toArray()));
    const QJsonArray probabilities = expected["probabilities"].toArray();
    for (int i = 0; i < probabilities.size(); ++i)
        QVERIFY(std::abs(result.probabilities[std::size_t(i)] - probabilities[i].toDouble()) <
                1e-6);
    const QJsonArray stabilities = expected["stabilities"].toArray();
    QCOMPARE(result.stabilities.size(), std::size_t(stabilities.size()));
    for (int c = 0; c < stabilities.size(); ++c)
        QVERIFY(std::abs(result.stabilities[std::size_t(c)] / stabilities[c].toDouble() - 1) <
                1e-9);
    // The spanning tree's total against the reference's (which scipy confirmed).
    double total = 0;
    for (const SpanningEdge& e : mutualReachabilityTree(PointIndex(points), options.minSamples))
        total += e.distance;
    QVERIFY(std::abs(total / expected["mst_total"].toDouble() - 1) < 1e-12);
    // The blobs are found: agreement with the generating blobs as sklearn measures it.
    const double ari = adjustedRand(labelsFrom(truth), result.labels);
    QVERIFY(std::abs(ari - expected["ari_vs_truth"].toDouble()) < 1e-12);
    QVERIFY2(ari > 0.85, qPrintable(QString::number(ari)));
}

void TestDensity::spanningTreeMatchesPrim_data() {
    QTest::addColumn<RowMatrix>("points");
    QTest::addColumn<int>("minSamples");
    for (int dims : {2, 3}) {
        const QString d = QString::number(dims) + "D";
        for (int minSamples : {1, 2, 7}) {
            const QString m = ", min samples " + QString::number(minSamples) + ", " + d;
            QTest::newRow(qPrintable("blobs" + m)) << randomPoints(0, 1500, dims, 1) << minSamples;
            QTest::newRow(qPrintable("grid ties" + m))
                << randomPoints(1, 800, dims, 2) << minSamples;
        }
        QTest::newRow(qPrintable("duplicates " + d)) << randomPoints(2, 300, dims, 3) << 4;
    }
}

void TestDensity::spanningTreeMatchesPrim() {
    QFETCH(RowMatrix, points);
    QFETCH(int, minSamples);
    const std::size_t n = std::size_t(points.rows());
    std::vector<std::vector<double>> d2(n, std::vector<double>(n));
    std::vector<double> core2(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            double sum = 0;
            for (Eigen::Index d = 0; d < points.cols(); ++d) {
                const double diff =
                    double(points(Eigen::Index(i), d)) - double(points(Eigen::Index(j), d));
                sum += diff * diff;
            }
            d2[i][j] = sum;
        }
        std::vector<double> sorted = d2[i];
        std::sort(sorted.begin(), sorted.end()); // the row itself (0) included
        core2[i] = sorted[std::size_t(minSamples - 1)];
    }
    // Prim's algorithm on the complete mutual reachability graph.
    std::vector<double> best(n, INFINITY), weights;
    std::vector<char> in(n, 0);
    best[0] = 0;
    for (std::size_t step = 0; step < n; ++step) {
        std::size_t next = n;
        for (std::size_t i = 0; i < n; ++i)
            if (!in[i] && (next == n || best[i] < best[next])) next = i;
        in[next] = 1;
        if (step > 0) weights.push_back(std::sqrt(best[next]));
        for (std::size_t i = 0; i < n; ++i)
            best[i] = std::min(best[i], std::max({core2[next], core2[i], d2[next][i]}));
    }
    std::sort(weights.begin(), weights.end());

    const PointIndex index(points);
    const std::vector<double> cores = coreDistances(index, std::size_t(minSamples));
    for (std::size_t i = 0; i < n; ++i)
        QCOMPARE(cores[i], std::sqrt(core2[i]));
    const std::vector<SpanningEdge> tree =
        mutualReachabilityTree(index, std::size_t(minSamples), 2);
    QCOMPARE(tree.size(), n - 1);
    // Every minimum spanning tree has the same multiset of weights; ours comes sorted.
    std::vector<double> ours;
    for (const SpanningEdge& e : tree) {
        QVERIFY(e.a < e.b);
        ours.push_back(e.distance);
    }
    QCOMPARE(ours, weights);
    QCOMPARE(mutualReachabilityTree(index, std::size_t(minSamples), 1), tree);
    condenseTree(tree, n, 2); // throws unless the edges span the points
}

void TestDensity::condensedTreeByHand() {
    // x = 0, 1, 3 | 10, 10.5, 12 | 30 with min samples 1 (plain distances). Spanning tree in
    // merge order: 3-4 0.5, 0-1 1, 4-5 1.5, 1-2 2, 2-3 7, 5-6 18.
    const RowMatrix points = onLine({0, 1, 3, 10, 10.5f, 12, 30});
    const std::vector<SpanningEdge> tree = mutualReachabilityTree(PointIndex(points), 1);
    const std::vector<SpanningEdge> expectedTree{{3, 4, 0.5}, {0, 1, 1}, {4, 5, 1.5},
                                                 {1, 2, 2},   {2, 3, 7}, {5, 6, 18}};
    QCOMPARE(tree, expectedTree);
    // min cluster size 2, walking down from the root (cluster 7): at 18 row 6 falls out; at 7
    // the rest splits into {0,1,2} (cluster 8) and {3,4,5} (cluster 9); at 2 row 2 leaves 8, at
    // 1.5 row 5 leaves 9; at 1 rows 0 and 1 leave 8, at 0.5 rows 3 and 4 leave 9.
    const CondensedTree condensed = condenseTree(tree, 7, 2);
    const std::vector<CondensedEdge> expected{
        {7, 6, 1 / 18.0, 1}, {7, 8, 1 / 7.0, 3}, {7, 9, 1 / 7.0, 3},
        {8, 2, 1 / 2.0, 1},  {9, 5, 1 / 1.5, 1}, {8, 0, 1.0, 1},
        {8, 1, 1.0, 1},      {9, 3, 2.0, 1},     {9, 4, 2.0, 1}};
    QCOMPARE(condensed.edges, expected);
    QCOMPARE(condensed.clusters, std::size_t(3));
    // Stabilities: 8: (1/2 - 1/7) + 2 (1 - 1/7) = 29/14; 9: (2/3 - 1/7) + 2 (2 - 1/7) = 89/21.
    // Both are leaves, so both are selected. Probabilities: lambda over the cluster's largest
    // lambda: row 2 0.5 / 1, row 5 (2/3) / 2.
    const ClusterSelection selection = selectClusters(condensed);
    QCOMPARE(selection.clusters, (std::vector<std::uint32_t>{8, 9}));
    QVERIFY(std::abs(selection.stabilities[0] - 29.0 / 14) < 1e-12);
    QVERIFY(std::abs(selection.stabilities[1] - 89.0 / 21) < 1e-12);
    QCOMPARE(selection.labels, (std::vector<std::int32_t>{0, 0, 0, 1, 1, 1, -1}));
    QCOMPARE(selection.probabilities, (std::vector<float>{1, 1, 0.5f, 1, 1, float(1 / 3.0), 0}));

    // With min cluster size 3, cluster 8's and 9's rows all leave at once (at 2 and 1.5).
    const CondensedTree three = condenseTree(tree, 7, 3);
    QCOMPARE(three.edges.size(), std::size_t(9));
    QCOMPARE(three.edges[3], (CondensedEdge{8, 0, 0.5, 1}));
    QCOMPARE(three.edges[8], (CondensedEdge{9, 5, 1 / 1.5, 1}));
}

void TestDensity::excessOfMassByHand_data() {
    QTest::addColumn<RowMatrix>("points");
    QTest::addColumn<QVector<int>>("expected");
    // Pairs 0-1 and 2-3 (each 1 wide) 1.2 apart, far from pair 4-5. Cluster {0..3} is born at
    // 1/16.8 and splits at 1/1.2: stability 4 (1/1.2 - 1/16.8) = 3.10 beats its children's
    // 2 (1 - 1/1.2) each = 0.67, so it is kept whole.
    QTest::newRow("parent wins") << onLine({0, 1, 2.2f, 3.2f, 20, 21})
                                 << QVector<int>{0, 0, 0, 0, 1, 1};
    // The same pairs 9 apart: 4 (1/9 - 1/29) = 0.31 against 2 (16/9) = 3.56, so they split.
    QTest::newRow("children win") << onLine({0, 1, 10, 11, 40, 41})
                                  << QVector<int>{0, 0, 1, 1, 2, 2};
}

void TestDensity::excessOfMassByHand() {
    QFETCH(RowMatrix, points);
    QFETCH(QVector<int>, expected);
    HdbscanOptions options;
    options.minClusterSize = 2;
    options.minSamples = 1;
    const DensityClusters result = hdbscan(points, options);
    QCOMPARE(result.labels, std::vector<std::int32_t>(expected.begin(), expected.end()));
}

void TestDensity::duplicatesAndTinyInputs() {
    // 40 copies of two points (distance 0 inside each group: lambda infinite) and 3 strays.
    RowMatrix points = RowMatrix::Zero(83, 2);
    for (int i = 40; i < 80; ++i)
        points.row(i) << 5, 5;
    points.row(80) << 20, 0;
    points.row(81) << -20, 3;
    points.row(82) << 2.5f, -30;
    HdbscanOptions options;
    options.minClusterSize = 10;
    const DensityClusters result = hdbscan(points, options);
    QCOMPARE(result.count(), std::size_t(2));
    QCOMPARE(result.sizes, (std::vector<std::size_t>{40, 40}));
    QCOMPARE(result.labels[0], 0);
    QCOMPARE(result.labels[79], 1);
    QCOMPARE(result.noise(), std::size_t(3));
    for (double s : result.stabilities)
        QVERIFY(!std::isnan(s));

    QCOMPARE(hdbscan(RowMatrix(0, 2)).labels.size(), std::size_t(0));
    QCOMPARE(hdbscan(onLine({1})).labels, std::vector<std::int32_t>{-1});
    QCOMPARE(hdbscan(onLine({1, 2, 3})).noise(), std::size_t(3)); // fewer than min cluster size
    QCOMPARE(dbscan(RowMatrix(0, 3)).labels.size(), std::size_t(0));
    options.minClusterSize = 1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hdbscan(points, options));
    DbscanOptions bad;
    bad.eps = -1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dbscan(points, bad));
    bad.eps = 1;
    bad.minSamples = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dbscan(points, bad));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, condenseTree({{0, 1, 1.0}}, 3, 2));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             condenseTree({{0, 1, 1.0}, {1, 0, 2.0}}, 3, 2)); // a cycle
}

void TestDensity::deterministicAndCancellable() {
    const RowMatrix points = randomPoints(0, 20000, 2, 7);
    const PointIndex index(points);
    HdbscanOptions options;
    options.minClusterSize = 20;
    options.threads = 2;
    const DensityClusters two = hdbscan(index, options);
    options.threads = 1;
    QCOMPARE(hdbscan(index, options).labels, two.labels);
    QVERIFY(two.count() >= 3); // the three blobs at least
    options.progress = [](double) { return false; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, hdbscan(index, options));
    DbscanOptions db;
    db.eps = 0.3;
    db.progress = [](double) { return false; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, dbscan(index, db));
}

void TestDensity::namesFromCentralMembers() {
    EmbeddingSet set;
    set.labels = {"x", "y", "xy", "z", "noise"};
    set.vectors.resize(5, 3);
    set.vectors.edit() << 1, 0, 0, 0, 1, 0, 2, 2, 0, 0, 0, 5, 0, 0, -1;
    const std::vector<std::int32_t> assignment{0, 0, 0, 1, -1};
    // Spherical: the unit mean of x, y and xy points along (1, 1, 0): xy (cosine 1), then x and
    // y (0.71 each, ties by row). Euclidean: the mean (1, 1, 0) is 1 from x and y, 1.41 from xy.
    ClusterNameOptions options;
    options.nameLabels = 2;
    ClusterNames names = nameClusters(set, assignment, 3, options);
    QCOMPARE(names.names, (std::vector<std::string>{"xy, x", "z", ""}));
    QCOMPARE(names.sizes, (std::vector<std::size_t>{3, 1, 0}));
    QCOMPARE(names.centralRows[0], (std::vector<std::size_t>{2, 0}));
    options.spherical = false;
    names = nameClusters(set, assignment, 3, options);
    QCOMPARE(names.names, (std::vector<std::string>{"x, y", "z", ""}));
    QVERIFY(names.centroids.row(0).isApprox(Eigen::RowVector3f(1, 1, 0)));
    const std::vector<std::int32_t> outOfRange{0, 0, 0, 3, -1};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, nameClusters(set, outOfRange, 3));
}

QTEST_GUILESS_MAIN(TestDensity)
#include "test_density.moc"
