#include "io/gguf_reader.h"

#include "io/ggml_types.h"
#include "vecspace/io/load_error.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace vecspace {
namespace {

// Reads little-endian values and length-prefixed strings, each checked against the end.
class Cursor {
public:
    Cursor(std::string_view bytes, const std::filesystem::path& path)
        : m_bytes(bytes), m_path(path) {}

    std::uint64_t pos() const { return m_pos; }
    std::uint64_t left() const { return m_bytes.size() - m_pos; }

    [[noreturn]] void fail(std::uint64_t at, const std::string& expected,
                           const std::string& found) const {
        throw LoadError(ErrorLocation{m_path, 0, at}, expected, found);
    }

    template <typename T> T read(const char* what) {
        if (left() < sizeof(T))
            fail(m_pos, std::string(what) + " (" + std::to_string(sizeof(T)) + " bytes)",
                 "the end of the file after " + std::to_string(left()) + " bytes");
        T value;
        std::memcpy(&value, m_bytes.data() + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return value;
    }

    std::string string(const char* what) {
        const std::uint64_t at = m_pos;
        const auto length = read<std::uint64_t>(what);
        if (length > left())
            fail(at, std::string(what) + " of " + std::to_string(length) + " bytes",
                 "only " + std::to_string(left()) + " bytes left in the file");
        std::string text(m_bytes.substr(m_pos, length));
        m_pos += length;
        return text;
    }

private:
    std::string_view m_bytes;
    const std::filesystem::path& m_path;
    std::uint64_t m_pos = 0;
};

// The smallest encoding of a value of each type, to bound array counts by the bytes left.
std::uint64_t minimumSize(std::uint32_t type) {
    switch (type) {
    case 0:
    case 1:
    case 7:
        return 1;
    case 2:
    case 3:
        return 2;
    case 4:
    case 5:
    case 6:
        return 4;
    case 8:
    case 10:
    case 11:
    case 12:
        return 8;
    case 9:
        return 12;
    default:
        return 0;
    }
}

double readNumber(Cursor& in, std::uint32_t type) {
    switch (type) {
    case 0:
        return in.read<std::uint8_t>("a u8");
    case 1:
        return in.read<std::int8_t>("an i8");
    case 2:
        return in.read<std::uint16_t>("a u16");
    case 3:
        return in.read<std::int16_t>("an i16");
    case 4:
        return in.read<std::uint32_t>("a u32");
    case 5:
        return in.read<std::int32_t>("an i32");
    case 6:
        return in.read<float>("an f32");
    case 7:
        return in.read<std::uint8_t>("a bool");
    case 10:
        return double(in.read<std::uint64_t>("a u64"));
    case 11:
        return double(in.read<std::int64_t>("an i64"));
    case 12:
        return in.read<double>("an f64");
    default:
        return 0;
    }
}

GgufValue readValue(Cursor& in, const std::string& key) {
    GgufValue value;
    const std::uint64_t at = in.pos();
    value.type = in.read<std::uint32_t>("a value type");
    if (minimumSize(value.type) == 0)
        in.fail(at, "a value type 0-12 for '" + key + "'", std::to_string(value.type));
    if (value.type == 8) {
        value.text = in.string("a string");
    } else if (value.type == 9) {
        const std::uint64_t typeAt = in.pos();
        value.elementType = in.read<std::uint32_t>("an array element type");
        const std::uint64_t size = minimumSize(value.elementType);
        if (size == 0)
            in.fail(typeAt, "an array element type 0-12 for '" + key + "'",
                    std::to_string(value.elementType));
        // ggml's own reader refuses arrays of arrays too; no model writes them.
        if (value.elementType == 9)
            in.fail(typeAt, "an array of numbers or strings for '" + key + "'",
                    "an array of arrays (nested arrays are not part of what GGUF readers accept)");
        const std::uint64_t countAt = in.pos();
        value.count = in.read<std::uint64_t>("an array length");
        if (value.count > in.left() / size)
            in.fail(countAt,
                    "an array length for '" + key + "' that fits the " + std::to_string(in.left()) +
                        " bytes left",
                    std::to_string(value.count));
        for (std::uint64_t i = 0; i < value.count; ++i) {
            if (value.elementType == 8)
                value.strings.push_back(in.string("a string"));
            else
                value.numbers.push_back(readNumber(in, value.elementType));
        }
    } else {
        value.number = readNumber(in, value.type);
    }
    return value;
}

} // namespace

std::string GgufValue::toString() const {
    if (type == 8) return text;
    if (type == 9) {
        // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "[" + to_string(...).
        std::string out = "[";
        out += std::to_string(count);
        out += elementType == 8 ? " strings]" : " values]";
        return out;
    }
    if (type == 7) return number != 0 ? "true" : "false";
    if (number == double(std::int64_t(number))) return std::to_string(std::int64_t(number));
    return std::to_string(number);
}

const GgufValue* GgufFile::find(std::string_view key) const {
    for (const auto& [name, value] : metadata)
        if (name == key) return &value;
    return nullptr;
}

GgufFile parseGguf(std::string_view bytes, const std::filesystem::path& path) {
    Cursor in(bytes, path);
    if (!hasGgufMagic(bytes))
        in.fail(0, "the GGUF magic 'GGUF'",
                describeBytes(bytes.data(), std::min<std::size_t>(bytes.size(), 4)));
    in.read<std::uint32_t>("the magic");
    GgufFile file;
    file.version = in.read<std::uint32_t>("a version");
    if (file.version != 2 && file.version != 3)
        in.fail(4, "GGUF version 2 or 3", "version " + std::to_string(file.version));
    // A tensor info takes at least 8 + 4 + 8 + 4 + 8 bytes, a key/value 8 + 4 + 1.
    const std::uint64_t tensorCount = in.read<std::uint64_t>("a tensor count");
    if (tensorCount > in.left() / 32)
        in.fail(8, "a tensor count that fits the file's " + std::to_string(bytes.size()) + " bytes",
                std::to_string(tensorCount));
    const std::uint64_t keyCount = in.read<std::uint64_t>("a metadata count");
    if (keyCount > in.left() / 13)
        in.fail(16,
                "a metadata count that fits the file's " + std::to_string(bytes.size()) + " bytes",
                std::to_string(keyCount));
    std::uint64_t alignmentAt = 0;
    for (std::uint64_t i = 0; i < keyCount; ++i) {
        std::string key = in.string("a metadata key");
        if (key == "general.alignment") alignmentAt = in.pos();
        GgufValue value = readValue(in, key);
        file.metadata.emplace_back(std::move(key), std::move(value));
    }
    if (const GgufValue* alignment = file.find("general.alignment")) {
        const double a = alignment->number;
        if (alignment->isArray() || alignment->isString() || a < 1 || a > double(1u << 30) ||
            a != double(std::uint64_t(a)) || !std::has_single_bit(std::uint64_t(a)))
            in.fail(alignmentAt, "general.alignment to be a power of two", alignment->toString());
        file.alignment = std::uint64_t(a);
    }

    std::vector<std::uint64_t> relative;
    for (std::uint64_t i = 0; i < tensorCount; ++i) {
        GgufTensor tensor;
        tensor.name = in.string("a tensor name");
        const std::uint64_t dimsAt = in.pos();
        const auto dims = in.read<std::uint32_t>("a dimension count");
        if (dims < 1 || dims > 4)
            in.fail(dimsAt, "1 to 4 dimensions for tensor '" + tensor.name + "'",
                    std::to_string(dims));
        std::uint64_t values = 1;
        for (std::uint32_t d = 0; d < dims; ++d) {
            const std::uint64_t n = in.read<std::uint64_t>("a dimension");
            if (n != 0 && values > std::numeric_limits<std::uint64_t>::max() / n)
                in.fail(dimsAt, "dimensions of tensor '" + tensor.name + "' whose product fits",
                        "an overflow");
            values *= n;
            tensor.ne.push_back(n);
        }
        const std::uint64_t typeAt = in.pos();
        tensor.type = in.read<std::uint32_t>("a ggml type");
        const auto info = ggmlTypeInfo(tensor.type);
        if (!info)
            in.fail(typeAt, "a ggml type for tensor '" + tensor.name + "'",
                    "type " + std::to_string(tensor.type));
        if (tensor.ne[0] % info->blockValues != 0)
            in.fail(dimsAt,
                    "a first dimension of tensor '" + tensor.name + "' divisible by " +
                        std::to_string(info->blockValues) + " (" + info->name + " blocks)",
                    std::to_string(tensor.ne[0]));
        const std::uint64_t blocks = values / info->blockValues;
        if (blocks > bytes.size() / info->blockBytes)
            in.fail(dimsAt, "tensor '" + tensor.name + "' to fit the file", "more bytes");
        tensor.bytes = blocks * info->blockBytes;
        const std::uint64_t offsetAt = in.pos();
        tensor.offset = in.read<std::uint64_t>("a tensor offset");
        if (tensor.offset % file.alignment != 0)
            in.fail(offsetAt,
                    "tensor '" + tensor.name + "' at a multiple of the alignment " +
                        std::to_string(file.alignment),
                    "offset " + std::to_string(tensor.offset));
        file.tensors.push_back(std::move(tensor));
    }
    file.dataStart = (in.pos() + file.alignment - 1) / file.alignment * file.alignment;
    const std::uint64_t dataSize =
        bytes.size() > file.dataStart ? bytes.size() - file.dataStart : 0;
    // In the data section, and no two overlapping.
    std::vector<const GgufTensor*> byOffset;
    for (GgufTensor& tensor : file.tensors) {
        if (tensor.offset > dataSize || tensor.bytes > dataSize - tensor.offset)
            throw LoadError(ErrorLocation{path, 0, file.dataStart + tensor.offset},
                            "tensor '" + tensor.name + "' (" + std::to_string(tensor.bytes) +
                                " bytes) inside the data section of " + std::to_string(dataSize) +
                                " bytes",
                            "it runs past the end of the file");
        tensor.offset += file.dataStart;
        byOffset.push_back(&tensor);
    }
    std::sort(byOffset.begin(), byOffset.end(),
              [](const GgufTensor* a, const GgufTensor* b) { return a->offset < b->offset; });
    for (std::size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i - 1]->offset + byOffset[i - 1]->bytes > byOffset[i]->offset)
            throw LoadError(ErrorLocation{path, 0, byOffset[i]->offset},
                            "tensor '" + byOffset[i]->name + "' after the end of '" +
                                byOffset[i - 1]->name + "'",
                            "the two overlapping");
    return file;
}

} // namespace vecspace
