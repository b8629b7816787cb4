// libFuzzer harness for every loader. The first input byte picks the format (or detection),
// the thread count and whether a row limit applies; the rest is the file. Any exception but
// LoadError, any sanitizer report, and any set whose labels and rows disagree is a finding.
#include "vecspace/io/load_error.h"
#include "vecspace/io/loader.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    static constexpr vecspace::Format kFormats[] = {vecspace::Format::Auto,
                                                    vecspace::Format::Word2VecText,
                                                    vecspace::Format::GloveText,
                                                    vecspace::Format::FastTextVec,
                                                    vecspace::Format::Word2VecBinary,
                                                    vecspace::Format::ProjectorTsv,
                                                    vecspace::Format::Npy};
    const std::uint8_t selector = data[0];
    vecspace::LoadOptions options;
    options.format = kFormats[selector % 7];
    options.threads = 1 + (selector / 7) % 3;
    options.limit = (selector & 0x80) ? 3 : 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const vecspace::EmbeddingSet set =
            vecspace::loadEmbeddingsFromBuffer(bytes, "fuzz-input", options);
        if (set.labels.size() != set.rows()) __builtin_trap();
        if (options.limit > 0 && set.rows() > options.limit) __builtin_trap();
        for (Eigen::Index i = 0; i < set.vectors.size(); ++i)
            if (!std::isfinite(set.vectors.data()[i])) __builtin_trap();
    } catch (const vecspace::LoadError&) {
    }
    return 0;
}
