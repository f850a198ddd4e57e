"""Drives the real coachdesk binary through its accessibility tree (AT-SPI), the way a screen
reader does: widgets are found by role and accessible name, clicked with their AT-SPI action,
typed into with xdotool after focusing them, and read back through AT-SPI. The X clipboard is
reached with xclip. Nothing here uses screen coordinates or fixed sleeps where a wait works.

Runs inside the session that `tests/desktop/run` prepares (D-Bus, AT-SPI bus with IsEnabled,
gnome-keyring, Xvfb); it is plain Python on Debian's python3-pyatspi."""

import json
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pyatspi

BIN = os.environ.get("COACHDESK_BIN", "target/debug/coachdesk")


class Timeout(AssertionError):
    pass


def wait_for(fn, timeout=20.0, what="a condition"):
    """Polls `fn` until it returns something true; raises Timeout naming `what`."""
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            value = fn()
            if value:
                return value
        except Exception as e:  # a widget vanished while we looked: look again
            last = e
        time.sleep(0.15)
    raise Timeout(f"timed out after {timeout:.0f} s waiting for {what} (last error: {last!r})")


def _matches(pattern, text):
    if pattern is None:
        return True
    if isinstance(pattern, re.Pattern):
        return bool(pattern.search(text or ""))
    return text == pattern


def walk(acc, depth=0, max_depth=40):
    """Every accessible below `acc` (depth first), skipping nodes that vanish while walked."""
    if acc is None or depth > max_depth:
        return
    yield acc
    try:
        n = acc.childCount
    except Exception:
        return
    for i in range(n):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, max_depth)


def describe(acc):
    try:
        return f"{acc.getRoleName()} {acc.name!r}"
    except Exception:
        return "<gone>"


class App:
    """One running coachdesk process with its own COACHDESK_HOME."""

    def __init__(self, home=None, env=None, args=(), lang=None):
        self.home = home or tempfile.mkdtemp(prefix="coachdesk-desktop-")
        self.log_path = os.path.join(self.home, "app-output.log")
        e = dict(os.environ)
        e["COACHDESK_HOME"] = self.home
        e.pop("WAYLAND_DISPLAY", None)
        e.update(env or {})
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([BIN, *args], env=e, stdout=self.log, stderr=self.log)
        self.root = wait_for(self._find_app, 90, "coachdesk on the accessibility bus")
        self.wid = None

    def _find_app(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"coachdesk exited with {self.proc.returncode}: {self.output()}")
        desk = pyatspi.Registry.getDesktop(0)
        for i in range(desk.childCount):
            a = desk.getChildAtIndex(i)
            if a is not None and a.name == "coachdesk" and a.get_process_id() == self.proc.pid:
                if a.childCount > 0:
                    return a
        return None

    def output(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-3000:]
        except OSError:
            return ""

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()

    # ---- finding ----------------------------------------------------------------------------

    def all(self, role=None, name=None, within=None):
        out = []
        for acc in walk(within or self.root):
            try:
                if role is not None and acc.getRoleName() not in ((role,) if isinstance(role, str) else role):
                    continue
                if not _matches(name, acc.name):
                    continue
            except Exception:
                continue
            out.append(acc)
        return out

    def query(self, role=None, name=None, within=None):
        found = self.all(role, name, within)
        return found[0] if found else None

    def find(self, role=None, name=None, within=None, timeout=20.0):
        return wait_for(lambda: self.query(role, name, within), timeout,
                        f"{role or 'any widget'} {name!r}")

    def gone(self, role=None, name=None, timeout=20.0):
        wait_for(lambda: self.query(role, name) is None, timeout, f"{role} {name!r} to go away")

    def texts(self, within=None):
        """Every accessible name and text value on screen (what a screen reader can say)."""
        out = []
        for acc in walk(within or self.root):
            try:
                if acc.name:
                    out.append(acc.name)
                value = self.value(acc)
                if value and value != acc.name:
                    out.append(value)
            except Exception:
                continue
        return out

    def screen_text(self):
        return "\n".join(self.texts())

    def wait_text(self, pattern, timeout=30.0):
        """Waits until some accessible name or value matches `pattern` (a str is a substring)."""
        if isinstance(pattern, str):
            pattern = re.compile(re.escape(pattern))
        def look():
            for t in self.texts():
                m = pattern.search(t)
                if m:
                    return t
            return None
        return wait_for(look, timeout, f"text {pattern.pattern!r}")

    # ---- acting -----------------------------------------------------------------------------

    def click(self, role=None, name=None, within=None, timeout=20.0):
        """Clicks the widget with its AT-SPI action once it is there and enabled. A widget that is
        redrawn while we reach for it (egui rebuilds the tree every frame) is looked up again."""
        given = name if hasattr(name, "queryAction") else None
        def attempt():
            acc = given or self.query(role, name, within)
            if acc is None or not self._enabled(acc):
                return None
            acc.queryAction().doAction(0)
            return acc
        return wait_for(attempt, timeout, f"{role or 'widget'} {describe(given) if given else name!r} to click")

    @staticmethod
    def _enabled(acc):
        return acc.getState().contains(pyatspi.STATE_ENABLED)

    def window(self):
        if self.wid is None:
            out = wait_for(lambda: subprocess.run(
                ["xdotool", "search", "--pid", str(self.proc.pid)],
                capture_output=True, text=True).stdout.split(), 20, "the app's X window")
            self.wid = out[-1]
        return self.wid

    def focus(self, acc):
        subprocess.run(["xdotool", "windowfocus", "--sync", self.window()], check=True)
        def focused():
            if acc.getState().contains(pyatspi.STATE_FOCUSED):
                return True
            acc.queryComponent().grabFocus()
            return False
        wait_for(focused, 10, f"{describe(acc)} to take the focus")

    def type_into(self, role, name, text, clear=True, within=None, check=True):
        """Focuses the field and types `text` with xdotool (real key events); a field that can be
        read back is checked and retyped if a key was lost (Xvfb without a window manager drops
        one now and then)."""
        acc = name if hasattr(name, "queryComponent") else self.find(role, name, within)
        for attempt in range(3):
            self.focus(acc)
            if clear:
                self.key("ctrl+a", "BackSpace")
            if text:
                subprocess.run(["xdotool", "type", "--delay", "25", text], check=True)
            if not check or not clear or role == "password text":
                return acc
            try:
                wait_for(lambda: self.value(acc) == text, 3, "the typed text")
                return acc
            except Timeout:
                continue
        raise AssertionError(f"could not type {text!r} into {describe(acc)}: it shows {self.value(acc)!r}")

    def key(self, *keys):
        subprocess.run(["xdotool", "windowfocus", "--sync", self.window()], check=True)
        subprocess.run(["xdotool", "key", "--delay", "40", *keys], check=True)

    @staticmethod
    def value(acc):
        try:
            t = acc.queryText()
            return t.getText(0, t.characterCount)
        except Exception:
            return None

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], check=False)

    def dump(self):
        lines = []
        def rec(acc, depth):
            try:
                lines.append("  " * depth + describe(acc) + (f" = {self.value(acc)!r}" if self.value(acc) else ""))
                for i in range(acc.childCount):
                    rec(acc.getChildAtIndex(i), depth + 1)
            except Exception:
                pass
        rec(self.root, 0)
        return "\n".join(lines)


# ---- the system clipboard (X CLIPBOARD selection) ----------------------------------------------

def clipboard_put(text):
    p = subprocess.Popen(["xclip", "-selection", "clipboard", "-i"], stdin=subprocess.PIPE)
    p.communicate(text.encode("utf-8"))


def clipboard_get():
    r = subprocess.run(["xclip", "-selection", "clipboard", "-o"], capture_output=True, timeout=10)
    return r.stdout.decode("utf-8", "replace") if r.returncode == 0 else ""


def clipboard_clear():
    clipboard_put("")


# ---- the simulator as a separate process, read through its public API ----------------------------

class Sim:
    """`coachdesk sim` on a free port; `get` reads it as any API client would."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([BIN, "sim", "--addr", "127.0.0.1:0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if not m:
            raise AssertionError(f"the simulator did not start: {line}")
        self.url = m.group(1)
        self._token = None

    def token(self, client="demo", secret="demo"):
        body = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": client,
                                       "client_secret": secret}).encode()
        with urllib.request.urlopen(self.url + "/auth/connect/token", body, timeout=10) as r:
            return json.load(r)["access_token"]

    def get(self, path, **params):
        if self._token is None:
            self._token = self.token()
        url = f"{self.url}/api/v1/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {self._token}",
                                                   "Accept": "application/json"})
        with urllib.request.urlopen(req, timeout=20) as r:
            return json.load(r)

    def webaanvragen(self):
        out, skip = [], 0
        while True:
            page = self.get("Webaanvragen", skip=skip, take=100)
            out += page
            if len(page) < 100:
                return out
            skip += 100

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
