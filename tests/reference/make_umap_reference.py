#!/usr/bin/python3
"""Generate tests/data/reference/umap_reference.json: values computed by umap-learn 0.5.3,
scipy and numpy (no Vecspace code involved) for tests/test_umap.cpp and
tests/test_umap_layouts.cpp.

Rerun from the repository root with Debian's Python (numpy 1.24, scipy 1.10, sklearn 1.2.1,
umap-learn 0.5.3):

    /usr/bin/python3 tests/reference/make_umap_reference.py

It reads tests/data/glove.6B.100d.top2717.txt and tests/data/digits/digits.tsv and rewrites
tests/data/reference/umap_reference.json.  Everything but "digits_umap_learn" is deterministic.

Sections:

"curve": umap.umap_.find_ab_params(spread, min_dist) (scipy's curve_fit of
    1 / (1 + a x^(2b)) to the offset exponential) for several (min_dist, spread).

"fuzzy_glove": the fuzzy simplicial set of the first 2,717 GloVe 100d rows (each value parsed
    with numpy.float32, as gensim does), n_neighbors = 15.  The k-NN table is exact euclidean in
    float64 (numpy, every pair), nearest first with the row itself in column 0 (distance 0), as
    umap-learn's own tables are; it is passed to umap.umap_.fuzzy_simplicial_set(X, 15,
    random_state=None, metric="euclidean", knn_indices=..., knn_dists=...), which casts the
    distances to float32 and runs smooth_knn_dist (local_connectivity 1) and the fuzzy union
    (set_op_mix_ratio 1).  Stored: rho and sigma of the rows in ROWS, every row's sigma summary
    (min, max, mean), the graph's number of stored entries and weight sum, and for the rows in
    ROWS the (column, weight) entries of the symmetric graph.

"spectral": a weighted graph built by a formula the C++ test repeats: the 20 x 30 grid, vertex
    a = 30 r + c joined to its right and lower neighbours b with weight
    1 / (1 + 0.1 ((7 a + 3 b) mod 5)); its small Laplacian eigenvalues are well apart (a grid
    that is not square has no repeated ones at the bottom of the spectrum).  numpy.linalg.eigh of
    the dense normalised Laplacian I - D^-1/2 W D^-1/2 gives the 4 smallest eigenvalues and the
    eigenvectors 1..3 (the trivial one dropped), each signed so that its largest-magnitude entry
    is positive.  scipy.sparse.linalg.eigsh (as umap-learn calls it: which="SM", tol=1e-4,
    v0=ones) is run too, to check that it agrees.

"digits_umap_learn": umap.UMAP(random_state=42) in 2 and 3 components on the digits table:
    the share of each point's 10 nearest layout neighbours (euclidean, the point itself
    excluded) with its digit class.  For comparison only: the C++ test's bound is 0.9.
"""

import json
import os

import numpy as np
import scipy
import scipy.sparse
import scipy.sparse.linalg
import umap
import umap.umap_

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GLOVE = "tests/data/glove.6B.100d.top2717.txt"
DIGITS = "tests/data/digits/digits.tsv"
DIGITS_META = "tests/data/digits/digits.metadata.tsv"
OUTPUT = "tests/data/reference/umap_reference.json"
CURVES = [(0.0, 1.0), (0.001, 1.0), (0.05, 1.0), (0.1, 1.0), (0.25, 1.0), (0.5, 1.0),
          (0.8, 1.0), (0.99, 1.0), (0.1, 0.5), (0.5, 2.0), (1.0, 2.0)]
ROWS = [0, 1, 2, 100, 1000, 2716]
N_NEIGHBORS = 15


def load_glove(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            rows.append([np.float32(x) for x in parts[1:]])
    return np.array(rows, dtype=np.float32)


def exact_knn(X, k):
    X = X.astype(np.float64)
    sq = (X * X).sum(axis=1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * X @ X.T, 0)
    order = np.argsort(d2, axis=1, kind="stable")[:, :k]
    # Recompute the kept distances directly (no cancellation error), self first.
    dists = np.sqrt(((X[:, None, :] - X[order]) ** 2).sum(axis=2))
    assert (order[:, 0] == np.arange(X.shape[0])).all()
    return order.astype(np.int64), dists


def curves():
    out = []
    for min_dist, spread in CURVES:
        a, b = umap.umap_.find_ab_params(spread, min_dist)
        out.append({"min_dist": min_dist, "spread": spread, "a": float(a), "b": float(b)})
    return out


def fuzzy_glove():
    X = load_glove(GLOVE)
    indices, dists = exact_knn(X, N_NEIGHBORS)
    graph, sigmas, rhos = umap.umap_.fuzzy_simplicial_set(
        X, N_NEIGHBORS, None, "euclidean", knn_indices=indices, knn_dists=dists)
    graph = graph.tocsr()
    graph.sort_indices()
    rows = {}
    for r in ROWS:
        start, end = graph.indptr[r], graph.indptr[r + 1]
        rows[str(r)] = {"rho": float(rhos[r]), "sigma": float(sigmas[r]),
                        "cols": graph.indices[start:end].tolist(),
                        "weights": graph.data[start:end].astype(float).tolist()}
    return {"file": GLOVE, "n_neighbors": N_NEIGHBORS, "rows": rows,
            "sigma_min": float(sigmas.min()), "sigma_max": float(sigmas.max()),
            "sigma_mean": float(sigmas.astype(np.float64).mean()),
            "rho_mean": float(rhos.astype(np.float64).mean()),
            "nnz": int(graph.nnz), "weight_sum": float(graph.data.astype(np.float64).sum())}


def grid():
    rows, cols = 20, 30
    n = rows * cols
    W = np.zeros((n, n))
    for r in range(rows):
        for c in range(cols):
            a = r * cols + c
            for b in ([a + 1] if c + 1 < cols else []) + ([a + cols] if r + 1 < rows else []):
                W[a, b] = W[b, a] = 1.0 / (1 + 0.1 * ((7 * a + 3 * b) % 5))
    return W


def spectral():
    W = grid()
    d = W.sum(axis=1)
    s = 1 / np.sqrt(d)
    L = np.eye(W.shape[0]) - s[:, None] * W * s[None, :]
    values, vectors = np.linalg.eigh(L)
    out_vectors = []
    for j in (1, 2, 3):
        v = vectors[:, j]
        if v[np.argmax(np.abs(v))] < 0:
            v = -v
        out_vectors.append(v.tolist())
    ev, evec = scipy.sparse.linalg.eigsh(scipy.sparse.csr_matrix(L), 4, which="SM", tol=1e-4,
                                         v0=np.ones(L.shape[0]), ncv=max(9, int(np.sqrt(W.shape[0]))),
                                         maxiter=600 * 5)
    order = np.argsort(ev)
    agree = [float(abs(np.dot(evec[:, order[j]], vectors[:, j]))) for j in (1, 2, 3)]
    print("spectral: eigenvalues", values[:6], "|<eigsh, eigh>|", agree)
    return {"eigenvalues": values[:4].tolist(), "vectors": out_vectors,
            "eigsh_eigenvalues": np.sort(ev).tolist(), "eigsh_abs_dot_eigh": agree}


def digits_umap_learn():
    X = np.loadtxt(DIGITS, delimiter="\t", dtype=np.float32)
    labels = np.loadtxt(DIGITS_META, delimiter="\t", skiprows=1, usecols=1, dtype=int)
    out = {}
    for dim in (2, 3):
        Y = umap.UMAP(n_components=dim, random_state=42).fit_transform(X)
        d2 = ((Y[:, None, :] - Y[None, :, :]) ** 2).sum(axis=2)
        np.fill_diagonal(d2, np.inf)
        nearest = np.argsort(d2, axis=1)[:, :10]
        out[str(dim)] = float((labels[nearest] == labels[:, None]).mean())
    print("digits label agreement", out)
    return out


def main():
    os.chdir(ROOT)
    out = {"umap_learn": umap.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
           "curve": curves(), "fuzzy_glove": fuzzy_glove(), "spectral": spectral(),
           "digits_umap_learn": digits_umap_learn()}
    with open(OUTPUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
