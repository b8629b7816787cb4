// The exact all-pairs k-NN kernel behind the k-NN graph and the comparison's neighbour lists:
// both paths (the AVX-512 kernel that scores and selects in registers, and the portable one
// through Eigen's product) against a double-precision brute force on real GloVe rows, random
// rows whose size leaves partial tiles and micro-blocks, and integer rows full of exact ties and
// duplicates (where the choice among equals must fall to the lower row).
#include "base/all_pairs_fused.h"
#include "base/all_pairs_screened.h"
#include "base/all_pairs_top_k.h"
#include "base/similarity_order.h"
#include "knn_test_support.h"
#include "test_support.h"
#include "vecspace/io/loader.h"

#include <QtTest>
#include <cmath>
#include <random>

using namespace vecspace;
using namespace knntest;

Q_DECLARE_METATYPE(vecspace::RowMatrix)
Q_DECLARE_METATYPE(vecspace::PairScore)

namespace {

RowMatrix glove(Eigen::Index rows) {
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    return set.vectors.topRows(rows);
}

// Values 0..2 in 4 dimensions: 81 distinct rows among 1,300, so every row has dozens of exact
// duplicates and every distance ties with many others.
RowMatrix lattice(int rows, unsigned seed) {
    RowMatrix m(rows, 4);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> cell(0, 2);
    for (int i = 0; i < rows; ++i)
        for (int d = 0; d < 4; ++d)
            m(i, d) = float(cell(rng));
    return m;
}

// `clusters` tight groups of `size` rows around centres far apart, the rows shuffled; the
// cluster of each row in `labels`.
RowMatrix shuffledClusters(int clusters, int size, int dims, std::vector<int>& labels) {
    std::mt19937 rng(11);
    std::normal_distribution<float> spread(0.0f, 1.0f), centre(0.0f, 10.0f);
    RowMatrix centres(clusters, dims);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = centre(rng);
    std::vector<int> rows(std::size_t(clusters * size));
    for (std::size_t r = 0; r < rows.size(); ++r)
        rows[r] = int(r) / size;
    std::shuffle(rows.begin(), rows.end(), rng);
    RowMatrix m(Eigen::Index(rows.size()), dims);
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (int d = 0; d < dims; ++d)
            m(Eigen::Index(r), d) = centres(rows[r], d) + spread(rng);
    labels = rows;
    return m;
}

// GloVe rows scaled by factors from 1e-3 to 1e3, and some rows repeated with a last-bit change:
// norms that differ by a million (the bfloat16 bound's |a| |b| against |a|^2 + |b|^2) and pairs
// that a rounding to 8 bits cannot tell apart.
RowMatrix scaledNearTwins(const RowMatrix& real, unsigned seed) {
    RowMatrix m = real;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> exponent(-3, 3);
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        m.row(i) *= float(std::pow(10.0, exponent(rng)));
    for (Eigen::Index i = 0; i + 1 < m.rows(); i += 7) {
        m.row(i + 1) = m.row(i);
        m(i + 1, 0) = std::nextafter(m(i, 0), 1e30f);
    }
    return m;
}

} // namespace

class TestAllPairs : public QObject {
    Q_OBJECT

private slots:
    void matchesBruteForce_data();
    void matchesBruteForce();
    void rejectsBadK();
    void similarityOrderGroupsClusters();
    void cancels();
};

void TestAllPairs::matchesBruteForce_data() {
    QTest::addColumn<RowMatrix>("data");
    QTest::addColumn<int>("k");
    QTest::addColumn<PairScore>("score");
    const RowMatrix real = glove(2717);
    for (const char* path : {"screened", "fused", "portable"}) {
        QTest::addRow("GloVe 2,717 x 100, k 90, euclidean, %s", path)
            << real << 90 << PairScore::NegativeSquared;
        QTest::addRow("GloVe 2,717 x 100, k 15, dot, %s", path) << real << 15 << PairScore::Dot;
        QTest::addRow("gaussian 1,037 x 13, k 7, euclidean, %s", path)
            << randomRows(1037, 13, 7) << 7 << PairScore::NegativeSquared;
        QTest::addRow("lattice 1,300 x 4, k 40 (ties, duplicates), euclidean, %s", path)
            << lattice(1300, 3) << 40 << PairScore::NegativeSquared;
        QTest::addRow("gaussian 40 x 3, k 39 (all others), %s", path)
            << randomRows(40, 3, 9) << 39 << PairScore::NegativeSquared;
        QTest::addRow("GloVe 1,500 scaled 1e-3..1e3, near twins, k 20, euclidean, %s", path)
            << scaledNearTwins(real.topRows(1500), 5) << 20 << PairScore::NegativeSquared;
        QTest::addRow("GloVe 1,500 scaled 1e-3..1e3, near twins, k 20, dot, %s", path)
            << scaledNearTwins(real.topRows(1500), 6) << 20 << PairScore::Dot;
    }
}

void TestAllPairs::matchesBruteForce() {
    QFETCH(RowMatrix, data);
    QFETCH(int, k);
    QFETCH(PairScore, score);
    const QString tag = QTest::currentDataTag();
    const bool screened = tag.endsWith("screened"), fused = screened || tag.endsWith("fused");
    if (fused && !fusedPairsAvailable()) QSKIP("this CPU has no AVX-512F");
    if (screened && !screenedPairsAvailable()) QSKIP("this CPU has no AVX-512 BF16");
    AllPairsOptions options;
    options.k = std::size_t(k);
    options.score = score;
    options.fused = fused;
    options.screen = screened;
    const AllPairsTopK found = allPairsTopK(data, options);
    QCOMPARE(found.rows, std::size_t(data.rows()));
    QCOMPARE(found.k, std::size_t(k));

    // Brute force in double precision: -|a - b|^2 or a.b, best first, ties by row.
    const std::size_t n = std::size_t(data.rows());
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::pair<double, std::uint32_t>> all;
        for (std::size_t j = 0; j < n; ++j) {
            if (j == i) continue;
            double s = 0;
            for (Eigen::Index d = 0; d < data.cols(); ++d) {
                const double a = data(Eigen::Index(i), d), b = data(Eigen::Index(j), d);
                s += score == PairScore::Dot ? a * b : -(a - b) * (a - b);
            }
            all.emplace_back(-s, std::uint32_t(j)); // ascending: best first, then lower row
        }
        std::sort(all.begin(), all.end());
        for (std::size_t r = 0; r < std::size_t(k); ++r) {
            const std::uint32_t mine = found.ids[i * std::size_t(k) + r];
            const auto truth = all[r];
            if (mine == truth.second) continue;
            // A different row is right only if its exact score equals the true one to float
            // precision (the kernel ranks by float32 scores of the two rows).
            const auto it = std::find_if(all.begin(), all.end(),
                                         [&](const auto& e) { return e.second == mine; });
            QVERIFY2(it != all.end(), "a row's own index among its neighbours");
            const double tolerance = 4e-7 * std::max(1.0, std::abs(truth.first));
            QVERIFY2(std::abs(it->first - truth.first) <= tolerance,
                     qPrintable(QString("row %1, place %2: %3 (%4) instead of %5 (%6)")
                                    .arg(i)
                                    .arg(r)
                                    .arg(mine)
                                    .arg(-it->first, 0, 'g', 10)
                                    .arg(truth.second)
                                    .arg(-truth.first, 0, 'g', 10)));
        }
        // Integer rows give exact scores: there the order must be brute force's, ties by row.
        if (QString(QTest::currentDataTag()).startsWith("lattice"))
            for (std::size_t r = 0; r < std::size_t(k); ++r)
                QCOMPARE(found.ids[i * std::size_t(k) + r], all[r].second);
    }
}

void TestAllPairs::rejectsBadK() {
    const RowMatrix data = randomRows(10, 3, 1);
    for (const std::size_t k : {std::size_t(0), std::size_t(10), std::size_t(11)}) {
        AllPairsOptions options;
        options.k = k;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, allPairsTopK(data, options));
    }
}

// The renumbering the fused search uses: a permutation, the same for any thread count, that puts
// rows of the same cluster next to each other (the input's order has them mixed: 1 in 8 adjacent
// pairs share a cluster).
void TestAllPairs::similarityOrderGroupsClusters() {
    std::vector<int> labels;
    const RowMatrix data = shuffledClusters(8, 300, 16, labels);
    const std::vector<std::uint32_t> order = similarityOrder(data, 64, 2);
    QCOMPARE(order, similarityOrder(data, 64, 1));
    std::vector<std::uint32_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t r = 0; r < sorted.size(); ++r)
        QCOMPARE(sorted[r], std::uint32_t(r));
    auto sameCluster = [&](auto at) {
        std::size_t same = 0;
        for (std::size_t r = 0; r + 1 < labels.size(); ++r)
            same += labels[at(r)] == labels[at(r + 1)];
        return double(same) / double(labels.size() - 1);
    };
    QVERIFY(sameCluster([](std::size_t r) { return r; }) < 0.2);
    QVERIFY2(sameCluster([&](std::size_t r) { return order[r]; }) > 0.99,
             qPrintable(QString::number(sameCluster([&](std::size_t r) { return order[r]; }))));
    // Fewer rows than a leaf, and identical rows: nothing to split.
    QCOMPARE(similarityOrder(data.topRows(50), 64, 2).size(), std::size_t(50));
    const RowMatrix same = RowMatrix::Ones(200, 3);
    const std::vector<std::uint32_t> kept = similarityOrder(same, 16, 2);
    for (std::size_t r = 0; r < kept.size(); ++r)
        QCOMPARE(kept[r], std::uint32_t(r));
}

// A progress callback that says stop ends the similarity order at its first level, and with it
// the kernels' search, with Cancelled and no result. (The tile pairs themselves are asked on a
// timer, which a search this small can finish before.)
void TestAllPairs::cancels() {
    if (!fusedPairsAvailable()) QSKIP("this CPU has no AVX-512F");
    const RowMatrix data = glove(2717);
    int calls = 0;
    const ProgressFn stop = [&calls](double) { return ++calls < 0; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, similarityOrder(data, 64, 2, stop));
    QCOMPARE(calls, 1);
    AllPairsOptions options;
    options.k = 15;
    options.progress = stop;
    QVERIFY_THROWS_EXCEPTION(Cancelled, allPairsTopK(data, options));
}

QTEST_APPLESS_MAIN(TestAllPairs)
#include "test_all_pairs.moc"
