// NumPy .npy files written by numpy itself, and TensorFlow Projector TSV pairs.
#include "test_support.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>

using namespace vecspace;
using testsupport::dataPath;
using testsupport::hasWarning;
using testsupport::writeFile;

class TestNpyTsvLoader : public QObject {
    Q_OBJECT

private slots:
    void npyFromNumpy_data();
    void npyFromNumpy();
    void npyRejected_data();
    void npyRejected();
    void npyLabelsFileMustMatch();
    void tsvWithMetadata_data();
    void tsvWithMetadata();
    void tsvMetadataRowCountMismatch();
    void projectorFilesFromNumpy();

private:
    QTemporaryDir m_dir;
};

void TestNpyTsvLoader::npyFromNumpy_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("firstLabel");
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("last");
    // tests/data/README.md: the first 5 rows of glove.6B.100d.top2717.txt saved by numpy.save
    // in each dtype. Expected values: float32("-0.038194") / numpy's own float16 rounding.
    QTest::newRow("float32 + labels") << "top5.f4.npy"
                                      << "the" << -0.03819400072097778 << -0.1597900390625;
    QTest::newRow("float64") << "top5.f8.npy"
                             << "0" << -0.03819400072097778 << -0.1597900390625;
    QTest::newRow("float16") << "top5.f2.npy"
                             << "0" << -0.0382080078125 << -0.1597900390625;
    QTest::newRow("big-endian float32") << "top5.be.npy"
                                        << "0" << -0.03819400072097778 << -0.1597900390625;
    QTest::newRow("format version 2.0") << "top5.v2.npy"
                                        << "0" << -0.03819400072097778 << -0.1597900390625;
}

void TestNpyTsvLoader::npyFromNumpy() {
    QFETCH(QString, file);
    QFETCH(QString, firstLabel);
    QFETCH(double, first);
    QFETCH(double, last);
    const std::string path = dataPath(file.toUtf8().constData());
    QCOMPARE(detectFormat(path), Format::Npy);
    const EmbeddingSet set = loadEmbeddings(path);
    QCOMPARE(set.rows(), std::size_t(5));
    QCOMPARE(set.dims(), std::size_t(100));
    QCOMPARE(QString::fromStdString(set.labels[0]), firstLabel); // labels file, else row numbers
    QCOMPARE(set.vectors(0, 0), float(first));
    // Row 4 ("to"), last value: -0.15983 in the text file.
    if (file != "top5.f2.npy")
        QCOMPARE(set.vectors(4, 99), std::strtof("-0.15983", nullptr));
    else
        QCOMPARE(set.vectors(4, 99), float(last));
}

void TestNpyTsvLoader::npyRejected_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("found");
    QTest::newRow("int32") << "int32.npy"
                           << "float16, float32 or float64"
                           << "descr '<i4'";
    QTest::newRow("1-D") << "vector1d.npy"
                         << "2-D array"
                         << "shape (10,)";
    QTest::newRow("fortran order") << "top5.fortran.npy"
                                   << "C-order"
                                   << "fortran_order True";
}

void TestNpyTsvLoader::npyRejected() {
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QFETCH(QString, found);
    try {
        loadEmbeddings(dataPath(file.toUtf8().constData()));
        QFAIL("expected a LoadError");
    } catch (const LoadError& e) {
        QVERIFY2(QString::fromStdString(e.expected()).contains(expected), e.what());
        QVERIFY2(QString::fromStdString(e.found()).contains(found), e.what());
        QVERIFY2(QString(e.what()).contains(file), e.what());
    }
}

void TestNpyTsvLoader::npyLabelsFileMustMatch() {
    QFile::copy(QString::fromStdString(dataPath("top5.f4.npy")), m_dir.path() + "/v.npy");
    writeFile(m_dir.path(), "v.labels.txt", "a\nb\nc\n");
    try {
        loadEmbeddings((m_dir.path() + "/v.npy").toStdString());
        QFAIL("expected a LoadError");
    } catch (const LoadError& e) {
        QVERIFY2(QString(e.what()).contains("v.labels.txt:4: expected 5 labels"), e.what());
    }
    writeFile(m_dir.path(), "v.labels.txt", "a\r\nb\r\nc\r\nd\r\ne\r\n");
    const EmbeddingSet set = loadEmbeddings((m_dir.path() + "/v.npy").toStdString());
    QCOMPARE(set.labels.back(), std::string("e"));
}

void TestNpyTsvLoader::tsvWithMetadata_data() {
    QTest::addColumn<QByteArray>("vectors");
    QTest::addColumn<QByteArray>("metadata");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QStringList>("columns");
    QTest::newRow("numbers only, one-column metadata")
        << QByteArray("1\t2\n3\t4\n5\t6\n") << QByteArray("cat\ndog\nnew york\n")
        << QStringList{"cat", "dog", "new york"} << QStringList{"label"};
    QTest::newRow("several columns with header")
        << QByteArray("1\t2\n3\t4\n5\t6\n")
        << QByteArray("word\tpos\tcount\ncat\tnoun\t3\ndog\tnoun\t5\nrun\tverb\t1\n")
        << QStringList{"cat", "dog", "run"} << QStringList{"word", "pos", "count"};
    QTest::newRow("label column in the vectors file")
        << QByteArray("cat\t1\t2\ndog\t3\t4\nowl\t5\t6\n") << QByteArray()
        << QStringList{"cat", "dog", "owl"} << QStringList{};
    QTest::newRow("no metadata: row numbers")
        << QByteArray("1\t2\r\n3\t4\r\n5\t6\r\n") << QByteArray() << QStringList{"0", "1", "2"}
        << QStringList{};
    QTest::newRow("repeated class labels are kept")
        << QByteArray("1\t2\n3\t4\n5\t6\n") << QByteArray("digit\n7\n7\n1\n")
        << QStringList{"7", "7", "1"} << QStringList{"digit"};
}

void TestNpyTsvLoader::tsvWithMetadata() {
    QFETCH(QByteArray, vectors);
    QFETCH(QByteArray, metadata);
    QFETCH(QStringList, labels);
    QFETCH(QStringList, columns);
    QTemporaryDir dir;
    const auto path = writeFile(dir.path(), "vectors.tsv", vectors);
    if (!metadata.isEmpty()) writeFile(dir.path(), "metadata.tsv", metadata);
    const EmbeddingSet set = loadEmbeddings(path);
    QCOMPARE(set.format, Format::ProjectorTsv);
    QCOMPARE(set.rows(), std::size_t(3));
    QCOMPARE(set.dims(), std::size_t(2));
    QCOMPARE(set.vectors(2, 1), 6.0f);
    QStringList got;
    for (const auto& label : set.labels)
        got << QString::fromStdString(label);
    QCOMPARE(got, labels);
    QStringList names;
    for (const auto& column : set.metadata)
        names << QString::fromStdString(column.name);
    QCOMPARE(names, columns);
}

void TestNpyTsvLoader::tsvMetadataRowCountMismatch() {
    QTemporaryDir dir;
    const auto path = writeFile(dir.path(), "vectors.tsv", "1\t2\n3\t4\n");
    writeFile(dir.path(), "metadata.tsv", "a\nb\nc\nd\n");
    try {
        loadEmbeddings(path);
        QFAIL("expected a LoadError");
    } catch (const LoadError& e) {
        QVERIFY2(QString(e.what()).contains("metadata.tsv"), e.what());
        QCOMPARE(e.found(), std::string("4"));
    }
}

void TestNpyTsvLoader::projectorFilesFromNumpy() {
    // tests/data/projector: the first 50 GloVe rows written by numpy.savetxt(delimiter='\t'),
    // as the Projector's tutorials do, and a two-column metadata file with a header row.
    const EmbeddingSet set = loadEmbeddings(dataPath("projector/vectors.tsv"));
    const EmbeddingSet glove = loadEmbeddings(dataPath("glove.6B.100d.top2717.txt"));
    QCOMPARE(set.format, Format::ProjectorTsv);
    QCOMPARE(set.rows(), std::size_t(50));
    QCOMPARE(set.dims(), std::size_t(100));
    QVERIFY(set.vectors == glove.vectors.topRows(50)); // %.18e holds every float32 exactly
    QCOMPARE(set.labels[49], std::string("after"));    // from the "word" column
    QCOMPARE(set.metadata.size(), std::size_t(2));
    QCOMPARE(set.metadata[1].name, std::string("frequency_rank"));
    QCOMPARE(set.metadata[1].values[49], std::string("50"));
}

QTEST_GUILESS_MAIN(TestNpyTsvLoader)
#include "test_npy_tsv_loader.moc"
