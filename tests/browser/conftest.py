"""Browser tests: the course in JupyterLab, driven by a real headless Chromium.

One JupyterLab server and one browser serve the whole session; every test gets its own
browser context and page, and a JupyterLab workspace of its own.

The server is the project's own JupyterLab (``sys.executable -m jupyter lab``, so the
environment that runs pytest), on 127.0.0.1, on a free port, with a random token. It runs
in a temporary COPY of the course (lectures/, exercises/, solutions/, nbgrader_config.py),
so the tests never touch the repository's files, and it is isolated from the user's HOME
and Jupyter configuration: HOME, JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR, JUPYTER_RUNTIME_DIR,
IPYTHONDIR and the XDG folders all point into a temporary folder. Extensions (ipywidgets,
nbgrader) still load: they live in the environment's share/jupyter and etc/jupyter, which
Jupyter always searches. nbgrader's exchange is a temporary folder too (NBGRADER_EXCHANGE,
read by the course's nbgrader_config.py).

Chromium is the system one (Debian packages chromium and chromium-driver); Playwright
never downloads a browser here. Without a Chromium every browser test is skipped with the
reason; with CI=true a missing Chromium (or Playwright) fails them instead.

On a failure, the test report carries the tail of the server log and the page's console
errors. At the end of the session a table gives the time of every browser test.

The tests drive JupyterLab through its own application object (``window.jupyterapp``,
exposed with ``--LabApp.expose_app_in_browser``) where a person would use a command, and
through the page (menus, toolbar buttons, the cell editor, widgets) where the point is to
test what a person clicks.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
COURSE_ITEMS = ("lectures", "exercises", "solutions", "nbgrader_config.py")
INSTALL_HINT = "Chromium not found: install it with apt-get install chromium chromium-driver"
CHROMIUM_ARGS = [
    "--no-sandbox",  # we may run as root (CI containers)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # the network may be closed: no update or
    "--disable-component-update",  # component fetches, hence no refused-connection
    "--disable-sync",  # noise in the logs
]
SERVER_START_TIMEOUT = 120  # s; a loaded 2-core machine needs ~10 s
SERVER_LOG_TAIL = 80  # lines of the server log attached to a failing test

_console_key = pytest.StashKey[list]()
_durations: list[tuple[str, str, float]] = []
_skip_reason: list[str] = []


# ----------------------------------------------------------------------------- discovery


def in_ci() -> bool:
    """True when the environment says we run in CI (CI=true, as GitHub Actions and .ci/run set)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_chromium() -> str | None:
    """The system Chromium: $CHROMIUM if set, else chromium or chromium-browser on PATH."""
    candidates = [os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "/usr/bin/chromium"]
    for name in candidates:
        path = shutil.which(name) if name else None
        if path:
            return path
    return None


def missing_requirement() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if find_chromium() is None:
        return INSTALL_HINT
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: pip install -r requirements.lock"
    return None


@pytest.hookimpl(trylast=True)  # after `-m` / `-k` deselection: no banner for deselected tests
def pytest_collection_modifyitems(config, items):
    """Skip the browser tests, saying why, when no Chromium is found (fail them under CI=true)."""
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    reason = missing_requirement()
    if reason is None or in_ci():
        return  # under CI the fixtures fail with the reason
    _skip_reason.append(reason)
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


# ----------------------------------------------------------------------------- reporting


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the server log tail and the page's console errors to a failing browser test."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and item.get_closest_marker("browser"):
        _durations.append((item.nodeid, report.outcome, report.duration))
    if not report.failed or not item.get_closest_marker("browser"):
        return
    lab = item.funcargs.get("lab")
    if isinstance(lab, JupyterLab):
        report.sections.append(("JupyterLab server log (tail)", lab.log_tail()))
    console = item.stash.get(_console_key, None)
    if console:
        report.sections.append(("browser console errors", "\n".join(console[-40:])))


def pytest_terminal_summary(terminalreporter):
    """Say loudly that the browser tests were skipped, or how long each one took."""
    if _skip_reason:
        terminalreporter.write_sep("=", "browser tests SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(f"{_skip_reason[0]} (with CI=true this is an error)")
    if _durations:
        terminalreporter.write_sep("-", "browser tests: seconds per test")
        for nodeid, outcome, seconds in _durations:
            terminalreporter.write_line(f"{seconds:7.1f} s  {outcome:7s}  {nodeid}")
        total = sum(seconds for _, _, seconds in _durations)
        terminalreporter.write_line(f"{total:7.1f} s  in all (without server and browser start-up)")


# ----------------------------------------------------------------------------- the server


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(root: Path, exchange: Path) -> dict:
    """os.environ with HOME, Jupyter, IPython, XDG and matplotlib folders inside ``root``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JUPYTER", "IPYTHON", "XDG_", "MPL", "NBGRADER", "PYTHONPATH"))
    }
    home = root / "home"
    dirs = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / ".jupyter",
        "JUPYTER_DATA_DIR": home / ".local" / "share" / "jupyter",
        "JUPYTER_RUNTIME_DIR": root / "runtime",
        "IPYTHONDIR": home / ".ipython",
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_DATA_HOME": home / ".local" / "share",
        "MPLCONFIGDIR": home / ".config" / "matplotlib",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env.update({key: str(path) for key, path in dirs.items()})
    env["NBGRADER_EXCHANGE"] = str(exchange)
    # nbgrader runs `alembic` to create its gradebook: the environment's bin/ comes first.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONNOUSERSITE"] = "1"
    return env


def write_lab_settings(config_dir: Path) -> None:
    """User settings of the test JupyterLab.

    No news or update checks (the network is closed), and no empty space after a notebook's
    last cell (scrollPastEnd), which would fill the lower half of every screenshot.
    """
    settings = config_dir / "lab" / "user-settings" / "@jupyterlab"
    for plugin, values in [
        ("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
        ("notebook-extension/tracker", {"scrollPastEnd": False}),
    ]:
        file = settings / f"{plugin}.jupyterlab-settings"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values))


class JupyterLab:
    """A running JupyterLab server on a temporary copy of the course, and how to drive it."""

    def __init__(self, course: Path, env: dict, log_path: Path):
        self.course = course
        self.env = env
        self.log_path = log_path
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self._workspaces = 0

    # -- process
    def start(self) -> None:
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.course}",
            "--LabApp.expose_app_in_browser=True",
        ]  # window.jupyterapp: run commands from tests
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "wb")
        # cwd = course: nbgrader's server extensions read ./nbgrader_config.py
        self.proc = subprocess.Popen(
            cmd, cwd=self.course, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode} while starting")
            try:
                self.api("GET", "/api/status")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer on {self.base}/api/status within {SERVER_START_TIMEOUT} s")

    def stop(self) -> None:
        """Terminate the server (it shuts its kernels down), then kill what is left of its group."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        try:  # kernels the server did not stop (our own process group, by its id)
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()

    def log_tail(self, lines: int = SERVER_LOG_TAIL) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as err:
            return f"(no server log: {err})"
        return "\n".join(text.splitlines()[-lines:])

    # -- REST
    def api(self, method: str, path: str, body: dict | None = None):
        """Call the server's REST API; returns the decoded JSON (or None)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def shutdown_kernels(self) -> None:
        """Shut down every kernel (a closed page leaves its kernel running)."""
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels") or []:
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    # -- URLs
    def url(self, path: str = "") -> str:
        """URL of JupyterLab in a fresh workspace (nothing restored from earlier tests), opening ``path``."""
        self._workspaces += 1
        tree = f"/tree/{path}" if path else ""
        return f"{self.base}/lab/workspaces/test-{self._workspaces}{tree}?token={self.token}"

    # -- driving the page (JupyterLab's application object is window.jupyterapp)
    def open(self, page, path: str = "", timeout: float = 120_000) -> None:
        """Load JupyterLab in ``page``; with ``path``, wait until that notebook's kernel is idle."""
        page.goto(self.url(path))
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=timeout)
        page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
        if path:
            page.wait_for_function("(p) => window.__dlf.kernelIdle(p)", arg=path, timeout=timeout)

    def run_all(self, page, path: str, timeout: float) -> str:
        """Run All Cells (the command of the Run menu); returns "true" when every cell ran without error."""
        page.evaluate(
            """(p) => {
            const app = window.jupyterapp;
            app.shell.activateById(window.__dlf.panel(p).id);
            window.__dlfRunAll = undefined;
            app.commands.execute('notebook:run-all-cells').then(
                ok => { window.__dlfRunAll = String(ok); },
                err => { window.__dlfRunAll = 'error: ' + err; });
        }""",
            path,
        )
        page.wait_for_function("() => window.__dlfRunAll !== undefined", timeout=timeout, polling=250)
        page.wait_for_function("(p) => window.__dlf.kernelIdle(p)", arg=path, timeout=timeout)
        return page.evaluate("() => window.__dlfRunAll")

    @staticmethod
    def cells(page, path: str) -> list[dict]:
        """Every cell of the open notebook: type, source, nbgrader metadata, execution count, outputs."""
        return page.evaluate(
            """(p) => window.__dlf.panel(p).content.widgets.map((cell, index) => {
            const m = cell.model;
            const outputs = m.type === 'code' ? m.outputs.toJSON() : [];
            return {index, type: m.type, source: m.sharedModel.getSource(),
                    nbgrader: m.getMetadata('nbgrader') || null,
                    execution_count: m.type === 'code' ? m.executionCount : null,
                    outputs: outputs.map(o => ({output_type: o.output_type, name: o.name || null,
                        text: [].concat(o.text || o.traceback || []).join('\\n')}))};
        })""",
            path,
        )

    @staticmethod
    def screenshot(page, path: str, file: Path, max_height: int = 30_000) -> None:
        """A screenshot of the whole notebook: the window is made as tall as the notebook first."""
        scroller = """(p) => { const node = window.__dlf.panel(p).content.node;
                                return node.querySelector('.jp-WindowedPanel-outer') || node; }"""
        page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
        size = page.viewport_size
        height = size["height"]
        for _ in range(5):  # cells that come into view render and may change the notebook's height
            extra = page.evaluate(
                f"(p) => {{ const s = ({scroller})(p); return s.scrollHeight - s.clientHeight; }}", path
            )
            if extra <= 1 or height >= max_height:
                break
            height = min(height + extra, max_height)
            page.set_viewport_size({"width": size["width"], "height": height})
            page.wait_for_timeout(500)
        page.evaluate(f"(p) => {{ ({scroller})(p).scrollTop = 0; }}", path)
        page.wait_for_timeout(500)
        page.screenshot(path=str(file), full_page=True)
        page.set_viewport_size(size)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the system Chromium; skips (fails under CI=true) when there is none."""
    reason = missing_requirement()
    if reason is not None:
        if in_ci():
            pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
        pytest.skip(reason)
    return find_chromium()


@pytest.fixture(scope="session")
def browser(chromium_executable):
    """One headless Chromium for the session (Playwright gives every launch a fresh, temporary profile)."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
    except Exception:
        pw.stop()
        raise
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture(scope="session")
def browser_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def course(browser_tmp) -> Path:
    """A temporary copy of the course; tests and the server change only this copy."""
    dest = browser_tmp / "course"
    dest.mkdir()
    for name in COURSE_ITEMS:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def lab_env(browser_tmp) -> dict:
    """Environment of the server and of the nbgrader commands: isolated, with a temporary exchange."""
    exchange = browser_tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader wants a world-writable exchange
    env = isolated_env(browser_tmp, exchange)
    write_lab_settings(Path(env["JUPYTER_CONFIG_DIR"]))
    return env


@pytest.fixture(scope="session")
def lab(chromium_executable, course, lab_env, browser_tmp):
    """The running JupyterLab server (session-wide); not started when there is no browser to drive it."""
    # Build matplotlib's font cache in the fresh HOME first: otherwise the first lecture
    # cell that imports matplotlib prints "Matplotlib is building the font cache" on stderr.
    warm = subprocess.Popen(
        [sys.executable, "-c", "import matplotlib.font_manager"],
        env=lab_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = JupyterLab(course, lab_env, browser_tmp / "jupyterlab.log")
    try:
        server.start()
    except Exception as err:
        server.stop()
        pytest.fail(f"{err}\n--- server log ---\n{server.log_tail(200)}", pytrace=False)
    finally:
        warm.wait(timeout=120)
    yield server
    server.stop()


def course_assignments(course: Path) -> list[str]:
    """Names of the assignments of the course: folders of solutions/ holding a notebook."""
    return sorted(p.name for p in (course / "solutions").glob("*") if any(p.glob("*.ipynb")))


# `nbgrader release_assignment NAME` for every NAME, in one Python process: the same app as
# the command line, without paying nbgrader's start-up (~2 s) once per assignment.
RELEASE_ALL = """
import sys
from nbgrader.apps.releaseassignmentapp import ReleaseAssignmentApp
for name in sys.argv[1:]:
    ReleaseAssignmentApp.clear_instance()
    app = ReleaseAssignmentApp.instance()
    app.initialize([name])
    app.start()
"""


def run(cmd: list[str], course: Path, env: dict, what: str) -> None:
    """Run ``cmd`` in the course folder; fail the test with its output if it fails."""
    proc = subprocess.run(
        cmd, cwd=course, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300
    )
    if proc.returncode != 0:
        pytest.fail(f"{what} failed (exit {proc.returncode}):\n{proc.stdout[-4000:]}", pytrace=False)


@pytest.fixture(scope="session")
def released(course, lab_env) -> list[str]:
    """As an instructor would: generate every assignment (gradebook + exercises/) and release it."""
    assignments = course_assignments(course)
    if not assignments:
        pytest.fail("the course has no assignment in solutions/", pytrace=False)
    run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "*", "--force"],
        course,
        lab_env,
        "nbgrader generate_assignment",
    )
    run([sys.executable, "-c", RELEASE_ALL, *assignments], course, lab_env, "nbgrader release_assignment")
    exchange = Path(lab_env["NBGRADER_EXCHANGE"])
    assert sorted(p.name for p in exchange.glob("*/outbound/*")) == assignments
    return assignments


# Helpers available in every page as window.__dlf (JupyterLab's app is window.jupyterapp).
PAGE_HELPERS = r"""
window.__dlf = {
  panel(path) {
    const app = window.jupyterapp;
    if (!app || !app.shell) return null;
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path) return w;
    }
    return null;
  },
  kernelIdle(path) {
    const p = window.__dlf.panel(path);
    const kernel = p && p.context.isReady && p.sessionContext.session && p.sessionContext.session.kernel;
    return !!(kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle');
  },
};
"""


@pytest.fixture
def page(browser, lab, request):
    """A fresh browser context and page; kernels are shut down afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(60_000)
    context.add_init_script(PAGE_HELPERS)
    console: list[str] = []
    request.node.stash[_console_key] = console
    page = context.new_page()
    page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: console.append(f"[pageerror] {err}"))
    yield page
    context.close()
    try:
        lab.shutdown_kernels()
    except OSError:
        pass


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """tests/browser/screenshots/ (git-ignored): screenshots for whoever reads the CI log."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
