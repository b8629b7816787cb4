// Bad input: every case must end in a LoadError naming the file, the line or byte offset, what
// was expected and what was found. Never a crash, a hang, a huge allocation or a partial result.
#include "test_support.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>

using namespace vecspace;
using testsupport::dataPath;
using testsupport::npy;
using testsupport::writeFile;

namespace {

QByteArray floats(std::initializer_list<float> values) {
    QByteArray out;
    for (float v : values)
        out.append(reinterpret_cast<const char*>(&v), sizeof v);
    return out;
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private slots:
    void rejected_data();
    void rejected();
    void truncatedBinaryAtEveryByte();
    void missingFile();
    void headerLiesAreWarnings_data();
    void headerLiesAreWarnings();

private:
    QTemporaryDir m_dir;
};

void TestBadInput::rejected_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("format");   // "" for detection
    QTest::addColumn<QString>("location"); // what follows the file name in the message
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("found");

    QTest::newRow("empty file") << "empty.txt" << QByteArray() << ""
                                << ":1"
                                << "embedding data"
                                << "empty";
    QTest::newRow("only blank lines") << "blank.txt" << QByteArray("\n \n\r\n") << ""
                                      << ":1"
                                      << "embedding rows"
                                      << "empty";
    QTest::newRow("ragged row (short)")
        << "ragged.txt" << QByteArray("a 1 2 3\nb 4 5\nc 6 7 8\n") << ""
        << ":2"
        << "3 values"
        << "2";
    QTest::newRow("ragged row (long)") << "long.txt" << QByteArray("a 1 2\nb 3 4\nc 5 6 7\n") << ""
                                       << ":3"
                                       << "2 values"
                                       << "more";
    QTest::newRow("not a number") << "nan.txt" << QByteArray("a 1 2\nb 3 x4\n") << ""
                                  << ":2"
                                  << "a number for value 2 of 2"
                                  << "'x4'";
    QTest::newRow("number with junk") << "junk.txt" << QByteArray("a 1 2\nb 3 4,5\n") << ""
                                      << ":2"
                                      << "value 2 of 2"
                                      << "'4,5'";
    QTest::newRow("NaN") << "nanvalue.txt" << QByteArray("2 2\na 1 2\nb nan 4\n") << ""
                         << ":3"
                         << "finite"
                         << "'nan'";
    QTest::newRow("Inf") << "inf.txt" << QByteArray("a 1 2\nb 3 -inf\n") << ""
                         << ":2"
                         << "finite"
                         << "'-inf'";
    QTest::newRow("out of float range") << "big.txt" << QByteArray("a 1 2\nb 1e39 4\n") << ""
                                        << ":2"
                                        << "finite"
                                        << "'1e39'";
    QTest::newRow("only a label") << "label.txt" << QByteArray("lonely\n") << ""
                                  << ":1"
                                  << "a label followed by numbers"
                                  << "'lonely'";
    QTest::newRow("header dims zero") << "zero.txt" << QByteArray("2 0\na\nb\n") << ""
                                      << ":1"
                                      << "at least 1 dimension"
                                      << "'2 0'";
    QTest::newRow("header dims absurd") << "wide.txt" << QByteArray("1 4000000000\na 1 2\n") << ""
                                        << ":1"
                                        << "at most"
                                        << "'1 4000000000'";
    QTest::newRow("header rows absurd")
        << "rows.txt" << QByteArray("99999999999999999999999 3\na 1 2 3\n") << ""
        << ":1"
        << "2^40"
        << "too large";
    QTest::newRow("header dims disagree with rows")
        << "disagree.txt" << QByteArray("2 3\na 1 2\nb 3 4\n") << ""
        << ":2"
        << "3 values"
        << "2";
    QTest::newRow("word2vec text without header")
        << "nohead.txt" << QByteArray("a 1 2\n") << "word2vec-text"
        << ":1"
        << "header line 'ROWS DIMS'"
        << "'a 1 2'";
    QTest::newRow("binary truncated mid-vector")
        << "trunc.bin" << (QByteArray("2 3\na ") + floats({1, 2, 3}) + "\nb " + floats({4}).left(3))
        << ""
        << ": byte 21"
        << "12 bytes of float32 vector for 'b'"
        << "only 3 bytes";
    QTest::newRow("binary truncated in label")
        << "label.bin" << (QByteArray("2 1\na ") + floats({1}) + "\nbe") << ""
        << ": byte 11"
        << "a label ending in a space"
        << "end of file";
    QTest::newRow("binary NaN") << "nan.bin" << (QByteArray("1 2\nx ") + floats({1, std::nanf("")}))
                                << ""
                                << ": byte 10"
                                << "finite float32 for value 2 of 2"
                                << "NaN";
    QTest::newRow("binary absurd dims")
        << "dims.bin" << (QByteArray("1 100000\nx ") + floats({1})) << ""
        << ":1"
        << "at most"
        << "'1 100000'";
    QTest::newRow("npy truncated data")
        << "short.npy"
        << npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 100), }", floats({1, 2}))
        << ""
        << ": byte 128"
        << "1000 x 100 values"
        << "only 8 bytes";
    QTest::newRow("npy absurd shape")
        << "huge.npy"
        << npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999), }",
               floats({1}))
        << ""
        << ": byte 128"
        << "99999999999 x 99999999 values"
        << "only 4 bytes";
    QTest::newRow("npy bad magic with .npy name")
        << "fake.npy" << QByteArray("hello 1 2\n") << "npy"
        << ": byte 0"
        << "magic"
        << "'hello 1 ";
    QTest::newRow("tsv ragged") << "vectors.tsv" << QByteArray("1\t2\t3\n4\t5\n") << ""
                                << ":2"
                                << "3 values"
                                << "2";
    // The rest of the catalogue (issue 15): what a user's half-finished or mislabelled files
    // look like. Each message names the place, what was expected and what was there.
    QTest::newRow("header only") << "head.txt" << QByteArray("3 2\n") << ""
                                 << ":2"
                                 << "3 rows of 2 values after the header '3 2'"
                                 << "the end of the file";
    QTest::newRow("header only, zero rows") << "zero-rows.txt" << QByteArray("0 2\n\n") << ""
                                            << ":2"
                                            << "embedding rows after the header '0 2'"
                                            << "the end of the file";
    QTest::newRow("binary header only") << "head.bin" << QByteArray("2 3\n") << "word2vec-binary"
                                        << ":2"
                                        << "2 rows of 3 values"
                                        << "the end of the file";
    QTest::newRow("header of zero rows, absurd dims (a fuzz_loader finding)")
        << "zero-wide.txt" << QByteArray("0 407847551\n\xa1") << ""
        << ":1"
        << "at most 0 dimensions"
        << "'0 407847551'";
    QTest::newRow("header rows negative")
        << "negative.txt" << QByteArray("-2 2\na 1 2\nb 3 4\n") << "word2vec-text"
        << ":1"
        << "header line 'ROWS DIMS'"
        << "'-2 2'";
    QTest::newRow("npy NaN") << "nan.npy"
                             << npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
                                    floats({1, 2, 3, std::nanf("")}))
                             << ""
                             << ": byte 140"
                             << "finite"
                             << "NaN";
    QTest::newRow("npy complex dtype")
        << "complex.npy"
        << npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1, 2), }", floats({1, 2, 3, 4}))
        << ""
        << ": byte 10"
        << "float16, float32 or float64"
        << "descr '<c8'";
    QTest::newRow("npy 3-D")
        << "cube.npy"
        << npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 2), }",
               floats({1, 2, 3, 4}))
        << ""
        << ": byte 10"
        << "2-D array"
        << "shape (1, 2, 2)";
    QTest::newRow("npy header cut off")
        << "cut.npy" << npy("{'descr': '<f4', 'fortran_o", QByteArray()) << ""
        << ": byte 10"
        << "'fortran_order' entry"
        << "fortran_o ";
    QTest::newRow("npy header length past the end")
        << "long.npy" << QByteArray("\x93NUMPY\x01\x00\xff\x7f{'descr': '<f4'}", 26) << ""
        << ": byte 8"
        << "a header of 32767 bytes"
        << "only 16 bytes";
    QTest::newRow("gz name, not gzip") << "plain.txt.gz" << QByteArray("a 1 2\nb 3 4\n") << ""
                                       << ": byte 0"
                                       << "gzip"
                                       << "'a 1 2";
    QTest::newRow("UTF-16 text") << "utf16.txt"
                                 << QByteArray("\xff\xfe"
                                               "a\0 \0"
                                               "1\0 \0"
                                               "2\0\n\0",
                                               14)
                                 << ""
                                 << ": byte 0"
                                 << "UTF-8"
                                 << "UTF-16";
    QTest::newRow("CSV table, not an embedding")
        << "people.csv" << QByteArray("name,age,city\nbob,34,paris\nann,29,oslo\n") << ""
        << ":1"
        << "a label followed by numbers"
        << "'name,age,city'";
    QTest::newRow("truncated gzip")
        << "cut.txt.gz" << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x54\x30", 13)
        << ""
        << ": byte 13"
        << "the rest of the gzip stream"
        << "truncated";
}

void TestBadInput::rejected() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, format);
    QFETCH(QString, location);
    QFETCH(QString, expected);
    QFETCH(QString, found);
    const std::string path = writeFile(m_dir.path(), name, content);
    LoadOptions options;
    if (!format.isEmpty()) options.format = *parseFormatName(format.toStdString());
    try {
        const EmbeddingSet set = loadEmbeddings(path, options);
        QFAIL(qPrintable("loaded " + QString::number(set.rows()) + " rows instead of failing"));
    } catch (const LoadError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path) + location + ":"), e.what());
        QVERIFY2(QString::fromStdString(e.expected()).contains(expected), e.what());
        QVERIFY2(QString::fromStdString(e.found()).contains(found), e.what());
    }
}

void TestBadInput::truncatedBinaryAtEveryByte() {
    // Cutting a real file anywhere must give an error or, at a row boundary, fewer rows with a
    // warning: never a crash or a silent short load.
    QFile file(QString::fromStdString(dataPath("high_precision.kv.bin")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray whole = file.readAll();
    int errors = 0, warned = 0;
    for (qsizetype cut = 0; cut < whole.size(); ++cut) {
        const std::string path = writeFile(m_dir.path(), "cut.bin", whole.left(cut));
        try {
            LoadOptions options;
            options.format = Format::Word2VecBinary;
            const EmbeddingSet set = loadEmbeddings(path, options);
            QVERIFY2(set.rows() < 2, qPrintable(QString::number(cut)));
            QVERIFY2(!set.warnings.empty(), qPrintable(QString::number(cut)));
            ++warned;
        } catch (const LoadError&) {
            ++errors;
        }
    }
    QVERIFY(errors > 0);
    QVERIFY(warned > 0);
}

void TestBadInput::missingFile() {
    try {
        loadEmbeddings(m_dir.path().toStdString() + "/does-not-exist.txt");
        QFAIL("expected a LoadError");
    } catch (const LoadError& e) {
        QVERIFY2(QString(e.what()).contains("does-not-exist.txt: cannot open"), e.what());
    }
}

void TestBadInput::headerLiesAreWarnings_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("warning");
    // Files filtered or appended to after their header was written are common (fastText .vec
    // files cut with head, say): the rows the file holds load, and a warning gives both counts.
    // Nothing is allocated from the header's count (10^12 rows would be 8 TB).
    QTest::newRow("header claims more rows") << "more.txt" << QByteArray("3 2\na 1 2\nb 3 4\n") << 2
                                             << "header says 3 rows, file holds 2; loaded 2";
    QTest::newRow("header claims fewer rows") << "fewer.txt" << QByteArray("1 2\na 1 2\nb 3 4\n")
                                              << 2 << "header says 1 rows, file holds 2; loaded 2";
    QTest::newRow("header claims 10^12 rows")
        << "trillion.txt" << QByteArray("1000000000000 2\na 1 2\n") << 1
        << "header says 1000000000000 rows, file holds 1; loaded 1";
    QTest::newRow("binary header claims 10^12 rows")
        << "trillion.bin" << (QByteArray("1000000000000 2\nx ") + floats({1, 2})) << 1
        << "header says 1000000000000 rows, file holds 1; loaded 1";
}

void TestBadInput::headerLiesAreWarnings() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(int, rows);
    QFETCH(QString, warning);
    const EmbeddingSet set = loadEmbeddings(writeFile(m_dir.path(), name, content));
    QCOMPARE(set.rows(), std::size_t(rows));
    QCOMPARE(set.warnings.size(), std::size_t(1));
    QCOMPARE(set.warnings[0].kind, WarningKind::RowCountMismatch);
    QVERIFY2(QString::fromStdString(set.warnings[0].message).contains(warning),
             set.warnings[0].message.c_str());
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
