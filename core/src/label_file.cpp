#include "label_file.h"

#include "mapped_file.h"
#include "text_header.h"
#include "utf8.h"
#include "vecspace/load_error.h"

namespace vecspace {

std::vector<std::string> readLabelFile(const std::filesystem::path& path, std::size_t expected,
                                       bool allowMore, WarningCollector& warnings) {
    const MappedFile file(path);
    std::string_view bytes = file.bytes();
    if (startsWithBom(bytes)) bytes.remove_prefix(3);
    if (!bytes.empty() && bytes.back() == '\n') bytes.remove_suffix(1);

    std::vector<std::string> labels;
    labels.reserve(expected);
    std::size_t pos = 0;
    std::uint64_t line = 1;
    while (!bytes.empty() && pos <= bytes.size()) {
        const std::size_t nl = bytes.find('\n', pos);
        std::string_view raw =
            bytes.substr(pos, nl == std::string_view::npos ? bytes.npos : nl - pos);
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        if (labels.size() < expected) {
            if (isAscii(raw) || isValidUtf8(raw)) {
                labels.emplace_back(raw);
            } else {
                labels.push_back(sanitizeUtf8(raw));
                warnings.add(WarningKind::InvalidUtf8, line,
                             path.filename().string() + ": label is not valid UTF-8; replaced: '" +
                                 labels.back() + "'");
            }
        } else if (!allowMore) {
            throw LoadError(ErrorLocation{path, line},
                            std::to_string(expected) + " labels, one per line",
                            "more lines than that");
        } else {
            break;
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
        ++line;
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
