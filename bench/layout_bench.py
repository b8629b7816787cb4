#!/usr/bin/env python3
"""Layout benchmark: vecspace-cli project against sklearn's t-SNE and umap-learn, same run.

Usage: /usr/bin/python3 bench/layout_bench.py [--rows 20000] [--cases tsne2,tsne3,umap2]
                                               [--no-peers] [--cli PATH] [--seed 42]
                                               [--dof 0.5,1,1.5] [--variant LABEL:ARGS ...]

Needs bench/.cache/glove.6B.100d.txt (bash bench/fetch_glove.sh) and a Release build. Writes
the first ROWS rows as .npy once, then runs every tool as its own process under GNU time (wall
seconds and peak resident memory of the whole process, Python start-up included for peers;
the peers' own fit time is reported separately). Every layout is scored by the same functions
here, so the quality columns do not depend on any tool's own reporting:
  - 10-NN preservation: the share of each row's 10 nearest input neighbours (euclidean, exact)
    that are among its 10 nearest in the layout (exact), over all rows;
  - KL divergence (t-SNE only): KL(P || Q) with P built by sklearn's own code from the
    3 x perplexity nearest neighbours (perplexity 30) and Q exact over all pairs, with the
    standard Cauchy kernel whatever kernel the layout was optimised with.
--dof runs each t-SNE case of Vecspace once per value of its kernel's degrees of freedom
(vecspace-cli project --dof; the peers once, with their defaults); --variant "LABEL:ARGS" (repeatable)
runs each t-SNE case once more per variant with ARGS added to vecspace-cli project, e.g.
--variant "before:--force-law kl --exaggeration 12".
Prints a Markdown table and writes bench/results/layout.json.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")


def timed(cmd):
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), result.stderr))
    wall, rss_kb = result.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss_kb) / 1024.0, result.stdout


def knn_indices(Z, k):
    from sklearn.neighbors import NearestNeighbors
    nn = NearestNeighbors(n_neighbors=k + 1, algorithm="brute" if Z.shape[1] > 3 else "kd_tree").fit(Z)
    idx = nn.kneighbors(Z, return_distance=False)
    return idx[:, 1:]


def preservation(X, Y, k=10, input_knn=None):
    a = input_knn if input_knn is not None else knn_indices(X, k)
    b = knn_indices(Y, k)
    hits = sum(len(np.intersect1d(a[i], b[i], assume_unique=True)) for i in range(len(X)))
    return hits / (len(X) * k)


def tsne_p(X, perplexity=30.0):
    from sklearn.manifold._t_sne import _joint_probabilities_nn
    from sklearn.neighbors import NearestNeighbors
    k = min(len(X) - 1, int(3.0 * perplexity + 1))
    nn = NearestNeighbors(n_neighbors=k, metric="euclidean").fit(X)
    D = nn.kneighbors_graph(mode="distance")
    D.data **= 2
    return _joint_probabilities_nn(D, perplexity, 0).tocoo()


def kl_divergence(P, Y, block=2048):
    Y = Y.astype(np.float64)
    sq = (Y ** 2).sum(1)
    z = 0.0
    for s in range(0, len(Y), block):
        d = sq[s:s + block, None] + sq[None, :] - 2 * Y[s:s + block] @ Y.T
        w = 1.0 / (1.0 + np.maximum(d, 0))
        z += w.sum() - len(w)  # drop the diagonal (w = 1)
    d = ((Y[P.row] - Y[P.col]) ** 2).sum(1)
    q = (1.0 / (1.0 + d)) / z
    p = P.data
    return float((p * np.log(np.maximum(p, 1e-12) / np.maximum(q, 1e-12))).sum())


def read_coords(path, dims):
    return np.loadtxt(path, delimiter="\t", usecols=range(1, dims + 1), quotechar=None,
                      comments=None, dtype=np.float64, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--cases", default="tsne2,tsne3,umap2")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "vecspace-cli"))
    ap.add_argument("--dof", default="", help="comma-separated degrees of freedom for t-SNE")
    ap.add_argument("--variant", action="append", default=[],
                    help="LABEL:ARGS, a Vecspace t-SNE run with these extra project options "
                         "(repeatable; with --dof, every variant for every dof)")
    args = ap.parse_args()
    variants = [(v.split(":", 1)[0], shlex.split(v.split(":", 1)[1])) for v in args.variant] or [(None, [])]

    text = os.path.join(CACHE, "glove.6B.100d.txt")
    if not os.path.exists(text):
        sys.exit("missing %s: run bash bench/fetch_glove.sh first" % text)
    subset = os.path.join(CACHE, "glove.6B.100d.first%d.npy" % args.rows)
    if not os.path.exists(subset):
        subprocess.run([args.cli, "convert", text, subset, "--limit", str(args.rows), "--quiet"], check=True)
    X = np.load(subset).astype(np.float32)
    input_knn = knn_indices(X, 10)
    P = None
    results = []
    work = tempfile.mkdtemp(prefix="vecspace-layout-")
    runs = []
    for case in args.cases.split(","):
        dofs = args.dof.split(",") if args.dof and case.startswith("tsne") else [None]
        kinds = variants if case.startswith("tsne") else [(None, [])]
        runs += [(case, dof, kind, i == 0 and j == 0) for i, dof in enumerate(dofs)
                 for j, kind in enumerate(kinds)]
    for case, dof, (label, extra), with_peer in runs:
        method, dims = case[:-1], int(case[-1])
        row = {"case": "%s %dD" % ("t-SNE" if method == "tsne" else "UMAP", dims), "rows": len(X)}
        if dof is not None:
            row["case"] += " dof %s" % dof
        if label:
            row["case"] += " " + label
        out = os.path.join(work, "%s.tsv" % case)
        wall, rss, stdout = timed([args.cli, "project", subset, "--method", method, "--dims", str(dims),
                                   "--seed", str(args.seed), "--out", out, "--json", "--quiet"] +
                                  (["--dof", dof] if dof is not None else []) + extra)
        report = json.loads(stdout)
        Y = read_coords(out, dims)
        row["vecspace"] = {"wall_s": wall, "seconds": report["seconds"], "peak_mb": rss,
                           "reported": report, "knn_preservation": preservation(X, Y, input_knn=input_knn)}
        if method == "tsne":
            P = P if P is not None else tsne_p(X)
            row["vecspace"]["kl_divergence"] = kl_divergence(P, Y)
        if not args.no_peers and with_peer:
            peer_out = os.path.join(work, "%s.peer.npy" % case)
            wall, rss, stdout = timed([sys.executable, os.path.join(HERE, "peer_layout.py"), method,
                                       str(dims), subset, peer_out, "--seed", str(args.seed)])
            report = json.loads(stdout)
            Y = np.load(peer_out).astype(np.float64)
            row["peer"] = {"wall_s": wall, "seconds": report["seconds"], "peak_mb": rss, "reported": report,
                           "knn_preservation": preservation(X, Y, input_knn=input_knn)}
            if method == "tsne":
                row["peer"]["kl_divergence"] = kl_divergence(P, Y)
            row["speedup"] = row["peer"]["wall_s"] / row["vecspace"]["wall_s"]
        results.append(row)
        print(json.dumps(row), file=sys.stderr)

    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "layout.json"), "w") as f:
        json.dump({"cpus": os.cpu_count(), "rows": len(X), "results": results}, f, indent=2)

    print("| layout (%d rows) | Vecspace wall | peak RSS | 10-NN pres. | KL | peer wall (fit) | peer peak RSS | "
          "peer 10-NN pres. | peer KL | speed-up |" % len(X))
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        v, p = r["vecspace"], r.get("peer")
        kl = lambda d: "%.3f" % d["kl_divergence"] if "kl_divergence" in d else "-"
        peer = ("%.1f s (%.1f s) | %.0f MB | %.3f | %s | %.1fx" % (
            p["wall_s"], p["seconds"], p["peak_mb"], p["knn_preservation"], kl(p), r["speedup"])) if p else "- | - | - | - | -"
        print("| %s | %.2f s | %.0f MB | %.3f | %s | %s |" % (r["case"], v["wall_s"], v["peak_mb"],
                                                            v["knn_preservation"], kl(v), peer))


if __name__ == "__main__":
    main()
