// Comparing two embedding sets: pairing on shared labels, neighbourhood overlap, alignment and the
// ranked lists, against hand-built cases (a file against itself, a rotated copy, swapped rows,
// vocabularies counted by hand) and numpy/scipy's values on the GloVe 50d and 100d subsets
// (tests/reference/make_compare_reference.py).
// The tests name only the options they set ({.k = 10, .align = true}); the rest keep their
// defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "reference_data.h"
#include "test_support.h"
#include "vecspace/compare/comparison.h"
#include "vecspace/io/loader.h"
#include "vecspace/semantic/similarity_index.h"

#include <Eigen/QR>
#include <QJsonArray>
#include <QtTest>
#include <algorithm>
#include <fstream>
#include <random>
#include <set>

using namespace vecspace;

namespace {

EmbeddingSet handSet(const std::vector<std::string>& labels, std::size_t dims, unsigned seed) {
    EmbeddingSet set;
    set.labels = labels;
    set.vectors.resize(static_cast<Eigen::Index>(labels.size()), static_cast<Eigen::Index>(dims));
    std::mt19937 random(seed);
    std::normal_distribution<float> normal;
    for (Eigen::Index i = 0; i < set.vectors.size(); ++i)
        set.vectors.edit().data()[i] = normal(random);
    return set;
}

std::vector<std::string> labelsOf(const Comparison& c, const std::vector<std::size_t>& pairs) {
    std::vector<std::string> out;
    for (const std::size_t pair : pairs)
        out.push_back(c.labels[pair]);
    return out;
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void pairingCountedByHand();
    void neighbourListsMatchBruteForce();
    void fileAgainstItself();
    void rotatedCopy();
    void swappedRows();
    void differentDimensionsMatchNumpy();
    void procrustesMatchesScipy();
    void labelChanges();
    void tableFile();
    void refusals_data();
    void refusals();
    void cancels();

private:
    EmbeddingSet m_glove50;
    EmbeddingSet m_glove100;
};

void TestCompare::initTestCase() {
    m_glove50 = loadEmbeddings(testsupport::dataPath("glove.6B.50d.top9163.txt"));
    m_glove100 = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
}

void TestCompare::pairingCountedByHand() {
    const EmbeddingSet a = handSet({"x", "y", "z", "w", "Apple", "the", "The"}, 4, 1);
    const EmbeddingSet b = handSet({"w", "q", "x", "apple", "y", "THE"}, 6, 2);
    const SharedVocabulary exact = pairLabels(a, b);
    QCOMPARE(exact.size(), std::size_t{3}); // x, y, w in A's order
    QCOMPARE(exact.rowsA, (std::vector<std::size_t>{0, 1, 3}));
    QCOMPARE(exact.rowsB, (std::vector<std::size_t>{2, 4, 0}));
    QCOMPARE(exact.onlyA, std::size_t{4}); // z, Apple, the, The
    QCOMPARE(exact.onlyB, std::size_t{3}); // q, apple, THE
    QCOMPARE(exact.repeatsA, std::size_t{0});

    const SharedVocabulary folded = pairLabels(a, b, {.ignoreCase = true});
    QCOMPARE(folded.rowsA, (std::vector<std::size_t>{0, 1, 3, 4, 5})); // + Apple, the
    QCOMPARE(folded.rowsB, (std::vector<std::size_t>{2, 4, 0, 3, 5}));
    QCOMPARE(folded.onlyA, std::size_t{1});    // z
    QCOMPARE(folded.onlyB, std::size_t{1});    // q
    QCOMPARE(folded.repeatsA, std::size_t{1}); // "The" after "the"

    const SharedVocabulary limited = pairLabels(a, b, {.ignoreCase = true, .limit = 2});
    QCOMPARE(limited.rowsA, (std::vector<std::size_t>{0, 1}));
    QCOMPARE(limited.sharedTotal, std::size_t{5});
}

void TestCompare::neighbourListsMatchBruteForce() {
    // The symmetric tiles against one query at a time (several tiles: 2,717 rows, 512 a tile).
    const NeighborLists lists = cosineNeighborLists(m_glove100.vectors, {.k = 25, .threads = 2});
    const SimilarityIndex index(m_glove100);
    std::size_t differing = 0;
    for (std::size_t row = 0; row < m_glove100.rows(); row += 7) {
        const auto exact = index.nearestToRow(row, {.k = 25});
        for (std::size_t j = 0; j < 25; ++j)
            if (exact[j].row != lists.of(row)[j]) {
                // Only a float tie may order two rows differently.
                const float here = index.cosine(row, lists.of(row)[j]);
                QVERIFY2(std::abs(here - exact[j].score) < 1e-6f, qPrintable(QString::number(row)));
                ++differing;
            }
    }
    QVERIFY(differing < 5);
}

void TestCompare::fileAgainstItself() {
    const Comparison c = compareSets(m_glove100, m_glove100, {.k = 10, .align = true});
    QCOMPARE(c.size(), m_glove100.rows());
    QCOMPARE(c.vocabulary.onlyA + c.vocabulary.onlyB, std::size_t{0});
    QCOMPARE(c.meanJaccard, 1.0);
    QCOMPARE(c.medianJaccard, 1.0);
    QCOMPARE(c.overlap[10], m_glove100.rows());
    QVERIFY(c.alignment && c.alignment->method == AlignmentMethod::Procrustes);
    QVERIFY(c.alignment->residual < 1e-6);
    QVERIFY(*std::max_element(c.displacement.begin(), c.displacement.end()) < 1e-5f);
}

void TestCompare::rotatedCopy() {
    std::mt19937 random(7);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd g(100, 100);
    for (Eigen::Index i = 0; i < g.size(); ++i)
        g.data()[i] = normal(random);
    const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(g).householderQ();
    EmbeddingSet rotated = m_glove100;
    rotated.vectors = (m_glove100.vectors.cast<double>() * q).cast<float>();

    const Comparison c = compareSets(m_glove100, rotated, {.k = 10, .align = true});
    QVERIFY2(c.meanJaccard > 0.999, qPrintable(QString::number(c.meanJaccard)));
    QCOMPARE(c.medianJaccard, 1.0);
    // B W = A with B = A Q: the rotation found is Qᵀ.
    const double error = (c.alignment->map.cast<double>() - q.transpose()).cwiseAbs().maxCoeff();
    QVERIFY2(error < 1e-4, qPrintable(QString::number(error)));
    QVERIFY(c.alignment->residual < 1e-5);
    // Unaligned, the same words sit far apart in the two axes.
    const Comparison raw = compareSets(m_glove100, rotated, {.k = 10});
    QVERIFY(!raw.alignment);
    QVERIFY(raw.displacement[0] > 0.5f);
}

void TestCompare::swappedRows() {
    const std::vector<std::pair<std::string, std::string>> swaps{
        {"king", "seven"}, {"water", "january"}, {"france", "happy"}};
    EmbeddingSet b = m_glove100;
    std::set<std::string> expected;
    for (const auto& [x, y] : swaps) {
        const auto rx = static_cast<Eigen::Index>(testsupport::rowOf(b, x));
        const auto ry = static_cast<Eigen::Index>(testsupport::rowOf(b, y));
        QVERIFY(rx >= 0 && ry >= 0);
        b.vectors.edit().row(rx).swap(b.vectors.edit().row(ry));
        expected.insert({x, y});
    }
    for (const bool align : {false, true}) {
        const Comparison c = compareSets(m_glove100, b, {.k = 10, .align = align});
        const std::vector<std::string> most = labelsOf(c, mostChanged(c, 6));
        QCOMPARE(std::set<std::string>(most.begin(), most.end()), expected);
        const std::vector<std::string> least = labelsOf(c, leastChanged(c, 6));
        for (const auto& label : least)
            QVERIFY(!expected.count(label));
    }
}

void TestCompare::differentDimensionsMatchNumpy() {
    const QJsonObject ref = testsupport::referenceJson("numpy_compare.json")["dims"].toObject();
    const Comparison c = compareSets(m_glove50, m_glove100, {.k = 10, .align = true});
    QCOMPARE(static_cast<int>(c.vocabulary.sharedTotal), ref["shared"].toInt());
    QCOMPARE(static_cast<int>(c.vocabulary.onlyA), ref["only_a"].toInt());
    QCOMPARE(static_cast<int>(c.vocabulary.onlyB), ref["only_b"].toInt());
    const QJsonArray first = ref["first_labels"].toArray();
    for (int i = 0; i < first.size(); ++i)
        QCOMPARE(QString::fromStdString(c.labels[static_cast<std::size_t>(i)]),
                 first[i].toString());
    const QJsonArray jaccard = ref["jaccard"].toArray();
    QCOMPARE(static_cast<int>(c.size()), jaccard.size());
    int differing = 0;
    for (int i = 0; i < jaccard.size(); ++i)
        if (std::abs(c.jaccard[static_cast<std::size_t>(i)] - jaccard[i].toDouble()) > 1e-6)
            ++differing;
    // float scores against numpy's doubles may order a near-tie differently for a label or two
    QVERIFY2(differing <= 3, qPrintable(QString::number(differing)));
    QVERIFY(std::abs(c.meanJaccard - ref["mean_jaccard"].toDouble()) < 1e-3);
    QCOMPARE(c.medianJaccard, ref["median_jaccard"].toDouble());

    QVERIFY(c.alignment && c.alignment->method == AlignmentMethod::Linear);
    QCOMPARE(c.alignment->map.rows(), Eigen::Index{100});
    QCOMPARE(c.alignment->map.cols(), Eigen::Index{50});
    QVERIFY(std::abs(c.alignment->residual - ref["linear_residual"].toDouble()) < 1e-5);
    const QJsonArray displacement = ref["displacement_first50"].toArray();
    for (int i = 0; i < displacement.size(); ++i)
        QVERIFY(std::abs(c.displacement[static_cast<std::size_t>(i)] - displacement[i].toDouble()) <
                1e-4);
    // Unaligned, different dimensions have no displacement.
    QVERIFY(!compareSets(m_glove50, m_glove100, {.k = 10}).hasDisplacement());
}

void TestCompare::procrustesMatchesScipy() {
    const QJsonObject ref =
        testsupport::referenceJson("numpy_compare.json")["procrustes"].toObject();
    EmbeddingSet b = m_glove100;
    b.vectors = RowMatrix(m_glove100.vectors.leftCols(50));
    const Comparison c = compareSets(m_glove50, b, {.k = 10, .align = true});
    QVERIFY(c.alignment->method == AlignmentMethod::Procrustes);
    QVERIFY(std::abs(c.alignment->residual - ref["procrustes_residual"].toDouble()) < 1e-5);
    const QJsonArray row0 = ref["rotation_row0"].toArray();
    for (int i = 0; i < row0.size(); ++i)
        QVERIFY(std::abs(c.alignment->map(0, i) - row0[i].toDouble()) < 1e-4);
    const QJsonArray displacement = ref["displacement_first50"].toArray();
    const QJsonArray jaccard = ref["jaccard_first50"].toArray();
    for (int i = 0; i < displacement.size(); ++i) {
        QVERIFY(std::abs(c.displacement[static_cast<std::size_t>(i)] - displacement[i].toDouble()) <
                1e-4);
        QVERIFY(std::abs(c.jaccard[static_cast<std::size_t>(i)] - jaccard[i].toDouble()) < 1e-6);
    }
    QVERIFY(std::abs(c.meanJaccard - ref["mean_jaccard"].toDouble()) < 1e-3);
}

void TestCompare::labelChanges() {
    const Comparison c = compareSets(m_glove50, m_glove100, {.k = 10});
    for (const std::size_t pair : {0, 5, 400, 2000}) {
        const LabelChanges changes = neighborChanges(c, pair);
        QCOMPARE(changes.kept.size() + changes.lost.size(), std::size_t{10});
        QCOMPARE(changes.kept.size() + changes.gained.size(), std::size_t{10});
        const double kept = static_cast<double>(changes.kept.size());
        QVERIFY(std::abs(c.jaccard[pair] - kept / (20 - kept)) < 1e-6);
        // Similarities by hand, from the files' own vectors.
        for (const auto* list : {&changes.kept, &changes.gained, &changes.lost})
            for (const NeighborChange& n : *list) {
                const auto cosine = [](const EmbeddingSet& set, std::size_t x, std::size_t y) {
                    const auto u = set.vectors.row(static_cast<Eigen::Index>(x));
                    const auto v = set.vectors.row(static_cast<Eigen::Index>(y));
                    return u.dot(v) / (u.norm() * v.norm());
                };
                QVERIFY(std::abs(n.similarityA - cosine(m_glove50, c.vocabulary.rowsA[pair],
                                                        c.vocabulary.rowsA[n.pair])) < 1e-5f);
                QVERIFY(std::abs(n.similarityB - cosine(m_glove100, c.vocabulary.rowsB[pair],
                                                        c.vocabulary.rowsB[n.pair])) < 1e-5f);
            }
        // Lost neighbours were nearer in A than every gained one is there.
        for (const NeighborChange& lost : changes.lost)
            for (const NeighborChange& gained : changes.gained)
                QVERIFY(lost.similarityA >= gained.similarityA);
    }
}

void TestCompare::tableFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("changes.tsv").toStdString();
    const Comparison c = compareSets(m_glove50, m_glove100, {.k = 10, .align = true});
    writeComparisonTable(c, path);
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    QCOMPARE(line, std::string("label\tjaccard\tdisplacement"));
    std::size_t lines = 0;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        QCOMPARE(line.substr(0, tab), c.labels[lines]);
        QCOMPARE(std::stof(line.substr(tab + 1)), c.jaccard[lines]);
        ++lines;
    }
    QCOMPARE(lines, c.size());
}

void TestCompare::refusals_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("align");
    QTest::addColumn<int>("anchors");
    QTest::addColumn<bool>("disjoint");
    QTest::addColumn<QString>("message");
    QTest::newRow("k 0") << 0 << false << 0 << false << "k must be between 1 and 250, got 0";
    QTest::newRow("k 251") << 251 << false << 0 << false << "k must be between 1 and 250, got 251";
    QTest::newRow("no shared label") << 5 << false << 0 << true << "share no label";
    QTest::newRow("anchors alone") << 10 << false << 5 << false << "anchors apply only";
    QTest::newRow("too many anchors")
        << 10 << true << 3000 << false << "3000 anchors asked for, but only 2717";
}

void TestCompare::refusals() {
    QFETCH(int, k);
    QFETCH(bool, align);
    QFETCH(int, anchors);
    QFETCH(bool, disjoint);
    QFETCH(QString, message);
    const EmbeddingSet other = handSet({"zzz1", "zzz2"}, 3, 3);
    CompareOptions options{.k = static_cast<std::size_t>(k), .align = align};
    options.alignment.anchors = static_cast<std::size_t>(anchors);
    try {
        compareSets(m_glove50, disjoint ? other : m_glove100, options);
        QFAIL("no error");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString(e.what()).contains(message), e.what());
    }
    const EmbeddingSet small = handSet({"a", "b", "c"}, 3, 4);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, compareSets(small, small, {.k = 3}));
}

void TestCompare::cancels() {
    std::vector<double> fractions;
    CompareOptions options{.k = 10};
    options.progress = [&](double f) {
        fractions.push_back(f);
        return true;
    };
    compareSets(m_glove50, m_glove100, options);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);
    for (const double stopAt : {0.3, 0.45, 0.9}) {
        options.progress = [&](double f) { return f < stopAt; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, compareSets(m_glove50, m_glove100, options));
    }
}

QTEST_APPLESS_MAIN(TestCompare)
#include "test_compare.moc"
