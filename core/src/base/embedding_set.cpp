#include "vecspace/base/embedding_set.h"

namespace vecspace {

const MetadataColumn* EmbeddingSet::findMetadata(std::string_view name) const {
    for (const auto& column : metadata)
        if (column.name == name) return &column;
    return nullptr;
}

std::string_view warningKindName(WarningKind kind) {
    switch (kind) {
    case WarningKind::RowCountMismatch:
        return "row-count-mismatch";
    case WarningKind::DuplicateLabel:
        return "duplicate-label";
    case WarningKind::InvalidUtf8:
        return "invalid-utf8";
    case WarningKind::EmptyLabel:
        return "empty-label";
    case WarningKind::LabelWithSpaces:
        return "label-with-spaces";
    case WarningKind::BlankLine:
        return "blank-line";
    case WarningKind::MetadataHeaderGuessed:
        return "metadata-header-guessed";
    case WarningKind::MetadataRowsMissing:
        return "metadata-rows-missing";
    case WarningKind::NoVocabulary:
        return "no-vocabulary";
    case WarningKind::Summary:
        return "summary";
    }
    return "unknown";
}

} // namespace vecspace
