#!/usr/bin/env bash
# Configures and builds Release into build/ (or $VECSPACE_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${VECSPACE_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DVECSPACE_BUILD_APP=ON -DVECSPACE_BUILD_TESTS=ON "$@"
cmake --build "$build" --parallel "$(nproc)"
