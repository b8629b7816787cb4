#include "commands.h"

#include "arguments.h"
#include "cli_common.h"
#include "cli_progress.h"
#include "vecspace/io/loader.h"
#include "vecspace/io/writer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace vecspace::cli {

const char* const kInfoUsage =
    "vecspace-cli info FILE [--format F] [--limit N] [--labels FILE] [--metadata FILE]\n"
    "                       [--threads T] [--json] [--quiet]";
const char* const kConvertUsage =
    "vecspace-cli convert IN OUT [--format F] [--to F] [--limit N] [--labels FILE]\n"
    "                            [--metadata FILE] [--threads T] [--quiet]";

namespace {

QJsonObject infoJson(const TimedLoad& load) {
    QJsonArray warnings;
    for (const auto& warning : load.set.warnings) {
        QJsonObject item{{"kind", qs(std::string(warningKindName(warning.kind)))},
                         {"message", qs(warning.message)}};
        if (warning.line > 0) item["line"] = static_cast<qint64>(warning.line);
        warnings.append(item);
    }
    QJsonArray metadata;
    for (const auto& column : load.set.metadata)
        metadata.append(qs(column.name));
    return QJsonObject{{"file", qs(load.set.source.string())},
                       {"rows", static_cast<qint64>(load.set.rows())},
                       {"dims", static_cast<qint64>(load.set.dims())},
                       {"format", qs(std::string(formatName(load.set.format)))},
                       {"metadata", metadata},
                       {"warnings", warnings},
                       {"seconds", roundedSeconds(load.seconds)}};
}

void printWarnings(const EmbeddingSet& set) {
    for (const auto& warning : set.warnings) {
        std::cout << "  ";
        if (warning.line > 0) std::cout << "line " << warning.line << ": ";
        std::cout << warning.message << '\n';
    }
}

} // namespace

int runInfo(const std::vector<std::string>& argv) {
    std::set<std::string> valued = kLoadOptions;
    const Arguments args(argv, valued, {"--json", "--quiet"});
    args.expectPositional(1, "FILE");
    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    if (args.flag("--json")) {
        printJson(infoJson(load));
        return 0;
    }
    std::cout << "file      " << load.set.source.string() << '\n'
              << "format    " << formatName(load.set.format) << '\n'
              << "rows      " << load.set.rows() << '\n'
              << "dims      " << load.set.dims() << '\n';
    if (!load.set.metadata.empty()) {
        std::cout << "metadata ";
        for (const auto& column : load.set.metadata)
            std::cout << ' ' << column.name;
        std::cout << '\n';
    }
    std::printf("seconds   %.3f\n", load.seconds);
    std::fflush(stdout);
    std::cout << "warnings  " << load.set.warnings.size() << '\n';
    printWarnings(load.set);
    return 0;
}

int runConvert(const std::vector<std::string>& argv) {
    std::set<std::string> valued = kLoadOptions;
    valued.insert("--to");
    const Arguments args(argv, valued, {"--quiet"});
    args.expectPositional(2, "IN and OUT");
    const std::string& out = args.positional()[1];
    WriteOptions writeOptions;
    writeOptions.format = parseFormatOption(args, "--to");
    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    for (const auto& warning : load.set.warnings)
        std::cerr << "warning: "
                  << (warning.line > 0 ? "line " + std::to_string(warning.line) + ": " : "")
                  << warning.message << '\n';
    CliProgress progress("writing " + out, !args.flag("--quiet"));
    writeOptions.progress = progress.callback();
    writeEmbeddings(load.set, out, writeOptions);
    progress.finish();
    std::cerr << "wrote " << load.set.rows() << " x " << load.set.dims() << " to " << out << '\n';
    return 0;
}

} // namespace vecspace::cli
