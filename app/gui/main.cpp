#include "demo_set.h"
#include "fs_path.h"
#include "main_window.h"
#include "point_view.h"
#include "session_controller.h"
#include "startup_script.h"
#include "vecspace/io/format.h"
#include "vecspace/layout/projection.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSize>
#include <QStringList>
#include <QSurfaceFormat>
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
                                    vecspace::Format::ProjectorTsv, vecspace::Format::Npy,
                                    vecspace::Format::Safetensors, vecspace::Format::Gguf}) {
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
    if (!infoOnly) {
        // The icon is compiled into the static GUI library: its resources need naming here.
        Q_INIT_RESOURCE(icons);
        QIcon icon;
        for (int size : {16, 32, 48, 64, 128, 256})
            icon.addFile(QStringLiteral(":/icons/vecspace-%1.png").arg(size));
        QApplication::setWindowIcon(icon);
        QGuiApplication::setDesktopFileName(QStringLiteral("vecspace")); // vecspace.desktop
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore embedding spaces."));
    parser.addPositionalArgument(
        QStringLiteral("files"),
        QStringLiteral("Embedding files to open, each as a document of its own, the first one "
                       "active (default: the demo set). The options below apply to the first."),
        QStringLiteral("[FILE...]"));
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
        QStringLiteral("A tab-separated metadata table for FILE, any format: one line per row "
                       "in order (a header when there are several columns), or joined by label "
                       "when its first column holds labels (a Projector TSV's default: "
                       "metadata.tsv beside it)."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("When FILE is loaded and the options above are done, save a picture of "
                       "the window (every point drawn) to OUT.png and exit."),
        QStringLiteral("OUT.png"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
                                        QStringLiteral("Resize the window to W x H pixels."),
                                        QStringLiteral("WxH"));
    const QCommandLineOption projectionOption(
        QStringLiteral("projection"),
        QStringLiteral("Once FILE is loaded, lay it out with pca, tsne or umap."),
        QStringLiteral("METHOD"));
    const QCommandLineOption dimsOption(QStringLiteral("dims"),
                                        QStringLiteral("Dimensions of that layout: 2 or 3."),
                                        QStringLiteral("N"));
    const QCommandLineOption colorByOption(
        QStringLiteral("color-by"),
        QStringLiteral("Colour the points by 'cluster' (k-means), 'density' (clusters of the "
                       "layout), 'single' or a metadata COLUMN."),
        QStringLiteral("COLUMN"));
    const QCommandLineOption selectOption(
        QStringLiteral("select"),
        QStringLiteral("Select LABEL, show it in the Inspector and fly to it."),
        QStringLiteral("LABEL"));
    const QCommandLineOption analogyOption(
        QStringLiteral("analogy"),
        QStringLiteral("Ask EXPR in the Analogy dock (\"king - man + woman\" or \"man : king :: "
                       "woman : ?\"): the answer listed, selected and drawn in the view."),
        QStringLiteral("EXPR"));
    // Not --session: QGuiApplication takes -session/--session for the desktop's session manager.
    const QCommandLineOption sessionOption(
        QStringLiteral("open-session"),
        QStringLiteral("Open a saved session (its data file, layout, camera, selection) "
                       "instead of FILE."),
        QStringLiteral("FILE.json"));
    const QCommandLineOption analogyAxesOption(
        QStringLiteral("analogy-axes"),
        QStringLiteral("With --analogy: lay every point out on the question's analogy axes "
                       "(x: b - a, y: c - a)."));
    const QCommandLineOption connectRowsOption(
        QStringLiteral("connect-rows"),
        QStringLiteral("Draw a line through the rows in file order (View > Connect Rows)."));
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QStringLiteral("Open FILE B beside the first file and compare them: shared labels, "
                       "neighbourhood overlap, B aligned onto the first (Compare dock)."),
        QStringLiteral("B"));
    const QCommandLineOption compareViewOption(
        QStringLiteral("compare-view"),
        QStringLiteral("With --compare: 'side' (two linked views, the default) or 'joint' (both "
                       "in one layout, a line from each label's first position to its B one)."),
        QStringLiteral("VIEW"));
    const QCommandLineOption compareKOption(
        QStringLiteral("compare-k"),
        QStringLiteral("With --compare: neighbours per label whose overlap is measured (1-250, "
                       "default 10)."),
        QStringLiteral("K"));
    parser.addOptions({formatOption, labelsOption, metadataOption, projectionOption, dimsOption,
                       colorByOption, selectOption, analogyOption, analogyAxesOption,
                       connectRowsOption, compareOption, compareViewOption, compareKOption,
                       screenshotOption, sizeOption, sessionOption});
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();

    // parse(), not process(): process() exits with 1 on a bad option, and 1 means "load failed".
    if (!parser.parse(QApplication::arguments())) return usageError(parser.errorText());
    if (parser.isSet(helpOption)) parser.showHelp(0);
    // Only process() can list Qt's own options; the arguments are known to parse by now.
    if (parser.isSet(QStringLiteral("help-all"))) parser.process(QApplication::arguments());
    if (parser.isSet(versionOption)) parser.showVersion();

    const QStringList positional = parser.positionalArguments();

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
    StartupScript::Options script;
    script.screenshotPath = parser.value(screenshotOption);
    if (screenshot && script.screenshotPath.isEmpty())
        return usageError(QStringLiteral("--screenshot needs an output file name"));
    if (parser.isSet(projectionOption)) {
        script.method =
            vecspace::parseProjectionMethod(parser.value(projectionOption).toStdString());
        if (!script.method)
            return usageError(QStringLiteral("--projection must be pca, tsne or umap, not '%1'")
                                  .arg(parser.value(projectionOption)));
    }
    if (parser.isSet(dimsOption)) {
        const QString dims = parser.value(dimsOption);
        if (dims != QLatin1String("2") && dims != QLatin1String("3"))
            return usageError(QStringLiteral("--dims must be 2 or 3, not '%1'").arg(dims));
        script.dimensions = dims.toInt();
    }
    for (const auto& [option, value] :
         {std::pair{&colorByOption, &script.colorBy}, std::pair{&selectOption, &script.select},
          std::pair{&analogyOption, &script.analogy}}) {
        if (!parser.isSet(*option)) continue;
        *value = parser.value(*option);
        if (value->trimmed().isEmpty())
            return usageError(QStringLiteral("--%1 needs a value").arg(option->names().front()));
    }
    script.analogyAxes = parser.isSet(analogyAxesOption);
    if (script.analogyAxes && script.analogy.isEmpty())
        return usageError(QStringLiteral("--analogy-axes needs --analogy"));
    // Both select a point, and the second would hide the first.
    if (!script.select.isEmpty() && !script.analogy.isEmpty())
        return usageError(QStringLiteral("give --select or --analogy, not both"));
    if (parser.isSet(compareOption)) {
        script.compareWith = parser.value(compareOption);
        if (!QFileInfo(script.compareWith).isFile())
            return usageError(
                QStringLiteral("--compare: no such file '%1'").arg(script.compareWith));
    }
    for (const QCommandLineOption* option : {&compareViewOption, &compareKOption})
        if (parser.isSet(*option) && script.compareWith.isEmpty())
            return usageError(
                QStringLiteral("--%1 applies only with --compare").arg(option->names().front()));
    if (parser.isSet(compareViewOption)) {
        const QString view = parser.value(compareViewOption);
        if (view != QLatin1String("side") && view != QLatin1String("joint"))
            return usageError(
                QStringLiteral("--compare-view must be side or joint, not '%1'").arg(view));
        script.compare.view = view == QLatin1String("joint") ? CompareSettings::View::Joint
                                                             : CompareSettings::View::SideBySide;
    }
    if (parser.isSet(compareKOption)) {
        bool ok = false;
        const int k = parser.value(compareKOption).toInt(&ok);
        if (!ok || k < 1 || k > 250)
            return usageError(QStringLiteral("--compare-k must be a whole number from 1 to 250, "
                                             "not '%1'")
                                  .arg(parser.value(compareKOption)));
        script.compare.k = k;
    }
    const bool scripted = screenshot || script.method || script.dimensions != 0 ||
                          !script.colorBy.isEmpty() || !script.select.isEmpty() ||
                          !script.analogy.isEmpty() || !script.compareWith.isEmpty();

    const QStringList paths = positional.isEmpty() ? QStringList{findDemoSet()} : positional;
    const QString path = paths.first();
    const QString sessionPath = parser.value(sessionOption);
    if (parser.isSet(sessionOption) && (sessionPath.isEmpty() || !positional.isEmpty()))
        return usageError(QStringLiteral("--open-session takes a session file and no FILE (the "
                                         "session names its data file)"));

    MainWindow window;
    window.setScreenshotMode(screenshot);
    if (!screenshot) window.restoreSettings();
    if (size) window.resize(*size);
    if (parser.isSet(connectRowsOption))
        window.findChild<QAction*>(QStringLiteral("connectRowsAction"))->setChecked(true);

    if (screenshot && sessionPath.isEmpty() && path.isEmpty()) {
        std::fprintf(stderr, "vecspace: no FILE given and the demo set was not found "
                             "(set VECSPACE_DEMO to its path)\n");
        return kExitLoadError;
    }
    std::unique_ptr<StartupScript> startup;
    if (scripted) {
        startup = std::make_unique<StartupScript>(window.parts(), script);
        QObject::connect(startup.get(), &StartupScript::finished, app.get(),
                         [screenshot](bool ok, const QString& message) {
                             if (!ok) std::fprintf(stderr, "vecspace: %s\n", qPrintable(message));
                             if (!screenshot)
                                 return; // the window stays, the message in its status bar
                             if (ok) {
                                 std::printf("%s\n", qPrintable(message));
                                 std::fflush(stdout);
                             }
                             QCoreApplication::exit(ok ? 0 : kExitLoadError);
                         });
        if (sessionPath.isEmpty())
            startup->start();
        else
            startup->startOnSession(window.sessions());
    }

    window.show();
    if (!sessionPath.isEmpty()) {
        QObject::connect(window.sessions(), &SessionController::failed, app.get(),
                         [screenshot](const QString& message) {
                             std::fprintf(stderr, "vecspace: %s\n", qPrintable(message));
                             if (screenshot) QCoreApplication::exit(kExitLoadError);
                         });
        window.sessions()->open(sessionPath);
    } else if (path.isEmpty())
        window.openDemoSet(); // reports that the demo set is missing
    else
        window.openFiles(paths, options);
    return QApplication::exec();
}
