// The Projection and Inspector docks as a user drives them: Run computes off the GUI thread and
// the view shows the result; Stop ends a t-SNE run while the window keeps answering; clicking a
// neighbour in the Inspector is the core's nearest-neighbour list.
#include "inspector_panel.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "test_support.h"
#include "vecspace/layout/pca.h"
#include "vecspace/semantic/similarity_index.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

class TestExplorerDocks : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void pcaRunShowsChosenComponents();
    void stopEndsTsneWhileViewAnswers_data();
    void stopEndsTsneWhileViewAnswers();
    void inspectorListsCoreNeighbours();
    void finishedLayoutStaysInFrame_data();
    void finishedLayoutStaysInFrame();
    void wholeWindowFollowsTheme();

private:
    void openDemo(MainWindow& window);
};

void TestExplorerDocks::initTestCase() {
    QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    QStandardPaths::setTestModeEnabled(true);
}

void TestExplorerDocks::openDemo(MainWindow& window) {
    // The overview layout, not merely the data: a run started before it arrives would be
    // overwritten by it.
    QSignalSpy ready(&window, &MainWindow::layoutReady);
    window.show();
    window.openDemoSet();
    QVERIFY(ready.wait(20000));
}

// Components 2 and 1 on X and Y of a 2D layout: the view's positions are the core's PCA
// coordinates in that order (computed here directly), z = 0.
void TestExplorerDocks::pcaRunShowsChosenComponents() {
    MainWindow window;
    openDemo(window);
    auto* method = window.findChild<QComboBox*>("projectionMethod");
    auto* dims = window.findChild<QComboBox*>("projectionDims");
    QVERIFY(method && dims);
    method->setCurrentIndex(method->findText("PCA"));
    dims->setCurrentIndex(dims->findText("2D"));
    const auto spins = window.findChildren<QSpinBox*>();
    // The first two component boxes are X and Y, in creation order.
    QList<QSpinBox*> components;
    for (QSpinBox* spin : spins)
        if (spin->prefix().startsWith("component")) components << spin;
    QVERIFY(components.size() >= 2);
    components[0]->setValue(2);
    components[1]->setValue(1);
    auto* view = window.findChild<PointView*>("pointView");
    QCOMPARE(view->caption(), QString("PCA · 3D")); // the view says what it shows

    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.findChild<QPushButton*>("projectionRun")->click();
    QVERIFY(finished.wait(20000));

    vecspace::PcaOptions options;
    options.components = 2;
    const auto pca = vecspace::computePca(window.dataset()->vectors, options);
    QTRY_VERIFY_WITH_TIMEOUT(view->pointCount() == 20000, 5000);
    QCOMPARE(view->caption(), QString("PCA · 2D"));
    QVERIFY(view->is2DMode());
    const std::vector<float>& xyz = view->positions();
    for (int row : {0, 1, 777, 19999}) {
        QVERIFY(std::abs(xyz[row * 3 + 0] - pca.coordinates(row, 1)) < 1e-4);
        QVERIFY(std::abs(xyz[row * 3 + 1] - pca.coordinates(row, 0)) < 1e-4);
        QCOMPARE(xyz[row * 3 + 2], 0.0f);
    }
}

void TestExplorerDocks::wholeWindowFollowsTheme() {
    // Dark Theme darkens the panels and menus with the view, and light gives them back.
    MainWindow window;
    openDemo(window);
    auto* dark = window.findChild<QAction*>("darkThemeAction");
    QVERIFY(dark);
    auto* view = window.findChild<PointView*>("pointView");
    auto lightness = [] { return QApplication::palette().color(QPalette::Window).lightness(); };
    if (!dark->isChecked()) dark->trigger();
    QVERIFY(view->theme().background.lightness() < 80);
    QVERIFY2(lightness() < 80, qPrintable(QString::number(lightness())));
    const QImage panel = window.findChild<QDockWidget*>("searchDock")->grab().toImage();
    QVERIFY(panel.pixelColor(panel.width() / 2, panel.height() - 4).lightness() < 100);
    dark->trigger();
    QVERIFY(view->theme().background.lightness() > 200);
    QVERIFY2(lightness() > 180, qPrintable(QString::number(lightness())));
    dark->trigger(); // back to the default for the tests after this one
}

void TestExplorerDocks::stopEndsTsneWhileViewAnswers_data() {
    QTest::addColumn<QString>("button");
    QTest::newRow("Stop in the Projection dock") << "projectionStop";
    QTest::newRow("Cancel in the status bar") << "taskCancel";
}

void TestExplorerDocks::stopEndsTsneWhileViewAnswers() {
    QFETCH(QString, button);
    MainWindow window;
    openDemo(window);
    auto* method = window.findChild<QComboBox*>("projectionMethod");
    method->setCurrentIndex(method->findText("t-SNE"));
    window.findChild<QPushButton*>("projectionRun")->click();
    QVERIFY(window.projection()->isRunning());
    // The GUI thread keeps handling events (a timer fires on time) while the layout runs.
    QElapsedTimer timer;
    timer.start();
    QTest::qWait(300);
    QVERIFY(timer.elapsed() < 2000);
    // Progress and Stop show in the status bar too while the run lasts.
    auto* statusStop = window.findChild<QPushButton*>("taskCancel");
    QVERIFY(statusStop && statusStop->isVisible());
    QVERIFY(window.findChild<QProgressBar*>("taskProgress")->isVisible());
    window.findChild<QPushButton*>(button)->click();
    QVERIFY(!window.projection()->isRunning());
    QVERIFY(!statusStop->isVisible());
    QVERIFY(window.findChild<QPushButton*>("projectionRun")->isEnabled());
}

void TestExplorerDocks::inspectorListsCoreNeighbours() {
    MainWindow window;
    openDemo(window);
    const long row = testsupport::rowOf(*window.dataset(), "king");
    QVERIFY(row >= 0);
    auto* list = window.findChild<QListWidget*>("inspectorNeighbors");
    QVERIFY(list);
    QSignalSpy changed(window.inspector(), &InspectorPanel::neighborsChanged);
    window.inspector()->setRow(row);
    QTRY_VERIFY_WITH_TIMEOUT(list->count() == 10, 10000);
    const vecspace::SimilarityIndex index(*window.dataset());
    vecspace::NeighborOptions options;
    options.k = 10;
    const auto expected = index.nearestToRow(std::size_t(row), options);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(list->item(i)->data(Qt::UserRole).toLongLong(), qlonglong(expected[i].row));
}

void TestExplorerDocks::finishedLayoutStaysInFrame_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("dims");
    QTest::newRow("t-SNE 2D") << "t-SNE"
                              << "2D";
    QTest::newRow("t-SNE 3D") << "t-SNE"
                              << "3D";
    QTest::newRow("UMAP 3D") << "UMAP"
                             << "3D";
}

// t-SNE starts at a spread of 1e-4 and ends tens of units wide, so a camera framed on the first
// snapshot alone would end with the layout far outside the window. The view frames the sphere
// that holds 99% of the points (so that a few outliers do not shrink the rest): at most 1% may
// be off screen.
void TestExplorerDocks::finishedLayoutStaysInFrame() {
    QFETCH(QString, method);
    QFETCH(QString, dims);
    MainWindow window;
    QSignalSpy ready(&window, &MainWindow::layoutReady);
    window.resize(900, 600);
    window.show();
    window.loadFile(QString::fromStdString(testsupport::dataPath("digits/digits.tsv")), {});
    QVERIFY(ready.wait(20000));
    auto* methodBox = window.findChild<QComboBox*>("projectionMethod");
    auto* dimsBox = window.findChild<QComboBox*>("projectionDims");
    methodBox->setCurrentIndex(methodBox->findText(method));
    dimsBox->setCurrentIndex(dimsBox->findText(dims));
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.findChild<QPushButton*>("projectionRun")->click();
    // Generous: sanitizer builds run t-SNE 3D ten times slower.
    QVERIFY(finished.wait(300000));
    auto* view = window.findChild<PointView*>("pointView");
    QTRY_VERIFY_WITH_TIMEOUT(!view->isAnimating(), 5000);
    const Projection projection = view->projection();
    const std::vector<float>& xyz = view->positions();
    int outside = 0;
    for (int row = 0; row < view->pointCount(); ++row) {
        QPointF screen;
        float depth = 0;
        if (!projection.toScreen(&xyz[std::size_t(row) * 3], &screen, &depth) ||
            !QRectF(QPointF(0, 0), projection.viewport).contains(screen))
            ++outside;
    }
    QVERIFY2(
        outside <= view->pointCount() / 100,
        qPrintable(QString("%1 of %2 points off screen").arg(outside).arg(view->pointCount())));
}

QTEST_MAIN(TestExplorerDocks)
#include "test_explorer_docks.moc"
