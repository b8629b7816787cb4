#include "session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <bit>
#include <climits>
#include <cmath>
#include <cstring>

namespace {

const char* const kFormatMarker = "vecspace-session";
const char* const kEncoding = "base64-float32le";

static_assert(std::endian::native == std::endian::little,
              "session coordinates are stored as little-endian float32, copied as is");

QString typeName(const QJsonValue& value) {
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("true/false");
    case QJsonValue::Double:
        return QStringLiteral("the number %1").arg(value.toDouble());
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// Reads fields and keeps the first error: "FILE: expected KEY to be X, found Y".
class FieldReader {
public:
    explicit FieldReader(QString file) : m_file(std::move(file)) {}

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    void fail(const QString& expected, const QString& found) {
        if (ok())
            m_error = QStringLiteral("%1: expected %2, found %3").arg(m_file, expected, found);
    }

    QJsonValue field(const QJsonObject& object, const QString& key, QJsonValue::Type type,
                     const char* what) {
        const QJsonValue value = object.value(key.section(QLatin1Char('.'), -1));
        if (value.type() != type)
            fail(QStringLiteral("%1 to be %2").arg(key, what), typeName(value));
        return value;
    }
    QJsonObject object(const QJsonObject& o, const QString& key) {
        return field(o, key, QJsonValue::Object, "an object").toObject();
    }
    QJsonArray array(const QJsonObject& o, const QString& key) {
        return field(o, key, QJsonValue::Array, "an array").toArray();
    }
    QString string(const QJsonObject& o, const QString& key) {
        return field(o, key, QJsonValue::String, "a string").toString();
    }
    double number(const QJsonObject& o, const QString& key) {
        const double value = field(o, key, QJsonValue::Double, "a number").toDouble();
        if (ok() && !std::isfinite(value)) fail(key + QStringLiteral(" to be finite"), "not");
        return value;
    }
    // A whole number in [min, max].
    qint64 count(const QJsonValue& value, const QString& key, qint64 min, qint64 max) {
        const double number = value.toDouble(-1.0);
        if (!value.isDouble() || number != std::floor(number) || number < double(min) ||
            number > double(max)) {
            fail(QStringLiteral("%1 to be a whole number from %2 to %3").arg(key).arg(min).arg(max),
                 typeName(value));
            return min;
        }
        return qint64(number);
    }
    qint64 count(const QJsonObject& o, const QString& key, qint64 min, qint64 max) {
        return count(o.value(key.section(QLatin1Char('.'), -1)), key, min, max);
    }

private:
    QString m_file;
    QString m_error;
};

QJsonArray rowsToJson(const std::vector<int>& rows) {
    QJsonArray array;
    for (int row : rows)
        array.append(row);
    return array;
}

// Hidden rows are usually all but a few (isolate): stored as [start, end) ranges.
QJsonArray rangesToJson(const std::vector<int>& rows) {
    QJsonArray ranges;
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i + 1;
        while (j < rows.size() && rows[j] == rows[j - 1] + 1)
            ++j;
        ranges.append(QJsonArray{rows[i], rows[j - 1] + 1});
        i = j;
    }
    return ranges;
}

std::vector<int> rowsFromJson(const QJsonArray& array, qint64 rows, const QString& key,
                              FieldReader& reader) {
    std::vector<int> out;
    out.reserve(std::size_t(array.size()));
    for (qsizetype i = 0; i < array.size() && reader.ok(); ++i) {
        const QString where = QStringLiteral("%1[%2]").arg(key).arg(i);
        const qint64 row =
            reader.count(array[i], where, out.empty() ? 0 : out.back() + 1, rows - 1);
        out.push_back(int(row));
    }
    return out;
}

std::vector<int> rangesFromJson(const QJsonArray& array, qint64 rows, FieldReader& reader) {
    std::vector<int> out;
    for (qsizetype i = 0; i < array.size() && reader.ok(); ++i) {
        const QString where = QStringLiteral("hidden[%1]").arg(i);
        const QJsonArray range = array[i].toArray();
        if (!array[i].isArray() || range.size() != 2) {
            reader.fail(where + QStringLiteral(" to be a [start, end) pair"), typeName(array[i]));
            break;
        }
        const qint64 start =
            reader.count(range[0], where + "[0]", out.empty() ? 0 : out.back() + 1, rows - 1);
        const qint64 end = reader.count(range[1], where + "[1]", start + 1, rows);
        for (qint64 row = start; reader.ok() && row < end; ++row)
            out.push_back(int(row));
    }
    return out;
}

QJsonObject cameraToJson(const CameraPose& pose) {
    return QJsonObject{{"target", QJsonArray{pose.target.x(), pose.target.y(), pose.target.z()}},
                       {"distance", pose.distance},
                       {"yaw", pose.yaw},
                       {"pitch", pose.pitch}};
}

CameraPose cameraFromJson(const QJsonObject& json, FieldReader& reader) {
    CameraPose pose;
    const QJsonArray target = reader.array(json, QStringLiteral("view.camera.target"));
    if (reader.ok() && (target.size() != 3 || !target[0].isDouble() || !target[1].isDouble() ||
                        !target[2].isDouble()))
        reader.fail(QStringLiteral("view.camera.target to be 3 numbers"),
                    QStringLiteral("%1 values").arg(target.size()));
    pose.target = QVector3D(float(target[0].toDouble()), float(target[1].toDouble()),
                            float(target[2].toDouble()));
    pose.distance = float(reader.number(json, QStringLiteral("view.camera.distance")));
    pose.yaw = float(reader.number(json, QStringLiteral("view.camera.yaw")));
    pose.pitch = float(reader.number(json, QStringLiteral("view.camera.pitch")));
    if (reader.ok() && !(pose.distance > 0.0f))
        reader.fail(QStringLiteral("view.camera.distance to be positive"),
                    QString::number(pose.distance));
    return pose;
}

void readLayout(const QJsonObject& json, qint64 rows, Session::Layout& layout,
                FieldReader& reader) {
    layout.method = reader.string(json, QStringLiteral("layout.method"));
    layout.dims = int(reader.count(json, QStringLiteral("layout.dims"), 2, 3));
    layout.parameters = json.value(QStringLiteral("parameters")).toObject();
    const qint64 layoutRows = reader.count(json, QStringLiteral("layout.rows"), 0, INT_MAX);
    if (reader.ok() && layoutRows != rows)
        reader.fail(QStringLiteral("layout.rows to equal data.rows (%1)").arg(rows),
                    QString::number(layoutRows));
    const QString encoding = reader.string(json, QStringLiteral("layout.encoding"));
    if (reader.ok() && encoding != QLatin1String(kEncoding))
        reader.fail(QStringLiteral("layout.encoding to be %1").arg(kEncoding), encoding);
    const QString text = reader.string(json, QStringLiteral("layout.xyz"));
    if (!reader.ok()) return;
    const auto result =
        QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result) {
        reader.fail(QStringLiteral("layout.xyz to be base64"), QStringLiteral("other characters"));
        return;
    }
    const QByteArray& decoded = result.decoded;
    const qint64 bytes = rows * 3 * qint64(sizeof(float));
    if (decoded.size() != bytes) {
        reader.fail(QStringLiteral("%1 bytes of coordinates in layout.xyz (%2 rows x 3 float32)")
                        .arg(bytes)
                        .arg(rows),
                    QString::number(decoded.size()));
        return;
    }
    layout.xyz.resize(std::size_t(rows) * 3);
    std::memcpy(layout.xyz.data(), decoded.constData(), std::size_t(bytes));
    for (std::size_t i = 0; i < layout.xyz.size(); ++i)
        if (!std::isfinite(layout.xyz[i])) {
            reader.fail(QStringLiteral("finite coordinates in layout.xyz"),
                        QStringLiteral("%1 for row %2").arg(layout.xyz[i]).arg(i / 3));
            return;
        }
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
    const QJsonObject dataJson{{"path", data.path},
                               {"relative_path", data.relativePath},
                               {"format", data.format},
                               {"labels", data.labelsPath},
                               {"metadata", data.metadataPath},
                               {"limit", data.limit},
                               {"rows", data.rows},
                               {"dims", data.dims},
                               {"labels_fnv1a64", data.labelsHash}};
    const QByteArray raw = QByteArray::fromRawData(reinterpret_cast<const char*>(layout.xyz.data()),
                                                   qsizetype(layout.xyz.size() * sizeof(float)));
    const QJsonObject layoutJson{
        {"method", layout.method},         {"dims", layout.dims},
        {"parameters", layout.parameters}, {"rows", qint64(layout.xyz.size() / 3)},
        {"encoding", kEncoding},           {"xyz", QString::fromLatin1(raw.toBase64())}};
    const QJsonObject view{{"mode", twoD ? "2d" : "3d"},
                           {"camera", cameraToJson(camera)},
                           {"point_size", pointSize},
                           {"theme", theme}};
    QJsonObject json{
        {"format", kFormatMarker},
        {"version", kVersion},
        {"data", dataJson},
        {"layout", layoutJson},
        {"view", view},
        {"selection", QJsonObject{{"rows", rowsToJson(selection)},
                                  {"labels", QJsonArray::fromStringList(selectionLabels)}}},
        {"hidden", rangesToJson(hidden)}};
    if (!color.isEmpty()) json["color"] = color;
    if (!search.isEmpty()) json["search"] = search;
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
    const QJsonObject data = reader.object(json, QStringLiteral("data"));
    Data& d = session.data;
    d.path = reader.string(data, QStringLiteral("data.path"));
    d.relativePath = data.value("relative_path").toString();
    d.format = reader.string(data, QStringLiteral("data.format"));
    d.labelsPath = data.value("labels").toString();
    d.metadataPath = data.value("metadata").toString();
    d.limit = reader.count(data, QStringLiteral("data.limit"), 0, INT_MAX);
    d.rows = reader.count(data, QStringLiteral("data.rows"), 0, INT_MAX);
    d.dims = reader.count(data, QStringLiteral("data.dims"), 0, INT_MAX);
    d.labelsHash = reader.string(data, QStringLiteral("data.labels_fnv1a64"));
    if (reader.ok()) readLayout(reader.object(json, "layout"), d.rows, session.layout, reader);

    const QJsonObject view = reader.object(json, QStringLiteral("view"));
    const QString mode = reader.string(view, QStringLiteral("view.mode"));
    if (reader.ok() && mode != "2d" && mode != "3d")
        reader.fail(QStringLiteral("view.mode to be \"2d\" or \"3d\""), mode);
    session.twoD = mode == "2d";
    if (reader.ok()) session.camera = cameraFromJson(reader.object(view, "view.camera"), reader);
    session.pointSize = float(reader.number(view, QStringLiteral("view.point_size")));
    session.theme = reader.string(view, QStringLiteral("view.theme"));

    const QJsonObject selection = reader.object(json, QStringLiteral("selection"));
    if (reader.ok())
        session.selection = rowsFromJson(reader.array(selection, "selection.rows"), d.rows,
                                         "selection.rows", reader);
    const QJsonArray labels = reader.array(selection, QStringLiteral("selection.labels"));
    for (const QJsonValue& label : labels)
        session.selectionLabels << label.toString();
    if (reader.ok() && std::size_t(labels.size()) != session.selection.size())
        reader.fail(QStringLiteral("one label per selected row (%1)").arg(session.selection.size()),
                    QStringLiteral("%1 labels").arg(labels.size()));
    if (reader.ok())
        session.hidden =
            rangesFromJson(reader.array(json, QStringLiteral("hidden")), d.rows, reader);
    session.color = json.value("color").toObject();
    session.search = json.value("search").toObject();

    if (!reader.ok()) {
        if (error) *error = reader.error();
        return std::nullopt;
    }
    return session;
}
