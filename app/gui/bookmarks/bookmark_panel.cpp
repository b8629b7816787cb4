#include "bookmark_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

// Tool buttons: narrower than push buttons, so the dock fits beside Search in a small window.
QToolButton* toolButton(const QString& text, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

BookmarkPanel::BookmarkPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(9, 6, 9, 6);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("bookmarkList"));
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setToolTip(tr("Click a bookmark to restore it; double-click to rename"));
    m_hint = new QLabel(tr("No bookmarks yet. Add keeps the layout, camera, selection, "
                           "colouring and search as they are now."),
                        this);
    m_hint->setWordWrap(true);
    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(QStringLiteral("bookmarkDescription"));
    m_description->setPlaceholderText(tr("Description"));
    m_description->setMaximumHeight(80);

    auto* buttons = new QHBoxLayout;
    m_add = toolButton(tr("Add"), this);
    m_add->setObjectName(QStringLiteral("bookmarkAdd"));
    m_add->setToolTip(tr("Keep the view as it is now as a new bookmark"));
    m_update = toolButton(tr("Update"), this);
    m_update->setObjectName(QStringLiteral("bookmarkUpdate"));
    m_update->setToolTip(tr("Replace the picked bookmark's state with the view as it is now"));
    m_remove = toolButton(tr("Delete"), this);
    m_remove->setObjectName(QStringLiteral("bookmarkDelete"));
    buttons->addWidget(m_add);
    buttons->addWidget(m_update);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);

    layout->addLayout(buttons);
    layout->addWidget(m_hint);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_description);

    connect(m_add, &QToolButton::clicked, this, &BookmarkPanel::addRequested);
    connect(m_update, &QToolButton::clicked, this, [this] {
        if (current() >= 0) emit updateRequested(current());
    });
    connect(m_remove, &QToolButton::clicked, this, [this] {
        if (current() >= 0) emit removeRequested(current());
    });
    connect(m_list, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { emit restoreRequested(m_list->row(item)); });
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit restoreRequested(m_list->row(item)); });
    connect(m_list, &QListWidget::currentRowChanged, this, &BookmarkPanel::showCurrent);
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        const QString name = item->text().trimmed();
        if (!name.isEmpty()) emit renamed(m_list->row(item), name);
    });
    connect(m_description, &QPlainTextEdit::textChanged, this, [this] {
        if (current() < 0) return;
        const QString text = m_description->toPlainText();
        {
            const QSignalBlocker blocker(m_list); // a tooltip is not a rename
            m_list->currentItem()->setToolTip(text);
        }
        emit described(current(), text);
    });
    setBookmarks({});
}

void BookmarkPanel::setBookmarks(const std::vector<Bookmark>& bookmarks) {
    const int keep = current();
    // Filled without signals: none of this is the user's renaming or picking.
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const Bookmark& b : bookmarks) {
        auto* item = new QListWidgetItem(b.name, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        item->setToolTip(b.description);
    }
    m_hint->setVisible(bookmarks.empty());
    if (keep >= 0 && keep < m_list->count()) m_list->setCurrentRow(keep);
    showCurrent();
}

int BookmarkPanel::current() const {
    return m_list->currentRow();
}

void BookmarkPanel::setCurrent(int index) {
    m_list->setCurrentRow(index);
    showCurrent();
}

int BookmarkPanel::count() const {
    return m_list->count();
}

void BookmarkPanel::showCurrent() {
    const int row = current();
    m_update->setEnabled(row >= 0);
    m_remove->setEnabled(row >= 0);
    m_description->setEnabled(row >= 0);
    const QSignalBlocker blocker(m_description);
    m_description->setPlainText(row >= 0 ? m_list->item(row)->toolTip() : QString());
}
