#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace vecspace {

// A matcher for the everyday subset of ECMAScript regular expressions (characters, '.', classes
// with ranges, \d \w \s and [:alpha:], groups, '|', * + ? {n,m}, '^' at the start and '$' at the
// end of a top-level alternative), answering only "does the text contain a match". std::regex
// spends about a microsecond per label on pattern-independent overhead, which is 0.3 s on 341k
// labels; this runs a Glushkov automaton of at most 64 positions as one 64-bit state word
// (bit-parallel, as in Navarro and Raffinot's "Flexible Pattern Matching in Strings"), tens of
// nanoseconds per label. Semantics follow libstdc++'s std::wregex in the classic locale: \d \w \s
// and POSIX classes are ASCII only, '.' excludes \n \r U+2028 U+2029. compile() declines (nullopt)
// whatever it does not cover, and the caller falls back to std::regex; patterns must already be
// valid for it.
class FastRegex {
public:
    static std::optional<FastRegex> compile(std::wstring_view pattern);

    // Whether some substring of the UTF-8 text matches.
    bool search(std::string_view utf8) const;

    struct CharSet {
        std::vector<std::pair<char32_t, char32_t>> ranges; // inclusive
        std::uint16_t inClasses = 0;  // ASCII classes it holds: \d \w \s, [:alpha:] ...
        std::uint16_t outClasses = 0; // classes whose complement it holds: \D \W \S
        bool negated = false;
        bool contains(char32_t c) const;
    };

private:
    std::uint64_t follow(std::uint64_t active) const;
    std::uint64_t matching(char32_t c) const;

    std::vector<CharSet> m_sets;              // the set of each position
    std::vector<std::uint64_t> m_follow;      // positions that may come after each position
    std::array<std::uint64_t, 128> m_ascii{}; // positions whose set holds each ASCII character
    std::uint64_t m_firstAnywhere = 0;        // positions that may start a match at any character
    std::uint64_t m_firstAtStart = 0;         // ... only at the first character ('^')
    std::uint64_t m_lastAnywhere = 0;         // positions that may end a match anywhere
    std::uint64_t m_lastAtEnd = 0;            // ... only at the end of the text ('$')
    bool m_matchesEverything = false;         // an alternative matches the empty string anywhere
    bool m_matchesEmpty = false;              // an alternative matches the empty text only (^...$)
};

// The pattern as fast_regex_parse.cpp reads it: for each top-level alternative a tree whose
// leaves are character sets; {n,m}, *, + and ? are all Repeat (max < 0: unbounded).
struct RegexTree {
    struct Node {
        enum Kind { Empty, Set, Concat, Alt, Repeat } kind = Empty;
        int set = -1; // Set: index into sets
        std::vector<int> kids;
        int min = 0, max = 0;
    };
    struct Alternative {
        int root = -1;
        bool atStart = false; // '^' before it
        bool atEnd = false;   // '$' after it
    };
    std::vector<Node> nodes;
    std::vector<FastRegex::CharSet> sets;
    std::vector<Alternative> alternatives;
};

// nullopt for what FastRegex leaves to std::regex (see its comment).
std::optional<RegexTree> parseRegexTree(std::wstring_view pattern);

} // namespace vecspace
