#pragma once

// GGUF (llama.cpp's model files, versions 2 and 3), as ggml's docs/gguf.md defines it: magic,
// version, tensor and metadata counts, metadata key/values, tensor infos, then the data from
// the first multiple of general.alignment (default 32). Every count and length is checked
// against the bytes left before anything is allocated from it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vecspace {

struct GgufValue {
    std::uint32_t type = 0;           // 0 u8 ... 8 string, 9 array, 10 u64, 11 i64, 12 f64
    std::uint32_t elementType = 0;    // of an array
    std::string text;                 // a string
    double number = 0;                // a number or a bool
    std::vector<std::string> strings; // an array of strings
    std::vector<double> numbers;      // an array of numbers or bools
    std::uint64_t count = 0;          // an array's length
    bool isString() const { return type == 8; }
    bool isArray() const { return type == 9; }
    std::string toString() const; // for listings: "llama", "4096", "[32000 strings]"
};

struct GgufTensor {
    std::string name;
    std::uint32_t type = 0;        // ggml type
    std::vector<std::uint64_t> ne; // ne[0] is the contiguous dimension
    std::uint64_t offset = 0;      // from the start of the file
    std::uint64_t bytes = 0;
};

struct GgufFile {
    std::uint32_t version = 0;
    std::vector<std::pair<std::string, GgufValue>> metadata; // in file order
    std::vector<GgufTensor> tensors;
    std::uint64_t alignment = 32;
    std::uint64_t dataStart = 0;
    const GgufValue* find(std::string_view key) const;
};

inline bool hasGgufMagic(std::string_view bytes) {
    return bytes.substr(0, 4) == "GGUF";
}

// Throws LoadError naming the byte offset, what was expected there and what was found.
GgufFile parseGguf(std::string_view bytes, const std::filesystem::path& path);

} // namespace vecspace
