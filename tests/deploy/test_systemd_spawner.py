"""The class server where systemd runs the machine: each user's server is a systemd unit with limits.

A Debian server boots with systemd, and there ``class-server up`` (``--spawner auto``) chooses
SystemdSpawner. This machine (and CI's) may not run systemd as PID 1, so the test boots one: a
container (``systemd-nspawn --boot``) whose root is this machine's root under a throwaway overlay
(writes go to a tmpfs: users, /etc and /srv created in it vanish with it), sharing the network, so
the hub inside answers on 127.0.0.1. In it the test

1. runs ``class-server up`` (``--auth dummy``: one shared password; ``--mem-limit 1G --cpu-limit 0.5
   --cull-after 20``) and checks that it chose the systemd spawner;
2. logs two students in over HTTP, as a browser would (the hub's login form, its OAuth redirects):
   each gets their own JupyterLab through the hub's proxy;
3. checks each user's unit: active, run as that user (uid), the memory and CPU limits in systemd and
   in the kernel's cgroup, a private /tmp, no new privileges;
4. waits for the idle culler to stop the servers (their units are gone);
5. ``class-server down --purge`` leaves no unit and no user behind.

It needs what test_class_server.py needs (root, npm, Debian's Python) and systemd-nspawn
(``apt-get install systemd systemd-container``); skipped without, failing under CI=true. On a
machine where even root may not mount (an unprivileged container) it is skipped, saying so.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from classtest import CACHE, CLASS_SERVER, REPO, Steps, free_base_port, one_run_at_a_time, skip_or_fail

pytestmark = [pytest.mark.slow]

PASSWORD = "shared-trial-password"
MEM_LIMIT, MEM_BYTES = "1G", 1 << 30
CPU_LIMIT, CPU_QUOTA = "0.5", "500ms"  # systemd's CPUQuotaPerSecUSec for 50 %
CULL_AFTER = 20  # s


class Container:
    """A systemd-booted container over this machine's root (overlay on a tmpfs), sharing its network."""

    def __init__(self, binds: list):
        self.folder = Path(tempfile.mkdtemp(prefix="dlf-systemd-test-", dir="/var/tmp"))
        self.root, self.layer = self.folder / "root", self.folder / "layer"
        self.root.mkdir()
        self.layer.mkdir()
        self.name = f"dlf-sd-{secrets.token_hex(3)}"
        self.binds = binds
        self.nspawn = None
        self.pid1 = None

    def mount(self) -> str | None:
        """Mount the throwaway root (a tmpfs layer over /); the reason why not where the machine forbids it."""
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4G", "tmpfs", str(self.layer)], capture_output=True)
        if done.returncode != 0:
            return f"this machine does not let root mount a tmpfs ({done.stderr.decode().strip()}): an unprivileged container?"
        (self.layer / "upper").mkdir()
        (self.layer / "work").mkdir()
        options = f"lowerdir=/,upperdir={self.layer / 'upper'},workdir={self.layer / 'work'}"
        done = subprocess.run(["mount", "-t", "overlay", "overlay", "-o", options, str(self.root)], capture_output=True)
        if done.returncode != 0:
            return f"this machine does not let root mount an overlay of / ({done.stderr.decode().strip()})"
        return None

    def boot(self, timeout: float = 120) -> None:
        self.log = open(self.folder / "boot.log", "wb")
        self.nspawn = subprocess.Popen(
            [
                "systemd-nspawn",
                f"--directory={self.root}",
                f"--machine={self.name}",
                "--register=no",  # no systemd on the outside to register with
                "--keep-unit",
                "--link-journal=no",
                *(f"--bind={path}" for path in self.binds),
                "--boot",
                "systemd.unit=basic.target",  # no getty, no PostgreSQL of the image: systemd and what it needs
            ],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.nspawn.poll() is None:
            self.pid1 = self.pid1 or self._find_pid1()
            if self.pid1:
                state = self.run("systemctl", "is-system-running", check=False).stdout.strip()
                if state in ("running", "degraded"):
                    return
            time.sleep(0.5)
        raise AssertionError(f"systemd did not boot in the container:\n{self.boot_log()}")

    def _find_pid1(self) -> int | None:
        """The container's PID 1 as this machine sees it: the child of nspawn that is PID 1 of a new namespace."""
        try:
            children = Path(f"/proc/{self.nspawn.pid}/task/{self.nspawn.pid}/children").read_text().split()
            for child in children:
                nspid = re.search(r"NSpid:\s+(.*)", Path(f"/proc/{child}/status").read_text())[1].split()
                if nspid[-1:] == ["1"] and len(nspid) == 2:
                    return int(child)
        except (OSError, TypeError):
            pass  # nspawn or its child is just starting or gone
        return None

    def run(self, *cmd, check=True, timeout=900) -> subprocess.CompletedProcess:
        """Run a command inside the container (its mounts, PIDs, /etc and systemd)."""
        done = subprocess.run(
            ["nsenter", f"--target={self.pid1}", "--mount", "--pid", "--uts", "--ipc", "--", *map(str, cmd)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            pytest.fail(
                f"in the container, {' '.join(map(str, cmd))} failed:\n{done.stdout}{done.stderr}", pytrace=False
            )
        return done

    def boot_log(self) -> str:
        return (self.folder / "boot.log").read_text(errors="replace")[-3000:]

    def destroy(self) -> None:
        if self.nspawn and self.nspawn.poll() is None:
            if self.pid1:
                self.run("systemctl", "poweroff", check=False, timeout=30)
            try:
                self.nspawn.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.nspawn.send_signal(signal.SIGKILL)
                self.nspawn.wait(timeout=30)
        for mount in (self.root, self.layer):
            subprocess.run(["umount", "--lazy", str(mount)], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def missing_nspawn() -> str | None:
    if not shutil.which("systemd-nspawn") or not Path("/lib/systemd/systemd").exists():
        return "systemd-nspawn not found (the test boots systemd in a container): apt-get install systemd systemd-container"
    if not shutil.which("nsenter"):
        return "nsenter not found: apt-get install util-linux"
    return None


@pytest.fixture(scope="module")
def container(timing_report):
    with one_run_at_a_time():
        reason = missing_nspawn()
        if reason:
            skip_or_fail(reason)
        steps = Steps()
        box = Container(binds=[REPO, CACHE])
        try:
            cannot = box.mount()
            if cannot:  # not a missing package: the machine's privileges (the class server's own test still runs)
                pytest.skip(f"{cannot}; the test boots systemd in a container over an overlay of /")
            box.boot()
            steps.done("systemd boots in a container (overlay of this machine's root)")
            box.steps = steps
            yield box
        finally:
            box.destroy()
            steps.done("container powered off and removed")
            timing_report("the class server under systemd: seconds per step", steps.table())


def log_in(url: str, user: str) -> urllib.request.OpenerDirector:
    """An HTTP client with the cookies of ``user`` logged in (the hub's form, then its redirects to JupyterLab)."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = browser.open(f"{url}/hub/login", timeout=30).read().decode()
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
    form = {"username": user, "password": PASSWORD, **({"_xsrf": xsrf[1]} if xsrf else {})}
    landing = browser.open(f"{url}/hub/login", data=urllib.parse.urlencode(form).encode(), timeout=180).url
    deadline = time.monotonic() + 180
    while f"/user/{user}/" not in landing and time.monotonic() < deadline:  # a slow start: the spawn-pending page
        time.sleep(1)
        landing = browser.open(f"{url}/hub/user/{user}/lab", timeout=180).url
    assert f"/user/{user}/" in landing, f"{user} did not reach their server: {landing}"
    return browser


def memory_limit_file(box: Container, group: str) -> str | None:
    """The kernel's file of the memory limit of cgroup ``group``, or None where the container cannot set it.

    On a cgroup v2 machine (Debian 12 booted as usual) systemd owns the memory controller; on a host
    with cgroup v1 controllers (like some CI VMs), systemd-nspawn mounts them read-only in the container,
    so systemd records MemoryMax but the kernel does not enforce it there.
    """
    controllers = box.run("cat", "/sys/fs/cgroup/cgroup.controllers", check=False).stdout.split()
    if "memory" in controllers:
        return f"/sys/fs/cgroup{group}/memory.max"
    options = box.run("findmnt", "--noheadings", "--output=OPTIONS", "/sys/fs/cgroup/memory", check=False).stdout
    if options.startswith("rw"):
        return f"/sys/fs/cgroup/memory{group}/memory.limit_in_bytes"
    return None


def unit_properties(box: Container, unit: str) -> dict:
    names = "ActiveState,User,MainPID,MemoryMax,CPUQuotaPerSecUSec,PrivateTmp,NoNewPrivileges,ControlGroup"
    text = box.run("systemctl", "show", unit, f"--property={names}").stdout
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_each_users_server_is_a_systemd_unit_with_limits_and_the_culler_stops_it(container):
    box, steps = container, container.steps
    suffix = secrets.token_hex(2)
    people = {"teacher": f"dlfs{suffix}-teacher", "ada": f"dlfs{suffix}-ada", "bob": f"dlfs{suffix}-bob"}
    roster = box.root / "roster.csv"  # /roster.csv in the container
    roster.write_text(f"student_id,role\n{people['teacher']},instructor\n{people['ada']},\n{people['bob']},\n")
    port = free_base_port()
    url = f"http://127.0.0.1:{port}"
    up = box.run(
        sys.executable,
        CLASS_SERVER,
        "up",
        "/roster.csv",
        f"--port={port}",
        f"--prefix={CACHE}",
        "--auth=dummy",
        f"--dummy-password={PASSWORD}",
        f"--mem-limit={MEM_LIMIT}",
        f"--cpu-limit={CPU_LIMIT}",
        f"--cull-after={CULL_AFTER}",
    )
    assert "jupyter-<user>-singleuser (SystemdSpawner)" in up.stdout, up.stdout
    steps.done("class-server up (spawner auto: systemd)")

    for student in (people["ada"], people["bob"]):
        browser = log_in(url, student)
        status = json.loads(browser.open(f"{url}/user/{student}/api/status", timeout=60).read())
        assert "started" in status, status
        unit = f"jupyter-{student}-singleuser"
        props = unit_properties(box, unit)
        uid = box.run("id", "-u", student).stdout.strip()
        runs_as = box.run("ps", "-o", "uid=", "-p", props["MainPID"]).stdout.strip()
        assert props["ActiveState"] == "active" and runs_as == uid, (props, runs_as, uid)
        assert (props["MemoryMax"], props["CPUQuotaPerSecUSec"]) == (str(MEM_BYTES), CPU_QUOTA), props
        assert (props["PrivateTmp"], props["NoNewPrivileges"]) == ("yes", "yes"), props
        # the kernel holds the limit in the unit's cgroup, where systemd in the container owns the memory controller
        limit_file = memory_limit_file(box, props["ControlGroup"])
        if limit_file:
            assert box.run("cat", limit_file).stdout.strip() == str(MEM_BYTES), limit_file
        enforced = "the kernel's too" if limit_file else "not the kernel's: cgroup-v1 host, read-only in the container"
        steps.done(f"{student}: logs in, a JupyterLab in its unit with systemd's limits ({enforced})")

    deadline = time.monotonic() + 6 * CULL_AFTER
    units = ["jupyter-" + people[s] + "-singleuser" for s in ("ada", "bob")]
    while time.monotonic() < deadline:
        active = [u for u in units if box.run("systemctl", "is-active", u, check=False).stdout.strip() == "active"]
        if not active:
            break
        time.sleep(2)
    assert not active, f"the idle culler did not stop {active} within {6 * CULL_AFTER} s"
    steps.done(f"the idle culler stops both servers (idle {CULL_AFTER} s)")

    box.run(sys.executable, CLASS_SERVER, "down", "--purge")
    left = box.run("systemctl", "list-units", "--all", "--plain", "--no-legend", "jupyter-*").stdout.strip()
    users = [name for name in people.values() if box.run("id", name, check=False).returncode == 0]
    assert not left and not users, f"after down --purge: units {left!r}, users {users}"
    steps.done("class-server down --purge")
