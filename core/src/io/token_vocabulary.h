#pragma once

// A language model's vocabulary (token id -> token) from the files its tokenizer ships:
// Hugging Face tokenizer.json (BPE and WordPiece vocab maps, Unigram piece lists, added_tokens),
// GPT-2's vocab.json, BERT's vocab.txt, or GGUF's tokenizer.ggml.* arrays. Labels are readable
// text: byte-level BPE decoded through GPT-2's byte-to-unicode table (bytes that are not whole
// UTF-8 shown as <0xE9>), SentencePiece's ▁ as a space, control characters as \n, \t, <0x01>.

#include <filesystem>
#include <string>
#include <vector>

namespace vecspace {

struct GgufFile;

enum class TokenKind { Normal, Special, Byte, Unknown, Unused, UserDefined, Padding };
const char* tokenKindName(TokenKind kind); // "normal", "special", ...

struct TokenVocabulary {
    enum class Encoding { Plain, ByteLevel, SentencePiece };
    std::vector<std::string> tokens; // by id; empty strings for ids no file names
    std::vector<TokenKind> kinds;    // by id
    Encoding encoding = Encoding::Plain;
    std::filesystem::path source; // the file read
    bool empty() const { return tokens.empty(); }
};

// tokenizer.json, else vocab.json, else vocab.txt in `folder`; empty when none is there.
// Throws LoadError for a file that is there but does not parse.
TokenVocabulary readModelVocabulary(const std::filesystem::path& folder);
TokenVocabulary ggufVocabulary(const GgufFile& file);

// What the view shows for a raw token: decoded text on one line (control characters written as
// \n, \t, <0x01>, ...); SentencePiece's special pieces as written.
std::string tokenLabel(const std::string& token, TokenVocabulary::Encoding encoding,
                       TokenKind kind = TokenKind::Normal);

} // namespace vecspace
