// Point colours and legends: categories by frequency, "other" and noise greys, viridis against
// its published colours (matplotlib's table as R's viridisLite prints it: viridis(5) is
// #440154 #3B528B #21908C #5DC863 #FDE725, viridis(6) is #440154 #414487 #2A788E #22A884
// #7AD151 #FDE725), log scale, automatic column kinds on the test data, and a palette whose
// colours stay apart.
#include "test_support.h"
#include "vecspace/cluster/coloring.h"
#include "vecspace/io/loader.h"

#include <QtTest>
#include <cmath>
#include <map>

using namespace vecspace;
using testsupport::dataPath;

namespace {

Rgb8 hex(const char* text) {
    const unsigned value = unsigned(std::strtoul(text + (text[0] == '#'), nullptr, 16));
    return {std::uint8_t(value >> 16), std::uint8_t(value >> 8), std::uint8_t(value)};
}

QString name(Rgb8 c) {
    return QString::asprintf("#%02x%02x%02x", c.r, c.g, c.b);
}

double rgbDistance(Rgb8 a, Rgb8 b) {
    const double dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
    return std::sqrt(dr * dr + dg * dg + db * db);
}

// Each channel within `tolerance` of the expected colour (8-bit rounding of the sources).
bool near(Rgb8 actual, const char* expected, int tolerance) {
    const Rgb8 e = hex(expected);
    return std::abs(actual.r - e.r) <= tolerance && std::abs(actual.g - e.g) <= tolerance &&
           std::abs(actual.b - e.b) <= tolerance;
}

std::vector<std::string> split(const QString& text) {
    std::vector<std::string> out;
    for (const QString& part : text.split(' ', Qt::SkipEmptyParts))
        out.push_back(part == "_" ? std::string() : part.toStdString());
    return out;
}

QString legendText(const ColorLegend& legend) {
    QStringList parts;
    for (const LegendEntry& entry : legend.entries)
        parts << QString::fromStdString(entry.name) + ":" + QString::number(entry.count);
    return parts.join(' ');
}

} // namespace

class TestColoring : public QObject {
    Q_OBJECT

private slots:
    void categoriesByFrequency_data();
    void categoriesByFrequency();
    void equalCategoriesEqualColors();
    void otherBeyondPalette();
    void clustersAndNoise_data();
    void clustersAndNoise();
    void gradientMatchesViridis_data();
    void gradientMatchesViridis();
    void logScale();
    void gradientLegend();
    void notNumbersAreGrey();
    void parsesNumbers_data();
    void parsesNumbers();
    void detectsColumnKind_data();
    void detectsColumnKind();
    void digitsAsCategories();
    void paletteIsDistinct();
    void singleColor();
};

void TestColoring::categoriesByFrequency_data() {
    QTest::addColumn<QString>("values"); // "_" is an empty value
    QTest::addColumn<QString>("legend"); // by hand: counts down, ties in order of first appearance
    QTest::newRow("counts decide") << "b a b c a b d"
                                   << "b:3 a:2 c:1 d:1";
    QTest::newRow("ties by first appearance") << "x y z y x z"
                                              << "x:2 y:2 z:2";
    QTest::newRow("one category") << "k k k"
                                  << "k:3";
    QTest::newRow("empty values") << "a _ b _ a"
                                  << "a:2 b:1 (empty):2";
    QTest::newRow("nothing") << ""
                             << "";
}

void TestColoring::categoriesByFrequency() {
    QFETCH(QString, values);
    QFETCH(QString, legend);
    const std::vector<std::string> column = split(values);
    const PointColors colors = colorByCategory(column);
    QCOMPARE(colors.legend.kind, ColorLegend::Kind::Categories);
    QCOMPARE(legendText(colors.legend), legend);
    QCOMPARE(colors.rows(), column.size());
    // The n-th most frequent category has the n-th palette colour, on every one of its rows.
    const std::vector<Rgb8>& palette = categoricalPalette();
    std::size_t rank = 0;
    for (const LegendEntry& entry : colors.legend.entries) {
        const bool missing = entry.kind == LegendEntry::Kind::Missing;
        QCOMPARE(entry.color, missing ? themeGreys(ColorTheme::Light).missing : palette[rank]);
        for (std::size_t row = 0; row < column.size(); ++row)
            if (column[row] == (missing ? std::string() : entry.name))
                QCOMPARE(colors.at(row), entry.color);
        rank += !missing;
    }
}

void TestColoring::equalCategoriesEqualColors() {
    const EmbeddingSet digits = loadEmbeddings(dataPath("digits/digits.tsv"));
    const std::vector<std::string>& values = digits.findMetadata("digit")->values;
    const PointColors colors = colorByCategory(values);
    std::map<std::string, Rgb8> seen;
    std::map<std::string, std::size_t> counts;
    for (std::size_t row = 0; row < values.size(); ++row) {
        const auto [it, added] = seen.try_emplace(values[row], colors.at(row));
        QCOMPARE(colors.at(row), it->second); // equal categories, equal colours
        ++counts[values[row]];
    }
    QCOMPARE(seen.size(), std::size_t(10));
    for (const auto& [a, colorA] : seen)
        for (const auto& [b, colorB] : seen)
            if (a != b) QVERIFY(!(colorA == colorB));
    for (const LegendEntry& entry : colors.legend.entries)
        QCOMPARE(entry.count, counts[entry.name]);
}

void TestColoring::otherBeyondPalette() {
    // Category c<i> appears 70 - i times, so the order is c0, c1, ... and c50..c59 are "other".
    // (append, not "c" + ...: GCC 12 warns falsely about the latter, -Wrestrict.)
    std::vector<std::string> values;
    std::size_t otherRows = 0;
    for (int i = 0; i < 60; ++i)
        for (int k = 0; k < 70 - i; ++k) {
            values.push_back(std::string("c").append(std::to_string(i)));
            otherRows += i >= 50;
        }
    for (ColorTheme theme : {ColorTheme::Light, ColorTheme::Dark}) {
        ColorOptions options;
        options.theme = theme;
        const PointColors colors = colorByCategory(values, options);
        QCOMPARE(categoricalPalette().size(), std::size_t(50));
        QCOMPARE(colors.legend.entries.size(), std::size_t(51));
        QCOMPARE(colors.legend.otherCategories, std::size_t(10));
        const LegendEntry& other = colors.legend.entries.back();
        QCOMPARE(other.kind, LegendEntry::Kind::Other);
        QCOMPARE(other.name, std::string("other (10 categories)"));
        QCOMPARE(other.count, otherRows);
        QCOMPARE(other.color, themeGreys(theme).other);
        QCOMPARE(colors.at(values.size() - 1), themeGreys(theme).other); // a c59 row
        QCOMPARE(colors.at(0), categoricalPalette()[0]);                 // a c0 row
    }
    ColorOptions three;
    three.maxCategories = 3;
    const PointColors few = colorByCategory(values, three);
    QCOMPARE(few.legend.entries.size(), std::size_t(4));
    QCOMPARE(few.legend.otherCategories, std::size_t(57));
    QCOMPARE(few.at(values.size() - 1), themeGreys(ColorTheme::Light).other);
}

void TestColoring::clustersAndNoise_data() {
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestColoring::clustersAndNoise() {
    QFETCH(bool, dark);
    ColorOptions options;
    options.theme = dark ? ColorTheme::Dark : ColorTheme::Light;
    const std::vector<std::int32_t> clusters = {2, -1, 1, 1, -1, -1, 2, 0};
    const std::vector<std::string> names = {"zero", "", "two"};
    const PointColors colors = colorByCluster(clusters, names, options);
    // Clusters 2 and 1 both have two rows; 2 appears first. Cluster 1 has no name.
    QCOMPARE(legendText(colors.legend), QString("two:2 cluster 1:2 zero:1 noise:3"));
    const ThemeGreys greys = themeGreys(options.theme);
    QCOMPARE(colors.legend.entries.back().kind, LegendEntry::Kind::Noise);
    QCOMPARE(colors.legend.entries.back().color, greys.noise);
    for (std::size_t row : {1, 4, 5})
        QCOMPARE(colors.at(row), greys.noise);
    QCOMPARE(colors.at(0), categoricalPalette()[0]);
    QCOMPARE(colors.at(6), categoricalPalette()[0]);
    QCOMPARE(colors.at(2), categoricalPalette()[1]);
    QCOMPARE(colors.at(7), categoricalPalette()[2]);
    // Noise recedes: lighter than the palette's colours on white, darker on black.
    QVERIFY(!(greys.noise == themeGreys(dark ? ColorTheme::Light : ColorTheme::Dark).noise));
}

void TestColoring::gradientMatchesViridis_data() {
    QTest::addColumn<double>("value"); // the numbers are 0, 0.25, ..., 1 plus this one
    QTest::addColumn<QString>("color");
    QTest::addColumn<int>("tolerance");
    QTest::newRow("first (matplotlib)") << 0.0 << "#440154" << 0;
    QTest::newRow("last (matplotlib)") << 1.0 << "#fde725" << 0;
    QTest::newRow("quarter") << 0.25 << "#3b528b" << 1;
    QTest::newRow("midpoint") << 0.5 << "#21908c" << 1;
    QTest::newRow("three quarters") << 0.75 << "#5dc863" << 1;
    QTest::newRow("below the table's step") << 0.5 + 0.5 / 255 << "#21918c" << 1;
}

void TestColoring::gradientMatchesViridis() {
    QFETCH(double, value);
    QFETCH(QString, color);
    QFETCH(int, tolerance);
    const std::vector<double> values = {0.0, 1.0, value};
    const PointColors colors = colorByNumber(values);
    QCOMPARE(colors.legend.kind, ColorLegend::Kind::Gradient);
    QVERIFY(!colors.legend.logScale);
    QCOMPARE(name(colors.at(0)), QString("#440154"));
    QCOMPARE(name(colors.at(1)), QString("#fde725"));
    QVERIFY2(near(colors.at(2), color.toLatin1().constData(), tolerance),
             qPrintable(name(colors.at(2))));
    QCOMPARE(colors.at(2), viridis(value));
}

void TestColoring::logScale() {
    // Five orders of magnitude: log10 places them at 0, 0.2, ..., 1, which are entries 0, 51,
    // 102, 153, 204 and 255 of the table: R's viridis(6).
    const std::vector<double> values = {1, 10, 100, 1000, 10000, 100000};
    const char* expected[] = {"#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"};
    const PointColors colors = colorByNumber(values);
    QVERIFY(colors.legend.logScale);
    for (std::size_t row = 0; row < values.size(); ++row)
        QCOMPARE(name(colors.at(row)), QString(expected[row]));
    QCOMPARE(colors.legend.min, 1.0);
    QCOMPARE(colors.legend.max, 100000.0);

    // Three orders of magnitude are not more than three: linear, so 100 sits near 0.1.
    const PointColors linear = colorByNumber(std::vector<double>{1, 100, 1000});
    QVERIFY(!linear.legend.logScale);
    QCOMPARE(linear.at(1), viridis(99.0 / 999.0));
    // Zero or negative numbers keep the scale linear; forced, they cannot be placed.
    QVERIFY(!colorByNumber(std::vector<double>{0, 1, 1e6}).legend.logScale);
    ColorOptions log;
    log.scale = GradientScale::Log;
    const PointColors forced = colorByNumber(std::vector<double>{0, 1, 100}, log);
    QCOMPARE(forced.at(0), themeGreys(ColorTheme::Light).missing);
    QCOMPARE(forced.at(1), viridis(0));
    QCOMPARE(forced.at(2), viridis(1));
}

void TestColoring::gradientLegend() {
    auto ticks = [](const ColorLegend& legend) {
        QStringList texts;
        for (const LegendTick& tick : legend.ticks)
            texts << QString::fromStdString(tick.text) + "@" + QString::number(tick.position);
        return texts.join(' ');
    };
    // d3's rule: about 5 ticks at a power of ten times 1, 2 or 5.
    QCOMPARE(ticks(colorByNumber(std::vector<double>{0, 1}).legend),
             QString("0@0 0.2@0.2 0.4@0.4 0.6@0.6 0.8@0.8 1@1"));
    QCOMPARE(ticks(colorByNumber(std::vector<double>{3, 47}).legend),
             "10@" + QString::number(7.0 / 44) + " 20@" + QString::number(17.0 / 44) + " 30@" +
                 QString::number(27.0 / 44) + " 40@" + QString::number(37.0 / 44));
    // Log: powers of ten, every second one when there are more than 5.
    QCOMPARE(ticks(colorByNumber(std::vector<double>{1, 100000}).legend),
             QString("1@0 100@0.4 10000@0.8"));
    QCOMPARE(ticks(colorByNumber(std::vector<double>{7, 7}).legend), QString("7@0.5"));
    QCOMPARE(colorByNumber(std::vector<double>{7, 7}).at(0), viridis(0.5));
}

void TestColoring::notNumbersAreGrey() {
    const std::vector<std::string> values = {"1", "n/a", "3", "", "2"};
    const PointColors colors = colorByNumber(values);
    QCOMPARE(colors.at(0), viridis(0));
    QCOMPARE(colors.at(2), viridis(1));
    QCOMPARE(colors.at(4), viridis(0.5));
    QCOMPARE(colors.at(1), themeGreys(ColorTheme::Light).missing);
    QCOMPARE(colors.at(3), themeGreys(ColorTheme::Light).missing);
    QCOMPARE(legendText(colors.legend), QString("not a number:2"));
}

void TestColoring::parsesNumbers_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("number");
    QTest::addColumn<double>("value");
    QTest::newRow("integer") << "12" << true << 12.0;
    QTest::newRow("spaces") << " -0.5\t" << true << -0.5;
    QTest::newRow("plus and exponent") << "+3e-4" << true << 3e-4;
    QTest::newRow("empty") << "" << false << 0.0;
    QTest::newRow("word") << "twelve" << false << 0.0;
    QTest::newRow("trailing text") << "12abc" << false << 0.0;
    QTest::newRow("two signs") << "+-1" << false << 0.0;
    QTest::newRow("nan") << "nan" << false << 0.0;
    QTest::newRow("infinity") << "inf" << false << 0.0;
    QTest::newRow("overflow") << "1e400" << false << 0.0;
    QTest::newRow("hex") << "0x10" << false << 0.0;
}

void TestColoring::parsesNumbers() {
    QFETCH(QString, text);
    QFETCH(bool, number);
    QFETCH(double, value);
    const std::optional<double> parsed = parseNumber(text.toStdString());
    QCOMPARE(parsed.has_value(), number);
    if (number) QCOMPARE(*parsed, value);
}

void TestColoring::detectsColumnKind_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("column");
    QTest::addColumn<bool>("numeric");
    // frequency_rank: 1..50, all different; digit: 10 values over 1,797 rows.
    QTest::newRow("projector frequency_rank") << "projector/vectors.tsv"
                                              << "frequency_rank" << true;
    QTest::newRow("projector word") << "projector/vectors.tsv"
                                    << "word" << false;
    QTest::newRow("digits digit") << "digits/digits.tsv"
                                  << "digit" << false;
    QTest::newRow("digits label") << "digits/digits.tsv"
                                  << "label" << false;
}

void TestColoring::detectsColumnKind() {
    QFETCH(QString, file);
    QFETCH(QString, column);
    QFETCH(bool, numeric);
    const EmbeddingSet set = loadEmbeddings(dataPath(file.toStdString().c_str()));
    const MetadataColumn* values = set.findMetadata(column.toStdString());
    QVERIFY(values);
    QCOMPARE(detectNumeric(values->values), numeric);
    const PointColors colors = colorByColumn(values->values);
    QCOMPARE(colors.legend.kind,
             numeric ? ColorLegend::Kind::Gradient : ColorLegend::Kind::Categories);
    if (numeric) {
        QCOMPARE(colors.legend.min, 1.0);
        QCOMPARE(colors.legend.max, 50.0);
        QCOMPARE(colors.at(0), viridis(0)); // "the", rank 1
    }
}

void TestColoring::digitsAsCategories() {
    // `cut -f2 digits.metadata.tsv | sort | uniq -c`: 3 has the most rows (183), then 1 and 5
    // (182 each, 1 first in the file), 4 and 6 (181), 9 (180), 7 (179), 0 (178), 2 (177), 8 (174).
    const EmbeddingSet digits = loadEmbeddings(dataPath("digits/digits.tsv"));
    const PointColors colors = colorByColumn(digits.findMetadata("digit")->values);
    QCOMPARE(legendText(colors.legend),
             QString("3:183 1:182 5:182 4:181 6:181 9:180 7:179 0:178 2:177 8:174"));

    // Numbers with a few gaps stay numeric; too many words make them categories.
    std::vector<std::string> values;
    for (int i = 1; i <= 97; ++i)
        values.push_back(std::to_string(i));
    values.insert(values.end(), {"n/a", "n/a", "n/a", ""});
    QVERIFY(detectNumeric(values)); // 97 of 100 non-empty values
    values.insert(values.end(), 3, "n/a");
    QVERIFY(!detectNumeric(values)); // 97 of 103: below 95%
}

void TestColoring::paletteIsDistinct() {
    const std::vector<Rgb8>& palette = categoricalPalette();
    QCOMPARE(palette.size(), std::size_t(50));
    // Tableau 10 (matplotlib's tab10) without its grey.
    const char* tableau[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                             "#8c564b", "#e377c2", "#bcbd22", "#17becf"};
    for (std::size_t i = 0; i < 9; ++i)
        QCOMPARE(name(palette[i]), QString(tableau[i]));
    double closest = 1e9;
    for (std::size_t i = 0; i < palette.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            closest = std::min(closest, rgbDistance(palette[i], palette[j]));
    QVERIFY2(closest > 40, qPrintable(QString::number(closest)));
    // Away from the greys, so that no category looks like "other" or noise.
    for (ColorTheme theme : {ColorTheme::Light, ColorTheme::Dark})
        for (const Rgb8& color : palette)
            for (const Rgb8& grey : {themeGreys(theme).other, themeGreys(theme).noise})
                QVERIFY(rgbDistance(color, grey) > 40);
    QCOMPARE(&categoricalPalette(), &palette); // computed once
}

void TestColoring::singleColor() {
    const PointColors colors = vecspace::singleColor(4, hex("#2f6fb3"));
    QCOMPARE(colors.rgb, (std::vector<std::uint8_t>{0x2f, 0x6f, 0xb3, 0x2f, 0x6f, 0xb3, 0x2f, 0x6f,
                                                    0xb3, 0x2f, 0x6f, 0xb3}));
    QCOMPARE(colors.legend.kind, ColorLegend::Kind::Single);
    QCOMPARE(legendText(colors.legend), QString("all points:4"));
}

QTEST_GUILESS_MAIN(TestColoring)
#include "test_coloring.moc"
