// The 8-bit screening behind batched cosine searches (the analogy benchmark): the rows it keeps
// always include every row whose exact score reaches the k-th best (checked in double precision
// against brute force, on real GloVe and fastText rows and on data built to stress the bound),
// and the screened batch answers as the float32 matrix products do (up to ties at float rounding).
#include "knn_test_support.h"
#include "semantic/int8_screen.h"
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/semantic/similarity_index.h"

#include <QtTest>
#include <algorithm>
#include <random>

using namespace vecspace;
using testsupport::dataPath;

Q_DECLARE_METATYPE(vecspace::RowMatrix)

namespace {

RowMatrix unitRows(RowMatrix m) {
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        if (const float n = m.row(i).norm(); n > 0) m.row(i) /= n;
    return m;
}

RowMatrix loaded(const char* file, Eigen::Index rows) {
    const EmbeddingSet set = loadEmbeddings(dataPath(file));
    return set.vectors.topRows(std::min(rows, set.vectors.rows()));
}

// Rows dominated by one large value (the largest magnitude sets the 8-bit step, so the small
// values lose the most), many near-duplicates of a few rows (scores within the bound of each
// other), and exact duplicates.
RowMatrix adversarial(int rows, int dims, unsigned seed) {
    RowMatrix m = knntest::randomRows(rows, dims, seed);
    std::mt19937 rng(seed + 1);
    std::uniform_real_distribution<float> tiny(-1e-3f, 1e-3f);
    for (int i = 0; i < rows; ++i) {
        if (i % 5 == 0) m(i, i % dims) *= 40;
        if (i % 7 == 0 && i >= 7)
            for (int d = 0; d < dims; ++d)
                m(i, d) = m(7, d) + (i % 14 == 0 ? 0.0f : tiny(rng));
    }
    return m;
}

// Each query's scores against all rows, in double precision.
std::vector<double> exactScores(const RowMatrix& unit, const Eigen::VectorXf& query,
                                std::size_t rows) {
    std::vector<double> scores(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        double s = 0;
        for (Eigen::Index d = 0; d < unit.cols(); ++d)
            s += double(unit(Eigen::Index(r), d)) * double(query[d]);
        scores[r] = s;
    }
    return scores;
}

} // namespace

class TestScreening : public QObject {
    Q_OBJECT

private slots:
    void init();
    void keepsEveryTrueTopRow_data();
    void keepsEveryTrueTopRow();
    void screenedBatchEqualsFloat32_data();
    void screenedBatchEqualsFloat32();
};

void TestScreening::init() {
    if (!int8ScreeningAvailable())
        QSKIP("this CPU has no AVX-512 VNNI: batches use the float32 path alone");
}

void TestScreening::keepsEveryTrueTopRow_data() {
    QTest::addColumn<RowMatrix>("data");
    QTest::addColumn<int>("keep");
    QTest::addColumn<int>("screenRows"); // 0: all
    QTest::newRow("GloVe 50d, 9,163 rows, keep 8")
        << loaded("glove.6B.50d.top9163.txt", 9163) << 8 << 0;
    QTest::newRow("GloVe 100d, 2,717 rows, keep 1")
        << loaded("glove.6B.100d.top2717.txt", 2717) << 1 << 0;
    QTest::newRow("GloVe 100d, first 2,000 of 2,717 rows, keep 40")
        << loaded("glove.6B.100d.top2717.txt", 2717) << 40 << 2000;
    QTest::newRow("fastText 300d, keep 5") << loaded("fasttext.wiki.en.first99.vec", 99) << 5 << 0;
    QTest::newRow("gaussian 3,001 x 37 (odd dims), keep 8")
        << knntest::randomRows(3001, 37, 3) << 8 << 0;
    QTest::newRow("adversarial 2,500 x 64, keep 10") << adversarial(2500, 64, 5) << 10 << 0;
    QTest::newRow("adversarial 500 x 3, keep 30") << adversarial(500, 3, 9) << 30 << 0;
}

void TestScreening::keepsEveryTrueTopRow() {
    QFETCH(RowMatrix, data);
    QFETCH(int, keep);
    QFETCH(int, screenRows);
    const RowMatrix unit = unitRows(data);
    const std::size_t rows = screenRows > 0 ? std::size_t(screenRows) : std::size_t(unit.rows());
    // Queries: the rows themselves, and sums of two rows, as analogy queries are.
    const Eigen::Index n = std::min<Eigen::Index>(unit.rows(), 400);
    RowMatrix queries(2 * n, unit.cols());
    for (Eigen::Index i = 0; i < n; ++i) {
        queries.row(i) = unit.row(i * unit.rows() / n);
        queries.row(n + i) = unit.row(i) + unit.row((i * 7 + 3) % unit.rows());
    }
    queries = unitRows(queries);

    const Int8Panels panels(unit, std::size_t(unit.rows()), 0);
    ScreenOptions options;
    options.keep = std::size_t(keep);
    options.rows = rows;
    const auto kept = int8Screen(panels, queries, options);
    QCOMPARE(kept.size(), std::size_t(queries.rows()));
    std::size_t total = 0;
    for (Eigen::Index q = 0; q < queries.rows(); ++q) {
        std::vector<double> scores = exactScores(unit, queries.row(q).transpose(), rows);
        std::vector<double> sorted = scores;
        std::nth_element(sorted.begin(), sorted.begin() + (keep - 1), sorted.end(),
                         std::greater<>());
        const double kth = sorted[std::size_t(keep - 1)];
        std::vector<std::uint32_t> mine = kept[std::size_t(q)];
        std::sort(mine.begin(), mine.end());
        total += mine.size();
        for (std::size_t r = 0; r < rows; ++r) {
            if (scores[r] < kth) continue;
            if (!std::binary_search(mine.begin(), mine.end(), std::uint32_t(r)))
                QFAIL(qPrintable(QString("query %1: row %2 (score %3, k-th %4) was dropped")
                                     .arg(q)
                                     .arg(r)
                                     .arg(scores[r], 0, 'g', 9)
                                     .arg(kth, 0, 'g', 9)));
        }
        for (const std::uint32_t r : mine)
            QVERIFY(r < rows);
    }
    // The screening is worth its cost only if it keeps few rows: here well under a tenth.
    QVERIFY2(double(total) / double(queries.rows()) < 0.1 * double(rows) + keep,
             qPrintable(QString::number(double(total) / double(queries.rows()))));
}

void TestScreening::screenedBatchEqualsFloat32_data() {
    QTest::addColumn<RowMatrix>("data");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("restrict");
    QTest::newRow("GloVe 50d, k 8") << loaded("glove.6B.50d.top9163.txt", 9163) << 8 << 0;
    QTest::newRow("GloVe 50d, k 25, first 5,000 rows")
        << loaded("glove.6B.50d.top9163.txt", 9163) << 25 << 5000;
    QTest::newRow("GloVe 100d, k 1") << loaded("glove.6B.100d.top2717.txt", 2717) << 1 << 0;
}

void TestScreening::screenedBatchEqualsFloat32() {
    QFETCH(RowMatrix, data);
    QFETCH(int, k);
    QFETCH(int, restrict);
    EmbeddingSet set;
    set.vectors = data;
    for (Eigen::Index i = 0; i < data.rows(); ++i)
        set.labels.push_back(std::to_string(i));
    const SimilarityIndex index(set);
    // 3CosAdd-like queries: b + c - a of unit rows.
    const Eigen::Index n = 600;
    RowMatrix queries(n, data.cols());
    // Evaluated: a transpose of unitRow's temporary would outlive it.
    const auto row = [&](Eigen::Index i) -> Eigen::RowVectorXf {
        return index.unitRow(std::size_t(i % data.rows())).transpose();
    };
    for (Eigen::Index i = 0; i < n; ++i)
        queries.row(i) = row(i * 3) + row(i * 5 + 1) - row(i * 7 + 2);
    NeighborOptions options;
    options.k = std::size_t(k);
    options.restrictRows = std::size_t(restrict);
    options.exclude = {0, 1};
    NeighborOptions plain = options;
    plain.screen = false;
    const auto screened = index.nearestBatch(queries, options);
    const auto float32 = index.nearestBatch(queries, plain);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& a = screened[std::size_t(i)];
        const auto& b = float32[std::size_t(i)];
        QCOMPARE(a.size(), b.size());
        // The same scores rank by rank; a different row only where two rows' scores are equal to
        // float rounding (the float32 path's scores come from a matrix product, the screened
        // path's from each row's own dot product, whose roundings differ).
        for (std::size_t j = 0; j < a.size(); ++j) {
            QVERIFY(std::abs(a[j].score - b[j].score) <= 1e-6f);
            if (a[j].row == b[j].row) continue;
            const auto twin = std::find_if(b.begin(), b.end(),
                                           [&](const Neighbor& n) { return n.row == a[j].row; });
            const float other = twin != b.end() ? twin->score : b.back().score;
            QVERIFY2(std::abs(other - a[j].score) <= 1e-6f,
                     qPrintable(QString("query %1, rank %2: row %3 (%4) against %5 (%6)")
                                    .arg(i)
                                    .arg(j)
                                    .arg(a[j].row)
                                    .arg(a[j].score, 0, 'g', 9)
                                    .arg(b[j].row)
                                    .arg(b[j].score, 0, 'g', 9)));
        }
    }
}

QTEST_APPLESS_MAIN(TestScreening)
#include "test_screening.moc"
