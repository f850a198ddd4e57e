#!/usr/bin/env bash
# Regenerates the committed platform icons from assets/ (needs ImageMagick `convert` and python3):
#   packaging/windows/coachdesk.ico  (16, 32, 48, 64, 128, 256 px)
#   packaging/macos/coachdesk.icns   (16…512 pt, 1x and @2x; the 1024 px image is rendered from icon.svg)
set -euo pipefail
cd "$(dirname "$0")/.."
a=assets
convert "$a/icon-16.png" "$a/icon-32.png" "$a/icon-48.png" "$a/icon-64.png" \
        "$a/icon-128.png" "$a/icon-256.png" packaging/windows/coachdesk.ico
identify packaging/windows/coachdesk.ico

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$a"/icon-*.png "$tmp/"
convert -background none -density 1152 "$a/icon.svg" -resize 1024x1024 "PNG32:$tmp/icon-1024.png"
python3 packaging/macos/make-icns.py "$tmp" packaging/macos/coachdesk.icns
