#!/usr/bin/env bash
# Checks the Debian package as a new user would meet it: a minimal Debian 12 made fresh with
# debootstrap (no Qt, no compiler, nothing of ours), `apt-get install ./vecspace_*.deb` there,
# which must bring every dependency, then `vecspace-cli info` on the demo set the package ships,
# `vecspace --version` (Qt and its platform plugins load) and the files desktops look for.
# Usage (as root, with Debian's mirror reachable): scripts/check-package.sh [PACKAGE.deb]
# Builds the package first (scripts/package.sh) when none is named. The chroot is kept in
# $VECSPACE_CHROOT (default /var/tmp/vecspace-deb12) for the next run; delete it to start over.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
package=${1:-}
if [[ -z $package ]]; then
  bash "$root/scripts/package.sh"
  package=$(ls "$root"/build-package/vecspace_*.deb | tail -n 1)
fi
chroot_dir=${VECSPACE_CHROOT:-/var/tmp/vecspace-deb12}
if [[ ! -x $chroot_dir/usr/bin/apt-get ]]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  debootstrap --variant=minbase bookworm "$chroot_dir" http://deb.debian.org/debian
fi
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
mountpoint -q "$chroot_dir/proc" || mount --bind /proc "$chroot_dir/proc"
trap 'umount "$chroot_dir/proc" 2>/dev/null || true' EXIT
cp "$package" "$chroot_dir/tmp/"
name=$(basename "$package")
chroot "$chroot_dir" /bin/bash -euo pipefail -c "
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Without recommends, as the smallest machine would have it: the dependencies must suffice.
  apt-get install -y -qq --no-install-recommends ./tmp/$name >/dev/null
  echo '--- installed:'; dpkg -s vecspace | grep -E '^(Version|Depends):'
  echo '--- vecspace-cli info:'
  vecspace-cli info /usr/share/vecspace/demo/glove.6B.100d.top20k.npy
  echo '--- vecspace --version:'
  QT_QPA_PLATFORM=offscreen vecspace --version
  echo '--- files:'
  ls /usr/share/applications/vecspace.desktop /usr/share/icons/hicolor/scalable/apps/vecspace.svg \\
     /usr/share/man/man1/vecspace-cli.1*
"
echo "check-package: $name installs and runs on a fresh Debian 12"
