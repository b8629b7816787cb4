// The View menu and toolbar of the main window: the theme switch changes the view's background
// pixels and is remembered (but not by screenshot runs), the point size control and the view's
// [ and ] keys agree, the 2D toggle follows the layout, level of detail switches, and every
// action shows its shortcut in the menu.
#include "main_window.h"
#include "point_view.h"
#include "point_view_support.h"
#include "projection_controller.h"
#include "test_support.h"
#include "view_controls.h"
#include "view_theme.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QSurfaceFormat>
#include <QtTest>

using namespace pointviewtest;

namespace {

const char* const kFile = "glove.6B.100d.top2717.txt";

// Share of the frame's pixels that are exactly `colour`.
double shareOf(const QImage& frame, const QColor& colour) {
    const QRgb wanted = colour.rgb() & 0xffffff;
    qint64 count = 0;
    for (int y = 0; y < frame.height(); ++y)
        for (int x = 0; x < frame.width(); ++x)
            count += (frame.pixel(x, y) & 0xffffff) == wanted;
    return double(count) / double(frame.width() * frame.height());
}

} // namespace

class TestViewControls : public QObject {
    Q_OBJECT

public:
    static void initMain() { QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat()); }

private slots:
    void initTestCase();
    void cleanup();
    void themeSwitchChangesBackground();
    void themeIsRemembered_data();
    void themeIsRemembered();
    void pointSizeControlFollowsView();
    void twoDToggleFollowsLayout();
    void levelOfDetailSwitches();
    void menuShowsShortcuts();

private:
    void load(MainWindow& window);
};

void TestViewControls::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings out of it
    const std::optional<QSurfaceFormat> format = glFormat();
    if (!format) QSKIP("no OpenGL context (run under xvfb-run with Mesa)");
}

void TestViewControls::cleanup() {
    QSettings().remove(QStringLiteral("view/theme"));
}

void TestViewControls::load(MainWindow& window) {
    QSignalSpy ready(&window, &MainWindow::layoutReady);
    window.resize(900, 600);
    window.show();
    window.openFile(testsupport::data(kFile));
    QVERIFY(ready.wait(30000));
    QVERIFY(QTest::qWaitForWindowExposed(&window));
}

void TestViewControls::themeSwitchChangesBackground() {
    MainWindow window;
    window.setScreenshotMode(true);
    load(window);
    PointView* view = window.pointView();
    auto* dark = window.findChild<QAction*>("darkThemeAction");
    QVERIFY(dark);
    QVERIFY(dark->isChecked()); // the default
    const QColor darkBackground = ViewTheme::dark().background;
    const QColor lightBackground = ViewTheme::light().background;
    QVERIFY(shareOf(view->grabFramebuffer(), darkBackground) > 0.5);
    QCOMPARE(shareOf(view->grabFramebuffer(), lightBackground), 0.0);

    dark->trigger();
    QVERIFY(!dark->isChecked());
    QImage frame = view->grabFramebuffer();
    QVERIFY(shareOf(frame, lightBackground) > 0.5);
    QCOMPARE(shareOf(frame, darkBackground), 0.0);
    // The points are still drawn, in the light theme's colour.
    QVERIFY(countNonBackground(frame, lightBackground) > 1000);

    dark->trigger();
    QVERIFY(shareOf(view->grabFramebuffer(), darkBackground) > 0.5);
}

// The theme chosen in a normal window is there in the next one; a screenshot run neither reads
// nor writes it.
void TestViewControls::themeIsRemembered_data() {
    QTest::addColumn<bool>("screenshotMode");
    QTest::newRow("normal") << false;
    QTest::newRow("screenshot") << true;
}

void TestViewControls::themeIsRemembered() {
    QFETCH(bool, screenshotMode);
    {
        MainWindow first;
        first.setScreenshotMode(screenshotMode);
        if (!screenshotMode) first.restoreSettings();
        first.show();
        first.viewControls()->setDarkTheme(false);
        QVERIFY(!first.findChild<QAction*>("darkThemeAction")->isChecked());
        first.close();
    }
    MainWindow second;
    second.restoreSettings();
    const QColor expected =
        screenshotMode ? ViewTheme::dark().background : ViewTheme::light().background;
    QCOMPARE(second.pointView()->theme().background, expected);
    QCOMPARE(second.findChild<QAction*>("darkThemeAction")->isChecked(), screenshotMode);
}

void TestViewControls::pointSizeControlFollowsView() {
    MainWindow window;
    window.setScreenshotMode(true);
    load(window);
    PointView* view = window.pointView();
    auto* spin = window.findChild<QSpinBox*>("pointSizeSpin");
    QVERIFY(spin);
    QCOMPARE(spin->value(), int(view->pointSize()));
    const int before = int(view->pointSize());
    view->setFocus();
    QTest::keyClick(view, Qt::Key_BracketRight);
    QCOMPARE(int(view->pointSize()), before + 1);
    QCOMPARE(spin->value(), before + 1);
    window.findChild<QAction*>("smallerPointsAction")->trigger();
    QCOMPARE(int(view->pointSize()), before);
    QCOMPARE(spin->value(), before);

    spin->setValue(2);
    QCOMPARE(view->pointSize(), 2.0f);
    const int small = countNonBackground(view->grabFramebuffer(), view->theme().background);
    spin->setValue(12);
    QCOMPARE(view->pointSize(), 12.0f);
    const int large = countNonBackground(view->grabFramebuffer(), view->theme().background);
    QVERIFY2(large > 2 * small, qPrintable(QStringLiteral("%1 vs %2").arg(large).arg(small)));
}

// A 3D layout may be seen flat or in depth; a 2D layout has no depth to show, so the toggle is
// locked on.
void TestViewControls::twoDToggleFollowsLayout() {
    MainWindow window;
    window.setScreenshotMode(true);
    load(window);
    PointView* view = window.pointView();
    auto* twoD = window.findChild<QAction*>("twoDAction");
    QVERIFY(twoD);
    QVERIFY(twoD->isEnabled());
    QVERIFY(!twoD->isChecked());
    QVERIFY(!view->is2DMode());
    twoD->trigger();
    QVERIFY(view->is2DMode());
    twoD->trigger();
    QVERIFY(!view->is2DMode());

    vecspace::ProjectionOptions options = window.projection()->options();
    options.method = vecspace::ProjectionMethod::Pca;
    options.dimensions = 2;
    QSignalSpy finished(window.projection(), &ProjectionController::layoutFinished);
    window.projection()->runWith(options);
    QVERIFY(finished.wait(30000));
    QVERIFY(view->is2DMode());
    QVERIFY(twoD->isChecked());
    QVERIFY(!twoD->isEnabled());

    options.dimensions = 3;
    window.projection()->runWith(options);
    QVERIFY(finished.wait(30000));
    QVERIFY(twoD->isEnabled());
}

void TestViewControls::levelOfDetailSwitches() {
    MainWindow window;
    window.setScreenshotMode(true);
    window.show();
    auto* lod = window.findChild<QAction*>("levelOfDetailAction");
    QVERIFY(lod);
    QVERIFY(lod->isChecked());
    QVERIFY(window.pointView()->levelOfDetail());
    lod->trigger();
    QVERIFY(!window.pointView()->levelOfDetail());
    window.pointView()->setLevelOfDetail(true); // from elsewhere: the action follows
    QVERIFY(lod->isChecked());
}

void TestViewControls::menuShowsShortcuts() {
    MainWindow window;
    QMenu* viewMenu = nullptr;
    for (QAction* action : window.menuBar()->actions())
        if (action->text().remove('&') == QLatin1String("View")) viewMenu = action->menu();
    QVERIFY(viewMenu);
    for (const char* name : {"resetViewAction", "twoDAction", "levelOfDetailAction",
                             "darkThemeAction", "largerPointsAction", "smallerPointsAction"}) {
        auto* action = window.findChild<QAction*>(name);
        QVERIFY2(action, name);
        QVERIFY2(viewMenu->actions().contains(action), name);
        QVERIFY2(!action->shortcut().isEmpty(), name);
    }
}

QTEST_MAIN(TestViewControls)
#include "test_view_controls.moc"
