#include "io/safetensors_reader.h"

#include "vecspace/io/load_error.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

namespace vecspace {
namespace {

// The reference implementation's own cap.
constexpr std::uint64_t kMaxHeader = 100'000'000;

std::uint64_t headerLength(std::string_view bytes) {
    std::uint64_t n;
    std::memcpy(&n, bytes.data(), 8);
    return n;
}

template <typename Json> std::string typeOf(const Json& value) {
    return value.is_null() ? "null" : value.type_name();
}

} // namespace

std::size_t safetensorsDtypeSize(std::string_view dtype) {
    static constexpr std::array<std::pair<std::string_view, std::size_t>, 16> sizes = {{
        {"BOOL", 1},
        {"U8", 1},
        {"I8", 1},
        {"F8_E5M2", 1},
        {"F8_E4M3", 1},
        {"I16", 2},
        {"U16", 2},
        {"F16", 2},
        {"BF16", 2},
        {"I32", 4},
        {"U32", 4},
        {"F32", 4},
        {"F64", 8},
        {"I64", 8},
        {"U64", 8},
        {"F8_E8M0", 1},
    }};
    for (const auto& [name, size] : sizes)
        if (name == dtype) return size;
    return 0;
}

bool looksLikeSafetensors(std::string_view bytes) {
    if (bytes.size() < 10) return false;
    const std::uint64_t n = headerLength(bytes);
    return n >= 2 && n <= bytes.size() - 8 && bytes[8] == '{';
}

SafetensorsFile parseSafetensors(std::string_view bytes, const std::filesystem::path& path) {
    const auto fail = [&](std::uint64_t at, const std::string& expected,
                          const std::string& found) -> LoadError {
        return LoadError(ErrorLocation{path, 0, at}, expected, found);
    };
    if (bytes.size() < 8)
        throw fail(0, "an 8-byte header length (safetensors)",
                   std::to_string(bytes.size()) + " bytes in all");
    const std::uint64_t n = headerLength(bytes);
    if (n > bytes.size() - 8 || n > kMaxHeader)
        throw fail(0,
                   "a header length of at most " +
                       std::to_string(std::min<std::uint64_t>(bytes.size() - 8, kMaxHeader)) +
                       " bytes (the file holds " + std::to_string(bytes.size()) + ")",
                   std::to_string(n));
    nlohmann::ordered_json header;
    try {
        header = nlohmann::ordered_json::parse(bytes.substr(8, n));
    } catch (const nlohmann::json::parse_error& e) {
        throw fail(8 + (e.byte > 0 ? e.byte - 1 : 0), "a JSON header",
                   std::string(e.what()).substr(std::string(e.what()).find(':') + 2));
    }
    if (!header.is_object()) throw fail(8, "a JSON object as the header", typeOf(header));

    const std::uint64_t dataStart = 8 + n, dataSize = bytes.size() - dataStart;
    SafetensorsFile file;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                throw fail(8, "__metadata__ to be an object of strings", typeOf(entry));
            for (const auto& [key, value] : entry.items())
                file.metadata.emplace_back(key, value.is_string() ? value.get<std::string>()
                                                                  : value.dump());
            continue;
        }
        const std::string where = "tensor '" + name + "'";
        if (!entry.is_object()) throw fail(8, where + " to be an object", typeOf(entry));
        SafetensorsTensor tensor;
        tensor.name = name;
        const auto dtype = entry.find("dtype");
        if (dtype == entry.end() || !dtype->is_string())
            throw fail(8, where + " to have a dtype string",
                       dtype == entry.end() ? "none" : typeOf(*dtype));
        tensor.dtype = dtype->get<std::string>();
        const std::size_t size = safetensorsDtypeSize(tensor.dtype);
        if (size == 0) throw fail(8, where + " to have a safetensors dtype", tensor.dtype);
        const auto shape = entry.find("shape");
        if (shape == entry.end() || !shape->is_array())
            throw fail(8, where + " to have a shape array",
                       shape == entry.end() ? "none" : typeOf(*shape));
        std::uint64_t values = 1;
        for (const auto& d : *shape) {
            if (!d.is_number_unsigned())
                throw fail(8, where + " to have whole, non-negative dimensions", d.dump());
            const auto dim = d.get<std::uint64_t>();
            if (dim != 0 && values > std::numeric_limits<std::uint64_t>::max() / dim / size)
                throw fail(8, where + " to have a shape whose size fits", "an overflow");
            values *= dim;
            tensor.shape.push_back(dim);
        }
        const auto offsets = entry.find("data_offsets");
        if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 ||
            !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned())
            throw fail(8, where + " to have data_offsets [BEGIN, END]",
                       offsets == entry.end() ? "none" : offsets->dump());
        const auto begin = (*offsets)[0].get<std::uint64_t>();
        const auto end = (*offsets)[1].get<std::uint64_t>();
        if (begin > end || end > dataSize)
            throw fail(dataStart + std::min(begin, dataSize),
                       where + " within the " + std::to_string(dataSize) + " bytes of data",
                       "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + "]");
        if (end - begin != values * size)
            throw fail(dataStart + begin,
                       where + ": " + std::to_string(values * size) + " bytes for its shape and " +
                           tensor.dtype,
                       std::to_string(end - begin) + " bytes between its data_offsets");
        tensor.offset = dataStart + begin;
        tensor.bytes = end - begin;
        file.tensors.push_back(std::move(tensor));
    }
    std::vector<const SafetensorsTensor*> byOffset;
    for (const SafetensorsTensor& t : file.tensors)
        if (t.bytes > 0) byOffset.push_back(&t);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const auto* a, const auto* b) { return a->offset < b->offset; });
    for (std::size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i - 1]->offset + byOffset[i - 1]->bytes > byOffset[i]->offset)
            throw fail(byOffset[i]->offset,
                       "tensor '" + byOffset[i]->name + "' after the end of '" +
                           byOffset[i - 1]->name + "'",
                       "the two overlapping");
    return file;
}

} // namespace vecspace
