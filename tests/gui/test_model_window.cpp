// A language-model file in the window: the Data dock shows the model's facts, the view labels
// rows by decoded token, and colouring by the kind column gives one legend entry per kind with
// the counts of tests/data/llm/reference.json (written with numpy, no Vecspace code).
#include "dataset.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "point_view.h"
#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMap>
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
};

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
