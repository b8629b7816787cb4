#pragma once

#include "bookmark.h"
#include "window_parts.h"

#include <QObject>
#include <QPointer>

class BookmarkPanel;
class Dataset;

// The Bookmarks dock on the active document: Add keeps the document's state now (layout,
// camera, selection, hidden rows, colouring and legend highlight, search, label column) as a
// named bookmark, a click restores one (a running layout is stopped first), Update replaces a
// bookmark's state with the current one. The bookmarks live in the document and its session.
class BookmarkController : public QObject {
    Q_OBJECT

public:
    BookmarkController(BookmarkPanel* panel, const WindowParts& parts, QObject* parent = nullptr);

    void setDocument(Dataset* document);
    // The active document's state now; false when it has no layout yet.
    bool capture(Bookmark* bookmark) const;
    int add(const QString& name = {}); // the new bookmark's index; -1 when nothing to keep
    void update(int index);
    void remove(int index);
    void restore(int index);

    // Puts a bookmark's state into a document, as restore() does but without the view or the
    // docks: for a document not on screen yet (a session opens on its first bookmark).
    static void applyTo(Dataset& document, const Bookmark& bookmark);
    // What a bookmark shows, in a line: "t-SNE 3D · 1 selected (king) · colour: cluster".
    static QString summary(const Dataset& document, const Bookmark& bookmark);

signals:
    void restored(int index);

private:
    void setBookmarks(std::vector<Bookmark> bookmarks);

    BookmarkPanel* m_panel;
    WindowParts m_parts;
    QPointer<Dataset> m_document;
};
