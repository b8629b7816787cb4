// A language-model file in the window: the Data dock shows the model's facts, the view labels
// rows by decoded token, and colouring by the kind column gives one legend entry per kind with
// the counts of tests/data/llm/reference.json (written with numpy, no Vecspace code); GPT-2's
// positional table with Connect Rows draws the rows' polyline; a base compared with its
// fine-tune ranks the moved tokens first (tests/data/llm/model_compare.json).
#include "compare_controller.h"
#include "compare_panel.h"
#include "dataset.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "point_view.h"
#include "test_support.h"

#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMap>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QtTest>

using namespace docktest;

class TestModelWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
        QStandardPaths::setTestModeEnabled(true);
    }
    void opensAGgufFile();
    void connectsPositionalRows();
    void comparesBaseWithFineTune();
};

namespace {

QJsonObject llmReference(const char* file) {
    QFile in(QString::fromStdString(testsupport::dataPath((std::string("llm/") + file).c_str())));
    if (!in.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(in.readAll()).object();
}

} // namespace

void TestModelWindow::connectsPositionalRows() {
    QJsonObject wpe;
    for (const QJsonValue& t : llmReference("reference.json")["models"]
                                   .toObject()["gpt2-tiny"]
                                   .toObject()["tensors"]
                                   .toArray())
        if (t.toObject()["name"].toString() == "wpe.weight") wpe = t.toObject();
    const int positions = wpe["shape"].toArray()[0].toInt();
    QVERIFY(positions > 2);

    MainWindow window;
    window.setScreenshotMode(true);
    window.resize(1200, 800);
    window.show();
    QSignalSpy layout(&window, &MainWindow::layoutReady);
    vecspace::LoadOptions options;
    options.tensor = "wpe.weight";
    window.loadFile(QString::fromStdString(testsupport::dataPath("llm/gpt2-tiny")), options, false);
    QVERIFY(layout.wait(kWaitMs));
    const Dataset* document = window.activeDocument();
    QCOMPARE(int(document->rows()), positions);
    QCOMPARE(document->labelText(0), QString("0")); // positions are labelled by row number

    const QColor background = window.pointView()->theme().background;
    const QImage before = window.pointView()->grabFramebuffer();
    window.findChild<QAction*>("connectRowsAction")->setChecked(true);
    const LineSet* rowOrder = nullptr;
    for (const LineSet& set : document->lineSets())
        if (set.name == "row-order") rowOrder = &set;
    QVERIFY(rowOrder);
    QCOMPARE(int(rowOrder->segments.size()), positions - 1);
    for (int i = 0; i + 1 < positions; ++i) {
        QCOMPARE(rowOrder->segments[std::size_t(i)].from.row, i);
        QCOMPARE(rowOrder->segments[std::size_t(i)].to.row, i + 1);
    }
    // The polyline is drawn: many more pixels differ from the background than the points alone.
    QTest::qWait(100);
    const QImage after = window.pointView()->grabFramebuffer();
    auto lit = [&](const QImage& image) {
        int count = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                count += image.pixelColor(x, y) != background;
        return count;
    };
    QVERIFY2(lit(after) > lit(before) + 200,
             qPrintable(
                 QString("%1 lit pixels, %2 without the lines").arg(lit(after)).arg(lit(before))));
    window.findChild<QAction*>("connectRowsAction")->setChecked(false);
    for (const LineSet& set : document->lineSets())
        QVERIFY(set.name != "row-order");
}

void TestModelWindow::comparesBaseWithFineTune() {
    const QJsonObject want = llmReference("model_compare.json");
    const QJsonArray labels = llmReference("reference.json")["models"]
                                  .toObject()["gpt2-tiny"]
                                  .toObject()["labels"]
                                  .toArray();
    MainWindow window;
    window.setScreenshotMode(true);
    window.resize(1200, 800);
    QVERIFY(load(window, QString::fromStdString(testsupport::dataPath("llm/gpt2-tiny"))));
    QSignalSpy ready(window.compare(), &CompareController::ready);
    window.compareWith(QString::fromStdString(testsupport::dataPath("llm/gpt2-tiny-finetuned")));
    QVERIFY(ready.wait(kWaitMs));
    const QString counts = window.findChild<QLabel*>("compareCounts")->text();
    QVERIFY2(
        counts.contains(
            QStringLiteral("%1 shared · 0 only in A · 1 only in B").arg(want["shared"].toInt())),
        qPrintable(counts));
    QVERIFY2(counts.contains(
                 QStringLiteral("median %1").arg(want["median_jaccard"].toDouble(), 0, 'f', 3)),
             qPrintable(counts));
    QTreeWidget* ranked = window.comparePanel()->rankedList();
    const QJsonArray most = want["most_changed"].toArray();
    for (int i = 0; i < 4; ++i) {
        const QJsonObject e = most[i].toObject();
        QCOMPARE(ranked->topLevelItem(i)->text(0), labels[e["pair"].toInt()].toString());
        QCOMPARE(ranked->topLevelItem(i)->text(1),
                 QString::number(e["jaccard"].toDouble(), 'f', 3));
    }
}

void TestModelWindow::opensAGgufFile() {
    QFile file(QString::fromStdString(testsupport::dataPath("llm/reference.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject model = QJsonDocument::fromJson(file.readAll())
                                  .object()["models"]
                                  .toObject()["gguf/tiny-Q4_K.gguf"]
                                  .toObject();
    QMap<QString, int> kinds;
    for (const QJsonValue& kind : model["kinds"].toArray())
        ++kinds[kind.toString()];

    MainWindow window;
    window.resize(1200, 800);
    QVERIFY(load(window, QString::fromStdString(testsupport::dataPath("llm/gguf/tiny-Q4_K.gguf"))));
    const QString facts = window.findChild<QLabel*>("modelValue")->text();
    QVERIFY2(facts.contains("tensor: token_embd.weight") && facts.contains("dtype: Q4_K") &&
                 facts.contains("general.architecture: llama"),
             qPrintable(facts));
    QVERIFY(!window.findChild<QLabel*>("modelValue")->isHidden());

    const QJsonArray labels = model["labels"].toArray();
    const Dataset* document = window.activeDocument();
    for (qsizetype r = 0; r < labels.size(); ++r)
        QCOMPARE(document->labelText(std::size_t(r)), labels[r].toString());

    QVERIFY(window.setColorBy("kind"));
    QVERIFY(waitForColoring(window));
    QTreeWidget* legend = legendOf(window);
    QCOMPARE(legend->topLevelItemCount(), int(kinds.size()));
    for (int i = 0; i < legend->topLevelItemCount(); ++i) {
        const QString kind = legend->topLevelItem(i)->text(0);
        QVERIFY2(kinds.contains(kind), qPrintable(kind));
        QCOMPARE(legend->topLevelItem(i)->text(1).toInt(), kinds[kind]);
    }
}

QTEST_MAIN(TestModelWindow)
#include "test_model_window.moc"
