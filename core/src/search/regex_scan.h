#pragma once

#include "base/utf8.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace vecspace {

// What label search learns from an ECMAScript pattern by one pass over it, before std::regex
// compiles it: the pattern as wide characters (so that '.' and classes match code points), with
// its literal characters case-folded when asked; a literal that every match must contain, which
// narrows the rows before the slow regex engine runs; and where a structural mistake is, since
// std::regex_error names the kind of mistake but not its place.
struct ScannedRegex {
    std::wstring pattern;
    // Bytes (UTF-8, folded like the pattern) that every match contains; empty when the scan
    // finds none (alternation at the top level, or no run of plain characters).
    std::string literal;
    bool backReferences = false;
    std::size_t errorColumn =
        0;                 // 1-based column (in characters) of the first mistake; 0: none seen
    std::string errorHint; // what is wrong there, e.g. "unmatched '('"
};

ScannedRegex scanRegex(std::string_view pattern, bool fold);

// Appends UTF-8 text as wide characters (UTF-32, or UTF-16 where wchar_t has 16 bits); a byte
// that does not start a well-formed sequence stands for itself.
void appendWide(std::string_view utf8, std::wstring& out);

} // namespace vecspace
