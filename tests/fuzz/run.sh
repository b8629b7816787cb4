#!/usr/bin/env bash
# Fuzzes the readers of everything a user opens with libFuzzer under AddressSanitizer and
# UndefinedBehaviorSanitizer: every embedding format and gzip (fuzz_loader), safetensors and GGUF
# (fuzz_model), layout files (fuzz_layout), label and metadata sidecars (fuzz_sidecar), session
# files (fuzz_session) and the expression parser (fuzz_expression).
#
# Usage: tests/fuzz/run.sh [SECONDS per target] [TARGET...]   (default 120 s, every target)
# Needs clang and libclang-rt-14-dev. Each target starts from a seed corpus of real files (the
# files in tests/data, each behind every selector byte the harness reads first); what it finds
# lands in build-fuzz/findings/ and becomes a regression test in tests/core/io/test_bad_input.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${VECSPACE_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-120}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] ||
  targets=(fuzz_loader fuzz_model fuzz_layout fuzz_sidecar fuzz_session fuzz_expression)
data=$root/tests/data

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVECSPACE_BUILD_APP=OFF -DVECSPACE_BUILD_TESTS=OFF -DVECSPACE_BUILD_BENCH=OFF -DVECSPACE_FUZZ=ON \
  -DVECSPACE_SANITIZE=address,undefined,fuzzer-no-link >/dev/null
cmake --build "$build" "${targets[@]/#/--target=}"

# seed DIR SELECTORS FILE...: each file behind each selector byte, at most 200 kB.
seed() {
  local dir=$1 selectors=$2 file selector
  shift 2
  mkdir -p "$dir"
  for file in "$@"; do
    [[ -f $file && $(stat -c %s "$file") -le 200000 ]] || continue
    for selector in $selectors; do
      { printf "\\$(printf %o "$selector")"; cat "$file"; } \
        > "$dir/$(echo "${file#"$data"/}" | tr / _).$selector"
    done
  done
}
# text DIR NAME TEXT: one seed written by hand.
text() { mkdir -p "$1"; printf '%b' "$3" > "$1/$2"; }

corpus=$build/corpus
if [[ ! -d $corpus/fuzz_loader ]]; then
  gz=$build/seed-gz
  mkdir -p "$gz"
  for file in glove.6B.100d.top2717.txt toy-model.vec projector/vectors.tsv top5.f4.npy; do
    gzip -c "$data/$file" > "$gz/$(basename "$file").gz"
  done
  seed "$corpus/fuzz_loader" "0 1 2 4 5 6 135" "$data"/* "$gz"/*
  seed "$corpus/fuzz_model" "0 1 2 3 128" \
    $(find "$data/llm" -type f \( -name '*.safetensors' -o -name '*.gguf' \))
  seed "$corpus/fuzz_layout" "0 1 2 3" "$data/projector/metadata.tsv"
  text "$corpus/fuzz_layout" tsv 'label\tx\ty\nking\t0.5\t-2\na,b\t1e-3\t4\nsay "hi"\t0\t1\n'
  text "$corpus/fuzz_layout" tsv3 '\xef\xbb\xbfking\t1\t2\t3\r\n\r\na,b\t4\t5\t6\r\n'
  text "$corpus/fuzz_layout" csv '\x02label,x,y,z\nking,1,2,3\n"a,b",4,5,6\n"say ""hi""",7,8,9\n'
  text "$corpus/fuzz_layout" csv2 '\x03king,0.5,-2\n"a,b",1,2\n"say ""hi""",3,4\n'
  seed "$corpus/fuzz_sidecar" "0 1 4 5 10 15" "$data/projector/metadata.tsv" \
    "$data/top5.f4.labels.txt"
  text "$corpus/fuzz_sidecar" joined '\x0clabel\tpos\nqueen\tnoun\nking\tnoun\n'
  text "$corpus/fuzz_sidecar" labels '\x05king\r\nqueen\r\n'
  mkdir -p "$corpus/fuzz_session" # sessions as they are: that harness reads no selector byte
  cp "$data"/sessions/*.json "$corpus/fuzz_session/"
  n=0
  for expression in 'king - man + woman' '0.5*paris + 0.5*london' '2*(a - b) / 3' \
                    'avg(a, "new york", c)' "\"'s\" - 'x y'" '1e-1*a + 2.5E+1*b' '-(a - (b - c))'; do
    text "$corpus/fuzz_expression" "seed$((n++))" "$expression"
  done
fi

mkdir -p "$build/findings"
for target in "${targets[@]}"; do
  max_len=65536
  [[ $target == fuzz_expression ]] && max_len=256
  echo "== $target: $seconds s" >&2
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/tests/fuzz/$target" \
    "$corpus/$target" -max_total_time="$seconds" -max_len=$max_len -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -timeout=10 -artifact_prefix="$build/findings/$target-" \
    -print_final_stats=1
done
