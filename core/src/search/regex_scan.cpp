#include "search/regex_scan.h"

#include "vecspace/search/label_index.h"

#include <vector>

namespace vecspace {
namespace {

bool isAsciiAlnum(char32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void appendCodePoint(char32_t c, std::wstring& out) {
    if constexpr (sizeof(wchar_t) == 2) {
        if (c >= 0x10000) {
            c -= 0x10000;
            out += static_cast<wchar_t>(0xD800 + (c >> 10));
            out += static_cast<wchar_t>(0xDC00 + (c & 0x3FF));
            return;
        }
    }
    out += static_cast<wchar_t>(c);
}

std::string encode(char32_t cp) {
    std::string out;
    appendUtf8(cp, out);
    return out;
}

} // namespace

void appendWide(std::string_view utf8, std::wstring& out) {
    for (std::size_t i = 0; i < utf8.size();)
        appendCodePoint(decodeUtf8(utf8, i), out);
}

ScannedRegex scanRegex(std::string_view p, bool fold) {
    ScannedRegex out;
    std::string run, best;               // the current and the longest run of required literals
    std::size_t lastLiteralBytes = 0;    // bytes the last atom added to run; 0: not a literal
    bool haveAtom = false;               // something a quantifier may repeat precedes
    bool alternation = false;            // '|' outside any group
    std::vector<std::size_t> openGroups; // columns of the '(' not yet closed
    std::size_t i = 0, column = 0;

    auto hint = [&](std::size_t at, const char* text) {
        if (out.errorColumn == 0) {
            out.errorColumn = at;
            out.errorHint = text;
        }
    };
    auto endRun = [&] {
        if (run.size() > best.size()) best = run;
        run.clear();
        lastLiteralBytes = 0;
    };
    auto next = [&] {
        ++column;
        return decodeUtf8(p, i);
    };
    auto copyNext = [&] { appendCodePoint(next(), out.pattern); };
    // A literal character: folded when asked; a fold to several characters (German ß -> SS)
    // becomes a group so that a quantifier after it repeats all of them.
    auto literal = [&](char32_t c, bool escaped) {
        const std::string utf8 = encode(c);
        const std::string folded = fold ? foldCase(utf8) : utf8;
        std::wstring wide;
        appendWide(folded, wide);
        if (wide.size() > 1) {
            out.pattern += L"(?:" + wide + L")";
        } else {
            if (escaped) out.pattern += L'\\';
            out.pattern += wide;
        }
        // Only characters outside groups are surely required: a group may be optional or
        // hold alternatives.
        lastLiteralBytes = openGroups.empty() ? folded.size() : 0;
        if (openGroups.empty()) run += folded;
        haveAtom = true;
    };
    // A quantifier makes the atom before it optional (or repeated), so it leaves the run.
    auto quantifier = [&](std::size_t at) {
        if (!haveAtom) hint(at, "nothing to repeat before this quantifier");
        run.resize(run.size() - lastLiteralBytes);
        endRun();
        haveAtom = false;
        if (i < p.size() && p[i] == '?') copyNext(); // lazy
    };

    while (i < p.size()) {
        const std::size_t at = column + 1;
        const char32_t c = next();
        switch (c) {
        case '\\': {
            if (i >= p.size()) {
                hint(at, "trailing backslash");
                out.pattern += L'\\';
                endRun();
                break;
            }
            const char32_t e = next();
            if (!isAsciiAlnum(e)) {
                literal(e, true);
                break;
            }
            // A class (\d \w \s), an assertion (\b), a control or code escape (\n \x41 \u00e9
            // \cJ) or a back reference: copied as written, never folded.
            out.pattern += L'\\';
            appendCodePoint(e, out.pattern);
            int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'c' ? 1 : 0;
            while (digits-- > 0 && i < p.size() && isAsciiAlnum(char32_t(p[i])))
                copyNext();
            if (e >= '1' && e <= '9') {
                out.backReferences = true;
                while (i < p.size() && p[i] >= '0' && p[i] <= '9')
                    copyNext();
            }
            endRun();
            haveAtom = e != 'b' && e != 'B';
            break;
        }
        case '[': {
            out.pattern += L'[';
            if (i < p.size() && p[i] == '^') copyNext();
            bool closed = false;
            // The previous plain character as emitted and its column (0: none), and the start
            // of a range waiting for its end.
            char32_t previous = 0, rangeStart = 0;
            std::size_t previousAt = 0, rangeStartAt = 0;
            while (i < p.size()) {
                const std::size_t dAt = column + 1;
                const char32_t d = next();
                if (d == ']') {
                    out.pattern += L']';
                    closed = true;
                    break;
                }
                if (d == '\\') {
                    out.pattern += L'\\';
                    if (i < p.size()) copyNext();
                    previousAt = rangeStartAt = 0;
                    continue;
                }
                if (d == '-' && previousAt > 0 && i < p.size() && p[i] != ']') {
                    out.pattern += L'-';
                    rangeStart = previous;
                    rangeStartAt = previousAt;
                    previousAt = 0;
                    continue;
                }
                if (d == '[' && i < p.size() && (p[i] == ':' || p[i] == '.' || p[i] == '=')) {
                    // [:alpha:], [.a.], [=a=]: names, copied as written.
                    previousAt = rangeStartAt = 0;
                    const char kind = p[i];
                    out.pattern += L'[';
                    copyNext();
                    while (i < p.size() && !(p[i] == kind && i + 1 < p.size() && p[i + 1] == ']'))
                        copyNext();
                    if (i < p.size()) {
                        copyNext();
                        copyNext();
                    }
                    continue;
                }
                // Inside a class a fold must stay one character (ß stays ß).
                std::wstring wide;
                appendWide(fold ? foldCase(encode(d)) : encode(d), wide);
                const char32_t emitted = wide.size() == 1 ? char32_t(wide[0]) : d;
                appendCodePoint(emitted, out.pattern);
                if (rangeStartAt > 0) {
                    if (emitted < rangeStart)
                        hint(rangeStartAt, "character range out of order (its end comes first)");
                    rangeStartAt = 0;
                } else {
                    previous = emitted;
                    previousAt = dAt;
                }
            }
            if (!closed) hint(at, "unmatched '['");
            endRun();
            haveAtom = true;
            break;
        }
        case '(':
            openGroups.push_back(at);
            out.pattern += L'(';
            if (i < p.size() && p[i] == '?') {
                copyNext();
                if (i < p.size()) copyNext(); // ':', '=' or '!'
            }
            endRun();
            haveAtom = false;
            break;
        case ')':
            if (openGroups.empty())
                hint(at, "unmatched ')'");
            else
                openGroups.pop_back();
            out.pattern += L')';
            endRun();
            haveAtom = true;
            break;
        case '|':
            if (openGroups.empty()) alternation = true;
            out.pattern += L'|';
            endRun();
            haveAtom = false;
            break;
        case '*':
        case '+':
        case '?':
            out.pattern += static_cast<wchar_t>(c);
            quantifier(at);
            break;
        case '{': {
            // A repeat {n}, {n,} or {n,m}; anything else is an error to std::regex.
            std::size_t j = i, digits = 0, maxDigits = 0;
            unsigned long long min = 0, max = 0;
            while (j < p.size() && p[j] >= '0' && p[j] <= '9' && digits < 18)
                min = min * 10 + unsigned(p[j++] - '0'), ++digits;
            if (digits > 0 && j < p.size() && p[j] == ',') {
                ++j;
                while (j < p.size() && p[j] >= '0' && p[j] <= '9' && maxDigits < 18)
                    max = max * 10 + unsigned(p[j++] - '0'), ++maxDigits;
            }
            if (maxDigits > 0 && max < min) hint(at, "repeat count {n,m} with m below n");
            out.pattern += L'{';
            if (digits == 0 || j >= p.size() || p[j] != '}') {
                hint(at, "'{' must start a repeat such as {2} or {1,3}");
                endRun();
                break;
            }
            while (i <= j)
                copyNext();
            quantifier(at);
            break;
        }
        case '^':
        case '$':
            out.pattern += static_cast<wchar_t>(c);
            endRun();
            haveAtom = false;
            break;
        case '.':
            out.pattern += L'.';
            endRun();
            haveAtom = true;
            break;
        default:
            literal(c, false);
        }
    }
    if (!openGroups.empty()) hint(openGroups.back(), "unmatched '('");
    endRun();
    if (!alternation) out.literal = best;
    return out;
}

} // namespace vecspace
