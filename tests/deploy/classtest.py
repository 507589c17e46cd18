"""What the class server's tests share: their requirements, one run at a time, ports, timings.

test_class_server.py runs the class server on this machine; test_systemd_spawner.py runs it in a
container booted by systemd (systemd-nspawn). Both build the course's venv once in CACHE.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLASS_SERVER = REPO / "deploy" / "class-server"
CACHE = Path("/var/cache/dlf-class-test")  # the course's venv, kept between runs, and the lock of one run at a time


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def skip_or_fail(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the class server's test must run)", pytrace=False)
    pytest.skip(reason)


def missing_requirement() -> str | None:
    """Why the test cannot run here, or None."""
    if sys.platform != "linux" or os.geteuid() != 0:
        return (
            "the class server's test runs as root on Linux (it creates Unix users): run make test as root, as CI does"
        )
    for program, hint in [
        ("useradd", "passwd"),
        ("runuser", "util-linux"),
        ("npm", "nodejs npm"),
        ("bwrap", "bubblewrap"),
        ("chromium", "chromium"),
    ]:
        if not shutil.which(program):
            return f"{program} not found: apt-get install {hint}"
    python = subprocess.run(
        ["/usr/bin/python3", "-c", "import sys, ensurepip; assert sys.version_info >= (3, 11)"], capture_output=True
    )
    if python.returncode != 0:
        return "/usr/bin/python3 (>= 3.11, with venv) is needed for the users' servers: apt-get install python3-venv"
    from coursegrader.pgcluster import MISSING, server_bin

    if server_bin() is None:
        return MISSING
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: pip install -r requirements.lock"
    return None


# --- timing -------------------------------------------------------------------------------------------


class Steps:
    """Seconds per step of the test, printed at the end."""

    def __init__(self):
        self.rows, self.start = [], time.monotonic()
        self.last = self.start

    def done(self, what: str) -> None:
        now = time.monotonic()
        self.rows.append((what, now - self.last))
        self.last = now

    def table(self) -> str:
        lines = [f"{seconds:7.1f} s  {what}" for what, seconds in self.rows]
        return "\n".join([*lines, f"{time.monotonic() - self.start:7.1f} s  in all"])


# --- the class ----------------------------------------------------------------------------------------


def free_base_port() -> int:
    """A port P such that P..P+3 are free on 127.0.0.1 (the hub, the proxy's API, the hub's API, the Formgrader)."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = sock.getsockname()[1]
        if base > 65000:
            continue
        try:
            for port in range(base, base + 4):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no four free consecutive ports on 127.0.0.1")


@contextmanager
def one_run_at_a_time():
    """Hold CACHE/lock: the cached venv (and the machine's /etc/jupyter) serve one class-server test at a time."""
    reason = missing_requirement()
    if reason:
        skip_or_fail(reason)
    CACHE.mkdir(mode=0o755, exist_ok=True)
    with open(CACHE / "lock", "w") as lock:
        deadline = time.monotonic() + 900
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    skip_or_fail("another class-server test held /var/cache/dlf-class-test/lock for 15 minutes")
                time.sleep(2)
        yield
