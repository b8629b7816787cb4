#!/usr/bin/env python3
"""Writes tests/data/sessions/digits.v1.json: a session file in version 1 of the format, as
Vecspace 0.1 wrote it (one document; Session::toJson at commit 4db27dc), for sklearn's digits in
tests/data/digits. Newer releases must still open it (test_workspace's versionOneSessionOpens).

Plain Python, independent of the app: the labels' checksum is FNV-1a over each label and a
newline, the layout is the first three pixel columns of each row (values the test reads back
from the data file itself), stored as base64 of little-endian float32.
Run from the repository root: python3 tests/reference/make_session_v1.py
"""
import base64
import json
import struct

DIGITS = "tests/data/digits/digits.tsv"
METADATA = "tests/data/digits/digits.metadata.tsv"
OUT = "tests/data/sessions/digits.v1.json"


def fnv1a64(labels):
    h = 14695981039346656037
    for label in labels:
        for byte in label.encode("utf-8") + b"\n":
            h ^= byte
            h = (h * 1099511628211) % (1 << 64)
    return "%016x" % h


rows = [line.rstrip("\n").split("\t") for line in open(DIGITS, encoding="utf-8") if line.strip()]
labels = [line.rstrip("\n").split("\t")[0] for line in open(METADATA, encoding="utf-8")][1:]
assert len(labels) == len(rows) == 1797, (len(labels), len(rows))
xyz = b"".join(struct.pack("<3f", float(r[0]), float(r[1]), float(r[2])) for r in rows)
selection = [4, 10, 1796]
session = {
    "format": "vecspace-session",
    "version": 1,
    "data": {
        # Not there on any machine: the relative path, from this file's folder, finds it.
        "path": "/nonexistent/vecspace-0.1/tests/data/digits/digits.tsv",
        "relative_path": "../digits/digits.tsv",
        "format": "tsv",
        "labels": "",
        "metadata": "",
        "limit": 0,
        "rows": len(rows),
        "dims": len(rows[0]),
        "labels_fnv1a64": fnv1a64(labels),
    },
    "layout": {
        "method": "pca",
        "dims": 3,
        "parameters": {},
        "rows": len(rows),
        "encoding": "base64-float32le",
        "xyz": base64.b64encode(xyz).decode("ascii"),
    },
    "view": {
        "mode": "3d",
        "camera": {"target": [1.5, -2.0, 0.5], "distance": 30.0, "yaw": 25.0, "pitch": 10.0},
        "point_size": 6.0,
        "theme": "light",
    },
    "selection": {"rows": selection, "labels": [labels[r] for r in selection]},
    "hidden": [[100, 200]],
    "color": {"by": "column:digit"},
    "search": {"query": "7_", "regex": False, "caseSensitive": False, "column": ""},
}
with open(OUT, "w", encoding="utf-8") as out:
    json.dump(session, out, indent=4)
    out.write("\n")
