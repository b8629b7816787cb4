// The similarity index's half-precision storage: chosen when it is exact (BF16 and F16 models),
// answering as the float32 copy does; forced bfloat16 on float32 vectors answering as numpy does
// on the rounded vectors. Reference: tests/data/llm/half_storage.json
// (tests/reference/make_half_storage_reference.py, numpy on the files' bytes).
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/semantic/analogy.h"
#include "vecspace/semantic/analogy_solver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace vecspace;

namespace {

QJsonObject reference() {
    QFile file(testsupport::data("llm/half_storage.json"));
    if (!file.open(QIODevice::ReadOnly)) qFatal("tests/data/llm/half_storage.json is missing");
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Rows and scores against [[row, score], ...].
QString mismatch(const std::vector<Neighbor>& got, const QJsonArray& expected, double tolerance) {
    if (got.size() != std::size_t(expected.size()))
        return QString("%1 results, expected %2").arg(got.size()).arg(expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        const auto row = std::size_t(expected[i].toArray()[0].toInt());
        const double score = expected[i].toArray()[1].toDouble();
        if (got[std::size_t(i)].row != row ||
            std::abs(got[std::size_t(i)].score - score) > tolerance)
            return QString("result %1: row %2 score %3, expected row %4 score %5")
                .arg(i)
                .arg(got[std::size_t(i)].row)
                .arg(got[std::size_t(i)].score, 0, 'g', 9)
                .arg(row)
                .arg(score, 0, 'g', 9);
    }
    return {};
}

} // namespace

class TestHalfStorage : public QObject {
    Q_OBJECT

private slots:
    void autoChoosesExactStorage_data();
    void autoChoosesExactStorage();
    void modelNeighboursMatchNumpy_data();
    void modelNeighboursMatchNumpy();
    void leadingSpaceAnalogyMatchesNumpy_data();
    void leadingSpaceAnalogyMatchesNumpy();
    void forcedBfloat16MatchesRoundedNumpy();
    void batchEqualsSingleQueries();
    void storageNames();
};

void TestHalfStorage::autoChoosesExactStorage_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("kind");
    QTest::newRow("BF16 safetensors") << "llm/gpt2-tiny-bf16" << int(UnitRows::Kind::BFloat16);
    QTest::newRow("F16 safetensors") << "llm/gpt2-tiny-f16" << int(UnitRows::Kind::Float16);
    QTest::newRow("BF16 GGUF") << "llm/gguf/tiny-BF16.gguf" << int(UnitRows::Kind::BFloat16);
    QTest::newRow("F32 safetensors") << "llm/gpt2-tiny" << int(UnitRows::Kind::Float32);
    QTest::newRow("GloVe text") << "glove.6B.100d.top2717.txt" << int(UnitRows::Kind::Float32);
}

void TestHalfStorage::autoChoosesExactStorage() {
    QFETCH(QString, file);
    QFETCH(int, kind);
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath(qPrintable(file)));
    const SimilarityIndex index(set);
    QCOMPARE(int(index.unitRows().kind()), kind);
    QVERIFY(index.unitRows().exact());
    const std::size_t valueBytes = kind == int(UnitRows::Kind::Float32) ? 4 : 2;
    QVERIFY(index.unitRows().bytes() <= set.rows() * (set.dims() * valueBytes + 4));
    // Every stored row is the set's row over its norm.
    for (std::size_t r = 0; r < set.rows(); r += 7) {
        const Eigen::VectorXf expected = set.vectors.row(Eigen::Index(r)).normalized();
        QVERIFY((index.unitRow(r) - expected).cwiseAbs().maxCoeff() < 2e-7f);
    }
}

void TestHalfStorage::modelNeighboursMatchNumpy_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("storage");
    for (const char* model : {"gpt2-tiny-bf16", "gpt2-tiny-f16"}) {
        QTest::addRow("%s auto", model) << model << int(IndexStorage::Auto);
        QTest::addRow("%s float32", model) << model << int(IndexStorage::Float32);
    }
}

void TestHalfStorage::modelNeighboursMatchNumpy() {
    QFETCH(QString, model);
    QFETCH(int, storage);
    const QJsonObject expected = reference()["models"].toObject()[model].toObject();
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath(qPrintable("llm/" + model)));
    const SimilarityIndex index(set, {IndexStorage(storage), 0});
    const QJsonObject neighbors = expected["neighbors"].toObject();
    QVERIFY(!neighbors.isEmpty());
    for (const QString& query : neighbors.keys()) {
        NeighborOptions options;
        options.k = 5;
        const QString why = mismatch(index.nearestToRow(query.toULong(), options),
                                     neighbors[query].toArray(), 1e-6);
        QVERIFY2(why.isEmpty(), qPrintable("row " + query + ": " + why));
    }
}

void TestHalfStorage::leadingSpaceAnalogyMatchesNumpy_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("bf16") << "gpt2-tiny-bf16";
    QTest::newRow("f16") << "gpt2-tiny-f16";
}

void TestHalfStorage::leadingSpaceAnalogyMatchesNumpy() {
    // GPT-2's word tokens start with a space (Ġking shows as " king"): quoted in the expression.
    QFETCH(QString, model);
    const QJsonObject analogy =
        reference()["models"].toObject()[model].toObject()["analogy"].toObject();
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath(qPrintable("llm/" + model)));
    const SimilarityIndex index(set);
    QVERIFY(index.unitRows().kind() != UnitRows::Kind::Float32);
    const LabelIndex labels(set.labels);
    AnalogyRequest request;
    request.k = 3;
    const AnalogyReport report =
        solveAnalogy(index, labels, analogy["expression"].toString().toStdString(), request);
    QCOMPARE(int(report.terms.size()), 3);
    QCOMPARE(QString::fromStdString(set.labels[report.terms[0].row]), QString(" king"));
    std::vector<Neighbor> got;
    for (const RankedRow& row : report.results)
        got.push_back({row.row, row.score});
    const QString why = mismatch(got, analogy["top3"].toArray(), 1e-6);
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

void TestHalfStorage::forcedBfloat16MatchesRoundedNumpy() {
    const QJsonObject glove = reference()["glove"].toObject();
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    const SimilarityIndex rounded(set, {IndexStorage::BFloat16, 0});
    const SimilarityIndex exact(set, {IndexStorage::Float32, 0});
    QCOMPARE(rounded.unitRows().kind(), UnitRows::Kind::BFloat16);
    QVERIFY(!rounded.unitRows().exact());
    QVERIFY(rounded.unitRows().bytes() * 2 < exact.unitRows().bytes() * 1.1);
    const QJsonObject queries = glove["queries"].toObject();
    for (const QString& word : queries.keys()) {
        const QJsonObject query = queries[word].toObject();
        NeighborOptions options;
        const auto row = std::size_t(query["row"].toInt());
        QCOMPARE(QString::fromStdString(set.labels[row]), word);
        const QString why =
            mismatch(rounded.nearestToRow(row, options), query["bfloat16"].toArray(), 2e-6);
        QVERIFY2(why.isEmpty(), qPrintable(word + ": " + why));
        QVERIFY(
            mismatch(exact.nearestToRow(row, options), query["float32"].toArray(), 2e-6).isEmpty());
        // Each rounded value is within 2^-9 of its own magnitude: cosines within 2^-8.
        for (const Neighbor& n : rounded.nearestToRow(row, options))
            QVERIFY(std::abs(n.score - exact.cosine(row, n.row)) < 1.0f / 256);
    }
}

void TestHalfStorage::batchEqualsSingleQueries() {
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath("llm/gpt2-tiny-bf16"));
    const SimilarityIndex index(set);
    NeighborOptions options;
    options.k = 6;
    const auto batch = index.nearestBatch(set.vectors, options);
    for (std::size_t r = 0; r < set.rows(); ++r) {
        const auto single = index.nearest(set.vectors.row(Eigen::Index(r)).transpose(), options);
        QCOMPARE(batch[r].size(), single.size());
        for (std::size_t i = 0; i < single.size(); ++i) {
            QCOMPARE(batch[r][i].row, single[i].row);
            QVERIFY(std::abs(batch[r][i].score - single[i].score) < 1e-6f);
        }
    }
}

void TestHalfStorage::storageNames() {
    for (IndexStorage s : {IndexStorage::Auto, IndexStorage::Float32, IndexStorage::BFloat16})
        QCOMPARE(parseIndexStorage(indexStorageName(s)), s);
    try {
        parseIndexStorage("fp8");
        QFAIL("fp8 accepted");
    } catch (const std::invalid_argument& e) {
        QVERIFY(QString(e.what()).contains("expected auto, float32 or bfloat16"));
    }
}

QTEST_APPLESS_MAIN(TestHalfStorage)
#include "test_half_storage.moc"
