#!/usr/bin/env python3
"""Regenerate the bundled demo set from the GloVe 6B 100d text file.

Usage:
    bash bench/fetch_glove.sh && /usr/bin/python3 resources/make_demo.py

Reads the first 20,000 rows of bench/.cache/glove.6B.100d.txt (the most
frequent words) and writes, next to this script:

    demo/glove.6B.100d.top20k.npy         float16 ('<f2'), C order, (20000, 100)
    demo/glove.6B.100d.top20k.labels.txt  one word per line, UTF-8, '\\n' endings

The values are parsed as float32 (as the app does) and rounded to float16 to
keep the files small; the largest rounding error is printed. Needs numpy.
"""

import os
import sys

import numpy as np

ROWS = 20000
DIMS = 100

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
src = os.path.join(repo, "bench", ".cache", "glove.6B.100d.txt")
out_dir = os.path.join(here, "demo")
npy_path = os.path.join(out_dir, "glove.6B.100d.top20k.npy")
labels_path = os.path.join(out_dir, "glove.6B.100d.top20k.labels.txt")


def main():
    if not os.path.exists(src):
        sys.exit("missing %s; run: bash bench/fetch_glove.sh" % src)

    labels = []
    data = np.empty((ROWS, DIMS), dtype=np.float32)
    with open(src, "r", encoding="utf-8", newline="\n") as f:
        for i, line in enumerate(f):
            if i == ROWS:
                break
            parts = line.rstrip("\n").split(" ")
            if len(parts) != DIMS + 1:
                sys.exit("line %d: %d fields, want %d" % (i + 1, len(parts), DIMS + 1))
            labels.append(parts[0])
            data[i] = np.array(parts[1:], dtype=np.float32)
    if len(labels) != ROWS:
        sys.exit("%s has only %d rows, want %d" % (src, len(labels), ROWS))
    if len(set(labels)) != ROWS:
        sys.exit("duplicate labels in the first %d rows" % ROWS)
    for w in labels:
        if not w or "\n" in w or "\r" in w:
            sys.exit("label %r cannot be written one per line" % w)

    half = np.ascontiguousarray(data.astype("<f2"))
    if not np.all(np.isfinite(half)):
        sys.exit("float16 overflow")
    err = np.abs(half.astype(np.float32) - data)
    normal = np.abs(data) >= np.finfo(np.float16).tiny  # float16 normal range
    rel = err[normal] / np.abs(data[normal])

    os.makedirs(out_dir, exist_ok=True)
    np.save(npy_path, half)
    with open(labels_path, "w", encoding="utf-8", newline="\n") as f:
        for w in labels:
            f.write(w + "\n")

    print("wrote %s (%d bytes), shape %s, dtype %s"
          % (npy_path, os.path.getsize(npy_path), half.shape, half.dtype.str))
    print("wrote %s (%d bytes), %d lines"
          % (labels_path, os.path.getsize(labels_path), len(labels)))
    print("float32 range [%g, %g]; float16 rounding error: max abs %.6g, "
          "mean abs %.3g, max rel %.3g (|x| >= 2^-14)"
          % (data.min(), data.max(), err.max(), err.mean(), rel.max()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
