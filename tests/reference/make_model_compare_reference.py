#!/usr/bin/env python3
"""A fine-tuned GPT-2-style checkpoint and what comparing it with its base must find
(tests/data/llm/gpt2-tiny-finetuned/ and tests/data/llm/model_compare.json), with numpy from
the files' bytes, not from vecspace's code.

Usage: /usr/bin/python3 tests/reference/make_model_compare_reference.py (after
make_llm_models.py, which rewrites tests/data/llm)

The base is tests/data/llm/gpt2-tiny (F32 wte.weight, 64 x 16, vocab.json). The "fine-tune":
  - every row stored as BF16 (round to nearest even), as a fine-tune saved in bfloat16 would be;
  - four tokens moved: " king" and " queen" pulled 70 % of the way to " play", "the" to " dog",
    " woman" reversed (-v);
  - one token added at the end, "<|im_start|>" (row 64), as chat fine-tunes add.
Definitions as tests/reference/make_compare_reference.py (vecspace's compare): pairs in A's file
order, unit rows in float64, k = 10 cosine neighbours within the pairs (the row itself excluded,
ties by lower pair index), jaccard |N_A n N_B| / |N_A u N_B|, displacement |u_B - u_A| (equal
dimensions, no alignment), most changed: lowest jaccard, then largest displacement.
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
LLM = os.path.join(os.path.dirname(HERE), "data", "llm")
K = 10


def read_f32(path, name):
    with open(path, "rb") as f:
        blob = f.read()
    n = int.from_bytes(blob[:8], "little")
    entry = json.loads(blob[8:8 + n])[name]
    assert entry["dtype"] == "F32"
    begin, end = entry["data_offsets"]
    return np.frombuffer(blob[8 + n + begin:8 + n + end], dtype="<f4").reshape(entry["shape"])


def bf16_bits(x):
    bits = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")


def write_safetensors(path, name, bits):
    data = bits.tobytes()
    header = {name: {"dtype": "BF16", "shape": list(bits.shape), "data_offsets": [0, len(data)]},
              "__metadata__": {"format": "pt"}}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path + ".tmp", "wb") as out:
        out.write(len(text).to_bytes(8, "little") + text + data)
    os.replace(path + ".tmp", path)


def unit(m):
    m = m.astype(np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def neighbours(u, k):
    s = u @ u.T
    np.fill_diagonal(s, -np.inf)
    return np.argsort(-s, axis=1, kind="stable")[:, :k]


def main():
    base = os.path.join(LLM, "gpt2-tiny")
    a = read_f32(os.path.join(base, "model.safetensors"), "wte.weight")
    vocab = json.load(open(os.path.join(base, "vocab.json"), encoding="utf-8"))
    row = dict(vocab)
    b = a.astype(np.float64).copy()
    for moved, towards in [("Ġking", "Ġplay"), ("Ġqueen", "Ġplay"), ("the", "Ġdog")]:
        b[row[moved]] = 0.3 * a[row[moved]] + 0.7 * a[row[towards]]
    b[row["Ġwoman"]] = -a[row["Ġwoman"]]
    rng = np.random.default_rng(7)
    added = rng.standard_normal(a.shape[1]) * np.std(a)
    bits = bf16_bits(np.vstack([b, added[None, :]]).astype(np.float32))
    folder = os.path.join(LLM, "gpt2-tiny-finetuned")
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "model.safetensors"), "wte.weight", bits)
    vocab_b = dict(vocab)
    vocab_b["<|im_start|>"] = len(vocab)
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as out:
        json.dump(vocab_b, out, ensure_ascii=False)

    b_values = (bits.astype(np.uint32) << 16).view(np.float32)[: len(vocab)]
    ua, ub = unit(a), unit(b_values)
    na, nb = neighbours(ua, K), neighbours(ub, K)
    jaccard = []
    for x, y in zip(na, nb):
        kept = len(set(x.tolist()) & set(y.tolist()))
        jaccard.append(kept / (2 * K - kept))
    jaccard = np.array(jaccard)
    displacement = np.linalg.norm(ub - ua, axis=1)
    order = sorted(range(len(jaccard)), key=lambda i: (jaccard[i], -displacement[i], i))
    tokens = [t for t, _ in sorted(vocab.items(), key=lambda item: item[1])]
    reference = {
        "generator": {"script": "tests/reference/make_model_compare_reference.py",
                      "numpy": np.__version__},
        "a": "gpt2-tiny", "b": "gpt2-tiny-finetuned", "k": K,
        "shared": len(vocab), "only_in_a": 0, "only_in_b": 1,
        "moved_tokens": ["Ġking", "Ġqueen", "the", "Ġwoman"],
        "jaccard": jaccard.tolist(), "displacement": displacement.tolist(),
        "mean_jaccard": float(jaccard.mean()), "median_jaccard": float(np.median(jaccard)),
        "most_changed": [{"pair": i, "token": tokens[i], "jaccard": float(jaccard[i]),
                          "displacement": float(displacement[i])} for i in order[:6]],
    }
    path = os.path.join(LLM, "model_compare.json")
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        json.dump(reference, out, indent=1, ensure_ascii=False)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
