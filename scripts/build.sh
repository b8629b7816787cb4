#!/usr/bin/env bash
# Configures and builds Release into build/ (or $VECSPACE_BUILD_DIR): everything, or only the
# targets named in $VECSPACE_BUILD_TARGETS (run-demo.sh builds just the two programs).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${VECSPACE_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DVECSPACE_BUILD_APP=ON -DVECSPACE_BUILD_TESTS=ON "$@"
targets=()
for target in ${VECSPACE_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build" --parallel "$(nproc)" "${targets[@]}"
