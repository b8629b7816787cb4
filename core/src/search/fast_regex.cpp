#include "search/fast_regex.h"

#include "search/regex_scan.h"

#include <bit>

namespace vecspace {
namespace {

struct Info {
    bool nullable = true;
    std::uint64_t first = 0, last = 0;
};

// Glushkov's construction: one position per character set in the (expanded) pattern.
struct Builder {
    const RegexTree& tree;
    std::vector<FastRegex::CharSet> sets;
    std::vector<std::uint64_t> follow;
    bool ok = true;

    void link(std::uint64_t from, std::uint64_t to) {
        for (; from; from &= from - 1)
            follow[std::size_t(std::countr_zero(from))] |= to;
    }
    Info concat(Info a, Info b) {
        link(a.last, b.first);
        return {a.nullable && b.nullable, a.first | (a.nullable ? b.first : 0),
                b.last | (b.nullable ? a.last : 0)};
    }
    Info build(int index) {
        const RegexTree::Node& node = tree.nodes[std::size_t(index)];
        if (!ok) return {};
        switch (node.kind) {
        case RegexTree::Node::Empty:
            return {};
        case RegexTree::Node::Set: {
            if (sets.size() == 64) {
                ok = false;
                return {};
            }
            sets.push_back(tree.sets[std::size_t(node.set)]);
            follow.push_back(0);
            const std::uint64_t bit = std::uint64_t(1) << (sets.size() - 1);
            return {false, bit, bit};
        }
        case RegexTree::Node::Concat: {
            Info acc;
            for (int kid : node.kids)
                acc = concat(acc, build(kid));
            return acc;
        }
        case RegexTree::Node::Alt: {
            Info acc{false, 0, 0};
            for (int kid : node.kids) {
                const Info k = build(kid);
                acc = {acc.nullable || k.nullable, acc.first | k.first, acc.last | k.last};
            }
            return acc;
        }
        case RegexTree::Node::Repeat: {
            // Each copy is built afresh, so it gets positions of its own.
            Info acc;
            for (int k = 0; k < node.min && ok; ++k)
                acc = concat(acc, build(node.kids[0]));
            if (node.max < 0) {
                Info loop = build(node.kids[0]);
                link(loop.last, loop.first);
                loop.nullable = true;
                acc = concat(acc, loop);
            }
            for (int k = node.min; k < node.max && ok; ++k) {
                Info optional = build(node.kids[0]);
                optional.nullable = true;
                acc = concat(acc, optional);
            }
            return acc;
        }
        }
        return {};
    }
};

} // namespace

std::optional<FastRegex> FastRegex::compile(std::wstring_view pattern) {
    const std::optional<RegexTree> tree = parseRegexTree(pattern);
    if (!tree) return std::nullopt;
    FastRegex regex;
    Builder builder{*tree, {}, {}};
    for (const RegexTree::Alternative& alternative : tree->alternatives) {
        const Info info = builder.build(alternative.root);
        if (!builder.ok) return std::nullopt;
        (alternative.atStart ? regex.m_firstAtStart : regex.m_firstAnywhere) |= info.first;
        (alternative.atEnd ? regex.m_lastAtEnd : regex.m_lastAnywhere) |= info.last;
        if (info.nullable)
            (alternative.atStart && alternative.atEnd ? regex.m_matchesEmpty
                                                      : regex.m_matchesEverything) = true;
    }
    regex.m_sets = std::move(builder.sets);
    regex.m_follow = std::move(builder.follow);
    for (char32_t c = 0; c < 128; ++c)
        for (std::size_t s = 0; s < regex.m_sets.size(); ++s)
            if (regex.m_sets[s].contains(c)) regex.m_ascii[c] |= std::uint64_t(1) << s;
    return regex;
}

std::uint64_t FastRegex::follow(std::uint64_t active) const {
    std::uint64_t next = 0;
    for (; active; active &= active - 1)
        next |= m_follow[std::size_t(std::countr_zero(active))];
    return next;
}

std::uint64_t FastRegex::matching(char32_t c) const {
    if (c < 128) return m_ascii[c];
    std::uint64_t bits = 0;
    for (std::size_t s = 0; s < m_sets.size(); ++s)
        if (m_sets[s].contains(c)) bits |= std::uint64_t(1) << s;
    return bits;
}

bool FastRegex::search(std::string_view text) const {
    if (m_matchesEverything) return true;
    if (text.empty()) return m_matchesEmpty;
    std::uint64_t active = 0;
    std::uint64_t starts = m_firstAnywhere | m_firstAtStart;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const char32_t c = byte < 0x80 ? (++i, char32_t(byte)) : decodeUtf8(text, i);
        active = (follow(active) | starts) & matching(c);
        starts = m_firstAnywhere;
        if (active & m_lastAnywhere) return true;
        if (active == 0 && starts == 0) return false; // anchored at the start, and dead
    }
    return (active & m_lastAtEnd) != 0;
}

} // namespace vecspace
