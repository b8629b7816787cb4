#pragma once

// ggml's tensor types as GGUF files store them: the block layouts of ggml's ggml-common.h and
// their dequantisation as ggml's dequantize_row_* defines it (our own code, written from those
// definitions). Every type packs `blockValues` values into `blockBytes` bytes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace vecspace {

struct GgmlTypeInfo {
    const char* name;        // "Q4_K"
    std::size_t blockValues; // values per block (1 for F32, F16, BF16)
    std::size_t blockBytes;
    bool supported; // false: named but not dequantised here (the error names it)
};

// Nothing for a type id ggml does not define.
std::optional<GgmlTypeInfo> ggmlTypeInfo(std::uint32_t type);
std::string ggmlTypeName(std::uint32_t type); // "Q4_K", or "type 42"

// Dequantises `count` values (a whole number of blocks) from `src` to `dst`.
void dequantizeGgml(std::uint32_t type, const std::uint8_t* src, float* dst, std::size_t count);

} // namespace vecspace
