// Layout quality: hand-computed neighbour preservation, the identity layout, and a PCA layout of
// sklearn's digits against numpy (tests/data/reference/density_layout_quality.json).
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/layout_quality.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <random>

using namespace vecspace;

Q_DECLARE_METATYPE(vecspace::RowMatrix)
Q_DECLARE_METATYPE(vecspace::DistanceMetric)

namespace {

QJsonObject reference() {
    QFile file(
        QString::fromStdString(testsupport::dataPath("reference/density_layout_quality.json")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

RowMatrix matrixFrom(const QJsonArray& rows) {
    RowMatrix m(rows.size(), rows.isEmpty() ? 0 : rows[0].toArray().size());
    for (int i = 0; i < rows.size(); ++i)
        for (int d = 0; d < m.cols(); ++d)
            m(i, d) = float(rows[i].toArray()[d].toDouble());
    return m;
}

// Points on a line at x = 0, 1, 3, 6, 10 (as 2D rows), and the same points with rows 0 and 4
// swapped: the layout keeps the middle but moves the ends.
RowMatrix line(std::initializer_list<float> xs) {
    RowMatrix m = RowMatrix::Zero(Eigen::Index(xs.size()), 2);
    Eigen::Index i = 0;
    for (float x : xs)
        m(i++, 0) = x;
    return m;
}

// Directions at 0, 10, 30, 60 and 100 degrees, with lengths 1, 10, 1, 10, 1.
RowMatrix fan() {
    const double degrees[] = {0, 10, 30, 60, 100}, lengths[] = {1, 10, 1, 10, 1};
    RowMatrix m(5, 2);
    for (int i = 0; i < 5; ++i) {
        m(i, 0) = float(lengths[i] * std::cos(degrees[i] * M_PI / 180));
        m(i, 1) = float(lengths[i] * std::sin(degrees[i] * M_PI / 180));
    }
    return m;
}

} // namespace

class TestLayoutQuality : public QObject {
    Q_OBJECT

private slots:
    void handComputed_data();
    void handComputed();
    void identityLayoutKeepsEverything();
    void matchesNumpyOnDigits_data();
    void matchesNumpyOnDigits();
    void sampledQueries();
    void rejectsBadInput();
};

void TestLayoutQuality::handComputed_data() {
    QTest::addColumn<RowMatrix>("input");
    QTest::addColumn<RowMatrix>("layout");
    QTest::addColumn<DistanceMetric>("metric");
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("expected");
    const RowMatrix input = line({0, 1, 3, 6, 10});
    const RowMatrix swapped = line({10, 1, 3, 6, 0});
    // k = 1. Input: 0->1, 1->0, 2->1, 3->2, 4->3. Layout (positions 10, 1, 3, 6, 0):
    // 0->3, 1->4, 2->1, 3->2, 4->1. Rows 2 and 3 keep theirs: 2 / 5.
    QTest::newRow("swapped ends, k = 1")
        << input << swapped << DistanceMetric::Euclidean << 1 << 0.4;
    // k = 2, ties by row (row 2 at x = 3 is 3 away from rows 0 and 3 in the input, and from
    // rows 3 and 4 in the layout). Input {1,2} {0,2} {1,0} {2,4} {3,2}; layout {3,2} {4,2}
    // {1,3} {2,0} {1,2}: one of two kept for every row, 5 / 10.
    QTest::newRow("swapped ends, k = 2")
        << input << swapped << DistanceMetric::Euclidean << 2 << 0.5;
    QTest::newRow("swapped ends, k = 4")
        << input << swapped << DistanceMetric::Euclidean << 4 << 1.0;
    // Cosine ranks the fan by angle, as the layout x = angle does: all kept. Euclidean ranks
    // by position, where the long rows are far from everything: nearest 0->2, 1->3, 2->0,
    // 3->1, 4->2 against the layout's 0->1, 1->0, 2->1, 3->2, 4->3: none kept.
    const RowMatrix angles = line({0, 10, 30, 60, 100});
    QTest::newRow("fan, cosine") << fan() << angles << DistanceMetric::Cosine << 1 << 1.0;
    QTest::newRow("fan, euclidean") << fan() << angles << DistanceMetric::Euclidean << 1 << 0.0;
}

void TestLayoutQuality::handComputed() {
    QFETCH(RowMatrix, input);
    QFETCH(RowMatrix, layout);
    QFETCH(DistanceMetric, metric);
    QFETCH(int, k);
    QFETCH(double, expected);
    LayoutQualityOptions options;
    options.k = std::size_t(k);
    options.metric = metric;
    QCOMPARE(knnPreservation(input, layout, options), expected);
}

void TestLayoutQuality::identityLayoutKeepsEverything() {
    std::mt19937 rng(3);
    std::normal_distribution<float> normal;
    for (int dims : {2, 3}) {
        RowMatrix points(2000, dims);
        for (Eigen::Index i = 0; i < points.size(); ++i)
            points.data()[i] = normal(rng);
        LayoutQualityOptions options;
        options.sample = 0;
        QCOMPARE(knnPreservation(points, points, options), 1.0);
        options.k = 25;
        options.sample = 300;
        QCOMPARE(knnPreservation(points, points, options), 1.0);
    }
}

void TestLayoutQuality::matchesNumpyOnDigits_data() {
    QTest::addColumn<QJsonObject>("expected");
    const QJsonArray cases = reference()["cases"].toArray();
    for (const QJsonValue& c : cases) {
        const QJsonObject o = c.toObject();
        const QString name = "k = " + QString::number(o["k"].toInt()) + ", " +
                             (o.contains("metric") ? o["metric"].toString() : "label agreement");
        QTest::newRow(qPrintable(name)) << o;
    }
}

void TestLayoutQuality::matchesNumpyOnDigits() {
    QFETCH(QJsonObject, expected);
    static const EmbeddingSet digits = loadEmbeddings(testsupport::dataPath("digits/digits.tsv"));
    static const RowMatrix layout = matrixFrom(reference()["layout"].toArray());
    QCOMPARE(layout.rows(), Eigen::Index(digits.rows()));
    LayoutQualityOptions options;
    options.k = std::size_t(expected["k"].toInt());
    options.sample = 0;
    if (expected.contains("metric")) {
        options.metric = expected["metric"].toString() == "cosine" ? DistanceMetric::Cosine
                                                                   : DistanceMetric::Euclidean;
        QCOMPARE(knnPreservation(digits.vectors, layout, options),
                 expected["knn_preservation"].toDouble());
    } else {
        const MetadataColumn* column = digits.findMetadata("digit");
        QVERIFY(column);
        QCOMPARE(labelAgreement(layout, column->values, options),
                 expected["label_agreement"].toDouble());
    }
}

void TestLayoutQuality::sampledQueries() {
    const std::vector<std::size_t> rows = qualitySampleRows(1000, 100, 7);
    QCOMPARE(rows.size(), std::size_t(100));
    QVERIFY(std::is_sorted(rows.begin(), rows.end()));
    QVERIFY(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
    QVERIFY(rows.back() < 1000);
    QCOMPARE(qualitySampleRows(1000, 100, 7), rows);
    QVERIFY(qualitySampleRows(1000, 100, 8) != rows);
    QCOMPARE(qualitySampleRows(50, 100, 7).size(), std::size_t(50));

    // A sample estimates the full value; the same seed gives the same estimate; labels given as
    // numbers or as text agree.
    const EmbeddingSet digits = loadEmbeddings(testsupport::dataPath("digits/digits.tsv"));
    const RowMatrix layout = matrixFrom(reference()["layout"].toArray());
    LayoutQualityOptions options;
    options.sample = 0;
    const double full = knnPreservation(digits.vectors, layout, options);
    options.sample = 600;
    const double sampled = knnPreservation(digits.vectors, layout, options);
    QVERIFY(std::abs(sampled - full) < 0.03);
    QCOMPARE(knnPreservation(digits.vectors, layout, options), sampled);
    std::vector<std::int32_t> numbers;
    for (const std::string& digit : digits.findMetadata("digit")->values)
        numbers.push_back(std::stoi(digit));
    QCOMPARE(labelAgreement(layout, numbers, options),
             labelAgreement(layout, digits.findMetadata("digit")->values, options));
}

void TestLayoutQuality::rejectsBadInput() {
    const RowMatrix input = line({0, 1, 3, 6, 10});
    LayoutQualityOptions options;
    options.k = 5;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, knnPreservation(input, input, options));
    options.k = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, knnPreservation(input, input, options));
    options.k = 2;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             knnPreservation(input, line({0, 1, 2}), options));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             knnPreservation(input, RowMatrix::Zero(5, 4), options));
    const std::vector<std::int32_t> classes{0, 1};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, labelAgreement(input, classes, options));
    options.progress = [](double) { return false; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, knnPreservation(input, input, options));
}

QTEST_GUILESS_MAIN(TestLayoutQuality)
#include "test_layout_quality.moc"
