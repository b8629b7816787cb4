// Memory limits: a matrix or an index larger than the memory left is refused before it is
// allocated, with what it needs, what is available and what to do; VECSPACE_MEMORY_LIMIT sets
// the ceiling (the fault-injection hook these tests use). Sizes worked by hand: GloVe top2717 is
// 2,717 x 100 float32 = 1,086,800 bytes, half that in bfloat16.
#include "test_support.h"
#include "vecspace/base/memory_budget.h"
#include "vecspace/io/loader.h"
#include "vecspace/semantic/similarity_index.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QtTest>

using namespace vecspace;

class TestMemoryBudget : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { qunsetenv("VECSPACE_MEMORY_LIMIT"); }
    void limitVariable_data();
    void limitVariable();
    void systemFigures();
    void loadRefusedWithAdvice();
    void indexRefusedWithAdvice();
};

void TestMemoryBudget::limitVariable_data() {
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qulonglong>("bytes");
    QTest::newRow("bytes") << QByteArray("123456") << qulonglong(123456);
    QTest::newRow("K") << QByteArray("800K") << qulonglong(800 * 1024);
    QTest::newRow("M") << QByteArray("1.5M") << qulonglong(1.5 * 1024 * 1024);
    QTest::newRow("G") << QByteArray("2G") << qulonglong(2) * 1024 * 1024 * 1024;
}

void TestMemoryBudget::limitVariable() {
    QFETCH(QByteArray, value);
    QFETCH(qulonglong, bytes);
    qputenv("VECSPACE_MEMORY_LIMIT", value);
    const auto available = availableMemory();
    QVERIFY(available);
    QCOMPARE(qulonglong(available->bytes), bytes);
    QCOMPARE(available->source, std::string("VECSPACE_MEMORY_LIMIT"));
}

void TestMemoryBudget::systemFigures() {
    // Without the variable: no more than /proc/meminfo's MemAvailable, read here directly.
    QFile meminfo("/proc/meminfo");
    QVERIFY(meminfo.open(QIODevice::ReadOnly));
    qulonglong memAvailable = 0;
    for (const QByteArray& line : meminfo.readAll().split('\n'))
        if (line.startsWith("MemAvailable:"))
            memAvailable = line.simplified().split(' ')[1].toULongLong() * 1024;
    QVERIFY(memAvailable > 0);
    const auto available = availableMemory();
    QVERIFY(available);
    // The figure moves as other processes run: within 10 % above, any amount below (cgroup).
    QVERIFY(available->bytes <= memAvailable * 11 / 10);
    QVERIFY(available->bytes > 0);
    requireMemory(1 << 20, "a small thing", ""); // one megabyte is always there
}

void TestMemoryBudget::loadRefusedWithAdvice() {
    const std::string glove = testsupport::dataPath("glove.6B.100d.top2717.txt");
    qputenv("VECSPACE_MEMORY_LIMIT", "200K");
    try {
        loadEmbeddings(glove);
        QFAIL("loaded past the limit");
    } catch (const InsufficientMemory& e) {
        QCOMPARE(qulonglong(e.needed()), qulonglong(2717 * 100 * 4));
        QCOMPARE(qulonglong(e.available()), qulonglong(200 * 1024));
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith("a 2717 x 100 float32 matrix needs 1 MB; 205 KB is available "
                                    "(VECSPACE_MEMORY_LIMIT). Load the first rows with --limit N "
                                    "(about 409 fit)"),
                 qPrintable(message));
    }
    LoadOptions options;
    options.limit = 400; // 160,000 bytes
    QCOMPARE(loadEmbeddings(glove, options).rows(), std::size_t(400));

    // The command line says the same and exits 1.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("VECSPACE_MEMORY_LIMIT", "200K");
    const auto run =
        testsupport::runCli({"info", QString::fromStdString(glove), "--quiet"}, 60000, env);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("needs 1 MB; 205 KB is available (VECSPACE_MEMORY_LIMIT)"),
             run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestMemoryBudget::indexRefusedWithAdvice() {
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    qputenv("VECSPACE_MEMORY_LIMIT", "800K");
    try {
        SimilarityIndex index(set, {IndexStorage::Float32, 0});
        QFAIL("built past the limit");
    } catch (const InsufficientMemory& e) {
        QVERIFY2(QString(e.what()).contains("the neighbour index needs 1 MB; 819 KB is available "
                                            "(VECSPACE_MEMORY_LIMIT). --index-storage bfloat16"),
                 e.what());
    }
    // The advice works: bfloat16 rows take 543,400 bytes.
    const SimilarityIndex half(set, {IndexStorage::BFloat16, 0});
    QCOMPARE(half.unitRows().kind(), UnitRows::Kind::BFloat16);
}

QTEST_APPLESS_MAIN(TestMemoryBudget)
#include "test_memory_budget.moc"
