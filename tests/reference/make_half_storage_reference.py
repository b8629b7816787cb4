#!/usr/bin/env python3
"""Reference values for the similarity index's half-precision storage (tests/data/llm/
half_storage.json), computed with numpy from the files themselves, not from vecspace's code.

Usage: /usr/bin/python3 tests/reference/make_half_storage_reference.py (after make_llm_models.py,
which rewrites tests/data/llm)

- models: the BF16 and F16 GPT-2-style checkpoints of tests/data/llm. Their `wte.weight` is read
  straight from the safetensors bytes; each token's top-5 cosine neighbours (itself excluded)
  are computed in float64, and the 3CosAdd answer of " king" - " man" + " woman" as gensim
  defines it (mean of the weighted unit vectors, normalised; inputs excluded).
- glove: glove.6B.100d.top2717.txt rounded to bfloat16 (round to nearest even, as torch and the
  BFloat16 storage do), top-10 cosine neighbours of a few words (the query is the word's float32
  vector: only the stored rows are rounded) over the rounded vectors, and the same over the
  float32 vectors.
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")


def read_safetensors(path, name):
    with open(path, "rb") as f:
        blob = f.read()
    n = int.from_bytes(blob[:8], "little")
    header = json.loads(blob[8:8 + n])
    entry = header[name]
    begin, end = entry["data_offsets"]
    raw = np.frombuffer(blob[8 + n + begin:8 + n + end], dtype="<u2")
    if entry["dtype"] == "BF16":
        values = (raw.astype(np.uint32) << 16).view(np.float32)
    elif entry["dtype"] == "F16":
        values = raw.view("<f2").astype(np.float32)
    else:
        raise ValueError(entry["dtype"])
    return values.reshape(entry["shape"])


def labels_of(folder):
    vocab = json.load(open(os.path.join(folder, "vocab.json"), encoding="utf-8"))
    return [t for t, _ in sorted(vocab.items(), key=lambda item: item[1])]


def unit(m):
    m = m.astype(np.float64)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)


def top(scores, k, exclude):
    scores = scores.copy()
    scores[list(exclude)] = -np.inf
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    return [[int(r), float(scores[r])] for r in order]


def bf16_round(x):
    bits = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint32) << 16
    return rounded.view(np.float32)


def model_entry(folder):
    m = read_safetensors(os.path.join(DATA, "llm", folder, "model.safetensors"), "wte.weight")
    u = unit(m)
    tokens = labels_of(os.path.join(DATA, "llm", folder))
    row = {t: i for i, t in enumerate(tokens)}
    queries = [row["Ġking"], 0, 40, len(tokens) - 1]
    neighbors = {str(q): top(u @ u[q], 5, [q]) for q in queries}
    terms = [(row["Ġking"], 1.0), (row["Ġman"], -1.0), (row["Ġwoman"], 1.0)]
    mean = sum(w * u[r] for r, w in terms) / len(terms)
    mean /= np.linalg.norm(mean)
    answer = top(u @ mean, 3, [r for r, _ in terms])
    return {"rows": int(m.shape[0]), "dims": int(m.shape[1]), "neighbors": neighbors,
            "analogy": {"expression": '" king" - " man" + " woman"', "top3": answer}}


def glove_entry():
    labels, rows = [], []
    with open(os.path.join(DATA, "glove.6B.100d.top2717.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            labels.append(parts[0])
            rows.append(np.array(parts[1:], dtype=np.float32))
    exact = np.stack(rows)
    rounded = bf16_round(exact)
    index = {w: i for i, w in enumerate(labels)}
    out = {"file": "glove.6B.100d.top2717.txt", "queries": {}}
    for word in ["king", "water", "france", "computer", "good"]:
        q = index[word]
        ue, ur = unit(exact), unit(rounded)
        out["queries"][word] = {"row": q, "bfloat16": top(ur @ ue[q], 10, [q]),
                                "float32": top(ue @ ue[q], 10, [q])}
    return out


def main():
    reference = {"generator": {"script": "tests/reference/make_half_storage_reference.py",
                               "numpy": np.__version__},
                 "models": {f: model_entry(f) for f in ["gpt2-tiny-bf16", "gpt2-tiny-f16"]},
                 "glove": glove_entry()}
    path = os.path.join(DATA, "llm", "half_storage.json")
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        json.dump(reference, out, indent=1)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
