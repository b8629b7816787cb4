#include "test_support.h"

#include "reference_data.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace testsupport {

std::string dataPath(const char* name) {
    return std::string(VECSPACE_TEST_DATA_DIR) + "/" + name;
}

QString data(const char* name) {
    return QString::fromStdString(dataPath(name));
}

namespace {

CliRun runProcess(const QString& program, const QStringList& args, int timeoutMs,
                  const QProcessEnvironment& env) {
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    CliRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

CliRun runCli(const QStringList& args, int timeoutMs, const QProcessEnvironment& env) {
    return runProcess(QStringLiteral(VECSPACE_CLI_PATH), args, timeoutMs, env);
}

CliRun runGui(const QStringList& args, int timeoutMs) {
    return runProcess(QStringLiteral(VECSPACE_GUI_PATH), args, timeoutMs,
                      QProcessEnvironment::systemEnvironment());
}

QByteArray npy(const QByteArray& dict, const QByteArray& data) {
    QByteArray header = dict;
    header += QByteArray(118 - 1 - dict.size(), ' ') + "\n";
    return QByteArray("\x93NUMPY\x01\x00", 8) + QByteArray("\x76\x00", 2) + header + data;
}

std::string writeFile(const QString& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir + "/" + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        throw std::runtime_error("cannot write test file " + path.toStdString());
    return path.toStdString();
}

long rowOf(const vecspace::EmbeddingSet& set, const std::string& label) {
    for (std::size_t i = 0; i < set.labels.size(); ++i)
        if (set.labels[i] == label) return static_cast<long>(i);
    return -1;
}

bool hasWarning(const vecspace::EmbeddingSet& set, vecspace::WarningKind kind) {
    for (const auto& warning : set.warnings)
        if (warning.kind == kind) return true;
    return false;
}

QJsonObject gensimReference(const QString& model) {
    QFile file(QString::fromStdString(dataPath("reference/gensim_reference.json")));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read gensim_reference.json");
    return QJsonDocument::fromJson(file.readAll()).object()["models"].toObject()[model].toObject();
}

QJsonObject referenceJson(const char* name) {
    QFile file(QString::fromStdString(dataPath((std::string("reference/") + name).c_str())));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error(std::string("cannot read ") + name);
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString cliErrorMismatch(const QStringList& args, int exitCode, const QString& message) {
    const CliRun run = runCli(args + QStringList{QStringLiteral("--quiet")});
    const QString err = QString::fromUtf8(run.err);
    if (run.exitCode == exitCode && err.contains(message)) return {};
    return QStringLiteral("vecspace-cli %1: exit %2 (expected %3), stderr: %4 (expected to contain "
                          "\"%5\")")
        .arg(args.join(' '))
        .arg(run.exitCode)
        .arg(exitCode)
        .arg(err, message);
}

QString readLeaseRefusal(const QString& path) {
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "cannot open " + path;
    QString why;
    if (::fcntl(fd, F_SETLEASE, F_RDLCK) != 0) why = QString::fromLocal8Bit(std::strerror(errno));
    ::close(fd);
    return why;
}

} // namespace testsupport
