#include "io/token_vocabulary.h"

#include "base/mapped_file.h"
#include "base/utf8.h"
#include "io/gguf_reader.h"
#include "vecspace/io/load_error.h"

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace vecspace {
namespace {

using Json = nlohmann::json;

// GPT-2's bytes_to_unicode: printable bytes stand for themselves, the other 68 are moved to
// U+0100 onwards in byte order (space 0x20 -> U+0120 'Ġ', newline 0x0A -> U+010A 'Ċ').
std::array<int, 324> unicodeToByte() {
    std::array<int, 324> map{};
    map.fill(-1);
    int next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
        map[std::size_t(printable ? b : next++)] = b;
    }
    return map;
}

// The length of the well-formed UTF-8 sequence at bytes[pos], 0 when there is none.
std::size_t validUtf8Length(const std::string& bytes, std::size_t pos) {
    const auto b0 = static_cast<unsigned char>(bytes[pos]);
    const std::size_t length = b0 < 0x80   ? 1
                               : b0 < 0xC2 ? 0
                               : b0 < 0xE0 ? 2
                               : b0 < 0xF0 ? 3
                               : b0 < 0xF5 ? 4
                                           : 0;
    if (length == 0 || bytes.size() - pos < length) return 0;
    return isValidUtf8(std::string_view(bytes).substr(pos, length)) ? length : 0;
}

void appendHexByte(std::string& out, unsigned char byte) {
    char text[8];
    std::snprintf(text, sizeof text, "<0x%02X>", byte);
    out += text;
}

// Byte-level BPE: each code point is one byte; whole UTF-8 sequences come out as text and
// stray bytes as <0xNN>.
std::string decodeByteLevel(const std::string& token) {
    static const std::array<int, 324> map = unicodeToByte();
    std::string bytes;
    std::size_t pos = 0;
    while (pos < token.size()) {
        const char32_t cp = decodeUtf8(token, pos);        // always advances
        if (cp >= map.size() || map[cp] < 0) return token; // not byte-level: shown as it is
        bytes += char(map[cp]);
    }
    std::string out;
    pos = 0;
    while (pos < bytes.size()) {
        const std::size_t length = validUtf8Length(bytes, pos);
        if (length == 0) {
            appendHexByte(out, static_cast<unsigned char>(bytes[pos]));
            ++pos;
        } else {
            out.append(bytes, pos, length);
            pos += length;
        }
    }
    return out;
}

Json readJson(const std::filesystem::path& path) {
    const MappedFile file(path);
    try {
        return Json::parse(file.bytes());
    } catch (const Json::parse_error& e) {
        throw LoadError(ErrorLocation{path, 0, e.byte > 0 ? e.byte - 1 : 0}, "JSON",
                        std::string(e.what()));
    }
}

void put(TokenVocabulary& vocab, std::uint64_t id, std::string token, TokenKind kind,
         const std::filesystem::path& path) {
    // Ids index the matrix's rows: a vocabulary of millions of ids is a broken file.
    if (id > 50'000'000)
        throw LoadError(ErrorLocation{path}, "token ids below 50,000,000",
                        "id " + std::to_string(id));
    if (id >= vocab.tokens.size()) {
        vocab.tokens.resize(id + 1);
        vocab.kinds.resize(id + 1, TokenKind::Unused);
    }
    vocab.tokens[id] = std::move(token);
    vocab.kinds[id] = kind;
}

TokenKind kindOf(const std::string& token, TokenVocabulary::Encoding encoding) {
    if (encoding == TokenVocabulary::Encoding::SentencePiece && token.size() == 6 &&
        token.starts_with("<0x") && token.back() == '>')
        return TokenKind::Byte;
    return TokenKind::Normal;
}

TokenVocabulary fromTokenizerJson(const std::filesystem::path& path) {
    const Json json = readJson(path);
    TokenVocabulary vocab;
    vocab.source = path;
    const Json& model = json.contains("model") ? json["model"] : Json();
    const std::string type = model.value("type", "");
    const std::string decoder = json.contains("decoder") && json["decoder"].is_object()
                                    ? json["decoder"].value("type", "")
                                    : "";
    const bool byteLevel = decoder == "ByteLevel" ||
                           (json.contains("pre_tokenizer") && json["pre_tokenizer"].is_object() &&
                            json["pre_tokenizer"].value("type", "") == "ByteLevel");
    vocab.encoding =
        byteLevel ? TokenVocabulary::Encoding::ByteLevel : TokenVocabulary::Encoding::SentencePiece;
    if (type == "WordPiece") vocab.encoding = TokenVocabulary::Encoding::Plain;
    if (!model.contains("vocab"))
        throw LoadError(ErrorLocation{path}, "model.vocab in tokenizer.json", "none");
    const Json& entries = model["vocab"];
    if (entries.is_object()) { // BPE, WordPiece: token -> id
        for (const auto& [token, id] : entries.items()) {
            if (!id.is_number_unsigned())
                throw LoadError(ErrorLocation{path}, "a token id for '" + token + "'", id.dump());
            put(vocab, id.get<std::uint64_t>(), token, kindOf(token, vocab.encoding), path);
        }
    } else if (entries.is_array()) { // Unigram: [piece, score] in id order
        for (std::size_t id = 0; id < entries.size(); ++id) {
            const Json& e = entries[id];
            if (!e.is_array() || e.empty() || !e[0].is_string())
                throw LoadError(ErrorLocation{path},
                                "model.vocab[" + std::to_string(id) + "] to be [piece, score]",
                                e.dump());
            const std::string piece = e[0].get<std::string>();
            put(vocab, id, piece, kindOf(piece, vocab.encoding), path);
        }
    } else {
        throw LoadError(ErrorLocation{path}, "model.vocab to be an object or a list",
                        entries.type_name());
    }
    if (json.contains("added_tokens") && json["added_tokens"].is_array())
        for (const Json& added : json["added_tokens"]) {
            if (!added.is_object() || !added.contains("id") || !added["id"].is_number_unsigned())
                continue;
            const bool special = added.value("special", false);
            put(vocab, added["id"].get<std::uint64_t>(), added.value("content", ""),
                special ? TokenKind::Special : TokenKind::UserDefined, path);
        }
    // The unknown token: named by BPE and WordPiece models, numbered by Unigram ones.
    if (model.contains("unk_token") && model["unk_token"].is_string()) {
        const std::string unk = model["unk_token"].get<std::string>();
        for (std::size_t id = 0; id < vocab.tokens.size(); ++id)
            if (vocab.tokens[id] == unk) vocab.kinds[id] = TokenKind::Unknown;
    }
    if (model.contains("unk_id") && model["unk_id"].is_number_unsigned()) {
        const auto id = model["unk_id"].get<std::uint64_t>();
        if (id < vocab.kinds.size()) vocab.kinds[id] = TokenKind::Unknown;
    }
    return vocab;
}

TokenVocabulary fromVocabJson(const std::filesystem::path& path) {
    const Json json = readJson(path);
    if (!json.is_object())
        throw LoadError(ErrorLocation{path}, "an object of token -> id", json.type_name());
    TokenVocabulary vocab;
    vocab.source = path;
    vocab.encoding = TokenVocabulary::Encoding::ByteLevel; // GPT-2's
    for (const auto& [token, id] : json.items()) {
        if (!id.is_number_unsigned())
            throw LoadError(ErrorLocation{path}, "a token id for '" + token + "'", id.dump());
        put(vocab, id.get<std::uint64_t>(), token, TokenKind::Normal, path);
    }
    return vocab;
}

TokenVocabulary fromVocabTxt(const std::filesystem::path& path) {
    const MappedFile file(path);
    const std::string_view text = file.bytes();
    TokenVocabulary vocab;
    vocab.source = path;
    std::size_t start = 0, id = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string token(text.substr(start, end - start));
        if (!token.empty() && token.back() == '\r') token.pop_back();
        // BERT's: [UNK], [unused0]..., and [PAD] [CLS] [SEP] [MASK] as special.
        const bool bracketed = token.size() > 2 && token.front() == '[' && token.back() == ']';
        const TokenKind kind = !bracketed                     ? TokenKind::Normal
                               : token == "[UNK]"             ? TokenKind::Unknown
                               : token.starts_with("[unused") ? TokenKind::Unused
                                                              : TokenKind::Special;
        put(vocab, id++, token, kind, path);
        start = end + 1;
    }
    return vocab;
}

} // namespace

const char* tokenKindName(TokenKind kind) {
    switch (kind) {
    case TokenKind::Normal:
        return "normal";
    case TokenKind::Special:
        return "special";
    case TokenKind::Byte:
        return "byte";
    case TokenKind::Unknown:
        return "unknown";
    case TokenKind::Unused:
        return "unused";
    case TokenKind::UserDefined:
        return "user-defined";
    case TokenKind::Padding:
        return "padding";
    }
    return "normal";
}

// Control characters as text, so that a label is one line (a list row, a line of a labels
// file): newline, carriage return and tab as \n, \r, \t, the other C0 controls and DEL as <0xNN>.
static std::string visible(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (byte < 0x20 || byte == 0x7F)
            appendHexByte(out, byte);
        else
            out += c;
    }
    return out;
}

std::string tokenLabel(const std::string& token, TokenVocabulary::Encoding encoding,
                       TokenKind kind) {
    switch (encoding) {
    case TokenVocabulary::Encoding::ByteLevel:
        return visible(decodeByteLevel(token));
    case TokenVocabulary::Encoding::SentencePiece: {
        if (kind == TokenKind::Byte) return token;
        // Special pieces (<s>, <unk>, ...) are names, not text: shown as written.
        if (kind != TokenKind::Normal) return visible(token);
        std::string out;
        static const std::string space = "\xE2\x96\x81"; // U+2581 ▁
        for (std::size_t pos = 0; pos < token.size();) {
            if (token.compare(pos, space.size(), space) == 0) {
                out += ' ';
                pos += space.size();
            } else {
                out += token[pos++];
            }
        }
        return visible(out);
    }
    case TokenVocabulary::Encoding::Plain:
        break;
    }
    return visible(token);
}

TokenVocabulary readModelVocabulary(const std::filesystem::path& folder) {
    std::error_code ignored;
    if (std::filesystem::is_regular_file(folder / "tokenizer.json", ignored))
        return fromTokenizerJson(folder / "tokenizer.json");
    if (std::filesystem::is_regular_file(folder / "vocab.json", ignored))
        return fromVocabJson(folder / "vocab.json");
    if (std::filesystem::is_regular_file(folder / "vocab.txt", ignored))
        return fromVocabTxt(folder / "vocab.txt");
    return {};
}

TokenVocabulary ggufVocabulary(const GgufFile& file) {
    TokenVocabulary vocab;
    const GgufValue* tokens = file.find("tokenizer.ggml.tokens");
    if (!tokens || !tokens->isArray() || tokens->elementType != 8) return vocab;
    vocab.tokens = tokens->strings;
    const GgufValue* model = file.find("tokenizer.ggml.model");
    const std::string name = model && model->isString() ? model->text : "";
    vocab.encoding = name == "gpt2"                    ? TokenVocabulary::Encoding::ByteLevel
                     : name == "llama" || name == "t5" ? TokenVocabulary::Encoding::SentencePiece
                                                       : TokenVocabulary::Encoding::Plain;
    vocab.kinds.assign(vocab.tokens.size(), TokenKind::Normal);
    // llama.cpp's token types: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.
    if (const GgufValue* types = file.find("tokenizer.ggml.token_type");
        types && types->isArray() && types->numbers.size() == vocab.tokens.size())
        for (std::size_t i = 0; i < vocab.kinds.size(); ++i)
            switch (int(types->numbers[i])) {
            case 2:
                vocab.kinds[i] = TokenKind::Unknown;
                break;
            case 3:
                vocab.kinds[i] = TokenKind::Special;
                break;
            case 4:
                vocab.kinds[i] = TokenKind::UserDefined;
                break;
            case 5:
                vocab.kinds[i] = TokenKind::Unused;
                break;
            case 6:
                vocab.kinds[i] = TokenKind::Byte;
                break;
            default:
                break;
            }
    return vocab;
}

} // namespace vecspace
