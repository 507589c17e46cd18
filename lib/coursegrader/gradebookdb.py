"""Which database holds the course's gradebook, and how parallel graders share it.

nbgrader keeps every grade in a gradebook reached through SQLAlchemy at
``CourseDirectory.db_url``. ``nbgrader_config.py`` sets it from the environment variable
``COURSE_DB_URL`` when it is set, for example::

    export COURSE_DB_URL='postgresql+psycopg://grader@/gradebook?host=/var/run/postgresql'

and otherwise leaves nbgrader's default, the SQLite file ``gradebook.db`` of the course
folder. ``psycopg`` (version 3) is the PostgreSQL driver of the project (extra ``grading``).

Concurrency
-----------
Workers that grade a class in parallel (:mod:`coursegrader.classgrade`) each write the grades
of the students they grade, while the others write theirs:

- PostgreSQL takes concurrent writers as it is: every worker writes other rows (its own
  student's submission, notebooks and grades), each in its own short transactions.
- SQLite locks the whole file for a write, and a transaction that Python's ``sqlite3``
  begins lazily takes the read lock first and asks for the write lock at its first INSERT
  or UPDATE. Two such writers can wait on each other (one reads and wants to write, the
  other has written and waits for the readers to leave before it commits): SQLite sees the
  deadlock and fails one at once with "database is locked", and the others wait at most
  5 seconds. :func:`serialize_sqlite_writes` makes every transaction ``BEGIN IMMEDIATE``
  (the write lock is taken when the transaction starts, so transactions queue instead of
  deadlocking) and lets each wait up to ``timeout`` seconds for its turn. nbgrader's
  transactions last milliseconds (a query and a commit): grading stays parallel, only the
  gradebook's transactions take turns.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

__all__ = ["ENV_VAR", "is_sqlite", "describe", "serialize_sqlite_writes"]

ENV_VAR = "COURSE_DB_URL"
_serialized = {"timeout": None}


def is_sqlite(db_url: str) -> bool:
    """Whether ``db_url`` (a SQLAlchemy URL) names a SQLite database."""
    return make_url(db_url).get_backend_name() == "sqlite"


def describe(db_url: str) -> str:
    """The database of ``db_url`` in a few words, without its password: ``PostgreSQL (postgresql+psycopg://...)``."""
    url = make_url(db_url)
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL"}.get(url.get_backend_name())
    return f"{name or url.get_backend_name()} ({url.render_as_string(hide_password=True)})"


def serialize_sqlite_writes(timeout: float = 600.0) -> None:
    """Make every SQLite transaction of this process take the write lock first, and wait for it.

    Installs two SQLAlchemy event hooks on every engine of the process (nbgrader creates one
    per ``Gradebook``): on connect, Python's own transaction handling is turned off and the
    busy timeout set to ``timeout`` seconds; on begin, ``BEGIN IMMEDIATE`` is sent. This is
    the recipe of SQLAlchemy's SQLite dialect ("Enabling Non-Legacy SQLite Transactional
    Modes"), with IMMEDIATE. Engines of other databases are left alone. Calling it again
    only changes the timeout.

    Parameters
    ----------
    timeout : float
        Seconds a transaction waits for another process's write to finish before it fails.
    """
    first = _serialized["timeout"] is None
    _serialized["timeout"] = timeout
    if first:
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)


def _on_connect(dbapi_connection, connection_record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None  # SQLAlchemy sends BEGIN (below); sqlite3 still commits
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(_serialized['timeout'] * 1000)}")


def _on_begin(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
