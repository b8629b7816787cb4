// vecspace-cli analogy as a user runs it: the classic form, the three methods, --expected and
// --include-inputs against numpy's answers (tests/data/reference/numpy_analogy.json), and the
// errors for what does not apply.
#include "reference_data.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <cmath>

using testsupport::data;
using Run = testsupport::CliRun;

class TestCliAnalogy : public QObject {
    Q_OBJECT

private slots:
    void answersMatchNumpy_data();
    void answersMatchNumpy();
    void classicFormEqualsExpression();
    void textOutputNamesTheExpectedRank();
    void errors_data();
    void errors();
};

void TestCliAnalogy::answersMatchNumpy_data() {
    QTest::addColumn<QJsonObject>("answer");
    const QJsonObject reference = testsupport::referenceJson("numpy_analogy.json");
    for (const QJsonValue& value : reference["answers"].toArray()) {
        const QJsonObject answer = value.toObject();
        const QString name = answer["question"].toString() + " " + answer["method"].toString() +
                             (answer["include_inputs"].toBool() ? " with inputs" : "");
        QTest::newRow(name.toUtf8()) << answer;
    }
}

void TestCliAnalogy::answersMatchNumpy() {
    QFETCH(QJsonObject, answer);
    QStringList args{"analogy",
                     data("glove.6B.100d.top2717.txt"),
                     answer["question"].toString(),
                     "--method",
                     answer["method"].toString(),
                     "-k",
                     QString::number(answer["k"].toInt()),
                     "--expected",
                     answer["expected"].toObject()["label"].toString(),
                     "--json",
                     "--quiet"};
    const bool withInputs = answer["include_inputs"].toBool();
    if (withInputs) args << "--include-inputs";
    const Run run = testsupport::runCli(args);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["method"].toString(), answer["method"].toString());
    const QJsonArray got = json["results"].toArray(), want = answer["results"].toArray();
    QCOMPARE(got.size(), want.size());
    for (qsizetype i = 0; i < want.size(); ++i) {
        const QJsonObject g = got[i].toObject(), w = want[i].toObject();
        QCOMPARE(g["label"].toString(), w["label"].toString());
        QVERIFY(std::abs(g["score"].toDouble() - w["score"].toDouble()) < 2e-6);
        QVERIFY(std::abs(g["offset_consistency"].toDouble() - w["offset_consistency"].toDouble()) <
                2e-6);
        // "input" is there exactly when the inputs are ranked.
        QCOMPARE(g.contains("input"), withInputs);
        if (withInputs) QCOMPARE(g["input"].toBool(), w["input"].toBool());
    }
    const QJsonObject expected = json["expected"].toObject();
    const QJsonObject wantExpected = answer["expected"].toObject();
    QCOMPARE(expected["label"].toString(), wantExpected["label"].toString());
    QCOMPARE(expected["rank"].toInt(), wantExpected["rank"].toInt());
    QVERIFY(std::abs(expected["score"].toDouble() - wantExpected["score"].toDouble()) < 2e-6);
}

void TestCliAnalogy::classicFormEqualsExpression() {
    const QString glove = data("glove.6B.100d.top2717.txt");
    const Run classic =
        testsupport::runCli({"analogy", glove, "man : king :: woman : ?", "--json", "--quiet"});
    const Run expression =
        testsupport::runCli({"analogy", glove, "king - man + woman", "--json", "--quiet"});
    QCOMPARE(classic.exitCode, 0);
    QCOMPARE(expression.exitCode, 0);
    const QJsonObject a = QJsonDocument::fromJson(classic.out).object();
    const QJsonObject b = QJsonDocument::fromJson(expression.out).object();
    QCOMPARE(a["results"], b["results"]);
    QCOMPARE(a["terms"], b["terms"]);
    QCOMPARE(a["question"].toString(), QString("man : king :: woman : ?"));
    QCOMPARE(b["question"].toString(), QString("man : king :: woman : ?"));
    // gensim excludes the inputs; kept, the best answer is king itself.
    QCOMPARE(a["best_with_inputs"].toObject()["label"].toString(), QString("king"));
    QCOMPARE(a["best_with_inputs"].toObject()["input"].toBool(), true);
}

void TestCliAnalogy::textOutputNamesTheExpectedRank() {
    const Run run =
        testsupport::runCli({"analogy", data("glove.6B.100d.top2717.txt"),
                             "france : paris :: japan : ?", "--expected", "korea", "--quiet"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith("tokyo "), run.out.constData());
    QVERIFY2(run.out.contains("expected korea: rank 7, score 0.552317"), run.out.constData());
    const Run input =
        testsupport::runCli({"analogy", data("glove.6B.100d.top2717.txt"),
                             "man : king :: woman : ?", "--expected", "king", "--quiet"});
    QCOMPARE(input.exitCode, 0);
    QVERIFY2(input.out.contains("expected king: not ranked (an input word (excluded))"),
             input.out.constData());
}

void TestCliAnalogy::errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString glove = data("glove.6B.100d.top2717.txt");
    QTest::newRow("unknown method")
        << QStringList{"analogy", glove, "a : b :: c : ?", "--method", "3cosavg"} << 2
        << "3cosadd, 3cosmul or pairdirection";
    QTest::newRow("pairdirection without a question")
        << QStringList{"analogy", glove, "paris + london", "--method", "pairdirection"} << 1
        << "PairDirection needs a question";
    QTest::newRow("3cosmul with several pairs")
        << QStringList{"analogy", glove, "man : king, boy : prince :: woman : ?", "--method",
                       "3cosmul"}
        << 1 << "not weighted";
    QTest::newRow("unknown expected word")
        << QStringList{"analogy", glove, "man : king :: woman : ?", "--expected", "quen"} << 1
        << "unknown label 'quen'; closest: queen";
    QTest::newRow("question syntax")
        << QStringList{"analogy", glove, "man : king :: woman"} << 1 << "column 20: expected ':'";
    QTest::newRow("unknown word in a question")
        << QStringList{"analogy", glove, "man : kingg :: woman : ?"} << 1
        << "unknown label 'kingg' (column 7)";
    QTest::newRow("missing file") << QStringList{"analogy", data("no-such-file.txt"),
                                                 "man : king :: woman : ?"}
                                  << 1 << "no-such-file.txt";
}

void TestCliAnalogy::errors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString mismatch = testsupport::cliErrorMismatch(args, exitCode, message);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

QTEST_GUILESS_MAIN(TestCliAnalogy)
#include "test_cli_analogy.moc"
