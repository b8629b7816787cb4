#!/usr/bin/python3
"""Generate tests/data/reference/gensim_reference.json: expected values for Vecspace's C++ tests,
computed by gensim (and by numpy where gensim has no such function).

Rerun from the repository root with Debian's Python (gensim 4.2.0, numpy 1.24, scipy 1.10):

    /usr/bin/python3 tests/reference/make_reference.py

It reads only files in tests/data/ and rewrites tests/data/reference/gensim_reference.json.
The output is deterministic (no randomness; gensim and OpenBLAS calls as listed below), but
scores are only reproducible to the last bit with the same numpy/OpenBLAS build.
See tests/reference/GENSIM_RULES.md for the rules gensim applies (dtypes, normalisation order,
exclusions, ties).

Models, both loaded with
    gensim.models.KeyedVectors.load_word2vec_format(path, binary=False, no_header=True)
(vectors are float32, parsed with np.float32(str); rows in file order):
  glove100 = tests/data/glove.6B.100d.top2717.txt   (2,717 x 100)
  glove50  = tests/data/glove.6B.50d.top9163.txt    (9,163 x 50)

What is computed (JSON key -> call):
  models.glove100.most_similar[i]
      kv.most_similar(positive=P, negative=N, topn=T, restrict_vocab=R)
      "positive"/"negative" hold plain labels, or [label, weight] pairs for weighted keys:
      a pair [label, w] in JSON is passed to gensim as the tuple (label, w).  (Note gensim uses
      the weight of a tuple as given, also in `negative`: it does not negate it.)
      "results" = [[label, score], ...], score = float(float32 cosine), in gensim's order.
  models.glove100.most_similar_cosmul[i]
      kv.most_similar_cosmul(positive=P, negative=N, topn=T)   (restrict_vocab is recorded as
      null: gensim 4.2 accepts the argument but ignores it)
  models.glove100.doesnt_match[i]     kv.doesnt_match(words)
  models.glove100.similarity[i]       float(kv.similarity(a, b))   (a float32 value)
  models.glove100.numpy_dot[i]        numpy, no gensim equivalent: the `topn` rows with the
      largest raw dot product vectors[q] . vectors[r] (unnormalised), row q itself excluded,
      computed in float64 from the float32 vectors; ties (none occur) by ascending row index.
  models.glove100.numpy_euclidean[i]  numpy: the `topn` rows with the smallest L2 distance
      sqrt(sum((vectors[r] - vectors[q])**2)), row q excluded, float64, ties by row index.
  models.glove50.evaluate_word_analogies{,_restrict_1000}
      kv.evaluate_word_analogies('tests/data/questions-words.txt', restrict_vocab=R,
                                 case_insensitive=True)   (dummy4unknown=False,
                                 similarity_function='most_similar', i.e. 3CosAdd)
      "score" = the returned score (Total accuracy); "sections" = every section dict gensim
      returns (incl. its final 'Total accuracy' entry) as {"section", "correct", "incorrect"}
      counts; "questions_total" = question lines in the file (lines with 4 tokens outside
      ': ' headers); "skipped" = questions_total - sum(correct+incorrect) over the non-total
      sections (questions gensim skipped because a word is outside the first R rows).
  models.glove50.evaluate_word_pairs[i]
      (pearson, pearson_p), (spearman, spearman_p), oov_ratio =
      kv.evaluate_word_pairs('tests/data/<file>', delimiter='\\t')   (restrict_vocab=300000,
      case_insensitive=True, dummy4unknown=False); oov_ratio is a percentage.
      Extra keys: "pairs_used" (pairs that entered the correlations), "pairs_oov" (pairs
      skipped for an unknown word), "lines_invalid" (non-comment lines gensim could not parse;
      0 for all three files, i.e. they are tab separated and gensim reads every pair).

Vocabulary notes (glove100 is the first 2,717 lines of Stanford's glove.6B.100d.txt, lowercase):
  absent: frog, toad, breakfast, cereal, dinner, lunch, dog.  Replacements used:
    most_similar ["frog"]  -> ["water"]
    similarity (frog, toad) -> (river, sea) and (car, truck)
    doesnt_match ["breakfast","cereal","dinner","lunch"] -> ["morning","evening","night","food"]
      (breakfast->morning, dinner->evening, lunch->night, cereal->food: the odd one out)
    doesnt_match ["france","germany","japan","dog"] -> ["france","germany","japan","fish"]
  gensim is case-sensitive in most_similar: kv.most_similar(positive=["King"]) raises KeyError
  (only evaluate_word_analogies / evaluate_word_pairs fold case).  The script asserts this and
  records no entry for it.
"""

import json
import logging
import os
import sys

import gensim
import numpy as np
from gensim.models import KeyedVectors

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")
OUT = os.path.join(DATA, "reference", "gensim_reference.json")


def load(name):
    return KeyedVectors.load_word2vec_format(os.path.join(DATA, name), binary=False, no_header=True)


def require(kv, words):
    missing = [w for w in words if w not in kv.key_to_index]
    if missing:
        sys.exit(f"words not in vocabulary: {missing}")


def to_gensim(items):
    """JSON form -> gensim form: [label, weight] pairs become (label, weight) tuples."""
    return [tuple(x) if isinstance(x, list) else x for x in items]


def pairs(results):
    return [[label, float(score)] for label, score in results]


def numpy_topk(kv, query, topn, metric):
    m = kv.vectors.astype(np.float64)
    q = kv.get_index(query)
    if metric == "dot":
        score = m @ m[q]
        key = -score
    else:
        score = np.sqrt(((m - m[q]) ** 2).sum(axis=1))
        key = score
    order = [int(i) for i in np.argsort(key, kind="stable") if i != q][:topn]
    return {"query": query, "topn": topn,
            "results": [[kv.index_to_key[i], float(score[i])] for i in order]}


def glove100():
    kv = load("glove.6B.100d.top2717.txt")
    assert kv.vectors.shape == (2717, 100) and kv.vectors.dtype == np.float32

    # most_similar (topn=10 unless stated)
    frog = "frog" if "frog" in kv.key_to_index else "water"
    queries = [
        {"positive": ["king"], "negative": [], "topn": 10, "restrict_vocab": None},
        {"positive": [frog], "negative": [], "topn": 10, "restrict_vocab": None},
        {"positive": ["paris"], "negative": [], "topn": 10, "restrict_vocab": None},
        {"positive": ["king", "woman"], "negative": ["man"], "topn": 10, "restrict_vocab": None},
        {"positive": ["paris", "germany"], "negative": ["france"], "topn": 10, "restrict_vocab": None},
        {"positive": ["good", "worst"], "negative": ["bad"], "topn": 10, "restrict_vocab": None},
        {"positive": [["paris", 0.5], ["london", 0.5]], "negative": [], "topn": 10, "restrict_vocab": None},
        {"positive": ["king"], "negative": [], "topn": 10, "restrict_vocab": 500},
        {"positive": ["king"], "negative": [], "topn": 3, "restrict_vocab": None},
    ]
    for q in queries:
        require(kv, [x[0] if isinstance(x, list) else x for x in q["positive"] + q["negative"]])
        q["results"] = pairs(kv.most_similar(positive=to_gensim(q["positive"]),
                                             negative=to_gensim(q["negative"]),
                                             topn=q["topn"], restrict_vocab=q["restrict_vocab"]))

    # gensim does not fold case here.
    try:
        kv.most_similar(positive=["King"])
        raise AssertionError("gensim accepted 'King'; update the docstring and record it")
    except KeyError:
        pass

    cosmul = []
    for p, n in [(["king", "woman"], ["man"]), (["paris", "germany"], ["france"]),
                 (["good", "worst"], ["bad"])]:
        cosmul.append({"positive": p, "negative": n, "topn": 10, "restrict_vocab": None,
                       "results": pairs(kv.most_similar_cosmul(positive=p, negative=n, topn=10))})

    doesnt = []
    for words in [["morning", "evening", "night", "food"], ["king", "queen", "man", "car"],
                  ["france", "germany", "japan", "fish"]]:
        require(kv, words)
        doesnt.append({"words": words, "result": kv.doesnt_match(words)})

    sims = []
    for a, b in [("king", "queen"), ("river", "sea"), ("car", "truck"), ("good", "bad"), ("man", "man")]:
        require(kv, [a, b])
        sims.append({"a": a, "b": b, "value": float(kv.similarity(a, b))})

    probes = ["king", "paris", "water", "good"]
    return {
        "file": "glove.6B.100d.top2717.txt",
        "most_similar": queries,
        "most_similar_cosmul": cosmul,
        "doesnt_match": doesnt,
        "similarity": sims,
        "numpy_dot": [numpy_topk(kv, w, 10, "dot") for w in probes],
        "numpy_euclidean": [numpy_topk(kv, w, 10, "l2") for w in probes],
    }


def count_questions(path):
    n = 0
    with open(path, encoding="utf8") as f:
        for line in f:
            if not line.startswith(": ") and len(line.split()) == 4:
                n += 1
    return n


def analogies(kv, restrict_vocab):
    path = os.path.join(DATA, "questions-words.txt")
    score, sections = kv.evaluate_word_analogies(path, restrict_vocab=restrict_vocab,
                                                 case_insensitive=True)
    out = [{"section": s["section"], "correct": len(s["correct"]), "incorrect": len(s["incorrect"])}
           for s in sections]
    assert out[-1]["section"] == "Total accuracy"
    total = count_questions(path)
    evaluated = sum(s["correct"] + s["incorrect"] for s in out[:-1])
    assert evaluated == out[-1]["correct"] + out[-1]["incorrect"]
    return {"restrict_vocab": restrict_vocab, "case_insensitive": True, "score": float(score),
            "sections": out, "questions_total": total, "skipped": total - evaluated}


class _InvalidLineCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.invalid = 0
        self.oov = 0

    def emit(self, record):
        msg = record.getMessage()
        if msg.startswith("Skipping invalid line"):
            self.invalid += 1
        elif msg.startswith("Skipping line") and "OOV" in msg:
            self.oov += 1


def word_pairs(kv, name):
    path = os.path.join(DATA, name)
    # Check the file really is tab separated: every non-comment line has 3 tab fields.
    with open(path, encoding="utf8", newline=None) as f:
        for line in f:
            if line.startswith("#"):
                continue
            if len(line.rstrip("\n").split("\t")) != 3:
                sys.exit(f"{name}: not tab separated: {line!r}")
    counter = _InvalidLineCounter()
    log = logging.getLogger("gensim.models.keyedvectors")
    old_level = log.level
    log.setLevel(logging.DEBUG)
    log.addHandler(counter)
    try:
        pearson, spearman, oov_ratio = kv.evaluate_word_pairs(path, delimiter="\t")
    finally:
        log.removeHandler(counter)
        log.setLevel(old_level)
    if counter.invalid:
        print(f"warning: gensim skipped {counter.invalid} invalid lines in {name}", file=sys.stderr)
    data_lines = sum(1 for line in open(path, encoding="utf8") if not line.startswith("#"))
    used = data_lines - counter.invalid - counter.oov
    return {"file": name,
            "pearson": float(pearson[0]), "pearson_p": float(pearson[1]),
            "spearman": float(spearman[0]), "spearman_p": float(spearman[1]),
            "oov_ratio": float(oov_ratio),
            "pairs_used": used, "pairs_oov": counter.oov, "lines_invalid": counter.invalid}


def glove50():
    kv = load("glove.6B.50d.top9163.txt")
    assert kv.vectors.shape == (9163, 50) and kv.vectors.dtype == np.float32
    return {
        "file": "glove.6B.50d.top9163.txt",
        "evaluate_word_analogies": analogies(kv, 300000),
        "evaluate_word_analogies_restrict_1000": analogies(kv, 1000),
        "evaluate_word_pairs": [word_pairs(kv, f) for f in
                                ["wordsim353.tsv", "simlex999.txt", "EN-WS-353-ALL.txt"]],
    }


def main():
    ref = {
        "gensim_version": gensim.__version__,
        "numpy_version": np.__version__,
        "models": {"glove100": glove100(), "glove50": glove50()},
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf8") as f:
        json.dump(ref, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
