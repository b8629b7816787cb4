// libFuzzer harness for the model readers: safetensors and GGUF headers, tensor choice,
// dequantisation and GGUF vocabularies. The first input byte picks the format (or detection),
// a row limit and a tensor name; the rest is the file. Any exception but LoadError, any
// sanitizer report, and any set whose labels, rows or values are inconsistent is a finding.
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"

#include <cmath>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    static constexpr vecspace::Format kFormats[] = {
        vecspace::Format::Auto, vecspace::Format::Safetensors, vecspace::Format::Gguf};
    static constexpr const char* kTensors[] = {"", "token_embd.weight", "wpe.weight",
                                               "output_norm.weight"};
    const std::uint8_t selector = data[0];
    vecspace::LoadOptions options;
    options.format = kFormats[selector % 3];
    options.tensor = kTensors[(selector / 3) % 4];
    options.limit = (selector & 0x80) ? 3 : 0;
    options.threads = 1;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const vecspace::EmbeddingSet set =
            vecspace::loadEmbeddingsFromBuffer(bytes, "fuzz-model", options);
        if (set.labels.size() != set.rows()) __builtin_trap();
        for (const auto& column : set.metadata)
            if (column.values.size() != set.rows()) __builtin_trap();
        if (options.limit > 0 && set.rows() > options.limit) __builtin_trap();
        for (Eigen::Index i = 0; i < set.vectors.size(); ++i)
            if (!std::isfinite(set.vectors.data()[i])) __builtin_trap();
    } catch (const vecspace::LoadError&) {
    }
    return 0;
}
