#!/usr/bin/env bash
# Smoke test of the built .deb (as root, on a Debian/Ubuntu machine with Xvfb, xdotool, ImageMagick):
# dpkg -i, start /usr/bin/coachdesk on a private Xvfb display, wait for its window, screenshot,
# list the packages whose libraries the process loaded and flag any the .deb does not depend on
# (directly or through its dependencies' Depends/Recommends), then dpkg -r.
# Usage: packaging/linux/smoke-test-deb.sh [DEB] [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=${1:-$(ls -t "${CARGO_TARGET_DIR:-target}"/debian/coachdesk_*.deb | head -n 1)}
shot=${2:-$PWD/coachdesk-deb-smoke.png}
tmp=$(mktemp -d)
xpid="" apid=""
cleanup() {
  [ -n "$apid" ] && kill "$apid" 2>/dev/null || true
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
  dpkg -r coachdesk >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

dpkg -i "$deb"
dpkg -L coachdesk | grep -E '^/usr/(bin|share/applications|share/icons/hicolor/(48x48|scalable))/'

display=:93
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
sleep 1
mkdir -m 700 "$tmp/run" "$tmp/home"
(cd / && env -u WAYLAND_DISPLAY DISPLAY="$display" XDG_RUNTIME_DIR="$tmp/run" \
   COACHDESK_HOME="$tmp/home" LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld" \
   /usr/bin/coachdesk >"$tmp/out.log" 2>&1) &
apid=$!
wid=""
for _ in $(seq 1 60); do
  wid=$(DISPLAY=$display xdotool search --name '^coachdesk$' 2>/dev/null | head -n 1) && [ -n "$wid" ] && break
  kill -0 "$apid" 2>/dev/null || { echo "coachdesk exited:"; cat "$tmp/out.log"; exit 1; }
  sleep 1
done
[ -n "$wid" ] || { echo "no coachdesk window after 60 s"; cat "$tmp/out.log"; exit 1; }
sleep 5  # let it draw its first frames
DISPLAY=$display xdotool getwindowgeometry "$wid"
DISPLAY=$display xprop -id "$wid" WM_CLASS _NET_WM_NAME || true
import -display "$display" -window root "$shot"
echo "screenshot: $shot"
kill -0 "$apid" 2>/dev/null && echo "coachdesk still running after its window appeared: OK"

# Which packages' libraries did it load, and are they all covered by the .deb's dependencies?
libs=$(cat "$tmp"/ld* | sed -n 's/.*calling init: \(\/.*\)$/\1/p' | sort -u)
owners=$(for l in $libs; do dpkg -S "$(readlink -f "$l")" 2>/dev/null || dpkg -S "$l" 2>/dev/null; done \
         | cut -d: -f1 | sort -u)
direct=$(dpkg-deb -f "$deb" Depends Recommends | cut -d: -f2 | tr ',|' '\n\n' \
         | sed 's/(.*)//; s/ //g' | grep -v '^$' | sort -u)
closure=$(apt-cache depends --recurse --no-suggests --no-conflicts --no-breaks --no-replaces \
          --no-enhances $direct 2>/dev/null | grep -v '^ ' | tr -d '<>' | sort -u)
echo "packages whose libraries were loaded: $(echo $owners)"
uncovered=$(comm -23 <(echo "$owners") <(echo "$closure"))
if [ -n "$uncovered" ]; then echo "NOT covered by Depends/Recommends: $(echo $uncovered)"; else echo "all covered"; fi
