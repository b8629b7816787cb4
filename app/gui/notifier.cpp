#include "notifier.h"

#include <QMessageBox>
#include <QWidget>

Notifier::Notifier(QWidget* window) : QObject(window), m_window(window) {}

void Notifier::status(const QString& message, int timeoutMs) {
    emit statusMessage(message, timeoutMs);
}

void Notifier::error(const QString& title, const QString& summary, const QString& details) {
    emit statusMessage(details.isEmpty() ? summary : summary + QStringLiteral(" ") + details,
                       10000);
    if (m_unattended || !m_window) return;
    // open(), not exec(): a nested event loop here would stall callers waiting on signals.
    auto* box = new QMessageBox(QMessageBox::Critical, title, summary, QMessageBox::Ok, m_window);
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
