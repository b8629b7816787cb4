// File > Export and sessions as a user meets them: exported coordinates read back by a parser
// written here (not the core's) equal what the view shows; an exported selection loads back,
// through the core loader, as the same rows of the original file; a screenshot has the size
// asked for; a session saved and opened in a fresh window restores the layout bit for bit, the
// selection, the hidden rows and the camera; a broken or mismatched session changes nothing.
#include "color_controller.h"
#include "export_actions.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "search_panel.h"
#include "session_controller.h"
#include "test_support.h"
#include "vecspace/loader.h"

#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <charconv>
#include <cstring>

namespace {

constexpr int kWaitMs = 30000;

// RFC 4180 records, parsed independently of the core's reader: fields split on the separator,
// quotes around a field with "" standing for one quote, line breaks inside quotes kept.
QList<QStringList> parseRecords(const QByteArray& bytes, char separator) {
    QList<QStringList> records;
    QStringList fields;
    QByteArray field;
    bool quoted = false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (quoted) {
            if (c == '"' && i + 1 < bytes.size() && bytes[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && separator == ',' && field.isEmpty()) {
            quoted = true;
        } else if (c == separator) {
            fields << QString::fromUtf8(field);
            field.clear();
        } else if (c == '\n') {
            fields << QString::fromUtf8(field);
            records << fields;
            fields.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    return records;
}

float toFloat(const QString& text, bool* ok) {
    const QByteArray bytes = text.toLatin1();
    float value = 0;
    const auto [end, error] = std::from_chars(bytes.data(), bytes.data() + bytes.size(), value);
    *ok = error == std::errc() && end == bytes.data() + bytes.size();
    return value;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool samePose(const CameraPose& a, const CameraPose& b) {
    return a.target == b.target && a.distance == b.distance && a.yaw == b.yaw && a.pitch == b.pitch;
}

// Replaces (or, given null, removes) the value at a dotted path like "data.rows".
void setPath(QJsonObject& object, const QStringList& keys, const QJsonValue& value) {
    if (keys.size() == 1) {
        if (value.isNull())
            object.remove(keys[0]);
        else
            object[keys[0]] = value;
        return;
    }
    QJsonObject child = object[keys[0]].toObject();
    setPath(child, keys.mid(1), value);
    object[keys[0]] = child;
}

} // namespace

class TestExportSession : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void layoutExportIsWhatTheViewShows_data();
    void layoutExportIsWhatTheViewShows();
    void selectionExportLoadsBack_data();
    void selectionExportLoadsBack();
    void screenshotHasTheChosenSize_data();
    void screenshotHasTheChosenSize();
    void sessionRestoresAFreshWindow_data();
    void sessionRestoresAFreshWindow();
    void badSessionLeavesTheWindowAlone_data();
    void badSessionLeavesTheWindowAlone();
    void sessionStartupOption_data();
    void sessionStartupOption();

private:
    void open(MainWindow& window, const QString& file = QString());
    void runPca2D(MainWindow& window);
    QTemporaryDir m_dir;
};

void TestExportSession::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

// Shows the window and loads `file` (the demo set when empty) until its layout is on screen.
void TestExportSession::open(MainWindow& window, const QString& file) {
    window.setScreenshotMode(true); // failures go to signals, not message boxes
    window.resize(900, 600);
    window.show();
    QSignalSpy ready(&window, &MainWindow::layoutReady);
    if (file.isEmpty())
        window.openDemoSet();
    else
        window.openFile(file);
    QVERIFY(ready.wait(kWaitMs));
}

// A 2D PCA run with components 2 and 1 on x and y, through the Projection dock.
void TestExportSession::runPca2D(MainWindow& window) {
    auto* method = window.findChild<QComboBox*>("projectionMethod");
    auto* dims = window.findChild<QComboBox*>("projectionDims");
    QVERIFY(method && dims);
    method->setCurrentIndex(method->findText("PCA"));
    dims->setCurrentIndex(dims->findText("2D"));
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.findChild<QPushButton*>("projectionRun")->click();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(window.pointView()->is2DMode());
}

void TestExportSession::layoutExportIsWhatTheViewShows_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("twoD");
    QTest::newRow("TSV, 3D overview") << "layout.tsv" << false;
    QTest::newRow("CSV, 3D overview") << "layout.csv" << false;
    QTest::newRow("TSV, 2D PCA run") << "layout2d.tsv" << true;
    QTest::newRow("CSV, 2D PCA run") << "layout2d.csv" << true;
}

// The demo set's labels include "," and "\"" (GloVe tokens), which CSV must quote.
void TestExportSession::layoutExportIsWhatTheViewShows() {
    QFETCH(QString, name);
    QFETCH(bool, twoD);
    MainWindow window;
    open(window);
    if (twoD) runPca2D(window);
    const QString path = m_dir.path() + "/" + name;
    QSignalSpy exported(window.exporter(), &ExportActions::exported);
    window.exporter()->exportLayout(path);
    QVERIFY(exported.wait(kWaitMs));

    const bool csv = name.endsWith(".csv");
    QList<QStringList> records = parseRecords(readAll(path), csv ? ',' : '\t');
    const int columns = twoD ? 2 : 3;
    if (csv) { // a header row names the columns
        QCOMPARE(records.first(),
                 twoD ? QStringList({"label", "x", "y"}) : QStringList({"label", "x", "y", "z"}));
        records.removeFirst();
    }
    const auto set = window.dataset();
    const std::vector<float>& xyz = window.pointView()->positions();
    QCOMPARE(records.size(), qsizetype(set->rows()));
    for (std::size_t row = 0; row < set->rows(); ++row) {
        const QStringList& fields = records[qsizetype(row)];
        QCOMPARE(fields.size(), columns + 1);
        QCOMPARE(fields[0], QString::fromStdString(set->labels[row]));
        for (int c = 0; c < columns; ++c) {
            bool ok = false;
            const float value = toFloat(fields[c + 1], &ok);
            QVERIFY2(ok, qPrintable(fields[c + 1]));
            QCOMPARE(value, xyz[row * 3 + std::size_t(c)]); // exact: shortest round-trip text
        }
    }
}

void TestExportSession::selectionExportLoadsBack_data() {
    QTest::addColumn<QString>("file"); // empty: the demo set
    QTest::addColumn<QList<int>>("rows");
    QTest::newRow("demo, one row") << QString() << QList<int>{4242};
    QTest::newRow("demo, first to last") << QString() << QList<int>{0, 7, 123, 19999};
    QTest::newRow("digits, with metadata")
        << testsupport::data("digits/digits.tsv") << QList<int>{0, 10, 1796};
}

void TestExportSession::selectionExportLoadsBack() {
    QFETCH(QString, file);
    QFETCH(QList<int>, rows);
    MainWindow window;
    open(window, file);
    window.pointView()->setSelection(std::vector<int>(rows.begin(), rows.end()));
    const QString path = m_dir.path() + "/selection.tsv";
    QSignalSpy exported(window.exporter(), &ExportActions::exported);
    window.exporter()->exportSelection(path);
    QVERIFY(exported.wait(kWaitMs));

    QVERIFY(QFile::exists(m_dir.path() + "/selection.metadata.tsv"));
    const vecspace::EmbeddingSet back = vecspace::loadEmbeddings(path.toStdString());
    QCOMPARE(int(back.format), int(vecspace::Format::ProjectorTsv));
    // The original straight from its file, not from the window.
    const vecspace::EmbeddingSet original = file.isEmpty()
                                                ? vecspace::loadEmbeddings(window.dataset()->source)
                                                : vecspace::loadEmbeddings(file.toStdString());
    QCOMPARE(back.rows(), std::size_t(rows.size()));
    QCOMPARE(back.dims(), original.dims());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const auto row = std::size_t(rows[i]);
        QCOMPARE(back.labels[std::size_t(i)], original.labels[row]);
        QVERIFY(back.vectors.row(Eigen::Index(i)) == original.vectors.row(Eigen::Index(row)));
        for (const vecspace::MetadataColumn& column : original.metadata) {
            if (column.name == "label") continue;
            const vecspace::MetadataColumn* exportedColumn = back.findMetadata(column.name);
            QVERIFY2(exportedColumn, column.name.c_str());
            QCOMPARE(exportedColumn->values[std::size_t(i)], column.values[row]);
        }
    }
}

void TestExportSession::screenshotHasTheChosenSize_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("small") << QSize(320, 200);
    QTest::newRow("wide") << QSize(1000, 300);
    QTest::newRow("larger than the window") << QSize(1600, 1200);
}

void TestExportSession::screenshotHasTheChosenSize() {
    QFETCH(QSize, size);
    MainWindow window;
    open(window);
    const QString path = m_dir.path() + "/shot.png";
    QSignalSpy exported(window.exporter(), &ExportActions::exported);
    QVERIFY(window.exporter()->exportScreenshot(path, size));
    QVERIFY(exported.wait(kWaitMs));
    const QImage image(path, "PNG");
    QCOMPARE(image.size(), size);
    // Points were drawn: many pixels differ from the background.
    const QRgb background = window.pointView()->theme().background.rgb();
    int drawn = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            drawn += (image.pixel(x, y) | 0xff000000) != (background | 0xff000000);
    QVERIFY2(drawn > 200, qPrintable(QString::number(drawn)));
}

void TestExportSession::sessionRestoresAFreshWindow_data() {
    QTest::addColumn<bool>("twoD");
    QTest::addColumn<QString>("theme");
    QTest::newRow("3D overview, dark") << false << "dark";
    QTest::newRow("2D PCA run, light") << true << "light";
}

void TestExportSession::sessionRestoresAFreshWindow() {
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
    QVERIFY(samePose(view->camera().pose(), pose));
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
    QVERIFY(samePose(view->camera().pose(), pose));
}

void TestExportSession::badSessionLeavesTheWindowAlone_data() {
    QTest::addColumn<QByteArray>("raw");      // the file as is, when not empty
    QTest::addColumn<QJsonObject>("changes"); // else a saved session with these values replaced
    QTest::addColumn<QString>("message");     // (keys are dotted paths; null removes the key)
    QTest::newRow("not JSON") << QByteArray("{\"format\": \"vecspace-session\", ") << QJsonObject()
                              << "expected a JSON session file, found";
    QTest::newRow("another kind of JSON")
        << QByteArray("[1, 2, 3]") << QJsonObject() << "expected a JSON object, found an array";
    QTest::newRow("newer version") << QByteArray() << QJsonObject{{"version", 99}}
                                   << "expected a session of version 1 or older, found version 99";
    QTest::newRow("wrong row count")
        << QByteArray() << QJsonObject{{"layout.rows", 19999}}
        << "expected layout.rows to equal data.rows (20000), found 19999";
    QTest::newRow("coordinates cut short")
        << QByteArray() << QJsonObject{{"layout.xyz", "AAAAAAAAAAAAAAAA"}}
        << "expected 240000 bytes of coordinates in layout.xyz (20000 rows x 3 float32), found 12";
    QTest::newRow("no camera") << QByteArray() << QJsonObject{{"view.camera", QJsonValue()}}
                               << "expected view.camera to be an object, found nothing";
    QTest::newRow("selected row beyond the data")
        << QByteArray() << QJsonObject{{"selection.rows", QJsonArray{5, 20000}}}
        << "expected selection.rows[1] to be a whole number from 6 to 19999, found the number "
           "20000";
    // The relative path would find the demo set again: cleared, so the file stays missing.
    QTest::newRow("missing data file")
        << QByteArray()
        << QJsonObject{{"data.path", "/nonexistent/vectors.npy"}, {"data.relative_path", ""}}
        << "expected its data file at /nonexistent/vectors.npy, found no such file";
    QTest::newRow("another data file")
        << QByteArray()
        << QJsonObject{{"data.path", testsupport::data("glove.6B.100d.top2717.txt")},
                       {"data.relative_path", ""},
                       {"data.format", "glove-text"}}
        << "to have 20000 rows, found 2717";
    QTest::newRow("selection labels differ")
        << QByteArray() << QJsonObject{{"selection.labels", QJsonArray{"not-the-label"}}}
        << "labelled 'not-the-label' (selected), found";
}

void TestExportSession::badSessionLeavesTheWindowAlone() {
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
    QVERIFY(samePose(view->camera().pose(), pose));
}

void TestExportSession::sessionStartupOption_data() {
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
void TestExportSession::sessionStartupOption() {
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
        setPath(json, {"data", "path"}, "/nonexistent/demo.npy");
        setPath(json, {"data", "relative_path"}, "");
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

QTEST_MAIN(TestExportSession)
#include "test_export_session.moc"
