// The t-SNE optimiser's step limit and its renumbering of rows along a space-filling curve.

#include "base/thread_pool.h"
#include "layout/tsne_locality.h"
#include "tsne_test_support.h"
#include "vecspace/layout/knn_graph.h"
#include "vecspace/layout/layout_quality.h"
#include "vecspace/layout/tsne.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace vecspace;
using namespace tsnetest;

namespace {

// A random sparse symmetric P over `rows` rows, about `perRow` entries a row, sum 1.
TsneAffinities randomAffinities(std::size_t rows, std::size_t perRow, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, rows - 1);
    std::uniform_real_distribution<double> weight(0.1, 1.0);
    std::vector<std::map<std::uint32_t, double>> linked(rows);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t k = 0; k < perRow / 2; ++k) {
            const std::size_t j = pick(rng);
            if (j == i) continue;
            const double w = weight(rng);
            linked[i][std::uint32_t(j)] = linked[j][std::uint32_t(i)] = w;
        }
    double total = 0;
    for (const auto& row : linked)
        for (const auto& [j, w] : row)
            total += w;
    TsneAffinities p;
    p.rows = rows;
    p.rowStart.push_back(0);
    for (const auto& row : linked) {
        // Entries in a scrambled order: renumbering must keep whatever order a row has.
        std::vector<std::pair<std::uint32_t, double>> entries(row.begin(), row.end());
        std::shuffle(entries.begin(), entries.end(), rng);
        for (const auto& [j, w] : entries) {
            p.columns.push_back(j);
            p.values.push_back(float(w / total));
        }
        p.rowStart.push_back(p.columns.size());
    }
    return p;
}

bool isPermutation(std::vector<std::uint32_t> order) {
    std::sort(order.begin(), order.end());
    for (std::size_t k = 0; k < order.size(); ++k)
        if (order[k] != k) return false;
    return true;
}

} // namespace

class TestTsneLocality : public QObject {
    Q_OBJECT

private slots:
    void hilbertOrderStepsToANeighbouringCell();
    void mortonOrderIn3D();
    void renumberedAffinitiesAreTheSameMatrix();
    void renumberingReusesStorage();
    void renumberedRunMatchesPlainRun();
    void longStepsAreShortened();
    void stepLimitMustBeValid();
};

void TestTsneLocality::hilbertOrderStepsToANeighbouringCell() {
    // Every cell of a 64 x 64 grid once (shuffled): along the Hilbert curve each step goes to a
    // cell sharing an edge, the curve's defining property.
    const int side = 64;
    std::vector<std::pair<int, int>> cells;
    for (int x = 0; x < side; ++x)
        for (int y = 0; y < side; ++y)
            cells.emplace_back(x, y);
    std::shuffle(cells.begin(), cells.end(), std::mt19937(5));
    RowMatrix layout(side * side, 2);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        // Each point falls in its own cell of the curve at its 64 x 64 level.
        layout(Eigen::Index(i), 0) = float(cells[i].first) * 10.0f;
        layout(Eigen::Index(i), 1) = float(cells[i].second) * 10.0f;
    }
    const std::vector<std::uint32_t> order = spaceFillingOrder(layout);
    QVERIFY(isPermutation(order));
    for (std::size_t k = 1; k < order.size(); ++k) {
        const auto a = cells[order[k - 1]], b = cells[order[k]];
        QCOMPARE(std::abs(a.first - b.first) + std::abs(a.second - b.second), 1);
    }
}

void TestTsneLocality::mortonOrderIn3D() {
    // A 2 x 2 x 2 block of points: Morton order visits them in the binary order of (x, y, z).
    RowMatrix layout(8, 3);
    const std::vector<int> visit = {5, 2, 7, 0, 3, 6, 1, 4}; // point i sits at corner visit[i]
    for (int i = 0; i < 8; ++i)
        for (int d = 0; d < 3; ++d)
            layout(i, d) = float((visit[std::size_t(i)] >> (2 - d)) & 1);
    const std::vector<std::uint32_t> order = spaceFillingOrder(layout);
    for (std::size_t k = 0; k < 8; ++k)
        QCOMPARE(visit[order[k]], int(k));
}

void TestTsneLocality::renumberedAffinitiesAreTheSameMatrix() {
    const std::size_t rows = 300;
    const TsneAffinities p = randomAffinities(rows, 12, 3);
    std::vector<std::uint32_t> order(rows);
    for (std::size_t k = 0; k < rows; ++k)
        order[k] = std::uint32_t(k);
    std::shuffle(order.begin(), order.end(), std::mt19937(4));
    ThreadPool pool(2);
    const TsneAffinities q = renumberAffinities(p, order, pool);
    QCOMPARE(q.rows, rows);
    QCOMPARE(q.nonZeros(), p.nonZeros());
    std::vector<std::uint32_t> rank(rows);
    for (std::size_t k = 0; k < rows; ++k)
        rank[order[k]] = std::uint32_t(k);
    for (std::size_t k = 0; k < rows; ++k) {
        // Row k of q is row order[k] of p, entry by entry in the same order, columns renamed.
        const std::size_t i = order[k];
        QCOMPARE(q.rowStart[k + 1] - q.rowStart[k], p.rowStart[i + 1] - p.rowStart[i]);
        for (std::size_t e = 0; e < p.rowStart[i + 1] - p.rowStart[i]; ++e) {
            QCOMPARE(q.columns[q.rowStart[k] + e], rank[p.columns[p.rowStart[i] + e]]);
            QCOMPARE(q.values[q.rowStart[k] + e], p.values[p.rowStart[i] + e]);
        }
    }
}

// The optimiser renumbers into the storage of the P before last: what that storage held must
// not show through, and its memory is reused, not reallocated.
void TestTsneLocality::renumberingReusesStorage() {
    const std::size_t rows = 300;
    const TsneAffinities p = randomAffinities(rows, 12, 3);
    std::vector<std::uint32_t> first(rows), second(rows);
    for (std::size_t k = 0; k < rows; ++k)
        first[k] = second[k] = std::uint32_t(k);
    std::shuffle(first.begin(), first.end(), std::mt19937(4));
    std::shuffle(second.begin(), second.end(), std::mt19937(5));
    ThreadPool pool(2);
    TsneAffinities out = renumberAffinities(p, first, pool);
    const std::uint32_t* storage = out.columns.data();
    renumberAffinities(p, second, pool, out);
    const TsneAffinities fresh = renumberAffinities(p, second, pool);
    QCOMPARE(out.rows, fresh.rows);
    QVERIFY(out.rowStart == fresh.rowStart);
    QVERIFY(out.columns == fresh.columns);
    QVERIFY(out.values == fresh.values);
    QCOMPARE(out.columns.data(), storage);
}

void TestTsneLocality::renumberedRunMatchesPlainRun() {
    // P of clustered 10-dimensional rows (perplexity 30), started from their first two columns
    // scaled down as a PCA start is.
    const std::size_t rows = 6000;
    const RowMatrix data = clusters(rows, 10, 10.0, 8);
    KnnOptions knn;
    knn.k = 90;
    const TsneAffinities p = computeTsneAffinities(computeKnnGraph(data, knn), 30.0);
    const RowMatrix start = data.leftCols(2) * 1e-4f;
    TsneOptions options;
    options.method = TsneMethod::Fft;
    options.earlyExaggerationIterations = 100;
    options.callbackInterval = 0;
    auto run = [&](std::size_t iterations, bool renumber, RowMatrix* seen = nullptr) {
        options.iterations = iterations;
        options.localityMinRows = renumber ? 1 : 0;
        options.callback = [seen](const TsneSnapshot& snapshot) {
            if (seen) *seen = snapshot.coordinates;
            return true;
        };
        return optimizeTsne(p, start, options);
    };
    // A few steps: the same layout up to the FFT's rounding (points are spread onto the grid in
    // another order), returned in the input's order.
    const RowMatrix fewPlain = run(5, false).coordinates, fewRenumbered = run(5, true).coordinates;
    const double extent =
        (fewPlain.colwise().maxCoeff() - fewPlain.colwise().minCoeff()).maxCoeff();
    QVERIFY((fewRenumbered - fewPlain).cwiseAbs().maxCoeff() < 1e-5 * extent);
    // A whole run, renumbered at iterations 0, 100 and 200: the gains' sign tests turn rounding
    // into different trajectories within a few dozen steps, so compare what must hold whatever
    // the trajectory: rows still where their input rows are (a scrambled order would keep
    // almost none of their neighbours), the same quality and divergence, and the callback
    // seeing the input's order.
    RowMatrix seen;
    const TsneResult plain = run(250, false), renumbered = run(250, true, &seen);
    QVERIFY(seen == renumbered.coordinates);
    const double kept = knnPreservation(data, renumbered.coordinates);
    const double keptPlain = knnPreservation(data, plain.coordinates);
    qInfo("10-NN preservation %.4f renumbered, %.4f plain; KL %.4f and %.4f", kept, keptPlain,
          renumbered.klDivergence, plain.klDivergence);
    QVERIFY(keptPlain > 0.2); // rows in a wrong order would keep about 10 / 6000
    QVERIFY(std::abs(kept - keptPlain) < 0.03);
    QVERIFY(std::abs(renumbered.klDivergence / plain.klDivergence - 1) < 0.02);
}

void TestTsneLocality::longStepsAreShortened() {
    // One step at a rate so high that some points would move farther than the limit: those move
    // exactly the limit's length in the same direction, the others as without a limit.
    const std::size_t rows = 200;
    const TsneAffinities p = randomAffinities(rows, 8, 11);
    const RowMatrix layout = clusters(rows, 2, 4.0, 12);
    TsneOptions options;
    options.method = TsneMethod::Exact;
    options.iterations = 1;
    options.earlyExaggerationIterations = 0;
    options.learningRate = 2000;
    options.maxStepNorm = 0;
    const RowMatrix free = optimizeTsne(p, layout, options).coordinates - layout;
    options.maxStepNorm = 0.5;
    const RowMatrix limited = optimizeTsne(p, layout, options).coordinates - layout;
    std::size_t shortened = 0, kept = 0;
    for (Eigen::Index i = 0; i < Eigen::Index(rows); ++i) {
        const double length = free.row(i).norm();
        if (length > 0.5) {
            ++shortened;
            QVERIFY(std::abs(limited.row(i).norm() - 0.5) < 1e-5);
            QVERIFY((limited.row(i) - free.row(i) * float(0.5 / length)).norm() < 1e-5);
        } else {
            ++kept;
            QVERIFY((limited.row(i) - free.row(i)).norm() < 1e-6);
        }
    }
    qInfo("%zu steps shortened, %zu kept", shortened, kept);
    QVERIFY(shortened > 10 && kept > 10);
}

void TestTsneLocality::stepLimitMustBeValid() {
    const TsneAffinities p = randomAffinities(50, 6, 13);
    const RowMatrix layout = clusters(50, 2, 1.0, 14);
    TsneOptions options;
    options.iterations = 1;
    for (double bad : {-1.0, std::nan(""), HUGE_VAL}) {
        options.maxStepNorm = bad;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizeTsne(p, layout, options));
    }
}

QTEST_GUILESS_MAIN(TestTsneLocality)
#include "test_tsne_locality.moc"
