#pragma once

#include <string_view>
#include <vector>

namespace vecspace {

// The lines of a small text file (benchmark files, labels, metadata), without their "\n" or
// "\r\n". A final newline does not start another line; empty lines inside are kept.
inline std::vector<std::string_view> splitLines(std::string_view bytes) {
    std::vector<std::string_view> out;
    for (std::size_t pos = 0; pos < bytes.size();) {
        const std::size_t nl = bytes.find('\n', pos);
        std::string_view line =
            bytes.substr(pos, nl == std::string_view::npos ? bytes.npos : nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(line);
        pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    }
    return out;
}

// The tab-separated fields of one line (TSV vectors, metadata tables); an empty line is one
// empty field.
inline std::vector<std::string_view> splitTabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', pos);
        fields.push_back(line.substr(pos, tab == std::string_view::npos ? line.npos : tab - pos));
        if (tab == std::string_view::npos) break;
        pos = tab + 1;
    }
    return fields;
}

} // namespace vecspace
