// Label search: substring counts checked by an independent loop, regex counts checked against GNU
// grep (-E -i, LC_ALL=C.UTF-8) on the bundled demo labels, the fast matcher against std::regex,
// invalid patterns, metadata columns, non-ASCII labels, empty queries, caps, ranking (exact,
// prefix, rest) and cancelling.
#include "search/fast_regex.h"
#include "search/regex_scan.h"
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/search/label_index.h"
#include "vecspace/search/label_search.h"

#include <QtTest>
#include <fstream>
#include <regex>

using namespace vecspace;
using testsupport::dataPath;

namespace {

std::vector<std::string> gloveLabels() {
    return loadEmbeddings(dataPath("glove.6B.100d.top2717.txt")).labels;
}

std::vector<std::string> demoLabels() {
    std::vector<std::string> labels;
    std::ifstream in(VECSPACE_DEMO_LABELS);
    for (std::string line; std::getline(in, line);)
        labels.push_back(line);
    return labels;
}

std::string asciiLower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return text;
}

// Labels a hand can check: accents, German sharp s, Greek, CJK, spaces.
const std::vector<std::string> kWorldLabels = {"café",    "CAFÉ",  "Café au lait", "cafe", "straße",
                                               "STRASSE", "naïve", "Ωmega",        "über", "東京"};

std::vector<std::size_t> rowsOf(const LabelSearchResult& result) {
    return result.rows;
}

} // namespace

class TestLabelSearch : public QObject {
    Q_OBJECT

private slots:
    void substringIgnoresCase_data();
    void substringIgnoresCase();
    void substringCaseSensitive();
    void regexCountsEqualGrep_data();
    void regexCountsEqualGrep();
    void regexAnchors();
    void fastMatcherEqualsStdRegex_data();
    void fastMatcherEqualsStdRegex();
    void invalidRegex_data();
    void invalidRegex();
    void metadataColumn();
    void nonAsciiLabels_data();
    void nonAsciiLabels();
    void emptyQuery();
    void capKeepsTotal();
    void rankedByHand_data();
    void rankedByHand();
    void rankedGloveLabels_data();
    void rankedGloveLabels();
    void cancels();
};

void TestLabelSearch::substringIgnoresCase_data() {
    QTest::addColumn<QString>("query");
    QTest::newRow("KING") << "KING";
    QTest::newRow("king") << "king";
    QTest::newRow("KiNg") << "KiNg";
    QTest::newRow("ing") << "ing";
    QTest::newRow("e") << "e";
    QTest::newRow("punctuation") << ".";
    QTest::newRow("absent") << "zzqx";
    QTest::newRow("whole label") << "the";
}

void TestLabelSearch::substringIgnoresCase() {
    QFETCH(QString, query);
    const std::vector<std::string> labels = gloveLabels();
    const LabelSearch search(labels);
    const LabelSearchResult result = search.find(query.toStdString());
    QVERIFY(result.ok());
    // Independent: ASCII lower-casing both sides (GloVe 6B is lower case) and std::string::find.
    std::vector<std::size_t> expected;
    const std::string needle = asciiLower(query.toStdString());
    for (std::size_t row = 0; row < labels.size(); ++row)
        if (asciiLower(labels[row]).find(needle) != std::string::npos) expected.push_back(row);
    QCOMPARE(result.rows, expected);
    QCOMPARE(result.total, expected.size());
    if (query.compare("king", Qt::CaseInsensitive) == 0) {
        // grep -ci king: making working taking king looking seeking speaking kingdom talking
        // banking thinking asking.
        QCOMPARE(result.total, std::size_t(12));
        const auto kingdom = std::find(labels.begin(), labels.end(), "kingdom") - labels.begin();
        QVERIFY(std::count(result.rows.begin(), result.rows.end(), std::size_t(kingdom)) == 1);
    }
}

void TestLabelSearch::substringCaseSensitive() {
    const LabelSearch search(kWorldLabels);
    LabelSearchOptions options;
    options.caseSensitive = true;
    QCOMPARE(rowsOf(search.find("caf", options)), (std::vector<std::size_t>{0, 3}));
    QCOMPARE(rowsOf(search.find("Caf", options)), (std::vector<std::size_t>{2}));
    QCOMPARE(rowsOf(search.find("CAF", options)), (std::vector<std::size_t>{1}));
    QCOMPARE(rowsOf(search.find("caf")), (std::vector<std::size_t>{0, 1, 2, 3}));
}

void TestLabelSearch::regexCountsEqualGrep_data() {
    // Counts from `LC_ALL=C.UTF-8 grep -ciE PATTERN glove.6B.100d.top20k.labels.txt`.
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("count");
    QTest::newRow("^un.*able$") << "^un.*able$" << 12;
    QTest::newRow("ing$") << "ing$" << 1293;
    QTest::newRow("^[a-z]+$") << "^[a-z]+$" << 19868;
    QTest::newRow("^.{3}$") << "^.{3}$" << 886;
    QTest::newRow("^.$ (one code point)") << "^.$" << 39;
    QTest::newRow("[0-9]") << "[0-9]" << 33;
    QTest::newRow("^(re|un)[a-z]{3,5}$") << "^(re|un)[a-z]{3,5}$" << 283;
    QTest::newRow("^a.*z$") << "^a.*z$" << 4;
    QTest::newRow("^[^aeiou]+$") << "^[^aeiou]+$" << 286;
    QTest::newRow("q[^u]") << "q[^u]" << 19;
    QTest::newRow("(ab)+") << "(ab)+" << 324;
    QTest::newRow("x|z") << "x|z" << 791;
    QTest::newRow("^(ha)+$") << "^(ha)+$" << 1;
    QTest::newRow("ss?ion$") << "ss?ion$" << 70;
    QTest::newRow("^[a-z]*-[a-z]*$") << "^[a-z]*-[a-z]*$" << 60;
    QTest::newRow("KING (folded)") << "KING" << 76;
}

void TestLabelSearch::regexCountsEqualGrep() {
    QFETCH(QString, pattern);
    QFETCH(int, count);
    static const std::vector<std::string> labels = demoLabels();
    QCOMPARE(labels.size(), std::size_t(20000));
    static const LabelSearch search(labels);
    LabelSearchOptions options;
    options.mode = SearchMode::Regex;
    const LabelSearchResult result = search.find(pattern.toStdString(), options);
    QVERIFY2(result.ok(), result.error ? result.error->message.c_str() : "");
    QCOMPARE(result.total, std::size_t(count));
    QVERIFY(std::is_sorted(result.rows.begin(), result.rows.end()));
}

void TestLabelSearch::regexAnchors() {
    const std::vector<std::string> labels = demoLabels();
    const LabelSearch search(labels);
    LabelSearchOptions options;
    options.mode = SearchMode::Regex;
    const LabelSearchResult result = search.find("^un.*able$", options);
    QStringList found;
    for (std::size_t row : result.rows)
        found << QString::fromStdString(labels[row]);
    // grep -iE '^un.*able$', in file order.
    QCOMPARE(found.join(' '), QString("unable unacceptable uncomfortable unstable unbelievable "
                                      "unpredictable unavailable understandable unreasonable "
                                      "unreliable unthinkable unfavorable"));
    // Without anchors the same letters also match inside labels.
    QVERIFY(search.find("un.*able", options).total > result.total);
}

void TestLabelSearch::fastMatcherEqualsStdRegex_data() {
    QTest::addColumn<QString>("pattern");
    // clang-format off
    static const char* const patterns[] = {
        "a", "^a", "a$", "^a$", "^$", "", "ab|cd", "^ab|cd$", "(ab|cd)e", "(a|aa)*c", "a.c",
        "^.{2,4}$", "x{2}", "[aeiou]{3}", "[^a-z]", "[a-c-]", "\\d+", "\\D", "\\w\\W\\w", "\\s",
        "\\.", "[.]", "a?b+c*", "(?:ab)+$", "^(a|b)*$", "é", "^.é", "[à-ö]", "[^\\x00-\\x7f]",
        "\\u00e9", "ß", "o+n$", "^(un|re)?[a-z]{4}$", "e.{0,2}e", "(x|)y", "a{0}b", "]", "}",
        "\\-", "[\\]]", "^\\w+'s$", "n't$", "^-", "[[:alpha:]]", "[^[:alnum:]]", "^[[:upper:]]",
        "[[:punct:][:space:]]", "[[:xdigit:]]{3}", "[\\W\\d]",
        // Left to std::regex: word boundaries, look-aheads, back references.
        "\\bthe", "a(?=b)", "(a)\\1"};
    // clang-format on
    for (const char* p : patterns)
        QTest::newRow(p) << QString::fromUtf8(p);
}

void TestLabelSearch::fastMatcherEqualsStdRegex() {
    QFETCH(QString, pattern);
    static const std::vector<std::string> labels = [] {
        std::vector<std::string> all = gloveLabels();
        all.insert(all.end(), kWorldLabels.begin(), kWorldLabels.end());
        for (const char* extra : {"", "a", "ab cd", "a\nc", "x-y", "]", "}", "résumé", "ÉÉ"})
            all.push_back(extra);
        return all;
    }();
    for (bool fold : {false, true}) {
        const ScannedRegex scan = scanRegex(pattern.toStdString(), fold);
        const std::wregex reference(scan.pattern, std::regex::ECMAScript);
        const std::optional<FastRegex> fast = FastRegex::compile(scan.pattern);
        const bool unsupported =
            pattern.contains("\\b") || pattern.contains("(?=") || pattern.contains("\\1");
        QCOMPARE(fast.has_value(), !unsupported);
        std::size_t matches = 0;
        for (const std::string& label : labels) {
            const std::string text = fold ? foldCase(label) : label;
            std::wstring wide;
            appendWide(text, wide);
            const bool expected = std::regex_search(wide, reference);
            if (fast) QVERIFY2(fast->search(text) == expected, label.c_str());
            matches += expected;
        }
        // The whole search (literal prefilter, then a matcher) agrees with a plain scan.
        const LabelSearch search(labels);
        LabelSearchOptions options;
        options.mode = SearchMode::Regex;
        options.caseSensitive = !fold;
        QCOMPARE(search.find(pattern.toStdString(), options).total,
                 pattern.isEmpty() ? labels.size() : matches);
    }
}

void TestLabelSearch::invalidRegex_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("column"); // 0: std::regex says what, not where
    QTest::addColumn<QString>("message");
    QTest::newRow("open group") << "ab(cd" << 3 << "column 3: unmatched '('";
    QTest::newRow("close group") << "abc)" << 4 << "column 4: unmatched ')'";
    QTest::newRow("open class") << "x[abc" << 2 << "column 2: unmatched '['";
    QTest::newRow("leading star") << "*a" << 1
                                  << "column 1: nothing to repeat before this quantifier";
    QTest::newRow("trailing backslash") << "ab\\" << 3 << "column 3: trailing backslash";
    QTest::newRow("open brace") << "a{2" << 2
                                << "column 2: '{' must start a repeat such as {2} or {1,3}";
    QTest::newRow("after non-ASCII") << "é(" << 2 << "column 2: unmatched '('";
    QTest::newRow("reversed range")
        << "ab[z-a]" << 4 << "column 4: character range out of order (its end comes first)";
    QTest::newRow("reversed repeat")
        << "a{3,1}" << 2 << "column 2: repeat count {n,m} with m below n";
    // Where the scan sees nothing wrong, std::regex's verdict is reported without a column.
    QTest::newRow("range from a class")
        << "[\\d-z]" << 0 << "invalid character range (its end comes before its start)";
}

void TestLabelSearch::invalidRegex() {
    QFETCH(QString, pattern);
    QFETCH(int, column);
    QFETCH(QString, message);
    const LabelSearch search(kWorldLabels);
    LabelSearchOptions options;
    options.mode = SearchMode::Regex;
    const LabelSearchResult result = search.find(pattern.toStdString(), options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error->column, std::size_t(column));
    QCOMPARE(QString::fromStdString(result.error->message), message);
    QVERIFY(result.rows.empty());
    QCOMPARE(result.total, std::size_t(0));
    QCOMPARE(checkRegex(pattern.toStdString())->message, result.error->message);
    // A substring search takes the same text literally.
    QVERIFY(search.find(pattern.toStdString()).ok());
}

void TestLabelSearch::metadataColumn() {
    const EmbeddingSet digits = loadEmbeddings(dataPath("digits/digits.tsv"));
    const MetadataColumn* digit = digits.findMetadata("digit");
    QVERIFY(digit);
    const LabelSearch byDigit(digit->values);
    LabelSearchOptions options;
    options.mode = SearchMode::Regex;
    const LabelSearchResult sevens = byDigit.find("^7$", options);
    std::vector<std::size_t> expected;
    for (std::size_t row = 0; row < digit->values.size(); ++row)
        if (digit->values[row] == "7") expected.push_back(row);
    QCOMPARE(sevens.rows, expected);
    QCOMPARE(sevens.total, std::size_t(179)); // `cut -f2 digits.metadata.tsv | sort | uniq -c`

    // frequency_rank holds 1..50: "^1" is 1 and 10-19, "5" is 5, 15, 25, 35, 45 and 50.
    const EmbeddingSet projector = loadEmbeddings(dataPath("projector/vectors.tsv"));
    const MetadataColumn* rank = projector.findMetadata("frequency_rank");
    QVERIFY(rank);
    const LabelSearch byRank(rank->values);
    QCOMPARE(byRank.find("^1", options).total, std::size_t(11));
    QCOMPARE(rowsOf(byRank.find("5")), (std::vector<std::size_t>{4, 14, 24, 34, 44, 49}));
}

void TestLabelSearch::nonAsciiLabels_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<QString>("rows");
    // kWorldLabels: 0 café, 1 CAFÉ, 2 Café au lait, 3 cafe, 4 straße, 5 STRASSE, 6 naïve,
    // 7 Ωmega, 8 über, 9 東京.
    QTest::newRow("café") << "café" << false << false << "0 1 2";
    QTest::newRow("CAFÉ") << "CAFÉ" << false << false << "0 1 2";
    QTest::newRow("cafe is not café") << "cafe" << false << false << "3";
    QTest::newRow("é case-sensitive") << "é" << false << true << "0 2";
    QTest::newRow("strasse finds straße") << "strasse" << false << false << "4 5";
    QTest::newRow("ωMEGA") << "ωMEGA" << false << false << "7";
    QTest::newRow("CJK") << "京" << false << false << "9";
    QTest::newRow("regex: . is one character") << "^caf.$" << true << false << "0 1 3";
    QTest::newRow("regex: no a-z") << "^[^a-z]+$" << true << true << "1 5 9";
    QTest::newRow("regex: Ü folded") << "^Ü" << true << false << "8";
    QTest::newRow("regex: ß is SS") << "^stra(ß)e$" << true << false << "4 5";
    QTest::newRow("regex: two characters") << "^.{2}$" << true << false << "9";
}

void TestLabelSearch::nonAsciiLabels() {
    QFETCH(QString, query);
    QFETCH(bool, regex);
    QFETCH(bool, caseSensitive);
    QFETCH(QString, rows);
    const LabelSearch search(kWorldLabels);
    LabelSearchOptions options;
    options.mode = regex ? SearchMode::Regex : SearchMode::Substring;
    options.caseSensitive = caseSensitive;
    const LabelSearchResult result = search.find(query.toStdString(), options);
    QVERIFY(result.ok());
    QStringList found;
    for (std::size_t row : result.rows)
        found << QString::number(row);
    QCOMPARE(found.join(' '), rows);
}

void TestLabelSearch::emptyQuery() {
    const std::vector<std::string> labels = gloveLabels();
    const LabelSearch search(labels);
    for (SearchMode mode : {SearchMode::Substring, SearchMode::Regex}) {
        LabelSearchOptions options;
        options.mode = mode;
        const LabelSearchResult result = search.find("", options);
        QCOMPARE(result.total, labels.size());
        QCOMPARE(result.rows.size(), labels.size());
        QCOMPARE(result.rows.back(), labels.size() - 1);
    }
    const LabelSearch none(std::vector<std::string>{});
    QCOMPARE(none.size(), std::size_t(0));
    QCOMPARE(none.find("a").total, std::size_t(0));
    QCOMPARE(none.find("").total, std::size_t(0));
}

void TestLabelSearch::capKeepsTotal() {
    const std::vector<std::string> labels = gloveLabels();
    const LabelSearch search(labels);
    const LabelSearchResult all = search.find("e");
    LabelSearchOptions options;
    options.maxResults = 10;
    const LabelSearchResult capped = search.find("e", options);
    QCOMPARE(capped.total, all.total);
    QVERIFY(all.total > 10);
    QCOMPARE(capped.rows, std::vector<std::size_t>(all.rows.begin(), all.rows.begin() + 10));
}

void TestLabelSearch::cancels() {
    const std::vector<std::string> labels = demoLabels();
    const LabelSearch search(labels);
    for (SearchMode mode : {SearchMode::Substring, SearchMode::Regex}) {
        LabelSearchOptions options;
        options.mode = mode;
        options.progress = [](double) { return false; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, search.find("e", options));
        // A progress function that lets it run changes nothing.
        int calls = 0;
        options.progress = [&calls](double fraction) {
            ++calls;
            return fraction >= 0 && fraction <= 1;
        };
        LabelSearchOptions plain;
        plain.mode = mode;
        QCOMPARE(search.find("e", options).rows, search.find("e", plain).rows);
        QVERIFY(calls > 0);
    }
}

void TestLabelSearch::rankedByHand_data() {
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<std::vector<std::size_t>>("expected");
    const QStringList words{"making", "king", "kingdom", "taking", "kings", "KING", "Kingston"};
    // Exact (king, KING), then prefix (kingdom, kings, Kingston), then the rest, each in row order.
    QTest::newRow("king") << words << "king" << false
                          << std::vector<std::size_t>{1, 5, 2, 4, 6, 0, 3};
    QTest::newRow("KING, case-sensitive") << words << "KING" << true << std::vector<std::size_t>{5};
    QTest::newRow("king, case-sensitive")
        << words << "king" << true << std::vector<std::size_t>{1, 2, 4, 0, 3};
    QTest::newRow("ing: no exact or prefix match")
        << words << "ing" << false << std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6};
    QTest::newRow("folded: straße = STRASSE")
        << QStringList{"die straße", "STRASSE", "strasse am see"} << "strasse" << false
        << std::vector<std::size_t>{1, 2, 0};
}

void TestLabelSearch::rankedByHand() {
    QFETCH(QStringList, labels);
    QFETCH(QString, query);
    QFETCH(bool, caseSensitive);
    QFETCH(std::vector<std::size_t>, expected);
    std::vector<std::string> values;
    for (const QString& label : labels)
        values.push_back(label.toStdString());
    const LabelSearch search(values);
    LabelSearchOptions options;
    options.ranked = true;
    options.caseSensitive = caseSensitive;
    const LabelSearchResult result = search.find(query.toStdString(), options);
    QCOMPARE(result.rows, expected);
    QCOMPARE(result.total, expected.size());
}

void TestLabelSearch::rankedGloveLabels_data() {
    QTest::addColumn<QString>("query");
    for (const char* query : {"king", "the", "man", "pre", "x"})
        QTest::newRow(query) << query;
}

// Against a loop over the file's labels (all lower case): the same rows as unranked, the
// exact label first, then those starting with the query, then the rest, each in file order;
// a cap keeps the best.
void TestLabelSearch::rankedGloveLabels() {
    QFETCH(QString, query);
    const std::vector<std::string> labels = gloveLabels();
    const std::string q = query.toStdString();
    std::vector<std::size_t> exact, prefix, rest;
    for (std::size_t row = 0; row < labels.size(); ++row) {
        const std::string& label = labels[row];
        if (label == q)
            exact.push_back(row);
        else if (label.compare(0, q.size(), q) == 0)
            prefix.push_back(row);
        else if (label.find(q) != std::string::npos)
            rest.push_back(row);
    }
    std::vector<std::size_t> expected = exact;
    expected.insert(expected.end(), prefix.begin(), prefix.end());
    expected.insert(expected.end(), rest.begin(), rest.end());
    const LabelSearch search(labels);
    LabelSearchOptions options;
    options.ranked = true;
    const LabelSearchResult ranked = search.find(q, options);
    QCOMPARE(ranked.rows, expected);
    QCOMPARE(ranked.total, search.find(q).total);
    options.maxResults = 3;
    const LabelSearchResult capped = search.find(q, options);
    QCOMPARE(capped.rows,
             std::vector<std::size_t>(
                 expected.begin(), expected.begin() + std::min<std::size_t>(3, expected.size())));
    QCOMPARE(capped.total, expected.size());
}

QTEST_GUILESS_MAIN(TestLabelSearch)
#include "test_label_search.moc"
