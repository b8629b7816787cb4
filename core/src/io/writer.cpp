#include "vecspace/io/writer.h"

#include "base/atomic_file.h"
#include "base/progress_throttle.h"
#include "vecspace/base/parallel.h"
#include "vecspace/io/sidecar_files.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kRowsPerBlock = 2048;

Format outputFormat(const std::filesystem::path& path, Format requested) {
    if (requested != Format::Auto) return requested;
    const Format byName = formatFromExtension(path);
    if (byName != Format::Auto) return byName;
    std::filesystem::path name = path.filename();
    if (endsWithGz(name)) name = name.stem();
    if (name.extension() == ".txt") return Format::Word2VecText;
    throw std::runtime_error(path.string() +
                             ": cannot tell the output format from the extension; use .txt or .vec "
                             "(word2vec text), .bin (word2vec binary), .npy or .tsv");
}

// Labels that would not read back as they were written are refused rather than corrupted.
void checkLabels(const EmbeddingSet& set, const std::filesystem::path& path,
                 std::string_view forbidden, bool allowEmpty, std::string_view formatDescription) {
    for (std::size_t row = 0; row < set.labels.size(); ++row) {
        const std::string& label = set.labels[row];
        if (label.empty() && !allowEmpty)
            throw std::runtime_error(path.string() + ": row " + std::to_string(row + 1) +
                                     " has an empty label, which " +
                                     std::string(formatDescription) + " cannot store");
        if (label.find_first_of(forbidden) != std::string::npos)
            throw std::runtime_error(path.string() + ": label '" + label + "' (row " +
                                     std::to_string(row + 1) + ") holds whitespace that " +
                                     std::string(formatDescription) +
                                     " cannot store; write .npy or .tsv instead");
    }
}

void appendFloat(std::string& out, float value) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, value); // shortest round-trip form
    out.append(buf, result.ptr);
}

// Formats rows in parallel blocks and writes the blocks in order.
template <typename FormatRow>
void writeTextRows(AtomicFile& file, std::size_t rows, const WriteOptions& options,
                   FormatRow formatRow) {
    const std::size_t blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
    const unsigned threads = resolveThreads(0);
    const std::size_t batch = std::size_t{threads} * 4;
    std::vector<std::string> text(batch);
    ProgressThrottle throttle(options.progress);
    for (std::size_t first = 0; first < blocks; first += batch) {
        const std::size_t count = std::min(batch, blocks - first);
        ParallelOptions parallel;
        parallel.threads = threads;
        parallelFor(
            count,
            [&](std::size_t i) {
                std::string& out = text[i];
                out.clear();
                const std::size_t begin = (first + i) * kRowsPerBlock;
                for (std::size_t row = begin; row < std::min(rows, begin + kRowsPerBlock); ++row)
                    formatRow(out, row);
            },
            parallel);
        for (std::size_t i = 0; i < count; ++i)
            file.write(text[i]);
        throttle.report(static_cast<double>(first + count) / blocks);
    }
}

void writeWordText(const EmbeddingSet& set, const std::filesystem::path& path, bool header,
                   const WriteOptions& options) {
    checkLabels(set, path, " \t\n\r", false, "a whitespace-separated text format");
    AtomicFile file(path, endsWithGz(path));
    if (header) file.write(std::to_string(set.rows()) + " " + std::to_string(set.dims()) + "\n");
    const std::size_t dims = set.dims();
    writeTextRows(file, set.rows(), options, [&](std::string& out, std::size_t row) {
        out += set.labels[row];
        const float* v = set.vectors.data() + row * dims;
        for (std::size_t d = 0; d < dims; ++d) {
            out += ' ';
            appendFloat(out, v[d]);
        }
        out += '\n';
    });
    file.commit();
}

void writeBinary(const EmbeddingSet& set, const std::filesystem::path& path,
                 const WriteOptions& options) {
    checkLabels(set, path, " \t\n\r", false, "word2vec binary");
    static_assert(std::endian::native == std::endian::little, "word2vec binary is little-endian");
    AtomicFile file(path);
    file.write(std::to_string(set.rows()) + " " + std::to_string(set.dims()) + "\n");
    const std::size_t vectorBytes = set.dims() * sizeof(float);
    ProgressThrottle throttle(options.progress);
    for (std::size_t row = 0; row < set.rows(); ++row) {
        file.write(set.labels[row]);
        file.write(" ");
        file.write(
            {reinterpret_cast<const char*>(set.vectors.data() + row * set.dims()), vectorBytes});
        file.write("\n"); // as word2vec.c does; gensim's reader skips it
        if ((row & 4095) == 0) throttle.report(static_cast<double>(row) / set.rows());
    }
    file.commit();
}

void writeNpy(const EmbeddingSet& set, const std::filesystem::path& path,
              const WriteOptions& options) {
    checkLabels(set, path, "\n\r", true, "a one-label-per-line file");
    static_assert(std::endian::native == std::endian::little);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(set.rows()) + ", " + std::to_string(set.dims()) + "), }";
    // NumPy pads the header with spaces so that the data starts on a 64-byte boundary.
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    if (header.size() > 65535) throw std::runtime_error(path.string() + ": npy header too long");

    AtomicFile labels(npyLabelsPath(path));
    for (const auto& label : set.labels) {
        labels.write(label);
        labels.write("\n");
    }
    AtomicFile file(path);
    std::string preamble = "\x93NUMPY\x01";
    preamble += '\0';
    preamble += static_cast<char>(header.size() & 0xff);
    preamble += static_cast<char>(header.size() >> 8);
    file.write(preamble + header);
    ProgressThrottle throttle(options.progress);
    const std::size_t rowsPerWrite =
        std::max<std::size_t>(1, (std::size_t{8} << 20) / (set.dims() * 4 + 1));
    for (std::size_t row = 0; row < set.rows(); row += rowsPerWrite) {
        const std::size_t n = std::min(rowsPerWrite, set.rows() - row);
        file.write({reinterpret_cast<const char*>(set.vectors.data() + row * set.dims()),
                    n * set.dims() * 4});
        throttle.report(static_cast<double>(row) / set.rows());
    }
    labels.commit();
    file.commit();
}

void writeTsv(const EmbeddingSet& set, const std::filesystem::path& path,
              const WriteOptions& options) {
    checkLabels(set, path, "\t\n\r", true, "a TSV file");
    for (const auto& column : set.metadata) {
        if (column.values.size() != set.rows())
            throw std::runtime_error(path.string() + ": metadata column '" + column.name +
                                     "' has " + std::to_string(column.values.size()) +
                                     " values for " + std::to_string(set.rows()) + " rows");
        for (const auto& value : column.values)
            if (value.find_first_of("\t\n\r") != std::string::npos ||
                column.name.find_first_of("\t\n\r") != std::string::npos)
                throw std::runtime_error(path.string() + ": metadata column '" + column.name +
                                         "' holds tabs or newlines, which TSV cannot store");
    }
    // Labels first, then the other columns; a header row names them when there is more than one
    // (the Projector reads a single column as headerless labels).
    std::vector<const MetadataColumn*> columns;
    for (const auto& column : set.metadata)
        if (column.name != "label") columns.push_back(&column);
    AtomicFile metadata(tsvMetadataPath(path), endsWithGz(path));
    if (!columns.empty()) {
        std::string line = "label";
        for (const auto* column : columns)
            line += "\t" + column->name;
        metadata.write(line + "\n");
    }
    for (std::size_t row = 0; row < set.rows(); ++row) {
        std::string line = set.labels[row];
        for (const auto* column : columns)
            line += "\t" + column->values[row];
        metadata.write(line + "\n");
    }
    AtomicFile file(path, endsWithGz(path));
    const std::size_t dims = set.dims();
    writeTextRows(file, set.rows(), options, [&](std::string& out, std::size_t row) {
        const float* v = set.vectors.data() + row * dims;
        for (std::size_t d = 0; d < dims; ++d) {
            if (d > 0) out += '\t';
            appendFloat(out, v[d]);
        }
        out += '\n';
    });
    metadata.commit();
    file.commit();
}

} // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes) {
    AtomicFile file(path);
    file.write(bytes);
    file.commit();
}

void writeEmbeddings(const EmbeddingSet& set, const std::filesystem::path& path,
                     const WriteOptions& options) {
    if (set.labels.size() != set.rows())
        throw std::runtime_error(path.string() + ": the set has " +
                                 std::to_string(set.labels.size()) + " labels for " +
                                 std::to_string(set.rows()) + " rows");
    const Format format = outputFormat(path, options.format);
    if (endsWithGz(path) && (format == Format::Npy || format == Format::Word2VecBinary))
        throw std::runtime_error(path.string() +
                                 ": only text formats can be written gzip-compressed");
    switch (format) {
    case Format::Word2VecText:
    case Format::FastTextVec:
        writeWordText(set, path, true, options);
        break;
    case Format::GloveText:
        writeWordText(set, path, false, options);
        break;
    case Format::Word2VecBinary:
        writeBinary(set, path, options);
        break;
    case Format::Npy:
        writeNpy(set, path, options);
        break;
    case Format::ProjectorTsv:
        writeTsv(set, path, options);
        break;
    case Format::Safetensors:
    case Format::Gguf:
        throw std::runtime_error(path.string() +
                                 ": model files are read, not written; write .npy, .tsv or text");
    case Format::Auto:
        break;
    }
    if (options.progress && !options.progress(1.0)) throw Cancelled();
}

} // namespace vecspace
