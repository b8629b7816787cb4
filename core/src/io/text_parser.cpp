#include "io/text_parser.h"

#include "base/matrix_memory.h"
#include "base/utf8.h"
#include "io/float_parse.h"
#include "vecspace/base/parallel.h"
#include "vecspace/io/load_error.h"

#include <atomic>
#include <cmath>
#include <cstring>

namespace vecspace {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{4} << 20;

inline bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

struct Chunk {
    std::size_t begin = 0, end = 0;
    std::uint64_t lines = 0, rows = 0;
    std::uint64_t firstLine = 0, firstRow = 0;
    WarningCollector warnings;
};

// Per-line facts used by both passes: where the line ends and whether it holds anything.
struct LineSpan {
    const char* begin;
    const char* end; // excludes '\n'
    const char* next;
    bool blank;
};

inline LineSpan nextLine(const char* p, const char* limit) {
    const char* q = p;
    while (q < limit && isSpace(*q))
        ++q;
    const bool blank = q == limit || *q == '\n';
    const char* nl =
        static_cast<const char*>(std::memchr(q, '\n', static_cast<std::size_t>(limit - q)));
    const char* end = nl ? nl : limit;
    return {p, end, nl ? nl + 1 : limit, blank};
}

// Calls visit(line) for each line in [p, end) until it returns false; returns where it stopped
// (the start of the line it refused, or end).
template <typename Visit> const char* forEachLine(const char* p, const char* end, Visit visit) {
    while (p < end) {
        const LineSpan line = nextLine(p, end);
        if (!visit(line)) return p;
        p = line.next;
    }
    return p;
}

class RowParser {
public:
    RowParser(const TextRowsConfig& config, const std::filesystem::path& file)
        : m_config(config), m_file(file) {}

    // Parses one non-blank line into out[0..dims) and label; throws LoadError on bad content.
    // Bytes up to `readable` (past the line's end) may be read by the SWAR digit parser.
    void parse(const char* b, const char* e, const char* readable, std::uint64_t line, float* out,
               std::string* label, WarningCollector& warnings) const {
        while (e > b && isSpace(e[-1]))
            --e; // CRLF and trailing blanks
        const char* p = b;
        if (m_config.labelColumn) {
            while (p < e && !isSeparator(*p))
                ++p;
            storeLabel(b, p, line, label, warnings);
        }
        const std::size_t dims = m_config.dims;
        for (std::size_t d = 0; d < dims; ++d) {
            if (d > 0 || m_config.labelColumn) {
                if (p == e) raggedRow(line, d);
                skipSeparators(p, e);
                if (p == e) raggedRow(line, d);
            }
            const char* next = parseFloat(p, e, out[d], readable);
            if (!next || (next != e && !isSeparator(*next))) {
                if (d == 0 && m_config.labelColumn && !m_config.tabSeparated &&
                    parseSpacedLabel(b, e, line, out, label, warnings))
                    return;
                throw LoadError(ErrorLocation{m_file, line},
                                "a number for value " + std::to_string(d + 1) + " of " +
                                    std::to_string(dims),
                                describeBytes(p, tokenLength(p, e)));
            }
            if (!std::isfinite(out[d]))
                throw LoadError(ErrorLocation{m_file, line},
                                "a finite float32 number for value " + std::to_string(d + 1) +
                                    " of " + std::to_string(dims),
                                describeBytes(p, tokenLength(p, e)));
            p = next;
        }
        if (p != e) {
            skipSeparators(p, e);
            if (p != e)
                throw LoadError(ErrorLocation{m_file, line},
                                std::to_string(dims) + " values" +
                                    (m_config.labelColumn ? " after the label" : ""),
                                "more, starting at " + describeBytes(p, e - p));
        }
    }

private:
    bool isSeparator(char c) const { return c == '\t' || (!m_config.tabSeparated && c == ' '); }

    void skipSeparators(const char*& p, const char* e) const {
        if (m_config.tabSeparated) {
            if (p < e && *p == '\t') ++p;
            return;
        }
        while (p < e && (*p == ' ' || *p == '\t'))
            ++p;
    }

    std::size_t tokenLength(const char* p, const char* e) const {
        const char* q = p;
        while (q < e && !isSeparator(*q))
            ++q;
        return static_cast<std::size_t>(q - p);
    }

    [[noreturn]] void raggedRow(std::uint64_t line, std::size_t found) const {
        throw LoadError(ErrorLocation{m_file, line},
                        std::to_string(m_config.dims) + " values" +
                            (m_config.labelColumn ? " after the label" : "") + " on every row",
                        std::to_string(found));
    }

    void storeLabel(const char* b, const char* e, std::uint64_t line, std::string* label,
                    WarningCollector& warnings) const {
        const std::string_view raw(b, static_cast<std::size_t>(e - b));
        if (raw.empty()) warnings.add(WarningKind::EmptyLabel, line, "empty label");
        if (isAscii(raw) || isValidUtf8(raw)) {
            label->assign(raw);
            return;
        }
        *label = sanitizeUtf8(raw);
        warnings.add(WarningKind::InvalidUtf8, line,
                     "label is not valid UTF-8; invalid bytes replaced with U+FFFD: '" + *label +
                         "'");
    }

    // glove.840B has rows whose label holds spaces ("at name@domain.com"): when the row has more
    // fields than a label plus dims numbers, and the last dims fields are numbers, the rest is
    // the label. Only tried after the fast path failed, so ordinary rows pay nothing for it.
    bool parseSpacedLabel(const char* b, const char* e, std::uint64_t line, float* out,
                          std::string* label, WarningCollector& warnings) const {
        const std::size_t dims = m_config.dims;
        std::vector<const char*> starts;
        for (const char* p = b; p < e;) {
            while (p < e && (*p == ' ' || *p == '\t'))
                ++p;
            if (p == e) break;
            starts.push_back(p);
            while (p < e && *p != ' ' && *p != '\t')
                ++p;
        }
        if (starts.size() < dims + 2) return false;
        const std::size_t first = starts.size() - dims;
        for (std::size_t d = 0; d < dims; ++d) {
            const char* next = parseFloat(starts[first + d], e, out[d]);
            if (!next || (next != e && *next != ' ' && *next != '\t') || !std::isfinite(out[d]))
                return false;
        }
        const char* labelEnd = starts[first];
        while (labelEnd > b && (labelEnd[-1] == ' ' || labelEnd[-1] == '\t'))
            --labelEnd;
        storeLabel(b, labelEnd, line, label, warnings);
        warnings.add(WarningKind::LabelWithSpaces, line, "label holds spaces: '" + *label + "'");
        return true;
    }

    const TextRowsConfig& m_config;
    const std::filesystem::path& m_file;
};

// Chunks end just after a newline so every line lies wholly in one chunk.
std::vector<Chunk> splitIntoChunks(std::string_view bytes, std::size_t begin, std::size_t end,
                                   unsigned threads) {
    const std::size_t size = end - begin;
    const std::size_t target = std::max<std::size_t>(
        std::min(kChunkBytes, size / (std::size_t{threads} * 4) + 1), 1 << 16);
    std::vector<Chunk> chunks;
    std::size_t pos = begin;
    while (pos < end) {
        std::size_t cut = std::min(end, pos + target);
        if (cut < end) {
            const void* nl = std::memchr(bytes.data() + cut, '\n', end - cut);
            cut = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) + 1
                     : end;
        }
        Chunk chunk;
        chunk.begin = pos;
        chunk.end = cut;
        chunks.push_back(std::move(chunk));
        pos = cut;
    }
    return chunks;
}

// The end offset after `limit` non-blank lines, scanning from begin (limit > 0).
std::size_t endAfterRows(std::string_view bytes, std::size_t begin, std::size_t limit) {
    std::size_t rows = 0;
    const char* stop =
        forEachLine(bytes.data() + begin, bytes.data() + bytes.size(), [&](const LineSpan& line) {
            if (rows == limit) return false;
            rows += line.blank ? 0 : 1;
            return true;
        });
    return static_cast<std::size_t>(stop - bytes.data());
}

} // namespace

std::size_t countFields(std::string_view bytes, std::size_t start, bool tabSeparated) {
    const std::size_t nl = bytes.find('\n', start);
    std::string_view line =
        bytes.substr(start, nl == std::string_view::npos ? bytes.npos : nl - start);
    while (!line.empty() && isSpace(line.back()))
        line.remove_suffix(1);
    if (line.empty()) return 0;
    if (tabSeparated) {
        std::size_t fields = 1;
        for (char c : line)
            fields += c == '\t';
        return fields;
    }
    std::size_t fields = 0;
    bool inField = false;
    for (char c : line) {
        const bool sep = c == ' ' || c == '\t';
        if (!sep && !inField) ++fields;
        inField = !sep;
    }
    return fields;
}

std::size_t skipBlankLines(std::string_view bytes, std::size_t start, std::uint64_t& line) {
    const char* stop =
        forEachLine(bytes.data() + start, bytes.data() + bytes.size(), [&](const LineSpan& span) {
            if (!span.blank) return false;
            ++line;
            return true;
        });
    return static_cast<std::size_t>(stop - bytes.data());
}

TextRows parseTextRows(const InputBytes& input, const TextRowsConfig& config,
                       WarningCollector& warnings) {
    const std::string_view bytes = input.bytes;
    const unsigned threads = resolveThreads(config.threads);
    const std::size_t end =
        config.limit > 0 ? endAfterRows(bytes, config.dataStart, config.limit) : bytes.size();
    std::vector<Chunk> chunks = splitIntoChunks(bytes, config.dataStart, end, threads);
    const double total = static_cast<double>(std::max<std::size_t>(end - config.dataStart, 1));
    std::atomic<std::size_t> bytesDone{0};

    ParallelOptions parallel;
    parallel.threads = threads;
    parallel.progress = config.progress;
    parallel.fraction = [&] { return static_cast<double>(bytesDone.load()) / total; };

    // Pass 1: lines and non-blank rows per chunk (memchr speed).
    parallel.progressBase = config.progressBase;
    parallel.progressScale = config.progressScale * 0.1;
    parallelFor(
        chunks.size(),
        [&](std::size_t i) {
            Chunk& chunk = chunks[i];
            forEachLine(bytes.data() + chunk.begin, bytes.data() + chunk.end,
                        [&](const LineSpan& line) {
                            ++chunk.lines;
                            chunk.rows += line.blank ? 0 : 1;
                            return true;
                        });
            input.release(chunk.begin, chunk.end - chunk.begin);
            bytesDone += chunk.end - chunk.begin;
        },
        parallel);

    std::uint64_t line = config.firstLine, row = 0;
    for (Chunk& chunk : chunks) {
        chunk.firstLine = line;
        chunk.firstRow = row;
        line += chunk.lines;
        row += chunk.rows;
    }

    RowParser parser(config, input.file);
    // Every well-formed row takes at least two bytes per value, so a matrix larger than that
    // bound can only come from malformed rows: find the first one before allocating anything.
    const std::size_t minRowBytes = 2 * config.dims - (config.labelColumn ? 0 : 1);
    if (row > 0 && (end - config.dataStart) / minRowBytes < row) {
        std::vector<float> scratch(config.dims);
        std::string label;
        WarningCollector ignored;
        std::uint64_t n = config.firstLine;
        const char* limit = bytes.data() + end;
        forEachLine(bytes.data() + config.dataStart, limit, [&](const LineSpan& span) {
            if (!span.blank)
                parser.parse(span.begin, span.end, limit, n, scratch.data(), &label, ignored);
            ++n;
            return true;
        });
    }

    TextRows out;
    allocateRows(out.vectors, row, config.dims);
    if (config.labelColumn) out.labels.resize(row);

    // Pass 2: parse each chunk straight into its rows of the final matrix.
    bytesDone = 0;
    parallel.progressBase = config.progressBase + config.progressScale * 0.1;
    parallel.progressScale = config.progressScale * 0.9;
    parallelFor(
        chunks.size(),
        [&](std::size_t i) {
            Chunk& chunk = chunks[i];
            const char* limit = bytes.data() + chunk.end;
            std::uint64_t lineNo = chunk.firstLine, r = chunk.firstRow;
            forEachLine(bytes.data() + chunk.begin, limit, [&](const LineSpan& span) {
                if (span.blank) {
                    chunk.warnings.add(WarningKind::BlankLine, lineNo, "blank line skipped");
                } else {
                    parser.parse(span.begin, span.end, limit, lineNo,
                                 out.vectors.data() + r * config.dims,
                                 config.labelColumn ? &out.labels[r] : nullptr, chunk.warnings);
                    ++r;
                }
                ++lineNo;
                return true;
            });
            input.release(chunk.begin, chunk.end - chunk.begin);
            bytesDone += chunk.end - chunk.begin;
        },
        parallel);

    for (const Chunk& chunk : chunks) {
        warnings.merge(chunk.warnings);
        out.blankLines += chunk.lines - chunk.rows;
    }
    return out;
}

} // namespace vecspace
