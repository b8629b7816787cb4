#pragma once

// Shared by the k-NN graph tests: random rows, an independent brute-force graph, the library's
// graph with given options and the checks every graph must pass.

#include "vecspace/layout/knn_graph.h"

#include <cstdint>
#include <vector>

namespace knntest {

// Rows of independent standard normal values.
vecspace::RowMatrix randomRows(int rows, int dims, unsigned seed);

// The k nearest other rows by brute force in double precision, ties by row: written without
// anything from the library.
struct Naive {
    std::vector<std::uint32_t> indices;
    std::vector<double> distances;
};

Naive naiveGraph(const vecspace::RowMatrix& m, std::size_t k, vecspace::DistanceMetric metric);

vecspace::KnnGraph graphOf(vecspace::MatrixView m, std::size_t k, vecspace::DistanceMetric metric,
                           vecspace::KnnMethod method, std::uint64_t seed = 0,
                           unsigned threads = 0);

// Every graph: k entries per row, never the row itself, no repeats, nearest first with equal
// distances by row, and each distance what the metric gives for the pair.
void checkShape(const vecspace::KnnGraph& g, vecspace::MatrixView m,
                vecspace::DistanceMetric metric);

} // namespace knntest
