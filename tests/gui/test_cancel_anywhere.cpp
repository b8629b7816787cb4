// Cancel anywhere (issue 15): every kind of background job the window runs (a load, a layout, a
// clustering, a comparison, the benchmarks, an export) is cancelled from the status bar's one
// Cancel button and leaves what was there before; and closing the window while it runs ends
// promptly, with no result arriving afterwards and no file half-written.
#include "benchmark_dialog.h"
#include "color_controller.h"
#include "compare_controller.h"
#include "dataset.h"
#include "dock_test_support.h"
#include "export_actions.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "task_runner.h"
#include "test_support.h"
#include "workspace.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>
#include <memory>

using namespace docktest;

namespace {

// What a job may change, captured before it starts: cancelled, none of it may differ.
struct WindowState {
    int documents = 0;
    const Dataset* active = nullptr;
    vecspace::RowMatrix layout;
    std::vector<std::uint8_t> colors;
    QString colorBy;
    bool comparing = false;

    static WindowState of(MainWindow& window) {
        WindowState state;
        state.documents = window.workspace()->count();
        state.active = window.activeDocument();
        state.layout = state.active->layoutMatrix(3);
        state.colors = window.pointView()->colors();
        state.colorBy = window.colorBy();
        state.comparing = window.compare()->isActive();
        return state;
    }
    bool operator==(const WindowState& o) const {
        return documents == o.documents && active == o.active && layout == o.layout &&
               colors == o.colors && colorBy == o.colorBy && comparing == o.comparing;
    }
};

// The files a job reads or writes, made once.
struct Files {
    QTemporaryDir dir;
    QString exportPath() const { return dir.filePath("out/selection.tsv"); }
    QByteArray oldExport = "an earlier export\n";
};

// Starts one kind of job on a window showing the demo set; returns false when it did not start.
using StartFn = std::function<bool(MainWindow&, Files&)>;

bool startLoad(MainWindow& window, Files&) {
    window.openFile(testsupport::data("glove.6B.50d.top9163.txt"));
    return true;
}

bool startLayout(MainWindow& window, const char* name) {
    auto* method = window.findChild<QComboBox*>("projectionMethod");
    method->setCurrentIndex(method->findText(name));
    window.findChild<QPushButton*>("projectionRun")->click();
    return window.projection()->isRunning();
}

bool startTsne(MainWindow& window, Files&) {
    return startLayout(window, "t-SNE");
}

bool startUmap(MainWindow& window, Files&) {
    return startLayout(window, "UMAP");
}

bool startClusters(MainWindow& window, Files&) {
    return window.setColorBy("cluster") && window.colorController()->isRunning();
}

bool startCompareLoad(MainWindow& window, Files&) {
    window.compareWith(testsupport::data("glove.6B.100d.top2717.txt"));
    return true;
}

// The comparison itself: the second file is in, the neighbour lists are being compared.
bool startComparison(MainWindow& window, Files&) {
    window.compareWith(testsupport::data("glove.6B.100d.top2717.txt"));
    return QTest::qWaitFor([&] { return window.compare()->isRunning(); }, kWaitMs);
}

bool startBenchmarks(MainWindow& window, Files&) {
    BenchmarkDialog* dialog = window.showBenchmarks();
    dialog->setFiles(testsupport::data("questions-words.txt"),
                     {testsupport::data("wordsim353.tsv")});
    dialog->run();
    return dialog->isRunning();
}

bool startExport(MainWindow& window, Files& files) {
    std::vector<int> all(window.activeDocument()->rows());
    for (std::size_t row = 0; row < all.size(); ++row)
        all[row] = int(row);
    window.activeDocument()->setSelection(all);
    window.exporter()->exportSelection(files.exportPath());
    return true;
}

bool benchmarkResults(MainWindow& window) {
    auto* dialog = window.findChild<BenchmarkDialog*>();
    return dialog && (dialog->results().analogies || !dialog->results().similarity.empty());
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The export folder holds the old file, as it was, and nothing else (no temporary file); with
// `finishedAllowed`, a whole new export instead (vectors and metadata, a line per row) is fine.
QString exportFolderProblem(const Files& files, bool finishedAllowed, qsizetype rows) {
    QDir dir(files.dir.filePath("out"));
    const QStringList entries = dir.entryList(QDir::Files | QDir::Hidden | QDir::System);
    const QByteArray vectors = readAll(files.exportPath());
    if (entries == QStringList{"selection.tsv"} && vectors == files.oldExport) return {};
    const QByteArray metadata = readAll(dir.filePath("selection.metadata.tsv"));
    if (finishedAllowed && entries == QStringList{"selection.metadata.tsv", "selection.tsv"} &&
        vectors.count('\n') == rows && metadata.count('\n') == rows + 1)
        return {};
    return "files: " + entries.join(", ") + "; selection.tsv " + QString::number(vectors.size()) +
           " bytes";
}

} // namespace

Q_DECLARE_METATYPE(StartFn)

class TestCancelAnywhere : public QObject {
    Q_OBJECT

public:
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void init();
    void cancelLeavesThePreviousState_data();
    void cancelLeavesThePreviousState();
    void closingTheWindowEndsPromptly_data();
    void closingTheWindowEndsPromptly();

private:
    void addJobs();
    std::unique_ptr<MainWindow> readyWindow();
    std::unique_ptr<Files> m_files;
};

void TestCancelAnywhere::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
}

void TestCancelAnywhere::init() {
    m_files = std::make_unique<Files>();
    QVERIFY(QDir(m_files->dir.path()).mkpath("out"));
    testsupport::writeFile(m_files->dir.filePath("out"), "selection.tsv", m_files->oldExport);
}

void TestCancelAnywhere::addJobs() {
    QTest::addColumn<StartFn>("start");
    QTest::addColumn<int>("opened"); // documents the job opened before the part cancelled
    QTest::newRow("load") << StartFn(startLoad) << 0;
    QTest::newRow("t-SNE layout") << StartFn(startTsne) << 0;
    QTest::newRow("UMAP layout") << StartFn(startUmap) << 0;
    QTest::newRow("clustering") << StartFn(startClusters) << 0;
    QTest::newRow("comparison: loading the second file") << StartFn(startCompareLoad) << 0;
    // The second file stays open, a document like any other; the comparison is gone.
    QTest::newRow("comparison: comparing") << StartFn(startComparison) << 1;
    QTest::newRow("benchmarks") << StartFn(startBenchmarks) << 0;
    QTest::newRow("export") << StartFn(startExport) << 0;
}

// The demo set shown, its own start-up work (overview, indexes) finished.
std::unique_ptr<MainWindow> TestCancelAnywhere::readyWindow() {
    auto window = std::make_unique<MainWindow>();
    window->setScreenshotMode(true); // no dialog boxes
    if (!load(*window, {})) return nullptr;
    if (!QTest::qWaitFor([&] { return window->tasks()->runningTasks().isEmpty(); }, kWaitMs))
        return nullptr;
    return window;
}

void TestCancelAnywhere::cancelLeavesThePreviousState_data() {
    addJobs();
}

void TestCancelAnywhere::cancelLeavesThePreviousState() {
    QFETCH(StartFn, start);
    QFETCH(int, opened);
    const auto window = readyWindow();
    QVERIFY(window);
    WindowState before = WindowState::of(*window);
    before.documents += opened;
    QVERIFY(start(*window, *m_files));
    QVERIFY(!window->tasks()->runningTasks().isEmpty());
    auto* cancel = window->findChild<QPushButton*>("taskCancel");
    QVERIFY(cancel->isVisible() && cancel->isEnabled());
    cancel->click();
    QVERIFY(QTest::qWaitFor([&] { return window->tasks()->runningTasks().isEmpty(); }, kWaitMs));
    QVERIFY(WindowState::of(*window) == before);
    // Nothing the cancelled job computed arrives later.
    QTest::qWait(1000);
    QVERIFY(WindowState::of(*window) == before);
    QVERIFY(!window->projection()->isRunning());
    QVERIFY(!window->colorController()->isRunning());
    QVERIFY(!window->compare()->isRunning());
    QVERIFY(!benchmarkResults(*window));
    const QString problem = exportFolderProblem(*m_files, false, 0);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestCancelAnywhere::closingTheWindowEndsPromptly_data() {
    addJobs();
}

void TestCancelAnywhere::closingTheWindowEndsPromptly() {
    QFETCH(StartFn, start);
    auto window = readyWindow();
    QVERIFY(window);
    const qsizetype rows = qsizetype(window->activeDocument()->rows());
    QVERIFY(start(*window, *m_files));
    QVERIFY(!window->tasks()->runningTasks().isEmpty());
    // As the application does on its last window's close: close, then destroy.
    QElapsedTimer timer;
    timer.start();
    window->close();
    window.reset();
    const qint64 ms = timer.elapsed();
    qInfo("closed in %lld ms", ms);
    // Every job checks for a cancel at least every few hundred milliseconds of work, and a
    // t-SNE run or the benchmarks alone take longer than this on the demo set.
    QVERIFY2(ms < 5000, qPrintable(QString::number(ms)));
    QTest::qWait(200); // no delivery to the destroyed window
    // An export may have finished before the close: whole, or not at all.
    const QString problem = exportFolderProblem(*m_files, true, rows);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

QTEST_MAIN(TestCancelAnywhere)
#include "test_cancel_anywhere.moc"
