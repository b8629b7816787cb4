#include "session.h"

#include "bookmark_json.h"
#include "session_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <climits>
#include <cmath>
#include <cstring>

using namespace sessionjson;

namespace {

const char* const kFormatMarker = "vecspace-session";

void readLayout(const QJsonObject& json, qint64 rows, SessionDocument::Layout& layout,
                FieldReader& reader) {
    layout.method = reader.string(json, QStringLiteral("layout.method"));
    layout.dims = int(reader.count(json, QStringLiteral("layout.dims"), 2, 3));
    layout.parameters = json.value(QStringLiteral("parameters")).toObject();
    const qint64 layoutRows = reader.count(json, QStringLiteral("layout.rows"), 0, INT_MAX);
    if (reader.ok() && layoutRows != rows)
        reader.fail(QStringLiteral("%1 to equal %2 (%3)")
                        .arg(reader.at("layout.rows"), reader.at("data.rows"))
                        .arg(rows),
                    QString::number(layoutRows));
    const QString encoding = reader.string(json, QStringLiteral("layout.encoding"));
    if (reader.ok() && encoding != QLatin1String(kXyzEncoding))
        reader.fail(QStringLiteral("%1 to be %2").arg(reader.at("layout.encoding"), kXyzEncoding),
                    encoding);
    const QString text = reader.string(json, QStringLiteral("layout.xyz"));
    if (!reader.ok()) return;
    layout.xyz = xyzFromBase64(text, rows, QStringLiteral("layout.xyz"), reader);
}

// One document's fields: at the top of a version 1 file, in "documents" in version 2.
QJsonObject documentToJson(const SessionDocument& document) {
    const SessionDocument::Data& data = document.data;
    const QJsonObject dataJson{{"path", data.path},
                               {"relative_path", data.relativePath},
                               {"format", data.format},
                               {"labels", data.labelsPath},
                               {"metadata", data.metadataPath},
                               {"limit", data.limit},
                               {"rows", data.rows},
                               {"dims", data.dims},
                               {"labels_fnv1a64", data.labelsHash}};
    const std::vector<float>& xyz = document.layout.xyz;
    const QJsonObject layoutJson{{"method", document.layout.method},
                                 {"dims", document.layout.dims},
                                 {"parameters", document.layout.parameters},
                                 {"rows", qint64(xyz.size() / 3)},
                                 {"encoding", kXyzEncoding},
                                 {"xyz", xyzToBase64(xyz)}};
    QJsonObject json{
        {"data", dataJson},
        {"layout", layoutJson},
        {"view", QJsonObject{{"mode", document.twoD ? "2d" : "3d"},
                             {"camera", cameraToJson(document.camera)}}},
        {"selection",
         QJsonObject{{"rows", rowsToJson(document.selection)},
                     {"labels", QJsonArray::fromStringList(document.selectionLabels)}}},
        {"hidden", rangesToJson(document.hidden)}};
    if (!document.color.isEmpty()) json["color"] = document.color;
    if (!document.search.isEmpty()) json["search"] = document.search;
    if (!document.labelColumn.isEmpty()) json["label_column"] = document.labelColumn;
    if (!document.bookmarks.empty())
        json["bookmarks"] = bookmarksToJson(document.bookmarks, document.layout.xyz);
    return json;
}

SessionDocument readDocument(const QJsonObject& json, FieldReader& reader) {
    SessionDocument document;
    const QJsonObject data = reader.object(json, QStringLiteral("data"));
    SessionDocument::Data& d = document.data;
    d.path = reader.string(data, QStringLiteral("data.path"));
    d.relativePath = data.value("relative_path").toString();
    d.format = reader.string(data, QStringLiteral("data.format"));
    d.labelsPath = data.value("labels").toString();
    d.metadataPath = data.value("metadata").toString();
    d.limit = reader.count(data, QStringLiteral("data.limit"), 0, INT_MAX);
    d.rows = reader.count(data, QStringLiteral("data.rows"), 0, INT_MAX);
    d.dims = reader.count(data, QStringLiteral("data.dims"), 0, INT_MAX);
    d.labelsHash = reader.string(data, QStringLiteral("data.labels_fnv1a64"));
    if (reader.ok()) readLayout(reader.object(json, "layout"), d.rows, document.layout, reader);

    const QJsonObject view = reader.object(json, QStringLiteral("view"));
    const QString mode = reader.string(view, QStringLiteral("view.mode"));
    if (reader.ok() && mode != "2d" && mode != "3d")
        reader.fail(reader.at("view.mode") + QStringLiteral(" to be \"2d\" or \"3d\""), mode);
    document.twoD = mode == "2d";
    if (reader.ok())
        document.camera = cameraFromJson(reader.object(view, "view.camera"),
                                         QStringLiteral("view.camera"), reader);

    const QJsonObject selection = reader.object(json, QStringLiteral("selection"));
    if (reader.ok())
        document.selection = rowsFromJson(reader.array(selection, "selection.rows"), d.rows,
                                          "selection.rows", reader);
    const QJsonArray labels = reader.array(selection, QStringLiteral("selection.labels"));
    for (const QJsonValue& label : labels)
        document.selectionLabels << label.toString();
    if (reader.ok() && std::size_t(labels.size()) != document.selection.size())
        reader.fail(QStringLiteral("one label per selected row (%1) in %2")
                        .arg(document.selection.size())
                        .arg(reader.at("selection.labels")),
                    QStringLiteral("%1 labels").arg(labels.size()));
    if (reader.ok())
        document.hidden = rangesFromJson(reader.array(json, QStringLiteral("hidden")), d.rows,
                                         QStringLiteral("hidden"), reader);
    document.color = json.value("color").toObject();
    document.search = json.value("search").toObject();
    document.labelColumn = json.value("label_column").toString();
    if (reader.ok() && json.contains("bookmarks"))
        document.bookmarks = bookmarksFromJson(reader.array(json, QStringLiteral("bookmarks")),
                                               d.rows, document.layout.xyz, reader);
    return document;
}

} // namespace

QString Session::labelsHash(const std::vector<std::string>& labels) {
    std::uint64_t hash = 14695981039346656037ull;
    const auto add = [&hash](unsigned char byte) {
        hash ^= byte;
        hash *= 1099511628211ull;
    };
    for (const std::string& label : labels) {
        for (char c : label)
            add(static_cast<unsigned char>(c));
        add('\n');
    }
    return QStringLiteral("%1").arg(hash, 16, 16, QLatin1Char('0'));
}

QByteArray Session::toJson() const {
    QJsonArray documentsJson;
    for (const SessionDocument& document : documents)
        documentsJson.append(documentToJson(document));
    QJsonObject json{{"format", kFormatMarker},
                     {"version", kVersion},
                     {"view", QJsonObject{{"point_size", pointSize}, {"theme", theme}}},
                     {"active", active},
                     {"documents", documentsJson}};
    if (!compare.isEmpty()) json["compare"] = compare;
    return QJsonDocument(json).toJson(QJsonDocument::Indented);
}

std::optional<Session> Session::fromJson(const QByteArray& bytes, const QString& fileName,
                                         QString* error) {
    FieldReader reader(fileName);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        reader.fail(
            QStringLiteral("a JSON session file"),
            QStringLiteral("%1 at byte %2").arg(parseError.errorString()).arg(parseError.offset));
    } else if (!document.isObject()) {
        reader.fail(QStringLiteral("a JSON object"), QStringLiteral("an array"));
    }
    const QJsonObject json = document.object();
    if (reader.ok() && json.value("format").toString() != QLatin1String(kFormatMarker))
        reader.fail(QStringLiteral("\"format\": \"%1\"").arg(kFormatMarker),
                    typeName(json.value("format")));
    const qint64 version = reader.count(json, QStringLiteral("version"), 1, INT_MAX);
    if (reader.ok() && version > kVersion)
        reader.fail(QStringLiteral("a session of version %1 or older").arg(kVersion),
                    QStringLiteral("version %1 (saved by a newer Vecspace)").arg(version));

    Session session;
    if (reader.ok() && version == 1) { // one document, its fields at the top
        session.documents.push_back(readDocument(json, reader));
    } else if (reader.ok()) {
        const QJsonArray documents = reader.array(json, QStringLiteral("documents"));
        if (reader.ok() && documents.isEmpty())
            reader.fail(QStringLiteral("documents to list at least one document"),
                        QStringLiteral("none"));
        for (qsizetype i = 0; i < documents.size() && reader.ok(); ++i) {
            const QString where = QStringLiteral("documents[%1]").arg(i);
            if (!documents[i].isObject()) {
                reader.fail(where + QStringLiteral(" to be an object"), typeName(documents[i]));
                break;
            }
            reader.setPrefix(where + QLatin1Char('.'));
            session.documents.push_back(readDocument(documents[i].toObject(), reader));
        }
        reader.setPrefix({});
        session.active = int(reader.count(json, QStringLiteral("active"), 0,
                                          std::max<qint64>(0, documents.size() - 1)));
    }
    const QJsonObject view = reader.object(json, QStringLiteral("view"));
    session.pointSize = float(reader.number(view, QStringLiteral("view.point_size")));
    session.theme = reader.string(view, QStringLiteral("view.theme"));
    if (reader.ok() && json.contains("compare")) {
        const QJsonObject compare = reader.object(json, QStringLiteral("compare"));
        const qint64 last = qint64(session.documents.size()) - 1;
        const qint64 a = reader.count(compare, QStringLiteral("compare.a"), 0, last);
        const qint64 b = reader.count(compare, QStringLiteral("compare.b"), 0, last);
        if (reader.ok() && a == b)
            reader.fail(QStringLiteral("compare.a and compare.b to name two documents"),
                        QStringLiteral("both %1").arg(a));
        session.compare = compare;
    }

    if (!reader.ok()) {
        if (error) *error = reader.error();
        return std::nullopt;
    }
    return session;
}
