#include "io/tsv_reader.h"

#include "base/utf8.h"
#include "io/gzip.h"
#include "io/label_file.h"
#include "io/metadata_table.h"
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
        attachMetadata(set, metadata, options.limit > 0, warnings);
        if (set.labels.empty()) set.labels = set.metadata[labelColumnIndex(set.metadata)].values;
    }
    if (set.labels.empty()) set.labels = rowNumberLabels(set.rows());
    set.format = Format::ProjectorTsv;
    return set;
}

} // namespace vecspace
