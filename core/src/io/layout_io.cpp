#include "vecspace/io/layout_io.h"

#include "io/gzip.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace vecspace {
namespace {

bool isCsv(LayoutFormat format, const std::filesystem::path& path) {
    return (format == LayoutFormat::Auto ? layoutFormatFromPath(path) : format) ==
           LayoutFormat::Csv;
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

void appendCsvField(std::string& out, const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

// Splits the text into records (lines, or for CSV, RFC 4180 records whose quoted fields may span
// lines), skipping blank lines and remembering the line each record starts on.
class RecordReader {
public:
    RecordReader(std::string_view text, const std::filesystem::path& name, bool csv)
        : m_text(text), m_name(name), m_csv(csv) {}

    bool next(std::vector<std::string>& fields, std::uint64_t& line) {
        while (m_pos < m_text.size()) {
            if (atLineEnd()) {
                skipLineEnd();
                continue;
            }
            line = m_line;
            fields.clear();
            if (m_csv)
                readCsvRecord(fields);
            else
                readTsvRecord(fields);
            return true;
        }
        return false;
    }

private:
    bool atLineEnd() const {
        return m_text[m_pos] == '\n' ||
               (m_text[m_pos] == '\r' && (m_pos + 1 == m_text.size() || m_text[m_pos + 1] == '\n'));
    }

    void skipLineEnd() {
        if (m_pos < m_text.size() && m_text[m_pos] == '\r') ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '\n') {
            ++m_pos;
            ++m_line;
        }
    }

    void readTsvRecord(std::vector<std::string>& fields) {
        std::size_t end = m_text.find('\n', m_pos);
        if (end == std::string_view::npos) end = m_text.size();
        std::string_view content = m_text.substr(m_pos, end - m_pos);
        if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
        for (std::size_t from = 0;;) {
            const std::size_t tab = content.find('\t', from);
            fields.emplace_back(content.substr(from, tab == content.npos ? tab : tab - from));
            if (tab == content.npos) break;
            from = tab + 1;
        }
        m_pos = end;
        skipLineEnd();
    }

    void readCsvRecord(std::vector<std::string>& fields) {
        for (;;) {
            std::string field;
            if (m_pos < m_text.size() && m_text[m_pos] == '"')
                readQuoted(field);
            else
                readUnquoted(field);
            fields.push_back(std::move(field));
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            skipLineEnd();
            return;
        }
    }

    void readQuoted(std::string& field) {
        const std::uint64_t opened = m_line;
        ++m_pos;
        for (;;) {
            if (m_pos >= m_text.size())
                throw LoadError(ErrorLocation{m_name, opened},
                                "a closing quote for the field opened on this line",
                                "the end of the file");
            const char c = m_text[m_pos++];
            if (c == '"') {
                if (m_pos < m_text.size() && m_text[m_pos] == '"') {
                    field += '"';
                    ++m_pos;
                    continue;
                }
                break;
            }
            if (c == '\n') ++m_line;
            field += c;
        }
        if (m_pos < m_text.size() && m_text[m_pos] != ',' && !atLineEnd()) {
            const std::size_t end = std::min(m_text.find('\n', m_pos), m_text.size());
            throw LoadError(ErrorLocation{m_name, m_line},
                            "a comma or the end of the line after a closing quote",
                            describeBytes(m_text.data() + m_pos, end - m_pos, 20));
        }
    }

    void readUnquoted(std::string& field) {
        std::size_t end = m_pos;
        while (end < m_text.size() && m_text[end] != ',' && m_text[end] != '\n')
            ++end;
        std::string_view content = m_text.substr(m_pos, end - m_pos);
        if (!content.empty() && content.back() == '\r' &&
            (end == m_text.size() || m_text[end] == '\n'))
            content.remove_suffix(1);
        field.assign(content);
        m_pos = end;
    }

    std::string_view m_text;
    const std::filesystem::path& m_name;
    bool m_csv;
    std::size_t m_pos = 0;
    std::uint64_t m_line = 1;
};

bool isHeader(const std::vector<std::string>& fields) {
    static const char* const names[] = {"x", "y", "z"};
    if (fields.size() != 3 && fields.size() != 4) return false;
    for (std::size_t i = 1; i < fields.size(); ++i)
        if (lowercase(fields[i]) != names[i - 1]) return false;
    return true;
}

float parseCoordinate(std::string_view field, const std::filesystem::path& name,
                      std::uint64_t line) {
    std::string_view number = field;
    while (!number.empty() && number.front() == ' ')
        number.remove_prefix(1);
    while (!number.empty() && number.back() == ' ')
        number.remove_suffix(1);
    float value = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || error != std::errc() || end != number.data() + number.size() ||
        !std::isfinite(value))
        throw LoadError(ErrorLocation{name, line}, "a number",
                        describeBytes(field.data(), field.size()));
    return value;
}

std::string fieldCount(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " field" : " fields");
}

} // namespace

LayoutFormat layoutFormatFromPath(const std::filesystem::path& path) {
    std::filesystem::path name = path.filename();
    if (lowercase(name.extension().string()) == ".gz") name = name.stem();
    return lowercase(name.extension().string()) == ".csv" ? LayoutFormat::Csv : LayoutFormat::Tsv;
}

void checkLayoutLabels(const std::vector<std::string>& labels, LayoutFormat format,
                       const std::filesystem::path& path) {
    if (isCsv(format, path)) return;
    for (std::size_t row = 0; row < labels.size(); ++row)
        if (labels[row].find_first_of("\t\r\n") != std::string::npos)
            throw std::runtime_error(path.string() + ": the label " +
                                     describeBytes(labels[row].data(), labels[row].size()) +
                                     " of row " + std::to_string(row + 1) +
                                     " holds a tab or a line break, which a TSV layout cannot "
                                     "store; write CSV instead");
}

std::string formatLayout(const std::vector<std::string>& labels, const RowMatrix& coordinates,
                         LayoutFormat format, bool header, const std::filesystem::path& path) {
    const auto columns = static_cast<std::size_t>(coordinates.cols());
    if (columns != 2 && columns != 3)
        throw std::invalid_argument(path.string() +
                                    ": a layout has 2 or 3 coordinates per row, not " +
                                    std::to_string(columns));
    if (labels.size() != static_cast<std::size_t>(coordinates.rows()))
        throw std::invalid_argument(path.string() + ": " + std::to_string(labels.size()) +
                                    " labels for " + std::to_string(coordinates.rows()) +
                                    " rows of coordinates");
    checkLayoutLabels(labels, format, path);
    const bool csv = isCsv(format, path);
    const char separator = csv ? ',' : '\t';
    std::string out;
    out.reserve(labels.size() * (12 + 14 * columns));
    if (header) {
        out += "label";
        for (std::size_t c = 0; c < columns; ++c)
            (out += separator) += "xyz"[c];
        out += '\n';
    }
    char number[32];
    for (std::size_t row = 0; row < labels.size(); ++row) {
        if (csv)
            appendCsvField(out, labels[row]);
        else
            out += labels[row];
        for (std::size_t c = 0; c < columns; ++c) {
            // The shortest text that reads back as the same float.
            const auto result = std::to_chars(
                number, number + sizeof number,
                coordinates(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(c)));
            out += separator;
            out.append(number, result.ptr);
        }
        out += '\n';
    }
    return out;
}

void writeLayout(const std::filesystem::path& path, const std::vector<std::string>& labels,
                 const RowMatrix& coordinates, const LayoutWriteOptions& options) {
    writeFileAtomically(path,
                        formatLayout(labels, coordinates, options.format, options.header, path));
}

LayoutFile parseLayout(std::string_view text, const std::filesystem::path& name,
                       const LayoutReadOptions& options) {
    const bool csv = isCsv(options.format, name);
    const std::vector<std::string>* expected = options.expectedLabels;
    RecordReader records(text, name, csv);
    LayoutFile layout;
    std::vector<float> values;
    std::vector<std::string> fields;
    std::uint64_t line = 0;
    std::size_t dims = 0;
    bool first = true;
    while (records.next(fields, line)) {
        if (first) {
            first = false;
            if (isHeader(fields)) continue;
        }
        if (dims == 0) {
            if (fields.size() != 3 && fields.size() != 4)
                throw LoadError(ErrorLocation{name, line},
                                csv ? "a label and 2 or 3 coordinates (label,x,y[,z])"
                                    : "a label and 2 or 3 coordinates (label<TAB>x<TAB>y[<TAB>z])",
                                fieldCount(fields.size()));
            dims = fields.size() - 1;
        }
        if (fields.size() != dims + 1)
            throw LoadError(ErrorLocation{name, line},
                            std::to_string(dims + 1) + " fields, as on the first line",
                            fieldCount(fields.size()));
        const std::size_t row = layout.labels.size();
        if (expected) {
            if (row >= expected->size())
                throw LoadError(ErrorLocation{name, line},
                                "one line per row of the data, " +
                                    std::to_string(expected->size()) + " in all",
                                "a line for row " + std::to_string(row + 1));
            const std::string& label = (*expected)[row];
            if (fields[0] != label)
                throw LoadError(ErrorLocation{name, line},
                                "the label " + describeBytes(label.data(), label.size()) +
                                    " of row " + std::to_string(row + 1),
                                describeBytes(fields[0].data(), fields[0].size()));
        }
        for (std::size_t d = 1; d <= dims; ++d)
            values.push_back(parseCoordinate(fields[d], name, line));
        layout.labels.push_back(std::move(fields[0]));
    }
    if (layout.labels.empty())
        throw LoadError(ErrorLocation{name, 0}, "lines of a label and 2 or 3 coordinates",
                        first ? "an empty file" : "only a header line");
    if (expected && layout.labels.size() != expected->size())
        throw LoadError(ErrorLocation{name, 0},
                        std::to_string(expected->size()) +
                            " coordinate lines, one per row of the data",
                        std::to_string(layout.labels.size()));
    layout.coordinates =
        Eigen::Map<const RowMatrix>(values.data(), static_cast<Eigen::Index>(layout.labels.size()),
                                    static_cast<Eigen::Index>(dims));
    return layout;
}

LayoutFile readLayout(const std::filesystem::path& path, const LayoutReadOptions& options) {
    return parseLayout(readSmallTextFile(path), path, options);
}

} // namespace vecspace
