#include "workspace.h"

#include "dataset.h"

#include <QHash>

Workspace::Workspace(QObject* parent) : QObject(parent) {}

Workspace::~Workspace() {
    // Documents go before the workspace's signals do: nobody is told of an active change now.
    const QList<Dataset*> documents = m_documents;
    m_documents.clear();
    m_active = nullptr;
    qDeleteAll(documents);
}

int Workspace::indexOf(const Dataset* document) const {
    return int(m_documents.indexOf(const_cast<Dataset*>(document)));
}

void Workspace::add(Dataset* document, bool activate, int position) {
    document->setParent(this);
    if (position < 0 || position > m_documents.size()) position = int(m_documents.size());
    m_documents.insert(position, document);
    renumber();
    emit documentAdded(document);
    if (activate || !m_active) setActive(document);
}

void Workspace::replace(Dataset* old, Dataset* document) {
    const int at = indexOf(old);
    if (at < 0) {
        add(document);
        return;
    }
    const bool wasActive = old == m_active;
    add(document, false, at + 1);
    if (wasActive) setActive(document);
    close(old);
}

void Workspace::close(Dataset* document) {
    const int at = indexOf(document);
    if (at < 0) return;
    if (document == m_active) {
        Dataset* next = at + 1 < m_documents.size() ? m_documents[at + 1]
                        : at > 0                     ? m_documents[at - 1]
                                                     : nullptr;
        setActive(next);
    }
    m_documents.removeAt(at);
    emit documentClosed(document);
    document->deleteLater();
    renumber();
}

void Workspace::closeAll() {
    setActive(nullptr);
    while (!m_documents.isEmpty())
        close(m_documents.back());
}

void Workspace::setActive(Dataset* document) {
    if (document && indexOf(document) < 0) return;
    if (document == m_active) return;
    m_active = document;
    emit activeChanged(document);
}

// Two documents of the same name (two models' "vectors.txt") read "vectors.txt" and
// "vectors.txt (2)" in every list.
void Workspace::renumber() {
    QHash<QString, int> seen;
    bool changed = false;
    for (Dataset* document : m_documents) {
        const int n = ++seen[document->fileName()];
        const QString name =
            n == 1 ? document->fileName() : QStringLiteral("%1 (%2)").arg(document->fileName()).arg(n);
        if (name != document->displayName()) {
            document->setDisplayName(name);
            changed = true;
        }
    }
    if (changed) emit namesChanged();
}
