// vecspace-cli project as a user runs it: the coordinates file (label, x, y[, z] in input
// order), the JSON report, PCA values against numpy, seeded runs that repeat exactly, layouts
// that keep sklearn's digit classes apart, and usage errors that exit 2.
#include "test_support.h"
#include "vecspace/io/loader.h"
#include "vecspace/layout/layout_quality.h"
#include "vecspace/layout/tsne.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>

using testsupport::dataPath;

namespace {

using Run = testsupport::CliRun;
using testsupport::data;

// Layouts of a few thousand rows take seconds; allow for a loaded CI machine.
Run runCli(const QStringList& args) {
    return testsupport::runCli(args, 240000);
}

struct Coordinates {
    QStringList labels;
    vecspace::RowMatrix values;
};

// Parses the TSV independently of the CLI's writer; every line must have 1 + dims fields.
Coordinates readCoordinates(const QString& path, int dims) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    Coordinates c;
    c.values.resize(lines.size(), dims);
    for (int i = 0; i < lines.size(); ++i) {
        const QStringList fields = lines[i].split('\t');
        if (fields.size() != dims + 1) return {};
        c.labels << fields[0];
        for (int d = 0; d < dims; ++d)
            c.values(i, d) = fields[d + 1].toFloat();
    }
    return c;
}

QJsonObject pcaReference() {
    QFile file(data("reference/numpy_pca.json"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object()["cases"].toObject()["plain"].toObject();
}

} // namespace

class TestCliProject : public QObject {
    Q_OBJECT

private slots:
    void pcaMatchesNumpy_data();
    void pcaMatchesNumpy();
    void layoutsKeepDigitClasses_data();
    void layoutsKeepDigitClasses();
    void sameSeedSameFile();
    void degreesOfFreedomReachTheLayout();
    void forceLawReachesTheLayout();
    void densityClustersOfALayout();
    void badLayoutFileExitsOne();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();

private:
    QTemporaryDir m_dir;
};

void TestCliProject::pcaMatchesNumpy_data() {
    QTest::addColumn<QString>("components");  // as the user types them, 1-based
    QTest::addColumn<QList<int>>("expected"); // 0-based columns of numpy's result
    QTest::newRow("default: 1,2,3") << QString() << QList<int>{0, 1, 2};
    QTest::newRow("--components 3,1") << QString("3,1") << QList<int>{2, 0};
    QTest::newRow("--components 2,5,4") << QString("2,5,4") << QList<int>{1, 4, 3};
}

void TestCliProject::pcaMatchesNumpy() {
    QFETCH(QString, components);
    QFETCH(QList<int>, expected);
    const int dims = int(expected.size());
    const QString out = m_dir.path() + "/pca.tsv";
    QStringList args{"project",  data("glove.6B.100d.top2717.txt"),
                     "--method", "pca",
                     "--dims",   QString::number(dims),
                     "--out",    out,
                     "--json"};
    if (!components.isEmpty()) args << "--components" << components;
    const Run run = runCli(args);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    const QJsonObject reference = pcaReference();
    QVERIFY(!reference.isEmpty());
    QCOMPARE(json["method"].toString(), QString("pca"));
    QCOMPARE(json["rows"].toInt(), 2717);
    const QJsonArray ratio = json["explained_variance_ratio"].toArray();
    QCOMPARE(ratio.size(), dims);
    for (int i = 0; i < dims; ++i)
        QVERIFY(std::abs(ratio[i].toDouble() -
                         reference["explained_variance_ratio"][expected[i]].toDouble()) < 1e-6);
    QVERIFY(json.contains("knn_preservation"));

    const Coordinates c = readCoordinates(out, dims);
    QCOMPARE(c.labels.size(), 2717);
    QCOMPARE(c.labels.first(), QString("the")); // input order
    const QJsonObject rows = reference["coordinates"].toObject();
    for (const QString& row : rows.keys())
        for (int i = 0; i < dims; ++i)
            QVERIFY2(std::abs(c.values(row.toInt(), i) -
                              rows[row].toArray()[expected[i]].toDouble()) < 1e-5,
                     qPrintable("row " + row));
}

void TestCliProject::layoutsKeepDigitClasses_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("dims");
    QTest::newRow("t-SNE 2D") << "tsne" << 2;
    QTest::newRow("t-SNE 3D") << "tsne" << 3;
    QTest::newRow("UMAP 2D") << "umap" << 2;
    QTest::newRow("UMAP 3D") << "umap" << 3;
}

// sklearn's digits: 1,797 images of 10 classes, which good layouts keep as islands. The classes
// come from the metadata file, not from anything the CLI reports.
void TestCliProject::layoutsKeepDigitClasses() {
    QFETCH(QString, method);
    QFETCH(int, dims);
    const QString out = m_dir.path() + "/digits.tsv";
    const Run run = runCli({"project", data("digits/digits.tsv"), "--method", method, "--dims",
                            QString::number(dims), "--seed", "3", "--out", out, "--json"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["dims"].toInt(), dims);
    QVERIFY(json["iterations"].toInt() > 0);
    QCOMPARE(json.contains("kl_divergence"), method == "tsne");
    QVERIFY(!json.contains("explained_variance"));

    const Coordinates c = readCoordinates(out, dims);
    const auto digits = vecspace::loadEmbeddings(dataPath("digits/digits.tsv"));
    QCOMPARE(c.labels.size(), qsizetype(digits.rows()));
    for (std::size_t i = 0; i < digits.rows(); ++i)
        QCOMPARE(c.labels[qsizetype(i)], QString::fromStdString(digits.labels[i]));
    const auto* digit = digits.findMetadata("digit");
    QVERIFY(digit);
    vecspace::LayoutQualityOptions all;
    all.sample = 0;
    const double agreement = vecspace::labelAgreement(c.values, digit->values, all);
    QVERIFY2(agreement >= 0.9, qPrintable(QString::number(agreement)));
    // The reported preservation is the layout's, measured on every row (1,797 < the sample).
    const double preservation = vecspace::knnPreservation(digits.vectors, c.values, all);
    QVERIFY(std::abs(json["knn_preservation"].toDouble() - preservation) < 1e-4);
}

void TestCliProject::sameSeedSameFile() {
    QByteArray files[3];
    const char* seeds[3] = {"7", "7", "8"};
    for (int i = 0; i < 3; ++i) {
        const QString out = m_dir.path() + QString("/seeded%1.tsv").arg(i);
        const Run run = runCli({"project", data("glove.6B.50d.top9163.txt"), "--limit", "1200",
                                "--method", "tsne", "--iterations", "300", "--seed", seeds[i],
                                "--init", "random", "--out", out, "--no-quality", "--quiet"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        files[i] = file.readAll();
    }
    QCOMPARE(files[0], files[1]);
    QVERIFY(files[0] != files[2]);
}

// --dof reaches the kernel: reported back, a different layout for another value, the same file
// for the default's own value as for none.
void TestCliProject::degreesOfFreedomReachTheLayout() {
    QByteArray files[3];
    double reported[3] = {};
    const QString dof[3] = {"", QString::number(vecspace::kTsneDefaultDegreesOfFreedom2D), "0.5"};
    for (int i = 0; i < 3; ++i) {
        const QString out = m_dir.path() + QString("/dof%1.tsv").arg(i);
        QStringList args{"project", data("glove.6B.50d.top9163.txt"), "--out", out, "--json"};
        args += QStringList{"--limit", "1000",   "--method", "tsne",         "--iterations",
                            "300",     "--seed", "3",        "--no-quality", "--quiet"};
        if (!dof[i].isEmpty()) args << "--dof" << dof[i];
        const Run run = runCli(args);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        reported[i] = QJsonDocument::fromJson(run.out).object()["dof"].toDouble();
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        files[i] = file.readAll();
    }
    QCOMPARE(reported[0], vecspace::kTsneDefaultDegreesOfFreedom2D);
    QCOMPARE(reported[1], vecspace::kTsneDefaultDegreesOfFreedom2D);
    QCOMPARE(reported[2], 0.5);
    QCOMPARE(files[0], files[1]);
    QVERIFY(files[0] != files[2]);
}

// --force-law reaches the optimiser: reported back, sklearn's law a different layout where the
// kernel is not Cauchy's, the default's own law the same file as none.
void TestCliProject::forceLawReachesTheLayout() {
    QByteArray files[3];
    QString reported[3];
    const auto ownLaw = vecspace::kTsneDefaultForceLaw3D == vecspace::TsneForceLaw::KernelWeighted
                            ? QString("sklearn")
                            : QString("kl");
    const QString law[3] = {"", ownLaw, ownLaw == "kl" ? "sklearn" : "kl"};
    for (int i = 0; i < 3; ++i) {
        const QString out = m_dir.path() + QString("/law%1.tsv").arg(i);
        QStringList args{"project", data("glove.6B.50d.top9163.txt"), "--out", out, "--json"};
        args += QStringList{"--limit", "600",          "--method", "tsne",        "--dims",
                            "3",       "--seed",       "3",        "--dof",       "1.5",
                            "--quiet", "--iterations", "200",      "--no-quality"};
        if (!law[i].isEmpty()) args << "--force-law" << law[i];
        const Run run = runCli(args);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        reported[i] = QJsonDocument::fromJson(run.out).object()["force_law"].toString();
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        files[i] = file.readAll();
    }
    QCOMPARE(reported[0], ownLaw);
    QCOMPARE(reported[1], ownLaw);
    QCOMPARE(reported[2], law[2]);
    QCOMPARE(files[0], files[1]);
    QVERIFY(files[0] != files[2]);
}

// HDBSCAN on a UMAP layout of the digits: each cluster found should be mostly one digit (the
// classes come from the metadata file), and every row gets a line in input order.
void TestCliProject::densityClustersOfALayout() {
    const QString layout = m_dir.path() + "/digits-umap.tsv";
    const QString out = m_dir.path() + "/digits-clusters.tsv";
    Run run = runCli({"project", data("digits/digits.tsv"), "--method", "umap", "--seed", "1",
                      "--out", layout, "--no-quality", "--quiet"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = runCli({"cluster", data("digits/digits.tsv"), "--layout", layout, "--min-cluster-size",
                  "20", "--out", out, "--json", "--quiet"});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["method"].toString(), QString("hdbscan"));
    const int found = json["clusters_found"].toInt();
    QVERIFY2(found >= 8 && found <= 30, qPrintable(QString::number(found)));

    const auto digits = vecspace::loadEmbeddings(dataPath("digits/digits.tsv"));
    const auto* digit = digits.findMetadata("digit");
    QVERIFY(digit);
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), qsizetype(digits.rows() + 1));
    QCOMPARE(lines[0], QString("label\tcluster\tname"));
    std::map<int, std::map<std::string, int>> counts; // cluster -> digit -> rows
    int noise = 0;
    for (std::size_t i = 0; i < digits.rows(); ++i) {
        const QStringList fields = lines[qsizetype(i) + 1].split('\t');
        QCOMPARE(fields.size(), 3);
        QCOMPARE(fields[0], QString::fromStdString(digits.labels[i]));
        const int cluster = fields[1].toInt();
        if (cluster < 0) {
            ++noise;
            QCOMPARE(fields[2], QString("noise"));
            continue;
        }
        ++counts[cluster][digit->values[i]];
    }
    QCOMPARE(noise, json["noise"].toInt());
    int majority = 0, clustered = 0;
    for (const auto& [cluster, byDigit] : counts) {
        int best = 0;
        for (const auto& [d, n] : byDigit) {
            best = std::max(best, n);
            clustered += n;
        }
        majority += best;
    }
    const double purity = double(majority) / clustered;
    QVERIFY2(purity >= 0.85, qPrintable(QString::number(purity)));
}

void TestCliProject::badLayoutFileExitsOne() {
    const QString layout = m_dir.path() + "/bad-layout.tsv";
    QFile file(layout);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("0_0\t1.5\t2\n1_1\t3\tnot-a-number\n");
    file.close();
    const Run run = runCli({"cluster", data("digits/digits.tsv"), "--layout", layout, "--out",
                            m_dir.path() + "/never.tsv"});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("bad-layout.tsv:2: expected a number, found 'not-a-number'"),
             run.err.constData());
    QVERIFY(!QFile::exists(m_dir.path() + "/never.tsv"));
}

void TestCliProject::usageErrorsExitTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString glove = data("glove.6B.100d.top2717.txt");
    const QStringList base{"project", glove, "--out", "/nonexistent/never.tsv"};
    QTest::newRow("no method") << base << "missing --method";
    QTest::newRow("bad method") << (base + QStringList{"--method", "mds"})
                                << "--method must be pca, tsne or umap";
    QTest::newRow("4 dims") << (base + QStringList{"--method", "pca", "--dims", "4"})
                            << "--dims must be 2 or 3";
    QTest::newRow("components vs dims")
        << (base + QStringList{"--method", "pca", "--dims", "3", "--components", "1,2"})
        << "names 2 components for --dims 3";
    QTest::newRow("component 0") << (base + QStringList{"--method", "pca", "--components", "0,1"})
                                 << "1-based";
    QTest::newRow("fft in 3D") << (base + QStringList{"--method", "tsne", "--dims", "3",
                                                      "--tsne-method", "fft"})
                               << "2D only";
    QTest::newRow("perplexity text")
        << (base + QStringList{"--method", "tsne", "--perplexity", "x"})
        << "--perplexity must be a number";
    QTest::newRow("dof for umap") << (base + QStringList{"--method", "umap", "--dof", "0.5"})
                                  << "--dof applies to --method tsne only";
    QTest::newRow("dof negative") << (base + QStringList{"--method", "tsne", "--dof", "-1"})
                                  << "--dof must be a number in [0";
    QTest::newRow("dof not a number")
        << (base + QStringList{"--method", "tsne", "--dof", "nan"}) << "--dof must be a number";
    QTest::newRow("force law for umap")
        << (base + QStringList{"--method", "umap", "--force-law", "sklearn"})
        << "--force-law applies to --method tsne only";
    QTest::newRow("force law unknown")
        << (base + QStringList{"--method", "tsne", "--force-law", "openTSNE"}) << "--force-law";
    QTest::newRow("sklearn's law with fft")
        << (base + QStringList{"--method", "tsne", "--force-law", "sklearn", "--dof", "1.5",
                               "--tsne-method", "fft"})
        << "--force-law sklearn needs --tsne-method exact or barnes-hut";
    QTest::newRow("exaggeration for umap")
        << (base + QStringList{"--method", "umap", "--exaggeration", "4"})
        << "--exaggeration applies to --method tsne only";
    QTest::newRow("exaggeration negative")
        << (base + QStringList{"--method", "tsne", "--exaggeration", "-2"})
        << "--exaggeration must be a number in [0";
    QTest::newRow("max step for pca")
        << (base + QStringList{"--method", "pca", "--max-step", "5"})
        << "--max-step applies to --method tsne only";
    QTest::newRow("max step negative")
        << (base + QStringList{"--method", "tsne", "--max-step", "-1"})
        << "--max-step must be a number in [0";
    QTest::newRow("neighbours too many")
        << (base + QStringList{"--method", "umap", "--neighbors", "5000"})
        << "must be below the number of rows";
    QTest::newRow("no out") << QStringList{"project", glove, "--method", "pca"} << "missing --out";
}

void TestCliProject::usageErrorsExitTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run run = runCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
}

QTEST_GUILESS_MAIN(TestCliProject)
#include "test_cli_project.moc"
