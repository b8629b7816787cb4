#!/usr/bin/env python3
"""Compare benchmark: vecspace-cli compare against the same neighbour search in numpy, same run.

Usage: /usr/bin/python3 bench/compare_bench.py [--rows 100000] [--dims 300] [--k 10] [--runs 3]
                                                [--cli PATH] [--keep] [--out FILE.json]

Needs bench/.cache/glove.6B.100d.txt (bash bench/fetch_glove.sh) and a Release build. Makes two
files over the first ROWS GloVe words, as .npy (float32, ROWS x DIMS) with a .labels.txt beside
each (the name Vecspace's npy reader looks for):
  - A: the GloVe vectors times a fixed Gaussian matrix (100 x DIMS, default_rng(1), scaled
    1/sqrt(DIMS)), i.e. GloVe's neighbourhoods in DIMS dimensions (the vectors as they are when
    DIMS is 100);
  - B: A plus Gaussian noise (default_rng(2), standard deviation 0.3 x the mean |entry| of A),
    times a random orthogonal matrix (QR of a Gaussian DIMS x DIMS, default_rng(3)).
They are kept in bench/.cache/ only with --keep (and reused when present). Then:
  - Vecspace: `vecspace-cli compare A.npy B.npy -k K --json --quiet`, RUNS times; wall seconds of
    the whole process (median), and the JSON's own "seconds" (the comparison without loading);
  - numpy: load both files (labels too, paired like Vecspace), unit-normalise the rows, exact
    top-K cosine neighbours of every row but itself, by tiles of 1024 query rows
    (S = U[q0:q1] @ U.T, a float32 sgemm in numpy's BLAS, then argpartition), and the mean
    Jaccard |NA & NB| / (2K - |NA & NB|) of the two lists of every row. Median of RUNS runs, or
    1 run when RUNS would take over ~10 minutes (the output says which).
numpy's BLAS is named as found (threadpoolctl when importable, else the libraries mapped into
this process). Prints a Markdown table and writes bench/results/compare.json (--out).
Python start-up is not in numpy's times; process start-up is in Vecspace's wall time.
Standard library and numpy only.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")
GLOVE_DIMS = 100
TILE = 1024
PEER_BUDGET_S = 600.0


def labels_path(npy):
    # core/src/io/sidecar_files.cpp npyLabelsPath: "X.npy" -> "X.labels.txt"
    return os.path.splitext(npy)[0] + ".labels.txt"


def read_glove(path, rows):
    words, numbers = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if len(words) == rows:
                break
            word, rest = line.rstrip("\n").split(" ", 1)
            words.append(word)
            numbers.append(rest)
    if len(words) < rows:
        sys.exit("%s has only %d rows, %d asked for" % (path, len(words), rows))
    G = np.fromstring("\n".join(numbers), dtype=np.float64, sep=" ")
    if G.size != rows * GLOVE_DIMS:
        sys.exit("%s: expected %d numbers per line" % (path, GLOVE_DIMS))
    return words, G.reshape(rows, GLOVE_DIMS)


def save_npy(path, X, words):
    for p, write in ((labels_path(path), lambda f: f.write("".join(w + "\n" for w in words).encode("utf-8"))),
                     (path, lambda f: np.save(f, np.ascontiguousarray(X, dtype=np.float32)))):
        with open(p + ".tmp", "wb") as f:
            write(f)
        os.replace(p + ".tmp", p)


def make_files(rows, dims):
    """Returns the paths of A and B and the paths this call wrote (empty when all were cached)."""
    a = os.path.join(CACHE, "compare_a_%dx%d.npy" % (rows, dims))
    b = os.path.join(CACHE, "compare_b_%dx%d.npy" % (rows, dims))
    paths = [a, labels_path(a), b, labels_path(b)]
    if all(os.path.exists(p) for p in paths):
        return a, b, []
    text = os.path.join(CACHE, "glove.6B.100d.txt")
    if not os.path.exists(text):
        sys.exit("missing %s: run bash bench/fetch_glove.sh first" % text)
    t = time.perf_counter()
    words, G = read_glove(text, rows)
    if dims == GLOVE_DIMS:
        A = G
    else:
        A = G @ (np.random.default_rng(1).standard_normal((GLOVE_DIMS, dims)) / math.sqrt(dims))
    A = A.astype(np.float32)
    Af = A.astype(np.float64)
    sigma = 0.3 * float(np.abs(Af).mean())
    noisy = Af + np.random.default_rng(2).standard_normal((rows, dims)) * sigma
    Q, R = np.linalg.qr(np.random.default_rng(3).standard_normal((dims, dims)))
    Q *= np.where(np.diag(R) < 0, -1.0, 1.0)  # Haar-distributed; still orthogonal either way
    B = (noisy @ Q).astype(np.float32)
    os.makedirs(CACHE, exist_ok=True)
    save_npy(a, A, words)
    save_npy(b, B, words)
    print("made %s and %s (%d x %d) in %.1f s" % (os.path.basename(a), os.path.basename(b), rows, dims,
                                                  time.perf_counter() - t), file=sys.stderr)
    return a, b, paths


def blas_info():
    """numpy's BLAS: (short name, details) or (None, None) when it cannot be told."""
    try:
        from threadpoolctl import threadpool_info
        for lib in threadpool_info():
            if lib.get("user_api") == "blas":
                name = {"openblas": "OpenBLAS", "mkl": "MKL", "blis": "BLIS"}.get(lib.get("internal_api"),
                                                                                  lib.get("internal_api"))
                return name, "%s %s, %s threads, %s" % (name, lib.get("version"), lib.get("num_threads"),
                                                        lib.get("filepath"))
    except ImportError:
        pass
    try:  # Linux: the BLAS libraries numpy has mapped into this process
        with open("/proc/self/maps") as f:
            libs = sorted({os.path.realpath(line.split()[-1]) for line in f
                           if "/" in line and "blas" in os.path.basename(line.split()[-1]).lower()})
    except OSError:
        return None, None
    if not libs:
        return None, None
    joined = " ".join(libs).lower()
    for key, name in (("openblas", "OpenBLAS"), ("mkl", "MKL"), ("blis", "BLIS"), ("atlas", "ATLAS")):
        if key in joined:
            return name, ", ".join(libs)
    if any("/blas/libblas.so" in lib for lib in libs):  # Debian's libblas3: the netlib reference BLAS
        return "reference BLAS", ", ".join(libs) + " (netlib reference BLAS, single-threaded)"
    return os.path.basename(libs[0]), ", ".join(libs)


def run_vecspace(cli, a, b, k):
    cmd = [cli, "compare", a, b, "-k", str(k), "--json", "--quiet"]
    t = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if result.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), result.stderr))
    report = json.loads(result.stdout)
    return {"wall_s": wall, "seconds": report["seconds"], "mean_jaccard": report["mean_jaccard"],
            "compared": report["compared"], "histogram": [h["labels"] for h in report["histogram"]]}


def read_labels(npy):
    with open(labels_path(npy), encoding="utf-8") as f:
        return f.read().split("\n")[:-1]


def load_pair(a, b):
    """Both matrices and their shared rows, paired by label as Vecspace does (first occurrence)."""
    A, B = np.load(a), np.load(b)
    la, lb = read_labels(a), read_labels(b)
    row_of_b = {}
    for i, label in enumerate(lb):
        row_of_b.setdefault(label, i)
    seen, rows_a, rows_b = set(), [], []
    for i, label in enumerate(la):
        if label in seen:
            continue
        seen.add(label)
        j = row_of_b.get(label)
        if j is not None:
            rows_a.append(i)
            rows_b.append(j)
    same = lambda rows, n: len(rows) == n and rows[-1] == n - 1 and all(i == r for i, r in enumerate(rows))
    if not same(rows_a, len(A)):
        A = A[rows_a]
    if not same(rows_b, len(B)):
        B = B[rows_b]
    return A, B


def unit_rows(X):
    U = np.array(X, dtype=np.float32)
    norms = np.linalg.norm(U, axis=1, keepdims=True)
    U /= np.where(norms > 0, norms, np.float32(1))
    return U


def knn(U, k, progress=None):
    """Exact top-k cosine neighbours (unordered) of every row but itself: an n x k index array."""
    n = len(U)
    out = np.empty((n, k), dtype=np.int64)
    t = time.perf_counter()
    for q0 in range(0, n, TILE):
        q1 = min(n, q0 + TILE)
        S = U[q0:q1] @ U.T
        S[np.arange(q1 - q0), np.arange(q0, q1)] = -np.inf  # a row is not its own neighbour
        np.negative(S, out=S)  # argpartition(-S, k) without a copy
        out[q0:q1] = np.argpartition(S, k, axis=1)[:, :k]
        if progress and q0 == 0 and n > TILE:
            progress((time.perf_counter() - t) * n / (q1 - q0))
    return out


def shared_counts(NA, NB, k):
    """|NA[i] & NB[i]| for every row, exactly (each list holds distinct rows)."""
    counts = np.empty(len(NA), dtype=np.int64)
    chunk = max(1, (1 << 24) // (k * k))
    for s in range(0, len(NA), chunk):
        counts[s:s + chunk] = (NA[s:s + chunk, :, None] == NB[s:s + chunk, None, :]).sum(axis=(1, 2))
    return counts


def run_numpy(a, b, k, announce):
    t = time.perf_counter()
    A, B = load_pair(a, b)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    NA = knn(unit_rows(A), k, announce)
    NB = knn(unit_rows(B), k)
    kept = shared_counts(NA, NB, k)
    mean_jaccard = float((kept / (2.0 * k - kept)).mean())
    search_s = time.perf_counter() - t
    return {"load_s": load_s, "search_s": search_s, "total_s": load_s + search_s, "mean_jaccard": mean_jaccard,
            "compared": len(A), "histogram": np.bincount(kept, minlength=k + 1).tolist()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "vecspace-cli"))
    ap.add_argument("--keep", action="store_true", help="keep the generated files in bench/.cache/")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "compare.json"))
    args = ap.parse_args()
    if not 1 <= args.k < args.rows or args.dims < 1 or args.runs < 1:
        sys.exit("need 1 <= k < rows, dims >= 1 and runs >= 1")
    if not os.path.exists(args.cli):
        sys.exit("missing %s: build the Release tree first (or pass --cli)" % args.cli)

    blas, blas_details = blas_info()
    a, b, made = make_files(args.rows, args.dims)
    try:
        ours = [run_vecspace(args.cli, a, b, args.k) for _ in range(args.runs)]
        announce = lambda s: print("numpy: about %.1f s per side per run (from the first tile)" % s, file=sys.stderr)
        peer = [run_numpy(a, b, args.k, announce)]
        peer_runs = 1
        if args.runs > 1 and peer[0]["total_s"] * args.runs <= PEER_BUDGET_S:
            peer += [run_numpy(a, b, args.k, None) for _ in range(args.runs - 1)]
            peer_runs = args.runs
    finally:
        if not args.keep:
            for p in made:
                if os.path.exists(p):
                    os.remove(p)

    med = lambda runs, key: statistics.median(r[key] for r in runs)
    v_wall, v_sec, v_jac = med(ours, "wall_s"), med(ours, "seconds"), ours[0]["mean_jaccard"]
    p_total, p_search, p_load, p_jac = med(peer, "total_s"), med(peer, "search_s"), med(peer, "load_s"), peer[0]["mean_jaccard"]
    histogram_moved = sum(abs(x - y) for x, y in zip(ours[0]["histogram"], peer[0]["histogram"])) // 2
    peer_name = "numpy + %s" % (blas or "its BLAS")
    peer_how = "median of %d runs" % peer_runs if peer_runs > 1 else (
        "1 run" + (" (%d would take over ~%d min)" % (args.runs, PEER_BUDGET_S // 60) if args.runs > 1 else ""))
    summary = {"rows": args.rows, "dims": args.dims, "k": args.k, "cpus": os.cpu_count(),
               "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
               "numpy": np.__version__, "blas": blas_details, "vecspace_runs": ours, "numpy_runs": peer,
               "numpy_runs_note": peer_how,
               "vecspace": {"wall_s": v_wall, "seconds": v_sec, "mean_jaccard": v_jac},
               "peer": {"total_s": p_total, "load_s": p_load, "search_s": p_search, "mean_jaccard": p_jac},
               "jaccard_abs_diff": abs(v_jac - p_jac), "histogram_rows_moved_at_least": histogram_moved,
               "speedup_end_to_end": p_total / v_wall, "speedup_search": p_search / v_sec if v_sec > 0 else None}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps({k: summary[k] for k in ("vecspace", "peer", "jaccard_abs_diff", "speedup_end_to_end",
                                             "speedup_search")}), file=sys.stderr)

    print("numpy %s; BLAS: %s; CPUs: %s" % (np.__version__, blas_details or "not determined", os.cpu_count()))
    print("%d rows x %d dims, k = %d; Vecspace: %s; numpy: %s" % (
        args.rows, args.dims, args.k, "median of %d runs" % args.runs if args.runs > 1 else "1 run", peer_how))
    print()
    print("| work | Vecspace (median of %d) | %s (%s) | numpy / Vecspace |" % (args.runs, peer_name, peer_how))
    print("|---|---|---|---|")
    print("| compare, end to end (load both, k-NN both sides, Jaccard) | %.3f s | %.3f s (%.3f s loading) | %.1fx |" % (
        v_wall, p_total, p_load, p_total / v_wall))
    print("| k-NN of both sides + Jaccard (no loading) | %.3f s | %.3f s | %s |" % (
        v_sec, p_search, "%.1fx" % (p_search / v_sec) if v_sec > 0 else "-"))
    print()
    print("mean Jaccard (k = %d): Vecspace %.6f, numpy %.6f, absolute difference %.2g "
          "(histograms differ by at least %d of %d rows)" % (args.k, v_jac, p_jac, abs(v_jac - p_jac),
                                                              histogram_moved, peer[0]["compared"]))


if __name__ == "__main__":
    main()
