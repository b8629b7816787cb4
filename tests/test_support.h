#pragma once

#include "vecspace/embedding_set.h"

#include <QByteArray>
#include <QString>
#include <string>

namespace testsupport {

// A file shipped in tests/data.
std::string dataPath(const char* name);

// Writes bytes to dir/name and returns the path.
std::string writeFile(const QString& dir, const QString& name, const QByteArray& bytes);

// Index of a label, or -1.
long rowOf(const vecspace::EmbeddingSet& set, const std::string& label);

// True when some warning has the kind.
bool hasWarning(const vecspace::EmbeddingSet& set, vecspace::WarningKind kind);

} // namespace testsupport
