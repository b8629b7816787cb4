// Bad files rather than bad bytes (issue 15's catalogue, with test_bad_input): a folder that
// holds no model, a file the user may not read, noise, and the warning bookkeeping a fuzzer
// found wanting. Each ends in a LoadError naming the file, never a crash.
#include "base/utf8.h"
#include "io/warning_collector.h"
#include "test_support.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

using namespace vecspace;
using testsupport::writeFile;

class TestBadFiles : public QObject {
    Q_OBJECT

private slots:
    void folderWithoutModel();
    void unreadableFile();
    void randomBytes();
    void warningsOfEveryKindAreCounted();

private:
    QTemporaryDir m_dir;
};

void TestBadFiles::folderWithoutModel() {
    // A folder opens as a model checkpoint; one without model files says what it looked for.
    QVERIFY(QDir(m_dir.path()).mkpath("just-notes"));
    writeFile(m_dir.path() + "/just-notes", "README.md", "nothing here\n");
    const std::string folder = m_dir.path().toStdString() + "/just-notes";
    try {
        loadEmbeddings(folder);
        QFAIL("expected a LoadError");
    } catch (const LoadError& e) {
        QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(folder)), e.what());
        QVERIFY2(QString(e.what()).contains(".safetensors"), e.what());
    }
}

void TestBadFiles::unreadableFile() {
    // Root reads any file, and CI runs as root: the load then runs in a child process that has
    // become the ordinary user 'nobody' (65534), as a user's desktop session would be.
    const QString dir = m_dir.path() + "/locked";
    QVERIFY(QDir().mkpath(dir));
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                   QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                   QFileDevice::ExeOther);
    QFile::setPermissions(m_dir.path(), QFile::permissions(m_dir.path()) | QFileDevice::ReadOther |
                                            QFileDevice::ExeOther);
    const std::string path = writeFile(dir, "secret.txt", "a 1 2\n");
    QVERIFY(QFile::setPermissions(QString::fromStdString(path), QFileDevice::WriteOwner));
    int channel[2];
    QVERIFY(pipe(channel) == 0);
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        close(channel[0]);
        std::string message = "loaded";
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            message = "setuid failed";
        else
            try {
                loadEmbeddings(path);
            } catch (const LoadError& e) {
                message = e.what();
            }
        if (write(channel[1], message.data(), message.size()) < 0) _exit(2);
        _exit(0);
    }
    close(channel[1]);
    QByteArray message;
    char buffer[512];
    for (ssize_t n; (n = read(channel[0], buffer, sizeof buffer)) > 0;)
        message.append(buffer, n);
    close(channel[0]);
    int status = 0;
    waitpid(child, &status, 0);
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    QVERIFY2(message.startsWith(QByteArray::fromStdString(path) + ": cannot open"), message);
    QVERIFY2(message.contains("Permission denied"), message);
}

void TestBadFiles::randomBytes() {
    // Noise of many lengths, with and without a plausible name: a LoadError naming the file
    // each time (the fuzzers go further; this keeps the promise in the ordinary suite).
    std::mt19937 random(15);
    const char* names[] = {"noise.txt", "noise.bin", "noise.vec", "noise.tsv", "noise"};
    for (int i = 0; i < 200; ++i) {
        QByteArray bytes(1 + static_cast<int>(random() % 3000), Qt::Uninitialized);
        for (char& c : bytes)
            c = static_cast<char>(random());
        const std::string path = writeFile(m_dir.path(), names[i % 5], bytes);
        try {
            const EmbeddingSet set = loadEmbeddings(path);
            QFAIL(qPrintable(QString("noise %1 loaded as %2 rows").arg(i).arg(set.rows())));
        } catch (const LoadError& e) {
            QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path) + ":"), e.what());
            // Quoted bytes are escaped unless they are whole UTF-8 characters: the message is
            // shown in the window and written into --json output.
            QVERIFY2(isValidUtf8(e.what()), e.what());
        }
    }
}

void TestBadFiles::warningsOfEveryKindAreCounted() {
    // fuzz_model's first finding: the collector counted 8 kinds in an array of 8 while there
    // are 10, so a model without a vocabulary (kind 8) wrote past it.
    WarningCollector warnings;
    const std::size_t each = WarningCollector::kMaxPerKind + 3;
    for (std::size_t kind = 0; kind + 1 < kWarningKinds; ++kind)
        for (std::size_t i = 0; i < each; ++i)
            warnings.add(WarningKind(kind), i + 1, "warning " + std::to_string(i));
    QCOMPARE(warnings.count(WarningKind::NoVocabulary), std::uint64_t(each));
    const std::vector<LoadWarning> list = warnings.finish();
    QCOMPARE(list.size(), (kWarningKinds - 1) * (WarningCollector::kMaxPerKind + 1));
    for (std::size_t kind = 0; kind + 1 < kWarningKinds; ++kind) {
        const std::string name(warningKindName(WarningKind(kind)));
        const std::string summary =
            "3 more '" + name + "' warnings not listed (" + std::to_string(each) + " in all)";
        QVERIFY2(std::any_of(list.begin(), list.end(),
                             [&](const LoadWarning& w) { return w.message == summary; }),
                 summary.c_str());
    }
}

QTEST_GUILESS_MAIN(TestBadFiles)
#include "test_bad_files.moc"
