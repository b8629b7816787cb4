#!/usr/bin/env bash
# Quick start 1: install what is missing, build Release, open the GUI on the bundled demo set.
# Extra arguments go to vecspace (e.g. a file of your own).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
# Only what the window needs: the tests and benchmarks are test.sh's to build.
VECSPACE_BUILD_TARGETS="vecspace vecspace-cli" "$root/scripts/build.sh"
exec "${VECSPACE_BUILD_DIR:-$root/build}/app/vecspace" "$@"
