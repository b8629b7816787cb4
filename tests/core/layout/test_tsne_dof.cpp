// t-SNE's degrees of freedom a (TsneOptions::degreesOfFreedom), the kernel
// w = (1 + d^2 / a)^-a: the exact repulsion and the KL divergence against sums written out here
// in double, the gradient against finite differences of that divergence, Barnes-Hut and FFT
// against the exact repulsion for heavy (0.5) and light (2) tails, and bad values rejected.
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

Q_DECLARE_METATYPE(vecspace::TsneMethod)

namespace {

// A dense, symmetric P with random positive entries summing to 1, no diagonal.
TsneAffinities randomAffinities(std::size_t rows, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uniform(0.1, 1.0);
    std::vector<double> dense(rows * rows, 0.0);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = i + 1; j < rows; ++j)
            dense[i * rows + j] = dense[j * rows + i] = uniform(rng);
    return affinitiesFromDense(dense, rows);
}

using Layout = std::vector<std::vector<double>>;

Layout toDouble(const RowMatrix& m) {
    Layout y(std::size_t(m.rows()), std::vector<double>(std::size_t(m.cols())));
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index d = 0; d < m.cols(); ++d)
            y[std::size_t(i)][std::size_t(d)] = m(i, d);
    return y;
}

double squaredDistance(const Layout& y, std::size_t i, std::size_t j) {
    double d2 = 0;
    for (std::size_t d = 0; d < y[i].size(); ++d)
        d2 += (y[i][d] - y[j][d]) * (y[i][d] - y[j][d]);
    return d2;
}

// KL(P || Q) straight from the definition: w = (1 + d^2 / a)^-a, q = w / sum of w over i != j.
double handDivergence(const TsneAffinities& p, const Layout& y, double a) {
    double z = 0;
    for (std::size_t i = 0; i < y.size(); ++i)
        for (std::size_t j = 0; j < y.size(); ++j)
            if (j != i) z += std::pow(1 + squaredDistance(y, i, j) / a, -a);
    double kl = 0;
    for (std::size_t i = 0; i < p.rows; ++i)
        for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
            const double pij = p.values[e];
            const double q = std::pow(1 + squaredDistance(y, i, p.columns[e]) / a, -a) / z;
            kl += pij * std::log(pij / q);
        }
    return kl;
}

} // namespace

class TestTsneDof : public QObject {
    Q_OBJECT

private slots:
    void exactRepulsionMatchesHandSums_data();
    void exactRepulsionMatchesHandSums();
    void gradientMatchesFiniteDifferences_data();
    void gradientMatchesFiniteDifferences();
    void approximationsMatchExact_data();
    void approximationsMatchExact();
    void rejectsBadValues();
};

void TestTsneDof::exactRepulsionMatchesHandSums_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<double>("alpha");
    for (int dims : {2, 3})
        for (double alpha : {0.3, 0.5, 1.0, 2.0, 5.0})
            QTest::addRow("%dD a %g", dims, alpha) << dims << alpha;
}

// forces_i = sum_j w_ij^((a + 1) / a) (y_i - y_j) and Z = sum w_ij, in double by hand. The
// kernel's power is a polynomial approximation in float (about 1e-6 relative).
void TestTsneDof::exactRepulsionMatchesHandSums() {
    QFETCH(int, dims);
    QFETCH(double, alpha);
    const RowMatrix layout = clusters(300, dims, 8.0, 11);
    const Layout y = toDouble(layout);
    TsneOptions options;
    options.degreesOfFreedom = alpha;
    options.forceLaw = TsneForceLaw::KlGradient; // 3D's default is sklearn's (test_tsne_forces)
    const Repulsion exact = repulsion(TsneMethod::Exact, layout, options);
    double z = 0;
    RowMatrix forces = RowMatrix::Zero(layout.rows(), layout.cols());
    std::vector<std::vector<double>> f(y.size(), std::vector<double>(std::size_t(dims), 0.0));
    for (std::size_t i = 0; i < y.size(); ++i)
        for (std::size_t j = 0; j < y.size(); ++j) {
            if (j == i) continue;
            const double w = std::pow(1 + squaredDistance(y, i, j) / alpha, -alpha);
            z += w;
            for (int d = 0; d < dims; ++d)
                f[i][std::size_t(d)] += std::pow(w, (alpha + 1) / alpha) * (y[i][d] - y[j][d]);
        }
    for (std::size_t i = 0; i < y.size(); ++i)
        for (int d = 0; d < dims; ++d)
            forces(Eigen::Index(i), d) = float(f[i][std::size_t(d)] / z);
    const double gradientError = (exact.gradient - forces).norm() / forces.norm();
    qInfo("relative error: gradient %.2e, Z %.2e", gradientError, std::abs(exact.z / z - 1));
    QVERIFY2(gradientError < 1e-5, qPrintable(QString::number(gradientError)));
    QVERIFY2(std::abs(exact.z / z - 1) < 1e-5, qPrintable(QString::number(exact.z / z - 1)));
}

void TestTsneDof::gradientMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<double>("alpha");
    for (int dims : {2, 3})
        for (double alpha : {0.5, 1.0, 2.0})
            QTest::addRow("%dD a %g", dims, alpha) << dims << alpha;
}

// One step of optimizeTsne moves each point by -rate x gain x gradient (as in test_tsne.cpp's
// comparison with sklearn); the gradient, without the paper's factor 4, must be a quarter of the
// central differences of the divergence above. The divergence itself must match too.
void TestTsneDof::gradientMatchesFiniteDifferences() {
    QFETCH(int, dims);
    QFETCH(double, alpha);
    const std::size_t rows = 25;
    const TsneAffinities p = randomAffinities(rows, 3);
    const RowMatrix layout = clusters(rows, dims, 4.0, 7);
    TsneOptions options;
    options.method = TsneMethod::Exact;
    options.degreesOfFreedom = alpha;
    options.forceLaw = TsneForceLaw::KlGradient; // the gradient, in 3D too
    const Layout y = toDouble(layout);
    const double kl = tsneKlDivergence(p, layout, options);
    QVERIFY2(std::abs(kl / handDivergence(p, y, alpha) - 1) < 1e-5,
             qPrintable(QString("%1 vs %2").arg(kl).arg(handDivergence(p, y, alpha))));

    options.iterations = 1;
    options.earlyExaggerationIterations = 0;
    options.learningRate = 1000 / 0.8;
    options.maxStepNorm = 0; // the whole step, to read the gradient from
    const TsneResult step = optimizeTsne(p, layout, options);
    QCOMPARE(step.degreesOfFreedom, alpha);
    const RowMatrix gradient = (layout - step.coordinates) / 1000.0f;
    const double h = 1e-5;
    double worst = 0, largest = 0;
    for (std::size_t i = 0; i < rows; ++i)
        for (int d = 0; d < dims; ++d) {
            Layout plus = y, minus = y;
            plus[i][std::size_t(d)] += h;
            minus[i][std::size_t(d)] -= h;
            const double want =
                (handDivergence(p, plus, alpha) - handDivergence(p, minus, alpha)) / (2 * h) / 4;
            worst = std::max(worst, std::abs(double(gradient(Eigen::Index(i), d)) - want));
            largest = std::max(largest, std::abs(want));
        }
    qInfo("largest gradient %.3e, worst difference %.3e", largest, worst);
    QVERIFY(largest > 1e-4);
    QVERIFY2(worst < 1e-3 * largest, qPrintable(QString::number(worst / largest)));
}

void TestTsneDof::approximationsMatchExact_data() {
    QTest::addColumn<TsneMethod>("method");
    QTest::addColumn<int>("dims");
    QTest::addColumn<double>("scale");
    QTest::addColumn<double>("nearBoxes");
    QTest::addColumn<double>("alpha");
    QTest::addColumn<double>("bound"); // on both |dF| / |F| and |dZ| / Z
    // The bounds of test_tsne.cpp's repulsionMatchesExact: 0.04 theta^2 for Barnes-Hut at
    // theta 0.1, 1% for the FFT grids; the kernel's shape changes the constants a little.
    for (double alpha : {0.5, 2.0}) {
        for (int dims : {2, 3})
            QTest::addRow("barnes-hut %dD a %g", dims, alpha)
                << TsneMethod::BarnesHut << dims << 30.0 << 0.0 << alpha << 4e-4;
        QTest::addRow("fft 2D compact a %g", alpha)
            << TsneMethod::Fft << 2 << 10.0 << 2.0 << alpha << 0.01;
        QTest::addRow("fft 2D sparse, near field a %g", alpha)
            << TsneMethod::Fft << 2 << 150.0 << 2.0 << alpha << 0.01;
        QTest::addRow("fft 2D compact, no near field a %g", alpha)
            << TsneMethod::Fft << 2 << 10.0 << 0.0 << alpha << 0.01;
        QTest::addRow("fft 3D sparse, near field a %g", alpha)
            << TsneMethod::Fft << 3 << 150.0 << 2.0 << alpha << 0.01;
    }
}

void TestTsneDof::approximationsMatchExact() {
    QFETCH(TsneMethod, method);
    QFETCH(int, dims);
    QFETCH(double, scale);
    QFETCH(double, nearBoxes);
    QFETCH(double, alpha);
    QFETCH(double, bound);
    const RowMatrix layout = clusters(800, dims, scale, 5);
    TsneOptions options;
    options.degreesOfFreedom = alpha;
    options.forceLaw = TsneForceLaw::KlGradient; // the one law of the FFT
    options.theta = 0.1;
    options.fftNearFieldBoxes = nearBoxes;
    options.fftMinIntervals = dims == 3 ? 10 : 50;
    const Repulsion exact = repulsion(TsneMethod::Exact, layout, options);
    const Repulsion approximate = repulsion(method, layout, options);
    const double gradientError =
        (approximate.gradient - exact.gradient).norm() / exact.gradient.norm();
    const double zError = std::abs(approximate.z / exact.z - 1);
    qInfo("relative error: gradient %.2e, Z %.2e", gradientError, zError);
    QVERIFY2(gradientError < bound, qPrintable(QString::number(gradientError)));
    QVERIFY2(zError < bound, qPrintable(QString::number(zError)));
    // The tails matter: the same layout under the Cauchy kernel is far from these sums.
    options.degreesOfFreedom = 1;
    const Repulsion cauchy = repulsion(TsneMethod::Exact, layout, options);
    QVERIFY(std::abs(cauchy.z / exact.z - 1) > 10 * bound);
}

void TestTsneDof::rejectsBadValues() {
    const RowMatrix data = clusters(60, 5, 10.0, 1);
    const TsneAffinities p = randomAffinities(60, 2);
    const RowMatrix layout = clusters(60, 2, 3.0, 4);
    for (double bad : {-1.0, -1e-9, std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity()}) {
        TsneOptions options;
        options.iterations = 10;
        options.degreesOfFreedom = bad;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTsne(data, options));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizeTsne(p, layout, options));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tsneKlDivergence(p, layout, options));
        try {
            computeTsne(data, options);
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("degrees of freedom"), e.what());
        }
    }
    // 0 is the default of the dimensions; small and large values are fine.
    TsneOptions options;
    options.iterations = 10;
    options.earlyExaggerationIterations = 5;
    for (std::size_t dims : {2, 3}) {
        options.dimensions = dims;
        options.degreesOfFreedom = 0;
        QCOMPARE(computeTsne(data, options).degreesOfFreedom,
                 dims == 2 ? kTsneDefaultDegreesOfFreedom2D : kTsneDefaultDegreesOfFreedom3D);
    }
    for (double fine : {1e-3, 0.5, 100.0}) {
        options.degreesOfFreedom = fine;
        const TsneResult result = computeTsne(data, options);
        QCOMPARE(result.degreesOfFreedom, fine);
        QVERIFY(result.coordinates.allFinite());
    }
}

QTEST_GUILESS_MAIN(TestTsneDof)
#include "test_tsne_dof.moc"
