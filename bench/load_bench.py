#!/usr/bin/env python3
"""Loading benchmark: vecspace-cli against gensim, in the same run, on GloVe 6B 100d.

Usage: /usr/bin/python3 bench/load_bench.py [--runs N] [--gensim-runs M] [--cli PATH]
                                           [--copying-cli PATH]

Needs bench/fetch_glove.sh to have produced bench/.cache/glove.6B.100d.txt (341,479 x 100)
and a Release build (scripts/build.sh). Converts the text once to word2vec binary with
vecspace-cli, warms the page cache, then times whole processes with GNU time: wall seconds
and peak resident memory (which includes any file pages a loader keeps mapped). gensim
(python3-gensim) is timed on the same files when it is installed. The .npy float32 file
(converted once, like the binary) is read in place; numpy.load is its peer, as a copy and
mapped with every value checked (bench/numpy_load.py). --copying-cli times a build from before
reading in place on the same file, for the change's own before and after. Prints a Markdown
table and writes bench/results/load.json.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")


def timed(cmd):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS in MB, stdout)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True, check=True)
    wall, rss_kb = result.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss_kb) / 1024.0, result.stdout


def peer_runs(script, path, flags, runs):
    """Runs a peer's timing script (gensim_load.py, numpy_load.py) `runs` times: its JSON lines."""
    return [json.loads(subprocess.run([sys.executable, os.path.join(HERE, script), path] + flags,
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(runs)]


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--gensim-runs", type=int, default=2)
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "vecspace-cli"))
    ap.add_argument("--copying-cli", help="an older vecspace-cli that copies .npy files")
    args = ap.parse_args()

    text = os.path.join(CACHE, "glove.6B.100d.txt")
    binary = os.path.join(CACHE, "glove.6B.100d.bin")
    if not os.path.exists(text):
        sys.exit("missing %s: run bash bench/fetch_glove.sh first" % text)
    if not os.path.exists(binary):
        subprocess.run([args.cli, "convert", text, binary, "--quiet"], check=True)
    npy = os.path.join(CACHE, "glove.6B.100d.npy")
    if not os.path.exists(npy):
        subprocess.run([args.cli, "convert", text, npy, "--quiet"], check=True)
    have_numpy = subprocess.run([sys.executable, "-c", "import numpy"], capture_output=True).returncode == 0

    have_gensim = subprocess.run([sys.executable, "-c", "import gensim"], capture_output=True).returncode == 0
    cases = [("GloVe text", text, ["--format", "glove-text"], ["--no-header"]),
             ("word2vec binary", binary, [], ["--binary"]),
             (".npy float32", npy, [], None)]
    results = []
    for name, path, cli_options, gensim_options in cases:
        warm(path)
        runs = []
        for _ in range(args.runs):
            wall, rss, out = timed([args.cli, "info", path, "--json", "--quiet"] + cli_options)
            info = json.loads(out)
            runs.append((wall, rss, info["seconds"]))
        copying = []
        if args.copying_cli and gensim_options is None:
            for _ in range(args.runs):
                wall, rss, out = timed([args.copying_cli, "info", path, "--json", "--quiet"])
                copying.append((wall, rss))
        matrix_mb = info["rows"] * info["dims"] * 4 / 2 ** 20
        row = {
            "case": name, "file": os.path.basename(path), "bytes": os.path.getsize(path),
            "rows": info["rows"], "dims": info["dims"],
            "vecspace_wall_s": statistics.median(r[0] for r in runs),
            "vecspace_load_s": statistics.median(r[2] for r in runs),
            "vecspace_peak_mb": max(r[1] for r in runs),
            "matrix_mb": matrix_mb,
        }
        row["peak_over_matrix"] = row["vecspace_peak_mb"] / matrix_mb
        row["in_place"] = info.get("inPlace", False)
        if copying:
            row["copying_wall_s"] = statistics.median(r[0] for r in copying)
            row["copying_peak_mb"] = max(r[1] for r in copying)
        if gensim_options is None:
            if have_numpy and args.gensim_runs > 0:
                for mode, flags in (("copy", []), ("mmap", ["--mmap"])):
                    n = peer_runs("numpy_load.py", path, flags, args.gensim_runs)
                    row["numpy_version"] = n[0]["version"]
                    row["numpy_%s_s" % mode] = statistics.median(x["seconds"] for x in n)
                    row["numpy_%s_peak_mb" % mode] = max(x["peak_rss_mb"] for x in n)
        elif have_gensim and args.gensim_runs > 0:
            g = peer_runs("gensim_load.py", path, gensim_options, args.gensim_runs)
            row["gensim_version"] = g[0]["version"]
            row["gensim_load_s"] = statistics.median(x["seconds"] for x in g)
            row["gensim_peak_mb"] = max(x["peak_rss_mb"] for x in g)
            row["speedup"] = row["gensim_load_s"] / row["vecspace_wall_s"]
        results.append(row)

    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "load.json"), "w") as f:
        json.dump({"cpus": os.cpu_count(), "results": results}, f, indent=2)

    print("| file | size | vecspace wall (load) | peak RSS / matrix | gensim | gensim / vecspace |")
    print("|---|---|---|---|---|---|")
    for r in results:
        gensim = "%.2f s, %.0f MB" % (r["gensim_load_s"], r["gensim_peak_mb"]) if "gensim_load_s" in r else "not installed"
        if "numpy_copy_s" in r:
            gensim = "numpy %s: load %.3f s, %.0f MB; mmap + isfinite %.3f s, %.0f MB" % (
                r["numpy_version"], r["numpy_copy_s"], r["numpy_copy_peak_mb"], r["numpy_mmap_s"],
                r["numpy_mmap_peak_mb"])
        if "copying_wall_s" in r:
            gensim += "; copying build %.3f s, %.0f MB" % (r["copying_wall_s"], r["copying_peak_mb"])
        ratio = "%.0fx" % r["speedup"] if "speedup" in r else "-"
        print("| %s (%d x %d) | %.0f MB | %.3f s (%.3f s) | %.0f MB / %.0f MB = %.2fx | %s | %s |" % (
            r["case"], r["rows"], r["dims"], r["bytes"] / 1e6, r["vecspace_wall_s"], r["vecspace_load_s"],
            r["vecspace_peak_mb"], r["matrix_mb"], r["peak_over_matrix"], gensim, ratio))


if __name__ == "__main__":
    main()
