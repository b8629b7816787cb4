#!/usr/bin/python3
"""Generate tests/data/reference/numpy_pca.json: expected PCA results for Vecspace's C++ tests,
computed by numpy's SVD (no Vecspace code involved).

Rerun from the repository root with Debian's Python (numpy 1.24):

    /usr/bin/python3 tests/reference/make_pca_reference.py

It reads only tests/data/glove.6B.100d.top2717.txt and rewrites
tests/data/reference/numpy_pca.json.  The output is deterministic (no randomness), but values
are only reproducible to the last bit with the same numpy/LAPACK build.

Input: GloVe text (`word v1 ... v100` per line, no header, 2,717 x 100).  Each value is parsed
with numpy.float32(token), as gensim does; the float32 matrix X is then converted to float64
and everything below is computed in float64.

PCA of a matrix X (n rows), via numpy.linalg.svd(X - mean, full_matrices=False):
  mean                      column mean of X;  Xc = X - mean
  U, s, Vt                  = numpy.linalg.svd(Xc, full_matrices=False)  (s decreasing)
  components V              rows of Vt, in order of decreasing singular value; each one is
                            flipped so that its entry with the largest absolute value is
                            positive (on ties the first such entry, i.e. numpy.argmax(|v|))
  explained_variance        s**2 / (n - 1)
  total_variance            sum over columns of Xc.var(ddof=1)
  explained_variance_ratio  explained_variance / total_variance
  coordinates               Xc @ V[:k].T   (checked against U[:, :k] * s[:k] with the same
                            sign flips)

Cases (k = 5):
  "plain"     the PCA above on X.
  "spherize"  X is centred by its column mean, each row is scaled to unit L2 norm, and the
              PCA above is done on that matrix (so a new column mean of the spherized rows
              is computed and subtracted again).

JSON layout:
  {"file": ..., "numpy": version, "k": 5, "rows": n, "dims": d,
   "cases": {"plain" | "spherize": {
       "explained_variance": [k], "explained_variance_ratio": [k], "total_variance": x,
       "singular_values": [k + 1]   (s[0..k], so s[k-1] vs s[k] shows whether the k-th
                                     component is well determined),
       "mean_first5": [first 5 entries of the mean],
       "components": [[first 10 entries of component j] for j in 0..k-1],
       "coordinates": {"0": [k], "1": [k], "100": [k], "2716": [k]}}}}
"""

import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INPUT = "tests/data/glove.6B.100d.top2717.txt"
OUTPUT = "tests/data/reference/numpy_pca.json"
K = 5
ROWS = [0, 1, 100, 2716]


def load_glove(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            rows.append([np.float32(x) for x in parts[1:]])
    return np.array(rows, dtype=np.float32)


def pca(X, k):
    n = X.shape[0]
    mean = X.mean(axis=0)
    Xc = X - mean
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    V = Vt.copy()
    for j in range(V.shape[0]):
        i = int(np.argmax(np.abs(V[j])))
        if V[j, i] < 0:
            V[j] = -V[j]
            U[:, j] = -U[:, j]
    explained_variance = s ** 2 / (n - 1)
    total_variance = float(Xc.var(axis=0, ddof=1).sum())
    coords = Xc @ V[:k].T
    check = U[:, :k] * s[:k]
    err = np.max(np.abs(coords - check))
    assert err < 1e-9, err
    return {
        "explained_variance": explained_variance[:k].tolist(),
        "explained_variance_ratio": (explained_variance[:k] / total_variance).tolist(),
        "total_variance": total_variance,
        "singular_values": s[:k + 1].tolist(),
        "mean_first5": mean[:5].tolist(),
        "components": [V[j, :10].tolist() for j in range(k)],
        "coordinates": {str(r): coords[r].tolist() for r in ROWS},
    }, s, err


def main():
    os.chdir(ROOT)
    X = load_glove(INPUT).astype(np.float64)
    n, d = X.shape
    assert (n, d) == (2717, 100), (n, d)

    Xs = X - X.mean(axis=0)
    Xs = Xs / np.linalg.norm(Xs, axis=1, keepdims=True)

    cases = {}
    for name, M in (("plain", X), ("spherize", Xs)):
        case, s, err = pca(M, K)
        cases[name] = case
        print(f"{name}: ratio top{K} = {[round(r, 6) for r in case['explained_variance_ratio']]}"
              f"  s[{K-1}] = {s[K-1]:.6f}  s[{K}] = {s[K]:.6f}"
              f"  gap = {s[K-1] - s[K]:.6f} ({(s[K-1] - s[K]) / s[K-1]:.2%})"
              f"  |Xc V - U s| max = {err:.2e}")

    out = {"file": INPUT, "numpy": np.__version__, "k": K, "rows": n, "dims": d,
           "cases": cases}
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
