#pragma once

#include "vecspace/layout/tsne.h"

#include <vector>

namespace vecspace {

class ThreadPool;

// p_{j|i} for every row i and each of its graph neighbours j (rows x k, the graph's layout):
// exp(-beta_i d_ij^2) normalised over the row, beta_i found by bisection so that the row's
// entropy is log(perplexity) within 1e-5 nats (sklearn's tolerance). When the perplexity cannot
// be reached (it exceeds k), the row ends up nearly uniform.
std::vector<float> conditionalAffinities(const KnnGraph& graph, double perplexity,
                                         ThreadPool& pool);

// (P_cond + P_cond^T) / (2N) in CSR form.
TsneAffinities symmetrizeAffinities(const KnnGraph& graph, const std::vector<float>& conditional,
                                    ThreadPool& pool);

} // namespace vecspace
