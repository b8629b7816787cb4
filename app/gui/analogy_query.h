#pragma once

#include "vecspace/semantic/similarity_index.h"

#include <QString>
#include <QStringList>
#include <cstddef>
#include <vector>

// One vector-arithmetic query ("king - man + woman") answered with the core's 3CosAdd, gensim's
// most_similar: the query's words and the best rows. The window shows it by selecting the answer
// and labelling the words; the analogy panel (a later release) will list more.
struct AnalogyAnswer {
    QString expression;
    std::vector<std::size_t> termRows;       // the query's words, as found
    std::vector<vecspace::Neighbor> results; // best first; empty on error
    QString error;     // why there is no answer: a syntax error, an unknown word
    QStringList notes; // words found only by ignoring case

    bool ok() const { return error.isEmpty() && !results.empty(); }
    // "king - man + woman → queen (0.770); then daughter (0.659), prince (0.652)"
    QString summary(const vecspace::EmbeddingSet& set) const;
};

// Blocking (one pass over the rows): call it off the GUI thread for large sets.
AnalogyAnswer answerAnalogy(const vecspace::SimilarityIndex& index, const QString& expression,
                            std::size_t k = 3);
