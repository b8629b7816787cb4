#pragma once

#include "vecspace/semantic/expression.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vecspace {

// One example of the relation: a is to b.
struct AnalogyPair {
    ExpressionTerm a;
    ExpressionTerm b;
};

// "a : b :: c : ?", or with several example pairs "a1 : b1, a2 : b2, c : ?" (the averaged
// offset of Drozd et al. 2016, 3CosAvg). Every term has weight 1; `column` is where it was typed.
struct AnalogyQuestion {
    std::vector<AnalogyPair> pairs; // at least one
    ExpressionTerm c;
};

// What the user asked: always a linear expression over labels (what 3CosAdd ranks by), and the
// question when it has the a : b :: c shape, which PairDirection, offset consistency and the
// baseline need.
struct AnalogyQuery {
    std::vector<ExpressionTerm> terms;
    std::optional<AnalogyQuestion> question;
};

// The relation as an expression: b - a + c for one pair; for n pairs each b weighs 1/n and each
// a -1/n (c plus the mean offset). The terms come in the order of "b - a + c", so that the
// question and the expression give the same float sums.
std::vector<ExpressionTerm> questionTerms(const AnalogyQuestion& question);

// The question an expression spells when it is exactly b - a + c (weights +1, -1, +1 in any
// order, three different labels): b is the first added label, c the second.
std::optional<AnalogyQuestion> questionOf(const std::vector<ExpressionTerm>& terms);

// Reads either form. Text with an unquoted ':' is a question (labels bare, or quoted as in
// expressions; pairs separated by ',' or "::", the last pair "c : ?"); anything else is an
// expression (parseExpression). Throws ExpressionError with the column of the problem.
AnalogyQuery parseAnalogyQuery(std::string_view text);

// "man : king :: woman : ?" and "king - man + woman", quoting labels where needed.
std::string formatQuestion(const AnalogyQuestion& question);
std::string formatQuestionExpression(const AnalogyQuestion& question);
// A label as the expression language reads it back: bare when it can be, else quoted.
std::string quoteLabel(const std::string& label);
// A field that holds one label (the panel's A, B, C): bare, or quoted as in expressions when
// trimming or a leading quote would change it (GPT-2's " king" is typed "\" king\"").
std::string fieldFromLabel(const std::string& label);
// The label such a field names: the text trimmed, a quoted label unquoted.
std::string labelFromField(const std::string& text);

} // namespace vecspace
