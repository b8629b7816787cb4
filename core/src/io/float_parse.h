#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fast_float/fast_float.h>
#include <system_error>

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
