// The Search dock as a user drives it: substring and regular expression searches over the
// labels or a metadata column highlight exactly the rows that QRegularExpression (or
// QString::contains) finds in the data file, read here without Vecspace code; a bad pattern is
// reported in the dock; matches are listed exact first, then prefix matches, then the rest; a
// click on a listed match, or Enter for the first, selects that row.
#include "dock_test_support.h"
#include "inspector_panel.h"
#include "label_list_model.h"
#include "main_window.h"
#include "point_view.h"
#include "search_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

using namespace docktest;

namespace {

std::vector<int> listedRows(const LabelListModel* model) {
    std::vector<int> rows;
    for (int i = 0; i < model->matchCount(); ++i)
        rows.push_back(model->sourceRow(i));
    return rows;
}

// The listed order, worked out here: labels equal to the query (ignoring case), then those
// starting with it, then the other matches, each in file order.
std::vector<int> ranked(const QStringList& values, const QString& query,
                        const std::vector<int>& matches) {
    std::vector<int> exact, prefix, rest;
    for (int row : matches) {
        const QString& value = values[row];
        if (value.compare(query, Qt::CaseInsensitive) == 0)
            exact.push_back(row);
        else if (value.startsWith(query, Qt::CaseInsensitive))
            prefix.push_back(row);
        else
            rest.push_back(row);
    }
    exact.insert(exact.end(), prefix.begin(), prefix.end());
    exact.insert(exact.end(), rest.begin(), rest.end());
    return exact;
}

} // namespace

class TestSearchDock : public QObject {
    Q_OBJECT

public:
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void searchHighlightsMatches_data();
    void searchHighlightsMatches();
    void badRegexIsReported();
    void clickingMatchSelectsRow_data();
    void clickingMatchSelectsRow();
    void enterSelectsBestMatch_data();
    void enterSelectsBestMatch();

private:
    std::vector<int> matchesOf(const QString& query) const {
        std::vector<int> rows;
        for (int row = 0; row < m_demoLabels.size(); ++row)
            if (m_demoLabels[row].contains(query, Qt::CaseInsensitive)) rows.push_back(row);
        return rows;
    }
    QStringList m_demoLabels;
    DigitsMetadata m_digits;
};

void TestSearchDock::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    m_demoLabels = readLines(QStringLiteral(VECSPACE_DEMO_LABELS));
    QCOMPARE(m_demoLabels.size(), 20000);
    m_digits = readDigitsMetadata();
    QCOMPARE(m_digits.digits.size(), 1797);
    QCOMPARE(m_digits.header, QStringList({"label", "digit"}));
}

void TestSearchDock::searchHighlightsMatches_data() {
    QTest::addColumn<bool>("digits"); // else the demo set
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("regex");
    const QString labels; // no column: the labels
    QTest::newRow("substring") << false << labels << "ing" << false;
    QTest::newRow("substring, other case") << false << labels << "KING" << false;
    QTest::newRow("regex anchored") << false << labels << "^un.*able$" << true;
    QTest::newRow("regex numbers") << false << labels << "^[0-9]+$" << true;
    QTest::newRow("regex alternation") << false << labels << "(ss|zz)$" << true;
    QTest::newRow("regex case-insensitive") << false << labels << "^Q[U]" << true;
    QTest::newRow("regex none") << false << labels << "^qqq[0-9]$" << true;
    QTest::newRow("digits labels") << true << labels << "^1[0-9]_" << true;
    const QString digit("digit");
    QTest::newRow("column substring") << true << digit << "3" << false;
    QTest::newRow("column regex") << true << digit << "^[37]$" << true;
}

void TestSearchDock::searchHighlightsMatches() {
    QFETCH(bool, digits);
    QFETCH(QString, column);
    QFETCH(QString, query);
    QFETCH(bool, regex);
    const QStringList& values = !digits            ? m_demoLabels
                                : column.isEmpty() ? m_digits.labels
                                                   : m_digits.digits;
    std::vector<int> expected; // matched here, independently of the core's search
    const QRegularExpression pattern(query, QRegularExpression::CaseInsensitiveOption);
    QVERIFY(pattern.isValid());
    for (int row = 0; row < values.size(); ++row)
        if (regex ? pattern.match(values[row]).hasMatch()
                  : values[row].contains(query, Qt::CaseInsensitive))
            expected.push_back(row);

    MainWindow window;
    QVERIFY(load(window, digits ? digitsPath() : QString()));
    SearchPanel* search = window.searchPanel();
    if (!column.isEmpty()) {
        auto* combo = window.findChild<QComboBox*>("searchColumn");
        const int index = combo->findText(column);
        QVERIFY(index > 0);
        combo->setCurrentIndex(index);
    }
    window.findChild<QCheckBox*>("searchRegex")->setChecked(regex);
    QTRY_VERIFY(search->isIndexReady()); // of the column chosen, built on a worker
    QTest::keyClicks(window.findChild<QLineEdit*>("searchEdit"), query);

    QVERIFY(search->errorString().isEmpty());
    QCOMPARE(window.labelModel()->matchCount(), int(expected.size()));
    QCOMPARE(listedRows(window.labelModel()), regex ? expected : ranked(values, query, expected));
    QVERIFY(window.findChild<QLabel*>("matchLabel")
                ->text()
                .startsWith(QLocale().toString(qlonglong(expected.size())) + " of "));
    // Matches stand out in the view; with none, nothing is dimmed.
    QCOMPARE(highlightedRows(window.pointView()), expected);

    window.findChild<QLineEdit*>("searchEdit")->clear();
    QCOMPARE(window.labelModel()->matchCount(), values.size());
    QVERIFY(highlightedRows(window.pointView()).empty());
}

void TestSearchDock::badRegexIsReported() {
    MainWindow window;
    QVERIFY(load(window, {}));
    window.findChild<QCheckBox*>("searchRegex")->setChecked(true);
    auto* edit = window.findChild<QLineEdit*>("searchEdit");
    QTest::keyClicks(edit, "(king");
    const QString error = window.searchPanel()->errorString();
    QVERIFY2(error.contains("unmatched"), qPrintable(error));
    QCOMPARE(window.findChild<QLabel*>("matchLabel")->text(), error);
    QCOMPARE(window.labelModel()->matchCount(), 0);
    QVERIFY(highlightedRows(window.pointView()).empty());
    // Closing the group makes it valid: the matches of "(king)" are those of "king".
    QTest::keyClicks(edit, ")");
    QVERIFY(window.searchPanel()->errorString().isEmpty());
    int expected = 0;
    for (const QString& label : m_demoLabels)
        expected += label.contains("king", Qt::CaseInsensitive);
    QCOMPARE(window.labelModel()->matchCount(), expected);
}

void TestSearchDock::clickingMatchSelectsRow_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("listIndex");
    QTest::newRow("first of queen") << "queen" << 0;
    QTest::newRow("third of ing") << "ing" << 2;
    QTest::newRow("first of king") << "king" << 0;
    QTest::newRow("fifth of king") << "king" << 4;
}

void TestSearchDock::clickingMatchSelectsRow() {
    QFETCH(QString, query);
    QFETCH(int, listIndex);
    std::vector<int> matches;
    for (int row = 0; row < m_demoLabels.size(); ++row)
        if (m_demoLabels[row].contains(query, Qt::CaseInsensitive)) matches.push_back(row);
    const std::vector<int> listed = ranked(m_demoLabels, query, matches);
    QVERIFY(int(listed.size()) > listIndex);
    const int expectedRow = listed[std::size_t(listIndex)];

    MainWindow window;
    QVERIFY(load(window, {}));
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClicks(window.findChild<QLineEdit*>("searchEdit"), query);
    auto* list = window.findChild<QListView*>("labelList");
    const QModelIndex index = list->model()->index(listIndex, 0);
    QCOMPARE(index.data().toString(), m_demoLabels[expectedRow]);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(index).center());
    QCOMPARE(window.pointView()->selection(), std::vector<int>{expectedRow});
    QCOMPARE(window.inspector()->row(), long(expectedRow));
}

void TestSearchDock::enterSelectsBestMatch_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");
    // The demo file lists making, working, taking before king; the exact label wins.
    QTest::newRow("king") << "king"
                          << "king";
    QTest::newRow("KING") << "KING"
                          << "king";
    // No exact label: the first that starts with it, in file order.
    QTest::newRow("quee") << "quee"
                          << m_demoLabels[ranked(m_demoLabels, "quee", matchesOf("quee")).front()];
}

void TestSearchDock::enterSelectsBestMatch() {
    QFETCH(QString, query);
    QFETCH(QString, expected);
    const int row = int(m_demoLabels.indexOf(expected));
    QVERIFY(row >= 0);
    MainWindow window;
    QVERIFY(load(window, {}));
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* edit = window.findChild<QLineEdit*>("searchEdit");
    QTest::keyClicks(edit, query);
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(window.pointView()->selection(), std::vector<int>{row});
    QCOMPARE(window.inspector()->row(), long(row));
    // The count is that of every match, not only of the first.
    QCOMPARE(window.labelModel()->matchCount(), int(matchesOf(query).size()));
}

QTEST_MAIN(TestSearchDock)
#include "test_search_dock.moc"
