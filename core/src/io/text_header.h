#pragma once

#include "base/mapped_file.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace vecspace {

inline bool startsWithBom(std::string_view bytes) {
    return bytes.substr(0, 3) == "\xEF\xBB\xBF";
}

// The "ROWS DIMS" line that opens word2vec text, fastText .vec and word2vec binary files.
struct CountsHeader {
    std::uint64_t rows = 0;
    std::uint64_t dims = 0;
    bool overflow = false;     // a number too large to mean anything
    std::size_t dataStart = 0; // offset just past the header's newline
};

// Reads the header at `start` (a BOM already skipped); nullopt when that line is not two whole
// numbers, so callers can tell GloVe text (no header) from word2vec text.
std::optional<CountsHeader> parseCountsHeader(std::string_view bytes, std::size_t start);

// Throws LoadError for counts that cannot describe a real file: zero or impossibly many
// dimensions, or numbers too large for any machine. `minBytesPerValue` is 2 for text ("0 "),
// 4 for float32 binary. A row count larger than the file holds is not an error here: truncated
// files are common (the caller warns).
void checkHeaderSanity(const CountsHeader& header, const InputBytes& input,
                       std::size_t minBytesPerValue);

} // namespace vecspace
