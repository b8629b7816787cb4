"""The reference scripts' one reader of GloVe-style text (label, then numbers, one row a line),
kept apart from Vecspace's loaders on purpose: float32 as numpy parses it."""
import numpy as np


def load(path):
    labels, rows = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            labels.append(parts[0])
            rows.append([np.float32(x) for x in parts[1:]])
    return labels, np.array(rows, dtype=np.float32)
