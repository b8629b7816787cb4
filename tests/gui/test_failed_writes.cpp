// Writes never damage files (issue 15): every file the window writes (layout and selection
// exports, screenshots, sessions) goes through a temporary file and a rename. Here the disk fills
// up part-way through each write (the fault-injection hook VECSPACE_FAIL_WRITES_AFTER, set before
// anything is written: the hook reads it once), and the user's earlier file must keep every byte,
// nothing else may be left in the folder, and the window must say why.
#include "dataset.h"
#include "export_actions.h"
#include "export_session_support.h"
#include "main_window.h"
#include "point_view.h"
#include "session_controller.h"
#include "test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>

using namespace exportsession;

namespace {

const QByteArray kOld = "the user's earlier file, not to be damaged\n";

// Writes `name` in `dir` with its old content; the write under test then targets it.
QString oldFile(const QTemporaryDir& dir, const QString& name) {
    return QString::fromStdString(testsupport::writeFile(dir.path(), name, kOld));
}

} // namespace

class TestFailedWrites : public QObject {
    Q_OBJECT

public:
    static void initMain() {
        QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
        qputenv("VECSPACE_FAIL_WRITES_AFTER", "64"); // a disk that is full after 64 bytes
    }

private slots:
    void initTestCase();
    void failedWriteKeepsTheOldFile_data();
    void failedWriteKeepsTheOldFile();

private:
    MainWindow m_window;
};

void TestFailedWrites::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    m_window.setScreenshotMode(true); // failures reported by signal and status, no box
    open(m_window);
    std::vector<int> rows(50);
    for (int row = 0; row < 50; ++row)
        rows[std::size_t(row)] = row;
    m_window.activeDocument()->setSelection(rows);
}

using WriteFn = std::function<void(MainWindow&, const QString& path)>;
Q_DECLARE_METATYPE(WriteFn)

void TestFailedWrites::failedWriteKeepsTheOldFile_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<WriteFn>("write");
    QTest::newRow("layout export (TSV)")
        << "layout.tsv"
        << WriteFn([](MainWindow& w, const QString& path) { w.exporter()->exportLayout(path); });
    QTest::newRow("layout export (CSV)")
        << "layout.csv"
        << WriteFn([](MainWindow& w, const QString& path) { w.exporter()->exportLayout(path); });
    QTest::newRow("selection export")
        << "selection.tsv"
        << WriteFn([](MainWindow& w, const QString& path) { w.exporter()->exportSelection(path); });
    QTest::newRow("screenshot") << "shot.png" << WriteFn([](MainWindow& w, const QString& path) {
        w.exporter()->exportScreenshot(path, QSize(320, 200));
    });
    QTest::newRow("session") << "work-session.json"
                             << WriteFn([](MainWindow& w, const QString& path) {
                                    w.sessions()->save(path);
                                });
}

void TestFailedWrites::failedWriteKeepsTheOldFile() {
    QFETCH(QString, name);
    QFETCH(WriteFn, write);
    QTemporaryDir dir;
    const QString path = oldFile(dir, name);
    QSignalSpy exportFailed(m_window.exporter(), &ExportActions::failed);
    QSignalSpy sessionFailed(m_window.sessions(), &SessionController::failed);
    write(m_window, path);
    QVERIFY(
        QTest::qWaitFor([&] { return exportFailed.size() + sessionFailed.size() == 1; }, kWaitMs));
    const QString message =
        (exportFailed.isEmpty() ? sessionFailed : exportFailed).front().at(0).toString();
    // The file that failed is named: the target, or the selection's metadata file beside it.
    QVERIFY2(message.startsWith(dir.path() + "/" + QFileInfo(name).completeBaseName()) &&
                 message.contains(": write failed: No space left on device"),
             qPrintable(message));
    QCOMPARE(readAll(path), kOld);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{name});
}

QTEST_MAIN(TestFailedWrites)
#include "test_failed_writes.moc"
