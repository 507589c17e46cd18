"""Grading a class in parallel (``python -m coursegrader.classgrade``) and exporting it for Canvas.

One class of 16 submissions of ex00 (the reference, the blank release, catalog submissions,
a kernel that kills itself, an infinite loop, a notebook that is not JSON, a probe of the
kernel's uid) is graded

- one after the other by ``nbgrader autograde`` on SQLite: the reference scores;
- by classgrade with 2 workers on a throwaway PostgreSQL, killed (SIGKILL) after a few
  students and run again: exactly the reference scores, per student and cell, and no grade
  lost or duplicated;
- in part, by classgrade with 2 workers on SQLite: the same scores.

The per-cell timeout is SHORT_TIMEOUT seconds for all of them, so that the infinite loop costs
little. PostgreSQL's server programs are needed (``apt-get install postgresql``): without them
the PostgreSQL tests skip, and under CI=true they fail.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from gradingkit import SOLUTIONS, Course, load_catalog, points, reference_submission, with_cells, wrong_student

from coursegrader.canvas import CANVAS_COLUMNS, POINTS_POSSIBLE, export_canvas
from coursegrader.classpool import failure_reason
from coursegrader.pgcluster import MISSING, TemporaryCluster, server_bin
from coursegrader.sandbox import LIMITS, WORKER_UID_BASE, SandboxUnavailable, check_available, sandbox_command

EX = "ex00_notation_and_shapes"
MAX = sum(points(json.loads((SOLUTIONS / EX / f"{EX}.ipynb").read_text())).values())  # the exercise's points
COURSE_ID = "foundations-of-deep-learning"
SHORT_TIMEOUT = 6  # seconds per cell; every cell of the reference takes well under 1 s
KILL_AFTER = 4  # students graded before the first parallel run is killed

CRASH = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\nanswer_q1 = 'C'\n"
LOOP = "def shape_of_dW(N, D, K):\n    while True:\n        pass\n"
UID_PROBE = "import os\nprint('kernel uid', os.getuid())\nanswer_q1 = 'C'\n"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def skip_or_fail(reason):
    if in_ci():
        pytest.fail(f"{reason} (CI=true: these tests must run)", pytrace=False)
    pytest.skip(reason)


# --- the class ----------------------------------------------------------------------------------


def class_submissions(course) -> dict:
    """``{student: notebook dict, or bytes for a file that is not a notebook}``."""
    release = course.release(EX)
    reference = reference_submission(release, course.source(EX))
    subs = {"solution": reference, "blank": release}
    for wrong in load_catalog(EX)[:8]:
        subs[wrong_student(wrong)] = with_cells(reference, wrong["cells"])
    for right in load_catalog(EX, "RIGHT")[:2]:
        subs[f"right-{right['name']}"] = with_cells(reference, right["cells"])
    subs["crash-kernel"] = with_cells(reference, {"answer_q1": CRASH})
    subs["infinite-loop"] = with_cells(reference, {"shape_of_dW": LOOP})
    subs["not-json"] = b'{"cells": [{"cell_type": "code", "source": "answer_q1 = \'C\'"'
    subs["uid-probe"] = with_cells(reference, {"answer_q1": UID_PROBE})
    return subs


def new_class(folder, db_url=None, students=None) -> Course:
    """A course with EX generated (in the gradebook of ``db_url``, default SQLite) and the class submitted."""
    course = Course(folder, exercises=[EX])
    if db_url:
        course.env["COURSE_DB_URL"] = db_url  # read by the course's nbgrader_config.py
    course.nbgrader("generate_assignment", EX)
    for student, nb in class_submissions(course).items():
        if students is None or student in students:
            if isinstance(nb, bytes):
                course.submit(student, EX, raw=nb)
            else:
                course.submit(student, EX, nb)
    course.students = sorted(p.name for p in (course.root / "submitted").iterdir())
    return course


CLASSGRADE = [
    sys.executable,
    "-m",
    "coursegrader.classgrade",
    EX,
    "--workers",
    "2",
    f"--Execute.timeout={SHORT_TIMEOUT}",
]


def run_classgrade(course) -> subprocess.CompletedProcess:
    return subprocess.run(CLASSGRADE, cwd=course.root, env=course.env, capture_output=True, text=True, timeout=900)


def graded_now(course) -> set:
    """The students that classgrade has recorded as graded (coursegrader.classrecord)."""
    record = course.root / "autograded" / ".classgrade" / f"{EX}.json"
    return set(json.loads(record.read_text())) if record.is_file() else set()


def gradebook_of(course) -> str:
    return course.env.get("COURSE_DB_URL") or f"sqlite:///{course.root / 'gradebook.db'}"


def class_scores(course) -> dict:
    """``{student: {grade_id: (score, max_score, needs_manual_grade)}}`` from the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_of(course), COURSE_ID) as gb:
        return {
            sub.student.id: {
                g.name: (float(g.score), float(g.max_score), bool(g.needs_manual_grade))
                for nb in sub.notebooks
                for g in nb.grades
            }
            for sub in gb.find_assignment(EX).submissions
        }


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres():
    if server_bin() is None:
        skip_or_fail(MISSING)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        skip_or_fail("psycopg is not installed: `make test` installs requirements.lock")
    cluster = TemporaryCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def sequential(tmp_path_factory, report_timings) -> Course:
    """The class graded by one ``nbgrader autograde`` call, on SQLite."""
    course = new_class(tmp_path_factory.mktemp("sequential"))
    report_timings(course)
    course.nbgrader("autograde", EX, f"--Execute.timeout={SHORT_TIMEOUT}", check=False, notebooks=len(course.students))
    return course


@pytest.fixture(scope="module")
def parallel(tmp_path_factory, postgres, report_timings) -> Course:
    """The class graded by classgrade on PostgreSQL: killed after KILL_AFTER students, then run again."""
    course = new_class(tmp_path_factory.mktemp("parallel"), db_url=postgres.create_database("parallel"))
    report_timings(course)
    start = time.perf_counter()
    first = subprocess.Popen(
        CLASSGRADE, cwd=course.root, env=course.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    supervisor = psutil.Process(first.pid)
    while len(graded_now(course)) < KILL_AFTER and first.poll() is None and time.perf_counter() - start < 600:
        time.sleep(0.2)
    family = supervisor.children(recursive=True)  # the workers and the kernels they run
    first.send_signal(signal.SIGKILL)
    first.communicate()
    _, alive = psutil.wait_procs(family, timeout=60)
    course.killed = {"graded": graded_now(course), "left_behind": [p.pid for p in alive]}
    course.resumed = run_classgrade(course)
    course.timings.append(("(classgrade, killed and resumed)", time.perf_counter() - start, len(course.students)))
    return course


# --- parallel = sequential ------------------------------------------------------------------------


@pytest.mark.slow
def test_killed_run_leaves_no_process_and_some_students_graded(parallel):
    killed = parallel.killed
    assert not killed["left_behind"], f"processes outlived the killed classgrade: {killed['left_behind']}"
    assert KILL_AFTER <= len(killed["graded"]) < len(parallel.students), killed["graded"]


@pytest.mark.slow
def test_resumed_run_grades_only_the_rest(parallel):
    out = parallel.resumed.stdout
    assert parallel.resumed.returncode == 1, out + parallel.resumed.stderr  # not-json fails
    already = len(parallel.killed["graded"])
    assert f"({already} already graded)" in out, out
    assert f"Skipped {already} submissions that already have a result" in out, out
    assert "gradebook: PostgreSQL (postgresql+psycopg://grader@/parallel" in out and "written in parallel" in out


@pytest.mark.slow
def test_parallel_postgres_gives_the_scores_of_sequential_sqlite(sequential, parallel):
    expected, got = class_scores(sequential), class_scores(parallel)
    assert set(got) == set(expected) == set(parallel.students)
    different = {s: (expected[s], got[s]) for s in expected if got[s] != expected[s]}
    assert not different, f"scores differ between sequential SQLite and parallel PostgreSQL: {different}"
    # the class is mixed: full marks, nothing, and partial marks
    totals = {s: sum(v[0] for v in cells.values()) for s, cells in got.items()}
    assert totals["solution"] == MAX and totals["blank"] == 0 and totals["uid-probe"] == MAX
    assert 0 < totals["infinite-loop"] < MAX and 0 < totals["crash-kernel"] < MAX


@pytest.mark.slow
def test_no_grade_is_lost_or_duplicated(parallel):
    from nbgrader.api import Grade, Gradebook, SubmittedAssignment

    with Gradebook(gradebook_of(parallel), COURSE_ID) as gb:
        cells = {c.name for c in gb.find_notebook(EX, EX).grade_cells}
        assert gb.db.query(SubmittedAssignment).count() == len(parallel.students)
        assert gb.db.query(Grade).count() == len(parallel.students) * len(cells)
        for sub in gb.find_assignment(EX).submissions:
            names = [g.name for nb in sub.notebooks for g in nb.grades]
            assert sorted(names) == sorted(cells), sub.student.id
            if sub.student.id != "not-json":
                ungraded = [g.name for nb in sub.notebooks for g in nb.grades if g.auto_score is None]
                assert not ungraded, (sub.student.id, ungraded)
    assert graded_now(parallel) == set(parallel.students) - {"not-json"}
    autograded = {p.parent.parent.name for p in (parallel.root / "autograded").glob(f"*/{EX}/{EX}.ipynb")}
    assert autograded == graded_now(parallel)


@pytest.mark.slow
def test_a_failed_student_is_reported_with_its_reason(parallel):
    out = parallel.resumed.stdout
    assert "1 failed" in out and "Failed (1;" in out, out
    line = next(line for line in out.splitlines() if line.startswith("  not-json"))
    assert "JSON" in line, line


@pytest.mark.slow
def test_kernels_run_as_the_uid_of_their_worker_slot(sequential, parallel):
    def probed_uid(course):
        nb = json.loads((course.root / "autograded" / "uid-probe" / EX / f"{EX}.ipynb").read_text())
        text = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
        return int(text.split("kernel uid", 1)[1].split()[0])

    if os.geteuid() != 0:
        pytest.skip("the sandbox switches uids only when grading as root")
    assert probed_uid(sequential) == 65534  # nbgrader autograde: nobody
    assert probed_uid(parallel) in (WORKER_UID_BASE, WORKER_UID_BASE + 1)


@pytest.mark.slow
def test_parallel_workers_on_sqlite_take_turns_and_give_the_same_scores(sequential, tmp_path, report_timings):
    students = {"solution", "crash-kernel", "wrong-dW_transposed"}
    course = new_class(tmp_path, students=students)
    report_timings(course)
    start = time.perf_counter()
    proc = run_classgrade(course)
    course.timings.append(("(classgrade on SQLite)", time.perf_counter() - start, len(students)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "gradebook: SQLite" in proc.stdout and "transactions take turns" in proc.stdout, proc.stdout
    expected = class_scores(sequential)
    assert class_scores(course) == {s: expected[s] for s in students}


# --- the Canvas export -----------------------------------------------------------------------------


@pytest.mark.slow
def test_canvas_csv_of_a_small_roster_and_what_it_reports(parallel, tmp_path):
    import csv

    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,student_id\n"
        f'"{POINTS_POSSIBLE}",,,,,\n'  # a Canvas export used as the roster: this row is skipped
        '"Lovelace, Ada",101,S-1,ada,Sec A,solution\n'
        '"Babbage, Charles",102,S-2,charles,Sec A,blank\n'
        '"Absent, Anna",103,S-3,anna,Sec B,absent\n'
        '"Student, Test",999,,,Sec A,\n'
    )
    out = tmp_path / "canvas.csv"
    report = export_canvas(gradebook_of(parallel), COURSE_ID, roster, out, canvas_ids={EX: "4242"})
    rows = list(csv.reader(out.open()))
    assert rows[0] == CANVAS_COLUMNS + [f"{EX} (4242)"]
    assert rows[1] == [POINTS_POSSIBLE, "", "", "", "", f"{MAX:g}"]
    assert rows[2:] == [
        ["Lovelace, Ada", "101", "S-1", "ada", "Sec A", f"{MAX:g}"],
        ["Babbage, Charles", "102", "S-2", "charles", "Sec A", "0"],
        ["Absent, Anna", "103", "S-3", "anna", "Sec B", "0"],
    ]
    assert report.students == 3
    assert report.no_submission == {EX: ["absent"]}
    assert set(report.not_in_roster) == set(parallel.students) - {"solution", "blank"}
    assert report.unmapped == ["line 6 (Student, Test)"]
    text = "\n".join(report.lines())
    assert "No submission of ex00_notation_and_shapes (0 in the file): absent" in text
    assert "Submitted but not in the roster (NOT in the file" in text and "not-json" in text


# --- one uid per worker slot ---------------------------------------------------------------------

HOG = """
import subprocess, sys, time
children = []
try:
    while True:
        children.append(subprocess.Popen(["/bin/sleep", "60"]))
except OSError:
    print("full", len(children), flush=True)
time.sleep(60)
"""
SPAWN = "import subprocess\nfor _ in range(20):\n    subprocess.Popen(['/bin/true']).wait()\nprint('spawned')\n"


@pytest.mark.slow
def test_a_fork_bomb_in_one_slot_does_not_starve_another(tmp_path):
    if os.geteuid() != 0:
        pytest.skip(f"the limit of {LIMITS['nproc']} processes applies when grading as root")
    try:
        check_available()
    except SandboxUnavailable as exc:
        skip_or_fail(f"no grading sandbox here: {exc}")

    def sandboxed(code, uid, name):
        folder = tmp_path / name
        folder.mkdir()
        os.chown(folder, uid, 65534)
        cmd = sandbox_command([sys.executable, "-c", code], cwd=str(folder), socket_dir=str(folder), uid=uid)
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    bomb = sandboxed(HOG, WORKER_UID_BASE, "bomb")
    try:
        line = bomb.stdout.readline()
        assert line.startswith("full"), line
        other_slot = sandboxed(SPAWN, WORKER_UID_BASE + 1, "other-slot")
        same_uid = sandboxed(SPAWN, WORKER_UID_BASE, "same-uid")
        assert other_slot.communicate(timeout=60)[0].strip() == "spawned"
        out = same_uid.communicate(timeout=60)[0]
        assert same_uid.returncode != 0 and "Resource temporarily unavailable" in out, out
    finally:
        bomb.kill()
        bomb.wait()


# --- pieces ------------------------------------------------------------------------------------------


def test_the_reason_of_a_failure_is_the_exception_that_ended_the_traceback():
    log = (  # as nbgrader logs it: the lines of a message after its first are indented
        "[INFO] Sanitizing x.ipynb\n[ERROR] There was an error processing assignment: /c/submitted/s/ex\n"
        '[ERROR] Traceback (most recent call last):\n      File "a.py", line 1, in f\n        g()\n'
        "    ValueError: first\n    \n    The above exception was the direct cause of the following exception:\n"
        '    \n    Traceback (most recent call last):\n      File "b.py", line 2, in h\n'
        "    PermissionError: not graded: /c/submitted/s/ex/l is a symbolic link\n    \n"
        "[ERROR] There was an error processing assignment 'ex' for student 's'\n"
    )
    assert failure_reason(log) == "PermissionError: not graded: /c/submitted/s/ex/l is a symbolic link"
    assert failure_reason("[INFO] x\n[ERROR] No notebooks found\n[ERROR] more\n") == "No notebooks found"
    assert "without saying why" in failure_reason("")
