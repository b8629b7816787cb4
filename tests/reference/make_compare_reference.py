#!/usr/bin/python3
"""Generate tests/data/reference/numpy_compare.json: what `compareSets` and `vecspace-cli compare`
must find, computed with numpy and scipy from the definitions (not from Vecspace's code).

Rerun from the repository root with Debian's Python (numpy 1.24, scipy 1.10):

    /usr/bin/python3 tests/reference/make_compare_reference.py

Definitions:
  pairing      labels of A in file order that B also has (exact match); pair i = (A row, B row)
  unit rows    u = v / |v| in float64
  neighbours   the k rows of highest cosine among the pairs, the row itself excluded, ties by
               lower pair index (a stable sort on -cosine)
  jaccard      |N_A ∩ N_B| / |N_A ∪ N_B| per pair; mean; median (numpy.median)
  procrustes   R = scipy.linalg.orthogonal_procrustes(U_B, U_A)[0], so that U_B R ≈ U_A;
               residual = sqrt(mean_i |u_B,i R - u_A,i|^2); displacement_i = |u_B,i R - u_A,i|
  linear       W = (U_BᵀU_B + ridge * n * I)⁻¹ U_BᵀU_A, ridge 1e-3, n = the pairs; residual
               and displacement as above with W

Cases:
  "dims"        A = glove.6B.50d.top9163.txt, B = glove.6B.100d.top2717.txt, k = 10: the
                shared counts, every pair's jaccard, the linear map's residual and the first 50
                displacements
  "procrustes"  A = glove.6B.50d.top9163.txt rows 0..2716, B = glove.6B.100d.top2717.txt's first
                50 columns (same words, equal dimensions, a different model), k = 10
"""
import json
import os

import numpy as np

from glove_text import load
import scipy.linalg

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")
K = 10
RIDGE = 1e-3


def unit(m):
    m = m.astype(np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def neighbours(u, k):
    s = u @ u.T
    np.fill_diagonal(s, -np.inf)
    return np.argsort(-s, axis=1, kind="stable")[:, :k]


def jaccard(ua, ub, k):
    na, nb = neighbours(ua, k), neighbours(ub, k)
    out = []
    for a, b in zip(na, nb):
        kept = len(set(a.tolist()) & set(b.tolist()))
        out.append(kept / (2 * k - kept))
    return np.array(out)


def summary(j):
    return {"mean_jaccard": float(j.mean()), "median_jaccard": float(np.median(j))}


def main():
    la, a = load(os.path.join(DATA, "glove.6B.50d.top9163.txt"))
    lb, b = load(os.path.join(DATA, "glove.6B.100d.top2717.txt"))
    rows_b = {w: i for i, w in reversed(list(enumerate(lb)))}
    pairs = [(i, rows_b[w]) for i, w in enumerate(la) if w in rows_b]
    ia = [p[0] for p in pairs]
    ib = [p[1] for p in pairs]
    ua, ub = unit(a[ia]), unit(b[ib])
    n = len(pairs)

    j = jaccard(ua, ub, K)
    w = np.linalg.solve(ub.T @ ub + RIDGE * n * np.eye(ub.shape[1]), ub.T @ ua)
    d = np.linalg.norm(ub @ w - ua, axis=1)
    dims = {"shared": n, "only_a": len(set(la)) - n, "only_b": len(set(lb)) - n, "k": K,
            "first_labels": [la[i] for i in ia[:5]], "jaccard": [float(x) for x in j],
            "linear_residual": float(np.sqrt(np.mean(d * d))),
            "displacement_first50": [float(x) for x in d[:50]]}
    dims.update(summary(j))

    ub50 = unit(b[ib][:, :50])
    ua50 = unit(a[ia])
    j50 = jaccard(ua50, ub50, K)
    r, _ = scipy.linalg.orthogonal_procrustes(ub50, ua50)
    d50 = np.linalg.norm(ub50 @ r - ua50, axis=1)
    procrustes = {"k": K, "jaccard_first50": [float(x) for x in j50[:50]],
                  "procrustes_residual": float(np.sqrt(np.mean(d50 * d50))),
                  "displacement_first50": [float(x) for x in d50[:50]],
                  "rotation_row0": [float(x) for x in r[0]]}
    procrustes.update(summary(j50))

    out = {"generator": "tests/reference/make_compare_reference.py",
           "numpy": np.__version__, "scipy": scipy.__version__,
           "dims": dims, "procrustes": procrustes}
    path = os.path.join(DATA, "reference", "numpy_compare.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
