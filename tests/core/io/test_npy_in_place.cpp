// .npy files of little-endian float32 are read in place: the set's values are the file's mapped
// pages, held unchanged while other programs rewrite or truncate the file (base/write_guard.h).
// Every other .npy, and every file that cannot be held, is read into memory as before.
#include "test_support.h"
#include "vecspace/io/loader.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <cstring>

using namespace vecspace;
using testsupport::dataPath;

namespace {

// The test's own matrix: value (i, j) = i + j / 1000, written as numpy's format 1.0 does.
float valueAt(int i, int j) {
    return float(i) + float(j) / 1000.0f;
}

// Writes the test's rows x cols matrix to dir/name as numpy.save would; returns the path.
QString writeNpy(const QString& dir, const QString& name, int rows, int cols) {
    QByteArray values;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            const float v = valueAt(i, j);
            values.append(reinterpret_cast<const char*>(&v), sizeof v);
        }
    const QByteArray dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                            QByteArray::number(rows) + ", " + QByteArray::number(cols) + "), }";
    return QString::fromStdString(
        testsupport::writeFile(dir, name, testsupport::npy(dict, values)));
}

bool holdsValues(const EmbeddingSet& set, int rows, int cols) {
    if (int(set.rows()) != rows || int(set.dims()) != cols) return false;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j)
            if (set.vectors(i, j) != valueAt(i, j)) return false;
    return true;
}

} // namespace

class TestNpyInPlace : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void whichFilesInPlace_data();
    void whichFilesInPlace();
    void valuesAreTheFiles();
    void survivesWriters_data();
    void survivesWriters();
    void fileOpenForWritingIsCopied();
    void editCopiesAndLeavesFile();
    void copiesShareTheMapping();

private:
    QTemporaryDir m_dir;
};

void TestNpyInPlace::initTestCase() {
    // Without leases every .npy is copied, as the loader's fallback; nothing here would run.
    const QString probe = writeNpy(m_dir.path(), "probe.npy", 1, 1);
    for (const QString& path : {probe, QString::fromStdString(dataPath("top5.f4.npy"))})
        if (const QString why = testsupport::readLeaseRefusal(path); !why.isEmpty())
            QSKIP(qPrintable("no read lease on " + path + ": " + why));
}

void TestNpyInPlace::whichFilesInPlace_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("inPlace");
    // numpy.save's files (tests/data/README.md): only little-endian float32 is the matrix as is.
    QTest::newRow("float32") << "top5.f4.npy" << true;
    QTest::newRow("float32, format 2.0") << "top5.v2.npy" << true;
    QTest::newRow("big-endian float32") << "top5.be.npy" << false;
    QTest::newRow("float64") << "top5.f8.npy" << false;
    QTest::newRow("float16") << "top5.f2.npy" << false;
}

void TestNpyInPlace::whichFilesInPlace() {
    QFETCH(QString, file);
    QFETCH(bool, inPlace);
    const EmbeddingSet set = loadEmbeddings(dataPath(file.toUtf8().constData()));
    QCOMPARE(set.vectors.inPlace(), inPlace);
    QCOMPARE(set.rows(), std::size_t(5));
}

void TestNpyInPlace::valuesAreTheFiles() {
    // The same five GloVe rows as the text file they were saved from, value for value.
    const EmbeddingSet text = loadEmbeddings(dataPath("glove.6B.100d.top2717.txt"));
    const EmbeddingSet npy = loadEmbeddings(dataPath("top5.f4.npy"));
    QVERIFY(npy.vectors.inPlace());
    QVERIFY(npy.vectors == text.vectors.topRows(5));
    // A row limit maps only the rows asked for.
    LoadOptions three;
    three.limit = 3;
    const EmbeddingSet first = loadEmbeddings(dataPath("top5.f4.npy"), three);
    QVERIFY(first.vectors.inPlace());
    QVERIFY(first.vectors == text.vectors.topRows(3));
    // Bytes already in memory have no file to hold: copied.
    QFile file(QString::fromStdString(dataPath("top5.f4.npy")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const EmbeddingSet buffered = loadEmbeddingsFromBuffer(
        std::string_view(bytes.data(), std::size_t(bytes.size())), "b.npy");
    QVERIFY(!buffered.vectors.inPlace());
    QVERIFY(buffered.vectors == text.vectors.topRows(5));
}

void TestNpyInPlace::survivesWriters_data() {
    QTest::addColumn<QString>("writer");
    // truncate(1) opens without blocking, so the kernel answers its first try with EAGAIN while
    // the lease is being given up (fcntl(2), "Leases"); a moment later it goes through.
    QTest::newRow("truncate to 0")
        << "for i in 1 2 3 4 5 6 7 8 9 10; do truncate -s 0 \"$1\" 2>/dev/null && exit 0; "
           "sleep 0.1; done; exit 1";
    QTest::newRow("overwritten by a shell") << "printf 'other bytes' > \"$1\"";
    QTest::newRow("grown in place") << "head -c 200000 /dev/zero 1<> \"$1\"";
    QTest::newRow("in this process") << "";
}

void TestNpyInPlace::survivesWriters() {
    QFETCH(QString, writer);
    // 16 pages of values: once the file is truncated, a plain mapping of them raises SIGBUS.
    const int rows = 2000, cols = 8;
    const QString path = writeNpy(m_dir.path(), "rewritten.npy", rows, cols);
    const EmbeddingSet set = loadEmbeddings(path.toStdString());
    QVERIFY(set.vectors.inPlace());
    QVERIFY(holdsValues(set, rows, cols));
    // A second set of the first rows only (its own lease, over those rows' pages alone).
    LoadOptions firstRows;
    firstRows.limit = 1500;
    const EmbeddingSet part = loadEmbeddings(path.toStdString(), firstRows);
    QVERIFY(part.vectors.inPlace());

    if (writer.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write("x"), qint64(1));
    } else {
        QCOMPARE(QProcess::execute("/bin/sh", {"-c", writer, "sh", path}), 0);
    }
    // The writer did change the file...
    QFile changed(path);
    QVERIFY(changed.open(QIODevice::ReadOnly));
    QVERIFY(!changed.readAll().startsWith("\x93NUMPY\x01\x00"));
    // ...and the sets still hold what they read.
    QVERIFY(holdsValues(set, rows, cols));
    QVERIFY(holdsValues(part, 1500, cols));
    const EmbeddingSet copy = set;
    QVERIFY(holdsValues(copy, rows, cols));
}

void TestNpyInPlace::fileOpenForWritingIsCopied() {
    // A program holds the file open for writing: the kernel refuses a read lease, so the values
    // cannot be promised stable and are copied.
    const QString path = writeNpy(m_dir.path(), "open.npy", 10, 3);
    QFile writer(path);
    QVERIFY(writer.open(QIODevice::ReadWrite));
    const EmbeddingSet set = loadEmbeddings(path.toStdString());
    QVERIFY(!set.vectors.inPlace());
    QVERIFY(holdsValues(set, 10, 3));
    writer.close();
    QVERIFY(loadEmbeddings(path.toStdString()).vectors.inPlace());
}

void TestNpyInPlace::editCopiesAndLeavesFile() {
    const QString path = writeNpy(m_dir.path(), "edited.npy", 4, 5);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    EmbeddingSet set = loadEmbeddings(path.toStdString());
    QVERIFY(set.vectors.inPlace());
    set.vectors.edit()(2, 3) = -7.5f;
    QVERIFY(!set.vectors.inPlace());
    QCOMPARE(set.vectors(2, 3), -7.5f);
    QCOMPARE(set.vectors(2, 4), valueAt(2, 4));
    QVERIFY(file.seek(0));
    QCOMPARE(file.readAll(), before);
}

void TestNpyInPlace::copiesShareTheMapping() {
    const QString path = writeNpy(m_dir.path(), "shared.npy", 6, 2);
    std::unique_ptr<EmbeddingSet> original =
        std::make_unique<EmbeddingSet>(loadEmbeddings(path.toStdString()));
    EmbeddingSet copy = *original;
    QVERIFY(copy.vectors.inPlace());
    QCOMPARE(copy.vectors.data(), original->vectors.data());
    EmbeddingSet moved = std::move(*original);
    QCOMPARE(moved.vectors.data(), copy.vectors.data());
    QCOMPARE(original->vectors.rows(), Eigen::Index(0));
    // The mapping outlives the set it was loaded into.
    original.reset();
    moved = EmbeddingSet();
    QVERIFY(holdsValues(copy, 6, 2));
}

QTEST_GUILESS_MAIN(TestNpyInPlace)
#include "test_npy_in_place.moc"
