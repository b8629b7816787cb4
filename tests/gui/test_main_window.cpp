// The main window as a user meets it: it opens on the bundled demo set, lists and searches its
// labels, reports bad files, and the screenshot mode writes a PNG of the requested size.
#include "label_list_model.h"
#include "main_window.h"
#include "search_panel.h"
#include "test_support.h"

#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QListView>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// The demo labels as the file holds them, read without any Vecspace code.
QStringList demoLabels() {
    QFile file(QStringLiteral(VECSPACE_DEMO_LABELS));
    if (!file.open(QIODevice::ReadOnly)) return {};
    QStringList labels = QString::fromUtf8(file.readAll()).split('\n');
    if (!labels.isEmpty() && labels.back().isEmpty()) labels.pop_back();
    return labels;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void opensOnDemoSet();
    void searchNarrowsTheList_data();
    void searchNarrowsTheList();
    void badFileReportsError();
    void screenshotModeWritesPng_data();
    void screenshotModeWritesPng();

private:
    QStringList m_labels;
};

void TestMainWindow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings out of it
    m_labels = demoLabels();
    QCOMPARE(m_labels.size(), 20000);
}

void TestMainWindow::opensOnDemoSet() {
    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::datasetLoaded);
    window.show();
    window.openDemoSet();
    QVERIFY(loaded.wait(20000));
    QVERIFY(window.dataset());
    QCOMPARE(window.dataset()->rows(), std::size_t(20000));
    QCOMPARE(window.dataset()->dims(), std::size_t(100));
    QCOMPARE(window.labelModel()->matchCount(), 20000);
    auto* list = window.findChild<QListView*>("labelList");
    QVERIFY(list);
    QCOMPARE(list->model()->index(0, 0).data().toString(), m_labels.front());
    QCOMPARE(list->model()->index(19999, 0).data().toString(), m_labels.back());
}

void TestMainWindow::searchNarrowsTheList_data() {
    QTest::addColumn<QString>("typed");
    for (const char* typed : {"king", "ing", "QUEEN", "zzzq", "€", "new"})
        QTest::newRow(typed) << QString::fromUtf8(typed);
}

void TestMainWindow::searchNarrowsTheList() {
    QFETCH(QString, typed);
    int expected = 0; // counted here, independently of the model's own matching
    for (const QString& label : m_labels)
        expected += label.contains(typed, Qt::CaseInsensitive);

    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::datasetLoaded);
    window.show();
    window.openDemoSet();
    QVERIFY(loaded.wait(20000));
    // The search index is built on a worker after the load; a query typed sooner is answered
    // when it is ready.
    QTRY_VERIFY(window.searchPanel()->isIndexReady());
    auto* search = window.findChild<QLineEdit*>("searchEdit");
    QVERIFY(search);
    // QTest types ASCII only; other text goes in as a paste would.
    bool ascii = true;
    for (QChar c : typed)
        ascii &= c.unicode() < 0x80;
    if (ascii)
        QTest::keyClicks(search, typed);
    else
        search->setText(typed);
    QCOMPARE(window.labelModel()->matchCount(), expected);
    auto* list = window.findChild<QListView*>("labelList");
    for (int row = 0; row < list->model()->rowCount(); ++row)
        QVERIFY(
            list->model()->index(row, 0).data().toString().contains(typed, Qt::CaseInsensitive));
    search->clear();
    QCOMPARE(window.labelModel()->matchCount(), 20000);
}

void TestMainWindow::badFileReportsError() {
    QTemporaryDir dir;
    const QString path =
        QString::fromStdString(testsupport::writeFile(dir.path(), "broken.txt", "a 1 2\nb 3\n"));
    MainWindow window;
    window.setScreenshotMode(true); // no modal box in a test
    QSignalSpy failed(&window, &MainWindow::loadFailed);
    window.openFile(path);
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed.front().front().toString().contains("broken.txt:2: expected 2 values"),
             qPrintable(failed.front().front().toString()));
    QVERIFY(!window.dataset());
}

void TestMainWindow::screenshotModeWritesPng_data() {
    QTest::addColumn<QString>("size");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("640x480") << "640x480" << 640 << 480;
    QTest::newRow("1200x800") << "1200x800" << 1200 << 800;
}

void TestMainWindow::screenshotModeWritesPng() {
    QFETCH(QString, size);
    QFETCH(int, width);
    QFETCH(int, height);
    QTemporaryDir dir;
    const QString png = dir.path() + "/shot.png";
    QProcess app;
    app.start(QStringLiteral(VECSPACE_GUI_PATH), {"--screenshot", png, "--size", size});
    QVERIFY(app.waitForFinished(60000));
    QCOMPARE(app.exitCode(), 0);
    const QImage image(png);
    QCOMPARE(image.width(), width);
    QCOMPARE(image.height(), height);
    // Not a blank frame: the list of labels draws many different pixels.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 10);
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
