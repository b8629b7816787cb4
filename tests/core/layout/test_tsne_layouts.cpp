// t-SNE layouts: sklearn's digits laid out by every method, in 2D and 3D, keep the classes apart;
// the start and learning rate; the same layout whatever the thread count; seeds, callbacks and
// cancelling; the stages reported in order; bad options. The parts against exact sums and
// scikit-learn are in test_tsne.cpp.
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/knn_graph.h"
#include "vecspace/layout/layout_quality.h"
#include "vecspace/layout/pca.h"
#include "vecspace/layout/tsne.h"

#include <QtTest>
#include <algorithm>
#include <cmath>

using namespace vecspace;

Q_DECLARE_METATYPE(vecspace::TsneMethod)

namespace {

EmbeddingSet digits() {
    return loadEmbeddings(testsupport::dataPath("digits/digits.tsv"));
}

std::vector<std::string> digitClasses(const EmbeddingSet& set) {
    const MetadataColumn* column = set.findMetadata("digit");
    return column ? column->values : std::vector<std::string>();
}

} // namespace

class TestTsneLayouts : public QObject {
    Q_OBJECT

private slots:
    void startAndLearningRate();
    void digitsKeepTheirClasses_data();
    void digitsKeepTheirClasses();
    void sameLayoutForAnyThreadCount_data();
    void sameLayoutForAnyThreadCount();
    void seedsDecideRandomStarts();
    void callbacksAndCancel();
    void phasesInOrder();
    void rejectsBadOptions();
};

void TestTsneLayouts::startAndLearningRate() {
    const EmbeddingSet set = digits();
    TsneOptions options;
    options.iterations = 0;
    const TsneResult start = computeTsne(set.vectors, options);
    // 1,797 rows: N / 12 = 150 is below the floor of 200.
    QCOMPARE(start.learningRate, 200.0);
    QCOMPARE(start.iterations, std::size_t(0));
    // The PCA start: the first two principal components, scaled so that the first has standard
    // deviation 1e-4 (population formula, as numpy.std).
    PcaOptions pca;
    pca.components = 2;
    const RowMatrix components = computePca(set.vectors, pca).coordinates;
    const Eigen::ArrayXd first = start.coordinates.col(0).cast<double>().array();
    const double sd = std::sqrt((first - first.mean()).square().mean());
    QVERIFY(std::abs(sd / 1e-4 - 1) < 1e-5);
    const double scale = double(start.coordinates(0, 0)) / double(components(0, 0));
    QVERIFY((start.coordinates.cast<double>() - components.cast<double>() * scale)
                .cwiseAbs()
                .maxCoeff() < 1e-9);

    options.learningRate = 123;
    QCOMPARE(computeTsne(set.vectors, options).learningRate, 123.0);
    // 2,717 rows: N / 12 = 226.42 is above the floor.
    const EmbeddingSet glove = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    options.learningRate = 0;
    QCOMPARE(computeTsne(glove.vectors, options).learningRate, 2717.0 / 12.0);
}

void TestTsneLayouts::digitsKeepTheirClasses_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<TsneMethod>("method");
    QTest::addColumn<TsneMethod>("used");
    QTest::addRow("2D auto") << 2 << TsneMethod::Auto << TsneMethod::Exact;
    QTest::addRow("2D fft") << 2 << TsneMethod::Fft << TsneMethod::Fft;
    QTest::addRow("2D barnes-hut") << 2 << TsneMethod::BarnesHut << TsneMethod::BarnesHut;
    QTest::addRow("3D auto") << 3 << TsneMethod::Auto << TsneMethod::Exact;
    QTest::addRow("3D barnes-hut") << 3 << TsneMethod::BarnesHut << TsneMethod::BarnesHut;
}

void TestTsneLayouts::digitsKeepTheirClasses() {
    QFETCH(int, dims);
    QFETCH(TsneMethod, method);
    QFETCH(TsneMethod, used);
    const EmbeddingSet set = digits();
    const std::vector<std::string> classes = digitClasses(set);
    QCOMPARE(classes.size(), set.rows());
    TsneOptions options;
    options.dimensions = std::size_t(dims);
    options.method = method;
    const TsneResult result = computeTsne(set.vectors, options);
    QCOMPARE(result.method, used);
    QCOMPARE(result.iterations, std::size_t(1000));
    QCOMPARE(result.coordinates.rows(), Eigen::Index(set.rows()));
    QCOMPARE(result.coordinates.cols(), Eigen::Index(dims));
    // sklearn's t-SNE keeps 0.97 of these neighbourhoods in 2D (its 10-NN label agreement on
    // digits); the input space itself has 0.96. Over every row (the core's measure, held against
    // numpy in test_layout_quality).
    const double agreement = labelAgreement(result.coordinates, classes);
    qInfo("10-NN label agreement %.4f, KL %.4f", agreement, result.klDivergence);
    QVERIFY2(agreement >= 0.9, qPrintable(QString::number(agreement)));
    // The reported divergence uses the method's Z; the exact one differs by its error.
    KnnOptions knn;
    knn.k = 90;
    knn.method = KnnMethod::Exact;
    const TsneAffinities p = computeTsneAffinities(computeKnnGraph(set.vectors, knn), 30);
    TsneOptions exact;
    exact.method = TsneMethod::Exact;
    QVERIFY(std::abs(tsneKlDivergence(p, result.coordinates, exact) - result.klDivergence) < 0.01);
}

void TestTsneLayouts::sameLayoutForAnyThreadCount_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<TsneMethod>("method");
    QTest::addColumn<float>("spread"); // standard deviation of the start's first axis
    QTest::addRow("2D exact") << 2 << TsneMethod::Exact << 1e-4f;
    QTest::addRow("2D barnes-hut") << 2 << TsneMethod::BarnesHut << 1e-4f;
    QTest::addRow("2D fft") << 2 << TsneMethod::Fft << 1e-4f;
    // A start spread wide puts the FFT grid in its near-field mode from the first iteration.
    QTest::addRow("2D fft, near field") << 2 << TsneMethod::Fft << 40.0f;
    QTest::addRow("3D barnes-hut") << 3 << TsneMethod::BarnesHut << 1e-4f;
    QTest::addRow("3D fft, near field") << 3 << TsneMethod::Fft << 40.0f;
}

void TestTsneLayouts::sameLayoutForAnyThreadCount() {
    QFETCH(int, dims);
    QFETCH(TsneMethod, method);
    QFETCH(float, spread);
    const EmbeddingSet set = digits();
    KnnOptions knn;
    knn.k = 90;
    const TsneAffinities p = computeTsneAffinities(computeKnnGraph(set.vectors, knn), 30);
    PcaOptions pca;
    pca.components = std::size_t(dims);
    RowMatrix start = computePca(set.vectors, pca).coordinates;
    start *= spread / std::sqrt(start.col(0).squaredNorm() / float(start.rows()));
    TsneOptions options;
    options.method = method;
    options.iterations = 60;
    options.earlyExaggerationIterations = 30;
    options.fftMinIntervals = dims == 3 ? 10 : 50;
    RowMatrix first;
    for (unsigned threads : {1u, 2u, 3u, 0u}) {
        options.threads = threads;
        const TsneResult result = optimizeTsne(p, start, options);
        QCOMPARE(result.method, method);
        if (first.size() == 0)
            first = result.coordinates;
        else
            QVERIFY2(result.coordinates == first, qPrintable(QString("%1 threads").arg(threads)));
    }
    QVERIFY(first.allFinite());
    QVERIFY(first != start);
}

void TestTsneLayouts::seedsDecideRandomStarts() {
    const EmbeddingSet set = digits();
    TsneOptions options;
    options.init = TsneInit::Random;
    options.iterations = 20;
    options.seed = 7;
    const RowMatrix a = computeTsne(set.vectors, options).coordinates;
    const RowMatrix b = computeTsne(set.vectors, options).coordinates;
    QVERIFY(a == b);
    options.seed = 8;
    QVERIFY(computeTsne(set.vectors, options).coordinates != a);
    // The random start itself: normal with standard deviation 1e-4.
    options.iterations = 0;
    const RowMatrix start = computeTsne(set.vectors, options).coordinates;
    const double sd = std::sqrt(start.cast<double>().squaredNorm() / double(start.size()));
    QVERIFY(std::abs(sd / 1e-4 - 1) < 0.05);
}

void TestTsneLayouts::callbacksAndCancel() {
    const EmbeddingSet set = digits();
    TsneOptions options;
    options.iterations = 30;
    options.earlyExaggerationIterations = 10;
    options.callbackInterval = 10;
    std::vector<std::size_t> seen;
    std::vector<double> divergences;
    options.callback = [&](const TsneSnapshot& s) {
        seen.push_back(s.iteration);
        divergences.push_back(s.klDivergence);
        return s.coordinates.rows() == Eigen::Index(set.rows());
    };
    const TsneResult result = computeTsne(set.vectors, options);
    QCOMPARE(seen, (std::vector<std::size_t>{0, 10, 20, 30}));
    for (double kl : divergences)
        QVERIFY(std::isfinite(kl) && kl > 0);
    QCOMPARE(divergences.back(), result.klDivergence);

    // Returning false stops the run at that callback: Cancelled, and no further callbacks.
    seen.clear();
    options.callback = [&](const TsneSnapshot& s) {
        seen.push_back(s.iteration);
        return s.iteration < 10;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, computeTsne(set.vectors, options));
    QCOMPARE(seen, (std::vector<std::size_t>{0, 10}));

    // The progress function alike: it sees 0.35 once the affinities are done.
    options.callback = {};
    double last = 0;
    options.progress = [&](double fraction) {
        last = fraction;
        return fraction < 0.35;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, computeTsne(set.vectors, options));
    QCOMPARE(last, 0.35);
}

void TestTsneLayouts::rejectsBadOptions() {
    const EmbeddingSet set = digits();
    TsneOptions options;
    options.dimensions = 4;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTsne(set.vectors, options));
    options.dimensions = 2;
    options.perplexity = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTsne(set.vectors, options));
    options.perplexity = 30;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTsne(set.vectors.topRows(30), options));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTsne(set.vectors.topRows(1), options));
    options.earlyExaggeration = -1; // 0 is the default of the dimensions (test_tsne_forces.cpp)
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTsne(set.vectors, options));
}

// Digits have 64 columns: reduced to 30 by PCA first, then each stage once, in order, the
// snapshots only during the optimisation.
void TestTsneLayouts::phasesInOrder() {
    const EmbeddingSet set = digits();
    TsneOptions options;
    options.pcaDimensions = 30;
    options.iterations = 300;
    QStringList seen;
    bool snapshotBefore = false;
    options.onPhase = [&](const char* name) { seen << QString::fromUtf8(name); };
    options.callback = [&](const TsneSnapshot&) {
        snapshotBefore |= seen.isEmpty() || seen.last() != "optimisation";
        return true;
    };
    computeTsne(set.vectors, options);
    QCOMPARE(seen, (QStringList{"PCA reduction", "neighbours", "affinities", "initialisation",
                                "optimisation"}));
    QVERIFY(!snapshotBefore);
}

QTEST_GUILESS_MAIN(TestTsneLayouts)
#include "test_tsne_layouts.moc"
