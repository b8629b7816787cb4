// k-means: known clusters recovered, a case small enough to compute by hand, determinism, and
// real GloVe words that must (and must not) fall together.
#include "test_support.h"
#include "vecspace/cluster/kmeans.h"
#include "vecspace/io/loader.h"

#include <QtTest>
#include <random>

using namespace vecspace;

namespace {

// Three groups of 50 rows around three orthogonal directions, small noise: the truth is known.
EmbeddingSet threeGroups() {
    EmbeddingSet set;
    set.vectors.resize(150, 10);
    std::mt19937 rng(42);
    std::normal_distribution<float> noise(0.0f, 0.05f);
    for (int i = 0; i < 150; ++i) {
        for (int d = 0; d < 10; ++d)
            set.vectors.edit()(i, d) = noise(rng);
        set.vectors.edit()(i, i / 50) += 2.0f;
        set.labels.push_back(std::string("w").append(std::to_string(i)));
    }
    return set;
}

} // namespace

class TestKMeans : public QObject {
    Q_OBJECT

private slots:
    void recoversKnownGroups_data();
    void recoversKnownGroups();
    void handComputedCase();
    void sameSeedSameClusters();
    void realWordsGroupSensibly();
    void rejectsBadK();
};

void TestKMeans::recoversKnownGroups_data() {
    QTest::addColumn<bool>("spherical");
    QTest::addColumn<int>("seed");
    for (int seed : {0, 1, 2}) {
        QTest::newRow(qPrintable("spherical, seed " + QString::number(seed))) << true << seed;
        QTest::newRow(qPrintable("euclidean, seed " + QString::number(seed))) << false << seed;
    }
}

void TestKMeans::recoversKnownGroups() {
    QFETCH(bool, spherical);
    QFETCH(int, seed);
    const EmbeddingSet set = threeGroups();
    KMeansOptions options;
    options.k = 3;
    options.spherical = spherical;
    options.seed = std::uint64_t(seed);
    const KMeansResult result = kMeans(set, options);
    QCOMPARE(result.sizes, (std::vector<std::size_t>(3, 50)));
    for (int i = 0; i < 150; ++i)
        for (int j = 0; j < 150; j += 7)
            QCOMPARE(result.assignment[std::size_t(i)] == result.assignment[std::size_t(j)],
                     i / 50 == j / 50);
}

void TestKMeans::handComputedCase() {
    // 0, 1, 10, 11 into two clusters: centroids 0.5 and 10.5, every point 0.5 away, so the mean
    // squared distance is 0.25; both points of a cluster are equally central, ties by row.
    EmbeddingSet set;
    set.labels = {"a", "b", "c", "d"};
    set.vectors.resize(4, 1);
    set.vectors.edit() << 0, 1, 10, 11;
    KMeansOptions options;
    options.k = 2;
    options.spherical = false;
    const KMeansResult result = kMeans(set, options);
    QCOMPARE(result.assignment[0], result.assignment[1]);
    QCOMPARE(result.assignment[2], result.assignment[3]);
    QVERIFY(result.assignment[0] != result.assignment[2]);
    const std::size_t low = result.assignment[0], high = result.assignment[2];
    QCOMPARE(result.centroids(Eigen::Index(low), 0), 0.5f);
    QCOMPARE(result.centroids(Eigen::Index(high), 0), 10.5f);
    QCOMPARE(result.objective, 0.25);
    QCOMPARE(result.names[low], std::string("a, b"));
    QCOMPARE(result.names[high], std::string("c, d"));
}

void TestKMeans::sameSeedSameClusters() {
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    KMeansOptions options;
    options.k = 25;
    options.seed = 11;
    const KMeansResult a = kMeans(set, options);
    const KMeansResult b = kMeans(set, options);
    QCOMPARE(a.assignment, b.assignment);
    QCOMPARE(a.names, b.names);
    QVERIFY(a.centroids == b.centroids);
    // Spherical centroids are unit vectors; the objective is a mean cosine.
    for (Eigen::Index c = 0; c < a.centroids.rows(); ++c)
        QVERIFY(std::abs(a.centroids.row(c).norm() - 1.0f) < 1e-5f);
    QVERIFY(a.objective > 0 && a.objective < 1);
}

void TestKMeans::realWordsGroupSensibly() {
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    KMeansOptions options;
    options.k = 40;
    options.seed = 3;
    const KMeansResult result = kMeans(set, options);
    auto clusterOf = [&](const char* word) {
        return result.assignment[std::size_t(testsupport::rowOf(set, word))];
    };
    QCOMPARE(clusterOf("monday"), clusterOf("tuesday"));
    QCOMPARE(clusterOf("monday"), clusterOf("friday"));
    QCOMPARE(clusterOf("france"), clusterOf("germany"));
    QVERIFY(clusterOf("monday") != clusterOf("france"));
    // Each name is made of the cluster's members most similar to its centroid (in GloVe the
    // weekdays sit with reporting verbs, "said on monday": that cluster is not named for days).
    for (std::size_t c = 0; c < result.names.size(); ++c) {
        const auto centroid = result.centroids.row(Eigen::Index(c));
        float weakestNamed = 1.0f;
        for (std::size_t row : result.centralRows[c]) {
            QCOMPARE(result.assignment[row], std::uint32_t(c));
            weakestNamed = std::min(weakestNamed,
                                    set.vectors.row(Eigen::Index(row)).normalized().dot(centroid));
        }
        for (std::size_t row = 0; row < set.rows(); ++row)
            if (result.assignment[row] == c &&
                std::find(result.centralRows[c].begin(), result.centralRows[c].end(), row) ==
                    result.centralRows[c].end())
                QVERIFY(set.vectors.row(Eigen::Index(row)).normalized().dot(centroid) <=
                        weakestNamed + 1e-6f);
        QCOMPARE(result.centralRows[c].size(), std::min<std::size_t>(3, result.sizes[c]));
    }
    std::size_t total = 0;
    for (std::size_t size : result.sizes)
        total += size;
    QCOMPARE(total, set.rows());
}

void TestKMeans::rejectsBadK() {
    const EmbeddingSet set = threeGroups();
    KMeansOptions options;
    options.k = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kMeans(set, options));
    options.k = 151;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kMeans(set, options));
}

QTEST_GUILESS_MAIN(TestKMeans)
#include "test_kmeans.moc"
