#!/usr/bin/env python3
"""One peer layout run, for bench/layout_bench.py: sklearn's t-SNE or umap-learn's UMAP.

Usage: /usr/bin/python3 bench/peer_layout.py tsne|umap DIMS VECTORS.npy OUT.npy [--seed S]

Times the fit alone (after import and loading) and prints one JSON object:
{"tool", "version", "seconds", "kl_divergence" (t-SNE only)}. The layout goes to OUT.npy so
that the caller scores every tool's layout with the same function.
"""

import argparse
import json
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("method", choices=["tsne", "umap"])
    ap.add_argument("dims", type=int)
    ap.add_argument("vectors")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    X = np.load(args.vectors).astype(np.float32)
    result = {}
    if args.method == "tsne":
        import sklearn
        from sklearn.manifold import TSNE
        # sklearn 1.2's defaults are the modern ones (init="pca", learning_rate="auto",
        # perplexity 30, early exaggeration 12, 1000 iterations, Barnes-Hut with theta 0.5).
        model = TSNE(n_components=args.dims, n_jobs=2, random_state=args.seed, init="pca",
                     learning_rate="auto")
        start = time.perf_counter()
        Y = model.fit_transform(X)
        result = {"tool": "sklearn TSNE(n_jobs=2)", "version": sklearn.__version__,
                  "kl_divergence": float(model.kl_divergence_)}
    else:
        import umap
        # Seeded, as a user who wants the same picture twice runs it (umap-learn then
        # optimises on one thread).
        model = umap.UMAP(n_components=args.dims, random_state=args.seed)
        start = time.perf_counter()
        Y = model.fit_transform(X)
        result = {"tool": "umap-learn UMAP(random_state)", "version": umap.__version__}
    result["seconds"] = time.perf_counter() - start
    np.save(args.out, np.asarray(Y, dtype=np.float32))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
