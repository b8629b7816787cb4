#include "demo_set.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace {

const char* const kDemoFileName = "glove.6B.100d.top20k.npy";

} // namespace

QString findDemoSet() {
    const QString fromEnvironment = qEnvironmentVariable("VECSPACE_DEMO");
    if (!fromEnvironment.isEmpty()) return fromEnvironment;
    return findResource(QStringLiteral("demo"), QLatin1String(kDemoFileName));
}

QString findResource(const QString& folder, const QString& name) {
    QStringList directories;
    // applicationDirPath() needs an application object; tests may call this without one.
    if (QCoreApplication::instance()) {
        const QString appDir = QCoreApplication::applicationDirPath();
        directories << appDir + QStringLiteral("/../share/vecspace/") + folder
                    << appDir + QStringLiteral("/../resources/") + folder
                    << appDir + QStringLiteral("/resources/") + folder;
    }
#ifdef VECSPACE_SOURCE_DEMO_DIR
    directories << QStringLiteral(VECSPACE_SOURCE_DEMO_DIR "/../") + folder;
#endif

    for (const QString& directory : directories) {
        const QFileInfo candidate(QDir(directory).filePath(name));
        if (candidate.isFile()) return QDir::cleanPath(candidate.absoluteFilePath());
    }
    return {};
}
