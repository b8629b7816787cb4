#pragma once

// Layout files: one line per row of an embedding set, in input order, with the row's label and
// its 2 or 3 layout coordinates. TSV (label<TAB>x<TAB>y[<TAB>z]) is what `vecspace-cli project`
// writes and `cluster --layout` reads; CSV is for spreadsheets and pandas.

#include "vecspace/base/embedding_set.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace vecspace {

enum class LayoutFormat { Auto, Tsv, Csv };

// .csv names CSV; every other name TSV.
LayoutFormat layoutFormatFromPath(const std::filesystem::path& path);

struct LayoutWriteOptions {
    LayoutFormat format = LayoutFormat::Auto; // Auto: from the file name
    bool header = false;                      // a first line naming the columns: label, x, y[, z]
};

// Throws std::runtime_error (naming `path`, the row and the label) when a label cannot be
// stored: a TSV label with a tab or a line break. CSV stores any label (RFC 4180 quoting).
void checkLayoutLabels(const std::vector<std::string>& labels, LayoutFormat format,
                       const std::filesystem::path& path);

// The file's bytes: coordinates as the shortest text that reads back as the same float, a CSV
// label quoted (with doubled quotes) only where it holds a comma, a quote or a line break.
// `coordinates` is rows x 2 or 3, one row per label.
std::string formatLayout(const std::vector<std::string>& labels, const RowMatrix& coordinates,
                         LayoutFormat format, bool header, const std::filesystem::path& path = {});

// Written to a temporary file and renamed into place (writeFileAtomically).
void writeLayout(const std::filesystem::path& path, const std::vector<std::string>& labels,
                 const RowMatrix& coordinates, const LayoutWriteOptions& options = {});

struct LayoutReadOptions {
    LayoutFormat format = LayoutFormat::Auto; // Auto: from the file name
    // When set, line i must carry expectedLabels[i] and the file exactly that many rows: a
    // layout of another file (or of the same file in another order) is refused.
    const std::vector<std::string>* expectedLabels = nullptr;
};

struct LayoutFile {
    std::vector<std::string> labels;
    RowMatrix coordinates; // rows x 2 or 3
};

// Blank lines, CRLF line ends, a UTF-8 byte-order mark and a header line (label, x, y[, z]) are
// accepted. Anything else that is not a label and 2 or 3 finite numbers, the same count on every
// line, is a LoadError "FILE:LINE: expected X, found Y".
LayoutFile readLayout(const std::filesystem::path& path, const LayoutReadOptions& options = {});
// The same for bytes in memory; `name` stands for the file in messages and picks the format.
LayoutFile parseLayout(std::string_view text, const std::filesystem::path& name,
                       const LayoutReadOptions& options = {});

} // namespace vecspace
