// Sessions as a user meets them: a session saved and opened in a fresh window restores the
// layout bit for bit, the selection, the hidden rows and the camera; a broken or mismatched
// session changes nothing; vecspace --open-session. File > Export is in test_export.cpp.
#include "color_controller.h"
#include "export_session_support.h"
#include "main_window.h"
#include "point_view.h"
#include "search_panel.h"
#include "session_controller.h"
#include "test_support.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>

using namespace exportsession;

namespace {

// Replaces (or, given null, removes) the value at a dotted path like "documents.0.data.rows"
// (a number indexes an array).
QJsonValue withPath(QJsonValue node, const QStringList& keys, const QJsonValue& value) {
    if (keys.isEmpty()) return value;
    bool isIndex = false;
    const int index = keys[0].toInt(&isIndex);
    if (isIndex) {
        QJsonArray array = node.toArray();
        array[index] = withPath(array[index], keys.mid(1), value);
        return array;
    }
    QJsonObject object = node.toObject();
    if (keys.size() == 1 && value.isNull())
        object.remove(keys[0]);
    else
        object[keys[0]] = withPath(object[keys[0]], keys.mid(1), value);
    return object;
}

void setPath(QJsonObject& object, const QStringList& keys, const QJsonValue& value) {
    object = withPath(object, keys, value).toObject();
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sessionRestoresAFreshWindow_data();
    void sessionRestoresAFreshWindow();
    void badSessionLeavesTheWindowAlone_data();
    void badSessionLeavesTheWindowAlone();
    void sessionStartupOption_data();
    void sessionStartupOption();

private:
    QTemporaryDir m_dir;
};

void TestSession::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestSession::sessionRestoresAFreshWindow_data() {
    QTest::addColumn<bool>("twoD");
    QTest::addColumn<QString>("theme");
    QTest::newRow("3D overview, dark") << false << "dark";
    QTest::newRow("2D PCA run, light") << true << "light";
}

void TestSession::sessionRestoresAFreshWindow() {
    QFETCH(bool, twoD);
    QFETCH(QString, theme);
    const QString path = m_dir.path() + (twoD ? "/session2d.json" : "/session3d.json");
    std::vector<float> positions;
    std::vector<int> selection{3, 50, 999, 19999};
    std::vector<int> hidden{10, 11, 12, 13, 500, 19998};
    CameraPose pose;
    {
        MainWindow window;
        open(window);
        if (twoD) runPca2D(window);
        PointView* view = window.pointView();
        view->setSelection(selection);
        view->setHidden(hidden);
        view->orbitBy(30.0f, 12.5f);
        view->zoomBy(1.7f);
        view->setPointSize(7.5f);
        view->setTheme(theme == "dark" ? ViewTheme::dark() : ViewTheme::light());
        window.searchPanel()->setQuery("king");
        if (twoD) QVERIFY(window.colorController()->setColorBy("cluster"));
        positions = view->positions();
        pose = view->camera().pose();
        QSignalSpy saved(window.sessions(), &SessionController::saved);
        window.sessions()->save(path);
        QVERIFY(saved.wait(kWaitMs));
    }
    QCOMPARE(QDir(m_dir.path()).entryList({"*.tmp*"}, QDir::Files), QStringList());

    MainWindow fresh;
    fresh.setScreenshotMode(true);
    fresh.resize(900, 600);
    fresh.show();
    QSignalSpy opened(fresh.sessions(), &SessionController::opened);
    QSignalSpy failed(fresh.sessions(), &SessionController::failed);
    fresh.sessions()->open(path);
    QVERIFY(opened.wait(kWaitMs));
    QCOMPARE(failed.count(), 0);
    const PointView* view = fresh.pointView();
    QCOMPARE(view->positions().size(), positions.size());
    QVERIFY(std::memcmp(view->positions().data(), positions.data(),
                        positions.size() * sizeof(float)) == 0);
    QCOMPARE(view->selection(), selection);
    QCOMPARE(view->hiddenRows(), hidden);
    QCOMPARE(view->is2DMode(), twoD);
    QVERIFY(view->camera().pose() == pose);
    QCOMPARE(view->pointSize(), 7.5f);
    QCOMPARE(view->theme().background,
             (theme == "dark" ? ViewTheme::dark() : ViewTheme::light()).background);
    QCOMPARE(fresh.dataset()->rows(), std::size_t(20000));
    QCOMPARE(fresh.searchPanel()->query(), QString("king"));
    QCOMPARE(fresh.colorController()->colorBy(), twoD ? QString("cluster") : QString("single"));
    // Nothing recomputed the layout afterwards, and the camera stays where it was put.
    QTest::qWait(800);
    QVERIFY(std::memcmp(view->positions().data(), positions.data(),
                        positions.size() * sizeof(float)) == 0);
    QVERIFY(view->camera().pose() == pose);
}

void TestSession::badSessionLeavesTheWindowAlone_data() {
    QTest::addColumn<QByteArray>("raw");      // the file as is, when not empty
    QTest::addColumn<QJsonObject>("changes"); // else a saved session with these values replaced
    QTest::addColumn<QString>("message");     // (keys are dotted paths; null removes the key)
    QTest::newRow("not JSON") << QByteArray("{\"format\": \"vecspace-session\", ") << QJsonObject()
                              << "expected a JSON session file, found";
    QTest::newRow("another kind of JSON")
        << QByteArray("[1, 2, 3]") << QJsonObject() << "expected a JSON object, found an array";
    QTest::newRow("newer version") << QByteArray() << QJsonObject{{"version", 99}}
                                   << "expected a session of version 2 or older, found version 99";
    QTest::newRow("wrong row count")
        << QByteArray() << QJsonObject{{"documents.0.layout.rows", 19999}}
        << "expected documents[0].layout.rows to equal documents[0].data.rows (20000), found 19999";
    QTest::newRow("coordinates cut short")
        << QByteArray() << QJsonObject{{"documents.0.layout.xyz", "AAAAAAAAAAAAAAAA"}}
        << "expected 240000 bytes of coordinates in documents[0].layout.xyz (20000 rows x 3 "
           "float32), found 12";
    QTest::newRow("no camera")
        << QByteArray() << QJsonObject{{"documents.0.view.camera", QJsonValue()}}
        << "expected documents[0].view.camera to be an object, found nothing";
    QTest::newRow("selected row beyond the data")
        << QByteArray() << QJsonObject{{"documents.0.selection.rows", QJsonArray{5, 20000}}}
        << "expected documents[0].selection.rows[1] to be a whole number from 6 to 19999, found "
           "the number "
           "20000";
    // The relative path would find the demo set again: cleared, so the file stays missing.
    QTest::newRow("missing data file")
        << QByteArray()
        << QJsonObject{{"documents.0.data.path", "/nonexistent/vectors.npy"},
                       {"documents.0.data.relative_path", ""}}
        << "expected its data file at /nonexistent/vectors.npy, found no such file";
    QTest::newRow("another data file")
        << QByteArray()
        << QJsonObject{{"documents.0.data.path", testsupport::data("glove.6B.100d.top2717.txt")},
                       {"documents.0.data.relative_path", ""},
                       {"documents.0.data.format", "glove-text"}}
        << "to have 20000 rows, found 2717";
    QTest::newRow("selection labels differ")
        << QByteArray()
        << QJsonObject{{"documents.0.selection.labels", QJsonArray{"not-the-label"}}}
        << "labelled 'not-the-label' (selected), found";
}

void TestSession::badSessionLeavesTheWindowAlone() {
    QFETCH(QByteArray, raw);
    QFETCH(QJsonObject, changes);
    QFETCH(QString, message);
    MainWindow window;
    open(window);
    PointView* view = window.pointView();
    view->setSelection({42});
    view->setHidden({1, 2, 3});
    view->orbitBy(-20.0f, 5.0f);

    QByteArray bytes = raw;
    if (bytes.isEmpty()) { // a good session of this window, then broken
        const QString good = m_dir.path() + "/good.json";
        QSignalSpy saved(window.sessions(), &SessionController::saved);
        window.sessions()->save(good);
        QVERIFY(saved.wait(kWaitMs));
        QJsonObject json = QJsonDocument::fromJson(readAll(good)).object();
        QVERIFY(!json.isEmpty());
        for (auto it = changes.begin(); it != changes.end(); ++it)
            setPath(json, it.key().split('.'), it.value());
        bytes = QJsonDocument(json).toJson();
    }
    const QString path = m_dir.path() + "/bad.json";
    testsupport::writeFile(m_dir.path(), "bad.json", bytes);

    const auto set = window.dataset();
    const std::vector<float> positions = view->positions();
    const CameraPose pose = view->camera().pose();
    QSignalSpy failed(window.sessions(), &SessionController::failed);
    QSignalSpy opened(window.sessions(), &SessionController::opened);
    window.sessions()->open(path);
    QVERIFY(failed.wait(kWaitMs));
    const QString error = failed.first().first().toString();
    QVERIFY2(error.startsWith(path) && error.contains(message), qPrintable(error));
    QCOMPARE(opened.count(), 0);
    QVERIFY(!window.sessions()->isOpening());
    QVERIFY(window.dataset() == set);
    QVERIFY(view->positions() == positions);
    QCOMPARE(view->selection(), std::vector<int>{42});
    QCOMPARE(view->hiddenRows(), (std::vector<int>{1, 2, 3}));
    QVERIFY(view->camera().pose() == pose);
}

void TestSession::sessionStartupOption_data() {
    QTest::addColumn<bool>("good");     // a session saved here, else one naming a missing file
    QTest::addColumn<bool>("withFile"); // FILE given too: a usage error
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); // on stderr
    QTest::newRow("saved session") << true << false << 0 << QString();
    QTest::newRow("missing data file") << false << false << 1 << "found no such file";
    QTest::newRow("session and FILE") << true << true << 2 << "--open-session takes a session file";
}

// vecspace --open-session S.json --screenshot OUT.png: the window opens the session, then saves its
// picture; a session that cannot be opened exits 1 with the reason.
void TestSession::sessionStartupOption() {
    QFETCH(bool, good);
    QFETCH(bool, withFile);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString session = m_dir.path() + "/startup.json";
    {
        MainWindow window;
        open(window);
        window.pointView()->setSelection({7});
        QSignalSpy saved(window.sessions(), &SessionController::saved);
        window.sessions()->save(session);
        QVERIFY(saved.wait(kWaitMs));
    }
    if (!good) {
        QJsonObject json = QJsonDocument::fromJson(readAll(session)).object();
        setPath(json, {"documents", "0", "data", "path"}, "/nonexistent/demo.npy");
        setPath(json, {"documents", "0", "data", "relative_path"}, "");
        testsupport::writeFile(m_dir.path(), "startup.json", QJsonDocument(json).toJson());
    }
    const QString png = m_dir.path() + "/startup.png";
    QFile::remove(png);
    QStringList args{"--open-session", session, "--screenshot", png, "--size", "640x480"};
    if (withFile) args << testsupport::data("glove.6B.100d.top2717.txt");
    QProcess app;
    app.start(QStringLiteral(VECSPACE_GUI_PATH), args);
    QVERIFY(app.waitForFinished(120000));
    const QString err = QString::fromUtf8(app.readAllStandardError());
    QVERIFY2(app.exitCode() == exitCode, qPrintable(err));
    QVERIFY2(err.contains(message), qPrintable(err));
    QCOMPARE(QFile::exists(png), exitCode == 0);
}

QTEST_MAIN(TestSession)
#include "test_session.moc"
