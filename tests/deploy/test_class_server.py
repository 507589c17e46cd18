"""A class on one server, end to end: ``deploy/class-server`` and a real browser, as root.

The roster has one instructor and two students (Unix accounts made by ``class-server up`` for
this test, with a random suffix). The test

1. starts the class server on 127.0.0.1 (``class-server up``: PAM logins with the passwords that
   ``up`` set, the gradebook on a throwaway PostgreSQL, the exchange in a temporary folder);
2. in headless Chromium, the instructor logs in, opens the Formgrader service, and clicks
   Generate and Release on ex00;
3. each student logs in (their JupyterLab starts as their Unix user; the Formgrader refuses
   them), opens Nbgrader > Assignment List, fetches ex00, answers it (the notebook file in their
   home is written as JupyterLab would save it: the reference answers, one of them wrong for the
   second student), and submits from the Assignment List;
4. the instructor grades with ``class-server grade ex00`` (nbgrader collect, the class command
   ``python -m coursegrader.classgrade``, feedback generated and released): the gradebook gives
   10/10 and 9/10;
5. each student fetches their feedback in the Assignment List and finds their own score in it;
   checked as a student's Unix user: they cannot read the other student's home, list the
   exchange's submissions, open the course folder (which the instructor can) or the hub's folder;
6. ``class-server down --purge`` stops the hub and removes the users, their homes, the course
   folder, the exchange and /etc/jupyter/nbgrader_config.py; the test checks that they are gone.

It needs root (it creates Unix users), Linux, npm, Debian's Python 3.11 (``/usr/bin/python3``:
the users' servers cannot run a Python under /root), PostgreSQL's server programs, bubblewrap,
Chromium and Playwright. Without one of them it is skipped, saying which; under CI=true it fails.
The course's venv is built once in /var/cache/dlf-class-test (about 1.5 min; again only when
requirements.lock changes) and kept there; one run at a time holds its lock, since
/etc/jupyter/nbgrader_config.py is the machine's.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from classtest import CACHE, CLASS_SERVER, REPO, Steps, free_base_port, one_run_at_a_time, skip_or_fail

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE_ID = "foundations-of-deep-learning"
EX = "ex00_notation_and_shapes"
NBGRADER_CONFIG = Path("/etc/jupyter/nbgrader_config.py")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
UI_TIMEOUT = 120_000  # ms: a first JupyterLab start on a busy 2-core machine


def class_server(*args, timeout=900) -> str:
    done = subprocess.run([sys.executable, str(CLASS_SERVER), *args], capture_output=True, text=True, timeout=timeout)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(f"class-server {' '.join(args)} failed (exit {done.returncode}):\n{output[-5000:]}", pytrace=False)
    return output


def as_user(user: str, *cmd) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", *cmd], capture_output=True, text=True, cwd="/")


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def answered(release_nb: dict, source_nb: dict, wrong: dict) -> dict:
    """The released notebook with every answer cell filled with the reference answer, or with ``wrong[grade_id]``."""
    reference = {
        c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"])
        for c in source_nb["cells"]
        if c["metadata"].get("nbgrader", {}).get("solution")
    }
    nb = json.loads(json.dumps(release_nb))
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            text = wrong.get(meta["grade_id"]) or reference[meta["grade_id"]]
            cell["source"] = "\n".join(line for line in text.split("\n") if "### " not in line)
    return nb


@pytest.fixture(scope="module")
def this_machine():
    """The class server on this machine: the cached venv and /etc/jupyter/nbgrader_config.py are ours for the run."""
    with one_run_at_a_time():
        if NBGRADER_CONFIG.exists():
            skip_or_fail(f"{NBGRADER_CONFIG} exists: a class server runs on this machine (the test would replace it)")
        yield


@pytest.fixture(scope="module")
def postgres(this_machine):
    from coursegrader.pgcluster import TemporaryCluster

    cluster = TemporaryCluster(prefix="dlf-class-test-postgres-").start()
    cluster.folder.chmod(0o755)  # the grader account reaches the server's socket there
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def the_class(this_machine, postgres, timing_report):
    """A running class server; afterwards `class-server down --purge` (and a check that it removed everything)."""
    suffix = secrets.token_hex(2)
    people = {
        "instructor": f"dlft{suffix}-teacher",
        "right": f"dlft{suffix}-ada",
        "wrong": f"dlft{suffix}-bob",
    }
    state = Path(tempfile.mkdtemp(prefix="dlf-class-test-"))
    state.chmod(0o755)
    roster = state / "roster.csv"
    roster.write_text(
        f"student_id,role\n{people['instructor']},instructor\n{people['right']},student\n{people['wrong']},student\n"
    )
    grader, group = f"dlft{suffix}-grader", f"dlft{suffix}-instr"
    port = free_base_port()
    steps = Steps()
    args = ["--state", str(state / "hub")]
    up = [
        *args,
        "up",
        str(roster),
        f"--port={port}",
        f"--prefix={CACHE}",
        f"--grader-user={grader}",
        f"--instructors-group={group}",
        f"--exchange={state / 'exchange'}",
        f"--db-url={postgres.create_database('gradebook')}",
        "--cull-after=600",
    ]
    info = {
        "people": people,
        "grader": grader,
        "state": state / "hub",
        "exchange": state / "exchange",
        "url": f"http://127.0.0.1:{port}",
        "db_url": postgres.url("gradebook"),
        "steps": steps,
        "args": args,
    }
    try:
        info["up_log"] = class_server(*up)
        steps.done("class-server up (users, course, exchange, gradebook, hub)")
        passwords = info["state"] / "passwords.csv"
        info["passwords"] = {row["student_id"]: row["password"] for row in csv.DictReader(open(passwords))}
        yield info
    finally:
        purge = subprocess.run(
            [sys.executable, str(CLASS_SERVER), *args, "down", "--purge"], capture_output=True, text=True, timeout=300
        )
        steps.done("class-server down --purge")
        accounts = [*people.values(), grader]
        homes = [Path("/home") / name for name in accounts]
        left = [name for name in accounts if user_exists(name)] + [str(h) for h in homes if h.exists()]
        left += [str(p) for p in (NBGRADER_CONFIG, state / "exchange", state / "hub") if p.exists()]
        for name in accounts:  # if down failed half-way: leave no account behind
            if user_exists(name):
                subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
                subprocess.run(["userdel", "--remove", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        NBGRADER_CONFIG.unlink(missing_ok=True)
        shutil.rmtree(state, ignore_errors=True)
        timing_report("the class server's test: seconds per step", steps.table())
        assert purge.returncode == 0, purge.stdout + purge.stderr
        assert not left, f"class-server down --purge left {left}"


# --- the browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(this_machine):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    pw.stop()


def log_in(browser, the_class, user: str):
    """A new browser context and page, logged in to the hub as ``user`` (PAM: the password that `up` set)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(UI_TIMEOUT)
    page = context.new_page()
    page.goto(f"{the_class['url']}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", the_class["passwords"][user])
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf".*/user/{re.escape(user)}/lab.*"))
    return page


def click_in_formgrader(page, column: str, success: str) -> None:
    """Click ``column`` (assign, release) of EX's row in Manage Assignments; wait for the success dialog."""
    row = page.locator("tr", has=page.locator("td.name", has_text=re.compile(rf"^\s*{EX}\s*$")))
    row.locator(f"td.{column} a").click()
    dialog = page.locator("#success-modal, #error-modal")
    dialog.wait_for(state="visible")
    text = dialog.inner_text()
    assert success in text, f"Formgrader, {column} of {EX}:\n{text}"
    dialog.locator("button.btn-primary").click()
    dialog.wait_for(state="detached")


def open_assignment_list(page):
    page.wait_for_function("() => document.querySelector('.lm-MenuBar-content')")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).click()
    labels = page.locator(".lm-Menu .lm-Menu-itemLabel")
    menu = [label.inner_text() for label in labels.all() if label.inner_text()]
    page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=re.compile(r"^Assignment List$")).click()
    return page.locator("#nbgrader-assignment-list"), menu


def row_of(panel, listing: str):
    return panel.locator(f"#{listing}_assignments_list .list_item").filter(has_text=EX)


# --- the test ------------------------------------------------------------------------------------------


def test_a_class_releases_fetches_submits_grades_and_returns_feedback(the_class, browser):
    steps, people = the_class["steps"], the_class["people"]
    students = {people["right"]: {}, people["wrong"]: {"answer_q1": 'answer_q1 = "B"  # a mistake\n'}}

    # The instructor releases ex00 from the Formgrader service.
    page = log_in(browser, the_class, people["instructor"])
    _, menu = open_assignment_list(page)
    assert menu == ["Assignment List", "Course List"], f"the instructor's Nbgrader menu: {menu}"
    page.goto(f"{the_class['url']}/services/{COURSE_ID}/formgrader/manage_assignments")
    click_in_formgrader(page, "assign", f"Successfully created the student version of '{EX}'")
    click_in_formgrader(page, "release", f"Successfully released '{EX}'")
    row = page.locator("tr", has=page.locator("td.name", has_text=re.compile(rf"^\s*{EX}\s*$")))
    page.wait_for_function(
        "(row) => row && row.querySelector('td.status').innerText.trim() === 'released'", arg=row.element_handle()
    )
    page.context.close()
    steps.done("instructor: logs in, Generate and Release in the Formgrader")

    # Each student fetches ex00, answers it and submits it from the Assignment List.
    source = json.loads((REPO / "solutions" / EX / f"{EX}.ipynb").read_text())
    pages = {}
    for student, mistakes in students.items():
        page = log_in(browser, the_class, student)
        panel, menu = open_assignment_list(page)
        assert menu == ["Assignment List"], f"a student's Nbgrader menu offers {menu}"
        if not pages:  # the first student: the Formgrader service is the instructors' only
            refused = page.context.new_page()
            refused.goto(f"{the_class['url']}/services/{COURSE_ID}/formgrader")
            text = refused.locator("body").inner_text()
            assert f"do not have permission to access JupyterHub service {COURSE_ID}" in text, text[:500]
            refused.close()
        row_of(panel, "released").locator("button", has_text="Fetch").click()
        row_of(panel, "fetched").locator("button", has_text="Submit").wait_for()
        user = pwd.getpwnam(student)
        notebook = Path(user.pw_dir) / EX / f"{EX}.ipynb"
        nb = answered(json.loads(notebook.read_text()), source, mistakes)
        notebook.write_text(json.dumps(nb, indent=1) + "\n")  # as JupyterLab saves it, as the student
        os.chown(notebook, user.pw_uid, user.pw_gid)
        row_of(panel, "fetched").locator("button", has_text="Submit").click()
        row_of(panel, "submitted").first.wait_for()
        pages[student] = page
        steps.done(f"student {student}: logs in, Fetch, answers, Submit")

    # The instructor collects and grades the class, and releases the feedback.
    log = class_server(*the_class["args"], "grade", EX, "--workers", "2", timeout=600)
    steps.done("instructor: class-server grade (collect, classgrade, feedback)")
    from nbgrader.api import Gradebook

    with Gradebook(the_class["db_url"], COURSE_ID) as gb:
        scores = {s.student.id: (s.score, s.max_score) for s in gb.find_assignment(EX).submissions}
    total = sum(  # the exercise's points, from its source; the one mistake (answer_q1) costs 1 point
        c["metadata"]["nbgrader"].get("points", 0)
        for c in json.loads((REPO / "solutions" / EX / f"{EX}.ipynb").read_text())["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
    )
    assert total > 1
    assert scores == {people["right"]: (total, total), people["wrong"]: (total - 1, total)}, f"{scores}\n{log[-3000:]}"

    # Each student fetches their own feedback, with their score.
    for student, score in [
        (people["right"], f"{total:.1f} / {total:.1f}"),
        (people["wrong"], f"{total - 1:.1f} / {total:.1f}"),
    ]:
        page = pages[student]
        panel, _ = open_assignment_list(page)
        row_of(panel, "submitted").locator("button", has_text="Fetch Feedback").click()
        feedback = Path(pwd.getpwnam(student).pw_dir) / EX / "feedback"
        deadline = time.monotonic() + 60
        while not list(feedback.glob(f"*/{EX}.html")) and time.monotonic() < deadline:
            time.sleep(0.5)
        pages_found = list(feedback.glob(f"*/{EX}.html"))
        assert pages_found, f"{student}: no feedback in {feedback} after Fetch Feedback"
        html = re.sub(r"<[^>]+>|\s+", " ", pages_found[0].read_text())
        assert f"{EX} (Score: {score})" in html, f"{student}: not the score {score} in the feedback page"
        page.context.close()
    steps.done("students: Fetch Feedback, each sees their score")

    # Unix permissions keep them apart (checked as each user).
    right, wrong, instructor = people["right"], people["wrong"], people["instructor"]
    course = Path(pwd.getpwnam(the_class["grader"]).pw_dir) / "course"
    theirs = Path(pwd.getpwnam(right).pw_dir) / EX / f"{EX}.ipynb"
    inbound = the_class["exchange"] / COURSE_ID / "inbound"
    assert as_user(right, "cat", str(theirs)).returncode == 0  # a sanity check of the checks
    for what, cmd in [
        ("the other student's notebook", ["cat", str(theirs)]),
        ("the submissions in the exchange", ["ls", str(inbound)]),
        ("the course folder", ["ls", str(course)]),
        ("the hidden tests", ["cat", str(course / "solutions" / EX / f"{EX}.ipynb")]),
        ("the hub's folder", ["ls", str(the_class["state"])]),
        ("the hub's database", ["cat", str(the_class["state"] / "jupyterhub.sqlite")]),
    ]:
        done = as_user(wrong, *cmd)
        assert done.returncode != 0 and "Permission denied" in done.stderr, f"a student reads {what}: {done}"
    assert as_user(instructor, "ls", str(course / "submitted")).returncode == 0, "the instructor cannot read the course"
    steps.done("permissions checked as each user")
