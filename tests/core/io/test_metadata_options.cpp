// --metadata on every format (in row order, or joined by label in any order and for any subset),
// --labels only where rows carry none, and the errors for what cannot apply; gensim's older
// fastText .bin (no magic number) refused with the fastText hint. Expected values come from the
// data files themselves: the table a test writes holds each row's own label and row number.
#include "test_support.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <random>

using namespace vecspace;
using testsupport::dataPath;

namespace {

// label<TAB>row for the given rows of `set`, after a header line.
QByteArray table(const EmbeddingSet& set, const std::vector<std::size_t>& rows) {
    QByteArray out = "label\trow\n";
    for (std::size_t r : rows)
        out += QByteArray::fromStdString(set.labels[r]) + '\t' + QByteArray::number(qulonglong(r)) +
               '\n';
    return out;
}

std::vector<std::size_t> allRows(const EmbeddingSet& set) {
    std::vector<std::size_t> rows(set.rows());
    for (std::size_t r = 0; r < rows.size(); ++r)
        rows[r] = r;
    return rows;
}

QString loadFailure(const std::string& path, const LoadOptions& options) {
    try {
        loadEmbeddings(path, options);
    } catch (const LoadError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestMetadataOptions : public QObject {
    Q_OBJECT

private slots:
    void everyFormatTakesMetadata_data();
    void everyFormatTakesMetadata();
    void joinedByLabel();
    void errors_data();
    void errors();
    void oldFastTextModelHint();

private:
    QTemporaryDir m_dir;
};

void TestMetadataOptions::everyFormatTakesMetadata_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("glove text") << "glove.6B.100d.top2717.txt";
    QTest::newRow("word2vec binary") << "glove.6B.100d.top2717.gensim.bin";
    QTest::newRow("fasttext vec") << "fasttext.wiki.en.first99.vec";
    QTest::newRow("npy") << "top5.f4.npy";
    QTest::newRow("safetensors folder") << "llm/gpt2-tiny";
    QTest::newRow("gguf") << "llm/gguf/tiny-Q8_0.gguf";
}

void TestMetadataOptions::everyFormatTakesMetadata() {
    QFETCH(QString, file);
    const std::string path = dataPath(qPrintable(file));
    const EmbeddingSet plain = loadEmbeddings(path);
    LoadOptions options;
    // In row order: the table's own line count equals the rows.
    options.metadataPath =
        testsupport::writeFile(m_dir.path(), "order.tsv", table(plain, allRows(plain)));
    const EmbeddingSet set = loadEmbeddings(path, options);
    QCOMPARE(set.labels, plain.labels); // labels stay the file's
    const auto row = std::find_if(set.metadata.begin(), set.metadata.end(),
                                  [](const MetadataColumn& c) { return c.name == "row"; });
    QVERIFY(row != set.metadata.end());
    for (std::size_t r = 0; r < set.rows(); ++r)
        QCOMPARE(row->values[r], std::to_string(r));
}

void TestMetadataOptions::joinedByLabel() {
    const std::string path = dataPath("glove.6B.100d.top2717.txt");
    const EmbeddingSet plain = loadEmbeddings(path);
    std::vector<std::size_t> rows = allRows(plain);
    std::mt19937 rng(3);
    std::shuffle(rows.begin(), rows.end(), rng);
    rows.resize(500);
    LoadOptions options;
    options.metadataPath = testsupport::writeFile(m_dir.path(), "subset.tsv", table(plain, rows));
    const EmbeddingSet set = loadEmbeddings(path, options);
    QCOMPARE(int(set.metadata.size()), 2);
    std::vector<bool> named(set.rows(), false);
    for (std::size_t r : rows)
        named[r] = true;
    for (std::size_t r = 0; r < set.rows(); ++r) {
        QCOMPARE(set.metadata[1].values[r], named[r] ? std::to_string(r) : std::string());
        QCOMPARE(set.metadata[0].values[r], named[r] ? set.labels[r] : std::string());
    }
    QVERIFY(testsupport::hasWarning(set, WarningKind::MetadataRowsMissing));
    // Every row named, in another order: no warning, each value on its own row.
    std::vector<std::size_t> reversed = allRows(plain);
    std::reverse(reversed.begin(), reversed.end());
    options.metadataPath =
        testsupport::writeFile(m_dir.path(), "reversed.tsv", table(plain, reversed));
    const EmbeddingSet full = loadEmbeddings(path, options);
    QVERIFY(!testsupport::hasWarning(full, WarningKind::MetadataRowsMissing));
    for (std::size_t r = 0; r < full.rows(); ++r)
        QCOMPARE(full.metadata[1].values[r], std::to_string(r));
}

void TestMetadataOptions::errors_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("metadata"); // written to a file; "-" names a missing file
    QTest::addColumn<bool>("labelsOption");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing metadata file")
        << "glove.6B.100d.top2717.txt" << QByteArray("-") << false << "cannot open";
    QTest::newRow("wrong row count, no labels")
        << "glove.6B.100d.top2717.txt" << QByteArray("zzqx\t1\nqqzy\t2\n") << false
        << "expected 2717 metadata rows (one per vector, after the header row), or a first column "
           "of the set's labels to join by, found 1";
    QTest::newRow("a label named twice")
        << "glove.6B.100d.top2717.txt" << QByteArray("label\tx\nthe\t1\nthe\t2\n") << false
        << "or a first column of the set's labels to join by, found 2";
    QTest::newRow("ragged line") << "llm/gpt2-tiny" << QByteArray("label\tx\n!\t1\n\"\n") << false
                                 << ":3: expected 2 tab-separated fields";
    QTest::newRow("empty metadata file") << "top5.f4.npy" << QByteArray("\n") << false
                                         << "expected metadata rows, found an empty file";
    QTest::newRow("--labels on a text file")
        << "glove.6B.100d.top2717.txt" << QByteArray() << true
        << "--labels applies to .npy files only: glove-text files carry their own labels";
    QTest::newRow("--labels on a model") << "llm/gguf/tiny-F32.gguf" << QByteArray() << true
                                         << "--labels applies to .npy files only";
}

void TestMetadataOptions::errors() {
    QFETCH(QString, file);
    QFETCH(QByteArray, metadata);
    QFETCH(bool, labelsOption);
    QFETCH(QString, message);
    LoadOptions options;
    if (metadata == "-")
        options.metadataPath = (m_dir.path() + "/does-not-exist.tsv").toStdString();
    else if (!metadata.isEmpty())
        options.metadataPath = testsupport::writeFile(m_dir.path(), "bad.tsv", metadata);
    if (labelsOption) options.labelsPath = dataPath("top5.f4.labels.txt");
    const QString failure = loadFailure(dataPath(qPrintable(file)), options);
    QVERIFY2(failure.contains(message), qPrintable(failure.isEmpty() ? "loaded" : failure));
}

void TestMetadataOptions::oldFastTextModelHint() {
    // gensim's lee_fasttext.bin: fastText's layout before the magic number (dim 10, ws 5, ...).
    const QString failure = loadFailure(dataPath("lee_fasttext.bin"), {});
    QVERIFY2(failure.contains("a fastText native model (.bin); export its vectors to .vec first"),
             qPrintable(failure));
    QVERIFY2(failure.contains("lee_fasttext.bin: byte 0"), qPrintable(failure));
    // An explicit format still reads what it is told (and fails as that format would).
    LoadOptions binary;
    binary.format = Format::Word2VecBinary;
    QVERIFY(!loadFailure(dataPath("lee_fasttext.bin"), binary).contains("fastText"));
}

QTEST_APPLESS_MAIN(TestMetadataOptions)
#include "test_metadata_options.moc"
