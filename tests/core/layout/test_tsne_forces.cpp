// t-SNE's force law (TsneOptions::forceLaw): sklearn's kernel-weighted forces (attraction
// p_ij w_ij, repulsion w_ij^2 / Z, with w = (1 + d^2 / a)^-a) against sums written out here in
// double, both halves through one optimisation step, Barnes-Hut against exact, the same bits as
// the KL gradient where a = 1, the FFT refused, and the defaults (law, exaggeration) resolved.
#include "base/thread_pool.h"
#include "layout/tsne_repulsion.h"
#include "test_support.h"
#include "tsne_test_support.h"
#include "vecspace/layout/tsne.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <random>

using namespace vecspace;
using namespace tsnetest;

namespace {

// A sparse symmetric P: each row linked to the next three (cyclically), random weights, sum 1.
TsneAffinities ringAffinities(std::size_t rows, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uniform(0.1, 1.0);
    std::vector<double> dense(rows * rows, 0.0);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t k = 1; k <= 3; ++k) {
            const std::size_t j = (i + k) % rows;
            dense[i * rows + j] = dense[j * rows + i] = uniform(rng);
        }
    return affinitiesFromDense(dense, rows);
}

double kernel(const RowMatrix& y, Eigen::Index i, Eigen::Index j, double a) {
    double d2 = 0;
    for (Eigen::Index d = 0; d < y.cols(); ++d)
        d2 += (double(y(i, d)) - y(j, d)) * (double(y(i, d)) - y(j, d));
    return std::pow(1 + d2 / a, -a);
}

// The repulsion of sklearn's law by hand: sum_j w_ij^2 (y_i - y_j) / Z and Z = sum w_ij.
RowMatrix handRepulsion(const RowMatrix& y, double a, double& z) {
    z = 0;
    std::vector<double> f(std::size_t(y.size()), 0.0);
    for (Eigen::Index i = 0; i < y.rows(); ++i)
        for (Eigen::Index j = 0; j < y.rows(); ++j) {
            if (j == i) continue;
            const double w = kernel(y, i, j, a);
            z += w;
            for (Eigen::Index d = 0; d < y.cols(); ++d)
                f[std::size_t(i * y.cols() + d)] += w * w * (double(y(i, d)) - y(j, d));
        }
    RowMatrix out(y.rows(), y.cols());
    for (Eigen::Index k = 0; k < y.size(); ++k)
        out.data()[k] = float(f[std::size_t(k)] / z);
    return out;
}

TsneOptions sklearnLaw(double a) {
    TsneOptions options;
    options.forceLaw = TsneForceLaw::KernelWeighted;
    options.degreesOfFreedom = a;
    return options;
}

} // namespace

class TestTsneForces : public QObject {
    Q_OBJECT

private slots:
    void exactRepulsionMatchesHandSums_data();
    void exactRepulsionMatchesHandSums();
    void stepMatchesHandForces_data();
    void stepMatchesHandForces();
    void barnesHutMatchesExact_data();
    void barnesHutMatchesExact();
    void cauchyKernelIsTheSameLayout();
    void fftRefusedAndDefaultsResolved();
};

void TestTsneForces::exactRepulsionMatchesHandSums_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<double>("alpha");
    for (int dims : {2, 3})
        for (double alpha : {0.5, 1.0, 1.5, 3.0})
            QTest::addRow("%dD a %g", dims, alpha) << dims << alpha;
}

void TestTsneForces::exactRepulsionMatchesHandSums() {
    QFETCH(int, dims);
    QFETCH(double, alpha);
    const RowMatrix layout = clusters(300, dims, 8.0, 11);
    double z = 0;
    const RowMatrix want = handRepulsion(layout, alpha, z);
    const Repulsion exact = repulsion(TsneMethod::Exact, layout, sklearnLaw(alpha));
    const double error = (exact.gradient - want).norm() / want.norm();
    qInfo("relative error: forces %.2e, Z %.2e", error, std::abs(exact.z / z - 1));
    QVERIFY2(error < 1e-5, qPrintable(QString::number(error)));
    QVERIFY2(std::abs(exact.z / z - 1) < 1e-5, qPrintable(QString::number(exact.z / z - 1)));
    if (alpha == 1.0) return;
    // Not the KL gradient's forces w^((a + 1) / a): the law must reach the sums.
    TsneOptions kl = sklearnLaw(alpha);
    kl.forceLaw = TsneForceLaw::KlGradient;
    const Repulsion gradient = repulsion(TsneMethod::Exact, layout, kl);
    QVERIFY((gradient.gradient - want).norm() > 100 * error * want.norm());
}

void TestTsneForces::stepMatchesHandForces_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<double>("alpha");
    for (int dims : {2, 3})
        for (double alpha : {0.5, 1.5})
            QTest::addRow("%dD a %g", dims, alpha) << dims << alpha;
}

// One step of optimizeTsne moves each point by -rate x gain x g (gain 0.8 after the first step,
// as in test_tsne_dof.cpp), g_i = sum_j p_ij w_ij (y_i - y_j) - sum_j w_ij^2 (y_i - y_j) / Z.
void TestTsneForces::stepMatchesHandForces() {
    QFETCH(int, dims);
    QFETCH(double, alpha);
    const std::size_t rows = 40;
    const TsneAffinities p = ringAffinities(rows, 3);
    const RowMatrix layout = clusters(rows, dims, 4.0, 7);
    TsneOptions options = sklearnLaw(alpha);
    options.method = TsneMethod::Exact;
    options.iterations = 1;
    options.earlyExaggerationIterations = 0;
    options.learningRate = 1000 / 0.8;
    options.maxStepNorm = 0; // the whole step, to read the gradient from
    const TsneResult step = optimizeTsne(p, layout, options);
    QVERIFY(step.forceLaw == TsneForceLaw::KernelWeighted);
    const RowMatrix gradient = (layout - step.coordinates) / 1000.0f;
    double z = 0;
    RowMatrix want = -handRepulsion(layout, alpha, z);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
            const auto r = Eigen::Index(i), c = Eigen::Index(p.columns[e]);
            const double pull = double(p.values[e]) * kernel(layout, r, c, alpha);
            for (int d = 0; d < dims; ++d)
                want(r, d) += float(pull * (double(layout(r, d)) - layout(c, d)));
        }
    const double error = (gradient - want).norm() / want.norm();
    qInfo("relative error of the step's forces: %.2e", error);
    // The step is a float difference of coordinates (measured 1.5e-7); taking b for w in either
    // half would be off by far more.
    QVERIFY2(error < 1e-4, qPrintable(QString::number(error)));
}

void TestTsneForces::barnesHutMatchesExact_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<double>("alpha");
    for (int dims : {2, 3})
        for (double alpha : {0.5, 1.5, 3.0})
            QTest::addRow("%dD a %g", dims, alpha) << dims << alpha;
}

// The bound of test_tsne_dof.cpp's approximationsMatchExact for Barnes-Hut at theta 0.1.
void TestTsneForces::barnesHutMatchesExact() {
    QFETCH(int, dims);
    QFETCH(double, alpha);
    const RowMatrix layout = clusters(800, dims, 30.0, 5);
    TsneOptions options = sklearnLaw(alpha);
    options.theta = 0.1;
    const Repulsion exact = repulsion(TsneMethod::Exact, layout, options);
    const Repulsion tree = repulsion(TsneMethod::BarnesHut, layout, options);
    const double error = (tree.gradient - exact.gradient).norm() / exact.gradient.norm();
    const double zError = std::abs(tree.z / exact.z - 1);
    qInfo("relative error: forces %.2e, Z %.2e", error, zError);
    QVERIFY2(error < 4e-4, qPrintable(QString::number(error)));
    QVERIFY2(zError < 4e-4, qPrintable(QString::number(zError)));
}

// With a = 1, w = b: both laws are standard t-SNE, and run the very same operations.
void TestTsneForces::cauchyKernelIsTheSameLayout() {
    const RowMatrix data = clusters(400, 8, 10.0, 2);
    for (TsneMethod method : {TsneMethod::Exact, TsneMethod::BarnesHut, TsneMethod::Fft}) {
        TsneOptions options;
        options.iterations = 60;
        options.earlyExaggerationIterations = 30;
        options.degreesOfFreedom = 1;
        options.method = method;
        options.forceLaw = TsneForceLaw::KlGradient;
        const TsneResult kl = computeTsne(data, options);
        options.forceLaw = TsneForceLaw::KernelWeighted;
        const TsneResult sklearn = computeTsne(data, options);
        QVERIFY(kl.coordinates == sklearn.coordinates);
        QCOMPARE(kl.klDivergence, sklearn.klDivergence);
    }
}

void TestTsneForces::fftRefusedAndDefaultsResolved() {
    const RowMatrix data = clusters(200, 6, 10.0, 1);
    TsneOptions options = sklearnLaw(1.5);
    options.iterations = 10;
    options.earlyExaggerationIterations = 5;
    options.method = TsneMethod::Fft;
    ThreadPool pool(1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             makeTsneRepulsion(TsneMethod::Fft, 2, options, pool));
    try {
        computeTsne(data, options);
        QFAIL("sklearn's law ran with the FFT");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString(e.what()).contains("force law"), e.what());
    }
    // Auto picks Barnes-Hut over the FFT for sklearn's law in 2D.
    options.method = TsneMethod::Auto;
    options.exactMaxRows = 100;
    QVERIFY(resolveTsneMethod(options, 200, 2) == TsneMethod::BarnesHut);
    options.forceLaw = TsneForceLaw::KlGradient;
    QVERIFY(resolveTsneMethod(options, 200, 2) == TsneMethod::Fft);

    options.forceLaw = static_cast<TsneForceLaw>(7);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTsne(data, options));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             resolveTsneForceLaw(options, 2, TsneMethod::Exact));

    options = TsneOptions{};
    options.iterations = 10;
    options.earlyExaggerationIterations = 5;
    for (std::size_t dims : {2, 3}) {
        options.dimensions = dims;
        const TsneResult result = computeTsne(data, options);
        QVERIFY(result.forceLaw == (dims == 2 ? kTsneDefaultForceLaw2D : kTsneDefaultForceLaw3D));
        QVERIFY(result.forceLaw != TsneForceLaw::Auto);
        QCOMPARE(result.earlyExaggeration,
                 dims == 2 ? kTsneDefaultEarlyExaggeration2D : kTsneDefaultEarlyExaggeration3D);
        QVERIFY(result.coordinates.allFinite());
    }
    // The FFT keeps the KL gradient under Auto, in 3D too; a chosen exaggeration is kept.
    options.method = TsneMethod::Fft;
    options.degreesOfFreedom = 1.5;
    options.earlyExaggeration = 5;
    const TsneResult fft = computeTsne(data, options);
    QVERIFY(fft.forceLaw == TsneForceLaw::KlGradient);
    QCOMPARE(fft.earlyExaggeration, 5.0);
    for (double bad : {-1.0, std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity()}) {
        options.earlyExaggeration = bad;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTsne(data, options));
    }
}

QTEST_GUILESS_MAIN(TestTsneForces)
#include "test_tsne_forces.moc"
