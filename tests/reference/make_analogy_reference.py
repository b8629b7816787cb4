#!/usr/bin/python3
"""Generate tests/data/reference/numpy_analogy.json: what the analogy panel and
`vecspace-cli analogy` must answer, computed with numpy alone from the definitions (not from
Vecspace's code).

Rerun from the repository root with Debian's Python (numpy 1.24):

    /usr/bin/python3 tests/reference/make_analogy_reference.py

Model: tests/data/glove.6B.100d.top2717.txt (2,717 x 100), vectors parsed as np.float32(str),
rows in file order; unit vectors u = v / |v| in float32, as gensim normalises.

Definitions, for a question with example pairs (a_i, b_i) and c (inputs = every a_i, b_i, c):
  3cosadd        q = unitvec(mean(w_t * u_t)) over the terms (b_i: 1/n, a_i: -1/n, c: 1), in
                 float32 as gensim's most_similar; score(d) = u_d . q
  3cosmul        gensim's most_similar_cosmul: prod((1 + cos(d, p)) / 2) /
                 (prod((1 + cos(d, n)) / 2) + 1e-6), positives b and c, negative a (one pair)
  pairdirection  o = mean(u_b_i - u_a_i) in float64; score(d) = (u_d - u_c) . o /
                 (|u_d - u_c| |o|) (Levy and Goldberg 2014); d = c has no score
  Ranking: higher score first, ties by lower row; the inputs excluded unless "include_inputs".
  expected rank: 1 + the number of ranked rows that come before the expected word.
  offset_consistency of a result d: cos(b - a, d - c) on unit vectors (float64), for the
  listed results (one pair: b - a; several: the mean offset, as pairdirection).
  best_with_inputs: the 3cosadd best when nothing is excluded.
  baseline: the k nearest rows to c by cosine (float32), the inputs excluded.
"""
import json
import os
import numpy as np

from glove_text import load

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")


labels, vectors = load(os.path.join(DATA, "glove.6B.100d.top2717.txt"))
row_of = {w: i for i, w in enumerate(labels)}
unit = (vectors / np.sqrt((vectors * vectors).sum(axis=1))[:, None]).astype(np.float32)
unit64 = unit.astype(np.float64)


def ranked(scores, excluded):
    order = sorted((i for i in range(len(scores)) if i not in excluded and np.isfinite(scores[i])),
                   key=lambda i: (-scores[i], i))
    return order


def cosadd_scores(pairs, c):
    n = len(pairs)
    terms = []
    for a, b in pairs:
        terms += [(row_of[b], np.float32(1.0 / n)), (row_of[a], np.float32(-1.0 / n))]
    terms.append((row_of[c], np.float32(1.0)))
    mean = np.array([w * unit[r] for r, w in terms], dtype=np.float32).mean(axis=0)
    q = (mean / np.sqrt((mean * mean).sum())).astype(np.float32)
    return unit @ q


def cosmul_scores(pairs, c):
    (a, b), = pairs
    pos = [unit @ unit[row_of[w]] for w in (b, c)]
    neg = [unit @ unit[row_of[a]]]
    pos = [(1 + s) / 2 for s in pos]
    neg = [(1 + s) / 2 for s in neg]
    return np.prod(pos, axis=0) / (np.prod(neg, axis=0) + 0.000001)


def offset(pairs):
    o = np.mean([unit64[row_of[b]] - unit64[row_of[a]] for a, b in pairs], axis=0)
    return o / np.linalg.norm(o)


def pairdirection_scores(pairs, c):
    o = offset(pairs)
    diff = unit64 - unit64[row_of[c]]
    norms = np.linalg.norm(diff, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = (diff @ o) / norms
    scores[norms < 1e-3] = -np.inf
    return scores


METHODS = {"3cosadd": cosadd_scores, "3cosmul": cosmul_scores,
           "pairdirection": pairdirection_scores}


def answer(question, pairs, c, method, k, expected=None, include_inputs=False):
    inputs = {row_of[w] for p in pairs for w in p} | {row_of[c]}
    excluded = set() if include_inputs else inputs
    scores = METHODS[method](pairs, c)
    order = ranked(scores, excluded)
    o = offset(pairs)
    results = []
    for i in order[:k]:
        d = unit64[i] - unit64[row_of[c]]
        results.append({"label": labels[i], "score": float(scores[i]),
                        "input": i in inputs,
                        "offset_consistency": float(d @ o / np.linalg.norm(d))})
    entry = {"question": question, "method": method, "k": k, "include_inputs": include_inputs,
             "results": results}
    if expected is not None:
        e = row_of[expected]
        entry["expected"] = {"label": expected, "rank": order.index(e) + 1,
                             "score": float(scores[e])}
    return entry


def extras(question, pairs, c, k):
    inputs = {row_of[w] for p in pairs for w in p} | {row_of[c]}
    scores = cosadd_scores(pairs, c)
    best = ranked(scores, set())[0]
    base = ranked(unit @ unit[row_of[c]], inputs)[:k]
    return {"question": question, "best_with_inputs": labels[best],
            "best_with_inputs_score": float(scores[best]),
            "baseline": [labels[i] for i in base]}


one = [("man", "king")]
cases = [
    answer("man : king :: woman : ?", one, "woman", "3cosadd", 10, "queen"),
    answer("man : king :: woman : ?", one, "woman", "3cosmul", 10, "mother"),
    answer("man : king :: woman : ?", one, "woman", "pairdirection", 10, "daughter"),
    answer("man : king :: woman : ?", one, "woman", "3cosadd", 5, "king", include_inputs=True),
    answer("man : king :: woman : ?", one, "woman", "pairdirection", 5, "king",
           include_inputs=True),
    answer("france : paris :: germany : ?", [("france", "paris")], "germany", "pairdirection",
           10, "berlin"),
    answer("france : paris :: japan : ?", [("france", "paris")], "japan", "3cosadd", 10,
           "korea"),
    answer("he : his :: she : ?", [("he", "his")], "she", "3cosmul", 10, "my"),
    answer("man : king, boy : prince :: woman : ?", [("man", "king"), ("boy", "prince")],
           "woman", "3cosadd", 10, "queen"),
    answer("man : king, boy : prince :: girl : ?", [("man", "king"), ("boy", "prince")],
           "girl", "pairdirection", 10, "queen"),
]
reference = {
    "model": "glove.6B.100d.top2717.txt",
    "answers": cases,
    "extras": [extras("man : king :: woman : ?", one, "woman", 10),
               extras("france : paris :: japan : ?", [("france", "paris")], "japan", 10)],
}
out = os.path.join(DATA, "reference", "numpy_analogy.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(reference, f, indent=1)
    f.write("\n")
print("wrote", out)
