#pragma once

#include "vecspace/base/progress.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace vecspace {

inline bool hasGzipMagic(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// Inflates every gzip member in `compressed`. `maxOutput` stops early (for format sniffing);
// otherwise a corrupt or truncated stream throws LoadError naming the byte offset.
std::string gunzip(std::string_view compressed, const std::filesystem::path& file,
                   const ProgressFn& progress, std::size_t maxOutput = SIZE_MAX);

// A whole small text file (labels, metadata), inflated when it is gzip-compressed, with a
// UTF-8 byte-order mark removed. Throws LoadError.
std::string readSmallTextFile(const std::filesystem::path& file);

} // namespace vecspace
