// Layout files (vecspace/layout_io.h) and row subsets (vecspace/subset.h): coordinates written
// and read back bit for bit, CSV quoting as RFC 4180 spells it (checked against hand-written
// bytes), files from elsewhere (headers, CRLF, a BOM), and bad files refused with their line.
#include "test_support.h"
#include "vecspace/base/subset.h"
#include "vecspace/io/layout_io.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <bit>
#include <cfloat>
#include <cstring>
#include <random>

using namespace vecspace;
using testsupport::dataPath;

namespace {

// Floats that stress a shortest round-trip formatter: every magnitude, subnormals, the extremes
// and negative zero, then random bit patterns (finite ones only).
RowMatrix awkwardCoordinates(std::size_t rows, int dims) {
    const float fixed[] = {0.1f,     -0.0f,       FLT_MAX, -FLT_MAX,  FLT_MIN,   1e-45f,
                           1.0f / 3, 16777216.0f, 1e-10f,  123456.7f, -2.5e-38f, 0.0f};
    std::mt19937 random(42);
    RowMatrix coordinates(static_cast<Eigen::Index>(rows), dims);
    std::size_t next = 0;
    for (Eigen::Index r = 0; r < coordinates.rows(); ++r)
        for (int c = 0; c < dims; ++c) {
            float value;
            if (next < std::size(fixed)) {
                value = fixed[next++];
            } else {
                do
                    value = std::bit_cast<float>(static_cast<std::uint32_t>(random()));
                while (!std::isfinite(value));
            }
            coordinates(r, c) = value;
        }
    return coordinates;
}

bool sameBits(const RowMatrix& a, const RowMatrix& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * std::size_t(a.size())) == 0;
}

} // namespace

class TestLayoutIo : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void csvQuoting_data();
    void csvQuoting();
    void readsFilesFromElsewhere_data();
    void readsFilesFromElsewhere();
    void badFilesNameTheLine_data();
    void badFilesNameTheLine();
    void tsvRefusesTabsAndLineBreaks();
    void subsetKeepsRowsAndMetadata();
    void subsetRefusesMissingRows();
};

void TestLayoutIo::roundTrip_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("dims");
    QTest::addColumn<bool>("header");
    for (const char* name : {"layout.tsv", "layout.csv"})
        for (int dims : {2, 3})
            for (bool header : {false, true})
                QTest::addRow("%s %dD%s", name, dims, header ? " header" : "")
                    << name << dims << header;
}

// Real labels (GloVe's, which include commas and quotes) plus labels only CSV can hold.
void TestLayoutIo::roundTrip() {
    QFETCH(QString, name);
    QFETCH(int, dims);
    QFETCH(bool, header);
    const bool csv = name.endsWith(".csv");
    std::vector<std::string> labels = loadEmbeddings(dataPath("glove.6B.100d.top2717.txt")).labels;
    labels.insert(labels.end(), {"", " padded ", "naïve", "\"quoted\""});
    if (csv) labels.insert(labels.end(), {"two\nlines", "tab\there", "crlf\r\nend", "\"", ","});
    const RowMatrix coordinates = awkwardCoordinates(labels.size(), dims);

    QTemporaryDir dir;
    const std::filesystem::path path = (dir.path() + "/" + name).toStdString();
    LayoutWriteOptions options;
    options.header = header;
    writeLayout(path, labels, coordinates, options);
    const LayoutFile back = readLayout(path);
    QCOMPARE(back.labels, labels);
    QVERIFY(sameBits(back.coordinates, coordinates));
    // The expected labels check passes for the same labels.
    LayoutReadOptions read;
    read.expectedLabels = &labels;
    QVERIFY(sameBits(readLayout(path, read).coordinates, coordinates));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{name}); // no temporary left
}

void TestLayoutIo::csvQuoting_data() {
    QTest::addColumn<QString>("label");
    QTest::addColumn<QByteArray>("line"); // as RFC 4180 writes the row (x = 0.5, y = -2)
    QTest::newRow("plain") << "king" << QByteArray("king,0.5,-2\n");
    QTest::newRow("comma") << "a,b" << QByteArray("\"a,b\",0.5,-2\n");
    QTest::newRow("quote") << "say \"hi\"" << QByteArray("\"say \"\"hi\"\"\",0.5,-2\n");
    QTest::newRow("only a quote") << "\"" << QByteArray("\"\"\"\",0.5,-2\n");
    QTest::newRow("newline") << "two\nlines" << QByteArray("\"two\nlines\",0.5,-2\n");
    QTest::newRow("carriage return") << "a\rb" << QByteArray("\"a\rb\",0.5,-2\n");
    QTest::newRow("empty") << "" << QByteArray(",0.5,-2\n");
    QTest::newRow("spaces and tab kept bare") << " a\tb " << QByteArray(" a\tb ,0.5,-2\n");
    QTest::newRow("UTF-8") << "naïve" << QByteArray("naïve,0.5,-2\n");
}

void TestLayoutIo::csvQuoting() {
    QFETCH(QString, label);
    QFETCH(QByteArray, line);
    const std::vector<std::string> labels{label.toStdString()};
    RowMatrix coordinates(1, 2);
    coordinates << 0.5f, -2.0f;
    const std::string text = formatLayout(labels, coordinates, LayoutFormat::Csv, true);
    QCOMPARE(QByteArray::fromStdString(text), "label,x,y\n" + line);
    const LayoutFile back = parseLayout(text, "q.csv");
    QCOMPARE(back.labels, labels);
    QVERIFY(sameBits(back.coordinates, coordinates));
}

void TestLayoutIo::readsFilesFromElsewhere_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QList<float>>("values"); // row-major
    QTest::newRow("pandas CSV, CRLF")
        << "p.csv" << QByteArray("label,x,y\r\nking,1.5,-2\r\n\"a,b\",3,4\r\n")
        << QStringList{"king", "a,b"} << QList<float>{1.5f, -2, 3, 4};
    QTest::newRow("spreadsheet CSV: BOM, capitals, spaces, quoted numbers")
        << "s.csv" << QByteArray("\xEF\xBB\xBFLabel,X,Y,Z\nq, 1 ,\"2\",3e-2\n") << QStringList{"q"}
        << QList<float>{1, 2, 0.03f};
    QTest::newRow("TSV with blank lines, no final newline")
        << "t.tsv" << QByteArray("\nthe\t0.25\t1\n\nof\t-1\t2") << QStringList{"the", "of"}
        << QList<float>{0.25f, 1, -1, 2};
    QTest::newRow("TSV with a header, 3D")
        << "t.tsv" << QByteArray("label\tx\ty\tz\na b\t1\t2\t3\n") << QStringList{"a b"}
        << QList<float>{1, 2, 3};
    QTest::newRow("quoted label over two lines, CRLF inside")
        << "m.csv" << QByteArray("\"one\r\ntwo\",7,8\n") << QStringList{"one\r\ntwo"}
        << QList<float>{7, 8};
}

void TestLayoutIo::readsFilesFromElsewhere() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, labels);
    QFETCH(QList<float>, values);
    QTemporaryDir dir;
    const std::string path = testsupport::writeFile(dir.path(), name, bytes);
    const LayoutFile layout = readLayout(path);
    QCOMPARE(qsizetype(layout.labels.size()), labels.size());
    for (qsizetype i = 0; i < labels.size(); ++i)
        QCOMPARE(QString::fromStdString(layout.labels[std::size_t(i)]), labels[i]);
    QCOMPARE(qsizetype(layout.coordinates.size()), values.size());
    for (qsizetype i = 0; i < values.size(); ++i)
        QCOMPARE(layout.coordinates.data()[i], values[i]);
}

void TestLayoutIo::badFilesNameTheLine_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected"); // labels the file must match; empty: none
    QTest::addColumn<QString>("message");
    QTest::newRow("not a number") << "b.tsv" << QByteArray("a\t1\t2\nb\t3\tnot-a-number\n")
                                  << QStringList{}
                                  << "b.tsv:2: expected a number, found 'not-a-number'";
    QTest::newRow("NaN") << "b.tsv" << QByteArray("a\t1\tnan\n") << QStringList{}
                         << "b.tsv:1: expected a number, found 'nan'";
    QTest::newRow("beyond float") << "b.csv" << QByteArray("a,1,2\n\nb,1e39,2\n") << QStringList{}
                                  << "b.csv:3: expected a number, found '1e39'";
    QTest::newRow("one coordinate")
        << "b.tsv" << QByteArray("a\t1\n") << QStringList{}
        << "b.tsv:1: expected a label and 2 or 3 coordinates (label<TAB>x<TAB>y[<TAB>z]), found 2 "
           "fields";
    QTest::newRow("ragged") << "b.tsv" << QByteArray("a\t1\t2\n\nb\t1\t2\t3\n") << QStringList{}
                            << "b.tsv:3: expected 3 fields, as on the first line, found 4 fields";
    QTest::newRow("TSV read as CSV")
        << "b.csv" << QByteArray("a\t1\t2\n") << QStringList{}
        << "b.csv:1: expected a label and 2 or 3 coordinates (label,x,y[,z]), found 1 field";
    QTest::newRow("unterminated quote")
        << "b.csv" << QByteArray("a,1,2\n\"b,1,2\nc,3,4\n") << QStringList{}
        << "b.csv:2: expected a closing quote for the field opened on this line, found the end "
           "of the file";
    QTest::newRow("text after a closing quote")
        << "b.csv" << QByteArray("\"a\"b,1,2\n") << QStringList{}
        << "b.csv:1: expected a comma or the end of the line after a closing quote, found 'b,1,2'";
    QTest::newRow("lines counted through a quoted newline")
        << "b.csv" << QByteArray("\"two\nlines\",1,2\nc,1,x\n") << QStringList{}
        << "b.csv:3: expected a number, found 'x'";
    QTest::newRow("empty file") << "b.tsv" << QByteArray("\n\n") << QStringList{}
                                << "b.tsv: expected lines of a label and 2 or 3 coordinates, "
                                   "found an empty file";
    QTest::newRow("header only") << "b.csv" << QByteArray("label,x,y\n") << QStringList{}
                                 << "b.csv: expected lines of a label and 2 or 3 coordinates, "
                                    "found only a header line";
    QTest::newRow("another file's label")
        << "b.tsv" << QByteArray("a\t1\t2\nb\t3\t4\n") << QStringList{"a", "c"}
        << "b.tsv:2: expected the label 'c' of row 2, found 'b'";
    QTest::newRow("more lines than rows")
        << "b.tsv" << QByteArray("a\t1\t2\nb\t3\t4\nc\t5\t6\n") << QStringList{"a", "b"}
        << "b.tsv:3: expected one line per row of the data, 2 in all, found a line for row 3";
    QTest::newRow("fewer lines than rows")
        << "b.tsv" << QByteArray("a\t1\t2\n") << QStringList{"a", "b"}
        << "b.tsv: expected 2 coordinate lines, one per row of the data, found 1";
}

void TestLayoutIo::badFilesNameTheLine() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const std::string path = testsupport::writeFile(dir.path(), name, bytes);
    std::vector<std::string> labels;
    for (const QString& label : expected)
        labels.push_back(label.toStdString());
    LayoutReadOptions options;
    if (!labels.empty()) options.expectedLabels = &labels;
    try {
        readLayout(path, options);
        QFAIL("the file was accepted");
    } catch (const LoadError& error) {
        const QString what = QString::fromStdString(error.what());
        QVERIFY2(what.endsWith(message), qPrintable(what));
        QVERIFY2(what.startsWith(dir.path()), qPrintable(what));
    }
}

// A tab or line break in a TSV label would shift every later field: refused, naming the row,
// and an existing file is left as it was.
void TestLayoutIo::tsvRefusesTabsAndLineBreaks() {
    QTemporaryDir dir;
    const QString path = dir.path() + "/keep.tsv";
    const std::string before = "old\t1\t2\n";
    testsupport::writeFile(dir.path(), "keep.tsv", QByteArray::fromStdString(before));
    RowMatrix coordinates = RowMatrix::Zero(2, 2);
    for (const char* bad : {"a\tb", "a\nb", "a\rb"}) {
        const std::vector<std::string> labels{"fine", bad};
        try {
            writeLayout(path.toStdString(), labels, coordinates);
            QFAIL("a TSV label with a tab or line break was written");
        } catch (const std::runtime_error& error) {
            const QString what = error.what();
            QVERIFY2(what.contains("of row 2 holds a tab or a line break") &&
                         what.contains("write CSV instead"),
                     qPrintable(what));
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().toStdString(), before);
        // The same labels go to CSV.
        LayoutWriteOptions csv;
        csv.format = LayoutFormat::Csv;
        writeLayout(path.toStdString() + ".csv", labels, coordinates, csv);
        LayoutReadOptions read;
        read.format = LayoutFormat::Csv;
        QCOMPARE(readLayout(path.toStdString() + ".csv", read).labels, labels);
    }
}

// Digits has a metadata column ("digit"): picked rows keep their labels, vectors and metadata,
// in the order asked for, repeats included.
void TestLayoutIo::subsetKeepsRowsAndMetadata() {
    const EmbeddingSet digits = loadEmbeddings(dataPath("digits/digits.tsv"));
    const MetadataColumn* digit = digits.findMetadata("digit");
    QVERIFY(digit);
    const std::vector<std::size_t> rows{1796, 0, 5, 5, 42};
    const EmbeddingSet picked = subset(digits, rows);
    QCOMPARE(picked.rows(), rows.size());
    QCOMPARE(picked.dims(), digits.dims());
    QCOMPARE(int(picked.format), int(digits.format));
    QVERIFY(picked.warnings.empty());
    const MetadataColumn* pickedDigit = picked.findMetadata("digit");
    QVERIFY(pickedDigit);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        QCOMPARE(picked.labels[i], digits.labels[rows[i]]);
        QCOMPARE(pickedDigit->values[i], digit->values[rows[i]]);
        QVERIFY(picked.vectors.row(Eigen::Index(i)) == digits.vectors.row(Eigen::Index(rows[i])));
    }
    QCOMPARE(subset(digits, {}).rows(), std::size_t(0));
}

void TestLayoutIo::subsetRefusesMissingRows() {
    const EmbeddingSet digits = loadEmbeddings(dataPath("digits/digits.tsv"));
    const std::vector<std::size_t> rows{3, 1797};
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, subset(digits, rows));
}

QTEST_GUILESS_MAIN(TestLayoutIo)
#include "test_layout_io.moc"
