#!/usr/bin/env python3
"""Time numpy's own .npy reader, the peer for Vecspace's .npy loads.

Usage: numpy_load.py FILE.npy [--mmap]

Times numpy.load(FILE) (a copy into memory), or with --mmap numpy.load(FILE, mmap_mode="r")
followed by numpy.isfinite(...).all(), the same check Vecspace makes of every value it reads
in place. Prints one JSON object:

  {"tool": "numpy", "version": ..., "mode": "copy" | "mmap", "rows": ..., "dims": ...,
   "seconds": ..., "peak_rss_mb": ...}

peak_rss_mb is the process's peak resident set size (ru_maxrss / 1024), imports included; it
counts the mapped file's pages once they are read, as GNU time does for vecspace-cli.
"""

import argparse
import json
import resource
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--mmap", action="store_true", help="map read-only and check every value")
    args = ap.parse_args()

    import numpy

    t0 = time.perf_counter()
    if args.mmap:
        a = numpy.load(args.file, mmap_mode="r")
        if not numpy.isfinite(a).all():
            raise SystemExit("non-finite values")
    else:
        a = numpy.load(args.file)
    seconds = time.perf_counter() - t0
    print(json.dumps({"tool": "numpy", "version": numpy.__version__,
                      "mode": "mmap" if args.mmap else "copy",
                      "rows": int(a.shape[0]), "dims": int(a.shape[1]), "seconds": seconds,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))


if __name__ == "__main__":
    main()
