#!/usr/bin/env bash
# Fuzzes every loader, the model readers (safetensors, GGUF), then the expression parser, with libFuzzer under AddressSanitizer and
# UndefinedBehaviorSanitizer. Usage: tests/fuzz/run.sh [SECONDS per target] (default 120).
# Needs clang and libclang-rt-14-dev. Loader seeds: the files in tests/data, each prefixed with
# every format selector byte; expression seeds: the examples in tests/test_expression.cpp.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${VECSPACE_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-120}
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVECSPACE_BUILD_APP=OFF -DVECSPACE_BUILD_TESTS=OFF -DVECSPACE_FUZZ=ON \
  -DVECSPACE_SANITIZE=address,undefined,fuzzer-no-link >/dev/null
cmake --build "$build" --target fuzz_loader fuzz_model fuzz_expression
corpus="$build/corpus"
if [[ ! -d "$corpus" ]]; then
  mkdir -p "$corpus"
  for file in "$root"/tests/data/*; do
    [[ $(stat -c %s "$file") -le 200000 ]] || continue
    for selector in 0 1 2 4 5 6 135; do
      { printf "\\$(printf %o "$selector")"; cat "$file"; } > "$corpus/$(basename "$file").$selector"
    done
  done
fi
# Model seeds: every test checkpoint file and the bad ones, with each format selector byte.
models="$build/corpus-models"
if [[ ! -d "$models" ]]; then
  mkdir -p "$models"
  while IFS= read -r -d '' file; do
    [[ $(stat -c %s "$file") -le 200000 ]] || continue
    for selector in 0 1 2 3 128; do
      { printf "\\$(printf %o "$selector")"; cat "$file"; } \
        > "$models/$(echo "${file#"$root"/tests/data/llm/}" | tr / _).$selector"
    done
  done < <(find "$root/tests/data/llm" -type f \( -name '*.safetensors' -o -name '*.gguf' \) -print0)
fi
expressions="$build/corpus-expressions"
if [[ ! -d "$expressions" ]]; then
  mkdir -p "$expressions"
  n=0
  for text in 'king - man + woman' '0.5*paris + 0.5*london' '2*(a - b) / 3' 'avg(a, "new york", c)' \
              "\"'s\" - 'x y'" '1e-1*a + 2.5E+1*b' '-(a - (b - c))'; do
    printf '%s' "$text" > "$expressions/seed$((n++))"
  done
fi
mkdir -p "$build/findings"
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/tests/fuzz/fuzz_loader" "$corpus" \
  -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
  -artifact_prefix="$build/findings/" -print_final_stats=1
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/tests/fuzz/fuzz_model" "$models" \
  -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
  -artifact_prefix="$build/findings/" -print_final_stats=1
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/tests/fuzz/fuzz_expression" "$expressions" \
  -max_total_time="$seconds" -max_len=256 -timeout=10 \
  -artifact_prefix="$build/findings/" -print_final_stats=1
