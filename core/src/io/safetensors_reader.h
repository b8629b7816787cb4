#pragma once

// safetensors (Hugging Face), as its README defines it: an 8-byte little-endian header length
// N, N bytes of JSON (tensor name -> dtype, shape, data_offsets relative to the data; optional
// "__metadata__"), then the data, little-endian and row-major. The header is checked against
// the file before it is parsed; offsets, shapes and byte counts against each other.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vecspace {

struct SafetensorsTensor {
    std::string name;
    std::string dtype; // "F32", "BF16", ...
    std::vector<std::uint64_t> shape;
    std::uint64_t offset = 0; // from the start of the file
    std::uint64_t bytes = 0;
};

struct SafetensorsFile {
    std::vector<SafetensorsTensor> tensors; // in the header's order
    std::vector<std::pair<std::string, std::string>> metadata;
};

// Bytes per value of a safetensors dtype; 0 for a name the format does not define.
std::size_t safetensorsDtypeSize(std::string_view dtype);

// The first 8 bytes say N and byte 8 opens a JSON object.
bool looksLikeSafetensors(std::string_view bytes);

// Throws LoadError naming the file, the byte offset or tensor, what was expected and found.
SafetensorsFile parseSafetensors(std::string_view bytes, const std::filesystem::path& path);

} // namespace vecspace
