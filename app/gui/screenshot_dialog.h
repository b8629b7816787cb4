#pragma once

#include <QDialog>
#include <QSize>

class QSpinBox;

// Asks for a picture's width and height in pixels, starting from the view's size; "Window Size"
// puts that back, "Keep aspect ratio" scales one side with the other.
class ScreenshotDialog : public QDialog {
    Q_OBJECT

public:
    ScreenshotDialog(QSize windowSize, QWidget* parent = nullptr);

    QSize imageSize() const;

private:
    void follow(QSpinBox* changed);

    QSize m_windowSize;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    bool m_keepAspect = true;
    bool m_updating = false;
};
