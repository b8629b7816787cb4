#include "analogy_query.h"

#include "vecspace/search/label_index.h"
#include "vecspace/semantic/analogy.h"
#include "vecspace/semantic/expression.h"

#include <QStringList>
#include <exception>

namespace {

QString labelOf(const vecspace::EmbeddingSet& set, std::size_t row) {
    return QString::fromStdString(set.labels[row]);
}

} // namespace

AnalogyAnswer answerAnalogy(const vecspace::SimilarityIndex& index, const QString& expression,
                            std::size_t k) {
    AnalogyAnswer answer;
    answer.expression = expression;
    const vecspace::EmbeddingSet& set = index.set();
    try {
        const std::vector<vecspace::ExpressionTerm> parsed =
            vecspace::parseExpression(expression.toStdString());
        const vecspace::LabelIndex labels(set.labels);
        const std::vector<vecspace::ResolvedTerm> terms = vecspace::resolveTerms(parsed, labels);
        for (const vecspace::ResolvedTerm& term : terms) {
            answer.termRows.push_back(term.row);
            if (term.caseInsensitive)
                answer.notes << QStringLiteral("'%1' is not in the file; used '%2'")
                                    .arg(QString::fromStdString(term.label),
                                         labelOf(set, term.row));
        }
        vecspace::AnalogyOptions options;
        options.k = k;
        answer.results = vecspace::mostSimilar(index, terms, options);
        if (answer.results.empty()) answer.error = QStringLiteral("no row is left to answer with");
    } catch (const vecspace::ExpressionError& e) {
        answer.error =
            QStringLiteral("cannot read '%1': %2").arg(expression, QString::fromUtf8(e.what()));
    } catch (const std::exception& e) { // unknown labels, and anything the core refuses
        answer.error = QString::fromUtf8(e.what());
    }
    return answer;
}

QString AnalogyAnswer::summary(const vecspace::EmbeddingSet& set) const {
    if (!ok()) return error;
    QStringList rest;
    for (std::size_t i = 1; i < results.size(); ++i)
        rest << QStringLiteral("%1 (%2)")
                    .arg(labelOf(set, results[i].row))
                    .arg(double(results[i].score), 0, 'f', 3);
    QString text = QStringLiteral("%1 → %2 (%3)")
                       .arg(expression, labelOf(set, results.front().row))
                       .arg(double(results.front().score), 0, 'f', 3);
    if (!rest.isEmpty()) text += QStringLiteral("; then ") + rest.join(QStringLiteral(", "));
    if (!notes.isEmpty()) text += QStringLiteral(" [") + notes.join(QStringLiteral("; ")) + ']';
    return text;
}
