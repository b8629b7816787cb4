#include "vecspace/search/label_search.h"

#include "base/progress_throttle.h"
#include "base/utf8.h"
#include "search/fast_regex.h"
#include "search/regex_scan.h"
#include "vecspace/base/parallel.h"
#include "vecspace/search/label_index.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <regex>

namespace vecspace {
namespace {

constexpr std::size_t kRegexChunk = 4096; // rows per regex task: enough to outweigh its cost

const char* findBytes(const char* haystack, std::size_t size, std::string_view needle) {
#ifdef __GLIBC__
    // glibc's memmem (two-way, vectorised for short needles) beats std::search by a wide margin.
    return static_cast<const char*>(memmem(haystack, size, needle.data(), needle.size()));
#else
    const char* end = haystack + size;
    const char* hit = std::search(haystack, end,
                                  std::boyer_moore_horspool_searcher(needle.begin(), needle.end()));
    return hit == end ? nullptr : hit;
#endif
}

// Calls hit(row) for every row whose value contains needle (not empty), in ascending order: one
// pass of findBytes over the whole buffer, skipping to the next value after each match.
void scanSubstring(const std::string& text, const std::vector<std::size_t>& starts,
                   std::string_view needle, ProgressThrottle& progress, double base, double scale,
                   const std::function<void(std::size_t)>& hit) {
    const std::size_t rows = starts.size() - 1;
    std::size_t row = 0, pos = 0, steps = 0;
    while (row < rows) {
        const char* found = findBytes(text.data() + pos, text.size() - pos, needle);
        if (!found) break;
        const std::size_t at = std::size_t(found - text.data());
        while (starts[row + 1] <= at)
            ++row;
        if (at + needle.size() < starts[row + 1]) { // within the value, before its NUL
            hit(row);
            pos = starts[++row];
        } else {
            pos = at + 1; // the match runs into the next value; look on from the next byte
        }
        if (++steps % 4096 == 0) progress.report(base + scale * double(pos) / double(text.size()));
    }
}

std::string regexMessage(std::regex_constants::error_type code) {
    using namespace std::regex_constants;
    switch (code) {
    case error_collate:
        return "invalid collating element name";
    case error_ctype:
        return "invalid character class name";
    case error_escape:
        return "invalid escape or trailing backslash";
    case error_backref:
        return "back reference to a group that does not exist";
    case error_brack:
        return "unmatched '['";
    case error_paren:
        return "unmatched '(' or ')'";
    case error_brace:
        return "unmatched '{'";
    case error_badbrace:
        return "invalid repeat count in '{}'";
    case error_range:
        return "invalid character range (its end comes before its start)";
    case error_space:
    case error_stack:
    case error_complexity:
        return "pattern too complex";
    case error_badrepeat:
        return "nothing to repeat before a quantifier";
    default:
        return "invalid regular expression";
    }
}

struct Compiled {
    std::optional<std::wregex> regex; // the judge of validity, and the matcher of last resort
    std::optional<FastRegex> fast;
    ScannedRegex scan;
    std::optional<SearchError> error;
};

Compiled compile(std::string_view pattern, bool caseSensitive) {
    Compiled out;
    out.scan = scanRegex(pattern, !caseSensitive);
    auto flags = std::regex::ECMAScript | std::regex::optimize;
#ifdef __GLIBCXX__
    // libstdc++'s breadth-first matcher: linear in the text, where the default backtracking one
    // can take exponential time on patterns such as (a|aa)*c; it cannot do back references.
    if (!out.scan.backReferences) flags |= std::regex_constants::__polynomial;
#endif
    try {
        out.regex.emplace(out.scan.pattern, flags);
        out.fast = FastRegex::compile(out.scan.pattern);
    } catch (const std::regex_error& e) {
        // The scan's hint says where; std::regex says what, and is the judge of validity.
        const bool hinted = out.scan.errorColumn > 0;
        SearchError error;
        error.column = out.scan.errorColumn;
        const std::string what = hinted ? out.scan.errorHint : regexMessage(e.code());
        error.message = hinted ? "column " + std::to_string(error.column) + ": " + what : what;
        out.error = std::move(error);
    }
    return out;
}

} // namespace

LabelSearch::LabelSearch(std::span<const std::string> values) {
    std::size_t bytes = 0;
    for (const std::string& value : values)
        bytes += value.size() + 1;
    m_exact.text.reserve(bytes);
    m_folded.text.reserve(bytes);
    m_exact.starts.reserve(values.size() + 1);
    m_folded.starts.reserve(values.size() + 1);
    for (const std::string& value : values) {
        m_exact.starts.push_back(m_exact.text.size());
        m_exact.text += value;
        m_exact.text += '\0';
        m_folded.starts.push_back(m_folded.text.size());
        if (isAscii(value)) {
            // foldCase's own ASCII path, without its temporary string.
            for (char c : value)
                m_folded.text += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 0x20) : c;
        } else {
            m_folded.text += foldCase(value);
        }
        m_folded.text += '\0';
    }
    m_exact.starts.push_back(m_exact.text.size());
    m_folded.starts.push_back(m_folded.text.size());
}

LabelSearchResult LabelSearch::find(std::string_view query,
                                    const LabelSearchOptions& options) const {
    LabelSearchResult result;
    const Buffer& buf = buffer(options.caseSensitive);
    ProgressThrottle progress(options.progress);
    progress.report(0.0); // the first report always gets through: a stop before the scan
    std::vector<std::size_t>& rows = result.rows;

    if (options.mode == SearchMode::Substring || query.empty()) {
        const std::string needle = options.caseSensitive ? std::string(query) : foldCase(query);
        if (needle.empty()) {
            rows.resize(size());
            for (std::size_t row = 0; row < rows.size(); ++row)
                rows[row] = row;
        } else {
            scanSubstring(buf.text, buf.starts, needle, progress, 0.0, 1.0,
                          [&](std::size_t row) { rows.push_back(row); });
            if (options.ranked) {
                // Stable: each rank keeps row order, so "king" lists king, kingdom, kings, ...
                // then making, taking, as the file has them.
                auto exact = std::stable_partition(rows.begin(), rows.end(), [&](std::size_t r) {
                    return buf.value(r) == needle;
                });
                std::stable_partition(exact, rows.end(), [&](std::size_t r) {
                    return buf.value(r).starts_with(needle);
                });
            }
        }
    } else {
        Compiled compiled = compile(query, options.caseSensitive);
        if (compiled.error) {
            result.error = std::move(compiled.error);
            return result;
        }
        const std::wregex& regex = *compiled.regex;
        const FastRegex* fast = compiled.fast ? &*compiled.fast : nullptr;
        // Candidates: the rows holding the required literal, else every row.
        std::vector<std::size_t> candidates;
        const std::string& literal = compiled.scan.literal;
        const bool narrowed = !literal.empty();
        if (narrowed)
            scanSubstring(buf.text, buf.starts, literal, progress, 0.0, 0.2,
                          [&](std::size_t row) { candidates.push_back(row); });
        const std::size_t count = narrowed ? candidates.size() : size();
        const std::size_t chunks = (count + kRegexChunk - 1) / kRegexChunk;
        std::vector<std::vector<std::size_t>> found(chunks);
        auto task = [&](std::size_t chunk) {
            std::wstring wide;
            const std::size_t end = std::min(count, (chunk + 1) * kRegexChunk);
            for (std::size_t k = chunk * kRegexChunk; k < end; ++k) {
                const std::size_t row = narrowed ? candidates[k] : k;
                bool match;
                if (fast) {
                    match = fast->search(buf.value(row));
                } else {
                    wide.clear();
                    appendWide(buf.value(row), wide);
                    match = std::regex_search(wide.data(), wide.data() + wide.size(), regex);
                }
                if (match) found[chunk].push_back(row);
            }
        };
        if (chunks == 1) {
            progress.report(narrowed ? 0.2 : 0.0);
            task(0);
        } else if (chunks > 1) {
            ParallelOptions parallel;
            parallel.threads = options.threads;
            parallel.progress = options.progress;
            parallel.progressBase = narrowed ? 0.2 : 0.0;
            parallel.progressScale = narrowed ? 0.8 : 1.0;
            parallelFor(chunks, task, parallel);
        }
        for (const std::vector<std::size_t>& part : found)
            rows.insert(rows.end(), part.begin(), part.end());
    }
    result.total = rows.size();
    if (options.maxResults > 0 && rows.size() > options.maxResults) {
        rows.resize(options.maxResults);
        rows.shrink_to_fit();
    }
    return result;
}

std::optional<SearchError> checkRegex(std::string_view pattern, bool caseSensitive) {
    return compile(pattern, caseSensitive).error;
}

} // namespace vecspace
