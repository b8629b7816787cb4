#pragma once

#include "bookmark.h"
#include "session_json.h"

#include <QJsonArray>
#include <vector>

// A document's bookmarks in a session file. A bookmark's coordinates are written once: one that
// shows the document's own layout says "same_as": "document", one that shows an earlier
// bookmark's says "same_as": "bookmarks[i]"; others carry their own base64 coordinates.
namespace sessionjson {

QJsonArray bookmarksToJson(const std::vector<Bookmark>& bookmarks,
                           const std::vector<float>& documentXyz);
// Rows, cameras and coordinates are checked as the document's are; `rows` is the data's.
std::vector<Bookmark> bookmarksFromJson(const QJsonArray& array, qint64 rows,
                                        const std::vector<float>& documentXyz, FieldReader& reader);

} // namespace sessionjson
