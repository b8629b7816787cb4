// The analogy expression language: precedence, coefficients, quoting, avg(), and errors that
// point at the right column. Expected weights are worked out by hand.
#include "vecspace/semantic/expression.h"

#include <QtTest>

using vecspace::ExpressionError;
using vecspace::parseExpression;

namespace {

// "label:weight label:weight ..." in order of first appearance.
QString describe(const std::vector<vecspace::ExpressionTerm>& terms) {
    QStringList parts;
    for (const auto& term : terms)
        parts << QString::fromStdString(term.label) + ":" + QString::number(term.weight);
    return parts.join(' ');
}

} // namespace

class TestExpression : public QObject {
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void columns_data();
    void columns();
    void rejects_data();
    void rejects();
};

void TestExpression::parses_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("terms");
    QTest::newRow("analogy") << "king - man + woman"
                             << "king:1 man:-1 woman:1";
    QTest::newRow("no spaces") << "king-man+woman"
                               << "king:1 man:-1 woman:1";
    QTest::newRow("weights") << "0.5*paris + 0.5*london"
                             << "paris:0.5 london:0.5";
    QTest::newRow("weight after") << "paris*2 - rome/4"
                                  << "paris:2 rome:-0.25";
    QTest::newRow("precedence") << "a + 2*b - c/2"
                                << "a:1 b:2 c:-0.5";
    QTest::newRow("parentheses") << "2*(a - b) + c"
                                 << "a:2 b:-2 c:1";
    QTest::newRow("nested") << "-(a - (b - c))"
                            << "a:-1 b:1 c:-1";
    QTest::newRow("avg") << "avg(a, b, c, d)"
                         << "a:0.25 b:0.25 c:0.25 d:0.25";
    QTest::newRow("avg of sums") << "avg(a + b, c) - d"
                                 << "a:0.5 b:0.5 c:0.5 d:-1";
    QTest::newRow("merged") << "a + b + a"
                            << "a:2 b:1";
    QTest::newRow("double quotes") << "\"new york\" - \"-\""
                                   << "new york:1 -:-1";
    QTest::newRow("single quotes") << "\"'s\" - 'x y'"
                                   << "'s:1 x y:-1";
    QTest::newRow("escaped quote") << "\"say \\\"hi\\\"\""
                                   << "say \"hi\":1";
    QTest::newRow("number as label") << "2008 - 2007 + war"
                                     << "2008:1 2007:-1 war:1";
    QTest::newRow("scientific coefficient") << "1e-1*a + 2.5E+1*b"
                                            << "a:0.1 b:25";
    QTest::newRow("unicode") << "москва - россия + франция"
                             << "москва:1 россия:-1 франция:1";
    QTest::newRow("avg as a label") << "avg + king"
                                    << "avg:1 king:1";
    QTest::newRow("labels with dots") << "u.s. - washington"
                                      << "u.s.:1 washington:-1";
}

void TestExpression::parses() {
    QFETCH(QString, text);
    QFETCH(QString, terms);
    QCOMPARE(describe(parseExpression(text.toStdString())), terms);
}

void TestExpression::columns_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("columns");
    QTest::newRow("ascii") << "king - man + woman" << QStringList{"1", "8", "14"};
    QTest::newRow("after non-ascii")
        << "é - ü + x" << QStringList{"1", "5", "9"}; // characters, not bytes
}

void TestExpression::columns() {
    QFETCH(QString, text);
    QFETCH(QStringList, columns);
    const auto terms = parseExpression(text.toStdString());
    QStringList got;
    for (const auto& term : terms)
        got << QString::number(term.column);
    QCOMPARE(got, columns);
}

void TestExpression::rejects_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << "" << 1 << "found the end";
    QTest::newRow("dangling operator") << "king -" << 7 << "found the end";
    QTest::newRow("unclosed parenthesis") << "(a + b" << 7 << "expected ')'";
    QTest::newRow("stray parenthesis") << "a + b)" << 6 << "expected an operator or the end";
    QTest::newRow("two operators") << "a + * b" << 5 << "found '*'";
    QTest::newRow("product of vectors") << "a * b" << 3 << "cannot multiply two vectors";
    QTest::newRow("number plus vector") << "2 * 3 + a" << 7 << "number and a vector";
    QTest::newRow("divide by vector") << "a / b" << 3 << "divide by a number";
    QTest::newRow("divide by zero") << "a / 0" << 3 << "division by zero";
    QTest::newRow("unclosed quote") << "a + \"new york" << 5 << "unclosed quote";
    QTest::newRow("bare 's opens a quote") << "'s + a" << 1 << "unclosed quote '";
    QTest::newRow("only a number") << "3 * 4" << 1 << "needs at least one label";
    QTest::newRow("cancels out") << "a - a" << 1 << "cancel out";
    QTest::newRow("missing avg argument") << "avg(a,)" << 7 << "found ')'";
    QTest::newRow("juxtaposed labels") << "new york" << 5 << "found 'york'";
}

void TestExpression::rejects() {
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(QString, message);
    try {
        parseExpression(text.toStdString());
        QFAIL("expected an ExpressionError");
    } catch (const ExpressionError& e) {
        QVERIFY2(QString(e.what()).contains(message), e.what());
        QCOMPARE(int(e.column()), column);
    }
}

QTEST_GUILESS_MAIN(TestExpression)
#include "test_expression.moc"
