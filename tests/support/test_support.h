#pragma once

#include "vecspace/base/embedding_set.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <string>

namespace testsupport {

// A file shipped in tests/data.
std::string dataPath(const char* name);
QString data(const char* name);

// One vecspace-cli process: exit code (-1 when it did not finish in time, -2 when it crashed),
// stdout and stderr.
struct CliRun {
    int exitCode = -1;
    QByteArray out, err;
};
CliRun runCli(const QStringList& args, int timeoutMs = 60000,
              const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

// One vecspace (the window) process, e.g. a --screenshot run; the same fields.
CliRun runGui(const QStringList& args, int timeoutMs = 120000);

// Runs vecspace-cli with `args` and --quiet; empty when it exited with `exitCode` and said
// `message` on stderr, else what it did instead (for QVERIFY2).
QString cliErrorMismatch(const QStringList& args, int exitCode, const QString& message);

// An .npy file as numpy.save lays it out (version 1.0, header padded to 128 bytes) with `data`;
// `dict` is the header's dictionary, at most 117 bytes.
QByteArray npy(const QByteArray& dict, const QByteArray& data);

// Writes bytes to dir/name and returns the path.
std::string writeFile(const QString& dir, const QString& name, const QByteArray& bytes);

// Index of a label, or -1.
long rowOf(const vecspace::EmbeddingSet& set, const std::string& label);

// Why the kernel refuses this process a read lease on `path` (not every file system grants
// them; a container's overlay may not), or empty if it grants one. A .npy of float32 is read in
// place only under such a lease (core/src/base/write_guard.h).
QString readLeaseRefusal(const QString& path);

// True when some warning has the kind.
bool hasWarning(const vecspace::EmbeddingSet& set, vecspace::WarningKind kind);

} // namespace testsupport
