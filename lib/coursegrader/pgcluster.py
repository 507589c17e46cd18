"""A throwaway PostgreSQL server on a Unix socket in a temporary folder, for tests and benchmarks.

It gives the tests of parallel grading (``tests/grading/test_classgrade.py``) and
``benchmarks/grade_class.py`` a real PostgreSQL gradebook without touching the machine's own
server: ``initdb`` makes a cluster in a temporary folder, ``pg_ctl`` starts it listening on a
Unix socket in that folder only (no TCP), with trust authentication for the user ``grader``;
:meth:`TemporaryCluster.stop` stops it and removes the folder. Nothing is fsynced: the data
lives as long as a test.

It needs PostgreSQL's server programs (Debian/Ubuntu: ``sudo apt-get install postgresql``,
which puts them in ``/usr/lib/postgresql/<version>/bin``). PostgreSQL refuses to run as root:
as root, the server runs as the unprivileged user ``postgres`` (which the package creates;
else ``nobody``) and the folder is theirs.

Example::

    with TemporaryCluster() as cluster:
        url = cluster.create_database("gradebook")  # postgresql+psycopg://grader@/gradebook?host=...
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["server_bin", "TemporaryCluster", "MISSING"]

USER = "grader"
MISSING = "PostgreSQL's server programs (initdb, pg_ctl) are not installed: `sudo apt-get install postgresql`"


def server_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl`` (the newest version of ``/usr/lib/postgresql``, else PATH), or None."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return Path(versions[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _server_user() -> pwd.struct_passwd | None:
    """The unprivileged account the server runs as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and neither the user postgres nor nobody exists to run PostgreSQL")


class TemporaryCluster:
    """A PostgreSQL cluster in a temporary folder, reached through a Unix socket in that folder.

    Parameters
    ----------
    prefix : str
        The prefix of the temporary folder's name.
    """

    def __init__(self, prefix="dlf-postgres-"):
        self.bin = server_bin()
        if self.bin is None:
            raise FileNotFoundError(MISSING)
        self.prefix = prefix
        self.folder = None

    def _run(self, *cmd):
        user = _server_user()
        prefix = ["runuser", "-u", user.pw_name, "--"] if user else []
        done = subprocess.run(
            [*prefix, str(self.bin / cmd[0]), *cmd[1:]],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.folder,
        )
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}{done.stderr}\n{tail}")
        return done

    def start(self) -> TemporaryCluster:
        """Create the cluster and start its server; return self."""
        self.folder = Path(tempfile.mkdtemp(prefix=self.prefix))
        user = _server_user()
        if user:
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        options = f"-k {self.folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(data), "-l", str(self.folder / "server.log"), "-o", options, "-w", "start")
        return self

    def url(self, database="postgres") -> str:
        """The SQLAlchemy URL of ``database`` (psycopg 3 driver, the socket of this cluster)."""
        return f"postgresql+psycopg://{USER}@/{database}?host={self.folder}"

    def create_database(self, name) -> str:
        """Create an empty database; return its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(host=str(self.folder), user=USER, dbname="postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove the folder."""
        if self.folder is None:
            return
        try:
            if (self.folder / "data" / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> TemporaryCluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
