#include "io/text_header.h"

#include "vecspace/io/load_error.h"

#include <string>

namespace vecspace {
namespace {

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// Parses digits at p; returns false when there are none.
bool readCount(std::string_view line, std::size_t& p, std::uint64_t& value, bool& overflow) {
    const std::size_t begin = p;
    value = 0;
    while (p < line.size() && line[p] >= '0' && line[p] <= '9') {
        const std::uint64_t digit = static_cast<std::uint64_t>(line[p] - '0');
        if (value > (UINT64_MAX - digit) / 10)
            overflow = true;
        else
            value = value * 10 + digit;
        ++p;
    }
    return p > begin;
}

} // namespace

std::optional<CountsHeader> parseCountsHeader(std::string_view bytes, std::size_t start) {
    const std::size_t newline = bytes.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? bytes.size() : newline;
    const std::string_view line = bytes.substr(start, std::min<std::size_t>(end - start, 256));
    if (end - start > 256) return std::nullopt;

    CountsHeader header;
    std::size_t p = 0;
    while (p < line.size() && isBlank(line[p]))
        ++p;
    if (!readCount(line, p, header.rows, header.overflow)) return std::nullopt;
    if (p >= line.size() || !isBlank(line[p])) return std::nullopt;
    while (p < line.size() && isBlank(line[p]))
        ++p;
    if (!readCount(line, p, header.dims, header.overflow)) return std::nullopt;
    while (p < line.size() && isBlank(line[p]))
        ++p;
    if (p != line.size()) return std::nullopt;
    header.dataStart = newline == std::string_view::npos ? bytes.size() : newline + 1;
    return header;
}

void checkHeaderSanity(const CountsHeader& header, const InputBytes& input,
                       std::size_t minBytesPerValue) {
    const ErrorLocation where{input.file, 1};
    // Appended piece by piece: GCC 12 warns (falsely, -Wrestrict) on "'" + std::to_string(...).
    std::string found = "'";
    found.append(std::to_string(header.rows))
        .append(" ")
        .append(std::to_string(header.dims))
        .append("'");
    constexpr std::uint64_t kMaxRows = std::uint64_t{1} << 40;
    if (header.overflow || header.rows > kMaxRows)
        throw LoadError(where, "a header 'ROWS DIMS' with at most 2^40 rows",
                        "a row count too large for any file");
    if (header.dims == 0)
        throw LoadError(where, "a header 'ROWS DIMS' with at least 1 dimension", found);
    // A header and nothing else: a file cut off right after it, or an empty export.
    if (input.bytes.find_first_not_of(" \t\r\n", header.dataStart) == std::string_view::npos)
        throw LoadError(ErrorLocation{input.file, 2},
                        header.rows == 0
                            ? "embedding rows after the header " + found
                            : std::to_string(header.rows) + " rows of " +
                                  std::to_string(header.dims) + " values after the header " + found,
                        "the end of the file");
    const std::uint64_t remaining = input.bytes.size() - header.dataStart;
    // Also when the header says 0 rows: rows may follow all the same, each DIMS values long
    // (fuzz_loader: "0 407847551" before one byte asked for a 1.6 GB row buffer).
    if (header.dims > remaining / minBytesPerValue)
        throw LoadError(where,
                        "at most " + std::to_string(remaining / minBytesPerValue) +
                            " dimensions (the file has " + std::to_string(remaining) +
                            " bytes after its header)",
                        found);
}

} // namespace vecspace
