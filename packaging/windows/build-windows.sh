#!/usr/bin/env bash
# Cross-compiles coachdesk.exe for 64-bit Windows on Debian/Ubuntu and builds the installers:
#   coachdesk-<version>-setup.exe  NSIS, per-user, no admin rights (makensis from Debian's nsis)
#   coachdesk-<version>-x64.msi    per-machine MSI from coachdesk.wxs (wixl from msitools, if installed)
# Usage: packaging/windows/build-windows.sh [--debug]    (--debug: faster debug build, for testing)
# Output: $CARGO_TARGET_DIR/windows (default target/windows). Run as root to apt-install missing tools.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
triple=x86_64-pc-windows-gnu
target_dir=${CARGO_TARGET_DIR:-$root/target}
out=$target_dir/windows
profile=release
[ "${1:-}" = "--debug" ] && profile=debug
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

# Tools: Rust target, MinGW (linker + C compiler for aws-lc-sys / sqlite), makensis, wixl (optional).
rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
missing=""
command -v x86_64-w64-mingw32-gcc >/dev/null || missing="$missing gcc-mingw-w64-x86-64"
command -v makensis >/dev/null || missing="$missing nsis"
command -v wixl >/dev/null || missing="$missing wixl"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "please install:$missing (apt-get install$missing)" >&2
  fi
fi

# Windows resources: the exe's icon (coachdesk.ico) and version information.
mkdir -p "$out"
IFS=. read -r major minor patch <<<"${version%%-*}"
cat > "$out/coachdesk.rc" <<RC
#include <winver.h>
1 ICON "$here/coachdesk.ico"
1 VERSIONINFO
FILEVERSION $major,$minor,$patch,0
PRODUCTVERSION $major,$minor,$patch,0
FILEOS VOS_NT_WINDOWS32
FILETYPE VFT_APP
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "041304B0"
    BEGIN
      VALUE "CompanyName", "coachdesk developers"
      VALUE "FileDescription", "coachdesk"
      VALUE "FileVersion", "$version"
      VALUE "InternalName", "coachdesk"
      VALUE "OriginalFilename", "coachdesk.exe"
      VALUE "ProductName", "coachdesk"
      VALUE "ProductVersion", "$version"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0413, 1200
  END
END
RC
x86_64-w64-mingw32-windres "$out/coachdesk.rc" -O coff -o "$out/coachdesk-res.o"

# The resource object is linked into the binary only (no build script or extra crate needed).
profile_flag=()
[ "$profile" = release ] && profile_flag=(--release)
cargo rustc --locked "${profile_flag[@]}" --target "$triple" --bin coachdesk -- \
  -C "link-arg=$out/coachdesk-res.o"
exe="$target_dir/$triple/$profile/coachdesk.exe"
cp "$exe" "$out/coachdesk.exe"
[ "$profile" = debug ] && x86_64-w64-mingw32-strip --strip-debug "$out/coachdesk.exe"

# NSIS installer (per-user). makensis resolves relative paths from the .nsi's folder.
makensis -V2 "-XTarget amd64-unicode" -DVERSION="$version" -DEXE="$out/coachdesk.exe" -DREADME="$root/README.md" \
  -DOUTFILE="$out/coachdesk-$version-setup.exe" "$here/coachdesk.nsi"

# MSI (per-machine) with wixl; wixl wants source paths relative to the .wxs, so stage them.
if command -v wixl >/dev/null; then
  stage=$(mktemp -d)
  cp "$here/coachdesk.wxs" "$here/coachdesk.ico" "$out/coachdesk.exe" "$stage/"
  cp README.md "$stage/README.md"
  (cd "$stage" && wixl -a x64 -D Version="$version" -D ExePath=coachdesk.exe -D Readme=README.md \
     -o "$out/coachdesk-$version-x64.msi" coachdesk.wxs)
  rm -rf "$stage"
fi
echo "built in $out:"
ls -l "$out"/coachdesk.exe "$out"/coachdesk-"$version"-*
