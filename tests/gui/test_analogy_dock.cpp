// The Analogy dock as a user drives it: A, B and C typed key by key give the core's list; the
// completer offers the labels a plain scan of the file finds; an unknown word and a syntax error
// are shown inline; the answer is drawn as arrows between the right rows, the computed point
// where PCA puts it; Analogy axes lay every row out by its cosine with b - a and c - a; the
// Benchmarks dialog's numbers equal vecspace-cli's on the same files.
#include "analogy_controller.h"
#include "analogy_drawing.h"
#include "analogy_panel.h"
#include "analogy_report_view.h"
#include "benchmark_dialog.h"
#include "dataset.h"
#include "dock_test_support.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "reference_data.h"
#include "test_support.h"
#include "vecspace/search/label_index.h"
#include "vecspace/semantic/analogy_solver.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTreeWidget>
#include <QtTest>

using namespace docktest;

namespace {

const char* const kGlove = "glove.6B.100d.top2717.txt";

QStringList listedWords(AnalogyPanel* panel) {
    QStringList words;
    QTreeWidget* results = panel->reportView()->results();
    for (int i = 0; i < results->topLevelItemCount(); ++i)
        words << results->topLevelItem(i)->text(1);
    return words;
}

// Waits until the panel has answered what it shows.
bool waitForAnswer(MainWindow& window) {
    return QTest::qWaitFor([&] { return !window.analogy()->isAnswering(); }, kWaitMs);
}

QVector3D positionOf(const Dataset& document, std::size_t row) {
    const float* p = document.layout().xyz->data() + row * 3;
    return {p[0], p[1], p[2]};
}

const LineSet* lineSet(const Dataset& document, const QString& name) {
    for (const LineSet& set : document.lineSets())
        if (set.name == name) return &set;
    return nullptr;
}

} // namespace

class TestAnalogyDock : public QObject {
    Q_OBJECT

public:
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void typingGivesTheCoresList_data();
    void typingGivesTheCoresList();
    void fieldsAndExpressionInStep();
    void completionOffersLabels_data();
    void completionOffersLabels();
    void unknownWordShowsSuggestions();
    void leadingSpaceTokens();
    void syntaxErrorIsMarked();
    void answerIsDrawn();
    void analogyAxesLayout();
    void historyAndCopy();
    void benchmarksEqualCli();

private:
    std::unique_ptr<MainWindow> m_window;
    AnalogyPanel* m_panel = nullptr;
    std::unique_ptr<vecspace::EmbeddingSet> m_set;
    std::unique_ptr<vecspace::SimilarityIndex> m_index;
    std::unique_ptr<vecspace::LabelIndex> m_labels;
};

void TestAnalogyDock::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    m_set = std::make_unique<vecspace::EmbeddingSet>(
        vecspace::loadEmbeddings(testsupport::dataPath(kGlove)));
    m_index = std::make_unique<vecspace::SimilarityIndex>(*m_set);
    m_labels = std::make_unique<vecspace::LabelIndex>(m_set->labels);
}

void TestAnalogyDock::init() {
    m_window = std::make_unique<MainWindow>();
    m_window->setScreenshotMode(true);
    m_window->resize(1200, 800);
    QVERIFY(load(*m_window, testsupport::data(kGlove)));
    m_panel = m_window->analogyPanel();
    QVERIFY(m_panel);
    m_window->findChild<QDockWidget*>("analogyDock")->raise();
}

void TestAnalogyDock::cleanup() {
    m_window.reset();
}

void TestAnalogyDock::typingGivesTheCoresList_data() {
    QTest::addColumn<QStringList>("abc");
    QTest::addColumn<QString>("method");
    QTest::newRow("man king woman") << QStringList{"man", "king", "woman"} << "3CosAdd";
    QTest::newRow("france paris japan") << QStringList{"france", "paris", "japan"} << "3CosAdd";
    QTest::newRow("3CosMul") << QStringList{"he", "his", "she"} << "3CosMul";
    QTest::newRow("PairDirection") << QStringList{"man", "king", "woman"} << "PairDirection";
}

void TestAnalogyDock::typingGivesTheCoresList() {
    QFETCH(QStringList, abc);
    QFETCH(QString, method);
    auto* methodBox = m_panel->findChild<QComboBox*>("analogyMethod");
    methodBox->setCurrentIndex(methodBox->findText(method));
    const char* names[3] = {"analogyA", "analogyB", "analogyC"};
    for (int i = 0; i < 3; ++i) {
        auto* edit = m_panel->findChild<QLineEdit*>(names[i]);
        edit->setFocus();
        QTest::keyClicks(edit, abc[i]);
    }
    QVERIFY(waitForAnswer(*m_window));
    const QString expression = m_panel->findChild<QLineEdit*>("analogyExpression")->text();
    QCOMPARE(expression, QString("%1 - %2 + %3").arg(abc[1], abc[0], abc[2]));

    vecspace::AnalogyRequest request;
    request.method = *vecspace::parseAnalogyMethod(method.toLower().toStdString());
    const auto report = vecspace::solveAnalogy(
        *m_index, *m_labels, QString("%1 : %2 :: %3 : ?").arg(abc[0], abc[1], abc[2]).toStdString(),
        request);
    QStringList want;
    for (const auto& r : report.results)
        want << QString::fromStdString(m_set->labels[r.row]);
    QCOMPARE(listedWords(m_panel), want);
    // Clicking a result selects it in the view and shows it in the Inspector.
    QTreeWidget* results = m_panel->reportView()->results();
    const QRect second = results->visualItemRect(results->topLevelItem(1));
    QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(m_window->pointView()->selection(), std::vector<int>{int(report.results[1].row)});
}

void TestAnalogyDock::fieldsAndExpressionInStep() {
    auto* expression = m_panel->findChild<QLineEdit*>("analogyExpression");
    expression->setFocus();
    QTest::keyClicks(expression, "man : king, boy : prince :: woman : ?");
    QCOMPARE(m_panel->findChild<QLineEdit*>("analogyA")->text(), QString("man"));
    QCOMPARE(m_panel->findChild<QLineEdit*>("analogyB")->text(), QString("king"));
    QCOMPARE(m_panel->findChild<QLineEdit*>("analogyC")->text(), QString("woman"));
    QCOMPARE(m_panel->findChild<QLineEdit*>("analogyPairs")->text(), QString("boy : prince"));
    QVERIFY(waitForAnswer(*m_window));
    // 3CosAvg: the answer numpy gives (tests/data/reference/numpy_analogy.json).
    const QJsonObject reference = testsupport::referenceJson("numpy_analogy.json");
    for (const QJsonValue& v : reference["answers"].toArray()) {
        const QJsonObject a = v.toObject();
        if (a["question"].toString() != "man : king, boy : prince :: woman : ?") continue;
        QStringList want;
        for (const QJsonValue& r : a["results"].toArray())
            want << r.toObject()["label"].toString();
        QCOMPARE(listedWords(m_panel), want);
    }
    // A plain expression is no question: the fields empty.
    expression->selectAll();
    QTest::keyClicks(expression, "0.5*paris + 0.5*london");
    QCOMPARE(m_panel->findChild<QLineEdit*>("analogyA")->text(), QString());
    QVERIFY(waitForAnswer(*m_window));
    QCOMPARE(listedWords(m_panel).size(), 10);
}

void TestAnalogyDock::completionOffersLabels_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("prefix");
    QTest::newRow("A, kin") << "analogyA"
                            << "kin"
                            << "kin";
    QTest::newRow("C, Que (case)") << "analogyC"
                                   << "Que"
                                   << "que";
    QTest::newRow("expression, last word") << "analogyExpression"
                                           << "king - man + wo"
                                           << "wo";
}

void TestAnalogyDock::completionOffersLabels() {
    QFETCH(QString, field);
    QFETCH(QString, typed);
    QFETCH(QString, prefix);
    auto* edit = m_panel->findChild<QLineEdit*>(field);
    edit->setFocus();
    QTest::keyClicks(edit, typed);
    QCompleter* completer = nullptr;
    for (QCompleter* c : m_panel->findChildren<QCompleter*>())
        if (c->widget() == edit) completer = c;
    QVERIFY(completer);
    QVERIFY(QTest::qWaitFor([&] { return completer->popup()->isVisible(); }, kWaitMs));
    QStringList offered;
    for (int i = 0; i < completer->completionModel()->rowCount(); ++i)
        offered << completer->completionModel()->index(i, 0).data().toString();
    // A plain scan of the file's labels, in file order, the first 12.
    QStringList want;
    for (const std::string& label : m_set->labels)
        if (QString::fromStdString(label).startsWith(prefix, Qt::CaseInsensitive) &&
            want.size() < 12)
            want << QString::fromStdString(label);
    QCOMPARE(offered, want);
    // Choosing one puts it in place of the word being typed.
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QVERIFY(edit->text().endsWith(want.front()));
    QVERIFY(edit->text().startsWith(typed.left(typed.size() - prefix.size())));
}

void TestAnalogyDock::unknownWordShowsSuggestions() {
    auto* expression = m_panel->findChild<QLineEdit*>("analogyExpression");
    expression->setFocus();
    QTest::keyClicks(expression, "man : kingg :: woman : ?");
    QVERIFY(waitForAnswer(*m_window));
    auto* error = m_panel->findChild<QLabel*>("analogyError");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains("kingg"), qPrintable(error->text()));
    QVERIFY2(error->text().contains(QRegularExpression("<a href=\"\\d+\">king</a>")),
             qPrintable(error->text()));
    QCOMPARE(m_panel->reportView()->results()->topLevelItemCount(), 0);
    // The suggestion clicked replaces the word, and the question is answered.
    const QRegularExpressionMatch link =
        QRegularExpression("<a href=\"(\\d+)\">king</a>").match(error->text());
    emit error->linkActivated(link.captured(1));
    QCOMPARE(expression->text(), QString("man : king :: woman : ?"));
    QVERIFY(waitForAnswer(*m_window));
    QVERIFY(!error->isVisible());
    QCOMPARE(listedWords(m_panel).value(0), QString("queen"));
}

void TestAnalogyDock::leadingSpaceTokens() {
    // GPT-2's word tokens begin with a space (" king"): Use as A/B/C keeps it, quoted, and the
    // answer is numpy's (tests/data/llm/half_storage.json, cosines on the file's bytes).
    m_window.reset();
    m_window = std::make_unique<MainWindow>();
    m_window->setScreenshotMode(true);
    m_window->resize(1200, 800);
    QVERIFY(load(*m_window, testsupport::data("llm/gpt2-tiny-bf16")));
    m_panel = m_window->analogyPanel();
    m_window->findChild<QDockWidget*>("analogyDock")->raise();
    m_panel->setWord(0, " man");
    m_panel->setWord(1, " king");
    m_panel->setWord(2, " woman");
    QCOMPARE(m_panel->findChild<QLineEdit*>("analogyA")->text(), QString("\" man\""));
    QCOMPARE(m_panel->findChild<QLineEdit*>("analogyExpression")->text(),
             QString("\" king\" - \" man\" + \" woman\""));
    QVERIFY(waitForAnswer(*m_window));
    QFile file(testsupport::data("llm/half_storage.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray top3 = QJsonDocument::fromJson(file.readAll())
                                .object()["models"]
                                .toObject()["gpt2-tiny-bf16"]
                                .toObject()["analogy"]
                                .toObject()["top3"]
                                .toArray();
    const std::shared_ptr<const vecspace::EmbeddingSet> set = m_window->activeDocument()->set();
    QStringList want;
    for (const QJsonValue& v : top3)
        want << QString::fromStdString(set->labels[std::size_t(v.toArray()[0].toInt())]);
    QCOMPARE(listedWords(m_panel).mid(0, 3), want);

    // Typed without the space: the suggestion shows it, and clicking puts it back quoted.
    auto* expression = m_panel->findChild<QLineEdit*>("analogyExpression");
    expression->selectAll();
    QTest::keyClicks(expression, "king - \" man\" + \" woman\"");
    QVERIFY(waitForAnswer(*m_window));
    auto* error = m_panel->findChild<QLabel*>("analogyError");
    const QRegularExpressionMatch link =
        QRegularExpression("<a href=\"(\\d+)\">&quot; king&quot;</a>").match(error->text());
    QVERIFY2(link.hasMatch(), qPrintable(error->text()));
    emit error->linkActivated(link.captured(1));
    QCOMPARE(expression->text(), QString("\" king\" - \" man\" + \" woman\""));
    QVERIFY(waitForAnswer(*m_window));
    QCOMPARE(listedWords(m_panel).mid(0, 3), want);

    // A field opened with a quote completes labels with their leading space.
    auto* a = m_panel->findChild<QLineEdit*>("analogyA");
    a->clear();
    a->setFocus();
    QTest::keyClicks(a, "\" ki");
    QCompleter* completer = nullptr;
    for (QCompleter* c : m_panel->findChildren<QCompleter*>())
        if (c->widget() == a) completer = c;
    QVERIFY(completer);
    QVERIFY(QTest::qWaitFor([&] { return completer->popup()->isVisible(); }, kWaitMs));
    QCOMPARE(completer->completionModel()->index(0, 0).data().toString(), QString(" king"));
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(a->text(), QString("\" king\""));
}

void TestAnalogyDock::syntaxErrorIsMarked() {
    auto* expression = m_panel->findChild<QLineEdit*>("analogyExpression");
    expression->setFocus();
    QTest::keyClicks(expression, "king - (man");
    QVERIFY(waitForAnswer(*m_window));
    auto* error = m_panel->findChild<QLabel*>("analogyError");
    QVERIFY(error->isVisible());
    // The column the core names is the one marked.
    try {
        vecspace::parseExpression("king - (man");
        QFAIL("no syntax error");
    } catch (const vecspace::ExpressionError& e) {
        QVERIFY2(error->text().contains(QString::fromUtf8(e.what()).toHtmlEscaped()),
                 qPrintable(error->text()));
        const QString before = QString("king - (man").left(int(e.column()) - 1).toHtmlEscaped();
        QVERIFY2(error->text().contains("<code>" + before + "<span"), qPrintable(error->text()));
    }
}

void TestAnalogyDock::answerIsDrawn() {
    m_window->analogy()->ask("man : king :: woman : ?");
    QVERIFY(waitForAnswer(*m_window));
    Dataset* document = m_window->activeDocument();
    const auto row = [&](const char* w) { return int(testsupport::rowOf(*m_set, w)); };
    const LineSet* offsets = lineSet(*document, AnalogyDrawing::kOffsets);
    QVERIFY(offsets);
    QVERIFY(offsets->arrows);
    QVERIFY(offsets->segments.size() >= 2);
    QCOMPARE(offsets->segments[0].from.row, row("man"));
    QCOMPARE(offsets->segments[0].to.row, row("king"));
    QCOMPARE(offsets->segments[1].from.row, row("woman"));
    QCOMPARE(offsets->segments[1].to.row, row("queen"));
    // The computed point: king - man + woman in the PCA layout, computed here from the layout.
    const LineSet* computed = lineSet(*document, AnalogyDrawing::kComputed);
    QVERIFY(computed);
    QCOMPARE(computed->segments.size(), std::size_t(1));
    QCOMPARE(computed->segments[0].from.row, row("woman"));
    QCOMPARE(computed->segments[0].to.row, -1);
    const QVector3D want = positionOf(*document, std::size_t(row("king"))) -
                           positionOf(*document, std::size_t(row("man"))) +
                           positionOf(*document, std::size_t(row("woman")));
    QVERIFY((computed->segments[0].to.position - want).length() < 1e-4f);
    // The view has the layer, and labels the words.
    QVERIFY(m_window->pointView()->layerNames().contains("lines"));
    for (const char* w : {"man", "king", "woman", "queen"}) {
        const auto& pinned = m_window->pointView()->pinnedLabels();
        QVERIFY2(std::find(pinned.begin(), pinned.end(), row(w)) != pinned.end(), w);
    }
    const QString info = m_panel->reportView()->info()->text();
    QVERIFY2(info.contains("best answer is <b>king</b>"), qPrintable(info));
    QVERIFY2(info.contains("exact projection"), qPrintable(info));

    // In a layout that places only words, the point sits at its nearest word, and says so.
    m_window->projection()->runCustomAxes({"king - man", "woman - man"},
                                          vecspace::AxisMeasure::Cosine);
    QVERIFY(QTest::qWaitFor([&] { return document->layout().method == "custom"; }, kWaitMs));
    QVERIFY(QTest::qWaitFor(
        [&] { return m_panel->reportView()->info()->text().contains("nearest word"); }, kWaitMs));
    const LineSet* moved = lineSet(*document, AnalogyDrawing::kComputed);
    QVERIFY((moved->segments[0].to.position - positionOf(*document, std::size_t(row("king"))))
                .length() < 1e-6f);
    // Clearing the query removes the drawing.
    m_window->analogy()->ask("");
    QVERIFY(waitForAnswer(*m_window));
    QVERIFY(!lineSet(*document, AnalogyDrawing::kOffsets));
}

void TestAnalogyDock::analogyAxesLayout() {
    m_window->analogy()->ask("man : king :: woman : ?");
    QVERIFY(waitForAnswer(*m_window));
    QCOMPARE(m_window->analogy()->axes(), QStringList({"king - man", "woman - man"}));
    Dataset* document = m_window->activeDocument();
    QTest::mouseClick(m_panel->findChild<QPushButton*>("analogyAxesButton"), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return document->layout().method == "custom"; }, kWaitMs));
    QCOMPARE(document->layout().dims, 2);
    // Each row at (cos(v, king - man), cos(v, woman - man)), computed here in double.
    const auto vec = [&](const char* w) {
        return m_set->vectors.row(testsupport::rowOf(*m_set, w)).cast<double>().eval();
    };
    const Eigen::RowVectorXd x = vec("king") - vec("man"), y = vec("woman") - vec("man");
    for (std::size_t r : {std::size_t(0), std::size_t(100), std::size_t(2716)}) {
        const Eigen::RowVectorXd v = m_set->vectors.row(Eigen::Index(r)).cast<double>();
        const QVector3D p = positionOf(*document, r);
        QVERIFY(std::abs(p.x() - v.dot(x) / v.norm() / x.norm()) < 1e-5);
        QVERIFY(std::abs(p.y() - v.dot(y) / v.norm() / y.norm()) < 1e-5);
        QCOMPARE(p.z(), 0.0f);
    }
}

void TestAnalogyDock::historyAndCopy() {
    m_window->analogy()->ask("man : king :: woman : ?");
    QVERIFY(waitForAnswer(*m_window));
    auto* expression = m_panel->findChild<QLineEdit*>("analogyExpression");
    expression->setFocus();
    expression->selectAll();
    QTest::keyClicks(expression, "france : paris :: japan : ?");
    QTest::keyClick(expression, Qt::Key_Return);
    QVERIFY(waitForAnswer(*m_window));
    QCOMPARE(m_panel->history(),
             QStringList({"france : paris :: japan : ?", "man : king :: woman : ?"}));
    auto* history = m_panel->findChild<QListWidget*>("analogyHistory");
    const QRect second = history->visualItemRect(history->item(1));
    QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, second.center());
    QTest::mouseDClick(history->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(expression->text(), QString("man : king :: woman : ?"));
    QVERIFY(waitForAnswer(*m_window));
    QTest::mouseClick(m_panel->findChild<QPushButton*>("analogyCopy"), Qt::LeftButton);
    const QStringList lines = QApplication::clipboard()->text().split('\n');
    QCOMPARE(lines.value(1), QString("rank\tword\tscore\toffset_consistency\tinput\tnear_c"));
    QVERIFY2(lines.value(2).startsWith("1\tqueen\t0.769"), qPrintable(lines.value(2)));
}

void TestAnalogyDock::benchmarksEqualCli() {
    BenchmarkDialog* dialog = m_window->showBenchmarks();
    QVERIFY(dialog);
    dialog->setFiles(testsupport::data("questions-words.txt"),
                     {testsupport::data("wordsim353.tsv")});
    QSignalSpy finished(dialog, &BenchmarkDialog::finished);
    dialog->run();
    QVERIFY(finished.wait(kWaitMs * 2));
    QVERIFY2(finished.front().at(0).toBool(), qPrintable(finished.front().at(1).toString()));
    const auto& analogies = *dialog->results().analogies;

    const testsupport::CliRun cli =
        testsupport::runCli({"evaluate-analogies", testsupport::data(kGlove),
                             testsupport::data("questions-words.txt"), "--json", "--quiet"});
    QCOMPARE(cli.exitCode, 0);
    const QJsonObject a = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(qint64(analogies.correct), qint64(a["correct"].toInt()));
    QCOMPARE(qint64(analogies.incorrect), qint64(a["incorrect"].toInt()));
    QCOMPARE(qint64(analogies.skipped), qint64(a["skipped"].toInt()));
    QCOMPARE(analogies.accuracy, a["accuracy"].toDouble());
    const QJsonArray sections = a["sections"].toArray();
    QCOMPARE(qsizetype(analogies.sections.size()), sections.size());
    auto* table = dialog->findChild<QTableWidget*>("benchmarkSections");
    QCOMPARE(table->rowCount(), int(sections.size()) + 1);
    for (int i = 0; i < sections.size(); ++i) {
        const QJsonObject s = sections[i].toObject();
        QCOMPARE(table->item(i, 0)->text(), s["name"].toString());
        QCOMPARE(table->item(i, 1)->text().toInt(), s["correct"].toInt());
        QCOMPARE(table->item(i, 2)->text().toInt(), s["correct"].toInt() + s["incorrect"].toInt());
    }
    QCOMPARE(table->item(table->rowCount() - 1, 1)->text().toInt(), a["correct"].toInt());

    const testsupport::CliRun pairs =
        testsupport::runCli({"evaluate-similarity", testsupport::data(kGlove),
                             testsupport::data("wordsim353.tsv"), "--json", "--quiet"});
    QCOMPARE(pairs.exitCode, 0);
    const QJsonObject p = QJsonDocument::fromJson(pairs.out).object();
    const auto& similarity = dialog->results().similarity;
    QCOMPARE(similarity.size(), std::size_t(1));
    QCOMPARE(qint64(similarity[0].second.pairs), qint64(p["pairs"].toInt()));
    QCOMPARE(similarity[0].second.pearson, p["pearson"].toDouble());
    QCOMPARE(similarity[0].second.spearman, p["spearman"].toDouble());

    // The CSV has every section, the total and the similarity row.
    QTemporaryDir dir;
    const QString path = dir.filePath("benchmarks.csv");
    QVERIFY(dialog->exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + int(sections.size()) + 1 + 1);
    QVERIFY(lines[int(sections.size()) + 1].startsWith(
        QString("analogies,total,%1,").arg(a["correct"].toInt())));
    QVERIFY(lines.last().startsWith("wordsim353.tsv,,,,,"));

    // A missing file is an error before anything runs.
    dialog->setFiles(testsupport::data("no-such-questions.txt"), {});
    finished.clear();
    dialog->run();
    QCOMPARE(finished.size(), 1);
    QVERIFY(!finished.front().at(0).toBool());
    QVERIFY(finished.front().at(1).toString().contains("no-such-questions.txt"));
}

QTEST_MAIN(TestAnalogyDock)
#include "test_analogy_dock.moc"
