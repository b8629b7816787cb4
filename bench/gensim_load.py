#!/usr/bin/env python3
"""Time gensim's word2vec/GloVe loader, as a baseline for the app's loader.

Usage: gensim_load.py FILE [--binary] [--no-header]

Times gensim.models.KeyedVectors.load_word2vec_format(FILE, binary=...,
no_header=...) with time.perf_counter and prints one JSON object:

  {"tool": "gensim", "version": ..., "rows": ..., "dims": ...,
   "seconds": ..., "peak_rss_mb": ...}

peak_rss_mb is the process's peak resident set size (ru_maxrss / 1024 on
Linux, where ru_maxrss is in KiB), imports included. Use --no-header for
GloVe text files (no "rows dims" first line); gensim >= 4.0 is required
for it. Run with Debian's /usr/bin/python3 (python3-gensim).
"""

import argparse
import json
import resource
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--binary", action="store_true",
                    help="word2vec binary format (default: text)")
    ap.add_argument("--no-header", action="store_true",
                    help="text without a 'rows dims' header (GloVe)")
    args = ap.parse_args()

    import gensim
    from gensim.models import KeyedVectors

    t0 = time.perf_counter()
    kv = KeyedVectors.load_word2vec_format(
        args.file, binary=args.binary, no_header=args.no_header)
    seconds = time.perf_counter() - t0

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    rows, dims = kv.vectors.shape
    print(json.dumps({
        "tool": "gensim",
        "version": gensim.__version__,
        "rows": int(rows),
        "dims": int(dims),
        "seconds": round(seconds, 4),
        "peak_rss_mb": round(peak, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
