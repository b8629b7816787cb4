#pragma once

#include "vecspace/base/vector_table.h"
#include "vecspace/io/format.h"
#include "vecspace/io/load_warning.h"

#include <Eigen/Core>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace vecspace {

struct MetadataColumn {
    std::string name;
    std::vector<std::string> values; // one per row
};

// One loaded embedding file: row i is labels[i] with vector vectors.row(i).
struct EmbeddingSet {
    std::vector<std::string> labels; // valid UTF-8
    VectorTable vectors;             // rows x dims, float32, row-major
    std::vector<MetadataColumn> metadata;
    Format format = Format::Auto;
    std::filesystem::path source;
    std::vector<LoadWarning> warnings;
    // What the file says of itself, in order, for listings (a model's architecture, name,
    // context length, tensor, dtype, vocabulary); empty for plain embedding files.
    std::vector<std::pair<std::string, std::string>> properties;

    std::size_t rows() const { return static_cast<std::size_t>(vectors.rows()); }
    std::size_t dims() const { return static_cast<std::size_t>(vectors.cols()); }
    const MetadataColumn* findMetadata(std::string_view name) const;
};

} // namespace vecspace
