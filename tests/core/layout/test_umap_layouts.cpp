// UMAP layouts of sklearn's digits (tests/data/digits) keep the classes apart for every start,
// in 2D and 3D; the same seed gives the same layout on any thread count; epoch callbacks,
// progress and cancelling; the stages reported in order; bad options. The curve, graph and spectral
// start are in test_umap.cpp.
#include "test_support.h"
#include "umap_test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/layout_quality.h"
#include "vecspace/layout/projection.h"
#include "vecspace/layout/umap.h"

#include <QJsonObject>
#include <QtTest>
#include <algorithm>

using namespace vecspace;

class TestUmapLayouts : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void digitsLayoutKeepsClasses_data();
    void digitsLayoutKeepsClasses();
    void sameSeedSameLayout();
    void epochCallbackAndCancel();
    void progressCancels();
    void phasesInOrder_data();
    void phasesInOrder();
    void rejectsBadOptions();

private:
    QJsonObject m_reference;
    EmbeddingSet m_digits;
    std::vector<std::string> m_digitClass;
};

void TestUmapLayouts::initTestCase() {
    m_reference = umaptest::reference();
    QVERIFY(!m_reference.isEmpty());
    m_digits = loadEmbeddings(testsupport::dataPath("digits/digits.tsv"));
    QCOMPARE(m_digits.rows(), std::size_t(1797));
    const MetadataColumn* digit = m_digits.findMetadata("digit");
    QVERIFY(digit);
    m_digitClass = digit->values;
}

void TestUmapLayouts::digitsLayoutKeepsClasses_data() {
    QTest::addColumn<int>("components");
    QTest::addColumn<int>("init");
    QTest::newRow("2D, spectral") << 2 << int(UmapInit::Spectral);
    QTest::newRow("3D, spectral") << 3 << int(UmapInit::Spectral);
    QTest::newRow("2D, PCA") << 2 << int(UmapInit::Pca);
    QTest::newRow("2D, random") << 2 << int(UmapInit::Random);
}

void TestUmapLayouts::digitsLayoutKeepsClasses() {
    QFETCH(int, components);
    QFETCH(int, init);
    UmapOptions options;
    options.components = std::size_t(components);
    options.init = UmapInit(init);
    options.knnMethod = KnnMethod::Exact;
    options.seed = 42;
    const UmapResult result = computeUmap(m_digits.vectors, options);
    QCOMPARE(result.coordinates.rows(), Eigen::Index(1797));
    QCOMPARE(result.coordinates.cols(), Eigen::Index(components));
    QCOMPARE(result.epochs, std::size_t(500));
    QVERIFY(result.initUsed == UmapInit(init));
    QVERIFY(result.coordinates.allFinite());
    // Every row's 10 nearest layout neighbours (the core's measure, held against numpy in
    // test_layout_quality).
    const double agreement = labelAgreement(result.coordinates, m_digitClass);
    // umap-learn 0.5.3 (random_state 42): 0.981 in 2D, 0.979 in 3D.
    qInfo("10-NN class agreement %.4f (umap-learn %.4f)", agreement,
          m_reference["digits_umap_learn"].toObject()[QString::number(components)].toDouble());
    QVERIFY2(agreement >= 0.9, qPrintable(QString::number(agreement)));
}

void TestUmapLayouts::sameSeedSameLayout() {
    UmapOptions options;
    options.knnMethod = KnnMethod::Exact;
    options.epochs = 60;
    options.seed = 7;
    options.threads = 1;
    const RowMatrix one = computeUmap(m_digits.vectors, options).coordinates;
    QVERIFY(computeUmap(m_digits.vectors, options).coordinates == one);
    for (unsigned threads : {2u, 3u}) {
        options.threads = threads;
        QVERIFY2(computeUmap(m_digits.vectors, options).coordinates == one,
                 qPrintable(QString::number(threads)));
    }
    options.seed = 8;
    QVERIFY(computeUmap(m_digits.vectors, options).coordinates != one);
}

void TestUmapLayouts::epochCallbackAndCancel() {
    UmapOptions options;
    options.knnMethod = KnnMethod::Exact;
    options.epochs = 25;
    options.epochInterval = 10;
    std::vector<std::size_t> seen;
    RowMatrix last;
    options.onEpoch = [&](const RowMatrix& coordinates, std::size_t epoch) {
        seen.push_back(epoch);
        last = coordinates;
        return true;
    };
    const UmapResult result = computeUmap(m_digits.vectors, options);
    QCOMPARE(seen, (std::vector<std::size_t>{10, 20, 25}));
    QVERIFY(last == result.coordinates);

    seen.clear();
    options.onEpoch = [&](const RowMatrix&, std::size_t epoch) {
        seen.push_back(epoch);
        return false;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, computeUmap(m_digits.vectors, options));
    QCOMPARE(seen, (std::vector<std::size_t>{10}));
}

void TestUmapLayouts::progressCancels() {
    UmapOptions options;
    options.knnMethod = KnnMethod::Exact;
    options.epochs = 50;
    double highest = 0;
    options.progress = [&](double f) {
        highest = std::max(highest, f);
        return true;
    };
    computeUmap(m_digits.vectors, options);
    QCOMPARE(highest, 1.0);
    int calls = 0;
    options.progress = [&](double f) {
        ++calls;
        return f < 0.5;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, computeUmap(m_digits.vectors, options));
    QVERIFY(calls > 0);
}

void TestUmapLayouts::rejectsBadOptions() {
    UmapOptions options;
    options.components = 4;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeUmap(m_digits.vectors, options));
    options.components = 2;
    options.nNeighbors = 1797;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeUmap(m_digits.vectors, options));
    options.nNeighbors = 15;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             computeUmap(RowMatrix(RowMatrix::Zero(2, 5)), options));
    options.minDist = -0.1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeUmap(m_digits.vectors, options));
    options.minDist = 0.1;
    KnnOptions knnOptions;
    knnOptions.k = 5;
    const KnnGraph tooFew = computeKnnGraph(m_digits.vectors, knnOptions);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeUmap(m_digits.vectors, tooFew, options));
}

void TestUmapLayouts::phasesInOrder_data() {
    QTest::addColumn<int>("init");
    QTest::addColumn<QStringList>("phases");
    QTest::newRow("spectral") << int(UmapInit::Spectral)
                              << QStringList{"neighbours", "fuzzy graph", "spectral initialisation",
                                             "epochs"};
    QTest::newRow("random") << int(UmapInit::Random)
                            << QStringList{"neighbours", "fuzzy graph", "random initialisation",
                                           "epochs"};
}

// Through computeProjection, as the window runs it: each stage named once, in order, with the
// progress reached so far never going back, and the epochs' snapshots after the last stage.
void TestUmapLayouts::phasesInOrder() {
    QFETCH(int, init);
    QFETCH(QStringList, phases);
    ProjectionOptions options;
    options.method = ProjectionMethod::Umap;
    options.dimensions = 2;
    options.umap.init = UmapInit(init);
    options.umap.epochs = 20;
    options.umap.knnMethod = KnnMethod::Exact;
    QStringList seen;
    double fraction = 0;
    std::vector<double> fractionAtPhase;
    bool snapshotBeforeEpochs = false;
    options.progress = [&](double f) {
        fraction = std::max(fraction, f);
        return true;
    };
    options.phase = [&](const char* name) {
        seen << QString::fromUtf8(name);
        fractionAtPhase.push_back(fraction);
    };
    options.callback = [&](const ProjectionSnapshot&) {
        snapshotBeforeEpochs |= seen.isEmpty() || seen.last() != "epochs";
        return true;
    };
    computeProjection(m_digits.vectors, options);
    QCOMPARE(seen, phases);
    QVERIFY(std::is_sorted(fractionAtPhase.begin(), fractionAtPhase.end()));
    QVERIFY(fractionAtPhase.back() < 1.0);
    QVERIFY(!snapshotBeforeEpochs);
}

QTEST_GUILESS_MAIN(TestUmapLayouts)
#include "test_umap_layouts.moc"
