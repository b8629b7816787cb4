#include "io/npy_reader.h"

#include "base/half_float.h"
#include "base/matrix_memory.h"
#include "io/label_file.h"
#include "vecspace/base/parallel.h"
#include "vecspace/io/load_error.h"
#include "vecspace/io/sidecar_files.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <regex>

namespace vecspace {
namespace {

struct NpyHeader {
    char byteOrder = '<';
    char kind = 'f';
    std::size_t itemSize = 4;
    bool fortranOrder = false;
    std::vector<std::uint64_t> shape;
    std::size_t dataOffset = 0;
};

std::uint32_t readLittle(const char* p, std::size_t n) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
        v |= std::uint32_t(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

NpyHeader parseHeader(const InputBytes& input) {
    const std::string_view bytes = input.bytes;
    const auto fail = [&](std::uint64_t offset, std::string expected, std::string found) {
        throw LoadError(ErrorLocation{input.file, 0, offset}, std::move(expected),
                        std::move(found));
    };
    if (bytes.size() < 10)
        fail(0, "an .npy header", "only " + std::to_string(bytes.size()) + " bytes");
    const int major = static_cast<unsigned char>(bytes[6]);
    if (major < 1 || major > 3)
        fail(6, "npy format version 1, 2 or 3", "version " + std::to_string(major));
    const std::size_t lenBytes = major == 1 ? 2 : 4;
    if (bytes.size() < 8 + lenBytes) fail(8, "the header length", "end of file");
    const std::size_t headerLen = readLittle(bytes.data() + 8, lenBytes);
    NpyHeader h;
    h.dataOffset = 8 + lenBytes + headerLen;
    if (h.dataOffset > bytes.size())
        fail(8, "a header of " + std::to_string(headerLen) + " bytes",
             "only " + std::to_string(bytes.size() - 8 - lenBytes) + " bytes left");
    const std::string dict(bytes.substr(8 + lenBytes, headerLen));

    std::smatch m;
    if (!std::regex_search(dict, m, std::regex(R"('descr'\s*:\s*'([^']*)')")))
        fail(8 + lenBytes, "a 'descr' entry in the header",
             describeBytes(dict.data(), dict.size(), 80));
    const std::string descr = m[1];
    if (descr.size() == 3 &&
        (descr[0] == '<' || descr[0] == '>' || descr[0] == '|' || descr[0] == '=') &&
        descr[1] == 'f' && (descr[2] == '2' || descr[2] == '4' || descr[2] == '8')) {
        h.byteOrder = descr[0] == '>' ? '>' : '<';
        h.itemSize = static_cast<std::size_t>(descr[2] - '0');
    } else {
        fail(8 + lenBytes, "float16, float32 or float64 data (descr '<f2', '<f4' or '<f8')",
             "descr '" + descr + "'");
    }
    if (!std::regex_search(dict, m, std::regex(R"('fortran_order'\s*:\s*(True|False))")))
        fail(8 + lenBytes, "a 'fortran_order' entry in the header",
             describeBytes(dict.data(), dict.size(), 80));
    if (m[1] == "True")
        fail(8 + lenBytes, "a C-order array",
             "fortran_order True (save it with numpy.ascontiguousarray first)");
    if (!std::regex_search(dict, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
        fail(8 + lenBytes, "a 'shape' entry in the header",
             describeBytes(dict.data(), dict.size(), 80));
    const std::string shape = m[1];
    const std::regex digitsPattern(R"(\d+)");
    for (std::sregex_iterator it(shape.begin(), shape.end(), digitsPattern), end; it != end; ++it) {
        const std::string digits = it->str();
        if (digits.size() > 15) fail(8 + lenBytes, "a plausible array shape", "(" + shape + ")");
        h.shape.push_back(std::stoull(digits));
    }
    if (h.shape.size() != 2)
        fail(8 + lenBytes, "a 2-D array (rows, dims)", "shape (" + shape + ")");
    return h;
}

template <typename T> T loadSwapped(const char* p, bool swap) {
    T value;
    std::memcpy(&value, p, sizeof value);
    if (!swap) return value;
    if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(value));
    if constexpr (sizeof(T) == 4) return __builtin_bswap32(value);
    if constexpr (sizeof(T) == 8) return __builtin_bswap64(value);
}

// Whether the n little-endian float32 values at p are all finite; copies them to out if given.
bool finiteFloat32(const char* p, std::size_t n, float* out) {
    constexpr std::uint32_t kExponent = 0x7f800000u;
    std::uint32_t bad = 0;
    if (out) {
        std::memcpy(out, p, n * 4);
        p = reinterpret_cast<const char*>(out);
    }
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, p + 4 * i, 4);
        bad |= (bits & kExponent) == kExponent;
    }
    return bad == 0;
}

std::filesystem::path findLabels(const std::filesystem::path& npy) {
    return findSidecar(npyLabelsCandidates(npy), npy);
}

} // namespace

EmbeddingSet parseNpy(const InputBytes& input, const LoadOptions& options,
                      WarningCollector& warnings) {
    const NpyHeader h = parseHeader(input);
    const std::uint64_t rows = h.shape[0], dims = h.shape[1];
    const std::uint64_t available = input.bytes.size() - h.dataOffset;
    if (dims == 0 && rows > 0)
        throw LoadError(ErrorLocation{input.file, 0, 8}, "at least 1 dimension",
                        "shape (" + std::to_string(rows) + ", 0)");
    // Compare before multiplying, so that a huge shape cannot overflow into a small size.
    if (dims > 0 && rows > available / h.itemSize / dims)
        throw LoadError(ErrorLocation{input.file, 0, h.dataOffset},
                        std::to_string(rows) + " x " + std::to_string(dims) + " values of " +
                            std::to_string(h.itemSize) + " bytes (shape in the header)",
                        "only " + std::to_string(available) +
                            " bytes of data (the file is truncated)");
    const std::uint64_t dataBytes = rows * dims * h.itemSize;
    if (available > dataBytes)
        warnings.add(WarningKind::RowCountMismatch, 0,
                     std::to_string(available - dataBytes) + " bytes after the array data ignored");

    const std::size_t loadRows = static_cast<std::size_t>(
        options.limit > 0 ? std::min<std::uint64_t>(rows, options.limit) : rows);
    const char* data = input.bytes.data() + h.dataOffset;
    const bool swap = h.byteOrder == '>';
    // Little-endian float32 is already the matrix: use the file's pages where the mapping can be
    // held stable (base/write_guard.h); read the values otherwise.
    const bool inPlace = h.itemSize == 4 && !swap && std::endian::native == std::endian::little &&
                         reinterpret_cast<std::uintptr_t>(data) % alignof(float) == 0 &&
                         input.mapped &&
                         input.mapped->hold(input.fileOffset(h.dataOffset), loadRows * dims * 4);
    RowMatrix copy;
    if (!inPlace) allocateRows(copy, loadRows, dims);
    const std::size_t blockRows =
        std::max<std::size_t>(1, (std::size_t{1} << 20) / (dims * h.itemSize + 1));
    const std::size_t blocks = (loadRows + blockRows - 1) / blockRows;

    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = options.progress;
    parallelFor(
        blocks,
        [&](std::size_t block) {
            const std::size_t begin = block * blockRows,
                              end = std::min(loadRows, begin + blockRows);
            float* out = copy.data();
            // numpy's own float32: one pass that the compiler vectorises checks the exponents
            // (all ones: NaN or infinity) and copies; only where it fails does the loop below run,
            // to name the bad value.
            const bool checked = h.itemSize == 4 && !swap &&
                                 finiteFloat32(data + begin * dims * 4, (end - begin) * dims,
                                               inPlace ? nullptr : out + begin * dims);
            for (std::size_t i = begin * dims; !checked && i < end * dims; ++i) {
                const char* p = data + i * h.itemSize;
                float v;
                if (h.itemSize == 2)
                    v = halfToFloat(loadSwapped<std::uint16_t>(p, swap));
                else if (h.itemSize == 4)
                    v = std::bit_cast<float>(loadSwapped<std::uint32_t>(p, swap));
                else
                    v = static_cast<float>(
                        std::bit_cast<double>(loadSwapped<std::uint64_t>(p, swap)));
                if (!std::isfinite(v))
                    throw LoadError(ErrorLocation{input.file, 0, h.dataOffset + i * h.itemSize},
                                    "a finite value representable as float32 at row " +
                                        std::to_string(i / dims) + ", column " +
                                        std::to_string(i % dims),
                                    std::isnan(v) ? "NaN" : "a value out of float32 range");
                if (!inPlace) out[i] = v;
            }
            if (!inPlace)
                input.release(h.dataOffset + begin * dims * h.itemSize,
                              (end - begin) * dims * h.itemSize);
        },
        parallel);

    EmbeddingSet set;
    if (inPlace)
        set.vectors = VectorTable(
            std::shared_ptr<const void>(input.mapped), reinterpret_cast<const float*>(data),
            static_cast<Eigen::Index>(loadRows), static_cast<Eigen::Index>(dims));
    else
        set.vectors = std::move(copy);
    const std::filesystem::path labels =
        !options.labelsPath.empty() ? options.labelsPath : findLabels(input.file);
    set.labels = labels.empty() ? rowNumberLabels(loadRows)
                                : readLabelFile(labels, loadRows, loadRows < rows, warnings);
    set.format = Format::Npy;
    return set;
}

} // namespace vecspace
