#!/usr/bin/env bash
# Makes the README's screenshots from the running app: an Xvfb display, the built-in demo, xdotool
# clicks, ImageMagick's `import`. Needs: xvfb xdotool imagemagick (Debian packages).
# Usage: bash docs/screenshots.sh [path/to/coachdesk]   (default: target/debug/coachdesk)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/coachdesk}
out=docs/screenshots
mkdir -p "$out"
home=$(mktemp -d)
export XDG_RUNTIME_DIR=$(mktemp -d); chmod 700 "$XDG_RUNTIME_DIR"
Xvfb :93 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=:93
unset WAYLAND_DISPLAY
COACHDESK_HOME=$home "$bin" >/dev/null 2>&1 &
app=$!
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$home"' EXIT
shot() { sleep "${2:-1}"; import -window root "$out/$1.png"; echo "$out/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; }
sleep 8
shot welcome 0
click 640 165; sleep 4            # Demo proberen
click 682 43; sleep 1             # Laatste 7 dagen
click 74 66; sleep 9              # Wijzigingen ophalen (then names are looked up)
xdotool mousemove 300 281; sleep 1  # hover first: the window takes the first click as focus
click 300 281                     # a row: details
shot browse 1
click 219 12; sleep 3             # Inschrijven
shot enrol 1
click 297 12                      # Outbox
shot outbox 2
click 376 12                      # Instellingen
shot settings 1
