#pragma once

// What a language-model checkpoint holds (safetensors file, sharded folder or index, GGUF): every
// tensor with its dtype and shape, the file's metadata, and which tensor loadEmbeddings opens
// by default. For `vecspace-cli info MODEL --tensors` and the Data dock.

#include "vecspace/io/format.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace vecspace {

struct ModelTensor {
    std::string name;
    std::string dtype;                // "BF16", "Q4_K", ...
    std::vector<std::uint64_t> shape; // outermost first, as PyTorch writes it: [rows, dims]
    std::filesystem::path file;       // the shard that holds it
};

struct ModelContents {
    Format format = Format::Auto; // Safetensors or Gguf
    std::vector<ModelTensor> tensors;
    std::vector<std::pair<std::string, std::string>> metadata;
    std::string embeddingTensor; // what opens by default; empty: none found
};

// True for a checkpoint folder (model.safetensors or an index in it), a .safetensors file, an
// index JSON or a GGUF file, judged by name and magic bytes.
bool isModelPath(const std::filesystem::path& path);

// "[128256, 4096]", for listings and messages.
std::string shapeText(const std::vector<std::uint64_t>& shape);

// Throws LoadError for a file that is not a readable checkpoint.
ModelContents listModelTensors(const std::filesystem::path& path);

} // namespace vecspace
