#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QWidget;

// Where the window's parts report to the user: status messages, and errors as a message box
// (non-modal) that unattended runs (--screenshot, tests) leave out. Parts that report hold a
// Notifier rather than the window.
class Notifier : public QObject {
    Q_OBJECT

public:
    explicit Notifier(QWidget* window);

    void setUnattended(bool on) { m_unattended = on; }
    bool isUnattended() const { return m_unattended; }

    void status(const QString& message, int timeoutMs = 0);
    // The status bar says `summary: details`; a box shows both unless unattended.
    void error(const QString& title, const QString& summary, const QString& details);

signals:
    void statusMessage(QString message, int timeoutMs);

private:
    QPointer<QWidget> m_window;
    bool m_unattended = false;
};
