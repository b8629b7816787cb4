#!/usr/bin/env bash
# Builds the programs and every test with AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer into build-asan/ (RelWithDebInfo: optimised, with line numbers in reports; no
# benchmarks) and runs the whole test suite there. Usage: scripts/sanitize.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${VECSPACE_ASAN_BUILD_DIR:-$root/build-asan}
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVECSPACE_SANITIZE=address,undefined -DVECSPACE_BUILD_BENCH=OFF
cmake --build "$build" --parallel "$(nproc)"
exec "$root/scripts/run-tests.sh" "$build"
