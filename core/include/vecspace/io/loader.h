#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

#include <filesystem>

namespace vecspace {

struct LoadOptions {
    Format format = Format::Auto; // Auto: detected from content, then the file name
    std::size_t limit = 0;        // load only the first N rows; 0 loads all
    unsigned threads = 0;         // 0: one per hardware thread
    // .npy only: one label per line. Empty: "<stem>.labels.txt" or "<stem>.vocab" beside it.
    std::filesystem::path labelsPath;
    // Projector TSV only. Empty: "metadata.tsv" (or the name with "vectors" -> "metadata").
    std::filesystem::path metadataPath;
    // safetensors and GGUF only: the 2-D tensor to open ("wpe.weight", "lm_head.weight");
    // empty: the token-embedding table, found by the names models give it.
    std::string tensor;
    ProgressFn progress;
};

// Throws LoadError for bad input and Cancelled when progress returns false. `path` may also be
// a Hugging Face checkpoint folder or its model.safetensors.index.json (sharded checkpoints).
EmbeddingSet loadEmbeddings(const std::filesystem::path& path, const LoadOptions& options = {});

// Loads from bytes already in memory; `name` stands for the file in messages and its extension
// takes part in format detection (sibling label and metadata files are looked up beside it).
EmbeddingSet loadEmbeddingsFromBuffer(std::string_view bytes, const std::filesystem::path& name,
                                      const LoadOptions& options = {});

// What loadEmbeddings would read the file as (looks at the first bytes, then the name).
Format detectFormat(const std::filesystem::path& path);

} // namespace vecspace
