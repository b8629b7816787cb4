#pragma once

#include <QObject>

class PointView;
class QAction;
class QMainWindow;
class QMenu;
class QSpinBox;
class QToolBar;

// The point view's look in the View menu and a toolbar: dark or light theme (remembered in the
// settings), point size, label size, 2D or 3D, reset, level of detail. Every control follows the
// view, so keys pressed in the view ([ and ], R) show here too.
class ViewControls : public QObject {
    Q_OBJECT

public:
    ViewControls(PointView* view, QMainWindow* window);

    void addTo(QMenu* menu);
    QToolBar* toolBar() const { return m_toolBar; }

    // A layout with two dimensions has no 3D view: the 2D toggle is locked on.
    void setLayoutDimensions(int dimensions);
    void setDarkTheme(bool dark);
    bool isDarkTheme() const;

    // The theme from the settings (left to the caller, as the window's geometry is), and back.
    void restoreSettings();
    void saveSettings() const;

private:
    void syncFromView();

    PointView* m_view;
    QAction* m_reset = nullptr;
    QAction* m_twoD = nullptr;
    QAction* m_levelOfDetail = nullptr;
    int m_windowDark = -1; // the theme the whole window was given last (-1: none yet)
    QAction* m_dark = nullptr;
    QAction* m_larger = nullptr;
    QAction* m_smaller = nullptr;
    QSpinBox* m_pointSize = nullptr;
    QSpinBox* m_labelSize = nullptr;
    QToolBar* m_toolBar = nullptr;
    bool m_flatLayout = false;
};
