#pragma once

#include <string>
#include <string_view>

namespace vecspace {

// True when bytes is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view bytes);

// Copies bytes, replacing each maximal ill-formed subsequence with U+FFFD (the W3C/Unicode
// "substitution of maximal subparts" practice, as Python's errors='replace' does).
std::string sanitizeUtf8(std::string_view bytes);

// Fast path used per label: ASCII needs no further work.
inline bool isAscii(std::string_view bytes) {
    unsigned char any = 0;
    for (char c : bytes)
        any |= static_cast<unsigned char>(c);
    return any < 0x80;
}

} // namespace vecspace
