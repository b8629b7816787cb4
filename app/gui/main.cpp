#include "demo_set.h"
#include "main_window.h"
#include "point_view.h"
#include "vecspace/format.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QPixmap>
#include <QRegularExpression>
#include <QSize>
#include <QStringList>
#include <QSurfaceFormat>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#ifndef VECSPACE_VERSION
#define VECSPACE_VERSION "0.1.0"
#endif

namespace {

constexpr int kExitLoadError = 1;
constexpr int kExitUsage = 2;

int usageError(const QString& message) {
    std::fprintf(stderr, "vecspace: %s\nTry 'vecspace --help' for more information.\n",
                 qPrintable(message));
    return kExitUsage;
}

QString knownFormatNames() {
    QStringList names;
    for (vecspace::Format format : {vecspace::Format::Word2VecText, vecspace::Format::GloveText,
                                    vecspace::Format::FastTextVec, vecspace::Format::Word2VecBinary,
                                    vecspace::Format::ProjectorTsv, vecspace::Format::Npy}) {
        const std::string_view name = vecspace::formatName(format);
        names << QString::fromUtf8(name.data(), qsizetype(name.size()));
    }
    return names.join(QStringLiteral(", "));
}

std::optional<QSize> parseSize(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})[xX](\\d{1,5})$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch()) return std::nullopt;
    const QSize size(match.captured(1).toInt(), match.captured(2).toInt());
    if (size.width() < 1 || size.height() < 1 || size.width() > 16384 || size.height() > 16384)
        return std::nullopt;
    return size;
}

std::filesystem::path toFsPath(const QString& path) {
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

bool saveScreenshot(MainWindow& window, const QString& outPath) {
    const QPixmap pixmap = window.grab();
    // No suffix gives Qt nothing to pick a format by; PNG is what was asked for.
    const char* format = QFileInfo(outPath).suffix().isEmpty() ? "PNG" : nullptr;
    return pixmap.save(outPath, format);
}

} // namespace

int main(int argc, char* argv[]) {
    // --help and --version must work without a display (over ssh, in scripts).
    bool infoOnly = false;
    for (int i = 1; i < argc; ++i)
        for (const char* flag : {"-h", "--help", "--help-all", "-v", "--version"})
            infoOnly |= std::strcmp(argv[i], flag) == 0;
    // Before the application object: every GL context then shares the point view's format.
    if (!infoOnly) QSurfaceFormat::setDefaultFormat(PointView::surfaceFormat());
    const std::unique_ptr<QCoreApplication> app =
        infoOnly ? std::make_unique<QCoreApplication>(argc, argv)
                 : std::make_unique<QApplication>(argc, argv);
    QApplication::setApplicationName(QStringLiteral("vecspace"));
    QApplication::setOrganizationName(QStringLiteral("Vecspace"));
    QApplication::setApplicationVersion(QStringLiteral(VECSPACE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore embedding spaces."));
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("Embedding file to open (default: the demo set)."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption formatOption(
        QStringLiteral("format"),
        QStringLiteral("Read FILE as F (%1) instead of detecting it.").arg(knownFormatNames()),
        QStringLiteral("F"));
    const QCommandLineOption labelsOption(
        QStringLiteral("labels"),
        QStringLiteral("Labels for an .npy FILE, one per line (default: <stem>.labels.txt)."),
        QStringLiteral("FILE"));
    const QCommandLineOption metadataOption(
        QStringLiteral("metadata"),
        QStringLiteral("Metadata for a Projector TSV FILE (default: metadata.tsv beside it)."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Once FILE is loaded, save a picture of the window to OUT.png and exit."),
        QStringLiteral("OUT.png"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
                                        QStringLiteral("Resize the window to W x H pixels."),
                                        QStringLiteral("WxH"));
    parser.addOptions({formatOption, labelsOption, metadataOption, screenshotOption, sizeOption});
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();

    // parse(), not process(): process() exits with 1 on a bad option, and 1 means "load failed".
    if (!parser.parse(QApplication::arguments())) return usageError(parser.errorText());
    if (parser.isSet(helpOption)) parser.showHelp(0);
    // Only process() can list Qt's own options; the arguments are known to parse by now.
    if (parser.isSet(QStringLiteral("help-all"))) parser.process(QApplication::arguments());
    if (parser.isSet(versionOption)) parser.showVersion();

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return usageError(
            QStringLiteral("expected at most one FILE, got %1").arg(positional.size()));

    vecspace::LoadOptions options;
    if (parser.isSet(formatOption)) {
        const std::string name = parser.value(formatOption).toStdString();
        const std::optional<vecspace::Format> format = vecspace::parseFormatName(name);
        if (!format)
            return usageError(QStringLiteral("unknown format '%1' (known: %2)")
                                  .arg(parser.value(formatOption), knownFormatNames()));
        options.format = *format;
    }
    if (parser.isSet(labelsOption)) options.labelsPath = toFsPath(parser.value(labelsOption));
    if (parser.isSet(metadataOption)) options.metadataPath = toFsPath(parser.value(metadataOption));

    std::optional<QSize> size;
    if (parser.isSet(sizeOption)) {
        size = parseSize(parser.value(sizeOption));
        if (!size)
            return usageError(QStringLiteral("--size wants WIDTHxHEIGHT in pixels, e.g. 1200x800; "
                                             "got '%1'")
                                  .arg(parser.value(sizeOption)));
    }

    const bool screenshot = parser.isSet(screenshotOption);
    const QString screenshotPath = parser.value(screenshotOption);
    if (screenshot && screenshotPath.isEmpty())
        return usageError(QStringLiteral("--screenshot needs an output file name"));

    const QString path = positional.isEmpty() ? findDemoSet() : positional.first();

    MainWindow window;
    window.setScreenshotMode(screenshot);
    if (!screenshot) window.restoreSettings();
    if (size) window.resize(*size);

    if (screenshot) {
        if (path.isEmpty()) {
            std::fprintf(stderr, "vecspace: no FILE given and the demo set was not found "
                                 "(set VECSPACE_DEMO to its path)\n");
            return kExitLoadError;
        }
        QObject::connect(&window, &MainWindow::loadFailed, app.get(), [](const QString& message) {
            std::fprintf(stderr, "vecspace: %s\n", qPrintable(message));
            QCoreApplication::exit(kExitLoadError);
        });
        // Once the point view has its layout, not merely the data loaded.
        QObject::connect(&window, &MainWindow::layoutReady, app.get(), [&window, screenshotPath] {
            // A moment for the view to lay out and paint the new rows before the grab.
            QTimer::singleShot(100, &window, [&window, screenshotPath] {
                if (!saveScreenshot(window, screenshotPath)) {
                    std::fprintf(stderr, "vecspace: cannot write %s\n", qPrintable(screenshotPath));
                    QCoreApplication::exit(kExitLoadError);
                    return;
                }
                std::printf("%s\n", qPrintable(screenshotPath));
                std::fflush(stdout);
                QCoreApplication::exit(0);
            });
        });
    }

    window.show();
    if (path.isEmpty())
        window.openDemoSet(); // reports that the demo set is missing
    else
        window.loadFile(path, options);
    return QApplication::exec();
}
