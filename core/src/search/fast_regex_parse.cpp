#include "search/fast_regex.h"

#include <algorithm>
#include <array>
#include <iterator>

// FastRegex's parser: ECMAScript syntax into a RegexTree, declining what the matcher does not do.

namespace vecspace {
namespace {

// ASCII character classes, one bit each; libstdc++ takes them from the classic locale, so
// nothing outside ASCII belongs to any.
enum : std::uint16_t {
    Digit = 1,
    Word = 2,
    Space = 4,
    Alpha = 8,
    Alnum = 16,
    Upper = 32,
    Lower = 64,
    Punct = 128,
    Xdigit = 256,
    Blank = 512,
    Cntrl = 1024,
    Print = 2048,
    Graph = 4096
};

constexpr std::array<std::uint16_t, 128> kAsciiClasses = [] {
    std::array<std::uint16_t, 128> table{};
    for (int c = 0; c < 128; ++c) {
        const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        const bool digit = c >= '0' && c <= '9', graph = c > 32 && c < 127;
        const bool alpha = upper || lower, alnum = alpha || digit;
        table[std::size_t(c)] =
            std::uint16_t((digit ? Digit : 0) | (alnum || c == '_' ? Word : 0) |
                          (c == ' ' || (c >= '\t' && c <= '\r') ? Space : 0) | (alpha ? Alpha : 0) |
                          (alnum ? Alnum : 0) | (upper ? Upper : 0) | (lower ? Lower : 0) |
                          (graph && !alnum ? Punct : 0) |
                          (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? Xdigit : 0) |
                          (c == ' ' || c == '\t' ? Blank : 0) | (c < 32 || c == 127 ? Cntrl : 0) |
                          (graph || c == ' ' ? Print : 0) | (graph ? Graph : 0));
    }
    return table;
}();

// \d \w \s and their negations \D \W \S.
constexpr std::wstring_view kClassLetters = L"dwsDWS";
constexpr std::uint16_t kClassBits[] = {Digit, Word, Space};

struct PosixName {
    std::wstring_view name;
    std::uint16_t bits;
};
constexpr PosixName kPosixNames[] = {{L"alpha", Alpha}, {L"digit", Digit},   {L"alnum", Alnum},
                                     {L"space", Space}, {L"upper", Upper},   {L"lower", Lower},
                                     {L"punct", Punct}, {L"xdigit", Xdigit}, {L"blank", Blank},
                                     {L"cntrl", Cntrl}, {L"print", Print},   {L"graph", Graph}};

int hexValue(wchar_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Recursive descent over the pattern; every parse function returns a node index, or -1 for
// something left to std::regex.
struct Parser {
    std::wstring_view p;
    std::size_t i = 0;
    std::vector<RegexTree::Node> nodes;
    std::vector<FastRegex::CharSet> sets;

    bool at(wchar_t c) const { return i < p.size() && p[i] == c; }
    int add(RegexTree::Node node) {
        nodes.push_back(std::move(node));
        return int(nodes.size()) - 1;
    }
    int addSet(FastRegex::CharSet set) {
        sets.push_back(std::move(set));
        return add({RegexTree::Node::Set, int(sets.size()) - 1, {}, 0, 0});
    }

    // A character escape after '\' (not a class escape): the character, or -1 when unsupported.
    long escapedChar(bool inClass) {
        if (i >= p.size()) return -1;
        const wchar_t e = p[i++];
        // \f \n \r \t \v, and \b (backspace) inside a class only.
        if (const std::size_t k = std::wstring_view(L"fnrtv").find(e); k != std::wstring_view::npos)
            return "\f\n\r\t\v"[k];
        switch (e) {
        case 'b':
            return inClass ? '\b' : -1;
        case 'x':
        case 'u': {
            long value = 0;
            for (int k = 0; k < (e == 'x' ? 2 : 4); ++k) {
                const int h = i < p.size() ? hexValue(p[i]) : -1;
                if (h < 0) return -1;
                value = value * 16 + h;
                ++i;
            }
            return value;
        }
        case 'c':
            if (i < p.size() && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z')))
                return p[i++] % 32;
            return -1;
        default:
            // Other letters and digits (\q, \0, back references) mean different things to
            // different engines: leave them to std::regex.
            if ((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z'))
                return -1;
            return long(e);
        }
    }

    // \d \w \s (into `in`) or \D \W \S (into `out`) after '\'; false when it is something else
    // (nothing consumed).
    bool classEscape(FastRegex::CharSet& set) {
        const std::size_t k = i < p.size() ? kClassLetters.find(p[i]) : std::wstring_view::npos;
        if (k == std::wstring_view::npos) return false;
        ++i;
        (k < 3 ? set.inClasses : set.outClasses) |= kClassBits[k % 3];
        return true;
    }

    int parseClass() { // after '['
        FastRegex::CharSet set;
        set.negated = at('^');
        if (set.negated) ++i;
        if (at(']')) return -1; // [] and [^]: engines disagree
        while (i < p.size() && p[i] != ']') {
            long lo;
            if (p[i] == '\\') {
                ++i;
                if (classEscape(set)) {
                    if (at('-') && i + 1 < p.size() && p[i + 1] != ']') return -1; // [\d-z]
                    continue;
                }
                lo = escapedChar(true);
            } else if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':') {
                const std::size_t end = p.find(L":]", i + 2);
                if (end == std::wstring_view::npos) return -1;
                const std::wstring_view name = p.substr(i + 2, end - i - 2);
                const auto* found =
                    std::find_if(std::begin(kPosixNames), std::end(kPosixNames),
                                 [&](const PosixName& n) { return n.name == name; });
                if (found == std::end(kPosixNames)) return -1;
                i = end + 2;
                if (at('-') && i + 1 < p.size() && p[i + 1] != ']') return -1;
                set.inClasses |= found->bits;
                continue;
            } else if (p[i] == '[' && i + 1 < p.size() && (p[i + 1] == '.' || p[i + 1] == '=')) {
                return -1; // collating names
            } else {
                lo = p[i++];
            }
            if (lo < 0) return -1;
            long hi = lo;
            if (at('-') && i + 1 < p.size() && p[i + 1] != ']') {
                ++i;
                if (p[i] == '\\') {
                    ++i;
                    hi = escapedChar(true);
                } else if (p[i] == '[') {
                    return -1;
                } else {
                    hi = p[i++];
                }
                if (hi < lo) return -1;
            }
            set.ranges.push_back({char32_t(lo), char32_t(hi)});
        }
        if (!at(']')) return -1;
        ++i;
        return addSet(std::move(set));
    }

    int parseAtom() {
        const wchar_t c = p[i++];
        switch (c) {
        case '(': {
            if (at('?')) {
                if (i + 1 >= p.size() || p[i + 1] != ':') return -1; // look-ahead
                i += 2;
            }
            const int inner = parseAlternation();
            if (inner < 0 || !at(')')) return -1;
            ++i;
            return inner;
        }
        case '.': {
            FastRegex::CharSet dot;
            dot.negated = true;
            dot.ranges = {{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}};
            return addSet(std::move(dot));
        }
        case '[':
            return parseClass();
        case '\\': {
            FastRegex::CharSet set;
            if (!classEscape(set)) {
                const long e = escapedChar(false);
                if (e < 0) return -1;
                set.ranges.push_back({char32_t(e), char32_t(e)});
            }
            return addSet(std::move(set));
        }
        case '*':
        case '+':
        case '?':
        case '{':
        case '^':
        case '$':
        case '|':
        case ')':
            return -1;
        default: {
            FastRegex::CharSet set;
            set.ranges.push_back({char32_t(c), char32_t(c)});
            return addSet(std::move(set));
        }
        }
    }

    // The bounds of a quantifier at i, consumed; false when there is none (or it is malformed).
    bool quantifier(int& min, int& max) {
        if (at('*') || at('+') || at('?')) {
            min = p[i] == '+' ? 1 : 0;
            max = p[i] == '?' ? 1 : -1;
            ++i;
        } else if (at('{')) {
            auto number = [&](int& out) {
                const std::size_t start = i;
                out = 0;
                while (i < p.size() && p[i] >= '0' && p[i] <= '9' && out < 100000)
                    out = out * 10 + (p[i++] - '0');
                return i > start;
            };
            ++i;
            if (!number(min)) return false;
            max = min;
            if (at(',')) {
                ++i;
                if (!number(max)) max = -1;
            }
            if (!at('}') || (max >= 0 && max < min)) return false;
            ++i;
        } else {
            return false;
        }
        if (at('?')) ++i; // lazy: the same yes-or-no answer
        return true;
    }

    // Terms up to '|', ')' or the end (at the top level also a final '$'); -1 when unsupported.
    int parseSequence(bool top) {
        RegexTree::Node seq{RegexTree::Node::Concat, -1, {}, 0, 0};
        while (i < p.size() && p[i] != '|' && p[i] != ')') {
            if (top && p[i] == '$' && (i + 1 == p.size() || p[i + 1] == '|')) break;
            if (p[i] == '^' || p[i] == '$') return -1; // elsewhere: left to std::regex
            int atom = parseAtom();
            if (atom < 0) return -1;
            int min = 0, max = 0;
            const std::size_t before = i;
            if (quantifier(min, max)) {
                if (at('*') || at('+') || at('?') || at('{')) return -1; // a** and the like
                atom = add({RegexTree::Node::Repeat, -1, {atom}, min, max});
            } else if (i != before || at('{')) {
                return -1;
            }
            seq.kids.push_back(atom);
        }
        return add(std::move(seq));
    }

    int parseAlternation() {
        RegexTree::Node alt{RegexTree::Node::Alt, -1, {}, 0, 0};
        for (;;) {
            const int seq = parseSequence(false);
            if (seq < 0) return -1;
            alt.kids.push_back(seq);
            if (!at('|')) break;
            ++i;
        }
        return add(std::move(alt));
    }
};

} // namespace

bool FastRegex::CharSet::contains(char32_t c) const {
    bool in = false;
    for (const auto& [lo, hi] : ranges)
        in |= c >= lo && c <= hi;
    const std::uint16_t classes = c < 128 ? kAsciiClasses[c] : 0;
    in |= (classes & inClasses) != 0 || (~classes & outClasses) != 0;
    return in != negated;
}

std::optional<RegexTree> parseRegexTree(std::wstring_view pattern) {
    for (wchar_t c : pattern)
        if (c >= 0xD800 && c <= 0xDFFF) return std::nullopt; // UTF-16 surrogates
    Parser parser{pattern, 0, {}, {}};
    RegexTree tree;
    // Top level: alternatives, each with an optional leading '^' and trailing '$'.
    for (;;) {
        RegexTree::Alternative alternative;
        alternative.atStart = parser.at('^');
        if (alternative.atStart) ++parser.i;
        alternative.root = parser.parseSequence(true);
        if (alternative.root < 0) return std::nullopt;
        alternative.atEnd = parser.at('$');
        if (alternative.atEnd) ++parser.i;
        if (parser.i < pattern.size() && !parser.at('|')) return std::nullopt; // ')' or '$x'
        tree.alternatives.push_back(alternative);
        if (!parser.at('|')) break;
        ++parser.i;
    }
    tree.nodes = std::move(parser.nodes);
    tree.sets = std::move(parser.sets);
    return tree;
}

} // namespace vecspace
