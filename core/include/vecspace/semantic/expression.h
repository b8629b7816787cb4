#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vecspace {

// A syntax error, pointing at the 1-based column (in characters) where it was found.
class ExpressionError : public std::runtime_error {
public:
    ExpressionError(std::size_t column, const std::string& message)
        : std::runtime_error("column " + std::to_string(column) + ": " + message),
          m_column(column) {}
    std::size_t column() const { return m_column; }

private:
    std::size_t m_column;
};

// The 1-based column, in characters (UTF-8 code points), of byte `byte` of `text`: what error
// columns count, so that they line up under non-ASCII labels.
std::size_t characterColumn(std::string_view text, std::size_t byte);

struct ExpressionTerm {
    std::string label;
    double weight = 1.0;
    std::size_t column = 1; // where the label first appears
};

// Vector arithmetic over labels, linear in the labels:
//   king - man + woman      0.5*paris + 0.5*london      2 * (a - b) / 3      avg(a, b, c)
// Labels are bare words, or quoted ("new york", '-', "it's", "say \"hi\"") when they hold
// spaces, operators, quotes or commas. A number is a coefficient when it multiplies or divides;
// elsewhere it is a label (GloVe has "2008"). Terms with the same label are merged, in order of
// first appearance; products of two labels are refused.
std::vector<ExpressionTerm> parseExpression(std::string_view text);

} // namespace vecspace
