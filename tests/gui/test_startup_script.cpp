// The scriptable start-up, `vecspace FILE [--projection M] [--dims N] [--select LABEL]
// [--analogy EXPR] [--screenshot OUT.png]`: as a process (exit codes, the PNG, messages), and in
// the window itself (what is selected, labelled and drawn when the script is done).
#include "inspector_panel.h"
#include "main_window.h"
#include "point_view.h"
#include "reference_data.h"
#include "startup_script.h"
#include "test_support.h"
#include "vecspace/semantic/similarity_index.h"

#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>

namespace {

const char* const kDigits = "digits/digits.tsv"; // 1,797 rows x 64, labels like "5_5"
const char* const kGlove = "glove.6B.100d.top2717.txt";
const QRgb kDarkBackground = 0x16181d; // ViewTheme::dark(), written out here

// Output as text: the checks below read messages.
struct GuiRun {
    int exitCode = -1; // -1: did not finish in time; -2: crashed
    QString out, err;
};

GuiRun runGui(const QStringList& args, int timeoutMs = 120000) {
    const testsupport::CliRun run = testsupport::runGui(args, timeoutMs);
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

// The view is where the theme's background is: the box around those pixels. Returns how many
// background pixels there are and how many others (points, labels) lie inside that box.
std::pair<int, int> viewAreaPixels(const QImage& image) {
    int background = 0;
    QRect box;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if ((image.pixel(x, y) & 0xffffff) == kDarkBackground) {
                ++background;
                box |= QRect(x, y, 1, 1);
            }
    int ink = 0;
    for (int y = box.top(); y <= box.bottom() && background > 0; ++y)
        for (int x = box.left(); x <= box.right(); ++x)
            ink += (image.pixel(x, y) & 0xffffff) != kDarkBackground;
    return {background, ink};
}

// gensim's most_similar arguments as an expression: positives added, negatives subtracted,
// [word, weight] pairs as coefficients.
QString expressionOf(const QJsonObject& query) {
    QStringList parts;
    auto term = [](const QJsonValue& value) {
        if (!value.isArray()) return value.toString();
        const QJsonArray pair = value.toArray();
        return QStringLiteral("%1*%2").arg(pair[1].toDouble()).arg(pair[0].toString());
    };
    for (const QJsonValue& value : query["positive"].toArray())
        parts << (parts.isEmpty() ? term(value) : QStringLiteral("+ ") + term(value));
    for (const QJsonValue& value : query["negative"].toArray())
        parts << QStringLiteral("- ") + term(value);
    return parts.join(' ');
}

// Whether the row's point lies inside the view, from the camera's matrices.
bool inView(const PointView& view, int row) {
    const float* p = &view.positions()[std::size_t(row) * 3];
    const Camera& camera = view.camera();
    const QVector4D clip = camera.projectionMatrix(float(view.width()) / float(view.height())) *
                           camera.viewMatrix() * camera.modelMatrix() *
                           QVector4D(p[0], p[1], p[2], 1.0f);
    if (clip.w() <= 0.0f) return false;
    const QVector3D ndc = clip.toVector3DAffine();
    return std::abs(ndc.x()) <= 1.0f && std::abs(ndc.y()) <= 1.0f;
}

} // namespace

class TestStartupScript : public QObject {
    Q_OBJECT

public:
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void screenshotIsFullWindow_data();
    void screenshotIsFullWindow();
    void dataErrorsExit1_data();
    void dataErrorsExit1();
    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void selectShowsRowAndNeighbours();
    void analogySelectsGensimAnswer_data();
    void analogySelectsGensimAnswer();

private:
    struct Outcome {
        bool finished = false;
        bool ok = false;
        QString message;
    };
    Outcome runInWindow(MainWindow& window, const StartupScript::Options& options,
                        const char* file);
};

void TestStartupScript::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(QFileInfo::exists(QStringLiteral(VECSPACE_GUI_PATH)));
}

TestStartupScript::Outcome TestStartupScript::runInWindow(MainWindow& window,
                                                          const StartupScript::Options& options,
                                                          const char* file) {
    window.setScreenshotMode(true);
    window.resize(1000, 700);
    window.show();
    StartupScript script(window.parts(), options);
    QSignalSpy finished(&script, &StartupScript::finished);
    script.start();
    window.openFile(testsupport::data(file));
    Outcome outcome;
    outcome.finished = finished.wait(120000);
    if (outcome.finished) {
        outcome.ok = finished.front().at(0).toBool();
        outcome.message = finished.front().at(1).toString();
    }
    return outcome;
}

void TestStartupScript::screenshotIsFullWindow_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QSize>("size");
    QTest::newRow("overview") << kDigits << QStringList{} << QSize(900, 600);
    QTest::newRow("pca 3D") << kDigits << QStringList{"--projection", "pca", "--dims", "3"}
                            << QSize(1000, 700);
    QTest::newRow("pca 2D") << kDigits << QStringList{"--projection", "pca", "--dims", "2"}
                            << QSize(800, 640);
    QTest::newRow("dims alone") << kDigits << QStringList{"--dims", "2"} << QSize(800, 600);
    QTest::newRow("tsne 2D") << kDigits << QStringList{"--projection", "tsne", "--dims", "2"}
                             << QSize(1024, 768);
    QTest::newRow("umap 3D") << kDigits << QStringList{"--projection", "umap", "--dims", "3"}
                             << QSize(960, 640);
    QTest::newRow("select") << kDigits << QStringList{"--select", "5_5"} << QSize(900, 700);
    QTest::newRow("analogy") << kGlove << QStringList{"--analogy", "king - man + woman"}
                             << QSize(1100, 700);
}

void TestStartupScript::screenshotIsFullWindow() {
    QFETCH(QString, file);
    QFETCH(QStringList, args);
    QFETCH(QSize, size);
    QTemporaryDir dir;
    const QString png = dir.filePath("shot.png");
    const GuiRun run =
        runGui(QStringList{testsupport::data(file.toUtf8().constData()), "--screenshot", png,
                           "--size", QStringLiteral("%1x%2").arg(size.width()).arg(size.height())} +
               args);
    QVERIFY2(run.exitCode == 0,
             qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    QCOMPARE(run.out.trimmed(), png);
    const QImage image(png);
    QCOMPARE(image.size(), size);
    const auto [background, ink] = viewAreaPixels(image);
    // The view takes a good part of the window, and points are drawn in it.
    QVERIFY2(background > size.width() * size.height() / 10,
             qPrintable(QString::number(background)));
    QVERIFY2(ink > 1000, qPrintable(QString::number(ink)));
}

void TestStartupScript::dataErrorsExit1_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected"); // in the message on stderr
    QTest::newRow("unknown select")
        << kDigits << QStringList{"--select", "no_such_row"} << "no_such_row";
    QTest::newRow("analogy syntax")
        << kGlove << QStringList{"--analogy", "king - (man"} << "column";
    QTest::newRow("analogy unknown word")
        << kGlove << QStringList{"--analogy", "king - man + qqzzqq"} << "qqzzqq";
    QTest::newRow("unwritable picture") << kDigits << QStringList{} << "cannot write";
    QTest::newRow("missing file") << "no-such-file.txt" << QStringList{} << "no-such-file.txt";
    // A layout the data cannot have: three principal components of two-dimensional vectors.
    QTest::newRow("projection error")
        << "2d" << QStringList{"--projection", "pca", "--dims", "3"} << "layout failed";
}

void TestStartupScript::dataErrorsExit1() {
    QFETCH(QString, file);
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QString path = testsupport::data(file.toUtf8().constData());
    if (file == "2d")
        path = QString::fromStdString(
            testsupport::writeFile(dir.path(), "flat.txt", "a 1 2\nb 3 5\nc 4 1\nd 0 7\ne 2 2\n"));
    QString png = dir.filePath("shot.png");
    if (expected == "cannot write") png = dir.filePath("no-such-dir/shot.png");
    const GuiRun run = runGui(QStringList{path, "--screenshot", png, "--size", "800x600"} + args);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(png));
}

void TestStartupScript::usageErrorsExit2_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("projection") << QStringList{"--projection", "pcx"};
    QTest::newRow("dims 4") << QStringList{"--dims", "4"};
    QTest::newRow("dims word") << QStringList{"--dims", "two"};
    QTest::newRow("empty select") << QStringList{"--select", ""};
    QTest::newRow("blank analogy") << QStringList{"--analogy", "  "};
    QTest::newRow("empty color-by") << QStringList{"--color-by", ""};
    QTest::newRow("select and analogy") << QStringList{"--select", "a", "--analogy", "a - b"};
    QTest::newRow("size") << QStringList{"--size", "0x600"};
    QTest::newRow("unknown option") << QStringList{"--colour-by", "x"};
    QTest::newRow("missing value") << QStringList{"--projection"};
}

void TestStartupScript::usageErrorsExit2() {
    QFETCH(QStringList, args);
    QTemporaryDir dir;
    const QString png = dir.filePath("shot.png");
    const GuiRun run =
        runGui(QStringList{testsupport::data(kDigits), "--screenshot", png} + args, 30000);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("vecspace"), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(png));
}

// --select: the row is the selection and the Inspector's, its neighbours (the core's, computed
// here) are lit, ringed and labelled whatever the clutter, the rest dimmed, the camera frames
// them all, and the picture holds every point.
void TestStartupScript::selectShowsRowAndNeighbours() {
    QTemporaryDir dir;
    StartupScript::Options options;
    options.select = "paris";
    options.screenshotPath = dir.filePath("select.png");
    MainWindow window;
    const Outcome outcome = runInWindow(window, options, kGlove);
    QVERIFY(outcome.finished);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));

    const long row = testsupport::rowOf(*window.dataset(), "paris");
    QCOMPARE(row, 1035L); // line 1036 of the file
    PointView* view = window.pointView();
    QCOMPARE(view->selection(), std::vector<int>{int(row)});
    QCOMPARE(window.inspector()->row(), row);

    const vecspace::SimilarityIndex index(*window.dataset());
    vecspace::NeighborOptions neighborOptions;
    neighborOptions.k = std::size_t(window.inspector()->k());
    const auto expected = index.nearestToRow(std::size_t(row), neighborOptions);
    QCOMPARE(window.inspector()->neighbors().size(), expected.size());
    const std::vector<int>& labelled = view->focusLabels();
    std::vector<int> lit{int(row)};
    for (const vecspace::Neighbor& neighbor : expected) {
        QVERIFY(std::find(labelled.begin(), labelled.end(), int(neighbor.row)) != labelled.end());
        QVERIFY(view->isNeighbor(int(neighbor.row)));
        QVERIFY(view->isHighlighted(int(neighbor.row)));
        lit.push_back(int(neighbor.row));
    }
    // Exactly those: every other point is neither ringed nor lit, and is dimmed.
    int neighbors = 0, highlighted = 0;
    for (int r = 0; r < view->pointCount(); ++r) {
        neighbors += view->isNeighbor(r);
        highlighted += view->isHighlighted(r);
    }
    QCOMPARE(neighbors, int(expected.size()));
    QCOMPARE(highlighted, int(expected.size()) + 1);
    QVERIFY(view->dimsOthers());

    // Framed: the point and all its neighbours on screen, and their labels shown.
    QVERIFY(!view->isAnimating());
    const Projection projection = view->projection();
    const QRectF screen(QPointF(0, 0), projection.viewport);
    for (int r : lit) {
        const float* xyz = &view->positions()[std::size_t(r) * 3];
        QPointF at;
        float depth = 0;
        QVERIFY(projection.toScreen(xyz, &at, &depth));
        QVERIFY2(screen.contains(at), qPrintable(QString::number(r)));
    }
    const std::vector<int> shown = view->shownLabelRows();
    for (int r : lit)
        QVERIFY2(std::find(shown.begin(), shown.end(), r) != shown.end(),
                 qPrintable(QString::fromStdString(window.dataset()->labels[std::size_t(r)])));

    // One full frame: every point, not the level-of-detail sample.
    QCOMPARE(view->lastDrawnCount(), view->pointCount());
    QCOMPARE(outcome.message, options.screenshotPath);
    QCOMPARE(QImage(options.screenshotPath).size(), window.size());
}

// Every most_similar query in the gensim reference on this file (restrict_vocab aside): the
// answer gensim ranks first is selected, the query's words and the answer are labelled, and the
// status bar says so.
void TestStartupScript::analogySelectsGensimAnswer_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("answer");
    const QJsonObject reference = testsupport::gensimReference("glove100");
    QCOMPARE(reference["file"].toString(), QString(kGlove));
    int rows = 0;
    QStringList seen;
    for (const QJsonValue& value : reference["most_similar"].toArray()) {
        const QJsonObject query = value.toObject();
        if (!query["restrict_vocab"].isNull()) continue;
        QStringList words;
        for (const char* side : {"positive", "negative"})
            for (const QJsonValue& word : query[side].toArray())
                words << (word.isArray() ? word.toArray()[0].toString() : word.toString());
        const QString expression = expressionOf(query);
        if (seen.contains(expression)) continue; // the same query with another topn
        seen << expression;
        QTest::newRow(qPrintable(expression))
            << expression << words << query["results"].toArray()[0].toArray()[0].toString();
        ++rows;
    }
    QVERIFY(rows >= 5);
}

void TestStartupScript::analogySelectsGensimAnswer() {
    QFETCH(QString, expression);
    QFETCH(QStringList, words);
    QFETCH(QString, answer);
    StartupScript::Options options;
    options.analogy = expression; // no screenshot: the window stays as the script left it
    MainWindow window;
    const Outcome outcome = runInWindow(window, options, kGlove);
    QVERIFY(outcome.finished);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));

    const long answerRow = testsupport::rowOf(*window.dataset(), answer.toStdString());
    QVERIFY(answerRow >= 0);
    PointView* view = window.pointView();
    QCOMPARE(view->selection(), std::vector<int>{int(answerRow)});
    QCOMPARE(window.inspector()->row(), answerRow);
    std::vector<int> expectedPinned;
    for (const QString& word : words)
        expectedPinned.push_back(int(testsupport::rowOf(*window.dataset(), word.toStdString())));
    expectedPinned.push_back(int(answerRow));
    // The words and the answer are labelled first (with the next answers after them).
    std::vector<int> pinned = view->pinnedLabels();
    for (int row : expectedPinned)
        QVERIFY(std::find(pinned.begin(), pinned.end(), row) != pinned.end());
    // The camera frames the answer and the query's words together.
    QVERIFY(!view->isAnimating());
    for (int row : pinned)
        QVERIFY2(inView(*view, row),
                 qPrintable(QString::fromStdString(window.dataset()->labels[std::size_t(row)])));
    const QString status = window.statusBar()->currentMessage();
    QVERIFY2(status.contains(QStringLiteral("→ %1 (").arg(answer)), qPrintable(status));
}

QTEST_MAIN(TestStartupScript)
#include "test_startup_script.moc"
