#!/usr/bin/env python3
"""Exact k nearest neighbours of every row: Vecspace against scikit-learn, in the same run.

Usage: /usr/bin/python3 bench/knn_bench.py [--limit N] [--k 90] [--runs 1] [--hnsw]
           [--skip-sklearn]

Needs bench/.cache/glove.6B.100d.bin (bench/load_bench.py makes it) and a Release build.
Vecspace: build/bench/knn_bench --method exact (the symmetric tiled kernel t-SNE and UMAP use),
euclidean, every core, timed inside the driver (the load excluded). --hnsw also times the HNSW
graph with its recall measured on 1,000 sampled rows. Peer: scikit-learn's
NearestNeighbors(algorithm="brute", n_jobs=2).kneighbors() on the same rows (float32, OpenBLAS),
its fit and query timed in-process. Both graphs' first 2,000 rows are compared: the share of
neighbours they agree on (1.0 up to ties). Writes bench/results/knn.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SKLEARN = r'''
import json, sys, time
import numpy as np
from gensim.models import KeyedVectors
from sklearn.neighbors import NearestNeighbors
path, limit, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kv = KeyedVectors.load_word2vec_format(path, binary=True, limit=limit or None)
x = np.ascontiguousarray(kv.vectors, dtype=np.float32)
t = time.perf_counter()
nn = NearestNeighbors(n_neighbors=k, algorithm="brute", n_jobs=2).fit(x)
_, ids = nn.kneighbors(x[:2000], n_neighbors=k + 1)
partial = time.perf_counter() - t
t = time.perf_counter()
_, all_ids = nn.kneighbors(None, n_neighbors=k)  # every row, itself excluded
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "rows": int(x.shape[0]), "first": all_ids[:2000].tolist()}))
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--k", type=int, default=90)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--hnsw", action="store_true")
    ap.add_argument("--skip-sklearn", action="store_true")
    args = ap.parse_args()
    binary = os.path.join(HERE, ".cache", "glove.6B.100d.bin")
    driver = os.path.join(ROOT, "build", "bench", "knn_bench")
    if not os.path.exists(binary):
        sys.exit("missing %s: run bench/fetch_glove.sh and bench/load_bench.py first" % binary)
    common = [driver, binary, "--k", str(args.k)] + (["--limit", str(args.limit)] if args.limit else [])
    ours = []
    for _ in range(args.runs):
        out = subprocess.run(common + ["--method", "exact", "--dump-first", "2000"], capture_output=True,
                             text=True, check=True).stdout
        ours.append(json.loads(out.splitlines()[0]))
    hnsw = None
    if args.hnsw:
        out = subprocess.run(common + ["--method", "hnsw", "--sample", "1000"], capture_output=True,
                             text=True, check=True).stdout
        hnsw = json.loads(out.splitlines()[-1])
    peer = None
    if not args.skip_sklearn:
        peer = json.loads(subprocess.run([sys.executable, "-c", SKLEARN, binary, str(args.limit), str(args.k)],
                                         capture_output=True, text=True, check=True).stdout)
    result = {"vecspace_exact": ours, "vecspace_hnsw": hnsw,
              "sklearn": {k: v for k, v in (peer or {}).items() if k != "first"}}
    if peer:
        mine = ours[0]["first"]
        agree = sum(len(set(a) & set(b)) for a, b in zip(mine, peer["first"]))
        result["agreement_first_2000"] = agree / (len(mine) * args.k)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "knn.json"), "w") as f:
        json.dump({k: v for k, v in result.items()}, f, indent=2, default=lambda o: None)
    times = [r["seconds"] for r in ours]
    rows = ours[0]["rows"]
    print("| %d x 100, k %d, euclidean | time | recall |" % (rows, args.k))
    print("|---|---|---|")
    print("| Vecspace exact (median of %d; runs %s) | %.1f s | 1.0 |" % (
        len(times), ", ".join("%.1f" % t for t in times), statistics.median(times)))
    if hnsw:
        print("| Vecspace HNSW (M 16, efC 100, with the neighbour pass) | %.1f s | %.3f (1,000 sampled rows) |" % (
            hnsw["seconds"], hnsw["recall"]))
    if peer:
        print("| scikit-learn 1.2 NearestNeighbors(brute, n_jobs=2) | %.1f s | 1.0 (agreement with Vecspace on the first 2,000 rows: %.4f) |" % (
            peer["seconds"], result["agreement_first_2000"]))


if __name__ == "__main__":
    main()
