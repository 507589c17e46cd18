"""The grading sandbox: malicious students, graded in ONE autograde call with honest ones.

Each attack is what a student wrote at the end of a solution cell of ex00 (after their
correct answer), as in the attacks tried on the unsandboxed grader. Every outcome is
checked from outside the sandbox: the gradebook, the files of the course and the
instructor, the feedback pages, the processes left behind, a TCP server on the grading
host. Honest students, one graded first and one graded last, keep full marks.

The module also grades the whole session batch again WITHOUT the sandbox and compares
every score, and checks that the sandbox's limits cost a misbehaving cell and nothing else.
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from gradingkit import (
    Course,
    cells_by_id,
    hidden_test_lines,
    html_text,
    read_nb,
    reference_submission,
    regrade_session_batch,
    source,
    with_cells,
)

from coursegrader.sandbox import LIMITS, SandboxUnavailable, check_available

pytestmark = pytest.mark.slow

EX = "ex00_notation_and_shapes"
CANARY = "canary-3f9a61c2-instructor-secret"
LEAK = "LEAKED:"  # what an attack prints when it got something


def sandbox_or_skip():
    try:
        check_available()
    except SandboxUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the grading sandbox must work in CI: {exc}")
        pytest.skip(f"no grading sandbox here: {exc}")


def attacks(root: Path, env: dict, port: int) -> dict:
    """{student: code appended to the answer of question 1}. Each prints LEAK when it succeeds."""
    home, jupyter, ipython = env["HOME"], env["JUPYTER_CONFIG_DIR"], env["IPYTHONDIR"]
    return {
        "attack-read-solutions": f"""
import glob
for path in glob.glob("../../../solutions/*/*") + glob.glob("{root}/solutions/*/*"):
    try:
        print("{LEAK}", open(path).read())
    except OSError as exc:
        print("blocked:", exc)
""",
        "attack-read-own-notebook": f"""
import glob
for path in glob.glob("*.ipynb") + glob.glob("{root}/autograded/*/*/*.ipynb"):
    text = open(path).read()
    print("{LEAK}" if text else "empty:", path, text)
""",
        "attack-read-gradebook-and-others": f"""
for path in ["../../../gradebook.db", "{root}/gradebook.db",
             "{root}/submitted/aa-honest/{EX}/{EX}.ipynb", "{root}/autograded/aa-honest/{EX}/{EX}.ipynb"]:
    try:
        print("{LEAK}", path, len(open(path, "rb").read()))
    except OSError as exc:
        print("blocked:", exc)
""",
        "attack-write-gradebook": f"""
import sqlite3
for path in ["../../../gradebook.db", "{root}/gradebook.db"]:
    try:
        db = sqlite3.connect(path)
        db.execute("UPDATE grade SET extra_credit = 100")
        db.execute("UPDATE grade SET manual_score = 0 WHERE notebook_id IN (SELECT id FROM submitted_notebook)")
        db.commit()
        print("{LEAK}", path)
    except Exception as exc:
        print("blocked:", exc)
""",
        "attack-rewrite-later-submission": f"""
try:
    with open("{root}/submitted/zz-last/{EX}/{EX}.ipynb", "w") as f:
        f.write("{{}}")
    print("{LEAK}")
except OSError as exc:
    print("blocked:", exc)
""",
        "attack-symlink-own-notebook": f"""
import os
try:
    os.remove("{EX}.ipynb")
    os.symlink("{root}/pwned-through-symlink", "{EX}.ipynb")
    print("{LEAK}")
except OSError as exc:
    print("blocked:", exc)
""",
        "attack-plant-config": f"""
import os
planted = {{
    "{home}/.bashrc": "touch {root}/pwned-bashrc\\n",
    "{jupyter}/nbgrader_config.py": "open('{root}/pwned-config', 'w')\\n",
    "{ipython}/profile_default/startup/00-pwn.py": "open('{root}/pwned-startup', 'w')\\n",
    "/tmp/.ipython/profile_default/startup/00-pwn.py": "open('{root}/pwned-startup', 'w')\\n",
}}
for path, text in planted.items():
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "a") as f:
            f.write(text)
        print("written:", path)
    except OSError as exc:
        print("blocked:", exc)
""",
        "attack-environment": """
import os
print(dict(os.environ))
""",
        "attack-signal-the-grader": """
import os, signal
own = {int(tid) for tid in os.listdir("/proc/self/task")}  # its own threads: killing one kills itself
for pid in [os.getppid(), 1] + list(range(2, 5000)):
    if pid > 0 and pid not in own:  # pid 0 would be its own process group
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
print("signalled")
""",
        "attack-network": f"""
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).sendall(b"{LEAK}")
    print("{LEAK}")
except OSError as exc:
    print("blocked:", exc)
""",
        "attack-lingering-process": f"""
import os, subprocess
subprocess.Popen(["/bin/sh", "-c", "sleep 3; touch {root}/pwned-later; touch /tmp/x; exec sleep 1000 # dlf-linger"],
                 start_new_session=True)
if os.fork() == 0:
    try:
        os.setsid()
        import time
        time.sleep(3)
        open("{root}/pwned-later-fork", "w")
    finally:
        os._exit(0)
print("started")
""",
    }


RESOURCE_HOGS = {
    "hog-memory": "hog = bytearray(3 * 1024**3)\n",
    # more children than the sandbox's process limit allows (the uid's other processes count too)
    "hog-processes": (
        f"import subprocess\nchildren = [subprocess.Popen(['/bin/sleep', '30']) for _ in range({2 * LIMITS['nproc']})]\n"
    ),
    "hog-disk": "with open('/tmp/big', 'wb') as f:\n    for _ in range(200):\n        f.write(bytes(1024 * 1024))\n",
}


class Listener:
    """A TCP server on the grading host that records every connection."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    sandbox_or_skip()
    course = Course(tmp_path_factory.mktemp("sandbox"), exercises=[EX])
    course.env[CANARY.split("-")[0].upper()] = CANARY  # CANARY=... in the grader's environment
    course.nbgrader("generate_assignment", EX)
    release, solution = course.release(EX), course.source(EX)
    reference = reference_submission(release, solution)
    answer = source(cells_by_id(reference)["answer_q1"])
    listener = Listener()
    home = Path(course.env["HOME"])
    (home / ".bashrc").write_text("# the instructor's bashrc\n")
    students = {"aa-honest": reference, "zz-last": reference}
    for student, code in attacks(course.root, course.env, listener.port).items():
        students[student] = with_cells(reference, {"answer_q1": answer + "\n" + code})
    for student, code in RESOURCE_HOGS.items():
        students[student] = with_cells(reference, {"answer_q1": answer + "\n" + code})
    for student, nb in students.items():
        course.submit(student, EX, nb)
    # a link planted in the submission (the exchange is writable by every student)
    (home / "secret.txt").write_text(CANARY)
    course.submit(
        "attack-linked-file", EX, with_cells(reference, {"answer_q1": answer + "\nprint(open('notes.txt').read())\n"})
    )
    (course.root / "submitted" / "attack-linked-file" / EX / "notes.txt").symlink_to(home / "secret.txt")
    course.before = {
        "bashrc": digest(home / ".bashrc"),
        "last": digest(course.root / "submitted" / "zz-last" / EX / f"{EX}.ipynb"),
    }
    proc = course.nbgrader("autograde", EX, "--Execute.timeout=20", check=False, notebooks=len(students))
    course.log = proc.stdout + proc.stderr
    course.nbgrader("generate_feedback", EX)
    time.sleep(5)  # a process left behind would act now
    course.listener = listener
    course.students = sorted(students)  # attack-linked-file is not among them: it is not graded
    visible = {line.strip() for cell in release["cells"] for line in source(cell).split("\n")}
    course.hidden = sorted(hidden_test_lines(solution) - visible)
    return course


def outputs(course, student) -> str:
    nb = course.autograded(EX, student)
    texts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            texts.append("".join(out.get("text", "")) + out.get("evalue", "") + str(out.get("data", "")))
    return "\n".join(texts)


def test_every_student_is_graded_and_keeps_exactly_full_marks(attacked):
    for student in attacked.students:
        scores = attacked.scores(EX, student)
        assert scores["total"] == scores["max"], f"{student}: {scores}"


@pytest.mark.parametrize(
    "student", sorted(attacks(Path("/"), {"HOME": "", "JUPYTER_CONFIG_DIR": "", "IPYTHONDIR": ""}, 0))
)
def test_the_attack_got_nothing_out(attacked, student):
    text = outputs(attacked, student)
    assert LEAK not in text, f"{student}:\n{text[-2000:]}"
    feedback = html_text(attacked.feedback(EX, student))
    assert CANARY not in text and CANARY not in feedback, f"{student} saw the grader's environment"
    shown = [line for line in attacked.hidden if line in text]
    assert not shown, f"{student} printed hidden tests: {shown[:3]}"


def test_the_gradebook_holds_no_forged_credit(attacked):
    import sqlite3

    db = sqlite3.connect(attacked.root / "gradebook.db")
    extra = db.execute("SELECT count(*) FROM grade WHERE extra_credit > 0").fetchone()[0]
    assert extra == 0


def test_the_next_student_and_the_instructor_files_are_untouched(attacked):
    root, home = attacked.root, Path(attacked.env["HOME"])
    assert digest(root / "submitted" / "zz-last" / EX / f"{EX}.ipynb") == attacked.before["last"]
    assert digest(home / ".bashrc") == attacked.before["bashrc"]
    for planted in (
        Path(attacked.env["JUPYTER_CONFIG_DIR"]) / "nbgrader_config.py",
        Path(attacked.env["IPYTHONDIR"]) / "profile_default" / "startup" / "00-pwn.py",
    ):
        assert not planted.exists(), planted
    pwned = sorted(p.name for p in root.glob("pwned*"))
    assert not pwned, f"files written by students' code in the course: {pwned}"
    notebook = root / "autograded" / "attack-symlink-own-notebook" / EX / f"{EX}.ipynb"
    assert notebook.is_file() and not notebook.is_symlink()


def test_a_submission_with_a_link_is_not_graded(attacked):
    assert "is a symbolic link" in attacked.log
    notebook = attacked.root / "autograded" / "attack-linked-file" / EX / f"{EX}.ipynb"
    if notebook.exists():  # nbgrader keeps its copy; no kernel ever ran it
        assert CANARY not in outputs(attacked, "attack-linked-file")
    feedback = attacked.root / "feedback" / "attack-linked-file"
    assert not any(CANARY in p.read_text(errors="replace") for p in feedback.rglob("*.html"))


def test_no_network_and_no_process_left_behind(attacked):
    assert attacked.listener.connections == 0
    assert processes_with("dlf-linger") == []
    assert "blocked" in outputs(attacked, "attack-network")


def test_the_kernel_saw_only_its_own_processes(attacked):
    assert "signalled" in outputs(attacked, "attack-signal-the-grader")
    scores = attacked.scores(EX, "zz-last")
    assert scores["total"] == scores["max"]


@pytest.mark.parametrize(
    "student, says",
    [("hog-memory", "MemoryError"), ("hog-processes", "Resource temporarily unavailable"), ("hog-disk", "")],
)
def test_a_resource_hog_fails_its_own_cell_alone(attacked, student, says):
    if student == "hog-processes" and os.geteuid() != 0:
        pytest.skip(f"the limit of {LIMITS['nproc']} processes applies when grading as root")
    nb = attacked.autograded(EX, student)
    errors = [out for cell in nb["cells"] for out in cell.get("outputs", []) if out["output_type"] == "error"]
    assert len(errors) == 1, f"{student}: {[e['ename'] for e in errors]}"
    assert says in errors[0]["ename"] + ": " + errors[0]["evalue"]
    if student == "hog-disk":
        assert errors[0]["ename"] == "OSError" and (
            "No space left" in errors[0]["evalue"] or "too large" in errors[0]["evalue"]
        )


# --- the same scores with and without the sandbox ----------------------------------------


def test_sandboxed_and_unsandboxed_grading_give_the_same_scores(graded, tmp_path_factory, report_timings):
    """The references, blanks and a sixth of the catalog submissions, graded again unsandboxed."""
    sandbox_or_skip()
    again, different = regrade_session_batch(
        graded, tmp_path_factory.mktemp("unsandboxed"), "--SandboxedExecute.sandbox=False"
    )
    report_timings(again)
    assert not different, f"scores differ with and without the sandbox: {different}"


def test_autograde_refuses_without_the_sandbox(tmp_path):
    """With no bubblewrap on PATH, a graded kernel does not start, and the log says how to fix it."""
    sandbox_or_skip()
    course = Course(tmp_path, exercises=[EX])
    course.nbgrader("generate_assignment", EX)
    course.submit("student", EX, read_nb(course.root / "exercises" / EX / f"{EX}.ipynb"))
    empty = tmp_path / "no-tools"
    empty.mkdir()
    for tool in ("nbgrader", "alembic", "python", "python3"):  # the venv's tools, but no bwrap
        target = Path(course.env["PATH"].split(os.pathsep)[0]) / tool
        if target.exists():
            (empty / tool).symlink_to(target)
    env = dict(course.env, PATH=str(empty))
    proc = course.nbgrader("autograde", EX, check=False, env=env)
    log = proc.stdout + proc.stderr
    assert "apt-get install bubblewrap" in log, log[-3000:]
    assert (
        not (course.root / "autograded" / "student" / EX / f"{EX}.ipynb").exists()
        or course.scores(EX, "student")["total"] == 0
    )
