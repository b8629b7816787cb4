// Memory limits: a matrix or an index larger than the memory left is refused before it is
// allocated, with what it needs, what is available and what to do; VECSPACE_MEMORY_LIMIT sets
// the ceiling (the fault-injection hook these tests use). Sizes worked by hand: GloVe top2717 is
// 2,717 x 100 float32 = 1,086,800 bytes, half that in bfloat16.
#include "test_support.h"
#include "vecspace/base/memory_budget.h"
#include "vecspace/compare/comparison.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/knn_graph.h"
#include "vecspace/layout/tsne.h"
#include "vecspace/layout/umap.h"
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
    void layoutsAndComparisonRefused();
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

void TestMemoryBudget::layoutsAndComparisonRefused() {
    // Each job is refused before its first large allocation, with the size worked out here
    // from what it allocates (2,717 rows x 100 dims).
    const EmbeddingSet set = loadEmbeddings(testsupport::dataPath("glove.6B.100d.top2717.txt"));
    const auto refused = [](const std::function<void()>& job, qulonglong needed,
                            const QString& what) -> QString {
        try {
            job();
            return "ran past the limit: " + what;
        } catch (const InsufficientMemory& e) {
            if (e.needed() != needed)
                return QString("%1: needed %2, not %3").arg(what).arg(e.needed()).arg(needed);
            if (!QString(e.what()).startsWith(what + " needs")) return e.what();
            if (!QString(e.what()).contains("--limit N")) return e.what();
            return {};
        }
    };
    qputenv("VECSPACE_MEMORY_LIMIT", "200K");
    // 15 neighbours a row, an id and a distance each (2,717 x 15 x 8), and the exact search's
    // own: 2k + 8 candidate slots of 8 bytes, a size and a bar, the k results of 8 bytes, the
    // packed copy of the 100 dims, and a copy in the similarity order with the order and its
    // inverse.
    QString problem = refused([&] { computeKnnGraph(set.vectors, {}); },
                              2717ull * (15 * 8 + 15 * 24 + 80 + 100 * 8),
                              "a 15-nearest-neighbour graph of 2717 rows");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    qputenv("VECSPACE_MEMORY_LIMIT", "1M");
    // t-SNE (no PCA reduction by default): 3 x 30 = 90 neighbours both ways, an id and a
    // value each, and six 2-D vectors of the optimiser.
    problem = refused([&] { computeTsne(set.vectors, {}); }, 2717ull * (90 * 2 * 8 + 2 * 4 * 6),
                      "t-SNE of 2717 rows");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Renumbering rows (by default from 32,768 rows on) keeps a second copy of P.
    TsneOptions renumbered;
    renumbered.localityMinRows = 1000;
    problem = refused([&] { computeTsne(set.vectors, renumbered); },
                      2717ull * (2 * 90 * 2 * 8 + 2 * 4 * 6), "t-SNE of 2717 rows");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // UMAP, on 4 of the dims: its 14-neighbour graph fits (2,717 x (14 x 32 + 80 + 32) =
    // 1,521,520 bytes with the exact search's own); the fuzzy graph does not.
    qputenv("VECSPACE_MEMORY_LIMIT", "1500K");
    const RowMatrix narrow = set.vectors.leftCols(4);
    problem = refused([&] { computeUmap(narrow, UmapOptions{}); }, 2717ull * (15 * 2 * 20 + 2 * 8),
                      "UMAP of 2717 rows");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // A set against itself: 2,717 shared labels, 100 + 100 dims, k 10 both ways, and the
    // neighbour search's own (three copies of 100 dims, the order and its inverse, 2k + 8 slots,
    // a size, a bar, k results).
    problem = refused([&] { compareSets(set, set, {}); },
                      2717ull * ((100 + 100) * 4 + 10 * 2 * 8 + 64 + 100 * 12 + 10 * 24 + 80),
                      "comparing 2717 shared labels at k 10");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    qunsetenv("VECSPACE_MEMORY_LIMIT");
    QCOMPARE(compareSets(set, set, {}).size(), std::size_t(2717)); // fits without the ceiling
}

QTEST_APPLESS_MAIN(TestMemoryBudget)
#include "test_memory_budget.moc"
