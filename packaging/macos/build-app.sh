#!/usr/bin/env bash
# Builds the macOS app bundle coachdesk.app (Contents/MacOS, Contents/Resources, Info.plist) from a
# built binary. Run on a Mac:
#   packaging/macos/build-app.sh --build        # cargo build --release for both Mac CPUs, then bundle
#   packaging/macos/build-app.sh [BINARY]       # bundle an existing binary (default: release build)
# Both Mac targets built → one universal binary (lipo). Output: $OUT_DIR (default
# $CARGO_TARGET_DIR/macos or target/macos)/coachdesk.app and, where `ditto` exists, coachdesk-<version>-macos.zip.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
out_dir=${OUT_DIR:-$target_dir/macos}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

if [ "${1:-}" = "--build" ]; then
  shift
  for t in aarch64-apple-darwin x86_64-apple-darwin; do
    rustup target add "$t" >/dev/null
    cargo build --release --locked --bin coachdesk --target "$t"
  done
fi

app="$out_dir/coachdesk.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"

arm="$target_dir/aarch64-apple-darwin/release/coachdesk"
x86="$target_dir/x86_64-apple-darwin/release/coachdesk"
if [ -n "${1:-}" ]; then
  install -m 755 "$1" "$app/Contents/MacOS/coachdesk"
elif [ -f "$arm" ] && [ -f "$x86" ] && command -v lipo >/dev/null; then
  lipo -create -output "$app/Contents/MacOS/coachdesk" "$arm" "$x86"
elif [ -f "$arm" ]; then
  install -m 755 "$arm" "$app/Contents/MacOS/coachdesk"
elif [ -f "$x86" ]; then
  install -m 755 "$x86" "$app/Contents/MacOS/coachdesk"
else
  install -m 755 "$target_dir/release/coachdesk" "$app/Contents/MacOS/coachdesk"
fi

sed "s/@VERSION@/$version/g" "$here/Info.plist" > "$app/Contents/Info.plist"
printf 'APPL????' > "$app/Contents/PkgInfo"
cp "$here/coachdesk.icns" "$app/Contents/Resources/coachdesk.icns"
cp README.md "$app/Contents/Resources/README.md"

if command -v plutil >/dev/null; then plutil -lint "$app/Contents/Info.plist"; fi
# Ad-hoc signature so Apple Silicon runs the copied bundle; a Developer ID signature and
# notarisation (codesign --sign "Developer ID Application: …" + notarytool) replace it for release.
if command -v codesign >/dev/null; then
  codesign --force --deep --sign "${CODESIGN_IDENTITY:--}" "$app"
fi
if command -v ditto >/dev/null; then
  ditto -c -k --keepParent "$app" "$out_dir/coachdesk-$version-macos.zip"
fi
echo "built: $app"
find "$app" -type f | sort
