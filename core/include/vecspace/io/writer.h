#pragma once

#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"
#include "vecspace/io/sidecar_files.h" // the names of the files written beside one

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

} // namespace vecspace
