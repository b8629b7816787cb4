#include "io/tsv_reader.h"

#include "base/utf8.h"
#include "io/gzip.h"
#include "io/label_file.h"
#include "io/text_lines.h"
#include "io/text_parser.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/sidecar_files.h"

#include <algorithm>
#include <cmath>
#include <fast_float/fast_float.h>

namespace vecspace {
namespace {

bool isNumber(std::string_view field) {
    while (!field.empty() && (field.back() == '\r' || field.back() == ' '))
        field.remove_suffix(1);
    if (!field.empty() && field.front() == '+') field.remove_prefix(1);
    float value;
    const auto r = fast_float::from_chars(field.data(), field.data() + field.size(), value);
    return r.ec == std::errc() && r.ptr == field.data() + field.size();
}

std::vector<std::string_view> splitTabs(std::string_view line) {
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

std::string cleanField(std::string_view raw, const std::filesystem::path& file, std::uint64_t line,
                       WarningCollector& warnings) {
    if (isAscii(raw) || isValidUtf8(raw)) return std::string(raw);
    std::string clean = sanitizeUtf8(raw);
    warnings.add(WarningKind::InvalidUtf8, line,
                 file.filename().string() + ": not valid UTF-8; replaced: '" + clean + "'");
    return clean;
}

// Reads the metadata table for `rows` vectors (rows is exact unless the load was limited).
std::vector<MetadataColumn> readMetadata(const std::filesystem::path& path, std::size_t rows,
                                         bool limited, WarningCollector& warnings) {
    const std::string bytes = readSmallTextFile(path);
    std::vector<std::string_view> lines = splitLines(bytes);
    while (!lines.empty() && lines.back().empty())
        lines.pop_back(); // trailing newlines
    if (lines.empty()) throw LoadError(ErrorLocation{path, 1}, "metadata rows", "an empty file");

    const std::size_t columns = splitTabs(lines[0]).size();
    bool header = columns > 1;
    if (columns == 1 && lines.size() == rows + 1 && !limited) {
        header = true; // the Projector says one column has no header, but this one must
        warnings.add(WarningKind::MetadataHeaderGuessed, 1,
                     path.filename().string() + " has one line more than there are vectors; "
                                                "its first line was read as the column name");
    }
    const std::size_t dataLines = lines.size() - (header ? 1 : 0);
    if (limited ? dataLines < rows : dataLines != rows)
        throw LoadError(ErrorLocation{path, 0},
                        std::to_string(rows) + " metadata rows (one per vector" +
                            std::string(header ? ", after the header row)" : ")"),
                        std::to_string(dataLines));

    std::vector<MetadataColumn> table(columns);
    const auto names = splitTabs(lines[0]);
    for (std::size_t c = 0; c < columns; ++c) {
        table[c].name = header ? cleanField(names[c], path, 1, warnings) : "label";
        table[c].values.reserve(rows);
    }
    for (std::size_t r = 0; r < rows; ++r) {
        const std::uint64_t lineNo = r + (header ? 2 : 1);
        const auto fields = splitTabs(lines[r + (header ? 1 : 0)]);
        if (fields.size() != columns)
            throw LoadError(ErrorLocation{path, lineNo},
                            std::to_string(columns) + " tab-separated fields",
                            std::to_string(fields.size()));
        for (std::size_t c = 0; c < columns; ++c)
            table[c].values.push_back(cleanField(fields[c], path, lineNo, warnings));
    }
    return table;
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

} // namespace

std::filesystem::path findProjectorMetadata(const std::filesystem::path& vectors) {
    return findSidecar(tsvMetadataCandidates(vectors), vectors);
}

EmbeddingSet parseProjectorTsv(const InputBytes& input, std::size_t dataStart,
                               const LoadOptions& options, WarningCollector& warnings) {
    std::uint64_t firstLine = 1;
    dataStart = skipBlankLines(input.bytes, dataStart, firstLine);
    const std::size_t nl = input.bytes.find('\n', dataStart);
    const auto firstFields = splitTabs(input.bytes.substr(
        dataStart, nl == std::string_view::npos ? input.bytes.npos : nl - dataStart));
    TextRowsConfig config;
    config.tabSeparated = true;
    config.labelColumn = !isNumber(firstFields[0]);
    config.dims = countFields(input.bytes, dataStart, true) - (config.labelColumn ? 1 : 0);
    if (config.dims == 0)
        throw LoadError(ErrorLocation{input.file, firstLine}, "tab-separated numbers",
                        describeBytes(input.bytes.data() + dataStart, firstFields[0].size()));
    config.dataStart = dataStart;
    config.firstLine = firstLine;
    config.limit = options.limit;
    config.threads = options.threads;
    config.progress = options.progress;
    config.progressScale = 0.95;
    TextRows rows = parseTextRows(input, config, warnings);

    EmbeddingSet set;
    set.vectors = std::move(rows.vectors);
    set.labels = std::move(rows.labels);
    const std::filesystem::path metadata =
        !options.metadataPath.empty() ? options.metadataPath : findProjectorMetadata(input.file);
    if (!metadata.empty()) {
        set.metadata = readMetadata(metadata, set.rows(), options.limit > 0, warnings);
        if (set.labels.empty()) set.labels = set.metadata[labelColumnIndex(set.metadata)].values;
    }
    if (set.labels.empty()) set.labels = rowNumberLabels(set.rows());
    set.format = Format::ProjectorTsv;
    return set;
}

} // namespace vecspace
