// File > Export as a user meets it: exported coordinates read back by a parser written here (not
// the core's) equal what the view shows; an exported selection loads back, through the core
// loader, as the same rows of the original file; a screenshot has the size asked for. Sessions
// are in test_session.cpp.
#include "export_actions.h"
#include "export_session_support.h"
#include "main_window.h"
#include "point_view.h"
#include "test_support.h"
#include "vecspace/io/loader.h"

#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <charconv>

using namespace exportsession;

namespace {

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

} // namespace

class TestExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void layoutExportIsWhatTheViewShows_data();
    void layoutExportIsWhatTheViewShows();
    void selectionExportLoadsBack_data();
    void selectionExportLoadsBack();
    void screenshotHasTheChosenSize_data();
    void screenshotHasTheChosenSize();

private:
    QTemporaryDir m_dir;
};

void TestExport::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestExport::layoutExportIsWhatTheViewShows_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("twoD");
    QTest::newRow("TSV, 3D overview") << "layout.tsv" << false;
    QTest::newRow("CSV, 3D overview") << "layout.csv" << false;
    QTest::newRow("TSV, 2D PCA run") << "layout2d.tsv" << true;
    QTest::newRow("CSV, 2D PCA run") << "layout2d.csv" << true;
}

// The demo set's labels include "," and "\"" (GloVe tokens), which CSV must quote.
void TestExport::layoutExportIsWhatTheViewShows() {
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

void TestExport::selectionExportLoadsBack_data() {
    QTest::addColumn<QString>("file"); // empty: the demo set
    QTest::addColumn<QList<int>>("rows");
    QTest::newRow("demo, one row") << QString() << QList<int>{4242};
    QTest::newRow("demo, first to last") << QString() << QList<int>{0, 7, 123, 19999};
    QTest::newRow("digits, with metadata")
        << testsupport::data("digits/digits.tsv") << QList<int>{0, 10, 1796};
}

void TestExport::selectionExportLoadsBack() {
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

void TestExport::screenshotHasTheChosenSize_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("small") << QSize(320, 200);
    QTest::newRow("wide") << QSize(1000, 300);
    QTest::newRow("larger than the window") << QSize(1600, 1200);
}

void TestExport::screenshotHasTheChosenSize() {
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

QTEST_MAIN(TestExport)
#include "test_export.moc"
