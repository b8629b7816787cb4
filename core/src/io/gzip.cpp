#include "io/gzip.h"

#include "base/mapped_file.h"
#include "base/progress_throttle.h"
#include "io/text_header.h"
#include "vecspace/io/load_error.h"

#include <zlib.h>

namespace vecspace {

std::string gunzip(std::string_view compressed, const std::filesystem::path& file,
                   const ProgressFn& progress, std::size_t maxOutput) {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw LoadError(file, "zlib failed to start");
    struct Ender {
        z_stream* zs;
        ~Ender() { inflateEnd(zs); }
    } ender{&zs};

    // The output grows with what the stream really holds; nothing is sized from its header.
    std::string out;
    out.resize(std::min(maxOutput, std::max<std::size_t>(compressed.size() * 3, 1 << 16)));
    std::size_t produced = 0;
    std::size_t consumed = 0;
    bool finished = false;
    ProgressThrottle throttle(progress);

    while (!finished) {
        if (produced == out.size()) {
            if (out.size() >= maxOutput) break; // sniffing: enough bytes seen
            out.resize(std::min(maxOutput, out.size() * 2));
        }
        const std::size_t inChunk = std::min<std::size_t>(compressed.size() - consumed, 1u << 30);
        const std::size_t outChunk = std::min<std::size_t>(out.size() - produced, 1u << 30);
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + consumed));
        zs.avail_in = static_cast<uInt>(inChunk);
        zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        zs.avail_out = static_cast<uInt>(outChunk);
        const int rc = inflate(&zs, Z_NO_FLUSH);
        consumed += inChunk - zs.avail_in;
        produced += outChunk - zs.avail_out;

        if (rc == Z_STREAM_END) {
            // Concatenated members (cat a.gz b.gz) go on; anything else after a member ends it.
            if (consumed == compressed.size() || !hasGzipMagic(compressed.substr(consumed)))
                finished = true;
            else
                inflateReset(&zs);
        } else if (rc == Z_BUF_ERROR && zs.avail_out != 0) {
            throw LoadError(ErrorLocation{file, 0, consumed}, "the rest of the gzip stream",
                            "end of file (the .gz file is truncated)");
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            throw LoadError(ErrorLocation{file, 0, consumed}, "valid gzip data",
                            std::string("corrupt data (zlib: ") + (zs.msg ? zs.msg : "error") +
                                ")");
        }
        throttle.report(static_cast<double>(consumed) / static_cast<double>(compressed.size()));
    }
    out.resize(produced);
    return out;
}

std::string readSmallTextFile(const std::filesystem::path& file) {
    const MappedFile mapped(file);
    std::string text = hasGzipMagic(mapped.bytes()) ? gunzip(mapped.bytes(), file, {})
                                                    : std::string(mapped.bytes());
    if (startsWithBom(text)) text.erase(0, 3);
    return text;
}

} // namespace vecspace
