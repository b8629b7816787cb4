// The loader's own float parser (an inlined fast path in front of fast_float) must round every
// decimal exactly as glibc's strtof does (correctly rounded), including the cases near its
// fast-path limits.
#include "io/float_parse.h"

#include <QtTest>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

using vecspace::parseFloat;

class TestFloatParse : public QObject {
    Q_OBJECT

private slots:
    void matchesStrtof_data();
    void matchesStrtof();
    void randomDecimalsMatchStrtof();
    void negativePowerFastPathIsExhaustivelyExact();
    void stopsAtTheEndOfTheNumber_data();
    void stopsAtTheEndOfTheNumber();
    void readAheadMatchesStrtof_data();
    void readAheadMatchesStrtof();
};

void TestFloatParse::matchesStrtof_data() {
    QTest::addColumn<QByteArray>("text");
    for (const char* text : {"0",
                             "-0",
                             "1",
                             "-1",
                             "0.418",
                             "-0.038194",
                             "2.6336e-05",
                             "1e10",
                             "1e-10",
                             "1e11",
                             "1e-11",
                             "16777216",
                             "16777217",
                             "16777218",
                             "0.16777217",
                             "3.4028235e38",
                             "1.17549435e-38",
                             "1.4e-45",
                             "7.0514e-7",
                             "123456789012345678901234567890",
                             "0.000000000000000000000000000001",
                             ".5",
                             "5.",
                             "+3.25",
                             "1E5",
                             "0.1000000000000000055511151231257827",
                             "9999999.5",
                             "0.30000001192092896",
                             "4.9406564584124654e-324"})
        QTest::newRow(text) << QByteArray(text);
}

void TestFloatParse::matchesStrtof() {
    QFETCH(QByteArray, text);
    float value = -1;
    const char* end = parseFloat(text.constData(), text.constData() + text.size(), value);
    QVERIFY(end == text.constData() + text.size());
    const float expected = std::strtof(text.constData(), nullptr);
    QCOMPARE(std::memcmp(&value, &expected, sizeof value), 0); // bit-identical, sign of zero too
}

void TestFloatParse::randomDecimalsMatchStrtof() {
    std::mt19937_64 rng(20261122);
    std::uniform_int_distribution<int> digits(1, 12), exponent(-14, 14), kind(0, 3);
    std::uniform_int_distribution<std::uint64_t> mantissa(0, 999999999999ull);
    char text[96];
    for (int i = 0; i < 300000; ++i) {
        const std::uint64_t m =
            mantissa(rng) % static_cast<std::uint64_t>(std::pow(10, digits(rng)));
        const int e = exponent(rng);
        switch (kind(rng)) {
        case 0:
            std::snprintf(text, sizeof text, "%llue%d", static_cast<unsigned long long>(m), e);
            break;
        case 1:
            std::snprintf(text, sizeof text, "-0.%llu", static_cast<unsigned long long>(m));
            break;
        case 2:
            std::snprintf(text, sizeof text, "%.*f", digits(rng) % 8,
                          double(m) * std::pow(10.0, e));
            break;
        default:
            std::snprintf(text, sizeof text, "%.9g", double(m) * std::pow(10.0, e));
            break;
        }
        // Padding after the number lets the SWAR and 16-byte paths read ahead, as they do inside
        // a file: blanks, or the next value's digits, which must not be taken for this one's.
        const std::size_t length = std::strlen(text);
        std::memcpy(text + length, i % 2 == 0 ? "                    " : " 98765432109876543.21",
                    21);
        float value;
        const char* end = parseFloat(text, text + length, value, text + length + 20);
        QVERIFY2(end == text + length, text);
        const float expected = std::strtof(text, nullptr);
        if (std::memcmp(&value, &expected, sizeof value) != 0)
            QFAIL(qPrintable(QString("%1: got %2, strtof %3")
                                 .arg(text)
                                 .arg(double(value), 0, 'g', 9)
                                 .arg(double(expected), 0, 'g', 9)));
    }
}

void TestFloatParse::negativePowerFastPathIsExhaustivelyExact() {
    // The fast path computes w * 10^-k as float(double(w) * 1e-k). For every mantissa it takes
    // (w <= 2^24) and every k in 1..10 that must equal the correctly rounded quotient, which is
    // float(w) / 10^k: both operands exact, one IEEE rounding.
    static const float tens[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    static const double negative[] = {1e0,  1e-1, 1e-2, 1e-3, 1e-4, 1e-5,
                                      1e-6, 1e-7, 1e-8, 1e-9, 1e-10};
    long mismatches = 0;
    for (int k = 1; k <= 10; ++k)
        for (std::uint32_t w = 0; w <= (1u << 24); ++w) {
            const float exact = float(w) / tens[k];
            const float fast = float(double(w) * negative[k]);
            mismatches += std::memcmp(&exact, &fast, sizeof exact) != 0;
        }
    QCOMPARE(mismatches, 0L);
}

void TestFloatParse::stopsAtTheEndOfTheNumber_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("consumed"); // -1: no number
    QTest::newRow("space after") << QByteArray("0.25 1") << 4;
    QTest::newRow("comma after") << QByteArray("4,5") << 1;
    QTest::newRow("dangling exponent") << QByteArray("1e x") << 1;
    QTest::newRow("letters") << QByteArray("abc") << -1;
    QTest::newRow("lone minus") << QByteArray("- 1") << -1;
    QTest::newRow("double sign") << QByteArray("+-1") << -1;
    QTest::newRow("nan") << QByteArray("nan") << 3;
}

void TestFloatParse::stopsAtTheEndOfTheNumber() {
    QFETCH(QByteArray, text);
    QFETCH(int, consumed);
    float value;
    const char* end = parseFloat(text.constData(), text.constData() + text.size(), value);
    if (consumed < 0)
        QVERIFY(end == nullptr);
    else
        QCOMPARE(int(end - text.constData()), consumed);
}

void TestFloatParse::readAheadMatchesStrtof_data() {
    // Tokens at the edges of the 16-byte path, each followed by a blank and more digits.
    QTest::addColumn<QByteArray>("text");
    for (const char* text : {"1..2",
                             "5.",
                             ".5",
                             "-.5",
                             "-0.",
                             "-0",
                             "1.e5",
                             "123456789012345",
                             "1234567890123456",
                             "-12345678901234",
                             "-123456789012345",
                             "0.00000000001",
                             "0.0000000001",
                             "16777216.5",
                             "1677721.7",
                             "-0.00000016777216",
                             "12.5e3",
                             "1-2",
                             "99999999.99999",
                             "0.1.2.3"})
        QTest::newRow(text) << QByteArray(text);
}

void TestFloatParse::readAheadMatchesStrtof() {
    QFETCH(QByteArray, text);
    const QByteArray padded = text + " 1234567890123456789";
    const char* begin = padded.constData();
    float value = -1;
    const char* end = parseFloat(begin, begin + text.size(), value, begin + padded.size());
    char* expectedEnd = nullptr;
    const float expected = std::strtof(text.constData(), &expectedEnd);
    QCOMPARE(int(end - begin), int(expectedEnd - text.constData()));
    QCOMPARE(std::memcmp(&value, &expected, sizeof value), 0);
}

QTEST_GUILESS_MAIN(TestFloatParse)
#include "test_float_parse.moc"
