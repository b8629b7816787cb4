#include "vecspace/io/loader.h"

#include "base/mapped_file.h"
#include "io/binary_parser.h"
#include "io/gguf_reader.h"
#include "io/gzip.h"
#include "io/label_table.h"
#include "io/metadata_table.h"
#include "io/model_loader.h"
#include "io/npy_reader.h"
#include "io/safetensors_reader.h"
#include "io/text_header.h"
#include "io/text_parser.h"
#include "io/tsv_reader.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/sidecar_files.h"

#include <cstring>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kSniffBytes = 1 << 16;

bool hasFastTextModelMagic(std::string_view bytes) {
    return bytes.size() >= 4 && std::memcmp(bytes.data(), "\xBA\x16\x4F\x2F", 4) == 0;
}

// fastText's native model before it had a magic number (gensim still writes it: its
// FastText.save_facebook_model of older versions): it opens with the training arguments as
// int32s (dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn,
// lrUpdateRate), each in a range a text or word2vec file's first 48 bytes never fall in.
bool hasOldFastTextModelHeader(std::string_view bytes) {
    if (bytes.size() < 48) return false;
    const std::int64_t low[12] = {1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1};
    const std::int64_t high[12] = {100000, 1000, 100000,    1000000, 1000, 10,
                                   4,      3,    100000000, 100,     100,  100000000};
    for (int i = 0; i < 12; ++i) {
        std::int32_t v = 0;
        std::memcpy(&v, bytes.data() + 4 * i, 4);
        if (v < low[i] || v > high[i]) return false;
    }
    return true;
}

// Bytes that never occur in text files: what float32 data is full of.
bool looksBinary(std::string_view bytes) {
    for (unsigned char c : bytes.substr(0, 4096))
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
    return false;
}

Format detectFromBytes(std::string_view bytes, const std::filesystem::path& path) {
    if (hasNpyMagic(bytes)) return Format::Npy;
    if (hasGgufMagic(bytes)) return Format::Gguf;
    const Format byName = formatFromExtension(path);
    if (looksLikeSafetensors(bytes) || byName == Format::Safetensors) return Format::Safetensors;
    if (byName == Format::Gguf) return Format::Gguf;
    const std::size_t start = startsWithBom(bytes) ? 3 : 0;
    if (const auto header = parseCountsHeader(bytes, start)) {
        const std::string_view rest = bytes.substr(header->dataStart);
        if (looksBinary(rest) || byName == Format::Word2VecBinary) return Format::Word2VecBinary;
        // "1<TAB>2" also opens a numbers-only TSV: with a tab, the line is a header only when the
        // row below it has a label and DIMS values.
        std::uint64_t line = 2;
        const std::size_t next = skipBlankLines(bytes, header->dataStart, line);
        const bool tabbed =
            bytes.substr(start, header->dataStart - start).find('\t') != std::string_view::npos;
        if (!tabbed || next == bytes.size() || countFields(bytes, next, false) == header->dims + 1)
            return byName == Format::FastTextVec ? Format::FastTextVec : Format::Word2VecText;
    }
    if (byName == Format::Npy || byName == Format::Word2VecBinary) return byName;
    std::uint64_t line = 1;
    const std::size_t first = skipBlankLines(bytes, start, line);
    const std::size_t end = bytes.find('\n', first);
    const std::string_view firstLine =
        bytes.substr(first, end == std::string_view::npos ? bytes.npos : end - first);
    if (byName == Format::ProjectorTsv || firstLine.find('\t') != std::string_view::npos)
        return Format::ProjectorTsv;
    return Format::GloveText;
}

[[noreturn]] void rejectFastTextModel(const std::filesystem::path& file) {
    throw LoadError(ErrorLocation{file, 0, 0},
                    "an embedding file (text, word2vec binary, TSV or .npy)",
                    "a fastText native model (.bin); export its vectors to .vec first "
                    "(fastText's print-word-vectors, or gensim's save_word2vec_format)");
}

// gensim keeps the first row of a repeated word and ignores the rest; so do we, and say so.
void dropDuplicateLabels(EmbeddingSet& set, std::uint64_t firstDataLine, bool lineNumbersExact,
                         WarningCollector& warnings) {
    if (set.labels.size() >= LabelTable::kNone) throw std::length_error("too many rows");
    std::vector<std::uint32_t> duplicates;
    for (const auto& [row, first] : LabelTable(set.labels).insertAll()) {
        duplicates.push_back(row);
        warnings.add(WarningKind::DuplicateLabel, lineNumbersExact ? firstDataLine + row : 0,
                     "duplicate label '" + set.labels[row] + "' in row " + std::to_string(row + 1) +
                         " ignored; the first one is in row " + std::to_string(first + 1));
    }
    if (duplicates.empty()) return;
    const std::size_t dims = set.dims();
    std::size_t kept = 0, next = 0;
    float* vectors = set.vectors.edit().data();
    for (std::size_t row = 0; row < set.labels.size(); ++row) {
        if (next < duplicates.size() && duplicates[next] == row) {
            ++next;
            continue;
        }
        if (kept != row) {
            set.labels[kept] = std::move(set.labels[row]);
            std::memcpy(vectors + kept * dims, vectors + row * dims, dims * sizeof(float));
        }
        ++kept;
    }
    set.labels.resize(kept);
    set.vectors.keepRows(static_cast<Eigen::Index>(kept));
}

EmbeddingSet loadText(const InputBytes& input, Format format, const LoadOptions& options,
                      WarningCollector& warnings, double progressBase) {
    const std::string_view bytes = input.bytes;
    // Windows tools save "Unicode" text as UTF-16: every other byte is NUL, which would otherwise
    // surface as a puzzling number error on line 1.
    if (bytes.size() >= 2 &&
        ((bytes[0] == '\xff' && bytes[1] == '\xfe') || (bytes[0] == '\xfe' && bytes[1] == '\xff')))
        throw LoadError(ErrorLocation{input.file, 0, 0}, "UTF-8 text",
                        std::string("UTF-16 text (byte-order mark ") +
                            (bytes[0] == '\xff' ? "FF FE" : "FE FF") + "); save it as UTF-8");
    std::size_t start = startsWithBom(bytes) ? 3 : 0;
    std::uint64_t line = 1;
    start = skipBlankLines(bytes, start, line);
    if (start == bytes.size())
        throw LoadError(ErrorLocation{input.file, 1}, "embedding rows", "an empty file");
    if (format == Format::ProjectorTsv) return parseProjectorTsv(input, start, options, warnings);

    TextRowsConfig config;
    std::optional<CountsHeader> header;
    if (format != Format::GloveText) {
        header = parseCountsHeader(bytes, start);
        if (!header) {
            const std::size_t nl = bytes.find('\n', start);
            throw LoadError(ErrorLocation{input.file, line},
                            "a header line 'ROWS DIMS' (" + std::string(formatName(format)) + ")",
                            describeBytes(bytes.data() + start,
                                          (nl == bytes.npos ? bytes.size() : nl) - start));
        }
        checkHeaderSanity(*header, input, 2);
        config.dims = header->dims;
        config.firstLine = line + 1;
        config.dataStart = skipBlankLines(bytes, header->dataStart, config.firstLine);
    } else {
        config.dataStart = start;
        config.firstLine = line;
        const std::size_t fields = countFields(bytes, start, false);
        if (fields < 2) {
            const std::size_t nl = bytes.find('\n', start);
            throw LoadError(ErrorLocation{input.file, line}, "a label followed by numbers",
                            describeBytes(bytes.data() + start,
                                          (nl == bytes.npos ? bytes.size() : nl) - start));
        }
        config.dims = fields - 1;
    }
    config.limit = options.limit;
    config.threads = options.threads;
    config.progress = options.progress;
    config.progressBase = progressBase;
    config.progressScale = (1.0 - progressBase) * 0.97;

    TextRows rows =
        config.dataStart < bytes.size() ? parseTextRows(input, config, warnings) : TextRows{};
    if (config.dataStart >= bytes.size())
        rows.vectors.resize(0, static_cast<Eigen::Index>(config.dims));
    EmbeddingSet set;
    set.vectors = std::move(rows.vectors);
    set.labels = std::move(rows.labels);
    const std::uint64_t loaded = set.rows();
    if (header && header->rows != loaded && (options.limit == 0 || loaded < options.limit))
        warnings.add(WarningKind::RowCountMismatch, 1,
                     "header says " + std::to_string(header->rows) + " rows, file holds " +
                         std::to_string(loaded) + "; loaded " + std::to_string(loaded));
    // Row r sits on line firstLine + r unless blank lines were skipped in between.
    dropDuplicateLabels(set, config.firstLine, rows.blankLines == 0, warnings);
    return set;
}

// --labels and --metadata on the formats that do not read them themselves: metadata applies to
// every format (in row order or joined by label); labels only to .npy, whose rows have none.
void applySidecarOptions(EmbeddingSet& set, Format format, const std::filesystem::path& path,
                         const LoadOptions& options, WarningCollector& warnings) {
    if (!options.labelsPath.empty() && format != Format::Npy)
        throw LoadError(path,
                        std::string("--labels applies to .npy files only: ") +
                            std::string(formatName(format)) +
                            " files carry their own labels (use --metadata for more columns)");
    if (!options.metadataPath.empty() && format != Format::ProjectorTsv)
        attachMetadata(set, options.metadataPath, options.limit > 0, warnings);
}

EmbeddingSet loadInput(InputBytes input, const LoadOptions& options) {
    const std::filesystem::path path = input.file;
    std::string inflated;
    double progressBase = 0.0;
    // A name ending in .gz that holds something else: say so, rather than guess (a browser may
    // have unpacked the download and kept the name).
    if (!hasGzipMagic(input.bytes) && endsWithGz(path) && !input.bytes.empty())
        throw LoadError(
            ErrorLocation{path, 0, 0}, "gzip data (the name ends in .gz; gzip starts 1F 8B)",
            describeBytes(input.bytes.data(), std::min<std::size_t>(input.bytes.size(), 8)) +
                "; if the file is not compressed, rename it without .gz");
    if (hasGzipMagic(input.bytes)) {
        ProgressFn scaled;
        if (options.progress) scaled = [&](double f) { return options.progress(0.4 * f); };
        inflated = gunzip(input.bytes, path, scaled);
        input = InputBytes{path, inflated, nullptr};
        progressBase = 0.4;
    }
    if (hasFastTextModelMagic(input.bytes) ||
        (options.format == Format::Auto && hasOldFastTextModelHeader(input.bytes)))
        rejectFastTextModel(path);
    if (input.bytes.empty())
        throw LoadError(ErrorLocation{path, 1}, "embedding data", "an empty file");

    const Format format =
        options.format != Format::Auto ? options.format : detectFromBytes(input.bytes, path);
    LoadOptions scaledOptions = options;
    if (progressBase > 0 && options.progress)
        scaledOptions.progress = [&](double f) {
            return options.progress(progressBase + (1 - progressBase) * f);
        };

    WarningCollector warnings;
    EmbeddingSet set;
    switch (format) {
    case Format::Safetensors:
    case Format::Gguf: {
        if (format == Format::Gguf && !hasGgufMagic(input.bytes))
            throw LoadError(
                ErrorLocation{path, 0, 0}, "the GGUF magic 'GGUF'",
                describeBytes(input.bytes.data(), std::min<std::size_t>(input.bytes.size(), 4)));
        // A file on disk is opened again as a checkpoint: its vocabulary lies beside it.
        const ModelSource source =
            input.mapped && !inflated.size() ? openModel(path) : openModelBytes(input.bytes, path);
        set = loadModel(source, scaledOptions, warnings);
        break;
    }
    case Format::Npy:
        if (!hasNpyMagic(input.bytes))
            throw LoadError(
                ErrorLocation{path, 0, 0}, "the .npy magic '\\x93NUMPY'",
                describeBytes(input.bytes.data(), std::min<std::size_t>(input.bytes.size(), 8)));
        set = parseNpy(input, scaledOptions, warnings);
        break;
    case Format::Word2VecBinary: {
        const std::size_t start = startsWithBom(input.bytes) ? 3 : 0;
        const auto header = parseCountsHeader(input.bytes, start);
        if (!header) {
            const std::size_t nl = input.bytes.find('\n');
            throw LoadError(ErrorLocation{path, 1}, "a header line 'ROWS DIMS' (word2vec-binary)",
                            describeBytes(input.bytes.data(), std::min(nl, input.bytes.size())));
        }
        set = parseWord2VecBinary(input, *header, scaledOptions, warnings);
        dropDuplicateLabels(set, 0, false, warnings);
        break;
    }
    default:
        set = loadText(input, format, options, warnings, progressBase);
        break;
    }
    applySidecarOptions(set, format, path, options, warnings);
    set.format = format;
    set.source = path;
    set.warnings = warnings.finish();
    if (options.progress && !options.progress(1.0)) throw Cancelled();
    return set;
}

} // namespace

Format detectFormat(const std::filesystem::path& path) {
    const MappedFile file(path);
    std::string_view bytes = file.bytes();
    std::string inflated;
    if (hasGzipMagic(bytes)) {
        inflated = gunzip(bytes, path, {}, kSniffBytes);
        bytes = inflated;
    }
    if (hasFastTextModelMagic(bytes) || hasOldFastTextModelHeader(bytes)) rejectFastTextModel(path);
    return detectFromBytes(bytes, path);
}

EmbeddingSet loadEmbeddings(const std::filesystem::path& path, const LoadOptions& options) {
    std::error_code ignored;
    // A checkpoint folder or a sharded checkpoint's index: many files, one matrix.
    if (std::filesystem::is_directory(path, ignored) ||
        path.filename().string().ends_with(".safetensors.index.json")) {
        WarningCollector warnings;
        EmbeddingSet set = loadModel(openModel(path), options, warnings);
        applySidecarOptions(set, Format::Safetensors, path, options, warnings);
        set.format = Format::Safetensors;
        set.source = path;
        set.warnings = warnings.finish();
        return set;
    }
    if (!options.tensor.empty() && !isModelPath(path))
        throw LoadError(path, "--tensor applies to safetensors and GGUF model files only");
    const auto file = std::make_shared<MappedFile>(path);
    return loadInput(InputBytes{path, file->bytes(), file}, options);
}

EmbeddingSet loadEmbeddingsFromBuffer(std::string_view bytes, const std::filesystem::path& name,
                                      const LoadOptions& options) {
    return loadInput(InputBytes{name, bytes, nullptr}, options);
}

} // namespace vecspace
