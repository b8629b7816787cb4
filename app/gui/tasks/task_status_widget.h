#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class TaskRunner;

// The status bar's one place for background work: the newest running task's title, its
// progress and a Cancel button, and how many others run (all of them in the tooltip). Hidden
// while nothing runs.
class TaskStatusWidget : public QWidget {
    Q_OBJECT

public:
    explicit TaskStatusWidget(TaskRunner* runner, QWidget* parent = nullptr);

    quint64 shownTask() const { return m_shown; } // 0: none

private:
    void refresh();

    TaskRunner* m_runner;
    QLabel* m_title;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    quint64 m_shown = 0;
};
