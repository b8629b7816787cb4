// The analogy and word-similarity benchmarks: gensim's exact counts on real GloVe vectors and
// the Google analogy set, and small hand-written files whose answers are counted by hand.
#include "reference_data.h"
#include "test_support.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"
#include "vecspace/semantic/evaluation.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace vecspace;
using testsupport::dataPath;
using testsupport::writeFile;

namespace {

// A tiny set whose analogies can be worked out on paper (see handWrittenQuestions).
EmbeddingSet handMadeSet() {
    EmbeddingSet set;
    set.labels = {"man", "woman", "king", "queen", "car", "Woman"};
    set.vectors.resize(6, 4);
    set.vectors.edit() << 1, 0, 0, 0, // man
        0, 1, 0, 0,                   // woman
        1, 0, 1, 0,                   // king
        0, 1, 1, 0,                   // queen
        0, 0, 0, 1,                   // car
        0, 1, 0.9f, 0; // Woman: a later case variant of "woman", nearer the query than queen
    return set;
}

} // namespace

class TestEvaluation : public QObject {
    Q_OBJECT

private slots:
    void analogiesMatchGensim_data();
    void analogiesMatchGensim();
    void handWrittenQuestions();
    void malformedQuestions_data();
    void malformedQuestions();
    void wordPairsMatchGensim_data();
    void wordPairsMatchGensim();
    void handWrittenPairs();

private:
    QTemporaryDir m_dir;
};

void TestEvaluation::analogiesMatchGensim_data() {
    QTest::addColumn<QJsonObject>("expected");
    QTest::addColumn<bool>("screen"); // 8-bit screening where the CPU has it, or float32 alone
    const QJsonObject reference = testsupport::gensimReference("glove50");
    for (const bool screen : {true, false}) {
        const char* path = screen ? "screened" : "float32";
        QTest::addRow("restrict 300000, %s", path)
            << reference["evaluate_word_analogies"].toObject() << screen;
        QTest::addRow("restrict 1000, %s", path)
            << reference["evaluate_word_analogies_restrict_1000"].toObject() << screen;
    }
}

void TestEvaluation::analogiesMatchGensim() {
    QFETCH(QJsonObject, expected);
    QFETCH(bool, screen);
    const EmbeddingSet set = loadEmbeddings(dataPath("glove.6B.50d.top9163.txt"));
    const SimilarityIndex index(set);
    AnalogyEvaluationOptions options;
    options.screen = screen;
    options.restrictRows = std::size_t(expected["restrict_vocab"].toInt());
    const AnalogyEvaluation result =
        evaluateAnalogies(index, dataPath("questions-words.txt"), options);

    const QJsonArray sections = expected["sections"].toArray();
    QCOMPARE(int(result.sections.size()), sections.size() - 1); // gensim appends "Total accuracy"
    for (int i = 0; i < sections.size() - 1; ++i) {
        const QJsonObject section = sections[i].toObject();
        QCOMPARE(QString::fromStdString(result.sections[std::size_t(i)].name),
                 section["section"].toString());
        QCOMPARE(int(result.sections[std::size_t(i)].correct), section["correct"].toInt());
        QCOMPARE(int(result.sections[std::size_t(i)].incorrect), section["incorrect"].toInt());
    }
    const QJsonObject total = sections.last().toObject();
    QCOMPARE(total["section"].toString(), QString("Total accuracy"));
    QCOMPARE(int(result.correct), total["correct"].toInt());
    QCOMPARE(int(result.incorrect), total["incorrect"].toInt());
    QCOMPARE(int(result.skipped), expected["skipped"].toInt());
    QCOMPARE(result.accuracy, expected["score"].toDouble());
}

void TestEvaluation::handWrittenQuestions() {
    // By hand: q = unit(b) + unit(c) - unit(a) for man:woman::king:? is (1/sqrt2 - 1, 1, 1/sqrt2,
    // 0), cosine 0.959 with queen, 0.966 with "Woman" (a case variant of the input "woman", so
    // skipped as gensim skips it), 0 with car. The reverse, woman:man::queen:?, gives king (0.959).
    const EmbeddingSet set = handMadeSet();
    const SimilarityIndex index(set);
    const auto path = writeFile(m_dir.path(), "questions.txt",
                                ": royals\n"
                                "man woman king queen\n" // correct
                                "MAN WOMAN KING QUEEN\n" // correct: case-insensitive, first variant
                                "man woman king car\n"   // incorrect
                                "man woman king unicorn\n" // skipped: unknown word
                                "\n"
                                ": reversed\r\n"
                                "woman man queen king\r\n"); // correct
    const AnalogyEvaluation result = evaluateAnalogies(index, path);
    QCOMPARE(result.sections.size(), std::size_t(2));
    QCOMPARE(result.sections[0].name, std::string("royals"));
    QCOMPARE(result.sections[0].correct, std::size_t(2));
    QCOMPARE(result.sections[0].incorrect, std::size_t(1));
    QCOMPARE(result.sections[1].name, std::string("reversed"));
    QCOMPARE(result.sections[1].correct, std::size_t(1));
    QCOMPARE(result.correct, std::size_t(3));
    QCOMPARE(result.incorrect, std::size_t(1));
    QCOMPARE(result.skipped, std::size_t(1));
    QCOMPARE(result.accuracy, 0.75);

    AnalogyEvaluationOptions caseSensitive;
    caseSensitive.caseInsensitive = false;
    const AnalogyEvaluation strict = evaluateAnalogies(index, path, caseSensitive);
    QCOMPARE(strict.skipped, std::size_t(2)); // "MAN" is unknown when case matters
    // ... and "Woman" is no longer a variant of an input: it wins man:woman::king:?
    QCOMPARE(strict.sections[0].correct, std::size_t(0));
}

void TestEvaluation::malformedQuestions_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("three words") << QByteArray(": s\nman woman king\n")
                                 << "questions.txt:2: expected four words";
    QTest::newRow("no section") << QByteArray("man woman king queen\n")
                                << "questions.txt:1: expected a ': section' line";
}

void TestEvaluation::malformedQuestions() {
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const EmbeddingSet set = handMadeSet();
    const SimilarityIndex index(set);
    try {
        evaluateAnalogies(index, writeFile(m_dir.path(), "questions.txt", content));
        QFAIL("expected a LoadError");
    } catch (const LoadError& e) {
        QVERIFY2(QString(e.what()).contains(message), e.what());
    }
}

void TestEvaluation::wordPairsMatchGensim_data() {
    QTest::addColumn<QJsonObject>("expected");
    for (const auto& value :
         testsupport::gensimReference("glove50")["evaluate_word_pairs"].toArray())
        QTest::newRow(qPrintable(value.toObject()["file"].toString())) << value.toObject();
}

void TestEvaluation::wordPairsMatchGensim() {
    QFETCH(QJsonObject, expected);
    const EmbeddingSet set = loadEmbeddings(dataPath("glove.6B.50d.top9163.txt"));
    const SimilarityIndex index(set);
    const SimilarityEvaluation result =
        evaluateWordPairs(index, dataPath(expected["file"].toString().toUtf8().constData()));
    QCOMPARE(int(result.pairs), expected["pairs_used"].toInt());
    QCOMPARE(int(result.oov), expected["pairs_oov"].toInt());
    QVERIFY(std::abs(result.pearson - expected["pearson"].toDouble()) < 1e-6);
    QVERIFY(std::abs(result.spearman - expected["spearman"].toDouble()) < 1e-6);
    QVERIFY(std::abs(result.oovRatio - expected["oov_ratio"].toDouble()) < 1e-9);
}

void TestEvaluation::handWrittenPairs() {
    // Cosines 1, 0 and 0.6 against gold 10, 0 and 5: the same order, so Spearman is 1; Pearson
    // of (10, 0, 5) and (1, 0, 0.6) is 5 / sqrt(50 * 0.50667) = 0.9933993 (numpy.corrcoef agrees).
    EmbeddingSet set;
    set.labels = {"a", "b", "c", "d", "e", "f"};
    set.vectors.resize(6, 2);
    set.vectors.edit() << 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0.6f, 0.8f;
    const SimilarityIndex index(set);
    const auto path =
        writeFile(m_dir.path(), "pairs.txt",
                  "# word1 word2 score\na\tb\t10\r\nc\td\t0\r\nE\tF\t5\r\na\tunknown\t3\r\n");
    const SimilarityEvaluation result = evaluateWordPairs(index, path);
    QCOMPARE(result.pairs, std::size_t(3));
    QCOMPARE(result.oov, std::size_t(1));
    QCOMPARE(result.oovRatio, 25.0);
    QVERIFY(std::abs(result.spearman - 1.0) < 1e-12);
    QVERIFY(std::abs(result.pearson - 0.9933992677987828) < 1e-6);

    try {
        evaluateWordPairs(index, writeFile(m_dir.path(), "bad.txt", "a\tb\tten\n"));
        QFAIL("expected a LoadError");
    } catch (const LoadError& e) {
        QVERIFY2(QString(e.what()).contains("bad.txt:1: expected word1 word2 score"), e.what());
    }
}

QTEST_GUILESS_MAIN(TestEvaluation)
#include "test_evaluation.moc"
