// word2vec binary: real files written by gensim (values decoded independently with Python's
// struct module), gensim's binary against the text it came from, and word2vec.c's layout.
#include "test_support.h"
#include "vecspace/io/loader.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>

using namespace vecspace;
using testsupport::dataPath;
using testsupport::hasWarning;
using testsupport::writeFile;

namespace {

// "ROWS DIMS\n" then label, space, float32s, and (word2vec.c) a newline after each vector.
QByteArray binaryFile(const QByteArray& header,
                      const std::vector<std::pair<QByteArray, std::vector<float>>>& rows,
                      bool newlineAfterVector) {
    QByteArray out = header + "\n";
    for (const auto& [label, values] : rows) {
        out += label + " ";
        out.append(reinterpret_cast<const char*>(values.data()),
                   qsizetype(values.size() * sizeof(float)));
        if (newlineAfterVector) out += "\n";
    }
    return out;
}

} // namespace

class TestBinaryLoader : public QObject {
    Q_OBJECT

private slots:
    void realFiles_data();
    void realFiles();
    void gensimBinaryEqualsText();
    void word2vecCLayout_data();
    void word2vecCLayout();
    void headerClaimsMoreRows();
    void bytesAfterDeclaredRows();
    void limit();

private:
    QTemporaryDir m_dir;
};

void TestBinaryLoader::realFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("label");
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("second");
    QTest::addColumn<double>("last");
    // Decoded with struct.unpack('<10f', ...) from the files.
    QTest::newRow("euclidean first")
        << "euclidean_vectors.bin" << 2747 << 10 << 0 << "the" << 0.4214532673358917
        << 0.9343558549880981 << 0.2486838549375534;
    QTest::newRow("euclidean last")
        << "euclidean_vectors.bin" << 2747 << 10 << 2746 << "fly" << 0.7000359892845154
        << 0.8302576541900635 << 0.34151116013526917;
    QTest::newRow("poincare wordnet labels")
        << "poincare_vectors.bin" << 1182 << 10 << 1 << "placental.n.01" << 0.10808426886796951
        << 0.013654716312885284 << 0.06309740245342255;
    QTest::newRow("high precision")
        << "high_precision.kv.bin" << 2 << 2 << 0 << "kangaroo.n.01" << -0.0007367134094238281
        << -8.26716423034668e-05 << -8.26716423034668e-05;
    QTest::newRow("gensim-written glove")
        << "glove.6B.100d.top2717.gensim.bin" << 2717 << 100 << 2716 << "shut" << 0.3411499857902527
        << -0.46755000948905945 << 0.0642630010843277;
}

void TestBinaryLoader::realFiles() {
    QFETCH(QString, file);
    QFETCH(int, rows);
    QFETCH(int, dims);
    QFETCH(int, row);
    QFETCH(QString, label);
    QFETCH(double, first);
    QFETCH(double, second);
    QFETCH(double, last);
    const std::string path = dataPath(file.toUtf8().constData());
    QCOMPARE(detectFormat(path), Format::Word2VecBinary);
    const EmbeddingSet set = loadEmbeddings(path);
    QCOMPARE(set.format, Format::Word2VecBinary);
    QCOMPARE(int(set.rows()), rows);
    QCOMPARE(int(set.dims()), dims);
    QCOMPARE(QString::fromStdString(set.labels[row]), label);
    QCOMPARE(set.vectors(row, 0), float(first));
    QCOMPARE(set.vectors(row, 1), float(second));
    QCOMPARE(set.vectors(row, dims - 1), float(last));
    QVERIFY(set.warnings.empty());
}

void TestBinaryLoader::gensimBinaryEqualsText() {
    // gensim read the text file and wrote this binary (tests/data/README.md): both must agree.
    const EmbeddingSet text = loadEmbeddings(dataPath("glove.6B.100d.top2717.txt"));
    const EmbeddingSet binary = loadEmbeddings(dataPath("glove.6B.100d.top2717.gensim.bin"));
    QCOMPARE(binary.labels, text.labels);
    QVERIFY(binary.vectors == text.vectors);
}

void TestBinaryLoader::word2vecCLayout_data() {
    QTest::addColumn<bool>("newline");
    QTest::newRow("word2vec.c: newline after each vector") << true;
    QTest::newRow("gensim: no newline") << false;
}

void TestBinaryLoader::word2vecCLayout() {
    QFETCH(bool, newline);
    // 0.1f has bytes cd cc cc 3d: a '\n' (0x0a) inside a vector must not confuse the reader, so
    // include 2.7e-33f whose first byte is 0x0a.
    float tricky;
    const unsigned char bytes[4] = {0x0a, 0x0a, 0x0a, 0x0a};
    std::memcpy(&tricky, bytes, 4);
    const auto path = writeFile(
        m_dir.path(), "c.bin",
        binaryFile("2 3", {{"alpha", {0.1f, tricky, -2.5f}}, {"beta", {tricky, 4.0f, 5.0f}}},
                   newline));
    const EmbeddingSet set = loadEmbeddings(path);
    QCOMPARE(set.labels, (std::vector<std::string>{"alpha", "beta"}));
    QCOMPARE(set.vectors(0, 1), tricky);
    QCOMPARE(set.vectors(1, 0), tricky);
    QCOMPARE(set.vectors(1, 2), 5.0f);
    QVERIFY(set.warnings.empty());
}

void TestBinaryLoader::headerClaimsMoreRows() {
    const auto path = writeFile(m_dir.path(), "more.bin",
                                binaryFile("5 2", {{"a", {1, 2}}, {"b", {3, 4}}}, true));
    const EmbeddingSet set = loadEmbeddings(path);
    QCOMPARE(set.rows(), std::size_t(2));
    QVERIFY(hasWarning(set, WarningKind::RowCountMismatch));
}

void TestBinaryLoader::bytesAfterDeclaredRows() {
    const auto path = writeFile(m_dir.path(), "extra.bin",
                                binaryFile("1 2", {{"a", {1, 2}}, {"b", {3, 4}}}, true));
    const EmbeddingSet set = loadEmbeddings(path);
    QCOMPARE(set.rows(), std::size_t(1)); // the header is the only thing that says where rows end
    QVERIFY(hasWarning(set, WarningKind::RowCountMismatch));
}

void TestBinaryLoader::limit() {
    LoadOptions options;
    options.limit = 3;
    const EmbeddingSet set = loadEmbeddings(dataPath("euclidean_vectors.bin"), options);
    QCOMPARE(set.rows(), std::size_t(3));
    QCOMPARE(set.labels[1], std::string("to"));
    QCOMPARE(set.vectors(1, 0), float(1.0475776195526123));
    QVERIFY(set.warnings.empty());
}

QTEST_GUILESS_MAIN(TestBinaryLoader)
#include "test_binary_loader.moc"
