#include "bookmark_json.h"

#include <QJsonObject>

namespace sessionjson {
namespace {

// Where a bookmark's coordinates were written before: "document", "bookmarks[i]" or nothing.
QString sameAs(const std::vector<Bookmark>& bookmarks, std::size_t index,
               const std::vector<float>& documentXyz) {
    const auto& xyz = bookmarks[index].xyz;
    if (*xyz == documentXyz) return QStringLiteral("document");
    for (std::size_t j = 0; j < index; ++j)
        if (bookmarks[j].xyz == xyz || *bookmarks[j].xyz == *xyz)
            return QStringLiteral("bookmarks[%1]").arg(j);
    return {};
}

Bookmark readBookmark(const QJsonObject& json, const QString& where, qint64 rows,
                      const std::vector<Bookmark>& earlier,
                      const std::shared_ptr<const std::vector<float>>& document,
                      FieldReader& reader) {
    Bookmark b;
    b.name = reader.string(json, where + QStringLiteral(".name"));
    b.description = json.value(QStringLiteral("description")).toString();
    const QJsonObject layout = reader.object(json, where + QStringLiteral(".layout"));
    const QString key = where + QStringLiteral(".layout");
    b.method = reader.string(layout, key + QStringLiteral(".method"));
    b.dims = int(reader.count(layout, key + QStringLiteral(".dims"), 2, 3));
    b.parameters = layout.value(QStringLiteral("parameters")).toObject();
    if (!reader.ok()) return b;
    if (layout.contains(QStringLiteral("same_as"))) {
        const QString same = reader.string(layout, key + QStringLiteral(".same_as"));
        if (same == QLatin1String("document")) {
            b.xyz = document;
        } else {
            for (std::size_t j = 0; j < earlier.size(); ++j)
                if (same == QStringLiteral("bookmarks[%1]").arg(j)) b.xyz = earlier[j].xyz;
            if (!b.xyz && reader.ok())
                reader.fail(QStringLiteral("%1 to be \"document\" or an earlier bookmark")
                                .arg(reader.at(key + QStringLiteral(".same_as"))),
                            QLatin1Char('"') + same + QLatin1Char('"'));
        }
    } else {
        const QString encoding = reader.string(layout, key + QStringLiteral(".encoding"));
        if (reader.ok() && encoding != QLatin1String(kXyzEncoding))
            reader.fail(QStringLiteral("%1 to be %2")
                            .arg(reader.at(key + QStringLiteral(".encoding")), kXyzEncoding),
                        encoding);
        const QString text = reader.string(layout, key + QStringLiteral(".xyz"));
        if (reader.ok())
            b.xyz = std::make_shared<const std::vector<float>>(
                xyzFromBase64(text, rows, key + QStringLiteral(".xyz"), reader));
    }

    const QJsonObject view = reader.object(json, where + QStringLiteral(".view"));
    const QString mode = reader.string(view, where + QStringLiteral(".view.mode"));
    if (reader.ok() && mode != "2d" && mode != "3d")
        reader.fail(reader.at(where + ".view.mode") + QStringLiteral(" to be \"2d\" or \"3d\""),
                    mode);
    b.twoD = mode == "2d";
    if (reader.ok())
        b.camera = cameraFromJson(reader.object(view, where + QStringLiteral(".view.camera")),
                                  where + QStringLiteral(".view.camera"), reader);
    if (reader.ok())
        b.selection = rowsFromJson(reader.array(json, where + QStringLiteral(".selection")), rows,
                                   where + QStringLiteral(".selection"), reader);
    if (reader.ok())
        b.hidden = rangesFromJson(reader.array(json, where + QStringLiteral(".hidden")), rows,
                                  where + QStringLiteral(".hidden"), reader);
    b.color = json.value(QStringLiteral("color")).toObject();
    b.search = json.value(QStringLiteral("search")).toObject();
    b.labelColumn = json.value(QStringLiteral("label_column")).toString();
    return b;
}

} // namespace

QJsonArray bookmarksToJson(const std::vector<Bookmark>& bookmarks,
                           const std::vector<float>& documentXyz) {
    QJsonArray array;
    for (std::size_t i = 0; i < bookmarks.size(); ++i) {
        const Bookmark& b = bookmarks[i];
        QJsonObject layout{{"method", b.method}, {"dims", b.dims}, {"parameters", b.parameters}};
        const QString same = sameAs(bookmarks, i, documentXyz);
        if (!same.isEmpty()) {
            layout["same_as"] = same;
        } else {
            layout["encoding"] = kXyzEncoding;
            layout["xyz"] = xyzToBase64(*b.xyz);
        }
        QJsonObject json{{"name", b.name},
                         {"description", b.description},
                         {"layout", layout},
                         {"view", QJsonObject{{"mode", b.twoD ? "2d" : "3d"},
                                              {"camera", cameraToJson(b.camera)}}},
                         {"selection", rowsToJson(b.selection)},
                         {"hidden", rangesToJson(b.hidden)}};
        if (!b.color.isEmpty()) json["color"] = b.color;
        if (!b.search.isEmpty()) json["search"] = b.search;
        if (!b.labelColumn.isEmpty()) json["label_column"] = b.labelColumn;
        array.append(json);
    }
    return array;
}

std::vector<Bookmark> bookmarksFromJson(const QJsonArray& array, qint64 rows,
                                        const std::vector<float>& documentXyz,
                                        FieldReader& reader) {
    std::vector<Bookmark> bookmarks;
    const auto document = std::make_shared<const std::vector<float>>(documentXyz);
    for (qsizetype i = 0; i < array.size() && reader.ok(); ++i) {
        const QString where = QStringLiteral("bookmarks[%1]").arg(i);
        if (!array[i].isObject()) {
            reader.fail(reader.at(where) + QStringLiteral(" to be an object"), typeName(array[i]));
            break;
        }
        bookmarks.push_back(
            readBookmark(array[i].toObject(), where, rows, bookmarks, document, reader));
    }
    if (!reader.ok()) bookmarks.clear();
    return bookmarks;
}

} // namespace sessionjson
