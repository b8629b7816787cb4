#include "task_status_widget.h"

#include "task_runner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace {
constexpr int kProgressSteps = 1000;
}

TaskStatusWidget::TaskStatusWidget(TaskRunner* runner, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_title(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_cancel(new QPushButton(tr("Cancel"), this)) {
    setObjectName(QStringLiteral("taskStatus"));
    m_title->setObjectName(QStringLiteral("taskTitle"));
    m_progress->setObjectName(QStringLiteral("taskProgress"));
    m_cancel->setObjectName(QStringLiteral("taskCancel"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setFixedWidth(160);
    m_cancel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_shown) m_runner->cancel(m_shown);
    });
    connect(m_runner, &TaskRunner::tasksChanged, this, &TaskStatusWidget::refresh);
    connect(m_runner, &TaskRunner::progressChanged, this, [this](quint64 id, double fraction) {
        if (id == m_shown) m_progress->setValue(qRound(fraction * kProgressSteps));
    });
    refresh();
}

void TaskStatusWidget::refresh() {
    const QList<TaskInfo> tasks = m_runner->runningTasks();
    // The parts too, not only the whole: a hidden Cancel is then hidden by every measure.
    const bool running = !tasks.isEmpty();
    for (QWidget* part : {static_cast<QWidget*>(m_title), static_cast<QWidget*>(m_progress),
                          static_cast<QWidget*>(m_cancel)})
        part->setVisible(running);
    if (!running) {
        m_shown = 0;
        hide();
        return;
    }
    const TaskInfo& newest = tasks.back();
    if (newest.id != m_shown) m_progress->setValue(qRound(newest.fraction * kProgressSteps));
    m_shown = newest.id;
    m_title->setText(tasks.size() > 1 ? tr("%1 (+%2 more)").arg(newest.title).arg(tasks.size() - 1)
                                      : newest.title);
    QStringList all;
    for (const TaskInfo& task : tasks)
        all << task.title;
    setToolTip(all.join(QLatin1Char('\n')));
    m_cancel->setEnabled(newest.cancellable);
    show();
}
