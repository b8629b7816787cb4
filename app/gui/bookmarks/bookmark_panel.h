#pragma once

#include "bookmark.h"

#include <QWidget>
#include <vector>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QToolButton;

// The Bookmarks dock: the active document's bookmarks by name (double-click to rename), a
// description for the one picked, and Add, Update and Delete. A click on a bookmark asks to
// restore it. Only shows and asks: BookmarkController keeps them.
class BookmarkPanel : public QWidget {
    Q_OBJECT

public:
    explicit BookmarkPanel(QWidget* parent = nullptr);

    void setBookmarks(const std::vector<Bookmark>& bookmarks);
    int current() const; // -1: none
    void setCurrent(int index);
    int count() const;

signals:
    void addRequested();
    void updateRequested(int index);
    void removeRequested(int index);
    void restoreRequested(int index);
    void renamed(int index, QString name);
    void described(int index, QString description);

private:
    void showCurrent();

    QListWidget* m_list = nullptr;
    QPlainTextEdit* m_description = nullptr;
    QToolButton* m_add = nullptr;
    QToolButton* m_update = nullptr;
    QToolButton* m_remove = nullptr;
    QLabel* m_hint = nullptr;
};
