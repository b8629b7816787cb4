#include "commands.h"

#include "arguments.h"
#include "cli_common.h"
#include "cli_progress.h"
#include "vecspace/io/loader.h"
#include "vecspace/io/model_tensors.h"
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
    "                       [--tensor NAME] [--tensors] [--threads T] [--json] [--quiet]";
const char* const kConvertUsage =
    "vecspace-cli convert IN OUT [--format F] [--to F] [--limit N] [--labels FILE]\n"
    "                            [--metadata FILE] [--tensor NAME] [--threads T] [--quiet]";

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
    QJsonObject json{{"file", qs(load.set.source.string())},
                     {"rows", static_cast<qint64>(load.set.rows())},
                     {"dims", static_cast<qint64>(load.set.dims())},
                     {"format", qs(std::string(formatName(load.set.format)))},
                     {"inPlace", load.set.vectors.inPlace()},
                     {"metadata", metadata},
                     {"warnings", warnings},
                     {"seconds", roundedSeconds(load.seconds)}};
    if (!load.set.properties.empty()) {
        QJsonObject properties;
        for (const auto& [key, value] : load.set.properties)
            properties[qs(key)] = qs(value);
        json["properties"] = properties;
    }
    return json;
}

// --tensors: every tensor of a checkpoint, without loading any.
int printTensors(const std::string& path, bool json) {
    const ModelContents contents = listModelTensors(path);
    if (json) {
        QJsonArray tensors;
        for (const ModelTensor& t : contents.tensors) {
            QJsonArray shape;
            for (std::uint64_t d : t.shape)
                shape.append(qint64(d));
            tensors.append(QJsonObject{{"name", qs(t.name)},
                                       {"dtype", qs(t.dtype)},
                                       {"shape", shape},
                                       {"file", qs(t.file.filename().string())}});
        }
        QJsonObject metadata;
        for (const auto& [key, value] : contents.metadata)
            metadata[qs(key)] = qs(value);
        printJson(QJsonObject{{"file", qs(path)},
                              {"format", qs(std::string(formatName(contents.format)))},
                              {"embedding", qs(contents.embeddingTensor)},
                              {"tensors", tensors},
                              {"metadata", metadata}});
        return 0;
    }
    std::cout << "file      " << path << '\n'
              << "format    " << formatName(contents.format) << '\n'
              << "embedding "
              << (contents.embeddingTensor.empty() ? "(none found)" : contents.embeddingTensor)
              << '\n';
    for (const auto& [key, value] : contents.metadata)
        std::cout << "  " << key << " = " << value << '\n';
    std::cout << "tensors   " << contents.tensors.size() << '\n';
    for (const ModelTensor& t : contents.tensors)
        std::cout << "  " << t.name << "  " << t.dtype << "  " << shapeText(t.shape) << "  "
                  << t.file.filename().string() << '\n';
    return 0;
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
    const Arguments args(argv, valued, {"--json", "--quiet", "--tensors"});
    args.expectPositional(1, "FILE");
    if (args.flag("--tensors")) {
        if (!isModelPath(args.positional()[0]))
            throw UsageError("--tensors applies to safetensors and GGUF model files only");
        return printTensors(args.positional()[0], args.flag("--json"));
    }
    const TimedLoad load = timedLoad(args.positional()[0], loadOptions(args), args.flag("--quiet"));
    if (args.flag("--json")) {
        printJson(infoJson(load));
        return 0;
    }
    std::cout << "file      " << load.set.source.string() << '\n'
              << "format    " << formatName(load.set.format) << '\n'
              << "rows      " << load.set.rows() << '\n'
              << "dims      " << load.set.dims() << '\n'
              << "values    "
              << (load.set.vectors.inPlace() ? "read in place (the file's pages)" : "in memory")
              << '\n';
    if (!load.set.metadata.empty()) {
        std::cout << "metadata ";
        for (const auto& column : load.set.metadata)
            std::cout << ' ' << column.name;
        std::cout << '\n';
    }
    for (const auto& [key, value] : load.set.properties)
        std::cout << "  " << key << " = " << value << '\n';
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", load.seconds);
    std::cout << "seconds   " << seconds << '\n'; // through cout: stdio is not synced with it
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
