#include "bookmark_controller.h"

#include "bookmark_panel.h"
#include "color_controller.h"
#include "dataset.h"
#include "point_view.h"
#include "projection_controller.h"
#include "projection_panel.h"
#include "search_panel.h"

#include <QJsonObject>

namespace {

const char* const kColor = "color";
const char* const kSearch = "search";
const char* const kProjection = "projection";

} // namespace

BookmarkController::BookmarkController(BookmarkPanel* panel, const WindowParts& parts,
                                       QObject* parent)
    : QObject(parent), m_panel(panel), m_parts(parts) {
    connect(m_panel, &BookmarkPanel::addRequested, this, [this] { add(); });
    connect(m_panel, &BookmarkPanel::updateRequested, this, &BookmarkController::update);
    connect(m_panel, &BookmarkPanel::removeRequested, this, &BookmarkController::remove);
    connect(m_panel, &BookmarkPanel::restoreRequested, this, &BookmarkController::restore);
    connect(m_panel, &BookmarkPanel::renamed, this, [this](int index, const QString& name) {
        if (!m_document || index < 0 || index >= int(m_document->bookmarks().size())) return;
        std::vector<Bookmark> bookmarks = m_document->bookmarks();
        bookmarks[std::size_t(index)].name = name;
        setBookmarks(std::move(bookmarks));
    });
    connect(m_panel, &BookmarkPanel::described, this, [this](int index, const QString& text) {
        if (!m_document || index < 0 || index >= int(m_document->bookmarks().size())) return;
        std::vector<Bookmark> bookmarks = m_document->bookmarks();
        bookmarks[std::size_t(index)].description = text;
        // The list shows it as a tooltip; no need to rebuild it while the user types.
        const QSignalBlocker blocker(m_document.data());
        m_document->setBookmarks(std::move(bookmarks));
    });
}

void BookmarkController::setDocument(Dataset* document) {
    if (m_document) disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_panel->setEnabled(document != nullptr);
    if (!document) {
        m_panel->setBookmarks({});
        return;
    }
    connect(document, &Dataset::bookmarksChanged, this,
            [this] { m_panel->setBookmarks(m_document->bookmarks()); });
    m_panel->setBookmarks(document->bookmarks());
}

bool BookmarkController::capture(Bookmark* bookmark) const {
    if (!m_document || !m_document->hasLayout()) return false;
    m_parts.storeActiveState(); // the camera and the docks' settings into the document
    const Dataset& document = *m_document;
    const Dataset::Layout& layout = document.layout();
    bookmark->method = layout.method;
    bookmark->dims = layout.dims;
    bookmark->parameters = document.dockState(QLatin1String(kProjection));
    bookmark->xyz = layout.xyz;
    bookmark->camera = m_parts.view->camera().pose();
    bookmark->twoD = m_parts.view->is2DMode();
    bookmark->selection = document.selection();
    bookmark->hidden = document.hidden();
    bookmark->color = document.dockState(QLatin1String(kColor));
    bookmark->search = document.dockState(QLatin1String(kSearch));
    bookmark->labelColumn = document.labelColumn();
    return true;
}

int BookmarkController::add(const QString& name) {
    Bookmark bookmark;
    if (!capture(&bookmark)) return -1;
    std::vector<Bookmark> bookmarks = m_document->bookmarks();
    bookmark.name = name.isEmpty() ? tr("Bookmark %1").arg(bookmarks.size() + 1) : name;
    bookmark.description = summary(*m_document, bookmark);
    bookmarks.push_back(std::move(bookmark));
    setBookmarks(std::move(bookmarks));
    const int index = int(m_document->bookmarks().size()) - 1;
    m_panel->setCurrent(index);
    return index;
}

void BookmarkController::update(int index) {
    if (!m_document || index < 0 || index >= int(m_document->bookmarks().size())) return;
    std::vector<Bookmark> bookmarks = m_document->bookmarks();
    Bookmark& kept = bookmarks[std::size_t(index)];
    Bookmark now;
    if (!capture(&now)) return;
    now.name = kept.name;
    now.description = kept.description;
    kept = std::move(now);
    setBookmarks(std::move(bookmarks));
}

void BookmarkController::remove(int index) {
    if (!m_document || index < 0 || index >= int(m_document->bookmarks().size())) return;
    std::vector<Bookmark> bookmarks = m_document->bookmarks();
    bookmarks.erase(bookmarks.begin() + index);
    setBookmarks(std::move(bookmarks));
}

void BookmarkController::setBookmarks(std::vector<Bookmark> bookmarks) {
    const int current = m_panel->current();
    m_document->setBookmarks(std::move(bookmarks));
    m_panel->setCurrent(std::min(current, int(m_document->bookmarks().size()) - 1));
}

void BookmarkController::applyTo(Dataset& document, const Bookmark& b) {
    if (b.xyz && b.xyz->size() == document.rows() * 3 && b.xyz != document.layout().xyz)
        document.setLayout(b.xyz, b.dims, b.method, b.parameters, true,
                           LayoutChange{true, false, false});
    document.camera = b.camera;
    document.twoD = b.twoD;
    document.setSelection(b.selection);
    document.setHidden(b.hidden);
    document.setLabelColumn(b.labelColumn);
    document.setDockState(QLatin1String(kProjection), b.parameters);
    document.setDockState(QLatin1String(kColor), b.color);
    document.setDockState(QLatin1String(kSearch), b.search);
}

void BookmarkController::restore(int index) {
    if (!m_document || index < 0 || index >= int(m_document->bookmarks().size())) return;
    const Bookmark b = m_document->bookmarks()[std::size_t(index)];
    // A run still going would move the points away from the bookmark's layout.
    if (m_parts.projection->isRunning()) m_parts.projection->cancel();
    applyTo(*m_document, b);
    // The view follows the document's layout, selection, hidden rows and labels; the camera and
    // the docks' settings are pushed.
    m_parts.view->set2DMode(b.twoD || b.dims < 3);
    m_parts.view->glideTo(b.camera);
    m_parts.projectionPanel->fromJson(b.parameters);
    m_parts.projection->describeLayout();
    // The same colouring is not computed again (k-means, HDBSCAN): only its highlight changes.
    QJsonObject shownColor = m_parts.colors->toJson(), keptColor = b.color;
    shownColor.remove(QStringLiteral("highlight"));
    keptColor.remove(QStringLiteral("highlight"));
    if (!b.color.isEmpty() && shownColor == keptColor)
        m_parts.colors->setHighlightedEntry(b.color.value(QStringLiteral("highlight")).toInt(-1));
    else if (!b.color.isEmpty())
        m_parts.colors->fromJson(b.color);
    if (b.search.isEmpty())
        m_parts.search->setQuery({});
    else
        m_parts.search->fromJson(b.search);
    m_panel->setCurrent(index);
    emit restored(index);
}

QString BookmarkController::summary(const Dataset& document, const Bookmark& b) {
    QStringList parts;
    parts << tr("%1 %2D").arg(ProjectionPanel::methodTitle(b.method)).arg(b.dims);
    if (!b.selection.empty()) {
        QStringList words;
        for (std::size_t i = 0; i < b.selection.size() && i < 3; ++i)
            words << document.labelText(std::size_t(b.selection[i]));
        if (b.selection.size() > 3) words << QStringLiteral("…");
        parts << tr("%n selected (%1)", nullptr, int(b.selection.size())).arg(words.join(", "));
    }
    if (!b.hidden.empty()) parts << tr("%n shown", nullptr, int(document.rows() - b.hidden.size()));
    const QString by = b.color.value(QStringLiteral("by")).toString();
    if (!by.isEmpty() && by != QLatin1String("single")) parts << tr("colour: %1").arg(by);
    const QString query = b.search.value(QStringLiteral("query")).toString();
    if (!query.isEmpty()) parts << tr("search: %1").arg(query);
    if (!b.labelColumn.isEmpty()) parts << tr("labels: %1").arg(b.labelColumn);
    return parts.join(QStringLiteral(" · "));
}
