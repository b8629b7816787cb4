// vecspace-cli compare as a user runs it: the JSON keys the issue names, with values checked
// against numpy/scipy (tests/data/reference/numpy_compare.json), the TSV written by --out, and the
// errors for what does not apply.
#include "reference_data.h"
#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using testsupport::data;
using Run = testsupport::CliRun;

class TestCliCompare : public QObject {
    Q_OBJECT

private slots:
    void differentDimensions();
    void fileAgainstItself();
    void unalignedHasNoAlignment();
    void tableOut();
    void textOutput();
    void errors_data();
    void errors();
};

namespace {

QJsonObject runJson(const QStringList& args) {
    const Run run = testsupport::runCli(args + QStringList{"--json", "--quiet"});
    if (run.exitCode != 0) qWarning("%s", run.err.constData());
    return run.exitCode == 0 ? QJsonDocument::fromJson(run.out).object() : QJsonObject{};
}

} // namespace

void TestCliCompare::differentDimensions() {
    const QJsonObject ref = testsupport::referenceJson("numpy_compare.json")["dims"].toObject();
    const QJsonObject json = runJson({"compare", data("glove.6B.50d.top9163.txt"),
                                      data("glove.6B.100d.top2717.txt"), "--align", "--top", "4"});
    QVERIFY(!json.isEmpty());
    QCOMPARE(json["shared"].toInt(), ref["shared"].toInt());
    QCOMPARE(json["only_a"].toInt(), ref["only_a"].toInt());
    QCOMPARE(json["only_b"].toInt(), ref["only_b"].toInt());
    QCOMPARE(json["k"].toInt(), 10);
    QVERIFY(std::abs(json["mean_jaccard"].toDouble() - ref["mean_jaccard"].toDouble()) < 1e-3);
    QCOMPARE(json["median_jaccard"].toDouble(), ref["median_jaccard"].toDouble());
    QCOMPARE(json["alignment"].toString(), QString("linear"));
    QVERIFY(json["procrustes_residual"].isNull());
    QVERIFY(std::abs(json["linear_residual"].toDouble() - ref["linear_residual"].toDouble()) <
            1e-5);
    const QJsonArray most = json["most_changed"].toArray();
    const QJsonArray least = json["least_changed"].toArray();
    QCOMPARE(most.size(), 4);
    QCOMPARE(least.size(), 4);
    // Most changed: the lowest Jaccard of numpy's list; least changed: the highest.
    const QJsonArray jaccard = ref["jaccard"].toArray();
    double lowest = 1, highest = 0;
    for (const QJsonValue& value : jaccard) {
        lowest = std::min(lowest, value.toDouble());
        highest = std::max(highest, value.toDouble());
    }
    QVERIFY(std::abs(most[0].toObject()["jaccard"].toDouble() - lowest) < 1e-6);
    QVERIFY(std::abs(least[0].toObject()["jaccard"].toDouble() - highest) < 1e-6);
    for (const QJsonValue& value : most) {
        const QJsonObject item = value.toObject();
        QVERIFY(item.contains("label"));
        QVERIFY(item["displacement"].toDouble() > 0);
    }
    const QJsonArray histogram = json["histogram"].toArray();
    QCOMPARE(histogram.size(), 11);
    qint64 labels = 0;
    for (const QJsonValue& value : histogram)
        labels += value.toObject()["labels"].toInteger();
    QCOMPARE(labels, qint64{2717});
}

void TestCliCompare::fileAgainstItself() {
    const QString glove = data("glove.6B.100d.top2717.txt");
    const QJsonObject json = runJson({"compare", glove, glove, "--align", "--anchors", "500"});
    QCOMPARE(json["mean_jaccard"].toDouble(), 1.0);
    QCOMPARE(json["alignment"].toString(), QString("procrustes"));
    QCOMPARE(json["anchors"].toInt(), 500);
    QVERIFY(json["procrustes_residual"].toDouble() < 1e-6);
    QVERIFY(json["linear_residual"].isNull());
    QCOMPARE(json["most_changed"].toArray()[0].toObject()["jaccard"].toDouble(), 1.0);
}

void TestCliCompare::unalignedHasNoAlignment() {
    const QJsonObject json =
        runJson({"compare", data("glove.6B.50d.top9163.txt"), data("glove.6B.100d.top2717.txt"),
                 "-k", "25", "--shared", "1000"});
    QCOMPARE(json["k"].toInt(), 25);
    QCOMPARE(json["shared"].toInt(), 2717);
    QCOMPARE(json["compared"].toInt(), 1000);
    QVERIFY(json["alignment"].isNull());
    QVERIFY(json["procrustes_residual"].isNull());
    QVERIFY(json["most_changed"].toArray()[0].toObject()["displacement"].isNull());
}

void TestCliCompare::tableOut() {
    QTemporaryDir dir;
    const QString out = dir.filePath("changes.tsv");
    const Run run = testsupport::runCli({"compare", data("glove.6B.50d.top9163.txt"),
                                         data("glove.6B.100d.top2717.txt"), "--align", "--out", out,
                                         "--quiet"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines[0], QByteArray("label\tjaccard\tdisplacement"));
    QCOMPARE(lines.size(), 2717 + 2); // header, rows, the empty piece after the last newline
    QVERIFY(lines[1].startsWith("the\t"));
    QCOMPARE(lines[1].split('\t').size(), 3);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"changes.tsv"});
}

void TestCliCompare::textOutput() {
    const Run run = testsupport::runCli({"compare", data("glove.6B.50d.top9163.txt"),
                                         data("glove.6B.100d.top2717.txt"), "--align", "--quiet"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.contains("shared          2717"), qPrintable(out));
    QVERIFY(out.contains("a least-squares linear map: the dimensions differ"));
    QVERIFY(out.indexOf("most changed") < out.indexOf("least changed"));
}

void TestCliCompare::errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString a = data("glove.6B.50d.top9163.txt");
    const QString b = data("glove.6B.100d.top2717.txt");
    QTest::newRow("k 0") << QStringList{"compare", a, b, "-k", "0"} << 2 << "at least 1";
    QTest::newRow("k 251") << QStringList{"compare", a, b, "-k", "251"} << 2
                           << "between 1 and 250, not 251";
    QTest::newRow("anchors without align")
        << QStringList{"compare", a, b, "--anchors", "100"} << 2 << "only with --align";
    QTest::newRow("too many anchors")
        << QStringList{"compare", a, b, "--align", "--anchors", "5000"} << 1
        << "5000 anchors asked for, but only 2717 shared labels";
    QTest::newRow("k not below shared")
        << QStringList{"compare", a, b, "--shared", "10", "-k", "10"} << 1
        << "smaller than the number of shared labels (10)";
    QTest::newRow("one file") << QStringList{"compare", a} << 2 << "missing files A and B";
    QTest::newRow("missing file") << QStringList{"compare", a, data("no-such-file.txt")} << 1
                                  << "no-such-file.txt";
    QTest::newRow("labels option")
        << QStringList{"compare", a, b, "--labels", "x.txt"} << 2 << "unknown option --labels";
}

void TestCliCompare::errors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString mismatch = testsupport::cliErrorMismatch(args, exitCode, message);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

QTEST_GUILESS_MAIN(TestCliCompare)
#include "test_cli_compare.moc"
