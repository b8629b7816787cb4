#include "cli_common.h"

#include "cli_progress.h"
#include "vecspace/semantic/analogy_question.h"

#include <QJsonDocument>
#include <chrono>
#include <cmath>
#include <iostream>

namespace vecspace::cli {

const std::set<std::string> kLoadOptions{"--format",   "--limit",   "--labels",
                                         "--metadata", "--threads", "--tensor"};

Format parseFormatOption(const Arguments& args, const std::string& option) {
    const auto name = args.value(option);
    if (!name) return Format::Auto;
    const auto format = parseFormatName(*name);
    if (!format)
        throw UsageError(option +
                         " must be one of auto, word2vec-text, glove-text, fasttext-vec, "
                         "word2vec-binary, tsv, npy, safetensors, gguf; not '" +
                         *name + "'");
    return *format;
}

LoadOptions loadOptions(const Arguments& args) {
    LoadOptions options;
    options.format = parseFormatOption(args, "--format");
    options.limit = args.number("--limit", 0, 1);
    options.threads = static_cast<unsigned>(args.number("--threads", 0, 1));
    if (const auto labels = args.value("--labels")) options.labelsPath = *labels;
    if (const auto metadata = args.value("--metadata")) options.metadataPath = *metadata;
    if (const auto tensor = args.value("--tensor")) options.tensor = *tensor;
    return options;
}

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

double roundedSeconds(double seconds) {
    return std::round(seconds * 1e4) / 1e4;
}

TimedLoad timedLoad(const std::string& path, LoadOptions options, bool quiet) {
    CliProgress progress("loading " + path, !quiet);
    options.progress = progress.callback();
    const auto start = std::chrono::steady_clock::now();
    TimedLoad result{loadEmbeddings(path, options), 0};
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

void printJson(const QJsonObject& object) {
    std::cout << QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString() << '\n';
}

std::string labelColumn(const std::string& label, std::size_t width) {
    std::string text = fieldFromLabel(label);
    std::size_t characters = 0;
    for (unsigned char c : text)
        characters += (c & 0xc0u) != 0x80u; // UTF-8 continuation bytes add no character
    if (characters < width) text.append(width - characters, ' ');
    return text;
}

} // namespace vecspace::cli
