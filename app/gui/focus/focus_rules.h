#pragma once

#include <QString>
#include <cstddef>
#include <vector>

// The one rule for what the view lights, dims and labels, from every source of emphasis at
// once, so that the selection, its neighbours, a search, a legend entry and an analogy combine
// the same way whatever was clicked last (README, "What stands out"):
// - every source adds to the lit set; while anything is lit, every other point is dimmed;
// - Isolate (hidden rows) is applied first: a hidden row is neither drawn nor labelled;
// - the selection and its neighbours are always labelled (a capped number of them), then the
//   first search matches, then the legend entry's first rows; with nothing lit, the first rows
//   of the file (the most frequent words) where space allows.
struct FocusInputs {
    std::size_t rows = 0;
    std::vector<int> selection; // ascending
    std::vector<int> neighbors; // the selection's neighbours
    bool searching = false;
    std::vector<int> searchMatches; // ranked, best first
    std::vector<int> legendRows;    // the legend entry clicked
    QString legendName;
    std::vector<int> analogyRows; // an analogy's words and answers
};

struct Focus {
    std::vector<int> lit;         // ascending, unique; empty: nothing dimmed
    std::vector<int> focusLabels; // labelled whatever the clutter
    std::vector<int> labeled;     // labelled where space allows, in this order
    // What is lit, for the status bar and the Search dock ("selection and 10 neighbours, 12
    // search matches, legend entry 'noun'"); empty when nothing is.
    QString summary;
};

struct FocusLimits {
    std::size_t focusLabels = 400;    // the selection and neighbours always labelled
    std::size_t searchLabels = 200;   // search matches labelled
    std::size_t legendLabels = 200;   // legend rows labelled
    std::size_t overviewLabels = 500; // first rows labelled with nothing lit
};

Focus composeFocus(const FocusInputs& inputs, const FocusLimits& limits = {});
