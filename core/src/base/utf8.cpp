#include "base/utf8.h"

namespace vecspace {
namespace {

// Length of the well-formed sequence starting at bytes[i], or 0 with `bad` set to how many bytes
// form the maximal ill-formed subpart to replace.
std::size_t sequenceLength(std::string_view bytes, std::size_t i, std::size_t& bad) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    bad = 1;
    if (b0 < 0x80) return 1;
    std::size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F; // no UTF-16 surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    for (std::size_t k = 1; k <= need; ++k) {
        if (i + k >= bytes.size()) return 0;
        const auto b = static_cast<unsigned char>(bytes[i + k]);
        const unsigned char min = k == 1 ? lo : 0x80;
        const unsigned char max = k == 1 ? hi : 0xBF;
        if (b < min || b > max) return 0;
        bad = k + 1;
    }
    return need + 1;
}

} // namespace

bool isValidUtf8(std::string_view bytes) {
    std::size_t i = 0, bad = 0;
    while (i < bytes.size()) {
        const std::size_t n = sequenceLength(bytes, i, bad);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string sanitizeUtf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + 8);
    std::size_t i = 0, bad = 0;
    while (i < bytes.size()) {
        const std::size_t n = sequenceLength(bytes, i, bad);
        if (n > 0) {
            out.append(bytes.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            i += bad;
        }
    }
    return out;
}

} // namespace vecspace
