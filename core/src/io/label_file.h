#pragma once

#include "io/warning_collector.h"

#include <filesystem>
#include <string>
#include <vector>

namespace vecspace {

// One label per line (UTF-8; CRLF and a BOM tolerated; a final newline optional). Throws
// LoadError unless the file holds exactly `expected` lines, or at least `expected` when
// `allowMore` (a limited load reads only the first rows).
std::vector<std::string> readLabelFile(const std::filesystem::path& path, std::size_t expected,
                                       bool allowMore, WarningCollector& warnings);

// Labels "0", "1", ... for files that come without any.
std::vector<std::string> rowNumberLabels(std::size_t rows);

} // namespace vecspace
