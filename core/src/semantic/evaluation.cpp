#include "vecspace/semantic/evaluation.h"

#include "base/mapped_file.h"
#include "io/text_lines.h"
#include "vecspace/io/load_error.h"
#include "vecspace/search/label_index.h"
#include "vecspace/semantic/analogy.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace vecspace {
namespace {

// gensim swaps in a vocabulary of the first restrictRows labels, upper-cased when case does not
// matter, where an earlier (more frequent) row wins over later case variants.
class RestrictedVocabulary {
public:
    RestrictedVocabulary(const std::vector<std::string>& labels, std::size_t restrictRows,
                         bool caseInsensitive)
        : m_caseInsensitive(caseInsensitive) {
        const std::size_t rows =
            std::min(restrictRows > 0 ? restrictRows : labels.size(), labels.size());
        m_rows.reserve(rows);
        for (std::size_t row = 0; row < rows; ++row)
            m_rows.emplace(key(labels[row]), row); // first wins
    }
    std::string key(std::string_view word) const {
        return m_caseInsensitive ? foldCase(word) : std::string(word);
    }
    const std::size_t* find(const std::string& keyed) const {
        const auto it = m_rows.find(keyed);
        return it == m_rows.end() ? nullptr : &it->second;
    }

private:
    bool m_caseInsensitive;
    std::unordered_map<std::string, std::size_t> m_rows;
};

std::vector<std::string_view> splitWhitespace(std::string_view line) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > start) words.push_back(line.substr(start, i - start));
    }
    return words;
}

std::vector<double> averageRanks(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
            ++j;
        const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t t = i; t <= j; ++t)
            ranks[order[t]] = rank;
        i = j + 1;
    }
    return ranks;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

struct Question {
    std::size_t section;
    std::size_t a, b, c;
    std::string keyA, keyB, keyC, expected;
};

} // namespace

AnalogyEvaluation evaluateAnalogies(const SimilarityIndex& index, const std::filesystem::path& path,
                                    const AnalogyEvaluationOptions& options) {
    const MappedFile file(path);
    const auto& labels = index.set().labels;
    const RestrictedVocabulary vocabulary(labels, options.restrictRows, options.caseInsensitive);
    AnalogyEvaluation result;
    std::vector<Question> questions;
    const auto all = splitLines(file.bytes());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const std::string_view line = all[i];
        if (line.rfind(": ", 0) == 0) {
            std::string_view name = line.substr(2);
            while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
                name.remove_suffix(1);
            result.sections.push_back({std::string(name), 0, 0});
            continue;
        }
        const auto words = splitWhitespace(line);
        if (words.empty()) continue;
        if (words.size() != 4)
            throw LoadError(ErrorLocation{path, i + 1},
                            "four words (a b c expected) or ': section'",
                            describeBytes(line.data(), line.size(), 60));
        if (result.sections.empty())
            throw LoadError(ErrorLocation{path, i + 1},
                            "a ': section' line before the first question",
                            describeBytes(line.data(), line.size(), 60));
        Question q;
        q.section = result.sections.size() - 1;
        q.keyA = vocabulary.key(words[0]);
        q.keyB = vocabulary.key(words[1]);
        q.keyC = vocabulary.key(words[2]);
        q.expected = vocabulary.key(words[3]);
        const std::size_t *a = vocabulary.find(q.keyA), *b = vocabulary.find(q.keyB),
                          *c = vocabulary.find(q.keyC);
        if (!a || !b || !c || !vocabulary.find(q.expected)) {
            ++result.skipped;
            continue;
        }
        q.a = *a;
        q.b = *b;
        q.c = *c;
        questions.push_back(std::move(q));
    }

    // The same 3CosAdd query the analogy command uses: b + c - a over unit vectors, normalised.
    RowMatrix queries(static_cast<Eigen::Index>(questions.size()),
                      static_cast<Eigen::Index>(index.set().dims()));
    for (std::size_t i = 0; i < questions.size(); ++i) {
        const auto& q = questions[i];
        queries.row(static_cast<Eigen::Index>(i)) =
            cosAddQuery(index,
                        {{q.b, 1.0f, {}, false}, {q.c, 1.0f, {}, false}, {q.a, -1.0f, {}, false}})
                .transpose();
    }
    NeighborOptions neighbor;
    neighbor.k = 5 + 3; // gensim asks most_similar for 5, after removing the (up to) 3 inputs
    neighbor.restrictRows = options.restrictRows;
    neighbor.threads = options.threads;
    neighbor.screen = options.screen;
    const auto answers = index.nearestBatch(queries, neighbor, options.progress);

    for (std::size_t i = 0; i < questions.size(); ++i) {
        const auto& q = questions[i];
        std::vector<std::size_t> top;
        for (const Neighbor& n : answers[i])
            if (n.row != q.a && n.row != q.b && n.row != q.c && top.size() < 5)
                top.push_back(n.row);
        // The first of the top 5 that is not a case variant of an input; else the last one seen.
        std::string predicted;
        for (std::size_t row : top) {
            predicted = vocabulary.key(labels[row]);
            if (predicted != q.keyA && predicted != q.keyB && predicted != q.keyC) break;
        }
        AnalogySection& section = result.sections[q.section];
        if (predicted == q.expected) {
            ++section.correct;
            ++result.correct;
        } else {
            ++section.incorrect;
            ++result.incorrect;
        }
    }
    const std::size_t answered = result.correct + result.incorrect;
    result.accuracy =
        answered > 0 ? static_cast<double>(result.correct) / static_cast<double>(answered) : 0.0;
    return result;
}

SimilarityEvaluation evaluateWordPairs(const SimilarityIndex& index,
                                       const std::filesystem::path& path,
                                       const SimilarityEvaluationOptions& options) {
    const MappedFile file(path);
    const RestrictedVocabulary vocabulary(index.set().labels, options.restrictRows,
                                          options.caseInsensitive);
    std::vector<double> gold, model;
    SimilarityEvaluation result;
    const auto all = splitLines(file.bytes());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const std::string_view line = all[i];
        if (line.empty() || line.front() == '#') continue;
        const auto words = splitWhitespace(line);
        if (words.empty()) continue;
        double score = 0;
        const bool numeric =
            words.size() == 3 &&
            std::from_chars(words[2].data(), words[2].data() + words[2].size(), score).ptr ==
                words[2].data() + words[2].size();
        if (!numeric)
            throw LoadError(ErrorLocation{path, i + 1}, "word1 word2 score",
                            describeBytes(line.data(), line.size(), 60));
        const std::size_t* a = vocabulary.find(vocabulary.key(words[0]));
        const std::size_t* b = vocabulary.find(vocabulary.key(words[1]));
        if (!a || !b) {
            ++result.oov;
            continue;
        }
        gold.push_back(score);
        model.push_back(index.cosine(*a, *b));
    }
    if (gold.empty())
        throw LoadError(ErrorLocation{path, 0},
                        "at least one pair with both words in the vocabulary",
                        std::to_string(result.oov) + " pairs, none of them known");
    result.pairs = gold.size();
    result.pearson = pearson(gold, model);
    result.spearman = pearson(averageRanks(gold), averageRanks(model));
    result.oovRatio =
        100.0 * static_cast<double>(result.oov) / static_cast<double>(result.pairs + result.oov);
    return result;
}

} // namespace vecspace
