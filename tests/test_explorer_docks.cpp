// The Projection and Inspector docks as a user drives them: Run computes off the GUI thread and
// the view shows the result; Stop ends a t-SNE run while the window keeps answering; clicking a
// neighbour in the Inspector is the core's nearest-neighbour list.
#include "inspector_panel.h"
#include "main_window.h"
#include "point_view.h"
#include "projection_controller.h"
#include "test_support.h"
#include "vecspace/pca.h"
#include "vecspace/similarity_index.h"

#include <QComboBox>
#include <QListWidget>
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
    void stopEndsTsneWhileViewAnswers();
    void inspectorListsCoreNeighbours();

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

    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.findChild<QPushButton*>("projectionRun")->click();
    QVERIFY(finished.wait(20000));

    vecspace::PcaOptions options;
    options.components = 2;
    const auto pca = vecspace::computePca(window.dataset()->vectors, options);
    auto* view = window.findChild<PointView*>("pointView");
    QTRY_VERIFY_WITH_TIMEOUT(view->pointCount() == 20000, 5000);
    QVERIFY(view->is2DMode());
    const std::vector<float>& xyz = view->positions();
    for (int row : {0, 1, 777, 19999}) {
        QVERIFY(std::abs(xyz[row * 3 + 0] - pca.coordinates(row, 1)) < 1e-4);
        QVERIFY(std::abs(xyz[row * 3 + 1] - pca.coordinates(row, 0)) < 1e-4);
        QCOMPARE(xyz[row * 3 + 2], 0.0f);
    }
}

void TestExplorerDocks::stopEndsTsneWhileViewAnswers() {
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
    window.findChild<QPushButton*>("projectionStop")->click();
    QVERIFY(!window.projection()->isRunning());
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

QTEST_MAIN(TestExplorerDocks)
#include "test_explorer_docks.moc"
