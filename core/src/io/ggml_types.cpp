#include "io/ggml_types.h"

#include "base/half_float.h"

#include <array>
#include <cstring>
#include <stdexcept>

namespace vecspace {
namespace {

constexpr std::size_t kQK = 32;   // values per block of the simple quantisations
constexpr std::size_t kQKK = 256; // values per super-block of the K quantisations

struct Entry {
    std::uint32_t id;
    GgmlTypeInfo info;
};

// ggml.h's enum ggml_type with ggml-common.h's block sizes.
constexpr std::array kTypes = {
    Entry{0, {"F32", 1, 4, true}},
    Entry{1, {"F16", 1, 2, true}},
    Entry{2, {"Q4_0", kQK, 2 + kQK / 2, true}},
    Entry{3, {"Q4_1", kQK, 4 + kQK / 2, true}},
    Entry{6, {"Q5_0", kQK, 2 + 4 + kQK / 2, true}},
    Entry{7, {"Q5_1", kQK, 4 + 4 + kQK / 2, true}},
    Entry{8, {"Q8_0", kQK, 2 + kQK, true}},
    Entry{9, {"Q8_1", kQK, 4 + kQK, false}},
    Entry{10, {"Q2_K", kQKK, kQKK / 16 + kQKK / 4 + 4, false}},
    Entry{11, {"Q3_K", kQKK, kQKK / 8 + kQKK / 4 + 12 + 2, false}},
    Entry{12, {"Q4_K", kQKK, 4 + 12 + kQKK / 2, true}},
    Entry{13, {"Q5_K", kQKK, 4 + 12 + kQKK / 8 + kQKK / 2, true}},
    Entry{14, {"Q6_K", kQKK, kQKK / 2 + kQKK / 4 + kQKK / 16 + 2, true}},
    Entry{15, {"Q8_K", kQKK, 4 + kQKK + kQKK / 8, true}},
    Entry{16, {"IQ2_XXS", kQKK, 2 + kQKK / 4, false}},
    Entry{17, {"IQ2_XS", kQKK, 2 + kQKK / 4 + kQKK / 32, false}},
    Entry{18, {"IQ3_XXS", kQKK, 2 + 3 * kQKK / 8, false}},
    Entry{19, {"IQ1_S", kQKK, 2 + kQKK / 8 + kQKK / 16, false}},
    Entry{20, {"IQ4_NL", kQK, 2 + kQK / 2, false}},
    Entry{21, {"IQ3_S", kQKK, 2 + kQKK / 4 + kQKK / 8 + kQKK / 32 + 4, false}},
    Entry{22, {"IQ2_S", kQKK, 2 + kQKK / 4 + kQKK / 16, false}},
    Entry{23, {"IQ4_XS", kQKK, 2 + 2 + kQKK / 2 + kQKK / 64, false}},
    Entry{24, {"I8", 1, 1, false}},
    Entry{25, {"I16", 1, 2, false}},
    Entry{26, {"I32", 1, 4, false}},
    Entry{27, {"I64", 1, 8, false}},
    Entry{28, {"F64", 1, 8, false}},
    Entry{29, {"IQ1_M", kQKK, kQKK / 8 + kQKK / 16 + kQKK / 32, false}},
    Entry{30, {"BF16", 1, 2, true}},
};

float half(const std::uint8_t* p) {
    std::uint16_t h;
    std::memcpy(&h, p, 2);
    return halfToFloat(h);
}

// The 6-bit scale and minimum of sub-block j of a Q4_K or Q5_K super-block (ggml's
// get_scale_min_k4): the first four in the low bits of bytes 0-3 and 4-7, the last four split
// between the low nibbles of bytes 8-11 and the top two bits of bytes 0-7.
void scaleMin(int j, const std::uint8_t* q, float& scale, float& min) {
    if (j < 4) {
        scale = float(q[j] & 63);
        min = float(q[j + 4] & 63);
    } else {
        scale = float((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        min = float((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

void q4_0(const std::uint8_t* b, float* y) {
    const float d = half(b);
    const std::uint8_t* qs = b + 2;
    for (std::size_t j = 0; j < kQK / 2; ++j) {
        y[j] = float(int(qs[j] & 0xF) - 8) * d;
        y[j + kQK / 2] = float(int(qs[j] >> 4) - 8) * d;
    }
}

void q4_1(const std::uint8_t* b, float* y) {
    const float d = half(b), m = half(b + 2);
    const std::uint8_t* qs = b + 4;
    for (std::size_t j = 0; j < kQK / 2; ++j) {
        y[j] = float(qs[j] & 0xF) * d + m;
        y[j + kQK / 2] = float(qs[j] >> 4) * d + m;
    }
}

// Q5_0 and Q5_1: the fifth bit of value j is bit j of the 32-bit word qh.
void q5(const std::uint8_t* qhBytes, const std::uint8_t* qs, float d, float m, bool offset,
        float* y) {
    std::uint32_t qh;
    std::memcpy(&qh, qhBytes, 4);
    for (std::size_t j = 0; j < kQK / 2; ++j) {
        const int high0 = int((qh >> j) << 4) & 0x10;
        const int high1 = int(qh >> (j + 12)) & 0x10;
        int x0 = (qs[j] & 0xF) | high0, x1 = (qs[j] >> 4) | high1;
        if (offset) {
            x0 -= 16;
            x1 -= 16;
        }
        y[j] = float(x0) * d + m;
        y[j + kQK / 2] = float(x1) * d + m;
    }
}

void q8_0(const std::uint8_t* b, float* y) {
    const float d = half(b);
    for (std::size_t j = 0; j < kQK; ++j)
        y[j] = float(static_cast<std::int8_t>(b[2 + j])) * d;
}

// Q4_K and Q5_K: 8 sub-blocks of 32 values, each with its own 6-bit scale and minimum; Q5_K adds
// a fifth bit per value from qh (bit pair 2j, 2j + 1 for the sub-block pair j).
template <bool FifthBit> void q4_or_q5_k(const std::uint8_t* b, float* y) {
    const float d = half(b), dmin = half(b + 2);
    const std::uint8_t* scales = b + 4;
    const std::uint8_t* qh = b + 16;
    const std::uint8_t* ql = FifthBit ? b + 48 : b + 16;
    std::uint8_t u1 = 1, u2 = 2;
    for (int is = 0; is < 8; is += 2, ql += 32, u1 <<= 2, u2 <<= 2) {
        float sc, m;
        scaleMin(is, scales, sc, m);
        const float d1 = d * sc, m1 = dmin * m;
        scaleMin(is + 1, scales, sc, m);
        const float d2 = d * sc, m2 = dmin * m;
        for (int l = 0; l < 32; ++l)
            *y++ = d1 * float((ql[l] & 0xF) + (FifthBit && (qh[l] & u1) ? 16 : 0)) - m1;
        for (int l = 0; l < 32; ++l)
            *y++ = d2 * float((ql[l] >> 4) + (FifthBit && (qh[l] & u2) ? 16 : 0)) - m2;
    }
}

void q6_k(const std::uint8_t* b, float* y) {
    const std::uint8_t* ql = b;
    const std::uint8_t* qh = b + 128;
    const auto* sc = reinterpret_cast<const std::int8_t*>(b + 192);
    const float d = half(b + 208);
    for (int n = 0; n < 256; n += 128, y += 128, ql += 64, qh += 32, sc += 8) {
        for (int l = 0; l < 32; ++l) {
            const int is = l / 16;
            const int q1 = int((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
            const int q2 = int((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
            const int q3 = int((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
            const int q4 = int((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
            y[l] = d * float(sc[is]) * float(q1);
            y[l + 32] = d * float(sc[is + 2]) * float(q2);
            y[l + 64] = d * float(sc[is + 4]) * float(q3);
            y[l + 96] = d * float(sc[is + 6]) * float(q4);
        }
    }
}

void q8_k(const std::uint8_t* b, float* y) {
    float d;
    std::memcpy(&d, b, 4);
    for (std::size_t j = 0; j < kQKK; ++j)
        y[j] = d * float(static_cast<std::int8_t>(b[4 + j]));
}

} // namespace

std::optional<GgmlTypeInfo> ggmlTypeInfo(std::uint32_t type) {
    for (const Entry& e : kTypes)
        if (e.id == type) return e.info;
    return std::nullopt;
}

std::string ggmlTypeName(std::uint32_t type) {
    const auto info = ggmlTypeInfo(type);
    return info ? info->name : "type " + std::to_string(type);
}

void dequantizeGgml(std::uint32_t type, const std::uint8_t* src, float* dst, std::size_t count) {
    const auto info = ggmlTypeInfo(type);
    if (!info || !info->supported || count % info->blockValues != 0)
        throw std::invalid_argument("dequantizeGgml: " + ggmlTypeName(type) + " not dequantised");
    // Unquantised types: one tight loop each (a 128k x 4096 table is half a billion values).
    if (type == 0) {
        std::memcpy(dst, src, count * 4);
        return;
    }
    if (type == 1 || type == 30) {
        for (std::size_t i = 0; i < count; ++i) {
            std::uint16_t h;
            std::memcpy(&h, src + 2 * i, 2);
            dst[i] = type == 1 ? halfToFloat(h) : bfloat16ToFloat(h);
        }
        return;
    }
    const std::size_t blocks = count / info->blockValues;
    const std::size_t bytes = info->blockBytes, values = info->blockValues;
    for (std::size_t i = 0; i < blocks; ++i, src += bytes, dst += values) {
        switch (type) {
        case 2:
            q4_0(src, dst);
            break;
        case 3:
            q4_1(src, dst);
            break;
        case 6:
            q5(src + 2, src + 6, half(src), 0.0f, true, dst);
            break;
        case 7:
            q5(src + 4, src + 8, half(src), half(src + 2), false, dst);
            break;
        case 8:
            q8_0(src, dst);
            break;
        case 12:
            q4_or_q5_k<false>(src, dst);
            break;
        case 13:
            q4_or_q5_k<true>(src, dst);
            break;
        case 14:
            q6_k(src, dst);
            break;
        case 15:
            q8_k(src, dst);
            break;
        default:
            break;
        }
    }
}

} // namespace vecspace
