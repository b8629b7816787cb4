#!/usr/bin/env python3
"""Semantic benchmark: Vecspace against gensim, in the same run, on GloVe 6B 100d (341,479 rows).

Usage: /usr/bin/python3 bench/semantic_bench.py [--runs N] [--skip-gensim-analogies]

Needs bench/.cache/glove.6B.100d.bin (bench/load_bench.py makes it) and a Release build.
Times single top-10 cosine neighbour queries (100 words: rows 1000, 1010, ...; median) and the
whole Google analogy benchmark (tests/data/questions-words.txt, restrict_vocab 300000) with
build/bench/semantic_bench, then the same with gensim's most_similar and
evaluate_word_analogies (numpy on OpenBLAS). Vecspace runs twice per round: as shipped (8-bit
screening with float32 re-scoring where the CPU has AVX-512 VNNI) and with --no-screen. Prints a Markdown table and writes
bench/results/semantic.json. gensim's analogy benchmark takes minutes.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GENSIM = r'''
import json, sys, time, logging
from gensim.models import KeyedVectors
path, questions, analogies = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
kv = KeyedVectors.load_word2vec_format(path, binary=True)
kv.fill_norms()
words = [kv.index_to_key[1000 + 10 * i] for i in range(100)]
kv.most_similar(words[0], topn=10)  # warm-up
times = []
for w in words:
    t = time.perf_counter(); kv.most_similar(w, topn=10); times.append((time.perf_counter() - t) * 1e3)
times.sort()
out = {"query_ms_median": times[50], "query_ms_p90": times[90]}
if analogies:
    t = time.perf_counter()
    score, sections = kv.evaluate_word_analogies(questions)
    out["analogy_s"] = time.perf_counter() - t
    out["correct"] = len(sections[-1]["correct"]); out["incorrect"] = len(sections[-1]["incorrect"]); out["accuracy"] = score
print(json.dumps(out))
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-gensim-analogies", action="store_true")
    args = ap.parse_args()
    binary = os.path.join(HERE, ".cache", "glove.6B.100d.bin")
    questions = os.path.join(ROOT, "tests", "data", "questions-words.txt")
    driver = os.path.join(ROOT, "build", "bench", "semantic_bench")
    if not os.path.exists(binary):
        sys.exit("missing %s: run bench/fetch_glove.sh and bench/load_bench.py first" % binary)

    run = lambda *extra: json.loads(subprocess.run([driver, *extra, binary, questions], capture_output=True,
                                                   text=True, check=True).stdout)
    # The 8-bit screened path (the default where the CPU has AVX-512 VNNI) and float32 alone,
    # alternated so that both see the same machine.
    ours, plain = [], []
    for _ in range(args.runs):
        ours.append(run())
        plain.append(run("--no-screen"))
    gensim = json.loads(subprocess.run([sys.executable, "-c", GENSIM, binary, questions,
                                        "0" if args.skip_gensim_analogies else "1"],
                                       capture_output=True, text=True, check=True).stdout)
    med = lambda key: statistics.median(r[key] for r in ours)
    result = {"vecspace_runs": ours, "vecspace_float32_runs": plain, "gensim": gensim}
    spread = lambda runs, key: "%.2f-%.2f" % (min(r[key] for r in runs), max(r[key] for r in runs))
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "semantic.json"), "w") as f:
        json.dump(result, f, indent=2)
    print("| work | Vecspace (median of %d runs) | gensim 4.2 | gensim / Vecspace |" % args.runs)
    print("|---|---|---|---|")
    print("| top-10 cosine neighbours, one query (median, p90) | %.2f ms, %.2f ms | %.2f ms, %.2f ms | %.1fx |" % (
        med("query_ms_median"), med("query_ms_p90"), gensim["query_ms_median"], gensim["query_ms_p90"],
        gensim["query_ms_median"] / med("query_ms_median")))
    if "analogy_s" in gensim:
        print("| Google analogy benchmark, 19,544 questions | %.2f s (%d correct, %d incorrect) | %.1f s (%d correct, %d incorrect) | %.0fx |" % (
            med("analogy_s"), ours[0]["correct"], ours[0]["incorrect"], gensim["analogy_s"], gensim["correct"],
            gensim["incorrect"], gensim["analogy_s"] / med("analogy_s")))
    else:
        print("| Google analogy benchmark, 19,544 questions | %.2f s (%d correct, %d incorrect) | skipped | |" % (
            med("analogy_s"), ours[0]["correct"], ours[0]["incorrect"]))
    print("| the same, float32 products alone (`--no-screen`) | %.2f s (%d correct, %d incorrect) | | |" % (
        statistics.median(r["analogy_s"] for r in plain), plain[0]["correct"], plain[0]["incorrect"]))
    print()
    print("screened: %s (runs %s s, screening %s); float32 alone: runs %s s" % (
        ", ".join("%.2f" % r["analogy_s"] for r in ours), spread(ours, "analogy_s"),
        "on" if ours[0].get("screen") else "off (no AVX-512 VNNI)", spread(plain, "analogy_s")))
    print("| building the unit-normalised copy (once per file) | %.3f s | | |" % med("index_s"))


if __name__ == "__main__":
    main()
