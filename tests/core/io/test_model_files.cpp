// Language-model checkpoints (safetensors single and sharded, GGUF v2/v3 in every type we read)
// against tests/data/llm/reference.json, written with numpy by tests/reference/make_llm_models.py
// from the formats' documentation (no Vecspace code): the tensor chosen, every row (first rows
// and the last exactly, every row's sum), labels, raw tokens, ids and kinds; the tensor listing;
// --tensor; and each bad file ends in a LoadError that says what the reference says it must.
#include "test_support.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"
#include "vecspace/io/model_tensors.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <cmath>
#include <numeric>

using namespace vecspace;

namespace {

QJsonObject reference() {
    QFile file(QString::fromStdString(testsupport::dataPath("llm/reference.json")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

std::string llmPath(const QString& name) {
    return testsupport::dataPath(("llm/" + name).toUtf8().constData());
}

QString toQ(const std::string& s) {
    return QString::fromStdString(s);
}

void compareRow(const EmbeddingSet& set, int row, const QJsonArray& expected) {
    QCOMPARE(qsizetype(set.dims()), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const float want = float(expected[i].toDouble());
        const float got = set.vectors(row, Eigen::Index(i));
        if (got != want)
            QFAIL(qPrintable(QString("row %1, value %2: %3, expected %4")
                                 .arg(row)
                                 .arg(i)
                                 .arg(double(got), 0, 'g', 9)
                                 .arg(double(want), 0, 'g', 9)));
    }
}

} // namespace

class TestModelFiles : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void modelsMatchNumpy_data();
    void modelsMatchNumpy();
    void listsTensors_data();
    void listsTensors();
    void tensorOption();
    void badFilesSayWhy_data();
    void badFilesSayWhy();

private:
    QJsonObject m_reference;
};

void TestModelFiles::initTestCase() {
    m_reference = reference();
    QVERIFY(!m_reference.isEmpty());
    QVERIFY(m_reference["models"].toObject().size() >= 19);
}

void TestModelFiles::modelsMatchNumpy_data() {
    QTest::addColumn<QString>("name");
    const QJsonObject models = m_reference["models"].toObject();
    for (auto it = models.begin(); it != models.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestModelFiles::modelsMatchNumpy() {
    QFETCH(QString, name);
    const QJsonObject model = m_reference["models"].toObject()[name].toObject();
    const QJsonObject embedding = model["embedding"].toObject();
    const EmbeddingSet set = loadEmbeddings(llmPath(name));
    QCOMPARE(qint64(set.rows()), qint64(embedding["rows"].toInt()));
    QCOMPARE(qint64(set.dims()), qint64(embedding["dims"].toInt()));
    QCOMPARE(set.format, name.endsWith(".gguf") ? Format::Gguf : Format::Safetensors);

    const QJsonObject values = model["values"].toObject();
    const QJsonObject first = values["first_rows"].toObject();
    for (auto it = first.begin(); it != first.end(); ++it)
        compareRow(set, it.key().toInt(), it.value().toArray());
    const QJsonObject last = values["last_row"].toObject();
    compareRow(set, last["index"].toInt(), last["values"].toArray());
    const QJsonArray sums = model["row_sums"].toArray();
    QCOMPARE(qint64(sums.size()), qint64(set.rows()));
    for (Eigen::Index r = 0; r < set.vectors.rows(); ++r) {
        double sum = 0;
        for (Eigen::Index c = 0; c < set.vectors.cols(); ++c)
            sum += double(set.vectors(r, c));
        const double want = sums[r].toDouble();
        QVERIFY2(std::abs(sum - want) <= 1e-9 * (1 + std::abs(want)),
                 qPrintable(QString("row %1 sums to %2, numpy %3").arg(r).arg(sum).arg(want)));
    }

    const QJsonArray labels = model["labels"].toArray();
    QCOMPARE(qint64(labels.size()), qint64(set.rows()));
    for (qsizetype r = 0; r < labels.size(); ++r)
        QCOMPARE(toQ(set.labels[std::size_t(r)]), labels[r].toString());
    const MetadataColumn* tokens = set.findMetadata("token");
    const MetadataColumn* ids = set.findMetadata("id");
    const MetadataColumn* kinds = set.findMetadata("kind");
    QVERIFY(tokens && ids && kinds);
    const QJsonArray wantTokens = model["tokens"].toArray(), wantIds = model["token_ids"].toArray(),
                     wantKinds = model["kinds"].toArray();
    for (qsizetype r = 0; r < labels.size(); ++r) {
        const auto row = std::size_t(r);
        QCOMPARE(toQ(tokens->values[row]), wantTokens[r].toString()); // null: padding, ""
        QCOMPARE(toQ(ids->values[row]),
                 wantIds[r].isNull() ? QString() : QString::number(wantIds[r].toInt()));
        QCOMPARE(toQ(kinds->values[row]), wantKinds[r].toString());
    }
    // What the Data dock shows: the tensor and its dtype.
    bool tensorNamed = false;
    for (const auto& [key, value] : set.properties)
        tensorNamed |= key == "tensor" && toQ(value) == embedding["tensor"].toString();
    QVERIFY(tensorNamed);
}

void TestModelFiles::listsTensors_data() {
    modelsMatchNumpy_data();
}

// Every tensor with its dtype and shape (outermost first), and the embedding found by name.
void TestModelFiles::listsTensors() {
    QFETCH(QString, name);
    const QJsonObject model = m_reference["models"].toObject()[name].toObject();
    const ModelContents contents = listModelTensors(llmPath(name));
    QCOMPARE(toQ(contents.embeddingTensor), model["embedding"].toObject()["tensor"].toString());
    const QJsonArray tensors = model["tensors"].toArray();
    QCOMPARE(qsizetype(contents.tensors.size()), tensors.size());
    for (const QJsonValue& v : tensors) {
        const QJsonObject want = v.toObject();
        const auto it = std::find_if(
            contents.tensors.begin(), contents.tensors.end(),
            [&](const ModelTensor& t) { return toQ(t.name) == want["name"].toString(); });
        QVERIFY2(it != contents.tensors.end(), qPrintable(want["name"].toString()));
        QCOMPARE(toQ(it->dtype), want["dtype"].toString());
        std::vector<std::uint64_t> shape;
        const QJsonArray wantShape = want[name.endsWith(".gguf") ? "ne" : "shape"].toArray();
        for (const QJsonValue& d : wantShape)
            shape.push_back(std::uint64_t(d.toInteger()));
        // GGUF lists ne (contiguous first); we list outermost first.
        if (name.endsWith(".gguf")) std::reverse(shape.begin(), shape.end());
        QCOMPARE(it->shape, shape);
    }
}

// Any 2-D tensor opens by name (GPT-2's positions, Llama's output head); a 1-D one or a name
// that is not there is an error naming what is.
void TestModelFiles::tensorOption() {
    LoadOptions options;
    options.tensor = "wpe.weight";
    const EmbeddingSet positions = loadEmbeddings(llmPath("gpt2-tiny"), options);
    QCOMPARE(positions.rows(), std::size_t(32));
    QCOMPARE(positions.dims(), std::size_t(16));
    QCOMPARE(positions.labels.back(), std::string("31")); // positions, not tokens
    QVERIFY(!positions.findMetadata("token"));
    options.tensor = "lm_head.weight";
    const EmbeddingSet head = loadEmbeddings(llmPath("llama-tiny-sharded"), options);
    QCOMPARE(head.rows(), std::size_t(72));
    options.tensor = "h.0.ln_1.weight";
    try {
        loadEmbeddings(llmPath("gpt2-tiny"), options);
        QFAIL("a 1-D tensor opened");
    } catch (const LoadError& e) {
        QVERIFY2(std::string(e.what()).find("2-D") != std::string::npos, e.what());
    }
    options.tensor = "nope";
    try {
        loadEmbeddings(llmPath("gpt2-tiny"), options);
        QFAIL("a missing tensor opened");
    } catch (const LoadError& e) {
        QVERIFY2(std::string(e.what()).find("wte.weight") != std::string::npos, e.what());
    }
    options.tensor = "wte.weight";
    QVERIFY_THROWS_EXCEPTION(
        LoadError, loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"), options));
}

void TestModelFiles::badFilesSayWhy_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("mentions");
    QTest::addColumn<bool>("required");
    const QJsonObject bad = m_reference["bad"].toObject();
    for (auto it = bad.begin(); it != bad.end(); ++it) {
        QStringList mentions;
        for (const QJsonValue& m : it.value().toObject()["must_mention"].toArray())
            mentions << m.toString();
        QTest::newRow(qPrintable(it.key()))
            << it.key() << mentions << it.value().toObject()["required"].toBool(true);
    }
}

void TestModelFiles::badFilesSayWhy() {
    QFETCH(QString, name);
    QFETCH(QStringList, mentions);
    QFETCH(bool, required);
    try {
        const EmbeddingSet set = loadEmbeddings(llmPath(name));
        if (required) QFAIL(qPrintable("loaded " + QString::number(set.rows()) + " rows"));
    } catch (const LoadError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QFileInfo(name).fileName()) ||
                     message.contains(QFileInfo(name).dir().dirName()),
                 qPrintable(message));
        for (const QString& m : mentions)
            QVERIFY2(message.contains(m, Qt::CaseInsensitive),
                     qPrintable(message + "\n  should mention: " + m));
    }
}

QTEST_GUILESS_MAIN(TestModelFiles)
#include "test_model_files.moc"
