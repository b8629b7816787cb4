#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace vecspace {

// Every on-disk layout Vecspace reads. fastText .vec is word2vec text by another name; it keeps
// its own value so that a file is reported the way its user knows it.
enum class Format {
    Auto,
    Word2VecText,
    GloveText,
    FastTextVec,
    Word2VecBinary,
    ProjectorTsv,
    Npy,
    // Language-model checkpoints: a token-embedding table (or any 2-D tensor) with its
    // tokenizer's vocabulary as labels.
    Safetensors,
    Gguf,
};

// Stable names used on the command line and in JSON: "word2vec-text", "glove-text", ...
std::string_view formatName(Format format);
std::optional<Format> parseFormatName(std::string_view name);

// A guess from the file name alone (".gz" is looked through); Auto when the name says nothing.
Format formatFromExtension(const std::filesystem::path& path);

bool isTextFormat(Format format);

} // namespace vecspace
