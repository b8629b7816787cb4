#include "io/binary_parser.h"

#include "base/matrix_memory.h"
#include "base/progress_throttle.h"
#include "base/utf8.h"
#include "vecspace/io/load_error.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace vecspace {
namespace {

constexpr std::size_t kMaxLabelBytes = 1 << 16;
constexpr std::size_t kReleaseEvery = std::size_t{16} << 20;

} // namespace

void copyFiniteFloats(const char* src, float* dst, std::size_t count, const InputBytes& input,
                      std::size_t byteOffset, std::string_view what) {
    std::memcpy(dst, src, count * sizeof(float));
    if constexpr (std::endian::native == std::endian::big) {
        for (std::size_t i = 0; i < count; ++i)
            dst[i] = std::bit_cast<float>(__builtin_bswap32(std::bit_cast<std::uint32_t>(dst[i])));
    }
    bool allFinite = true;
    for (std::size_t i = 0; i < count; ++i)
        allFinite &= std::isfinite(dst[i]);
    if (allFinite) return;
    for (std::size_t i = 0; i < count; ++i) {
        if (std::isfinite(dst[i])) continue;
        throw LoadError(ErrorLocation{input.file, 0, byteOffset + i * sizeof(float)},
                        "a finite float32 for value " + std::to_string(i + 1) + " of " +
                            std::to_string(count) + " of " + std::string(what),
                        std::isnan(dst[i]) ? "NaN" : "infinity");
    }
}

EmbeddingSet parseWord2VecBinary(const InputBytes& input, const CountsHeader& header,
                                 const LoadOptions& options, WarningCollector& warnings) {
    checkHeaderSanity(header, input, sizeof(float));
    const std::string_view bytes = input.bytes;
    const std::size_t dims = header.dims;
    const std::size_t vectorBytes = dims * sizeof(float);

    // Never trust the header for the allocation: at most as many rows as the bytes can hold.
    std::uint64_t wanted = header.rows;
    if (options.limit > 0) wanted = std::min<std::uint64_t>(wanted, options.limit);
    const std::uint64_t fit = (bytes.size() - header.dataStart) / (vectorBytes + 1);
    const std::size_t capacity = static_cast<std::size_t>(std::min(wanted, fit));

    EmbeddingSet set;
    RowMatrix vectors;
    allocateRows(vectors, capacity, dims);
    set.labels.resize(capacity);

    ProgressThrottle throttle(options.progress);
    std::size_t p = header.dataStart;
    std::size_t released = 0;
    std::size_t row = 0;
    for (; row < wanted; ++row) {
        while (p < bytes.size() && (bytes[p] == '\n' || bytes[p] == '\r'))
            ++p;
        if (p == bytes.size()) break; // ended cleanly between rows: fewer rows than claimed

        const std::size_t window = std::min(bytes.size() - p, kMaxLabelBytes);
        const void* space = std::memchr(bytes.data() + p, ' ', window);
        if (!space) {
            throw LoadError(ErrorLocation{input.file, 0, p},
                            "a label ending in a space (row " + std::to_string(row + 1) + ")",
                            window < kMaxLabelBytes
                                ? "end of file after " + describeBytes(bytes.data() + p, window) +
                                      " (the file is truncated)"
                                : "no space in " + std::to_string(kMaxLabelBytes) + " bytes");
        }
        const std::size_t labelEnd =
            static_cast<std::size_t>(static_cast<const char*>(space) - bytes.data());
        const std::string_view raw = bytes.substr(p, labelEnd - p);
        const std::size_t vectorStart = labelEnd + 1;
        if (bytes.size() - vectorStart < vectorBytes)
            throw LoadError(ErrorLocation{input.file, 0, vectorStart},
                            std::to_string(vectorBytes) + " bytes of float32 vector for " +
                                describeBytes(raw.data(), raw.size()) + " (row " +
                                std::to_string(row + 1) + ")",
                            "only " + std::to_string(bytes.size() - vectorStart) +
                                " bytes (the file is truncated)");
        // Unreachable by arithmetic (each row takes at least vectorBytes + 1 bytes), kept so
        // that a mistake here can never write past the matrix.
        if (row >= capacity)
            throw LoadError(input.file, "internal error: more rows than bytes allow");

        std::string& label = set.labels[row];
        if (isAscii(raw) || isValidUtf8(raw)) {
            label.assign(raw);
        } else {
            label = sanitizeUtf8(raw);
            warnings.add(WarningKind::InvalidUtf8, 0,
                         "label of row " + std::to_string(row + 1) + " at byte " +
                             std::to_string(p) + " is not valid UTF-8; replaced: '" + label + "'");
        }
        if (raw.empty())
            warnings.add(WarningKind::EmptyLabel, 0,
                         "empty label in row " + std::to_string(row + 1));
        copyFiniteFloats(bytes.data() + vectorStart, vectors.data() + row * dims, dims, input,
                         vectorStart, "'" + label + "'");
        p = vectorStart + vectorBytes;

        if (p - released >= kReleaseEvery) {
            input.release(released, p - released);
            released = p;
        }
        if ((row & 1023) == 0) throttle.report(static_cast<double>(p) / bytes.size());
    }

    if (row < wanted && options.limit == 0)
        warnings.add(WarningKind::RowCountMismatch, 1,
                     "header says " + std::to_string(header.rows) + " rows, file holds " +
                         std::to_string(row) + "; loaded " + std::to_string(row));
    if (row == header.rows) {
        while (p < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[p])))
            ++p;
        if (p < bytes.size())
            warnings.add(WarningKind::RowCountMismatch, 0,
                         std::to_string(bytes.size() - p) + " bytes after the " +
                             std::to_string(header.rows) +
                             " rows the header declares were ignored (byte " + std::to_string(p) +
                             " on)");
    }
    if (row < capacity) {
        vectors.conservativeResize(static_cast<Eigen::Index>(row), Eigen::NoChange);
        set.labels.resize(row);
    }
    set.vectors = std::move(vectors);
    set.format = Format::Word2VecBinary;
    return set;
}

} // namespace vecspace
