// libFuzzer harness for the analogy expression parser: any text must parse or raise
// ExpressionError, and what parses must have labels with finite, non-zero weights and columns
// inside the text.
#include "vecspace/semantic/expression.h"

#include <cmath>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto terms = vecspace::parseExpression(text);
        if (terms.empty()) __builtin_trap();
        for (const auto& term : terms) {
            if (term.label.empty() || term.weight == 0 || !std::isfinite(term.weight))
                __builtin_trap();
            if (term.column < 1 || term.column > size + 1) __builtin_trap();
        }
    } catch (const vecspace::ExpressionError& e) {
        if (e.column() < 1 || e.column() > size + 1) __builtin_trap();
    }
    return 0;
}
