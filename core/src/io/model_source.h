#pragma once

// A checkpoint opened for reading: its files mapped, every tensor's header parsed into one
// list whatever the format (safetensors shards or GGUF), its metadata and its vocabulary.

#include "base/mapped_file.h"
#include "io/token_vocabulary.h"
#include "vecspace/io/model_tensors.h"

#include <memory>
#include <string>
#include <vector>

namespace vecspace {

struct SourceTensor {
    ModelTensor info;
    bool gguf = false;
    std::uint32_t ggmlType = 0; // GGUF
    std::uint64_t offset = 0;   // from the start of its file
    std::uint64_t bytes = 0;
    const char* base = nullptr;       // the start of its file's bytes
    const MappedFile* file = nullptr; // the mapping, when read from disk: pages can be released
};

struct ModelSource {
    Format format = Format::Auto;
    std::filesystem::path path; // as given
    std::vector<std::unique_ptr<MappedFile>> files;
    std::vector<SourceTensor> tensors;
    std::vector<std::pair<std::string, std::string>> metadata;
    TokenVocabulary vocabulary;
    const SourceTensor* find(const std::string& name) const;
    // The token-embedding table by the names models give it (llama.cpp's TOKEN_EMBD mapping);
    // null when none is there.
    const SourceTensor* embedding() const;
};

// A folder, an index JSON, a .safetensors file or a .gguf file. Throws LoadError.
ModelSource openModel(const std::filesystem::path& path);
// One safetensors or GGUF file already in memory (no vocabulary files are looked for).
ModelSource openModelBytes(std::string_view bytes, const std::filesystem::path& name);

} // namespace vecspace
