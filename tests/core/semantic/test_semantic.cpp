// Neighbours, 3CosAdd, 3CosMul, odd one out and similarity on real GloVe vectors, against the
// answers gensim 4.2 and numpy gave on the same file (tests/data/reference/).
#include "reference_data.h"
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/semantic/analogy.h"

#include <QJsonArray>
#include <QtTest>
#include <memory>

using namespace vecspace;

namespace {

// Expected results as "label score" pairs.
using Expected = QList<QPair<QString, double>>;

Expected expectedResults(const QJsonArray& results) {
    Expected out;
    for (const auto& item : results)
        out.append({item.toArray()[0].toString(), item.toArray()[1].toDouble()});
    return out;
}

// gensim's positive/negative lists: a word, or [word, weight]; negatives default to -1.
std::vector<ExpressionTerm> gensimTerms(const QJsonArray& positive, const QJsonArray& negative) {
    std::vector<ExpressionTerm> terms;
    auto add = [&](const QJsonValue& value, double fallback) {
        if (value.isArray())
            terms.push_back(
                {value.toArray()[0].toString().toStdString(), value.toArray()[1].toDouble(), 1});
        else
            terms.push_back({value.toString().toStdString(), fallback, 1});
    };
    for (const auto& value : positive)
        add(value, 1.0);
    for (const auto& value : negative)
        add(value, -1.0);
    return terms;
}

} // namespace

class TestSemantic : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void mostSimilarMatchesGensim_data();
    void mostSimilarMatchesGensim();
    void cosmulMatchesGensim_data();
    void cosmulMatchesGensim();
    void doesntMatchMatchesGensim_data();
    void doesntMatchMatchesGensim();
    void similarityMatchesGensim_data();
    void similarityMatchesGensim();
    void otherMetricsMatchNumpy_data();
    void otherMetricsMatchNumpy();
    void batchEqualsSingleQueries_data();
    void batchEqualsSingleQueries();
    void restrictAndExclude();
    void expressionGivesGensimAnalogy();
    void labelLookup_data();
    void labelLookup();
    void unknownLabelSuggestsClosest();

private:
    void compare(const std::vector<Neighbor>& got, const Expected& expected, double tolerance);

    QJsonObject m_reference;
    EmbeddingSet m_set;
    std::unique_ptr<SimilarityIndex> m_index;
    std::unique_ptr<LabelIndex> m_labels;
};

void TestSemantic::initTestCase() {
    m_reference = testsupport::gensimReference("glove100");
    m_set = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    m_index = std::make_unique<SimilarityIndex>(m_set);
    m_labels = std::make_unique<LabelIndex>(m_set.labels);
}

void TestSemantic::compare(const std::vector<Neighbor>& got, const Expected& expected,
                           double tolerance) {
    QCOMPARE(int(got.size()), int(expected.size()));
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(QString::fromStdString(m_set.labels[got[i].row]), expected[i].first); // same order
        const double scale = std::max(1.0, std::abs(expected[i].second));
        QVERIFY2(std::abs(got[i].score - expected[i].second) <= tolerance * scale,
                 qPrintable(QString("%1: %2 vs %3")
                                .arg(expected[i].first)
                                .arg(got[i].score, 0, 'g', 9)
                                .arg(expected[i].second, 0, 'g', 9)));
    }
}

void TestSemantic::mostSimilarMatchesGensim_data() {
    QTest::addColumn<QJsonObject>("query");
    for (const auto& value : m_reference["most_similar"].toArray()) {
        const QJsonObject query = value.toObject();
        QTest::newRow(qPrintable(
            QJsonDocument(query["positive"].toArray()).toJson(QJsonDocument::Compact) + " - " +
            QJsonDocument(query["negative"].toArray()).toJson(QJsonDocument::Compact) +
            " restrict " + QString::number(query["restrict_vocab"].toInt())))
            << query;
    }
}

void TestSemantic::mostSimilarMatchesGensim() {
    QFETCH(QJsonObject, query);
    AnalogyOptions options;
    options.k = std::size_t(query["topn"].toInt());
    options.restrictRows = std::size_t(query["restrict_vocab"].toInt(0));
    const auto terms = resolveTerms(
        gensimTerms(query["positive"].toArray(), query["negative"].toArray()), *m_labels);
    compare(mostSimilar(*m_index, terms, options), expectedResults(query["results"].toArray()),
            1e-5);
}

void TestSemantic::cosmulMatchesGensim_data() {
    QTest::addColumn<QJsonObject>("query");
    for (const auto& value : m_reference["most_similar_cosmul"].toArray())
        QTest::newRow(qPrintable(value.toObject()["positive"].toArray()[0].toString()))
            << value.toObject();
}

void TestSemantic::cosmulMatchesGensim() {
    QFETCH(QJsonObject, query);
    AnalogyOptions options;
    options.k = std::size_t(query["topn"].toInt());
    const auto terms = resolveTerms(
        gensimTerms(query["positive"].toArray(), query["negative"].toArray()), *m_labels);
    compare(mostSimilarCosmul(*m_index, terms, options),
            expectedResults(query["results"].toArray()), 1e-5);
}

void TestSemantic::doesntMatchMatchesGensim_data() {
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("result");
    for (const auto& value : m_reference["doesnt_match"].toArray()) {
        QStringList words;
        for (const auto& word : value.toObject()["words"].toArray())
            words << word.toString();
        QTest::newRow(qPrintable(words.join(' ')))
            << words << value.toObject()["result"].toString();
    }
}

void TestSemantic::doesntMatchMatchesGensim() {
    QFETCH(QStringList, words);
    QFETCH(QString, result);
    std::vector<std::size_t> rows;
    for (const QString& word : words)
        rows.push_back(*m_labels->findExact(word.toStdString()));
    QCOMPARE(QString::fromStdString(m_set.labels[doesntMatch(*m_index, rows)]), result);
}

void TestSemantic::similarityMatchesGensim_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<double>("value");
    for (const auto& value : m_reference["similarity"].toArray()) {
        const QJsonObject pair = value.toObject();
        QTest::newRow(qPrintable(pair["a"].toString() + " " + pair["b"].toString()))
            << pair["a"].toString() << pair["b"].toString() << pair["value"].toDouble();
    }
}

void TestSemantic::similarityMatchesGensim() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(double, value);
    const float got = m_index->cosine(*m_labels->findExact(a.toStdString()),
                                      *m_labels->findExact(b.toStdString()));
    QVERIFY2(std::abs(got - value) <= 1e-6, qPrintable(QString::number(got, 'g', 9)));
}

void TestSemantic::otherMetricsMatchNumpy_data() {
    QTest::addColumn<int>("metric");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QJsonArray>("results");
    for (const auto& value : m_reference["numpy_dot"].toArray())
        QTest::newRow(qPrintable("dot " + value.toObject()["query"].toString()))
            << int(Metric::Dot) << value.toObject()["query"].toString()
            << value.toObject()["results"].toArray();
    for (const auto& value : m_reference["numpy_euclidean"].toArray())
        QTest::newRow(qPrintable("euclidean " + value.toObject()["query"].toString()))
            << int(Metric::Euclidean) << value.toObject()["query"].toString()
            << value.toObject()["results"].toArray();
}

void TestSemantic::otherMetricsMatchNumpy() {
    QFETCH(int, metric);
    QFETCH(QString, query);
    QFETCH(QJsonArray, results);
    NeighborOptions options;
    options.metric = Metric(metric);
    options.k = std::size_t(results.size());
    compare(m_index->nearestToRow(*m_labels->findExact(query.toStdString()), options),
            expectedResults(results), 1e-5);
}

void TestSemantic::batchEqualsSingleQueries_data() {
    QTest::addColumn<int>("metric");
    QTest::addColumn<int>("restrict");
    QTest::newRow("cosine") << int(Metric::Cosine) << 0;
    QTest::newRow("dot") << int(Metric::Dot) << 0;
    QTest::newRow("euclidean") << int(Metric::Euclidean) << 0;
    QTest::newRow("cosine, first 1000 rows") << int(Metric::Cosine) << 1000;
}

void TestSemantic::batchEqualsSingleQueries() {
    QFETCH(int, metric);
    QFETCH(int, restrict);
    // Every 7th row as a query: 389 queries, more than one tile of queries and of rows.
    RowMatrix queries(389, RowMatrix::Index(m_set.dims()));
    for (Eigen::Index i = 0; i < queries.rows(); ++i)
        queries.row(i) = m_set.vectors.row(i * 7);
    NeighborOptions options;
    options.metric = Metric(metric);
    options.k = 12;
    options.restrictRows = std::size_t(restrict);
    const auto batch = m_index->nearestBatch(queries, options);
    QCOMPARE(batch.size(), std::size_t(queries.rows()));
    for (Eigen::Index i = 0; i < queries.rows(); ++i) {
        const auto single = m_index->nearest(queries.row(i).transpose(), options);
        QCOMPARE(batch[std::size_t(i)].size(), single.size());
        for (std::size_t j = 0; j < single.size(); ++j) {
            QCOMPARE(batch[std::size_t(i)][j].row, single[j].row);
            QVERIFY(std::abs(batch[std::size_t(i)][j].score - single[j].score) <=
                    1e-5f * std::max(1.0f, std::abs(single[j].score)));
        }
    }
}

void TestSemantic::restrictAndExclude() {
    NeighborOptions options;
    options.k = 20;
    options.restrictRows = 100;
    options.exclude = {0, 1, 2};
    const auto results = m_index->nearest(m_set.vectors.row(5).transpose(), options);
    QCOMPARE(results.size(), std::size_t(20));
    for (const Neighbor& n : results) {
        QVERIFY(n.row < 100);
        QVERIFY(n.row > 2);
    }
    QCOMPARE(results.front().row, std::size_t(5)); // the row itself, cosine 1, unless excluded
}

void TestSemantic::expressionGivesGensimAnalogy() {
    const QJsonArray queries = m_reference["most_similar"].toArray();
    QJsonObject kingQueen;
    for (const auto& value : queries)
        if (value.toObject()["negative"].toArray().contains(QJsonValue("man")))
            kingQueen = value.toObject();
    QVERIFY(!kingQueen.isEmpty());
    for (const char* text : {"king - man + woman", "woman + king - man", "(king + woman) - man",
                             "2*king - 2*man + 2*woman"}) {
        const auto terms = resolveTerms(parseExpression(text), *m_labels);
        AnalogyOptions options;
        compare(mostSimilar(*m_index, terms, options),
                expectedResults(kingQueen["results"].toArray()), 1e-5);
    }
}

void TestSemantic::labelLookup_data() {
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("found");
    QTest::addColumn<bool>("caseInsensitive");
    QTest::newRow("exact") << "king"
                           << "king" << false;
    QTest::newRow("upper case") << "KING"
                                << "king" << true;
    QTest::newRow("mixed case") << "Paris"
                                << "paris" << true;
    QTest::newRow("punctuation") << "u.s."
                                 << "u.s." << false;
}

void TestSemantic::labelLookup() {
    QFETCH(QString, label);
    QFETCH(QString, found);
    QFETCH(bool, caseInsensitive);
    const auto match = m_labels->find(label.toStdString());
    QVERIFY(match);
    QCOMPARE(QString::fromStdString(m_set.labels[match->row]), found);
    QCOMPARE(match->caseInsensitive, caseInsensitive);
}

void TestSemantic::unknownLabelSuggestsClosest() {
    try {
        resolveTerms(parseExpression("king - man + quen"), *m_labels);
        QFAIL("expected UnknownLabelError");
    } catch (const UnknownLabelError& e) {
        QCOMPARE(e.label(), std::string("quen"));
        QCOMPARE(e.column(), std::size_t(14));
        QVERIFY(!e.suggestions().empty());
        QCOMPARE(e.suggestions().front(), std::string("queen")); // one edit away
        QVERIFY2(QString(e.what()).contains("unknown label 'quen' (column 14); closest: queen"),
                 e.what());
    }
}

QTEST_GUILESS_MAIN(TestSemantic)
#include "test_semantic.moc"
