#pragma once

#include <QFile>
#include <QString>
#include <filesystem>

// Qt's paths and the core's, converted in one place: encodeName gives the bytes the file system
// uses, which need not be UTF-8.
inline std::filesystem::path toFsPath(const QString& path) {
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

inline QString fromFsPath(const std::filesystem::path& path) {
    return path.empty() ? QString() : QFile::decodeName(QByteArray::fromStdString(path.string()));
}
