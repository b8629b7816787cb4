#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fast_float/fast_float.h>
#include <system_error>
#if defined(__SSE4_1__)
#include <immintrin.h>
#endif

namespace vecspace {

// Number of leading ASCII digits in the 8 bytes of `chunk` (first byte lowest), and their value.
// SWAR: no per-character branches, which is what the digit loops cost.
inline int leadingDigits(std::uint64_t chunk, std::uint64_t& value) {
    const std::uint64_t t = chunk ^ 0x3030303030303030ull; // digits become 0x00..0x09
    const std::uint64_t nonDigit =
        (t & 0xF0F0F0F0F0F0F0F0ull) |
        (((t & 0x0F0F0F0F0F0F0F0Full) + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull);
    const int n = nonDigit == 0 ? 8 : __builtin_ctzll(nonDigit) / 8;
    if (n == 0) {
        value = 0;
        return 0;
    }
    // Shift the digits to the top bytes; the zero bytes shifted in act as leading zeros.
    std::uint64_t v = t << (8 * (8 - n));
    v = (v * 10) + (v >> 8);
    v = (((v & 0x000000FF000000FFull) * 0x000F424000000064ull) +
         (((v >> 16) & 0x000000FF000000FFull) * 0x0000271000000001ull)) >>
        32;
    value = v;
    return n;
}

// Digits at p (fewer than 20 of them fit the fast path): SWAR when 8 bytes are readable.
inline const char* readDigits(const char* p, const char* end, const char* readable,
                              std::uint64_t& mantissa, int& digits) {
    while (p + 8 <= readable) {
        std::uint64_t chunk, value;
        std::memcpy(&chunk, p, 8);
        const int n = leadingDigits(chunk, value);
        static constexpr std::uint64_t kScale[] = {1,      10,      100,      1000,     10000,
                                                   100000, 1000000, 10000000, 100000000};
        mantissa = mantissa * kScale[n] + value;
        digits += n;
        p += n;
        if (n < 8 || digits > 19) return p;
    }
    while (p < end && static_cast<unsigned>(*p - '0') < 10) {
        mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        ++digits;
        ++p;
    }
    return p;
}

#if defined(__SSE4_1__)
// The embedding files' usual number, "[-]digits[.digits]" of at most 15 digits ending within the
// 16 bytes at p, without branching per character: one load, masks for the digits and the point,
// a shuffle that right-aligns the digits and drops the point, and the multiply-add ladder
// (pairs, quads, octets) that turns 16 digit bytes into two 8-digit integers. Returns nullptr,
// having written nothing, for anything else (an exponent, more digits, fewer than 16 readable
// bytes) and for values outside Clinger's fast path; parseFloat then takes its general path.
inline const char* parsePlainDecimal(const char* p, const char* end, float& out,
                                     const double* negativePowers) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i t = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    const auto digitMask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(9)), t)));
    const auto pointMask =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
    const unsigned sign = p[0] == '-' ? 1 : 0;
    // ~run has every bit from 16 - sign up set, so the run stops within the 16 bytes.
    const unsigned run = (digitMask | pointMask) >> sign;
    const auto length = static_cast<unsigned>(__builtin_ctz(~run));
    const unsigned tokenEnd = sign + length;
    if (tokenEnd >= 16 || p + tokenEnd > end) return nullptr; // may go on, or past the line
    const unsigned points = (pointMask >> sign) & ((1u << length) - 1);
    if ((points & (points - 1)) != 0) return nullptr; // two points: not a number's end we know
    const unsigned digits = length - (points != 0 ? 1 : 0);
    const char after = p[tokenEnd];
    if (digits == 0 || after == 'e' || after == 'E') return nullptr;
    const __m128i iota = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    // Byte k takes byte k + tokenEnd - 16 of the token; negative indices shuffle in zeros.
    __m128i aligned =
        _mm_shuffle_epi8(t, _mm_add_epi8(iota, _mm_set1_epi8(static_cast<char>(tokenEnd) - 16)));
    unsigned fraction = 0;
    if (points != 0) {
        fraction = length - 1 - static_cast<unsigned>(__builtin_ctz(points));
        // The digits before the point move up one byte, over it.
        const __m128i before =
            _mm_cmplt_epi8(iota, _mm_set1_epi8(static_cast<char>(16 - fraction)));
        aligned = _mm_blendv_epi8(aligned, _mm_bslli_si128(aligned, 1), before);
    }
    if (fraction > 10) return nullptr;
    const __m128i keep = _mm_cmpgt_epi8(iota, _mm_set1_epi8(static_cast<char>(15 - digits)));
    aligned = _mm_and_si128(aligned, keep);
    const __m128i pairs = _mm_maddubs_epi16(aligned, _mm_set1_epi16(0x010A)); // 10 a + b
    const __m128i quads = _mm_madd_epi16(pairs, _mm_set1_epi32(0x00010064));  // 100 a + b
    const __m128i packed = _mm_packus_epi32(quads, quads);
    const __m128i octets = _mm_madd_epi16(packed, _mm_set1_epi32(0x00012710)); // 10000 a + b
    const std::uint64_t mantissa =
        std::uint64_t(static_cast<std::uint32_t>(_mm_cvtsi128_si32(octets))) * 100000000u +
        static_cast<std::uint32_t>(_mm_extract_epi32(octets, 1));
    if (mantissa > (std::uint64_t{1} << 24)) return nullptr;
    const float value =
        static_cast<float>(static_cast<double>(mantissa) * negativePowers[fraction]);
    out = sign != 0 ? -value : value;
    return p + tokenEnd;
}
#endif

// Parses a float32 at [p, end) like fast_float::from_chars (correctly rounded), with an inlined
// path for the short decimals embedding files are made of ("-0.038194", "2.6336e-05"). When the
// decimal mantissa fits in 24 bits and the power of ten is within +-10 the result is computed
// directly (Clinger's fast path, see below); anything else goes to fast_float. Leading '+' is
// accepted. Bytes up to `readable` (>= end) may be read but never belong to the number. Returns
// nullptr when no number starts at p.
inline const char* parseFloat(const char* p, const char* end, float& out,
                              const char* readable = nullptr) {
    static constexpr float kPow10[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f,
                                       1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    static constexpr double kNegPow10[] = {1e0,  1e-1, 1e-2, 1e-3, 1e-4, 1e-5,
                                           1e-6, 1e-7, 1e-8, 1e-9, 1e-10};
    if (!readable) readable = end;
    if (p < end && *p == '+' && p + 1 < end && p[1] != '-' && p[1] != '+') ++p;
    const char* const numberStart = p;
#if defined(__SSE4_1__)
    if (readable - p >= 16)
        if (const char* stop = parsePlainDecimal(p, end, out, kNegPow10)) return stop;
#endif
    bool negative = false;
    if (p < end && *p == '-') {
        negative = true;
        ++p;
    }
    std::uint64_t mantissa = 0;
    int digits = 0, exponent = 0;
    p = readDigits(p, end, readable, mantissa, digits);
    if (p < end && *p == '.') {
        const int before = digits;
        p = readDigits(p + 1, end, readable, mantissa, digits);
        exponent -= digits - before;
    }
    if (p > end) p = end; // a digit run cannot pass the line end, but stay safe
    if (p < end && (*p == 'e' || *p == 'E')) {
        const char* q = p + 1;
        bool negativeExponent = false;
        if (q < end && (*q == '-' || *q == '+')) negativeExponent = *q++ == '-';
        int value = 0, expDigits = 0;
        while (q < end && static_cast<unsigned>(*q - '0') < 10 && expDigits < 6) {
            value = value * 10 + (*q - '0');
            ++expDigits;
            ++q;
        }
        if (expDigits == 0 || (q < end && static_cast<unsigned>(*q - '0') < 10))
            digits = 0; // slow path decides
        exponent += negativeExponent ? -value : value;
        p = q;
    }
    if (digits > 0 && digits <= 19 && mantissa <= (std::uint64_t{1} << 24) && exponent >= -10 &&
        exponent <= 10) {
        // Negative powers: a double multiply instead of a float divide (the divide's latency was
        // the parser's bottleneck). The product is within ~2^-52 of the exact quotient, and no
        // quotient w / 10^k of this domain lies that close to a float rounding midpoint, so the
        // conversion rounds as the exact quotient would; test_float_parse checks every (w, k).
        const float value =
            exponent < 0 ? static_cast<float>(static_cast<double>(mantissa) * kNegPow10[-exponent])
                         : static_cast<float>(mantissa) * kPow10[exponent];
        out = negative ? -value : value;
        return p;
    }
    const auto result = fast_float::from_chars(numberStart, end, out);
    if (result.ec != std::errc()) return nullptr;
    return result.ptr;
}

} // namespace vecspace
