// PCA against numpy's SVD on real GloVe vectors (tests/data/reference/numpy_pca.json), the
// randomized solver against the exact one, and the sign convention.
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/pca.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace vecspace;

namespace {

QJsonObject numpyReference(const QString& name) {
    QFile file(QString::fromStdString(testsupport::dataPath("reference/numpy_pca.json")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object()["cases"].toObject()[name].toObject();
}

bool near(double a, double b, double tolerance) {
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

} // namespace

class TestPca : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesNumpy_data();
    void matchesNumpy();
    void randomizedMatchesExact_data();
    void randomizedMatchesExact();
    void signConventionAndDeterminism();
    void rejectsImpossibleRequests();

private:
    EmbeddingSet m_glove;
};

void TestPca::initTestCase() {
    m_glove = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
}

void TestPca::matchesNumpy_data() {
    QTest::addColumn<bool>("spherize");
    QTest::addColumn<QJsonObject>("expected");
    QTest::newRow("plain") << false << numpyReference("plain");
    QTest::newRow("spherize") << true << numpyReference("spherize");
}

void TestPca::matchesNumpy() {
    QFETCH(bool, spherize);
    QFETCH(QJsonObject, expected);
    QVERIFY(!expected.isEmpty());
    PcaOptions options;
    options.components = 5;
    options.spherize = spherize;
    const PcaResult pca = computePca(m_glove.vectors, options);

    const QJsonArray ratios = expected["explained_variance_ratio"].toArray();
    const QJsonArray variances = expected["explained_variance"].toArray();
    for (int j = 0; j < 5; ++j) {
        QVERIFY2(near(pca.explainedVarianceRatio[j], ratios[j].toDouble(), 1e-6),
                 qPrintable(QString::number(j)));
        QVERIFY(near(pca.explainedVariance[j], variances[j].toDouble(), 1e-6));
        const QJsonArray axis = expected["components"].toArray()[j].toArray();
        for (int i = 0; i < axis.size(); ++i)
            QVERIFY(near(pca.axes(i, j), axis[i].toDouble(), 1e-5));
    }
    const QJsonArray mean = expected["mean_first5"].toArray();
    for (int i = 0; i < 5; ++i)
        QVERIFY(near(pca.mean[i], mean[i].toDouble(), 1e-7));
    const QJsonObject coordinates = expected["coordinates"].toObject();
    for (const QString& row : coordinates.keys()) {
        const QJsonArray values = coordinates[row].toArray();
        for (int j = 0; j < 5; ++j)
            QVERIFY2(near(pca.coordinates(row.toInt(), j), values[j].toDouble(), 1e-5),
                     qPrintable(row + ":" + QString::number(j)));
    }
}

void TestPca::randomizedMatchesExact_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("components");
    QTest::newRow("glove 100d, 2717 rows") << "glove.6B.100d.top2717.txt" << 5;
    QTest::newRow("glove 300d, 100 rows: wider than tall") << "glove.840B.300d.first100.txt" << 3;
}

void TestPca::randomizedMatchesExact() {
    QFETCH(QString, file);
    QFETCH(int, components);
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath(file.toUtf8().constData()));
    PcaOptions exact;
    exact.components = std::size_t(components);
    exact.solver = PcaOptions::Solver::Covariance;
    PcaOptions randomized = exact;
    randomized.solver = PcaOptions::Solver::Randomized;
    const PcaResult a = computePca(set.vectors, exact);
    const PcaResult b = computePca(set.vectors, randomized);
    QVERIFY(near(a.totalVariance, b.totalVariance, 1e-9));
    for (int j = 0; j < components; ++j) {
        QVERIFY2(near(a.explainedVariance[j], b.explainedVariance[j], 1e-6),
                 qPrintable(QString::number(j)));
        QVERIFY2((a.axes.col(j) - b.axes.col(j)).norm() < 1e-3, qPrintable(QString::number(j)));
    }
}

void TestPca::signConventionAndDeterminism() {
    PcaOptions options;
    options.components = 3;
    options.solver = PcaOptions::Solver::Randomized;
    options.seed = 7;
    const PcaResult a = computePca(m_glove.vectors, options);
    const PcaResult b = computePca(m_glove.vectors, options);
    QVERIFY(a.coordinates == b.coordinates);
    for (int j = 0; j < 3; ++j) {
        Eigen::Index largest = 0;
        a.axes.col(j).cwiseAbs().maxCoeff(&largest);
        QVERIFY(a.axes(largest, j) > 0);
        QVERIFY(std::abs(a.axes.col(j).norm() - 1.0) < 1e-9);
    }
}

void TestPca::rejectsImpossibleRequests() {
    PcaOptions options;
    options.components = 101;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePca(m_glove.vectors, options));
    options.components = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computePca(m_glove.vectors, options));
}

QTEST_GUILESS_MAIN(TestPca)
#include "test_pca.moc"
