// The one way the window runs background work (TaskRunner): results on the GUI thread, a task
// replaced in its group or cancelled never delivers, intermediate updates come before the
// result, and whatever a job throws becomes a message in the window, which goes on.
#include "main_window.h"
#include "point_view.h"
#include "task_runner.h"
#include "test_support.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <stdexcept>

namespace {

TaskOptions titled(const char* title) {
    TaskOptions options;
    options.title = QString::fromLatin1(title);
    return options;
}

} // namespace

class TestTaskRunner : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void resultOnGuiThread();
    void replacedTaskDeliversNothing();
    void cancelEndsAtOnce();
    void updatesBeforeResult();
    void exceptionsBecomeMessages_data();
    void exceptionsBecomeMessages();
    void throwingJobInTheWindow();
};

void TestTaskRunner::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
}

void TestTaskRunner::resultOnGuiThread() {
    TaskRunner runner;
    QThread* worker = nullptr;
    int result = 0;
    runner.start(
        titled("sum"), this,
        [&worker](TaskContext&) {
            worker = QThread::currentThread();
            int sum = 0;
            for (int i = 1; i <= 100; ++i)
                sum += i;
            return sum;
        },
        [&result, this](int sum) {
            QCOMPARE(QThread::currentThread(), thread());
            result = sum;
        });
    QTRY_COMPARE(result, 5050);
    QVERIFY(worker != thread());
    QVERIFY(runner.runningTasks().isEmpty());
}

void TestTaskRunner::replacedTaskDeliversNothing() {
    TaskRunner runner;
    std::atomic<bool> release{false};
    QList<int> delivered;
    TaskOptions options = titled("slow");
    options.group = QStringLiteral("group");
    int ends = 0;
    runner.start(
        options, this,
        [&release](TaskContext&) {
            while (!release.load())
                QThread::msleep(1);
            return 1;
        },
        [&delivered](int value) { delivered << value; }, [&ends](const TaskEnd&) { ++ends; });
    const quint64 second = runner.start(
        options, this, [](TaskContext&) { return 2; },
        [&delivered](int value) { delivered << value; });
    QVERIFY(runner.isRunning(second));
    QCOMPARE(runner.runningTasks().size(), 1); // the first was replaced
    QTRY_COMPARE(delivered, QList<int>{2});
    release = true;
    QTest::qWait(100);
    QCOMPARE(delivered, QList<int>{2}); // the replaced task's result never comes
    QCOMPARE(ends, 0);                  // and it ended silently
}

void TestTaskRunner::cancelEndsAtOnce() {
    TaskRunner runner;
    bool done = false;
    QList<bool> ends;
    const quint64 id = runner.start(
        titled("endless"), this,
        [](TaskContext& context) {
            while (context.setProgress(0.5))
                QThread::msleep(1);
            return 0;
        },
        [&done](int) { done = true; }, [&ends](const TaskEnd& end) { ends << end.cancelled(); });
    QTest::qWait(50);
    QVERIFY(runner.cancel(id));
    QCOMPARE(ends, QList<bool>{true}); // told at once, not when the worker notices
    QVERIFY(!runner.isRunning(id));
    QTest::qWait(100);
    QVERIFY(!done);
    QVERIFY(!runner.cancel(id));
}

void TestTaskRunner::updatesBeforeResult() {
    TaskRunner runner;
    QList<int> seen;
    runner.start(
        titled("steps"), this,
        [&seen](TaskContext& context) {
            for (int i = 1; i <= 1000; ++i)
                context.postUpdate([&seen, i] { seen << i; });
            return -1;
        },
        [&seen](int last) { seen << last; });
    QTRY_VERIFY(!seen.isEmpty() && seen.back() == -1);
    // Coalesced: far fewer than 1000 updates, in order, the newest (1000) last before the result.
    QVERIFY(seen.size() >= 2 && seen.size() < 1000);
    QCOMPARE(seen[seen.size() - 2], 1000);
    QVERIFY(std::is_sorted(seen.begin(), seen.end() - 1));
}

void TestTaskRunner::exceptionsBecomeMessages_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("runtime_error") << 0 << "the file is broken";
    QTest::newRow("bad_alloc") << 1 << "not enough memory";
    QTest::newRow("not an exception") << 2 << "an unknown error";
    QTest::newRow("in the result's delivery") << 3 << "delivery failed";
}

void TestTaskRunner::exceptionsBecomeMessages() {
    QFETCH(int, kind);
    QFETCH(QString, message);
    TaskRunner runner;
    QSignalSpy failed(&runner, &TaskRunner::taskFailed);
    QString ended;
    runner.start(
        titled("throws"), this,
        [kind](TaskContext&) -> int {
            if (kind == 0) throw std::runtime_error("the file is broken");
            if (kind == 1) throw std::bad_alloc();
            if (kind == 2) throw 42;
            return 0;
        },
        [](int) { throw std::runtime_error("delivery failed"); },
        [&ended](const TaskEnd& end) { ended = end.message; });
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first()[0].toString(), QString("throws"));
    QCOMPARE(failed.first()[1].toString(), message);
    QCOMPARE(ended, message);
}

// A job that throws in the window: the status bar says so, and the window goes on working.
void TestTaskRunner::throwingJobInTheWindow() {
    MainWindow window;
    window.setScreenshotMode(true);
    window.show();
    window.tasks()->start(
        titled("Test job"), &window,
        [](TaskContext&) -> int { throw std::runtime_error("something went wrong"); }, [](int) {});
    QTRY_VERIFY(
        window.statusBar()->currentMessage().contains("Test job failed: something went wrong"));
    // A loader fed a file that makes it throw: reported, the window still opens the next file.
    QTemporaryDir dir;
    const QString bad = QString::fromStdString(
        testsupport::writeFile(dir.path(), "ragged.txt", "2 3\nking 1 2 3\nqueen 1 2\n"));
    QSignalSpy loadFailed(&window, &MainWindow::loadFailed);
    window.openFile(bad);
    QVERIFY(loadFailed.wait(10000));
    QVERIFY2(loadFailed.first().first().toString().contains("ragged.txt"),
             qPrintable(loadFailed.first().first().toString()));
    QSignalSpy loaded(&window, &MainWindow::datasetLoaded);
    window.openDemoSet();
    QVERIFY(loaded.wait(20000));
    QCOMPARE(window.dataset()->rows(), std::size_t(20000));
}

QTEST_MAIN(TestTaskRunner)
#include "test_task_runner.moc"
