#include "vecspace/io/load_error.h"

#include "base/utf8.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace vecspace {
namespace {

std::string composeMessage(const ErrorLocation& where, const std::string& expected,
                           const std::string& found) {
    std::string message = where.file.string();
    if (where.line > 0) {
        message += ':' + std::to_string(where.line);
    } else if (where.byteOffset != UINT64_MAX) {
        message += ": byte " + std::to_string(where.byteOffset);
    }
    message += ": expected " + expected + ", found " + found;
    return message;
}

} // namespace

LoadError::LoadError(ErrorLocation where, std::string expected, std::string found)
    : std::runtime_error(composeMessage(where, expected, found)), m_where(std::move(where)),
      m_expected(std::move(expected)), m_found(std::move(found)) {}

LoadError::LoadError(std::filesystem::path file, std::string message)
    : std::runtime_error(file.string() + ": " + message), m_where{std::move(file)},
      m_found(std::move(message)) {}

std::string describeBytes(const char* data, std::size_t size, std::size_t maxChars) {
    std::string out = "'";
    for (std::size_t i = 0; i < size && i < maxChars; ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c == '\\' || c == '\'') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            // Whole UTF-8 characters pass through, so the message stays readable; any other
            // byte is escaped, so the message itself is always valid UTF-8 (JSON, the window).
            const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            const std::string_view sequence(data + i, std::min(length, size - i));
            if (length > 1 && sequence.size() == length && isValidUtf8(sequence)) {
                out.append(sequence);
                i += length - 1;
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            }
        }
    }
    if (size > maxChars) out += "...";
    out += "'";
    return out;
}

} // namespace vecspace
