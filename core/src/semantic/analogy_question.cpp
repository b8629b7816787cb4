#include "vecspace/semantic/analogy_question.h"

#include "semantic/quoted_label.h"

#include <cctype>
#include <cmath>

namespace vecspace {
namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Whether the text has a ':' outside quotes: the mark of the question form.
bool hasUnquotedColon(std::string_view text) {
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == '\\')
                ++i;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == ':') {
            return true;
        }
    }
    return false;
}

enum class Kind { Label, Colon, DoubleColon, Comma, Question, End };

struct Token {
    Kind kind = Kind::End;
    std::string text;
    std::size_t column = 1;
};

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        if (isSpace(text[i])) {
            ++i;
            continue;
        }
        Token token;
        token.column = characterColumn(text, i);
        const char c = text[i];
        if (c == ':' && i + 1 < text.size() && text[i + 1] == ':') {
            token.kind = Kind::DoubleColon;
            i += 2;
        } else if (c == ':' || c == ',' || c == '?') {
            token.kind = c == ':' ? Kind::Colon : c == ',' ? Kind::Comma : Kind::Question;
            ++i;
        } else if (c == '"' || c == '\'') {
            i = readQuotedLabel(text, i, token.column, token.text);
            token.kind = Kind::Label;
        } else {
            std::size_t j = i;
            while (j < text.size() && !isSpace(text[j]) && text[j] != ':' && text[j] != ',' &&
                   text[j] != '?')
                ++j;
            token.kind = Kind::Label;
            token.text = std::string(text.substr(i, j - i));
            i = j;
        }
        tokens.push_back(std::move(token));
    }
    tokens.push_back({Kind::End, {}, characterColumn(text, text.size())});
    return tokens;
}

const char* describe(Kind kind) {
    switch (kind) {
    case Kind::Label:
        return "a label";
    case Kind::Colon:
        return "':'";
    case Kind::DoubleColon:
        return "'::'";
    case Kind::Comma:
        return "','";
    case Kind::Question:
        return "'?'";
    case Kind::End:
        return "the end";
    }
    return "?";
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    AnalogyQuestion question() {
        AnalogyQuestion question;
        while (true) {
            const ExpressionTerm a = label("a label (the first word of a pair)");
            expect(Kind::Colon, "':' between the words of a pair");
            if (peek().kind == Kind::Question) {
                next();
                if (peek().kind != Kind::End)
                    fail(peek(), "the end after '?' (the asked pair comes last)");
                if (question.pairs.empty())
                    fail(peek(), "an example pair before the asked one (a : b :: c : ?)");
                question.c = a;
                return question;
            }
            const ExpressionTerm b = label("a label or '?'");
            question.pairs.push_back({a, b});
            const Token& separator = peek();
            if (separator.kind != Kind::Comma && separator.kind != Kind::DoubleColon)
                fail(separator, separator.kind == Kind::End
                                    ? "'::' or ',' and then the asked pair (c : ?)"
                                    : "'::' or ',' after a pair");
            next();
        }
    }

private:
    const Token& peek() const { return m_tokens[m_position]; }
    const Token& next() { return m_tokens[m_position++]; }
    [[noreturn]] void fail(const Token& token, const std::string& expected) const {
        std::string found = describe(token.kind);
        if (token.kind == Kind::Label) found += " '" + token.text + "'";
        throw ExpressionError(token.column, "expected " + expected + ", found " + found);
    }
    void expect(Kind kind, const char* expected) {
        if (peek().kind != kind) fail(peek(), expected);
        next();
    }
    ExpressionTerm label(const char* expected) {
        if (peek().kind != Kind::Label) fail(peek(), expected);
        const Token& token = next();
        return {token.text, 1.0, token.column};
    }

    std::vector<Token> m_tokens;
    std::size_t m_position = 0;
};

} // namespace

std::vector<ExpressionTerm> questionTerms(const AnalogyQuestion& question) {
    const double share = 1.0 / static_cast<double>(question.pairs.size());
    std::vector<ExpressionTerm> terms;
    auto add = [&](const ExpressionTerm& term, double weight) {
        for (auto& existing : terms)
            if (existing.label == term.label) {
                existing.weight += weight;
                return;
            }
        terms.push_back({term.label, weight, term.column});
    };
    for (const AnalogyPair& pair : question.pairs) {
        add(pair.b, share);
        add(pair.a, -share);
    }
    add(question.c, 1.0);
    return terms;
}

std::optional<AnalogyQuestion> questionOf(const std::vector<ExpressionTerm>& terms) {
    if (terms.size() != 3) return std::nullopt;
    const ExpressionTerm *a = nullptr, *b = nullptr, *c = nullptr;
    for (const ExpressionTerm& term : terms) {
        if (term.weight == 1.0) {
            (b ? c : b) = &term;
        } else if (term.weight == -1.0 && !a) {
            a = &term;
        } else {
            return std::nullopt;
        }
    }
    if (!a || !b || !c) return std::nullopt;
    return AnalogyQuestion{{{*a, *b}}, *c};
}

AnalogyQuery parseAnalogyQuery(std::string_view text) {
    AnalogyQuery query;
    if (hasUnquotedColon(text)) {
        query.question = Parser(tokenize(text)).question();
        query.terms = questionTerms(*query.question);
    } else {
        query.terms = parseExpression(text);
        query.question = questionOf(query.terms);
    }
    return query;
}

std::string quoteLabel(const std::string& label) {
    bool bare = !label.empty() && label.find_first_of(":?") == std::string::npos;
    if (bare) {
        try {
            const auto terms = parseExpression(label);
            bare = terms.size() == 1 && terms.front().label == label && terms.front().weight == 1;
        } catch (const ExpressionError&) {
            bare = false;
        }
    }
    if (bare) return label;
    std::string quoted = "\"";
    for (char c : label) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + '"';
}

std::string fieldFromLabel(const std::string& label) {
    const auto outer = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    if (label.empty()) return label;
    if (outer(label.front()) || outer(label.back()) || label.front() == '"' ||
        label.front() == '\'')
        return quoteLabel(label);
    return label;
}

std::string labelFromField(const std::string& text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    const std::string trimmed = text.substr(first, last - first + 1);
    if (trimmed.front() != '"' && trimmed.front() != '\'') return trimmed;
    std::string label;
    try {
        if (readQuotedLabel(trimmed, 0, 1, label) == trimmed.size()) return label;
    } catch (const ExpressionError&) {
    }
    return trimmed; // not one quoted label: the text as it is
}

std::string formatQuestion(const AnalogyQuestion& question) {
    std::string text;
    for (std::size_t i = 0; i < question.pairs.size(); ++i) {
        if (i) text += ", ";
        text +=
            quoteLabel(question.pairs[i].a.label) + " : " + quoteLabel(question.pairs[i].b.label);
    }
    return text + " :: " + quoteLabel(question.c.label) + " : ?";
}

std::string formatQuestionExpression(const AnalogyQuestion& question) {
    if (question.pairs.size() == 1)
        return quoteLabel(question.pairs[0].b.label) + " - " +
               quoteLabel(question.pairs[0].a.label) + " + " + quoteLabel(question.c.label);
    std::string text = quoteLabel(question.c.label) + " + (";
    for (std::size_t i = 0; i < question.pairs.size(); ++i)
        text += (i ? " + " : "") + quoteLabel(question.pairs[i].b.label) + " - " +
                quoteLabel(question.pairs[i].a.label);
    return text + ") / " + std::to_string(question.pairs.size());
}

} // namespace vecspace
