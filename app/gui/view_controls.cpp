#include "view_controls.h"

#include "point_view.h"
#include "view_theme.h"
#include "window_theme.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolBar>
#include <cmath>

namespace {

const char* const kThemeKey = "view/theme";

QAction* makeAction(QObject* parent, const QString& text, const char* objectName,
                    const QKeySequence& shortcut, bool checkable) {
    auto* action = new QAction(text, parent);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(shortcut);
    action->setCheckable(checkable);
    return action;
}

} // namespace

ViewControls::ViewControls(PointView* view, QMainWindow* window) : QObject(window), m_view(view) {
    m_reset = makeAction(this, tr("&Reset View"), "resetViewAction",
                         QKeySequence(Qt::CTRL | Qt::Key_0), false);
    m_reset->setIconText(tr("Reset"));
    m_reset->setToolTip(tr("Frame every point again (R in the view)"));
    connect(m_reset, &QAction::triggered, m_view, [this] { m_view->resetView(); });

    m_twoD =
        makeAction(this, tr("&2D View"), "twoDAction", QKeySequence(Qt::CTRL | Qt::Key_2), true);
    m_twoD->setIconText(tr("2D"));
    m_twoD->setToolTip(tr("Look straight down on the first two axes"));
    connect(m_twoD, &QAction::toggled, m_view, [this](bool on) { m_view->set2DMode(on); });

    m_levelOfDetail = makeAction(this, tr("&Level of Detail"), "levelOfDetailAction",
                                 QKeySequence(Qt::CTRL | Qt::Key_L), true);
    m_levelOfDetail->setIconText(tr("LOD"));
    m_levelOfDetail->setToolTip(tr("While the camera moves, draw a sample of a large set and "
                                   "fill in the rest once it stops"));
    connect(m_levelOfDetail, &QAction::toggled, m_view,
            [this](bool on) { m_view->setLevelOfDetail(on); });

    m_dark = makeAction(this, tr("&Dark Theme"), "darkThemeAction",
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), true);
    m_dark->setIconText(tr("Dark"));
    m_dark->setToolTip(tr("A dark or a light window: the view, the panels and the menus"));
    connect(m_dark, &QAction::toggled, this, &ViewControls::setDarkTheme);

    // The view's own keys; as shortcuts of the view only, so that typing elsewhere is not taken.
    m_larger = makeAction(this, tr("&Larger Points"), "largerPointsAction",
                          QKeySequence(Qt::Key_BracketRight), false);
    m_smaller = makeAction(this, tr("&Smaller Points"), "smallerPointsAction",
                           QKeySequence(Qt::Key_BracketLeft), false);
    for (QAction* action : {m_larger, m_smaller}) {
        action->setShortcutContext(Qt::WidgetShortcut);
        m_view->addAction(action);
    }
    connect(m_larger, &QAction::triggered, m_view,
            [this] { m_view->setPointSize(m_view->pointSize() + 1.0f); });
    connect(m_smaller, &QAction::triggered, m_view,
            [this] { m_view->setPointSize(m_view->pointSize() - 1.0f); });

    m_pointSize = new QSpinBox;
    m_pointSize->setObjectName(QStringLiteral("pointSizeSpin"));
    m_pointSize->setRange(1, 64);
    m_pointSize->setSuffix(tr(" px"));
    m_pointSize->setToolTip(tr("Point diameter ([ and ] in the view)"));
    connect(m_pointSize, &QSpinBox::valueChanged, m_view,
            [this](int pixels) { m_view->setPointSize(float(pixels)); });

    m_labelSize = new QSpinBox;
    m_labelSize->setObjectName(QStringLiteral("labelSizeSpin"));
    m_labelSize->setRange(4, 48);
    m_labelSize->setSuffix(tr(" pt"));
    m_labelSize->setToolTip(tr("Size of the labels in the view"));
    connect(m_labelSize, &QSpinBox::valueChanged, m_view,
            [this](int points) { m_view->setLabelPointSize(points); });

    m_toolBar = new QToolBar(tr("View"), window);
    m_toolBar->setObjectName(QStringLiteral("viewToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addAction(m_reset);
    m_toolBar->addAction(m_twoD);
    m_toolBar->addAction(m_levelOfDetail);
    m_toolBar->addAction(m_dark);
    m_toolBar->addSeparator();
    m_toolBar->addWidget(new QLabel(tr("Point size ")));
    m_toolBar->addWidget(m_pointSize);
    m_toolBar->addWidget(new QLabel(tr("  Labels ")));
    m_toolBar->addWidget(m_labelSize);

    connect(m_view, &PointView::lookChanged, this, &ViewControls::syncFromView);
    syncFromView();
}

void ViewControls::addTo(QMenu* menu) {
    menu->addAction(m_reset);
    menu->addAction(m_twoD);
    menu->addAction(m_levelOfDetail);
    menu->addAction(m_dark);
    menu->addAction(m_larger);
    menu->addAction(m_smaller);
    menu->addAction(m_toolBar->toggleViewAction());
}

void ViewControls::syncFromView() {
    // Blocked: these only show the view's state; their signals would set it again.
    const QSignalBlocker twoD(m_twoD), lod(m_levelOfDetail), dark(m_dark), size(m_pointSize),
        labels(m_labelSize);
    m_twoD->setChecked(m_view->is2DMode());
    m_twoD->setEnabled(!m_flatLayout);
    m_levelOfDetail->setChecked(m_view->levelOfDetail());
    m_dark->setChecked(isDarkTheme());
    // The panels and menus follow the view's theme, from the first frame on.
    if (m_windowDark != int(isDarkTheme())) {
        m_windowDark = int(isDarkTheme());
        applyWindowTheme(isDarkTheme());
    }
    m_pointSize->setValue(int(std::lround(m_view->pointSize())));
    m_labelSize->setValue(int(std::lround(m_view->labelPointSize())));
}

void ViewControls::setLayoutDimensions(int dimensions) {
    m_flatLayout = dimensions < 3;
    if (m_flatLayout) m_view->set2DMode(true);
    syncFromView();
}

void ViewControls::setDarkTheme(bool dark) {
    m_view->setTheme(dark ? ViewTheme::dark() : ViewTheme::light());
}

bool ViewControls::isDarkTheme() const {
    return m_view->theme().background == ViewTheme::dark().background;
}

void ViewControls::restoreSettings() {
    const QString theme = QSettings().value(QLatin1String(kThemeKey)).toString();
    if (theme == QLatin1String("light") || theme == QLatin1String("dark"))
        setDarkTheme(theme == QLatin1String("dark"));
}

void ViewControls::saveSettings() const {
    QSettings().setValue(QLatin1String(kThemeKey),
                         isDarkTheme() ? QStringLiteral("dark") : QStringLiteral("light"));
}
