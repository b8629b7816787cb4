// Text formats (GloVe, word2vec text, fastText .vec): real files checked against the numbers they
// hold, and one test per real-world quirk on small files written here.
#include "test_support.h"
#include "vecspace/io/loader.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <zlib.h>

using namespace vecspace;
using testsupport::dataPath;
using testsupport::hasWarning;
using testsupport::writeFile;

namespace {
// The expected value of a number as written in a file: strtof rounds correctly, independently
// of the loader's own parser.
float fromText(const char* text) {
    return std::strtof(text, nullptr);
}
} // namespace

class TestTextLoader : public QObject {
    Q_OBJECT

private slots:
    void realFiles_data();
    void realFiles();
    void headerRowCount_data();
    void headerRowCount();
    void duplicateLabelsKeepFirst();
    void invalidUtf8Replaced_data();
    void invalidUtf8Replaced();
    void crlfLineEndings();
    void trailingSpaces();
    void byteOrderMark_data();
    void byteOrderMark();
    void nonAsciiLabels();
    void labelWithSpaces();
    void blankLinesSkipped();
    void gzipMatchesPlain();
    void limitLoadsFirstRows_data();
    void limitLoadsFirstRows();
    void threadCountDoesNotChangeResult();
    void progressReachesOneAndCancelStops();

private:
    QTemporaryDir m_dir;
};

void TestTextLoader::realFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<QString>("last");
    QTest::addColumn<bool>("rowCountWarning");

    // Values copied from the files themselves (first, second and last number of the row).
    QTest::newRow("glove 100d first") << "glove.6B.100d.top2717.txt"
                                      << "glove-text" << 2717 << 100 << 0 << "the"
                                      << "-0.038194"
                                      << "-0.24487"
                                      << "0.27062" << false;
    QTest::newRow("glove 100d u.s.") << "glove.6B.100d.top2717.txt"
                                     << "glove-text" << 2717 << 100 << 99 << "u.s."
                                     << "0.32396"
                                     << "0.5981"
                                     << "0.30868" << false;
    QTest::newRow("glove 100d last") << "glove.6B.100d.top2717.txt"
                                     << "glove-text" << 2717 << 100 << 2716 << "shut"
                                     << "0.34115"
                                     << "-0.46755"
                                     << "0.064263" << false;
    QTest::newRow("glove 840B punctuation") << "glove.840B.300d.first100.txt"
                                            << "glove-text" << 100 << 300 << 0 << ","
                                            << "-0.082752"
                                            << "0.67204"
                                            << "-0.06589" << false;
    QTest::newRow("glove 840B last") << "glove.840B.300d.first100.txt"
                                     << "glove-text" << 100 << 300 << 99 << "people"
                                     << "-0.19686"
                                     << "0.11579"
                                     << "0.1951" << false;
    QTest::newRow("glove non-ascii") << "test_glove.txt"
                                     << "glove-text" << 76 << 50 << 1 << "ö"
                                     << "0.013441"
                                     << "0.23682"
                                     << "0.30392" << false;
    QTest::newRow("fasttext vec, header claims 2.5M")
        << "fasttext.wiki.en.first99.vec"
        << "fasttext-vec" << 99 << 300 << 98 << "university"
        << "0.041453"
        << "-0.17245"
        << "0.025977" << true;
    QTest::newRow("fasttext vec russian") << "crime-and-punishment.vec"
                                          << "fasttext-vec" << 291 << 5 << 98 << "эти"
                                          << "0.031363"
                                          << "-0.015089"
                                          << "-0.0025874" << false;
    QTest::newRow("word2vec text (gensim)") << "word2vec_pre_kv_c"
                                            << "word2vec-text" << 1750 << 10 << 0 << "the"
                                            << "-0.561106"
                                            << "-1.975698"
                                            << "-1.416105" << false;
    QTest::newRow("fasttext lee") << "lee_fasttext.vec"
                                  << "fasttext-vec" << 1762 << 10 << 0 << "the"
                                  << "-0.65992"
                                  << "0.20966"
                                  << "0.099763" << false;
    QTest::newRow("fasttext toy") << "toy-model.vec"
                                  << "fasttext-vec" << 22 << 5 << 1 << "of"
                                  << "0.074764"
                                  << "0.2619"
                                  << "-0.073243" << false;
    QTest::newRow("high precision digits") << "high_precision.kv.txt"
                                           << "word2vec-text" << 2 << 2 << 0 << "kangaroo.n.01"
                                           << "-0.0007369244245224787"
                                           << "-8.269973595356034e-05"
                                           << "-8.269973595356034e-05" << false;
    QTest::newRow("header says 3, holds 1") << "pretrained.vec"
                                            << "fasttext-vec" << 1 << 5 << 0 << "dummy"
                                            << "0.069324"
                                            << "0.18155"
                                            << "0.032043" << true;
}

void TestTextLoader::realFiles() {
    QFETCH(QString, file);
    QFETCH(QString, format);
    QFETCH(int, rows);
    QFETCH(int, dims);
    QFETCH(int, row);
    QFETCH(QString, label);
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(QString, last);
    QFETCH(bool, rowCountWarning);

    const std::string path = dataPath(file.toUtf8().constData());
    QCOMPARE(QString::fromStdString(std::string(formatName(detectFormat(path)))), format);
    const EmbeddingSet set = loadEmbeddings(path);
    QCOMPARE(QString::fromStdString(std::string(formatName(set.format))), format);
    QCOMPARE(int(set.rows()), rows);
    QCOMPARE(int(set.dims()), dims);
    QCOMPARE(int(set.labels.size()), rows);
    QCOMPARE(QString::fromStdString(set.labels[row]), label);
    QCOMPARE(set.vectors(row, 0), fromText(first.toLatin1().constData()));
    QCOMPARE(set.vectors(row, 1), fromText(second.toLatin1().constData()));
    QCOMPARE(set.vectors(row, dims - 1), fromText(last.toLatin1().constData()));
    QCOMPARE(hasWarning(set, WarningKind::RowCountMismatch), rowCountWarning);
}

void TestTextLoader::headerRowCount_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("rows");
    QTest::newRow("claims more") << QByteArray("5 3\na 1 2 3\nb 4 5 6\n") << 2;
    QTest::newRow("claims fewer") << QByteArray("1 3\na 1 2 3\nb 4 5 6\n") << 2;
    QTest::newRow("claims zero") << QByteArray("0 3\na 1 2 3\n") << 1;
}

void TestTextLoader::headerRowCount() {
    QFETCH(QByteArray, content);
    QFETCH(int, rows);
    const EmbeddingSet set = loadEmbeddings(writeFile(m_dir.path(), "count.txt", content));
    QCOMPARE(set.format, Format::Word2VecText);
    QCOMPARE(int(set.rows()), rows);                         // what is there is loaded ...
    QVERIFY(hasWarning(set, WarningKind::RowCountMismatch)); // ... and the mismatch is said
    QCOMPARE(set.warnings.front().line, 1u);
}

void TestTextLoader::duplicateLabelsKeepFirst() {
    const EmbeddingSet set =
        loadEmbeddings(writeFile(m_dir.path(), "dup.txt", "a 1 2\nb 3 4\na 5 6\nc 7 8\n"));
    QCOMPARE(set.rows(), std::size_t(3));
    QCOMPARE(set.labels, (std::vector<std::string>{"a", "b", "c"}));
    QCOMPARE(set.vectors(0, 0), 1.0f); // gensim keeps the first occurrence
    QCOMPARE(set.vectors(2, 1), 8.0f); // and the rows after it move up
    QVERIFY(hasWarning(set, WarningKind::DuplicateLabel));
    QCOMPARE(set.warnings.front().line, 3u);
}

void TestTextLoader::invalidUtf8Replaced_data() {
    QTest::addColumn<QByteArray>("label");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("valid");
    // Expected strings are what Python's bytes.decode('utf-8', 'replace') gives.
    QTest::newRow("latin-1 e-acute") << QByteArray("caf\xE9") << QString("caf\uFFFD") << false;
    QTest::newRow("truncated sequence") << QByteArray("\xE2\x82x") << QString("\uFFFDx") << false;
    QTest::newRow("overlong lead")
        << QByteArray("\xF0\x80\x80") << QString("\uFFFD\uFFFD\uFFFD") << false;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80z") << QString("\uFFFD\uFFFD\uFFFDz")
                               << false;
    QTest::newRow("valid 4-byte") << QByteArray("\xF0\x9F\x98\x80")
                                  << QString::fromUtf8("\xF0\x9F\x98\x80") << true;
}

void TestTextLoader::invalidUtf8Replaced() {
    QFETCH(QByteArray, label);
    QFETCH(QString, expected);
    QFETCH(bool, valid);
    const EmbeddingSet set =
        loadEmbeddings(writeFile(m_dir.path(), "utf8.txt", "ok 1 2\n" + label + " 3 4\n"));
    QCOMPARE(QString::fromStdString(set.labels[1]), expected);
    QCOMPARE(set.vectors(1, 1), 4.0f);
    QCOMPARE(hasWarning(set, WarningKind::InvalidUtf8), !valid);
    if (!valid) QCOMPARE(set.warnings.front().line, 2u);
}

void TestTextLoader::crlfLineEndings() {
    const EmbeddingSet set =
        loadEmbeddings(writeFile(m_dir.path(), "crlf.txt", "2 3\r\na 1 2 3\r\nb 4 5 6\r\n"));
    QCOMPARE(set.labels, (std::vector<std::string>{"a", "b"}));
    QCOMPARE(set.vectors(1, 2), 6.0f);
    QVERIFY(set.warnings.empty());
}

void TestTextLoader::trailingSpaces() {
    const EmbeddingSet set =
        loadEmbeddings(writeFile(m_dir.path(), "trailing.txt", "a 1 2 3   \nb 4 5 6 \t\nc 7 8 9"));
    QCOMPARE(set.rows(), std::size_t(3));
    QCOMPARE(set.vectors(2, 2), 9.0f); // the last line has no newline at all
    QVERIFY(set.warnings.empty());
}

void TestTextLoader::byteOrderMark_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("format");
    QTest::newRow("glove") << QByteArray("\xEF\xBB\xBF"
                                         "a 1 2\nb 3 4\n")
                           << int(Format::GloveText);
    QTest::newRow("word2vec") << QByteArray("\xEF\xBB\xBF"
                                            "2 2\na 1 2\nb 3 4\n")
                              << int(Format::Word2VecText);
}

void TestTextLoader::byteOrderMark() {
    QFETCH(QByteArray, content);
    QFETCH(int, format);
    const EmbeddingSet set = loadEmbeddings(writeFile(m_dir.path(), "bom.txt", content));
    QCOMPARE(int(set.format), format);
    QCOMPARE(set.labels, (std::vector<std::string>{"a", "b"}));
    QCOMPARE(set.vectors(0, 0), 1.0f);
}

void TestTextLoader::nonAsciiLabels() {
    const EmbeddingSet set = loadEmbeddings(dataPath("crime-and-punishment.vec"));
    QVERIFY(set.warnings.empty());
    QCOMPARE(QString::fromStdString(set.labels[0]), QString::fromUtf8("и"));
    QCOMPARE(QString::fromStdString(set.labels.back()), QString::fromUtf8("напротив;"));
    QCOMPARE(set.vectors(290, 0), fromText("-0.045495"));
}

void TestTextLoader::labelWithSpaces() {
    // glove.840B.300d has a few such rows; gensim fails on them.
    const EmbeddingSet set =
        loadEmbeddings(writeFile(m_dir.path(), "spaced.txt", "a 1 2\nnew york 3 4\nb 5 6\n"));
    QCOMPARE(set.labels, (std::vector<std::string>{"a", "new york", "b"}));
    QCOMPARE(set.vectors(1, 0), 3.0f);
    QVERIFY(hasWarning(set, WarningKind::LabelWithSpaces));
}

void TestTextLoader::blankLinesSkipped() {
    const EmbeddingSet set =
        loadEmbeddings(writeFile(m_dir.path(), "blank.txt", "a 1 2\n\n  \nb 3 4\n\n"));
    QCOMPARE(set.labels, (std::vector<std::string>{"a", "b"}));
    QVERIFY(hasWarning(set, WarningKind::BlankLine));
}

void TestTextLoader::gzipMatchesPlain() {
    // Compressed by zlib itself, not by anything in vecspace.
    const std::string plainPath = dataPath("glove.6B.100d.top2717.txt");
    QFile plain(QString::fromStdString(plainPath));
    QVERIFY(plain.open(QIODevice::ReadOnly));
    const QByteArray bytes = plain.readAll();
    const QString gzPath = m_dir.path() + "/glove.txt.gz";
    gzFile gz = gzopen(gzPath.toUtf8().constData(), "wb");
    QVERIFY(gz);
    QCOMPARE(gzwrite(gz, bytes.constData(), unsigned(bytes.size())), int(bytes.size()));
    QCOMPARE(gzclose(gz), Z_OK);

    const EmbeddingSet expected = loadEmbeddings(plainPath);
    const EmbeddingSet set = loadEmbeddings(gzPath.toStdString());
    QCOMPARE(set.format, Format::GloveText);
    QCOMPARE(set.labels, expected.labels);
    QVERIFY(set.vectors == expected.vectors);
}

void TestTextLoader::limitLoadsFirstRows_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("rows");
    QTest::newRow("glove 10") << "glove.6B.100d.top2717.txt" << 10 << 10;
    QTest::newRow("glove beyond end") << "glove.6B.100d.top2717.txt" << 5000 << 2717;
    QTest::newRow("fasttext 7") << "fasttext.wiki.en.first99.vec" << 7 << 7;
}

void TestTextLoader::limitLoadsFirstRows() {
    QFETCH(QString, file);
    QFETCH(int, limit);
    QFETCH(int, rows);
    const std::string path = dataPath(file.toUtf8().constData());
    const EmbeddingSet all = loadEmbeddings(path);
    LoadOptions options;
    options.limit = std::size_t(limit);
    const EmbeddingSet set = loadEmbeddings(path, options);
    QCOMPARE(int(set.rows()), rows);
    for (int i = 0; i < rows; ++i)
        QCOMPARE(set.labels[i], all.labels[i]);
    QVERIFY(set.vectors == all.vectors.topRows(rows));
    // A limited load of a file whose header claims 2.5M rows is not a mismatch worth reporting.
    QCOMPARE(hasWarning(set, WarningKind::RowCountMismatch),
             limit >= int(all.rows()) && hasWarning(all, WarningKind::RowCountMismatch));
}

void TestTextLoader::threadCountDoesNotChangeResult() {
    const std::string path = dataPath("glove.6B.100d.top2717.txt");
    LoadOptions one, many;
    one.threads = 1;
    many.threads = 7; // more chunks than rows per chunk boundary cases
    const EmbeddingSet a = loadEmbeddings(path, one);
    const EmbeddingSet b = loadEmbeddings(path, many);
    QCOMPARE(a.labels, b.labels);
    QVERIFY(a.vectors == b.vectors);
}

void TestTextLoader::progressReachesOneAndCancelStops() {
    const std::string path = dataPath("glove.6B.100d.top2717.txt");
    std::vector<double> seen;
    LoadOptions options;
    options.progress = [&](double f) {
        seen.push_back(f);
        return true;
    };
    loadEmbeddings(path, options);
    QVERIFY(!seen.empty());
    QCOMPARE(seen.back(), 1.0);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));

    int calls = 0;
    options.progress = [&](double) { return ++calls < 1; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, loadEmbeddings(path, options));
    QCOMPARE(calls, 1); // the first "no" stops it
}

QTEST_GUILESS_MAIN(TestTextLoader)
#include "test_text_loader.moc"
