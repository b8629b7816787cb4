#include "io/label_file.h"

#include "base/utf8.h"
#include "io/gzip.h"
#include "io/text_lines.h"
#include "vecspace/io/load_error.h"

namespace vecspace {

std::vector<std::string> readLabelFile(const std::filesystem::path& path, std::size_t expected,
                                       bool allowMore, WarningCollector& warnings) {
    const std::string bytes = readSmallTextFile(path);

    const std::vector<std::string_view> lines = splitLines(bytes);
    if (lines.size() > expected && !allowMore)
        throw LoadError(ErrorLocation{path, expected + 1},
                        std::to_string(expected) + " labels, one per line", "more lines than that");
    std::vector<std::string> labels;
    labels.reserve(expected);
    for (std::size_t i = 0; i < lines.size() && labels.size() < expected; ++i) {
        const std::string_view raw = lines[i];
        if (isAscii(raw) || isValidUtf8(raw)) {
            labels.emplace_back(raw);
            continue;
        }
        labels.push_back(sanitizeUtf8(raw));
        warnings.add(WarningKind::InvalidUtf8, i + 1,
                     path.filename().string() + ": label is not valid UTF-8; replaced: '" +
                         labels.back() + "'");
    }
    if (labels.size() < expected)
        throw LoadError(ErrorLocation{path, labels.size() + 1},
                        std::to_string(expected) + " labels, one per line",
                        "only " + std::to_string(labels.size()) + " lines");
    return labels;
}

std::vector<std::string> rowNumberLabels(std::size_t rows) {
    std::vector<std::string> labels(rows);
    for (std::size_t i = 0; i < rows; ++i)
        labels[i] = std::to_string(i);
    return labels;
}

} // namespace vecspace
