#pragma once

#include <QList>
#include <QObject>

class Dataset;

// The open documents, in the order the user opened them, and the active one: the document the
// view and the docks work on. Owns its documents.
class Workspace : public QObject {
    Q_OBJECT

public:
    explicit Workspace(QObject* parent = nullptr);
    ~Workspace() override;

    const QList<Dataset*>& documents() const { return m_documents; }
    int count() const { return int(m_documents.size()); }
    Dataset* active() const { return m_active; }
    int indexOf(const Dataset* document) const;

    // Takes ownership; inserted at `position` (-1: the end). The first document added is made
    // active whatever `activate` says.
    void add(Dataset* document, bool activate = true, int position = -1);
    // Puts `document` in the place of `old` (which is closed), and makes it active if `old` was.
    void replace(Dataset* old, Dataset* document);
    // Closes the document (deleted later); the next one, else the previous one, becomes active.
    void close(Dataset* document);
    void closeAll();
    void setActive(Dataset* document);

signals:
    void documentAdded(Dataset* document);
    void documentClosed(Dataset* document); // still alive while the signal runs
    void activeChanged(Dataset* document);  // null when the last one closed
    void namesChanged();                    // display names were renumbered

private:
    void renumber();

    QList<Dataset*> m_documents;
    Dataset* m_active = nullptr;
};
