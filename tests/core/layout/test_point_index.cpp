// The k-d tree over 2D/3D layouts against plain loops over every point: k nearest neighbours
// (ties and exact duplicates included), radius queries, picking, and bad input.
#include "vecspace/layout/point_index.h"

#include <QtTest>
#include <algorithm>
#include <random>

using namespace vecspace;

Q_DECLARE_METATYPE(vecspace::RowMatrix)

namespace {

// Random points (kind 0), an integer grid where many distances tie (1), or few distinct points,
// each repeated many times (2).
RowMatrix makePoints(int kind, int rows, int dims, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> uniform(-5.0f, 5.0f);
    std::uniform_int_distribution<int> cell(0, 9);
    RowMatrix points(rows, dims);
    for (int i = 0; i < rows; ++i)
        for (int d = 0; d < dims; ++d)
            points(i, d) = kind == 0   ? uniform(rng)
                           : kind == 1 ? float(cell(rng))
                                       : float((i * 7 + d) % 5);
    return points;
}

double squared(const RowMatrix& points, int row, const float* q) {
    double sum = 0;
    for (int d = 0; d < points.cols(); ++d) {
        const double diff = double(points(row, d)) - double(q[d]);
        sum += diff * diff;
    }
    return sum;
}

// Every row but `exclude`, nearest first, ties by row: what the index must return.
std::vector<PointHit> naiveNearest(const RowMatrix& points, const float* q, std::size_t k,
                                   int exclude) {
    std::vector<std::pair<double, int>> all;
    for (int i = 0; i < points.rows(); ++i)
        if (i != exclude) all.emplace_back(squared(points, i, q), i);
    k = std::min(k, all.size());
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end());
    std::vector<PointHit> out;
    for (std::size_t j = 0; j < k; ++j)
        out.push_back({std::uint32_t(all[j].second), float(std::sqrt(all[j].first))});
    return out;
}

std::span<const float> rowOf(const RowMatrix& points, int row) {
    return {points.row(row).data(), std::size_t(points.cols())};
}

} // namespace

class TestPointIndex : public QObject {
    Q_OBJECT

private slots:
    void nearestMatchesLoop_data();
    void nearestMatchesLoop();
    void radiusMatchesLoop_data();
    void radiusMatchesLoop();
    void rayPicking();
    void smallAndEmpty();
    void rejectsBadInput();
};

void TestPointIndex::nearestMatchesLoop_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("leafSize");
    for (int dims : {2, 3}) {
        const QString d = QString::number(dims) + "D";
        QTest::newRow(qPrintable("random " + d)) << 0 << 3000 << dims << 10 << 16;
        QTest::newRow(qPrintable("random, leaf 1, " + d)) << 0 << 500 << dims << 7 << 1;
        QTest::newRow(qPrintable("grid ties " + d)) << 1 << 2000 << dims << 15 << 16;
        QTest::newRow(qPrintable("duplicates " + d)) << 2 << 1000 << dims << 30 << 8;
        QTest::newRow(qPrintable("k = rows - 1 " + d)) << 0 << 40 << dims << 39 << 4;
    }
}

void TestPointIndex::nearestMatchesLoop() {
    QFETCH(int, kind);
    QFETCH(int, rows);
    QFETCH(int, dims);
    QFETCH(int, k);
    QFETCH(int, leafSize);
    const RowMatrix points = makePoints(kind, rows, dims, 5);
    const PointIndex index(points, std::size_t(leafSize));
    QCOMPARE(index.size(), std::size_t(rows));

    // Every row's neighbours, in parallel, and the same on one thread.
    const KnnGraph graph = index.knnGraph(std::size_t(k), 2);
    QCOMPARE(graph.rows, std::size_t(rows));
    QVERIFY(index.knnGraph(std::size_t(k), 1).indices == graph.indices);
    for (int i = 0; i < rows; ++i) {
        const auto expected = naiveNearest(points, points.row(i).data(), std::size_t(k), i);
        for (int j = 0; j < k; ++j) {
            QCOMPARE(graph.neighbors(std::size_t(i))[j], expected[std::size_t(j)].row);
            QCOMPARE(graph.distancesOf(std::size_t(i))[j], expected[std::size_t(j)].distance);
        }
        if (i % 97 == 0) QCOMPARE(index.nearestToRow(std::size_t(i), std::size_t(k)), expected);
    }

    // A subset of rows, in the order given.
    const std::vector<std::size_t> some{std::size_t(rows - 1), 0, std::size_t(rows / 2), 0};
    const KnnGraph subset = index.knnOfRows(some, std::size_t(k));
    for (std::size_t i = 0; i < some.size(); ++i)
        QVERIFY(std::equal(subset.neighbors(i), subset.neighbors(i) + k, graph.neighbors(some[i])));

    // Arbitrary positions, inside and outside the points' box, more neighbours than rows too.
    std::mt19937 rng(9);
    std::uniform_real_distribution<float> wide(-8.0f, 8.0f);
    for (int t = 0; t < 200; ++t) {
        float q[3] = {wide(rng), wide(rng), wide(rng)};
        const std::span<const float> position(q, std::size_t(dims));
        QCOMPARE(index.nearest(position, std::size_t(k)),
                 naiveNearest(points, q, std::size_t(k), -1));
        QCOMPARE(index.nearestPoint(position), naiveNearest(points, q, 1, -1).front());
    }
    QCOMPARE(index.nearest(rowOf(points, 0), std::size_t(rows + 5)).size(), std::size_t(rows));
}

void TestPointIndex::radiusMatchesLoop_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("dims");
    QTest::addColumn<double>("radius");
    for (int dims : {2, 3}) {
        const QString d = QString::number(dims) + "D";
        QTest::newRow(qPrintable("random, small " + d)) << 0 << dims << 0.4;
        QTest::newRow(qPrintable("random, large " + d)) << 0 << dims << 4.0;
        // On the grid, distance exactly 1 and 2 occur: "within" includes the boundary.
        QTest::newRow(qPrintable("grid, radius 1 " + d)) << 1 << dims << 1.0;
        QTest::newRow(qPrintable("grid, radius 2 " + d)) << 1 << dims << 2.0;
        QTest::newRow(qPrintable("duplicates, radius 0 " + d)) << 2 << dims << 0.0;
    }
}

void TestPointIndex::radiusMatchesLoop() {
    QFETCH(int, kind);
    QFETCH(int, dims);
    QFETCH(double, radius);
    const RowMatrix points = makePoints(kind, 1500, dims, 3);
    const PointIndex index(points);
    for (int i = 0; i < points.rows(); i += 7) {
        const float* q = points.row(i).data();
        std::vector<PointHit> expected;
        for (const PointHit& hit : naiveNearest(points, q, points.rows(), -1))
            if (double(squared(points, int(hit.row), q)) <= radius * radius)
                expected.push_back(hit);
        QCOMPARE(index.withinRadius(rowOf(points, i), radius), expected);
        QCOMPARE(index.countWithinRadius(rowOf(points, i), radius), expected.size());
        QCOMPARE(index.countWithinRadius(rowOf(points, i), radius, 3),
                 std::min<std::size_t>(3, expected.size()));
    }
    QVERIFY(index.withinRadius(rowOf(points, 0), -1.0).empty());
}

void TestPointIndex::rayPicking() {
    // Against a loop: the distance from each point to the ray o + t u, t >= 0.
    for (int dims : {2, 3}) {
        const RowMatrix points = makePoints(0, 4000, dims, 17);
        const PointIndex index(points);
        std::mt19937 rng(4);
        std::uniform_real_distribution<float> wide(-9.0f, 9.0f);
        for (int t = 0; t < 100; ++t) {
            const float o[3] = {wide(rng), wide(rng), wide(rng)};
            const float u[3] = {wide(rng), wide(rng), wide(rng)};
            double len = 0;
            for (int d = 0; d < dims; ++d)
                len += double(u[d]) * u[d];
            double best = INFINITY;
            std::uint32_t bestRow = 0;
            for (int i = 0; i < points.rows(); ++i) {
                double along = 0, sum = 0;
                for (int d = 0; d < dims; ++d)
                    along += (double(points(i, d)) - o[d]) * u[d] / std::sqrt(len);
                along = std::max(0.0, along);
                for (int d = 0; d < dims; ++d) {
                    const double diff =
                        double(points(i, d)) - (o[d] + along * u[d] / std::sqrt(len));
                    sum += diff * diff;
                }
                if (sum < best) best = sum, bestRow = std::uint32_t(i);
            }
            const PointHit hit = index.nearestToRay({o, std::size_t(dims)}, {u, std::size_t(dims)});
            QCOMPARE(hit.row, bestRow);
            QVERIFY(std::abs(hit.distance - std::sqrt(best)) <= 1e-5 * (1 + std::sqrt(best)));
        }
    }
    // A ray straight through a point picks it; points behind the origin count by their
    // distance to the origin.
    RowMatrix line(3, 3);
    line << 0, 0, 0, 1, 1, 0, -0.5f, 0, 0;
    const PointIndex index(line);
    const float o[3] = {0, 0, -5}, up[3] = {0, 0, 1}, away[3] = {0, 0, -1};
    QCOMPARE(index.nearestToRay(o, up).row, 0u);
    QCOMPARE(index.nearestToRay(o, away).row, 0u); // every point is 5 or more from the origin
    QCOMPARE(index.nearestToRay(o, away).distance, 5.0f);
}

void TestPointIndex::smallAndEmpty() {
    const PointIndex empty{RowMatrix(0, 2)};
    QCOMPARE(empty.size(), std::size_t(0));
    const float q[2] = {0, 0};
    QVERIFY(empty.nearest(q, 3).empty());
    QVERIFY(empty.withinRadius(q, 10).empty());
    QVERIFY_THROWS_EXCEPTION(std::logic_error, empty.nearestPoint(q));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, empty.knnGraph(1));

    RowMatrix one(1, 3);
    one << 1, 2, 3;
    const PointIndex single(one);
    const float p[3] = {0, 0, 0};
    QCOMPARE(single.nearestPoint(p).row, 0u);
    QCOMPARE(single.nearestPoint(p).distance, float(std::sqrt(14.0)));
    QVERIFY(single.nearestToRow(0, 4).empty());
}

void TestPointIndex::rejectsBadInput() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PointIndex(RowMatrix::Zero(5, 4)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PointIndex(RowMatrix::Zero(5, 1)));
    RowMatrix nan = RowMatrix::Zero(5, 2);
    nan(3, 1) = NAN;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PointIndex{nan});
    const PointIndex index(makePoints(0, 10, 2, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.knnGraph(10));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.knnGraph(0));
    const float q3[3] = {0, 0, 0};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.nearest(q3, 1));
    const float zero[2] = {0, 0};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.nearestToRay(zero, zero));
    const std::vector<std::size_t> outside{10};
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, index.knnOfRows(outside, 2));
    // A progress callback that says stop cancels the neighbour graph.
    QVERIFY_THROWS_EXCEPTION(
        Cancelled,
        PointIndex(makePoints(0, 50000, 2, 1)).knnGraph(5, 1, [](double) { return false; }));
}

QTEST_GUILESS_MAIN(TestPointIndex)
#include "test_point_index.moc"
