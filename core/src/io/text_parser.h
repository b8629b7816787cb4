#pragma once

#include "base/mapped_file.h"
#include "io/warning_collector.h"
#include "vecspace/base/embedding_set.h"
#include "vecspace/base/progress.h"

namespace vecspace {

// How the rows of a text embedding file look once any header has been read.
struct TextRowsConfig {
    bool tabSeparated = false; // Projector TSV: only tabs separate, labels may hold spaces
    bool labelColumn = true;   // false: every field is a number (a vectors.tsv)
    std::size_t dims = 0;      // values per row, known before parsing
    std::size_t dataStart = 0; // byte offset of the first row
    std::uint64_t firstLine = 1;
    std::size_t limit = 0; // 0: all rows
    unsigned threads = 0;
    ProgressFn progress;
    double progressBase = 0.0;
    double progressScale = 1.0;
};

struct TextRows {
    std::vector<std::string> labels; // empty when !labelColumn
    RowMatrix vectors;
    std::uint64_t blankLines = 0;
};

// Parses every non-blank line from config.dataStart on, in parallel: a counting pass finds the
// rows in each chunk so that the parsing pass writes straight into the final matrix.
TextRows parseTextRows(const InputBytes& input, const TextRowsConfig& config,
                       WarningCollector& warnings);

// Number of whitespace-separated (or tab-separated) fields on the line starting at `start`.
std::size_t countFields(std::string_view bytes, std::size_t start, bool tabSeparated);

// Offset of the first byte that is not whitespace-only-line, i.e. the start of the first
// non-blank line at or after `start`, and its 1-based line number (updated in place).
std::size_t skipBlankLines(std::string_view bytes, std::size_t start, std::uint64_t& line);

} // namespace vecspace
