#include "vecspace/io/format.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace vecspace {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 9> kNames{{
    {Format::Auto, "auto"},
    {Format::Word2VecText, "word2vec-text"},
    {Format::GloveText, "glove-text"},
    {Format::FastTextVec, "fasttext-vec"},
    {Format::Word2VecBinary, "word2vec-binary"},
    {Format::ProjectorTsv, "tsv"},
    {Format::Npy, "npy"},
    {Format::Safetensors, "safetensors"},
    {Format::Gguf, "gguf"},
}};

std::string lowerExtension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

} // namespace

std::string_view formatName(Format format) {
    for (const auto& [value, name] : kNames)
        if (value == format) return name;
    return "unknown";
}

std::optional<Format> parseFormatName(std::string_view name) {
    for (const auto& [value, known] : kNames)
        if (known == name) return value;
    // Aliases people type.
    if (name == "glove" || name == "txt") return Format::GloveText;
    if (name == "word2vec" || name == "w2v") return Format::Word2VecText;
    if (name == "bin" || name == "binary") return Format::Word2VecBinary;
    if (name == "vec" || name == "fasttext") return Format::FastTextVec;
    if (name == "projector") return Format::ProjectorTsv;
    return std::nullopt;
}

Format formatFromExtension(const std::filesystem::path& path) {
    std::filesystem::path name = path.filename();
    if (lowerExtension(name) == ".gz") name = name.stem();
    const std::string ext = lowerExtension(name);
    if (ext == ".vec") return Format::FastTextVec;
    if (ext == ".bin") return Format::Word2VecBinary;
    if (ext == ".tsv") return Format::ProjectorTsv;
    if (ext == ".npy") return Format::Npy;
    if (ext == ".w2v") return Format::Word2VecText;
    if (ext == ".safetensors") return Format::Safetensors;
    if (ext == ".gguf") return Format::Gguf;
    return Format::Auto; // ".txt" says text, not which text format
}

bool isTextFormat(Format format) {
    return format == Format::Word2VecText || format == Format::GloveText ||
           format == Format::FastTextVec || format == Format::ProjectorTsv;
}

} // namespace vecspace
