#include "analogy_drawing.h"

#include <algorithm>
#include <cmath>

namespace {

QVector3D positionOf(const Dataset::Layout& layout, std::size_t row) {
    const float* p = layout.xyz->data() + row * 3;
    return {p[0], p[1], p[2]};
}

QString methodName(const QString& method) {
    if (method == QLatin1String("tsne")) return QStringLiteral("t-SNE");
    if (method == QLatin1String("umap")) return QStringLiteral("UMAP");
    if (method == QLatin1String("custom")) return QStringLiteral("Analogy axes");
    return method.toUpper();
}

void addUnique(std::vector<int>& rows, std::size_t row) {
    if (std::find(rows.begin(), rows.end(), int(row)) == rows.end()) rows.push_back(int(row));
}

} // namespace

AnalogyDrawing drawAnalogy(const vecspace::AnalogyReport& report, const Dataset::Layout& layout,
                           const std::vector<std::string>& labels, long pointRow,
                           std::size_t shown) {
    AnalogyDrawing drawing;
    drawing.offsets.name = AnalogyDrawing::kOffsets;
    drawing.offsets.color = QColor(255, 190, 60);
    drawing.computed.name = AnalogyDrawing::kComputed;
    drawing.computed.color = QColor(120, 200, 255);
    drawing.computed.dashed = true;
    for (const vecspace::ResolvedTerm& term : report.terms)
        addUnique(drawing.labelled, term.row);
    const std::size_t results = std::min(shown, report.results.size());
    for (std::size_t i = 0; i < results; ++i)
        addUnique(drawing.labelled, report.results[i].row);
    drawing.highlighted = drawing.labelled;
    if (!layout.xyz) return drawing;

    // Exact under a linear map when the weights sum to one: the centre cancels out.
    double weights = 0;
    for (const vecspace::ResolvedTerm& term : report.terms)
        weights += term.weight;
    const bool pca = layout.method == QLatin1String("pca") &&
                     !layout.parameters.value(QStringLiteral("spherize")).toBool();
    if (pca && std::abs(weights - 1.0) < 1e-5) {
        QVector3D point;
        for (const vecspace::ResolvedTerm& term : report.terms)
            point += term.weight * positionOf(layout, term.row);
        drawing.point = point;
        drawing.exact = true;
        drawing.note = QObject::tr("PCA: the computed point (dashed) is drawn at its exact "
                                   "projection.");
    } else if (pointRow >= 0) {
        drawing.point = positionOf(layout, std::size_t(pointRow));
        const QString why =
            pca ? QObject::tr("its weights do not sum to one")
                : QObject::tr("%1 places only words").arg(methodName(layout.method));
        drawing.note = QObject::tr("The computed point (dashed) is drawn at its nearest word, "
                                   "%1: %2.")
                           .arg(QString::fromStdString(labels[std::size_t(pointRow)]), why);
        addUnique(drawing.labelled, std::size_t(pointRow));
    }

    const QColor answerColor(90, 220, 120);
    if (report.question) {
        for (const auto& [a, b] : report.question->pairs)
            drawing.offsets.segments.push_back(
                {LineEnd::atRow(int(a)), LineEnd::atRow(int(b)), QColor()});
        for (std::size_t i = 0; i < results; ++i) {
            QColor color = answerColor;
            if (i > 0) color.setAlphaF(0.55f); // the best answer stands out from the others
            drawing.offsets.segments.push_back({LineEnd::atRow(int(report.question->c)),
                                                LineEnd::atRow(int(report.results[i].row)), color});
        }
        if (!drawing.note.isEmpty())
            drawing.computed.segments.push_back(
                {LineEnd::atRow(int(report.question->c)), LineEnd::at(drawing.point), QColor()});
    } else if (!drawing.note.isEmpty()) {
        // A free expression: each added word points to the computed point, which points to the
        // best result.
        for (const vecspace::ResolvedTerm& term : report.terms)
            if (term.weight > 0)
                drawing.computed.segments.push_back(
                    {LineEnd::atRow(int(term.row)), LineEnd::at(drawing.point), QColor()});
        if (results > 0)
            drawing.offsets.segments.push_back({LineEnd::at(drawing.point),
                                                LineEnd::atRow(int(report.results[0].row)),
                                                answerColor});
    }
    return drawing;
}
