// Analogy questions (a : b :: c : ?, several pairs), the three methods, the expected word's rank,
// the inputs kept, the baseline and offset consistency, against numpy's answers on the same
// GloVe file (tests/reference/make_analogy_reference.py); the analogy-axes layout and label
// completion against hand calculations and a plain scan of the labels.
#include "reference_data.h"
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/custom_axes.h"
#include "vecspace/search/label_completion.h"
#include "vecspace/search/label_index.h"
#include "vecspace/semantic/analogy_solver.h"

#include <QJsonArray>
#include <QtTest>
#include <cmath>
#include <memory>

using namespace vecspace;

class TestAnalogy : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void questionForms_data();
    void questionForms();
    void questionErrors_data();
    void questionErrors();
    void questionRoundTrip();
    void classicEqualsExpression();
    void answersMatchNumpy_data();
    void answersMatchNumpy();
    void keptInputsAndBaseline_data();
    void keptInputsAndBaseline();
    void methodsThatDoNotApply();
    void unknownExpectedWord();
    void customAxesByHand();
    void customAxesRefusals();
    void completionMatchesScan_data();
    void completionMatchesScan();

private:
    std::unique_ptr<EmbeddingSet> m_set;
    std::unique_ptr<SimilarityIndex> m_index;
    std::unique_ptr<LabelIndex> m_labels;
    QJsonObject m_reference;
};

void TestAnalogy::initTestCase() {
    m_set = std::make_unique<EmbeddingSet>(
        loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt")));
    m_index = std::make_unique<SimilarityIndex>(*m_set);
    m_labels = std::make_unique<LabelIndex>(m_set->labels);
    m_reference = testsupport::referenceJson("numpy_analogy.json");
    QCOMPARE(m_reference["model"].toString(), QString("glove.6B.100d.top2717.txt"));
}

void TestAnalogy::questionForms_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("pairs"); // "a:b" each
    QTest::addColumn<QString>("c");
    QTest::newRow("classic") << "man : king :: woman : ?" << QStringList{"man:king"} << "woman";
    QTest::newRow("no spaces") << "man:king::woman:?" << QStringList{"man:king"} << "woman";
    QTest::newRow("pairs with commas")
        << "man : king, woman : queen, boy : ?" << QStringList{"man:king", "woman:queen"} << "boy";
    QTest::newRow("pairs then ::") << "man : king, woman : queen :: boy : ?"
                                   << QStringList{"man:king", "woman:queen"} << "boy";
    QTest::newRow("quoted labels") << "\"new york\" : 'ny' :: \"los angeles\" : ?"
                                   << QStringList{"new york:ny"} << "los angeles";
    QTest::newRow("expression b - a + c")
        << "king - man + woman" << QStringList{"man:king"} << "woman";
    QTest::newRow("expression in another order")
        << "woman - man + king" << QStringList{"man:woman"} << "king";
    QTest::newRow("weighted expression is no question")
        << "2*king - man + woman" << QStringList{} << "";
    QTest::newRow("two words is no question") << "paris + london" << QStringList{} << "";
}

void TestAnalogy::questionForms() {
    QFETCH(QString, text);
    QFETCH(QStringList, pairs);
    QFETCH(QString, c);
    const AnalogyQuery query = parseAnalogyQuery(text.toStdString());
    QCOMPARE(query.question.has_value(), !pairs.isEmpty());
    if (!query.question) return;
    QStringList got;
    for (const AnalogyPair& pair : query.question->pairs)
        got << QString::fromStdString(pair.a.label + ":" + pair.b.label);
    QCOMPARE(got, pairs);
    QCOMPARE(QString::fromStdString(query.question->c.label), c);
    // c plus the mean offset: weights 1/n for each b, -1/n for each a, 1 for c.
    double total = 0;
    for (const ExpressionTerm& term : query.terms)
        total += term.weight;
    QCOMPARE(total, 1.0);
}

void TestAnalogy::questionErrors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing ?") << "man : king :: woman" << 20 << "expected ':'";
    QTest::newRow("missing c") << "man : king ::" << 14 << "expected a label";
    QTest::newRow("no example pair") << "woman : ?" << 10 << "an example pair";
    QTest::newRow("text after ?") << "man : king :: woman : ? x" << 25 << "the end after '?'";
    QTest::newRow("no separator") << "man : king woman : ?" << 12 << "'::' or ','";
    QTest::newRow("unclosed quote") << "man : \"king :: woman : ?" << 7 << "unclosed quote";
    QTest::newRow("column in characters") << "été : ün ::" << 12 << "expected a label";
}

void TestAnalogy::questionErrors() {
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(QString, message);
    try {
        parseAnalogyQuery(text.toStdString());
        QFAIL("no error");
    } catch (const ExpressionError& e) {
        QCOMPARE(int(e.column()), column);
        QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
    }
}

void TestAnalogy::questionRoundTrip() {
    for (const char* text : {"man : king :: woman : ?", "\"new york\" : \"-\" :: \"it's\" : ?",
                             "a : b, c : d :: e : ?"}) {
        AnalogyQuestion question;
        try {
            question = *parseAnalogyQuery(text).question;
        } catch (const ExpressionError&) {
            continue; // 'it''s' is two quoted labels side by side: not a question
        }
        const AnalogyQuery again = parseAnalogyQuery(formatQuestion(question));
        QCOMPARE(formatQuestion(*again.question), formatQuestion(question));
        const AnalogyQuery asExpression = parseAnalogyQuery(formatQuestionExpression(question));
        QCOMPARE(asExpression.terms.size(), questionTerms(question).size());
    }
    QCOMPARE(quoteLabel("king"), std::string("king"));
    QCOMPARE(quoteLabel("new york"), std::string("\"new york\""));
    QCOMPARE(quoteLabel("-"), std::string("\"-\""));
    QCOMPARE(quoteLabel("a:b"), std::string("\"a:b\""));
    QCOMPARE(quoteLabel("say \"hi\""), std::string("\"say \\\"hi\\\"\""));
    QCOMPARE(parseExpression(quoteLabel("say \"hi\"")).front().label, std::string("say \"hi\""));
    // A one-label field: bare unless trimming or a leading quote would change the label.
    QCOMPARE(quoteLabel(" king"), std::string("\" king\""));
    QCOMPARE(fieldFromLabel("new york"), std::string("new york"));
    QCOMPARE(fieldFromLabel(" king"), std::string("\" king\""));
    QCOMPARE(fieldFromLabel("\\n "), std::string("\"\\\\n \""));
    QCOMPARE(fieldFromLabel("\"quoted"), std::string("\"\\\"quoted\""));
    for (const char* label : {"king", "new york", " king", "\\n ", "\"quoted", "'s", "  "})
        QCOMPARE(labelFromField(fieldFromLabel(label)), std::string(label));
    QCOMPARE(labelFromField("  king "), std::string("king"));
    QCOMPARE(labelFromField("\"unclosed"), std::string("\"unclosed"));
}

void TestAnalogy::classicEqualsExpression() {
    // The promise: the classic form is the expression, to the last bit.
    AnalogyRequest request;
    request.k = 20;
    const AnalogyReport classic =
        solveAnalogy(*m_index, *m_labels, "man : king :: woman : ?", request);
    const AnalogyReport expression =
        solveAnalogy(*m_index, *m_labels, "king - man + woman", request);
    QCOMPARE(classic.results.size(), std::size_t(20));
    for (std::size_t i = 0; i < classic.results.size(); ++i) {
        QCOMPARE(classic.results[i].row, expression.results[i].row);
        QCOMPARE(classic.results[i].score, expression.results[i].score);
    }
    // And both equal the 3CosAdd the benchmarks use.
    const auto plain = mostSimilar(*m_index, classic.terms, {20, 0, 0});
    for (std::size_t i = 0; i < plain.size(); ++i) {
        QCOMPARE(classic.results[i].row, plain[i].row);
        QVERIFY(std::abs(classic.results[i].score - plain[i].score) < 1e-6f);
    }
}

void TestAnalogy::answersMatchNumpy_data() {
    QTest::addColumn<QJsonObject>("answer");
    for (const QJsonValue& value : m_reference["answers"].toArray()) {
        const QJsonObject answer = value.toObject();
        const QString name = answer["question"].toString() + " " + answer["method"].toString() +
                             (answer["include_inputs"].toBool() ? " with inputs" : "");
        QTest::newRow(name.toUtf8()) << answer;
    }
}

void TestAnalogy::answersMatchNumpy() {
    QFETCH(QJsonObject, answer);
    AnalogyRequest request;
    request.method = *parseAnalogyMethod(answer["method"].toString().toStdString());
    request.k = std::size_t(answer["k"].toInt());
    request.includeInputs = answer["include_inputs"].toBool();
    request.expected = answer["expected"].toObject()["label"].toString().toStdString();
    const AnalogyReport report =
        solveAnalogy(*m_index, *m_labels, answer["question"].toString().toStdString(), request);
    const QJsonArray results = answer["results"].toArray();
    QCOMPARE(report.results.size(), std::size_t(results.size()));
    for (qsizetype i = 0; i < results.size(); ++i) {
        const QJsonObject want = results[i].toObject();
        const RankedRow& got = report.results[std::size_t(i)];
        QCOMPARE(QString::fromStdString(m_set->labels[got.row]), want["label"].toString());
        QVERIFY2(std::abs(got.score - want["score"].toDouble()) < 2e-6,
                 qPrintable(QString::number(got.score - want["score"].toDouble())));
        QCOMPARE(got.input, want["input"].toBool());
        QVERIFY(std::abs(got.consistency - want["offset_consistency"].toDouble()) < 2e-6);
    }
    const QJsonObject expected = answer["expected"].toObject();
    bool found = false;
    for (const ExpectedRank& e : report.expected) {
        if (e.method != request.method) continue;
        found = true;
        QVERIFY(e.rank.has_value());
        QCOMPARE(qint64(*e.rank), qint64(expected["rank"].toInt()));
        QVERIFY(std::abs(e.score - expected["score"].toDouble()) < 2e-6);
    }
    QVERIFY(found);
}

void TestAnalogy::keptInputsAndBaseline_data() {
    QTest::addColumn<QJsonObject>("extra");
    for (const QJsonValue& value : m_reference["extras"].toArray())
        QTest::newRow(value.toObject()["question"].toString().toUtf8()) << value.toObject();
}

void TestAnalogy::keptInputsAndBaseline() {
    QFETCH(QJsonObject, extra);
    AnalogyRequest request;
    request.baselineK = 10;
    const AnalogyReport report =
        solveAnalogy(*m_index, *m_labels, extra["question"].toString().toStdString(), request);
    QVERIFY(report.bestKept.has_value());
    QCOMPARE(QString::fromStdString(m_set->labels[report.bestKept->row]),
             extra["best_with_inputs"].toString());
    QVERIFY(std::abs(report.bestKept->score - extra["best_with_inputs_score"].toDouble()) < 2e-6);
    QStringList baseline;
    for (const Neighbor& n : report.baseline)
        baseline << QString::fromStdString(m_set->labels[n.row]);
    QStringList want;
    for (const QJsonValue& v : extra["baseline"].toArray())
        want << v.toString();
    QCOMPARE(baseline, want);
    for (const RankedRow& row : report.results)
        QCOMPARE(row.nearC, want.contains(QString::fromStdString(m_set->labels[row.row])));
}

void TestAnalogy::methodsThatDoNotApply() {
    AnalogyRequest request;
    request.method = AnalogyMethod::PairDirection;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             solveAnalogy(*m_index, *m_labels, "paris + london", request));
    request.method = AnalogyMethod::CosMul;
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        solveAnalogy(*m_index, *m_labels, "man : king, boy : prince :: woman : ?", request));
    // a : a has no offset.
    request.method = AnalogyMethod::PairDirection;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             solveAnalogy(*m_index, *m_labels, "man : man :: woman : ?", request));
    // The expected word is listed under the methods that apply only.
    request.method = AnalogyMethod::CosAdd;
    request.expected = "queen";
    const AnalogyReport weighted =
        solveAnalogy(*m_index, *m_labels, "0.5*king - 0.5*man + woman", request);
    QCOMPARE(weighted.expected.size(), std::size_t(1));
    QCOMPARE(weighted.expected.front().method, AnalogyMethod::CosAdd);
    // An input is not ranked when the inputs are excluded, and says so.
    request.expected = "king";
    const AnalogyReport excluded =
        solveAnalogy(*m_index, *m_labels, "man : king :: woman : ?", request);
    QCOMPARE(excluded.expected.size(), std::size_t(3));
    for (const ExpectedRank& e : excluded.expected) {
        QVERIFY(!e.rank);
        QVERIFY(!e.note.empty());
    }
}

void TestAnalogy::unknownExpectedWord() {
    AnalogyRequest request;
    request.expected = "quen";
    try {
        solveAnalogy(*m_index, *m_labels, "man : king :: woman : ?", request);
        QFAIL("no error");
    } catch (const UnknownLabelError& e) {
        QCOMPARE(e.label(), std::string("quen"));
        QVERIFY(std::find(e.suggestions().begin(), e.suggestions().end(), "queen") !=
                e.suggestions().end());
    }
    request.expected.clear();
    try {
        solveAnalogy(*m_index, *m_labels, "man : kng :: woman : ?", request);
        QFAIL("no error");
    } catch (const UnknownLabelError& e) {
        QCOMPARE(e.column(), std::size_t(7));
        QVERIFY(std::find(e.suggestions().begin(), e.suggestions().end(), "king") !=
                e.suggestions().end());
    }
}

void TestAnalogy::customAxesByHand() {
    RowMatrix data(4, 3);
    data << 1, 0, 0, //
        0, 2, 0,     //
        3, 4, 0,     //
        0, 0, 0;
    Eigen::VectorXf x(3), y(3);
    x << 2, 0, 0;
    y << 1, 1, 0;
    const RowMatrix cosine = customAxesLayout(data, {x, y});
    QCOMPARE(cosine.rows(), Eigen::Index(4));
    QCOMPARE(cosine.cols(), Eigen::Index(3));
    const float r = 1.0f / std::sqrt(2.0f);
    const float want[4][2] = {{1, r}, {0, r}, {0.6f, 7.0f / 5.0f * r}, {0, 0}};
    for (int i = 0; i < 4; ++i) {
        QVERIFY(std::abs(cosine(i, 0) - want[i][0]) < 1e-6f);
        QVERIFY(std::abs(cosine(i, 1) - want[i][1]) < 1e-6f);
        QCOMPARE(cosine(i, 2), 0.0f);
    }
    CustomAxesOptions options;
    options.measure = AxisMeasure::Projection;
    Eigen::VectorXf z(3);
    z << 0, 0, -5;
    const RowMatrix projection = customAxesLayout(data, {x, y, z}, options);
    QVERIFY(std::abs(projection(2, 0) - 3.0f) < 1e-6f);
    QVERIFY(std::abs(projection(2, 1) - 7.0f * r) < 1e-5f);
    QVERIFY(std::abs(projection(1, 1) - 2.0f * r) < 1e-6f);
    QCOMPARE(projection(2, 2), -0.0f);
}

void TestAnalogy::customAxesRefusals() {
    RowMatrix data = RowMatrix::Ones(3, 2);
    Eigen::VectorXf a(2), zero = Eigen::VectorXf::Zero(2), wrong(3);
    a << 1, 0;
    wrong << 1, 0, 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, customAxesLayout(data, {a}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, customAxesLayout(data, {a, a, a, a}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, customAxesLayout(data, {a, zero}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, customAxesLayout(data, {a, wrong}));
}

void TestAnalogy::completionMatchesScan_data() {
    QTest::addColumn<QString>("prefix");
    for (const char* prefix : {"k", "kin", "KIN", "qu", "zzz", "19", "é", "the"})
        QTest::newRow(prefix) << QString::fromUtf8(prefix);
}

void TestAnalogy::completionMatchesScan() {
    QFETCH(QString, prefix);
    const LabelCompletion completion(m_set->labels);
    const std::string folded = foldCase(prefix.toStdString());
    std::vector<std::size_t> scan; // every row whose folded label starts with the prefix
    for (std::size_t row = 0; row < m_set->labels.size(); ++row)
        if (foldCase(m_set->labels[row]).rfind(folded, 0) == 0) scan.push_back(row);
    if (scan.size() > 12) scan.resize(12);
    QCOMPARE(completion.complete(prefix.toStdString(), 12), scan);
}

QTEST_APPLESS_MAIN(TestAnalogy)
#include "test_analogy.moc"
