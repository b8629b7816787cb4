#pragma once

#include "camera.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <vector>

// The pieces session files are read and written with: a field reader that keeps the first
// error ("FILE: expected KEY to be X, found Y"), and the encodings of rows, ranges and cameras.
namespace sessionjson {

QString typeName(const QJsonValue& value);

class FieldReader {
public:
    explicit FieldReader(QString file) : m_file(std::move(file)) {}

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    // Keys in messages start with this ("documents[1]."): where the object read lies.
    void setPrefix(const QString& prefix) { m_prefix = prefix; }
    QString at(const QString& key) const { return m_prefix + key; }

    void fail(const QString& expected, const QString& found);
    // The value of the key's last dotted part in `object`, if it has `type`.
    QJsonValue field(const QJsonObject& object, const QString& key, QJsonValue::Type type,
                     const char* what);
    QJsonObject object(const QJsonObject& o, const QString& key);
    QJsonArray array(const QJsonObject& o, const QString& key);
    QString string(const QJsonObject& o, const QString& key);
    double number(const QJsonObject& o, const QString& key); // finite
    // A whole number in [min, max].
    qint64 count(const QJsonValue& value, const QString& key, qint64 min, qint64 max);
    qint64 count(const QJsonObject& o, const QString& key, qint64 min, qint64 max);

private:
    QString m_file;
    QString m_prefix;
    QString m_error;
};

QJsonArray rowsToJson(const std::vector<int>& rows);
// Hidden rows are usually all but a few (isolate): stored as [start, end) ranges.
QJsonArray rangesToJson(const std::vector<int>& rows);
// Ascending rows below `rows`; `key` names the array in messages.
std::vector<int> rowsFromJson(const QJsonArray& array, qint64 rows, const QString& key,
                              FieldReader& reader);
std::vector<int> rangesFromJson(const QJsonArray& array, qint64 rows, const QString& key,
                                FieldReader& reader);
// The "encoding" sessions name for coordinates stored as xyzToBase64 writes them.
inline constexpr const char* kXyzEncoding = "base64-float32le";
// Layout coordinates, rows x 3, as base64 of little-endian float32 (kXyzEncoding).
QString xyzToBase64(const std::vector<float>& xyz);
// Checks the length (rows x 3 values) and that every value is finite; `key` names the string.
std::vector<float> xyzFromBase64(const QString& text, qint64 rows, const QString& key,
                                 FieldReader& reader);
QJsonObject cameraToJson(const CameraPose& pose);
CameraPose cameraFromJson(const QJsonObject& json, const QString& key, FieldReader& reader);

} // namespace sessionjson
