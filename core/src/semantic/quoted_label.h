#pragma once

#include "vecspace/semantic/expression.h"

#include <string>
#include <string_view>

namespace vecspace {

// Reads the quoted label that opens at text[open] ('"' or '\''), a backslash escaping the next
// character, into `label`; returns the index just past the closing quote. Expressions and
// analogy questions quote labels the same way. Throws ExpressionError at `column` for an
// unclosed quote or an empty label.
inline std::size_t readQuotedLabel(std::string_view text, std::size_t open, std::size_t column,
                                   std::string& label) {
    const char quote = text[open];
    std::size_t j = open + 1;
    while (j < text.size() && text[j] != quote) {
        if (text[j] == '\\' && j + 1 < text.size()) ++j;
        label += text[j++];
    }
    if (j >= text.size()) throw ExpressionError(column, std::string("unclosed quote ") + quote);
    if (label.empty()) throw ExpressionError(column, "empty quoted label");
    return j + 1;
}

} // namespace vecspace
