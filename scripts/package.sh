#!/usr/bin/env bash
# Builds the Debian package build-package/vecspace_VERSION_amd64.deb: Release, for any x86-64
# CPU (VECSPACE_NATIVE=OFF), without the tests and benchmarks. Install it with
#   sudo apt-get install ./build-package/vecspace_*.deb
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${VECSPACE_PACKAGE_BUILD_DIR:-$root/build-package}
"$root/scripts/install-deps.sh" --package
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DVECSPACE_NATIVE=OFF -DVECSPACE_BUILD_APP=ON -DVECSPACE_BUILD_TESTS=OFF -DVECSPACE_BUILD_BENCH=OFF
cmake --build "$build" --parallel "$(nproc)"
(cd "$build" && cpack -G DEB)
ls "$build"/vecspace_*.deb
