#!/usr/bin/env bash
# Quick start 2: install what is missing, build Release, run every test with ctest. GUI tests
# need a display: without one they run under a virtual X server (xvfb-run).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${VECSPACE_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$build"
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  ctest --output-on-failure --parallel 2
else
  xvfb-run -a ctest --output-on-failure --parallel 2
fi
