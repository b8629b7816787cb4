#include "vecspace/semantic/expression.h"

#include "semantic/quoted_label.h"

#include <charconv>
#include <cmath>
#include <optional>

namespace vecspace {
namespace {

enum class TokenKind { Word, Number, Quoted, Plus, Minus, Times, Divide, Open, Close, Comma, End };

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;
    std::size_t column = 1;
};

bool isOperator(char c) {
    return c == '+' || c == '-' || c == '*' || c == '/' || c == '(' || c == ')' || c == ',' ||
           c == '"' || c == '\'';
}

std::optional<double> asNumber(std::string_view text) {
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        Token token;
        token.column = characterColumn(text, i);
        if (c == '"' || c == '\'') {
            i = readQuotedLabel(text, i, token.column, token.text);
            token.kind = TokenKind::Quoted;
        } else if (isOperator(c)) {
            static constexpr std::pair<char, TokenKind> kinds[] = {
                {'+', TokenKind::Plus},   {'-', TokenKind::Minus}, {'*', TokenKind::Times},
                {'/', TokenKind::Divide}, {'(', TokenKind::Open},  {')', TokenKind::Close},
                {',', TokenKind::Comma}};
            for (const auto& [ch, kind] : kinds)
                if (ch == c) token.kind = kind;
            token.text = std::string(1, c);
            ++i;
        } else {
            std::size_t j = i;
            while (j < text.size() && !isOperator(text[j]) && text[j] != ' ' && text[j] != '\t' &&
                   text[j] != '\n' && text[j] != '\r')
                ++j;
            // "1e-5" and "2.5e+3" are numbers even though '-' and '+' are operators.
            if (j < text.size() && (text[j] == '-' || text[j] == '+') && j > i &&
                (text[j - 1] == 'e' || text[j - 1] == 'E') && asNumber(text.substr(i, j - i - 1))) {
                std::size_t k = j + 1;
                while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k])))
                    ++k;
                if (k > j + 1 && asNumber(text.substr(i, k - i))) j = k;
            }
            token.text = std::string(text.substr(i, j - i));
            token.kind = asNumber(token.text) ? TokenKind::Number : TokenKind::Word;
            i = j;
        }
        tokens.push_back(std::move(token));
    }
    Token end;
    end.column = characterColumn(text, text.size());
    tokens.push_back(end);
    return tokens;
}

// A value is a number or a linear combination of labels.
struct Value {
    bool isNumber = false;
    double number = 0;
    std::vector<ExpressionTerm> terms;

    static Value scalar(double x) {
        Value v;
        v.isNumber = true;
        v.number = x;
        return v;
    }
    void scale(double factor) {
        for (auto& term : terms)
            term.weight *= factor;
    }
    void add(const Value& other, double sign) {
        for (const auto& term : other.terms) {
            bool merged = false;
            for (auto& mine : terms)
                if (mine.label == term.label) {
                    mine.weight += sign * term.weight;
                    merged = true;
                }
            if (!merged) terms.push_back({term.label, sign * term.weight, term.column});
        }
    }
};

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    Value parseAll() {
        Value value = parseSum();
        if (peek().kind != TokenKind::End)
            throw ExpressionError(peek().column,
                                  "expected an operator or the end, found '" + peek().text + "'");
        return value;
    }

private:
    const Token& peek(std::size_t ahead = 0) const {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    const Token& take() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }

    Value parseSum() {
        Value left = parseProduct();
        while (peek().kind == TokenKind::Plus || peek().kind == TokenKind::Minus) {
            const Token op = take();
            const Value right = parseProduct();
            if (left.isNumber != right.isNumber)
                throw ExpressionError(op.column, "cannot add or subtract a number and a vector");
            const double sign = op.kind == TokenKind::Plus ? 1.0 : -1.0;
            if (left.isNumber)
                left.number += sign * right.number;
            else
                left.add(right, sign);
        }
        return left;
    }

    Value parseProduct() {
        Value left = parseUnary(false);
        while (peek().kind == TokenKind::Times || peek().kind == TokenKind::Divide) {
            const Token op = take();
            const Value right = parseUnary(true);
            if (op.kind == TokenKind::Divide) {
                if (!right.isNumber)
                    throw ExpressionError(op.column, "can only divide by a number");
                if (right.number == 0) throw ExpressionError(op.column, "division by zero");
                if (left.isNumber)
                    left.number /= right.number;
                else
                    left.scale(1.0 / right.number);
            } else if (left.isNumber && right.isNumber) {
                left.number *= right.number;
            } else if (left.isNumber) {
                Value product = right;
                product.scale(left.number);
                left = product;
            } else if (right.isNumber) {
                left.scale(right.number);
            } else {
                throw ExpressionError(
                    op.column, "cannot multiply two vectors; a coefficient must be a number");
            }
        }
        return left;
    }

    // `operand`: the right side of * or /, where a number is a coefficient.
    Value parseUnary(bool operand) {
        if (peek().kind == TokenKind::Minus || peek().kind == TokenKind::Plus) {
            const bool negate = take().kind == TokenKind::Minus;
            Value value = parseUnary(operand);
            if (negate) {
                if (value.isNumber)
                    value.number = -value.number;
                else
                    value.scale(-1.0);
            }
            return value;
        }
        return parsePrimary(operand);
    }

    Value parsePrimary(bool operand) {
        const Token& token = peek();
        switch (token.kind) {
        case TokenKind::Number: {
            const bool coefficient =
                operand || peek(1).kind == TokenKind::Times || peek(1).kind == TokenKind::Divide;
            take();
            if (coefficient) return Value::scalar(*asNumber(token.text));
            return label(token);
        }
        case TokenKind::Word:
            if (token.text == "avg" && peek(1).kind == TokenKind::Open) return parseAverage();
            take();
            return label(token);
        case TokenKind::Quoted:
            take();
            return label(token);
        case TokenKind::Open: {
            take();
            Value inner = parseSum();
            expect(TokenKind::Close, "')'");
            return inner;
        }
        case TokenKind::End:
            throw ExpressionError(token.column, "expected a label, a number or '(', found the end");
        default:
            throw ExpressionError(token.column,
                                  "expected a label, a number or '(', found '" + token.text + "'");
        }
    }

    Value parseAverage() {
        const Token& name = take();
        take(); // '('
        Value sum;
        std::size_t count = 0;
        for (;;) {
            const Token& at = peek();
            const Value item = parseSum();
            if (item.isNumber) throw ExpressionError(at.column, "avg() takes vectors, not numbers");
            sum.add(item, 1.0);
            ++count;
            if (peek().kind == TokenKind::Comma) {
                take();
                continue;
            }
            expect(TokenKind::Close, "',' or ')'");
            break;
        }
        if (count == 0) throw ExpressionError(name.column, "avg() needs at least one argument");
        sum.scale(1.0 / static_cast<double>(count));
        return sum;
    }

    static Value label(const Token& token) {
        Value value;
        value.terms.push_back({token.text, 1.0, token.column});
        return value;
    }

    void expect(TokenKind kind, const char* what) {
        if (peek().kind != kind)
            throw ExpressionError(
                peek().column,
                std::string("expected ") + what + ", found " +
                    (peek().kind == TokenKind::End ? "the end" : "'" + peek().text + "'"));
        take();
    }

    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
};

} // namespace

std::size_t characterColumn(std::string_view text, std::size_t byte) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    return column;
}

std::vector<ExpressionTerm> parseExpression(std::string_view text) {
    Parser parser(tokenize(text));
    const Value value = parser.parseAll();
    if (value.isNumber)
        throw ExpressionError(1, "the expression is a number; it needs at least one label");
    std::vector<ExpressionTerm> terms;
    for (const auto& term : value.terms)
        if (term.weight != 0) terms.push_back(term);
    if (terms.empty()) throw ExpressionError(1, "the labels cancel out (every weight is zero)");
    return terms;
}

} // namespace vecspace
