#!/usr/bin/env bash
# Builds the Debian/Ubuntu package with cargo-deb into $CARGO_TARGET_DIR/debian (default target/debian).
# Usage: packaging/linux/build-deb.sh [--no-build]   (--no-build: reuse an existing release build)
set -euo pipefail
cd "$(dirname "$0")/../.."

build=1
[ "${1:-}" = "--no-build" ] && build=0

if ! cargo deb --version >/dev/null 2>&1; then
  echo "cargo-deb missing: installing it (about 1.5 min)"
  cargo install cargo-deb --locked
fi
if [ "$build" = 1 ]; then
  cargo build --release --locked --bin coachdesk
fi
# cargo-deb reads [package.metadata.deb] in Cargo.toml and finds the binary in $CARGO_TARGET_DIR.
cargo deb --no-build --locked
deb=$(ls -t "${CARGO_TARGET_DIR:-target}"/debian/coachdesk_*.deb | head -n 1)
echo "built: $deb"
dpkg-deb --info "$deb" | sed -n '/ Package:/,$p'
dpkg-deb --contents "$deb" | awk '{print $6}'
