// Writers: every format round-trips real data bit for bit, files are replaced atomically, and
// labels a format cannot hold are refused instead of written corrupt.
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/io/writer.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

using namespace vecspace;
using testsupport::dataPath;
using testsupport::writeFile;

class TestWriters : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void npyHeaderIsAligned();
    void cancelLeavesTargetUntouched_data();
    void cancelLeavesTargetUntouched();
    void refusesLabelsTheFormatCannotHold_data();
    void refusesLabelsTheFormatCannotHold();
    void metadataRoundTripsThroughTsv_data();
    void metadataRoundTripsThroughTsv();
    void failedWriteLeavesOldFile_data();
    void failedWriteLeavesOldFile();
};

void TestWriters::roundTrip_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("to");
    QTest::addColumn<int>("format");
    const QStringList sources{"glove.6B.100d.top2717.txt", "crime-and-punishment.vec",
                              "high_precision.kv.bin"};
    for (const QString& source : sources) {
        QTest::newRow(qPrintable(source + " -> .txt")) << source << "out.txt"
                                                       << "" << int(Format::Word2VecText);
        QTest::newRow(qPrintable(source + " -> .vec")) << source << "out.vec"
                                                       << "" << int(Format::FastTextVec);
        QTest::newRow(qPrintable(source + " -> glove")) << source << "out.txt"
                                                        << "glove-text" << int(Format::GloveText);
        QTest::newRow(qPrintable(source + " -> .bin")) << source << "out.bin"
                                                       << "" << int(Format::Word2VecBinary);
        QTest::newRow(qPrintable(source + " -> .npy")) << source << "out.npy"
                                                       << "" << int(Format::Npy);
        QTest::newRow(qPrintable(source + " -> .tsv")) << source << "out.tsv"
                                                       << "" << int(Format::ProjectorTsv);
        QTest::newRow(qPrintable(source + " -> .txt.gz")) << source << "out.txt.gz"
                                                          << "" << int(Format::Word2VecText);
    }
}

void TestWriters::roundTrip() {
    QFETCH(QString, source);
    QFETCH(QString, output);
    QFETCH(QString, to);
    QFETCH(int, format);
    QTemporaryDir dir;
    const EmbeddingSet original = loadEmbeddings(dataPath(source.toUtf8().constData()));
    const std::string out = (dir.path() + "/" + output).toStdString();
    WriteOptions options;
    if (!to.isEmpty()) options.format = *parseFormatName(to.toStdString());
    writeEmbeddings(original, out, options);

    LoadOptions load;
    load.format = Format(format) == Format::GloveText ? Format::GloveText : Format::Auto;
    const EmbeddingSet back = loadEmbeddings(out, load);
    QCOMPARE(int(back.format), format);
    QCOMPARE(back.labels, original.labels);
    QVERIFY(back.vectors == original.vectors); // exact: shortest round-trip text, raw binary
    QVERIFY(back.warnings.empty());
    // Nothing but the outputs is left behind (no temporary files).
    const QStringList files = QDir(dir.path()).entryList(QDir::Files);
    for (const QString& file : files)
        QVERIFY2(!file.contains(".tmp-"), qPrintable(file));
}

void TestWriters::npyHeaderIsAligned() {
    QTemporaryDir dir;
    const EmbeddingSet set = loadEmbeddings(dataPath("toy-model.vec"));
    const std::string out = (dir.path() + "/toy.npy").toStdString();
    writeEmbeddings(set, out);
    QFile file(QString::fromStdString(out));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const int headerLength =
        static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
    QCOMPARE((10 + headerLength) % 64, 0); // NumPy's own alignment rule
    QCOMPARE(bytes.size() - 10 - headerLength, qsizetype(22 * 5 * 4));
    QVERIFY(bytes.mid(10, headerLength)
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (22, 5), }"));
    QVERIFY(QFile::exists(dir.path() + "/toy.labels.txt"));
}

void TestWriters::cancelLeavesTargetUntouched_data() {
    QTest::addColumn<QString>("output");
    QTest::newRow("text") << "out.txt";
    QTest::newRow("binary") << "out.bin";
    QTest::newRow("npy") << "out.npy";
}

void TestWriters::cancelLeavesTargetUntouched() {
    QFETCH(QString, output);
    QTemporaryDir dir;
    const std::string target = writeFile(dir.path(), output, "precious user data\n");
    const EmbeddingSet set = loadEmbeddings(dataPath("glove.6B.100d.top2717.txt"));
    WriteOptions options;
    options.progress = [](double) { return false; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, writeEmbeddings(set, target, options));
    QFile file(QString::fromStdString(target));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("precious user data\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).filter(".tmp-").size(), 0);
}

void TestWriters::refusesLabelsTheFormatCannotHold_data() {
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("output");
    QTest::addColumn<bool>("refused");
    QTest::newRow("space in word2vec text") << "new york"
                                            << "x.txt" << true;
    QTest::newRow("space in word2vec binary") << "new york"
                                              << "x.bin" << true;
    QTest::newRow("empty label in text") << ""
                                         << "x.txt" << true;
    QTest::newRow("space in npy labels") << "new york"
                                         << "x.npy" << false;
    QTest::newRow("newline in npy labels") << "new\nyork"
                                           << "x.npy" << true;
    QTest::newRow("tab in tsv metadata") << "new\tyork"
                                         << "x.tsv" << true;
    QTest::newRow("space in tsv metadata") << "new york"
                                           << "x.tsv" << false;
}

void TestWriters::refusesLabelsTheFormatCannotHold() {
    QFETCH(QString, label);
    QFETCH(QString, output);
    QFETCH(bool, refused);
    QTemporaryDir dir;
    EmbeddingSet set;
    set.labels = {"ok", label.toStdString()};
    set.vectors = RowMatrix::Ones(2, 3);
    const std::string out = (dir.path() + "/" + output).toStdString();
    bool threw = false;
    try {
        writeEmbeddings(set, out);
    } catch (const std::runtime_error& e) {
        threw = true;
        QVERIFY2(QString(e.what()).contains(QString::fromStdString(out)), e.what());
    }
    QCOMPARE(threw, refused);
    QCOMPARE(QFile::exists(QString::fromStdString(out)), !refused);
    if (!refused) QCOMPARE(loadEmbeddings(out).labels, set.labels);
}

void TestWriters::failedWriteLeavesOldFile_data() {
    QTest::addColumn<QString>("target");    // under the temporary folder
    QTest::addColumn<QString>("failAfter"); // VECSPACE_FAIL_WRITES_AFTER, "" for none
    QTest::addColumn<QString>("message");
    QTest::newRow("disk full after 4 KB (.npy)")
        << "out.npy"
        << "4096"
        << "out.npy: write failed: No space left on device";
    QTest::newRow("disk full after 1 byte (gzip text)")
        << "out.txt.gz"
        << "1"
        << "out.txt.gz: write failed: No space left on device";
    QTest::newRow("disk full on the first byte (.bin)")
        << "out.bin"
        << "0"
        << "out.bin: write failed: No space left on device";
    QTest::newRow("a folder that does not exist")
        << "missing/out.npy"
        << ""
        << "cannot create a temporary file beside it: No such file or directory";
}

void TestWriters::failedWriteLeavesOldFile() {
    // vecspace-cli convert into a target that already exists: the write fails part-way (the
    // fault-injection hook stands in for a full disk) and the old file keeps every byte.
    QFETCH(QString, target);
    QFETCH(QString, failAfter);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString out = dir.path() + "/" + target;
    const QByteArray old = "the user's file, not to be damaged\n";
    if (!target.contains('/')) testsupport::writeFile(dir.path(), target, old);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!failAfter.isEmpty()) env.insert("VECSPACE_FAIL_WRITES_AFTER", failAfter);
    const auto run = testsupport::runCli(
        {"convert", testsupport::data("glove.6B.100d.top2717.txt"), out, "--quiet"}, 60000, env);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
    if (!target.contains('/')) {
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), old);
    }
    // Nothing else is left behind: no temporary file, no sidecar half written.
    QStringList left = QDir(dir.path()).entryList(QDir::Files);
    QCOMPARE(left, target.contains('/') ? QStringList{} : QStringList{target});
}

void TestWriters::metadataRoundTripsThroughTsv_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << "vectors.tsv";
    QTest::newRow("gzip: metadata in vectors.metadata.tsv.gz") << "vectors.tsv.gz";
}

void TestWriters::metadataRoundTripsThroughTsv() {
    QFETCH(QString, name);
    QTemporaryDir dir;
    EmbeddingSet set;
    set.labels = {"cat", "dog", "run"};
    set.vectors = RowMatrix::Random(3, 4);
    set.metadata = {{"pos", {"noun", "noun", "verb"}}, {"count", {"3", "5", "1"}}};
    const std::string out = (dir.path() + "/" + name).toStdString();
    writeEmbeddings(set, out);
    const EmbeddingSet back = loadEmbeddings(out);
    QCOMPARE(back.labels, set.labels);
    QVERIFY(back.vectors == set.vectors);
    QCOMPARE(back.metadata.size(), std::size_t(3)); // label, pos, count
    QCOMPARE(back.findMetadata("pos")->values, set.metadata[0].values);
    QCOMPARE(back.findMetadata("count")->values, set.metadata[1].values);
}

QTEST_GUILESS_MAIN(TestWriters)
#include "test_writers.moc"
