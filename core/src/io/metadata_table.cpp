#include "io/metadata_table.h"

#include "base/utf8.h"
#include "io/gzip.h"
#include "io/text_lines.h"
#include "vecspace/io/load_error.h"

#include <algorithm>
#include <unordered_map>

namespace vecspace {
namespace {

std::string cleanField(std::string_view raw, const std::filesystem::path& file, std::uint64_t line,
                       WarningCollector& warnings) {
    if (isAscii(raw) || isValidUtf8(raw)) return std::string(raw);
    std::string clean = sanitizeUtf8(raw);
    warnings.add(WarningKind::InvalidUtf8, line,
                 file.filename().string() + ": not valid UTF-8; replaced: '" + clean + "'");
    return clean;
}

// The set row each data line names by its first field, when every line names a distinct row.
std::optional<std::vector<std::size_t>>
joinRows(const EmbeddingSet& set, const std::vector<std::string_view>& lines, std::size_t first) {
    if (lines.size() <= first) return std::nullopt;
    std::unordered_map<std::string_view, std::size_t> rowOf;
    rowOf.reserve(set.labels.size());
    for (std::size_t r = 0; r < set.labels.size(); ++r)
        rowOf.emplace(set.labels[r], r);
    std::vector<std::size_t> rows;
    std::vector<bool> taken(set.rows(), false);
    for (std::size_t i = first; i < lines.size(); ++i) {
        const std::string_view label = lines[i].substr(0, lines[i].find('\t'));
        const auto it = rowOf.find(label);
        if (it == rowOf.end() || taken[it->second]) return std::nullopt;
        taken[it->second] = true;
        rows.push_back(it->second);
    }
    return rows;
}

} // namespace

void attachMetadata(EmbeddingSet& set, const std::filesystem::path& path, bool limited,
                    WarningCollector& warnings) {
    const std::string bytes = readSmallTextFile(path);
    std::vector<std::string_view> lines = splitLines(bytes);
    while (!lines.empty() && lines.back().empty())
        lines.pop_back(); // trailing newlines
    if (lines.empty()) throw LoadError(ErrorLocation{path, 1}, "metadata rows", "an empty file");
    const std::size_t rows = set.rows();

    const std::size_t columns = splitTabs(lines[0]).size();
    bool header = columns > 1;
    std::optional<std::vector<std::size_t>> joined;
    if (columns > 1 || lines.size() != rows) joined = joinRows(set, lines, header ? 1 : 0);
    if (!joined && columns == 1 && lines.size() == rows + 1 && !limited) {
        header = true; // the Projector says one column has no header, but this one must
        warnings.add(WarningKind::MetadataHeaderGuessed, 1,
                     path.filename().string() + " has one line more than there are vectors; "
                                                "its first line was read as the column name");
    }
    const std::size_t dataLines = lines.size() - (header ? 1 : 0);
    if (!joined && (limited ? dataLines < rows : dataLines != rows))
        throw LoadError(ErrorLocation{path, 0},
                        std::to_string(rows) + " metadata rows (one per vector" +
                            std::string(header ? ", after the header row" : "") +
                            "), or a first column of the set's labels to join by",
                        std::to_string(dataLines));

    std::vector<MetadataColumn> table(columns);
    const auto names = splitTabs(lines[0]);
    for (std::size_t c = 0; c < columns; ++c) {
        table[c].name = header ? cleanField(names[c], path, 1, warnings) : "label";
        table[c].values.assign(rows, std::string());
    }
    const std::size_t count = joined ? dataLines : rows;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t lineNo = i + (header ? 2 : 1);
        const auto fields = splitTabs(lines[i + (header ? 1 : 0)]);
        if (fields.size() != columns)
            throw LoadError(ErrorLocation{path, lineNo},
                            std::to_string(columns) + " tab-separated fields",
                            std::to_string(fields.size()));
        const std::size_t row = joined ? (*joined)[i] : i;
        for (std::size_t c = 0; c < columns; ++c)
            table[c].values[row] = cleanField(fields[c], path, lineNo, warnings);
    }
    if (joined && dataLines < rows)
        warnings.add(WarningKind::MetadataRowsMissing, 0,
                     path.filename().string() + " names " + std::to_string(dataLines) + " of " +
                         std::to_string(rows) + " labels; the other " +
                         std::to_string(rows - dataLines) + " rows have empty values");
    set.metadata = std::move(table);
}

std::size_t labelColumnIndex(const std::vector<MetadataColumn>& table) {
    for (std::size_t c = 0; c < table.size(); ++c) {
        std::string name = table[c].name;
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char ch) { return std::tolower(ch); });
        if (name == "label" || name == "word" || name == "name" || name == "token") return c;
    }
    return 0;
}

} // namespace vecspace
