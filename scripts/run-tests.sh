#!/usr/bin/env bash
# Runs ctest in a build folder (default build/), under a virtual X server when there is no
# display. Usage: scripts/run-tests.sh [BUILD_DIR] [ctest options...]
#
# Xvfb runs with -noreset: by default an X server resets each time its last client leaves, and a
# GUI test that connects during that reset is refused ("could not connect to display"), which
# is how a CI run once lost test_bookmarks at 0.02 s. Should a test still be refused by the X
# server, only the tests that failed are run once more, and the log says so; any other failure
# fails the run at once.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
shift || true
cd "$build"
display=()
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  display=(xvfb-run -a -s "-screen 0 1280x1024x24 -noreset")
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if "${display[@]}" ctest --output-on-failure --parallel 2 "$@" 2>&1 | tee "$log"; then
  exit 0
fi
if grep -q "could not connect to display" "$log"; then
  echo "A test could not reach the X server: running the failed tests once more." >&2
  "${display[@]}" ctest --output-on-failure --rerun-failed "$@"
else
  exit 1
fi
