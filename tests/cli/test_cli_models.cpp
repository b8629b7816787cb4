// vecspace-cli on language-model files, against tests/data/llm/reference.json (numpy-written):
// info --tensors lists every tensor, info on a model reports the tensor and its type, convert
// writes the table with its decoded vocabulary, --tensor picks another table; generate
// sinusoidal against the Transformer paper's formula worked by hand; neighbours and analogies of
// tokens with a leading space in both index storages; a base compared with its fine-tune;
// usage errors.
#include "test_support.h"
#include "vecspace/io/loader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using testsupport::runCli;

namespace {

QString llm(const char* name) {
    return QString::fromStdString(testsupport::dataPath((std::string("llm/") + name).c_str()));
}

QJsonObject model(const char* name) {
    QFile file(llm("reference.json"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object()["models"].toObject()[name].toObject();
}

QJsonObject halfStorageReference(const char* name) {
    QFile file(llm("half_storage.json"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object()["models"].toObject()[name].toObject();
}

QJsonObject json(const QByteArray& out) {
    return QJsonDocument::fromJson(out).object();
}

} // namespace

class TestCliModels : public QObject {
    Q_OBJECT

private slots:
    void infoTensors();
    void infoModel();
    void convertKeepsVocabulary();
    void tensorOption();
    void generateSinusoidal();
    void leadingSpaceTokens_data();
    void leadingSpaceTokens();
    void compareBaseWithFineTune();
    void usageErrors_data();
    void usageErrors();

private:
    QTemporaryDir m_dir;
};

void TestCliModels::infoTensors() {
    const QJsonObject want = model("llama-tiny-sharded");
    const auto run = runCli({"info", llm("llama-tiny-sharded"), "--tensors", "--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject got = json(run.out);
    QCOMPARE(got["format"].toString(), QString("safetensors"));
    QCOMPARE(got["embedding"].toString(), want["embedding"].toObject()["tensor"].toString());
    const QJsonArray tensors = got["tensors"].toArray();
    QCOMPARE(tensors.size(), want["tensors"].toArray().size());
    for (const QJsonValue& w : want["tensors"].toArray()) {
        const QJsonObject expected = w.toObject();
        bool found = false;
        for (const QJsonValue& t : tensors) {
            const QJsonObject tensor = t.toObject();
            if (tensor["name"] != expected["name"]) continue;
            found = true;
            QCOMPARE(tensor["dtype"], expected["dtype"]);
            QCOMPARE(tensor["shape"].toArray(), expected["shape"].toArray());
            QCOMPARE(tensor["file"].toString(), QFileInfo(expected["file"].toString()).fileName());
        }
        QVERIFY2(found, qPrintable(expected["name"].toString()));
    }
}

void TestCliModels::infoModel() {
    const auto run = runCli({"info", llm("gguf/tiny-Q6_K.gguf"), "--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject got = json(run.out);
    QCOMPARE(got["rows"].toInt(), 40);
    QCOMPARE(got["dims"].toInt(), 256);
    QCOMPARE(got["format"].toString(), QString("gguf"));
    QCOMPARE(got["metadata"].toArray(), (QJsonArray{"token", "id", "kind"}));
    const QJsonObject properties = got["properties"].toObject();
    QCOMPARE(properties["tensor"].toString(), QString("token_embd.weight"));
    QCOMPARE(properties["dtype"].toString(), QString("Q6_K"));
    QCOMPARE(properties["general.architecture"].toString(), QString("llama"));
}

// The GPT-2 vocabulary holds "\n" and "\t" tokens: labels are one line each, so the labels
// file beside the .npy has exactly one line per row, equal to the reference's labels.
void TestCliModels::convertKeepsVocabulary() {
    const QString out = m_dir.filePath("gpt2.npy");
    const auto run = runCli({"convert", llm("gpt2-tiny"), out, "--quiet"});
    QCOMPARE(run.exitCode, 0);
    const vecspace::EmbeddingSet set = vecspace::loadEmbeddings(out.toStdString());
    const QJsonArray labels = model("gpt2-tiny")["labels"].toArray();
    QCOMPARE(qsizetype(set.rows()), labels.size());
    for (qsizetype r = 0; r < labels.size(); ++r)
        QCOMPARE(QString::fromStdString(set.labels[std::size_t(r)]), labels[r].toString());
    const QJsonArray first =
        model("gpt2-tiny")["values"].toObject()["first_rows"].toObject()["0"].toArray();
    for (qsizetype i = 0; i < first.size(); ++i)
        QCOMPARE(set.vectors(0, Eigen::Index(i)), float(first[i].toDouble()));
}

void TestCliModels::tensorOption() {
    const auto run = runCli({"info", llm("gpt2-tiny"), "--tensor", "wpe.weight", "--json"});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(json(run.out)["rows"].toInt(), 32);
    const auto missing = runCli({"info", llm("gpt2-tiny"), "--tensor", "nope"});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("wte.weight [64, 16] F32"), missing.err.constData());
}

// dims 4: PE(p, 0) = sin(p), PE(p, 1) = cos(p), PE(p, 2) = sin(p / 100), PE(p, 3) = cos(p / 100)
// (10000^(2/4) = 100).
void TestCliModels::generateSinusoidal() {
    const QString out = m_dir.filePath("sin.npy");
    const auto run =
        runCli({"generate", "sinusoidal", "--positions", "8", "--dims", "4", out, "--json"});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(json(run.out)["positions"].toInt(), 8);
    const vecspace::EmbeddingSet set = vecspace::loadEmbeddings(out.toStdString());
    QCOMPARE(set.rows(), std::size_t(8));
    QCOMPARE(set.dims(), std::size_t(4));
    for (int p = 0; p < 8; ++p) {
        const double expected[4] = {std::sin(p), std::cos(p), std::sin(p / 100.0),
                                    std::cos(p / 100.0)};
        for (int d = 0; d < 4; ++d)
            QVERIFY(std::abs(set.vectors(p, d) - expected[d]) < 1e-6);
        QCOMPARE(set.labels[std::size_t(p)], std::to_string(p));
    }
}

void TestCliModels::leadingSpaceTokens_data() {
    QTest::addColumn<QString>("storage");
    QTest::newRow("auto (bfloat16, exact)") << "auto";
    QTest::newRow("float32") << "float32";
}

void TestCliModels::leadingSpaceTokens() {
    // GPT-2 word tokens start with a space: the label " king" as typed, quoted in an expression.
    // Expected: numpy's cosines on the file's bytes (tests/data/llm/half_storage.json).
    QFETCH(QString, storage);
    const QJsonArray labels = model("gpt2-tiny-bf16")["labels"].toArray();
    const QJsonObject expected = halfStorageReference("gpt2-tiny-bf16");
    auto check = [&](const QJsonObject& got, const QJsonArray& want) {
        const QJsonArray results = got["results"].toArray();
        QCOMPARE(results.size(), want.size());
        for (int i = 0; i < want.size(); ++i) {
            const QJsonObject result = results[i].toObject();
            QCOMPARE(result["label"].toString(), labels[want[i].toArray()[0].toInt()].toString());
            QVERIFY(std::abs(result["score"].toDouble() - want[i].toArray()[1].toDouble()) < 1e-6);
        }
    };
    const auto neighbors = runCli({"neighbors", llm("gpt2-tiny-bf16"), " king", "-k", "5",
                                   "--index-storage", storage, "--json", "--quiet"});
    QCOMPARE(neighbors.exitCode, 0);
    QCOMPARE(labels[17].toString(), QString(" king"));
    check(json(neighbors.out), expected["neighbors"].toObject()["17"].toArray());
    const QJsonObject analogy = expected["analogy"].toObject();
    const auto answer = runCli({"analogy", llm("gpt2-tiny-bf16"), analogy["expression"].toString(),
                                "-k", "3", "--index-storage", storage, "--json", "--quiet"});
    QCOMPARE(answer.exitCode, 0);
    check(json(answer.out), analogy["top3"].toArray());
}

void TestCliModels::compareBaseWithFineTune() {
    // A base (F32) and its "fine-tune" (BF16, four tokens moved, one added): numpy's pairing,
    // neighbourhoods and displacements (tests/data/llm/model_compare.json).
    QFile file(llm("model_compare.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject want = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonArray labels = model("gpt2-tiny")["labels"].toArray();
    const auto run = runCli({"compare", llm("gpt2-tiny"), llm("gpt2-tiny-finetuned"), "--top", "6",
                             "--json", "--quiet"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject got = json(run.out);
    QCOMPARE(got["shared"].toInt(), want["shared"].toInt());
    QCOMPARE(got["only_a"].toInt(), want["only_in_a"].toInt());
    QCOMPARE(got["only_b"].toInt(), want["only_in_b"].toInt());
    QVERIFY(std::abs(got["mean_jaccard"].toDouble() - want["mean_jaccard"].toDouble()) < 1e-9);
    QVERIFY(std::abs(got["median_jaccard"].toDouble() - want["median_jaccard"].toDouble()) < 1e-9);
    const QJsonArray most = got["most_changed"].toArray();
    const QJsonArray expected = want["most_changed"].toArray();
    QCOMPARE(most.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        const QJsonObject e = expected[i].toObject(), g = most[i].toObject();
        QCOMPARE(g["label"].toString(), labels[e["pair"].toInt()].toString());
        QVERIFY(std::abs(g["jaccard"].toDouble() - e["jaccard"].toDouble()) < 1e-6);
        QVERIFY(std::abs(g["displacement"].toDouble() - e["displacement"].toDouble()) < 1e-5);
    }
    // The four moved tokens lead the list, the rest only rounded to bfloat16.
    QStringList moved;
    for (int i = 0; i < 4; ++i)
        moved << most[i].toObject()["label"].toString();
    moved.sort();
    QCOMPARE(moved, (QStringList{" king", " queen", " woman", "the"}));
}

void TestCliModels::usageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString glove =
        QString::fromStdString(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    QTest::newRow("--tensors on a text file")
        << QStringList{"info", glove, "--tensors"} << 2 << "safetensors and GGUF";
    QTest::newRow("--tensor on a text file")
        << QStringList{"info", glove, "--tensor", "x"} << 1 << "model files only";
    QTest::newRow("generate without --dims")
        << QStringList{"generate", "sinusoidal", "--positions", "4", "x.npy"} << 2 << "--dims";
    QTest::newRow("generate something else")
        << QStringList{"generate", "random", "--positions", "4", "--dims", "2", "x.npy"} << 2
        << "sinusoidal";
    QTest::newRow("unknown index storage")
        << QStringList{"neighbors", llm("gpt2-tiny-bf16"), " king", "--index-storage", "fp8"} << 2
        << "expected auto, float32 or bfloat16";
    QTest::newRow("index storage where no index is built")
        << QStringList{"info", llm("gpt2-tiny-bf16"), "--index-storage", "float32"} << 2
        << "--index-storage";
    QTest::newRow("convert to a model format")
        << QStringList{"convert", llm("gpt2-tiny"), "x.gguf"} << 1 << "read, not written";
}

void TestCliModels::usageErrors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString mismatch = testsupport::cliErrorMismatch(args, exitCode, message);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

QTEST_GUILESS_MAIN(TestCliModels)
#include "test_cli_models.moc"
