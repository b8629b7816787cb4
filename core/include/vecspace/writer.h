#pragma once

#include "vecspace/embedding_set.h"
#include "vecspace/progress.h"

#include <filesystem>

namespace vecspace {

struct WriteOptions {
    // Auto: from the extension: .txt/.vec word2vec text, .bin word2vec binary, .npy NumPy
    // (plus labels), .tsv Projector TSV (plus metadata); a trailing .gz compresses text.
    Format format = Format::Auto;
    ProgressFn progress;
};

// Each output file is written to a temporary file beside it and renamed into place, so an
// existing file is never left half-written. Throws std::runtime_error (with the path) on failure.
void writeEmbeddings(const EmbeddingSet& set, const std::filesystem::path& path,
                     const WriteOptions& options = {});

// Writes `bytes` to `path` the same safe way: a temporary file beside it, renamed into place.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

// The labels file that goes with an .npy file: "name.npy" -> "name.labels.txt".
std::filesystem::path npyLabelsPath(const std::filesystem::path& npyPath);
// The metadata file written with a vectors TSV: "x.tsv" -> "x.metadata.tsv".
std::filesystem::path tsvMetadataPath(const std::filesystem::path& vectorsPath);

} // namespace vecspace
