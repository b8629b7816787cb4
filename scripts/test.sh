#!/usr/bin/env bash
# Quick start 2: install what is missing, build Release, run every test with ctest. GUI tests
# need a display: without one they run under a virtual X server (xvfb-run).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${VECSPACE_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
exec "$root/scripts/run-tests.sh" "$build"
