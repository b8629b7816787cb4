#!/usr/bin/python3
"""Generate tests/data/reference/tsne_sklearn.json: t-SNE values for Vecspace's C++ tests,
computed by scikit-learn's own t-SNE code (no Vecspace code involved).

Rerun from the repository root with Debian's Python (numpy 1.24, scikit-learn 1.2.1):

    /usr/bin/python3 tests/reference/make_tsne_reference.py

The output is deterministic (fixed seeds, exact neighbours).

"affinities": the joint probabilities P of the first 300 rows of
  tests/data/glove.6B.100d.top2717.txt (each value parsed with numpy.float32, as gensim does),
  perplexity 30, from the 90 nearest neighbours (euclidean, exact; sklearn's NearestNeighbors):
  squared distances -> sklearn.manifold._t_sne._joint_probabilities_nn, which finds each row's
  Gaussian bandwidth by binary search (entropy within 1e-5 of log(30)), then symmetrises and
  normalises: P = (P_cond + P_cond^T) / sum.  Stored: the number of non-zeros, the sum, and
  rows 0, 1, 2, 150 and 299 as [column, value] pairs, columns ascending.

"divergence": a layout Y (40 x 2, numpy.random.default_rng(7).normal(size=(40, 2)) * 3) and a
  dense P from sklearn.manifold._t_sne._joint_probabilities (squared distances of
  X = default_rng(11).normal(size=(40, 5)), perplexity 10), stored in full (40 x 40, zero
  diagonal, summing to 1).  sklearn.manifold._t_sne._kl_divergence(Y, P, 1, 40, 2) gives:
    "kl":   sum over i != j of p_ij log(p_ij / q_ij), q_ij = (1 + |y_i - y_j|^2)^-1 / Z,
    "grad": dKL/dY = 4 sum_j (p_ij - q_ij)(1 + |y_i - y_j|^2)^-1 (y_i - y_j)   (40 x 2).
"""

import json
import os

import numpy as np
import sklearn
from scipy.spatial.distance import pdist, squareform
from sklearn.manifold import _t_sne
from sklearn.neighbors import NearestNeighbors

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INPUT = "tests/data/glove.6B.100d.top2717.txt"
OUTPUT = "tests/data/reference/tsne_sklearn.json"
ROWS = 300
K = 90
PERPLEXITY = 30.0
SHOWN_ROWS = [0, 1, 2, 150, 299]


def load_glove(path, rows):
    vectors = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if len(vectors) == rows:
                break
            vectors.append([np.float32(t) for t in line.rstrip("\n").split(" ")[1:]])
    return np.array(vectors, dtype=np.float32)


def affinities():
    X = load_glove(os.path.join(ROOT, INPUT), ROWS)
    nn = NearestNeighbors(n_neighbors=K, algorithm="brute", metric="euclidean").fit(X)
    D = nn.kneighbors_graph(mode="distance")
    D.data **= 2
    P = _t_sne._joint_probabilities_nn(D, PERPLEXITY, 0).tocsr()
    P.sort_indices()
    rows = {}
    for r in SHOWN_ROWS:
        start, end = P.indptr[r], P.indptr[r + 1]
        rows[str(r)] = [[int(c), float(v)] for c, v in zip(P.indices[start:end], P.data[start:end])]
    return {"file": INPUT, "rows": ROWS, "k": K, "perplexity": PERPLEXITY, "nnz": int(P.nnz),
            "sum": float(P.sum()), "shown": rows}


def divergence():
    n = 40
    X = np.random.default_rng(11).normal(size=(n, 5))
    Y = np.random.default_rng(7).normal(size=(n, 2)) * 3
    P = _t_sne._joint_probabilities(squareform(pdist(X, "sqeuclidean")), 10.0, 0)
    kl, grad = _t_sne._kl_divergence(Y.ravel(), P, 1, n, 2)
    return {"n": n, "perplexity": 10.0, "Y": Y.tolist(), "P": squareform(P).tolist(),
            "kl": float(kl), "grad": grad.reshape(n, 2).tolist()}


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__,
           "affinities": affinities(), "divergence": divergence()}
    with open(os.path.join(ROOT, OUTPUT), "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
