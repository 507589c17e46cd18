"""The sandbox that every graded kernel runs in: a student's code reaches only its own notebook.

Threat model
------------
A student controls every unlocked cell of their notebook and may be malicious. When
``nbgrader autograde`` (or ``make grade``) runs their notebook, their code runs in a kernel
started by :class:`SandboxedKernelManager` inside bubblewrap (``bwrap``):

- new pid, network, ipc, uts and mount namespaces, ``--die-with-parent``: the kernel sees
  no other process, has no network at all (not even loopback to the grading host), and
  dies with its sandbox, so nothing it started outlives the cell that started it;
- the file system is a read-only view of only what the kernel needs: ``/usr``, the Python
  install, the virtual environment and the course library; the student's own notebook
  folder (read-only, with the graded ``.ipynb`` itself masked: it holds the hidden tests);
  a private, size-limited tmpfs ``/tmp`` that is also ``HOME``. Nothing else of the course
  (no ``solutions/``, gradebook, other students, instructor HOME or Jupyter/IPython
  configuration) exists in it;
- an empty environment apart from what the kernel needs;
- an unprivileged uid (nobody, 65534, or the uid of a worker slot: below) with no
  capabilities and ``no_new_privs``; limits on address space, processes, file size and core
  files (:data:`LIMITS`);
- the kernel is reached over IPC sockets (TCP cannot cross the network namespace) in a
  folder of its own; the command is the course's, whatever kernel the notebook names.

Parallel grading: one uid per worker
------------------------------------
The limit on processes (``RLIMIT_NPROC``, ``LIMITS["nproc"]``) counts every process and
thread of the *real uid*, machine-wide: it is not a limit per sandbox. When several kernels
run at once under the same uid, a fork bomb in one student's kernel would use up the count
of all of them, and the honest students graded beside it would fail to start a thread.
So when a class is graded in parallel (:mod:`coursegrader.classgrade`), worker slot ``k``
runs its kernels as uid ``WORKER_UID_BASE + k`` (``--SandboxedExecute.uid``): each slot has
its own count, and a fork bomb starves only the kernel that started it. A slot grades one
student at a time, so at most one kernel per uid is alive. These uids must belong to no
account and own no file or process of the machine; the default range starts at
``0x70000000``, which systemd's uid allocation leaves unused ("Users, Groups, UIDs and GIDs
on systemd Systems"), and ``classgrade`` refuses a uid that has an account. A plain
``nbgrader autograde`` grades one notebook at a time as ``nobody``.

All this holds when grading as root, the only case where the sandbox can switch uids and
the limit on processes applies. An unprivileged instructor's kernels all run as the
instructor (mapped to ``nobody`` in a user namespace), and no limit on processes is set:
it would count the instructor's own processes too.

What this does not block: the tests of a notebook run in the same kernel as the student's
code, so that code can still change how its own tests score. Keeping the tests out of the
student's process is the job of the grading architecture, not of this sandbox.

Where bubblewrap cannot run (not Linux, not installed, user namespaces disabled), a graded
kernel does not start: :func:`check_available` says why and how to fix it. An instructor who
accepts the risk grades without the sandbox with
``nbgrader autograde <ex> --SandboxedExecute.sandbox=False``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, TraitError, Unicode, validate

__all__ = [
    "refuse_links",
    "LIMITS",
    "SandboxUnavailable",
    "check_available",
    "sandbox_command",
    "WORKER_UID_BASE",
    "SandboxedKernelManager",
    "SandboxedExecute",
]

SANDBOX_UID = SANDBOX_GID = 65534  # nobody / nogroup
WORKER_UID_BASE = 0x70000000  # worker slot k of a parallel class grading: uid WORKER_UID_BASE + k (module docstring)
MiB = 1024 * 1024
LIMITS = {
    "as": 1536 * MiB,  # address space: a NumPy kernel needs about 0.5 GiB
    # processes and threads of the sandbox's uid (only when grading as root). The count is per uid, machine-wide:
    # shared by every kernel of that uid, which is why parallel workers get a uid each (module docstring).
    # 128 leaves room for several graders at once (a kernel uses about 11 threads) and still stops a fork bomb.
    "nproc": 128,
    "fsize": 64 * MiB,  # largest file the kernel may write
    "core": 0,  # no core files
}
TMP_SIZE = 64 * MiB  # the private /tmp (and HOME)
# what a kernel needs of the environment; everything else is left out
KERNEL_ENV = {
    "HOME": "/tmp",
    "LANG": "C.UTF-8",
    "IPYTHONDIR": "/tmp/.ipython",
    "MPLCONFIGDIR": "/tmp/.matplotlib",
    "JUPYTER_CONFIG_DIR": "/tmp/.jupyter",
    "JUPYTER_DATA_DIR": "/tmp/.local/share/jupyter",
    "JUPYTER_RUNTIME_DIR": "/tmp/.jupyter-runtime",
    "JUPYTER_PLATFORM_DIRS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start here; the message says why and how to fix it."""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = "bubblewrap" if name == "bwrap" else "util-linux"
        raise SandboxUnavailable(
            f"the grading sandbox needs `{name}`, which is not installed: "
            f"`sudo apt-get install {package}` (Debian/Ubuntu; see README, For instructors)"
        )
    return path


def _as_root() -> bool:
    return os.geteuid() == 0


def readonly_paths(cwd: str | None = None) -> list[str]:
    """What the kernel may read: /usr, the Python install, the venv and the course library.

    An entry of ``sys.path`` (PYTHONPATH, the current folder) that holds the notebook's
    folder or the current folder is left out: it would show the course (solutions, gradebook).
    """
    guarded = [Path(os.path.realpath(p)) for p in (os.getcwd(), cwd) if p]
    paths = {"/usr"}
    for prefix in (sys.base_prefix, sys.prefix):  # the venv's python is a symlink into the base install
        paths.update({prefix, os.path.realpath(prefix)})
    for entry in sys.path:
        if entry and os.path.isdir(entry):
            real = Path(os.path.realpath(entry))
            if not any(real == g or real in g.parents for g in guarded):
                paths.add(str(real))
    kept = []  # without paths inside others
    for path in sorted(paths, key=len):
        if not any(path == k or path.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(path)
    return kept


def sandbox_command(kernel_cmd: list[str], *, cwd: str, socket_dir: str, uid: int = SANDBOX_UID) -> list[str]:
    """The command that runs ``kernel_cmd`` in the sandbox.

    Parameters
    ----------
    kernel_cmd : list of str
        The kernel's command; its connection file must be in ``socket_dir``.
    cwd : str
        The notebook's folder: mounted read-only, its ``.ipynb`` files masked.
    socket_dir : str
        A folder of the host, writable by the sandbox's uid, for the kernel's IPC sockets
        and connection file; mounted read-write at the same path.
    uid : int, optional
        The unprivileged uid the kernel runs as, when grading as root (default ``nobody``; a
        worker slot's uid in parallel grading). Unprivileged graders always run as
        themselves, mapped to ``nobody``.
    """
    cmd = [_tool("bwrap"), "--die-with-parent", "--new-session"]
    cmd += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    cmd += ["--hostname", "sandbox"]
    if _as_root():  # a real unprivileged uid: bwrap keeps only what setpriv needs to switch to it
        cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:  # an unprivileged instructor: a user namespace maps them to nobody
        cmd += ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_GID)]
    # first the private /tmp (and HOME), so that mounts below /tmp (a course in /tmp) stay visible
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    cmd += ["--perms", "1777", "--size", str(TMP_SIZE), "--tmpfs", "/tmp"]
    cwd = os.path.realpath(cwd)
    socket_dir = os.path.realpath(socket_dir)
    readonly = readonly_paths(cwd)
    mounts = [*readonly, cwd, socket_dir]
    # the folders above each mount, readable by the sandbox's uid (bwrap would make them 0700)
    parents = sorted({str(p) for m in mounts for p in Path(m).parents if str(p) != "/"}, key=len)
    for folder in parents:
        cmd += ["--perms", "0755", "--dir", folder]
    for path in readonly:
        cmd += ["--ro-bind", path, path]
    for link, target in (("/bin", "usr/bin"), ("/lib", "usr/lib"), ("/lib64", "usr/lib64"), ("/sbin", "usr/sbin")):
        if os.path.islink(link):
            cmd += ["--symlink", target, link]
    for config in ("/etc/ld.so.cache", "/etc/fonts"):  # shared libraries; fonts of matplotlib's figures
        cmd += ["--ro-bind-try", config, config]
    cmd += ["--bind", socket_dir, socket_dir]
    cmd += ["--ro-bind", cwd, cwd]
    for notebook in sorted(Path(cwd).glob("*.ipynb")):
        cmd += ["--ro-bind", "/dev/null", str(notebook)]
    cmd += ["--chdir", cwd, "--clearenv"]
    env = dict(KERNEL_ENV, PATH=os.pathsep.join([os.path.dirname(sys.executable), "/usr/bin", "/bin"]))
    for name, value in env.items():
        cmd += ["--setenv", name, value]
    cmd += ["--", _tool("prlimit")]
    cmd += [f"--{name}={value}" for name, value in LIMITS.items() if name != "nproc" or _as_root()]
    if _as_root():
        cmd += ["--", _tool("setpriv"), f"--reuid={uid}", f"--regid={SANDBOX_GID}", "--clear-groups"]
        cmd += ["--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
    return cmd + ["--", *kernel_cmd]


@functools.cache
def check_available() -> None:
    """Start ``true`` in the sandbox once; raise :class:`SandboxUnavailable` saying why it failed."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"the grading sandbox needs Linux (bubblewrap); this is {sys.platform}")
    with tempfile.TemporaryDirectory(prefix="dlf-sandbox-check-") as tmp:
        if _as_root():
            os.chown(tmp, SANDBOX_UID, SANDBOX_GID)
        probe = sandbox_command(["/usr/bin/true"], cwd=tmp, socket_dir=tmp)
        done = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise SandboxUnavailable(
            f"the grading sandbox (bubblewrap) cannot start here: {done.stderr.strip()[-500:]}\n"
            "Usually user namespaces are disabled: `sudo sysctl -w kernel.unprivileged_userns_clone=1` "
            "(Debian), or `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` (Ubuntu 24.04); "
            "in a container, run it with --privileged or grade on the host."
        )


def refuse_links(cwd: str) -> None:
    """Refuse to grade a submission that holds a symbolic link or a special file.

    nbgrader copies ``submitted/<student>/<ex>`` into ``autograded/`` (this ``cwd``) as the
    instructor, following links: a link that a student planted in the exchange would bring
    a file of the instructor's into the sandbox. Their files are data, never paths to trust.
    """
    folder = Path(cwd).resolve()
    if len(folder.parents) < 3 or folder.parents[1].name != "autograded":
        return  # not nbgrader's layout (a notebook executed elsewhere): nothing was copied
    submitted = folder.parents[2] / "submitted" / folder.parent.name / folder.name
    for path in [submitted, *submitted.rglob("*")] if submitted.exists() else []:
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise PermissionError(
                f"not graded: {path} is a symbolic link or a special file; a submission may only "
                "hold regular files. Remove it (and check where it points) before grading again."
            )


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run the course's Python kernel in the sandbox.

    Whatever kernel the notebook names, the command is ``<this Python> -m ipykernel_launcher``;
    the transport is IPC, with the sockets in a folder of the kernel's own.
    """

    sandbox = Bool(True, help="Run the kernel in the sandbox (False: unsandboxed, at your own risk).").tag(config=True)
    uid = Integer(SANDBOX_UID, help="The uid the sandboxed kernel runs as, when grading as root.")
    transport = Unicode("ipc")
    _socket_dir: str | None = None

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        # never the command of the kernel spec the notebook names: the course's own kernel
        return [sys.executable, "-m", "ipykernel_launcher", "-f", self.connection_file, *(extra_arguments or [])]

    async def _async_pre_start_kernel(self, **kw):
        if self.sandbox:
            check_available()
            refuse_links(kw.get("cwd") or os.getcwd())
        # the kernel's sockets in a folder of its own, at the same path inside and outside
        if self._socket_dir is None:  # a restarted kernel keeps its folder (the clients' sockets are there)
            self._socket_dir = tempfile.mkdtemp(prefix="dlf-kernel-")
        self.ip = f"{self._socket_dir}/kernel"
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        self.kernel_spec.interrupt_mode = "message"  # a signal would stop at bwrap; a message reaches ipykernel
        if not self.sandbox:
            return kernel_cmd, kw
        if _as_root():
            os.chown(self._socket_dir, self.uid, SANDBOX_GID)
        # the kernel reads a copy of the connection file (the original is the instructor's)
        connection = Path(self._socket_dir) / "connection.json"
        shutil.copyfile(self.connection_file, connection)
        if _as_root():
            os.chown(connection, self.uid, SANDBOX_GID)
        kernel_cmd = [str(connection) if arg == self.connection_file else arg for arg in kernel_cmd]
        cwd = kw.get("cwd") or os.getcwd()
        return sandbox_command(kernel_cmd, cwd=cwd, socket_dir=self._socket_dir, uid=self.uid), kw

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._socket_dir and not restart:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None


class SandboxedExecute(Execute):
    """nbgrader's Execute preprocessor, with every kernel in the sandbox (see the module)."""

    sandbox = Bool(
        True,
        help="Run students' code in the sandbox. False grades unsandboxed: their code then runs "
        "with your rights, files and network.",
    ).tag(config=True)
    uid = Integer(
        SANDBOX_UID,
        help="The unprivileged uid that students' kernels run as when grading as root (default nobody). "
        "Parallel class grading gives each worker slot its own (coursegrader.classgrade).",
    ).tag(config=True)

    @validate("uid")
    def _unprivileged(self, proposal):
        if proposal.value <= 0:
            raise TraitError(f"SandboxedExecute.uid must be an unprivileged uid (> 0); got {proposal.value}")
        return proposal.value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kernel_manager_class = SandboxedKernelManager

    def create_kernel_manager(self):
        self.kernel_name = "python3"  # the notebook's metadata does not choose the kernel
        km = super().create_kernel_manager()
        km.sandbox = self.sandbox
        km.uid = self.uid
        return km


def main() -> int:
    """``python -m coursegrader.sandbox``: say whether graded kernels will run in the sandbox."""
    try:
        check_available()
    except SandboxUnavailable as exc:
        print(f"grading sandbox: OFF: {exc}", file=sys.stderr)
        return 1
    version = subprocess.run([_tool("bwrap"), "--version"], capture_output=True, text=True).stdout.strip()
    user = f"uid {SANDBOX_UID} (nobody)" if _as_root() else f"your uid, mapped to {SANDBOX_UID} in a user namespace"
    limits = ", ".join(f"{name}={value}" for name, value in LIMITS.items())
    print(
        f"grading sandbox: ON ({version}); kernels run as {user}; no network; limits {limits}; /tmp {TMP_SIZE // MiB} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
