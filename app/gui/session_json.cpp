#include "session_json.h"

#include <QByteArray>
#include <bit>
#include <cmath>
#include <cstring>

static_assert(std::endian::native == std::endian::little,
              "session coordinates are stored as little-endian float32, copied as is");

namespace sessionjson {

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

void FieldReader::fail(const QString& expected, const QString& found) {
    if (ok()) m_error = QStringLiteral("%1: expected %2, found %3").arg(m_file, expected, found);
}

QJsonValue FieldReader::field(const QJsonObject& object, const QString& key, QJsonValue::Type type,
                              const char* what) {
    const QJsonValue value = object.value(key.section(QLatin1Char('.'), -1));
    if (value.type() != type)
        fail(QStringLiteral("%1 to be %2").arg(at(key), what), typeName(value));
    return value;
}

QJsonObject FieldReader::object(const QJsonObject& o, const QString& key) {
    return field(o, key, QJsonValue::Object, "an object").toObject();
}

QJsonArray FieldReader::array(const QJsonObject& o, const QString& key) {
    return field(o, key, QJsonValue::Array, "an array").toArray();
}

QString FieldReader::string(const QJsonObject& o, const QString& key) {
    return field(o, key, QJsonValue::String, "a string").toString();
}

double FieldReader::number(const QJsonObject& o, const QString& key) {
    const double value = field(o, key, QJsonValue::Double, "a number").toDouble();
    if (ok() && !std::isfinite(value)) fail(at(key) + QStringLiteral(" to be finite"), "not");
    return value;
}

qint64 FieldReader::count(const QJsonValue& value, const QString& key, qint64 min, qint64 max) {
    const double number = value.toDouble(-1.0);
    if (!value.isDouble() || number != std::floor(number) || number < double(min) ||
        number > double(max)) {
        fail(QStringLiteral("%1 to be a whole number from %2 to %3").arg(at(key)).arg(min).arg(max),
             typeName(value));
        return min;
    }
    return qint64(number);
}

qint64 FieldReader::count(const QJsonObject& o, const QString& key, qint64 min, qint64 max) {
    return count(o.value(key.section(QLatin1Char('.'), -1)), key, min, max);
}

QJsonArray rowsToJson(const std::vector<int>& rows) {
    QJsonArray array;
    for (int row : rows)
        array.append(row);
    return array;
}

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

std::vector<int> rangesFromJson(const QJsonArray& array, qint64 rows, const QString& key,
                                FieldReader& reader) {
    std::vector<int> out;
    for (qsizetype i = 0; i < array.size() && reader.ok(); ++i) {
        const QString where = QStringLiteral("%1[%2]").arg(key).arg(i);
        const QJsonArray range = array[i].toArray();
        if (!array[i].isArray() || range.size() != 2) {
            reader.fail(reader.at(where) + QStringLiteral(" to be a [start, end) pair"),
                        typeName(array[i]));
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

CameraPose cameraFromJson(const QJsonObject& json, const QString& key, FieldReader& reader) {
    CameraPose pose;
    const QJsonArray target = reader.array(json, key + QStringLiteral(".target"));
    if (reader.ok() && (target.size() != 3 || !target[0].isDouble() || !target[1].isDouble() ||
                        !target[2].isDouble()))
        reader.fail(reader.at(key) + QStringLiteral(".target to be 3 numbers"),
                    QStringLiteral("%1 values").arg(target.size()));
    pose.target = QVector3D(float(target[0].toDouble()), float(target[1].toDouble()),
                            float(target[2].toDouble()));
    pose.distance = float(reader.number(json, key + QStringLiteral(".distance")));
    pose.yaw = float(reader.number(json, key + QStringLiteral(".yaw")));
    pose.pitch = float(reader.number(json, key + QStringLiteral(".pitch")));
    if (reader.ok() && !(pose.distance > 0.0f))
        reader.fail(reader.at(key) + QStringLiteral(".distance to be positive"),
                    QString::number(pose.distance));
    return pose;
}

QString xyzToBase64(const std::vector<float>& xyz) {
    const QByteArray raw = QByteArray::fromRawData(reinterpret_cast<const char*>(xyz.data()),
                                                   qsizetype(xyz.size() * sizeof(float)));
    return QString::fromLatin1(raw.toBase64());
}

std::vector<float> xyzFromBase64(const QString& text, qint64 rows, const QString& key,
                                 FieldReader& reader) {
    const auto result =
        QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result) {
        reader.fail(reader.at(key) + QStringLiteral(" to be base64"),
                    QStringLiteral("other characters"));
        return {};
    }
    const QByteArray& decoded = result.decoded;
    const qint64 bytes = rows * 3 * qint64(sizeof(float));
    if (decoded.size() != bytes) {
        reader.fail(QStringLiteral("%1 bytes of coordinates in %2 (%3 rows x 3 float32)")
                        .arg(bytes)
                        .arg(reader.at(key))
                        .arg(rows),
                    QString::number(decoded.size()));
        return {};
    }
    std::vector<float> xyz(std::size_t(rows) * 3);
    std::memcpy(xyz.data(), decoded.constData(), std::size_t(bytes));
    for (std::size_t i = 0; i < xyz.size(); ++i)
        if (!std::isfinite(xyz[i])) {
            reader.fail(QStringLiteral("finite coordinates in %1").arg(reader.at(key)),
                        QStringLiteral("%1 for row %2").arg(xyz[i]).arg(i / 3));
            return {};
        }
    return xyz;
}

} // namespace sessionjson
