// vecspace-cli as a user runs it: JSON on stdout, messages and progress on stderr, exit codes
// 0 (success), 1 (data error) and 2 (usage error).
#include "reference_data.h"
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/io/writer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using testsupport::dataPath;
using testsupport::writeFile;

using Run = testsupport::CliRun;
using testsupport::data;
using testsupport::runCli;

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void infoJson_data();
    void infoJson();
    void dataErrorsExitOne_data();
    void dataErrorsExitOne();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void convertRoundTrip_data();
    void convertRoundTrip();
    void progressLineOnStderr();
    void semanticCommandsMatchGensim_data();
    void semanticCommandsMatchGensim();
    void benchmarksMatchGensim();
    void lookupSaysWhichLabelWasUsed();
    void similarityMatchesGensim();
    void clusterWritesProjectorMetadata();
    void semanticErrors_data();
    void semanticErrors();

private:
    QTemporaryDir m_dir;
};

void TestCli::infoJson_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("dims");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("warnings");
    QTest::newRow("glove") << data("glove.6B.100d.top2717.txt") << QStringList{} << 2717 << 100
                           << "glove-text" << 0;
    QTest::newRow("glove --limit")
        << data("glove.6B.100d.top2717.txt") << QStringList{"--limit", "10"} << 10 << 100
        << "glove-text" << 0;
    QTest::newRow("fasttext, header claims more")
        << data("fasttext.wiki.en.first99.vec") << QStringList{} << 99 << 300 << "fasttext-vec"
        << 1;
    QTest::newRow("binary") << data("euclidean_vectors.bin") << QStringList{} << 2747 << 10
                            << "word2vec-binary" << 0;
    QTest::newRow("npy with labels")
        << data("top5.f4.npy") << QStringList{} << 5 << 100 << "npy" << 0;
    QTest::newRow("explicit format")
        << data("word2vec_pre_kv_c") << QStringList{"--format", "word2vec-text"} << 1750 << 10
        << "word2vec-text" << 0;
}

void TestCli::infoJson() {
    QFETCH(QString, file);
    QFETCH(QStringList, options);
    QFETCH(int, rows);
    QFETCH(int, dims);
    QFETCH(QString, format);
    QFETCH(int, warnings);
    const Run run = runCli(QStringList{"info", file, "--json"} + options);
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, run.out.constData());
    const QJsonObject json = doc.object();
    QCOMPARE(json["rows"].toInt(), rows);
    QCOMPARE(json["dims"].toInt(), dims);
    QCOMPARE(json["format"].toString(), format);
    QCOMPARE(json["warnings"].toArray().size(), warnings);
    // Only the .npy row (numpy's little-endian float32) is read in place, where leases are.
    QCOMPARE(json["inPlace"].toBool(),
             format == "npy" && testsupport::readLeaseRefusal(file).isEmpty());
    QVERIFY(json["seconds"].isDouble());
    QCOMPARE(run.out.count('\n'), 1); // one object, one line
}

void TestCli::dataErrorsExitOne_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << "empty.txt"
                           << "empty.txt:1: expected embedding data, found an empty file";
    QTest::newRow("ragged") << QByteArray("a 1 2\nb 3\n") << "ragged.txt"
                            << "ragged.txt:2: expected 2 values";
    QTest::newRow("missing") << QByteArray() << ""
                             << "nothing-here.txt: cannot open";
}

void TestCli::dataErrorsExitOne() {
    QFETCH(QByteArray, content);
    QFETCH(QString, name);
    QFETCH(QString, message);
    const QString path = name.isEmpty()
                             ? m_dir.path() + "/nothing-here.txt"
                             : QString::fromStdString(writeFile(m_dir.path(), name, content));
    const Run run = runCli({"info", path, "--json"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
}

void TestCli::usageErrorsExitTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList{} << "Usage";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command 'frobnicate'";
    QTest::newRow("missing file") << QStringList{"info"} << "missing FILE";
    QTest::newRow("unknown option")
        << QStringList{"info", "x.txt", "--fast"} << "unknown option --fast";
    QTest::newRow("bad limit") << QStringList{"info", "x.txt", "--limit", "ten"}
                               << "--limit needs a whole number";
    QTest::newRow("bad format") << QStringList{"info", "x.txt", "--format", "csv"}
                                << "--format must be one of";
    QTest::newRow("convert needs two") << QStringList{"convert", "x.txt"} << "missing IN and OUT";
}

void TestCli::usageErrorsExitTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run run = runCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
}

void TestCli::convertRoundTrip_data() {
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("format");
    QTest::newRow("binary") << "out.bin"
                            << "word2vec-binary";
    QTest::newRow("word2vec text") << "out.txt"
                                   << "word2vec-text";
    QTest::newRow("npy") << "out.npy"
                         << "npy";
    QTest::newRow("gzip text") << "out.vec.gz"
                               << "fasttext-vec";
}

void TestCli::convertRoundTrip() {
    QFETCH(QString, output);
    QFETCH(QString, format);
    const QString out = m_dir.path() + "/" + output;
    const Run convert = runCli({"convert", data("glove.6B.100d.top2717.txt"), out});
    QCOMPARE(convert.exitCode, 0);
    QVERIFY2(convert.err.contains("wrote 2717 x 100"), convert.err.constData());
    const Run info = runCli({"info", out, "--json"});
    QCOMPARE(info.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(info.out).object()["format"].toString(), format);
    const auto original = vecspace::loadEmbeddings(dataPath("glove.6B.100d.top2717.txt"));
    const auto converted = vecspace::loadEmbeddings(out.toStdString());
    QCOMPARE(converted.labels, original.labels);
    QVERIFY(converted.vectors == original.vectors);
}

void TestCli::progressLineOnStderr() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("VECSPACE_PROGRESS_AFTER", "0"); // the files here load faster than the usual delay
    const Run run = runCli({"info", data("glove.6B.100d.top2717.txt"), "--json"}, 60000, env);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains("loading ") && run.err.contains("100%"), run.err.constData());
    const Run quiet =
        runCli({"info", data("glove.6B.100d.top2717.txt"), "--json", "--quiet"}, 60000, env);
    QVERIFY(quiet.err.isEmpty());
}

void TestCli::semanticCommandsMatchGensim_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("labels"); // expected, in order
    const QJsonObject reference = testsupport::gensimReference("glove100");
    auto labelsOf = [](const QJsonArray& results, int count) {
        QStringList out;
        for (int i = 0; i < count; ++i)
            out << results[i].toArray()[0].toString();
        return out;
    };
    const QString glove = data("glove.6B.100d.top2717.txt");
    for (const auto& value : reference["most_similar"].toArray()) {
        const QJsonObject q = value.toObject();
        if (q["positive"].toArray() == QJsonArray{"king"} && q["negative"].toArray().isEmpty() &&
            q["topn"].toInt() == 10 && q["restrict_vocab"].isNull())
            QTest::newRow("neighbors king") << QStringList{"neighbors", glove, "king", "-k", "5"}
                                            << labelsOf(q["results"].toArray(), 5);
        if (q["negative"].toArray() == QJsonArray{"man"})
            QTest::newRow("analogy 3cosadd")
                << QStringList{"analogy", glove, "king - man + woman", "-k", "4"}
                << labelsOf(q["results"].toArray(), 4);
    }
    const QJsonObject cosmul = reference["most_similar_cosmul"].toArray()[0].toObject();
    QTest::newRow("analogy 3cosmul")
        << QStringList{"analogy", glove, "king - man + woman", "--method", "3cosmul", "-k", "4"}
        << labelsOf(cosmul["results"].toArray(), 4);
    const QJsonObject euclidean = reference["numpy_euclidean"].toArray()[0].toObject();
    QTest::newRow("neighbors euclidean")
        << QStringList{"neighbors", glove, euclidean["query"].toString(), "--metric", "euclidean"}
        << labelsOf(euclidean["results"].toArray(), 10);
    for (const auto& value : reference["doesnt_match"].toArray()) {
        QStringList args{"odd-one-out", glove};
        for (const auto& word : value.toObject()["words"].toArray())
            args << word.toString();
        QTest::newRow(qPrintable("odd one out " + args.last()))
            << args << QStringList{value.toObject()["result"].toString()};
    }
}

void TestCli::semanticCommandsMatchGensim() {
    QFETCH(QStringList, args);
    QFETCH(QStringList, labels);
    const Run run = runCli(args + QStringList{"--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QStringList got;
    if (json.contains("result")) got << json["result"].toString();
    for (const auto& item : json["results"].toArray())
        got << item.toObject()["label"].toString();
    QCOMPARE(got, labels);
    if (json.contains("query")) QCOMPARE(json["query"].toString(), args[2]);
}

void TestCli::benchmarksMatchGensim() {
    const QJsonObject reference = testsupport::gensimReference("glove50");
    const Run analogies = runCli({"evaluate-analogies", data("glove.6B.50d.top9163.txt"),
                                  data("questions-words.txt"), "--json"});
    QCOMPARE(analogies.exitCode, 0);
    const QJsonObject a = QJsonDocument::fromJson(analogies.out).object();
    const QJsonObject expected = reference["evaluate_word_analogies"].toObject();
    QCOMPARE(a["correct"].toInt(),
             expected["sections"].toArray().last().toObject()["correct"].toInt());
    QCOMPARE(a["skipped"].toInt(), expected["skipped"].toInt());
    QCOMPARE(a["accuracy"].toDouble(), expected["score"].toDouble());
    QCOMPARE(a["sections"].toArray().size(), 14);

    const Run pairs = runCli({"evaluate-similarity", data("glove.6B.50d.top9163.txt"),
                              data("wordsim353.tsv"), "--json"});
    QCOMPARE(pairs.exitCode, 0);
    const QJsonObject p = QJsonDocument::fromJson(pairs.out).object();
    const QJsonObject ws = reference["evaluate_word_pairs"].toArray()[0].toObject();
    QCOMPARE(p["pairs"].toInt(), ws["pairs_used"].toInt());
    QVERIFY(std::abs(p["spearman"].toDouble() - ws["spearman"].toDouble()) < 1e-6);
    QVERIFY(std::abs(p["oov_ratio"].toDouble() - ws["oov_ratio"].toDouble()) < 1e-9);
}

void TestCli::lookupSaysWhichLabelWasUsed() {
    const Run run = runCli(
        {"analogy", data("glove.6B.100d.top2717.txt"), "KING - man + Woman", "-k", "1", "--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray terms = QJsonDocument::fromJson(run.out).object()["terms"].toArray();
    QCOMPARE(terms.size(), 3);
    QCOMPARE(terms[0].toObject()["label"].toString(), QString("KING"));
    QCOMPARE(terms[0].toObject()["matched"].toString(), QString("king"));
    QCOMPARE(terms[1].toObject()["weight"].toDouble(), -1.0);
    QCOMPARE(terms[2].toObject()["matched"].toString(), QString("woman"));
    QVERIFY2(run.err.contains("note: 'KING' is not in the file; using 'king'"),
             run.err.constData());
}

void TestCli::similarityMatchesGensim() {
    const QJsonObject pair =
        testsupport::gensimReference("glove100")["similarity"].toArray()[0].toObject();
    const Run run = runCli({"similarity", data("glove.6B.100d.top2717.txt"), pair["a"].toString(),
                            pair["b"].toString(), "--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QVERIFY(std::abs(json["similarity"].toDouble() - pair["value"].toDouble()) < 1e-6);
}

void TestCli::clusterWritesProjectorMetadata() {
    const QString out = m_dir.path() + "/clusters.tsv";
    const Run run = runCli({"cluster", data("glove.6B.100d.top2717.txt"), "--k", "8", "--seed", "1",
                            "--out", out, "--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["k"].toInt(), 8);
    int total = 0;
    for (const auto& cluster : json["clusters"].toArray())
        total += cluster.toObject()["size"].toInt();
    QCOMPARE(total, 2717);

    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2718);
    QCOMPARE(lines[0], QString("label\tcluster\tname"));
    QVERIFY(lines[1].startsWith("the\t")); // rows in file order
    // The same file is metadata for the same vectors as a Projector pair.
    const auto vectors = vecspace::loadEmbeddings(dataPath("glove.6B.100d.top2717.txt"));
    vecspace::writeEmbeddings(vectors, (m_dir.path() + "/pair.tsv").toStdString());
    vecspace::LoadOptions options;
    options.metadataPath = out.toStdString();
    const auto pair = vecspace::loadEmbeddings((m_dir.path() + "/pair.tsv").toStdString(), options);
    QCOMPARE(pair.labels, vectors.labels);
    QVERIFY(pair.findMetadata("cluster"));
    QVERIFY(pair.findMetadata("name"));
}

void TestCli::semanticErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString glove = data("glove.6B.100d.top2717.txt");
    QTest::newRow("unknown label") << QStringList{"neighbors", glove, "quen"} << 1
                                   << "unknown label 'quen' (column 1); closest: queen";
    QTest::newRow("unknown in expression")
        << QStringList{"analogy", glove, "king - man + wman"} << 1
        << "unknown label 'wman' (column 14); closest: man, woman";
    QTest::newRow("syntax error") << QStringList{"analogy", glove, "king - (man"} << 1
                                  << "column 12: expected ')'";
    QTest::newRow("weights in 3cosmul")
        << QStringList{"analogy", glove, "2*king - man", "--method", "3cosmul"} << 1
        << "3CosMul takes labels added (+) or subtracted (-)";
    QTest::newRow("malformed question")
        << QStringList{"evaluate-analogies", glove, data("wordsim353.tsv")} << 1
        << "wordsim353.tsv:";
    QTest::newRow("bad metric") << QStringList{"neighbors", glove, "king", "--metric", "manhattan"}
                                << 2 << "--metric must be cosine, dot or euclidean";
    QTest::newRow("missing label")
        << QStringList{"neighbors", glove} << 2 << "missing FILE and LABEL";
    QTest::newRow("one label") << QStringList{"odd-one-out", glove, "king"} << 2
                               << "at least two LABELs";
    QTest::newRow("cluster without --out")
        << QStringList{"cluster", glove, "--k", "3"} << 2 << "missing --out";
    QTest::newRow("cluster without --k")
        << QStringList{"cluster", glove, "--out", "x.tsv"} << 2 << "missing --k";
    QTest::newRow("cluster k too large")
        << QStringList{"cluster", data("pretrained.vec"), "--k", "2", "--out", "x.tsv"} << 2
        << "more than the 1 rows";
}

void TestCli::semanticErrors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Run run = runCli(args);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
