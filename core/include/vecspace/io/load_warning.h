#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vecspace {

enum class WarningKind {
    RowCountMismatch, // a header's row count disagrees with the rows the file holds
    DuplicateLabel,   // a later row repeats an earlier label; the first one is kept
    InvalidUtf8,      // bytes that are not UTF-8 were replaced with U+FFFD
    EmptyLabel,
    LabelWithSpaces, // a text row whose label holds spaces (glove.840B has some)
    BlankLine,
    MetadataHeaderGuessed,
    MetadataRowsMissing, // a metadata table joined by label names only some rows
    NoVocabulary, // a model file without a tokenizer vocabulary: rows labelled by id
    Summary,      // "... and N more" once a kind has been reported often enough
};
// How many kinds there are: tables indexed by kind are this long (Summary is the last).
inline constexpr std::size_t kWarningKinds = static_cast<std::size_t>(WarningKind::Summary) + 1;

std::string_view warningKindName(WarningKind kind);

struct LoadWarning {
    WarningKind kind = WarningKind::Summary;
    std::uint64_t line = 0; // 1-based line in the file, 0 when it does not apply
    std::string message;
};

} // namespace vecspace
