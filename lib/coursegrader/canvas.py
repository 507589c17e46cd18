"""The gradebook as a CSV file that Canvas imports, from a roster of the class.

Usage, from the course folder::

    make export ROSTER=roster.csv            # grades.csv (nbgrader export) and canvas_grades.csv
    python -m coursegrader.canvas --roster roster.csv [--output canvas_grades.csv]
        [--assignment EX ...] [--canvas-id EX=12345 ...]

The roster maps nbgrader's student ids to Canvas: a CSV file with a header and the columns
``student_id`` (the nbgrader id: the folder name in ``submitted/``) and ``ID`` (the Canvas
user id), and optionally ``Student`` (the name, "Last, First"), ``SIS User ID``, ``SIS Login
ID`` and ``Section``. The simplest roster is Canvas's own gradebook export (*Grades >
Export*) with a column ``student_id`` added; its "Points Possible" row is skipped. So are the
rows whose column ``role`` says ``instructor``: the roster of ``deploy/class-server`` can be the same file.

The output has the layout of Canvas's gradebook export, which its import reads: the columns
``Student, ID, SIS User ID, SIS Login ID, Section`` and then one per assignment; a second row
``    Points Possible`` (four spaces, as Canvas writes it) gives each assignment's points;
then one row per student of the roster, in the roster's order. An assignment's column is
named after the nbgrader assignment, or ``name (12345)`` with ``--canvas-id name=12345``, so
that Canvas fills its existing assignment 12345 rather than creating a new one. A score is
what ``nbgrader export`` writes in ``grades.csv``: the submission's score less its late
penalty, 0 without a submission.

Nothing is dropped silently: the report names the roster's students who did not submit an
assignment (0 in the file), the students who submitted but are not in the roster (not in
the file: add them to the roster), roster rows without an nbgrader id, and submissions
that still need grading by hand.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CANVAS_COLUMNS", "POINTS_POSSIBLE", "read_roster", "export_canvas", "Report", "main"]

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_POSSIBLE = "    Points Possible"


@dataclass
class Report:
    """What :func:`export_canvas` wrote, and what it could not match."""

    students: int = 0
    no_submission: dict = field(default_factory=dict)  # assignment -> [roster student ids without a submission]
    not_in_roster: dict = field(default_factory=dict)  # student id -> [assignments they submitted]
    unmapped: list = field(default_factory=list)  # roster lines without an nbgrader id
    needs_manual: list = field(default_factory=list)  # (student id, assignment) not fully graded yet

    def lines(self) -> list:
        """The report as lines of text for the instructor."""
        out = [f"{self.students} students written."]
        for assignment, students in sorted(self.no_submission.items()):
            out.append(f"No submission of {assignment} (0 in the file): {', '.join(students)}")
        if self.not_in_roster:
            shown = ", ".join(f"{s} ({', '.join(a)})" for s, a in sorted(self.not_in_roster.items()))
            out.append(f"Submitted but not in the roster (NOT in the file; add them to the roster): {shown}")
        if self.unmapped:
            out.append(f"Roster lines without a student_id (skipped): {', '.join(self.unmapped)}")
        if self.needs_manual:
            shown = ", ".join(f"{s} ({a})" for s, a in self.needs_manual)
            out.append(f"Still to grade by hand (the file has the score so far): {shown}")
        return out


def read_roster(path) -> tuple[list, list]:
    """The roster's students as dicts with the Canvas columns and ``student_id``, and the unmapped lines.

    Raises ``ValueError`` when a column is missing or an nbgrader id appears twice.
    """
    with open(path, newline="", encoding="utf-8-sig") as f:  # utf-8-sig: a roster saved by Excel
        reader = csv.DictReader(f)
        missing = {"student_id", "ID"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(
                f"roster {path}: no column {', '.join(sorted(missing))}; it needs student_id (the nbgrader id) "
                f"and ID (the Canvas user id); got {reader.fieldnames}"
            )
        students, unmapped, seen = [], [], set()
        for number, row in enumerate(reader, start=2):
            if (row.get("Student") or "").strip() == POINTS_POSSIBLE.strip():
                continue
            if (row.get("role") or "").strip().lower() == "instructor":  # a class server's roster (deploy/class-server)
                continue
            sid = (row.get("student_id") or "").strip()
            if not sid:
                unmapped.append(f"line {number} ({(row.get('Student') or row.get('ID') or '').strip() or 'empty'})")
                continue
            if sid in seen:
                raise ValueError(f"roster {path}, line {number}: student_id {sid!r} appears twice")
            seen.add(sid)
            students.append({"student_id": sid, **{c: (row.get(c) or "").strip() for c in CANVAS_COLUMNS}})
    return students, unmapped


def _points(value) -> str:
    """A number as Canvas writes it: at most two decimals, no trailing zeros."""
    return f"{round(float(value), 2):g}"


def export_canvas(db_url, course_id, roster_path, output, assignments=None, canvas_ids=None) -> Report:
    """Write the Canvas gradebook CSV ``output`` for the roster's students; return the :class:`Report`.

    Parameters
    ----------
    db_url, course_id : str
        The gradebook (nbgrader's ``CourseDirectory.db_url`` and ``course_id``).
    roster_path, output : path
    assignments : list of str, optional
        The assignments to export (default: every assignment of the gradebook).
    canvas_ids : dict, optional
        ``{assignment: Canvas assignment id}``: the column is named ``assignment (id)``.
    """
    from nbgrader.api import Gradebook

    roster, unmapped = read_roster(roster_path)
    canvas_ids = canvas_ids or {}
    report = Report(unmapped=unmapped)
    with Gradebook(db_url, course_id) as gb:
        chosen = [a for a in gb.assignments if not assignments or a.name in assignments]
        unknown = set(assignments or []) - {a.name for a in chosen}
        if unknown:
            raise ValueError(f"not in the gradebook: {', '.join(sorted(unknown))}")
        scores = defaultdict(dict)  # student -> assignment -> score
        for assignment in chosen:
            for sub in assignment.submissions:
                scores[sub.student.id][assignment.name] = max(0.0, sub.score - (sub.late_submission_penalty or 0.0))
                if sub.needs_manual_grade:
                    report.needs_manual.append((sub.student.id, assignment.name))
        names = {s.id: f"{s.last_name or ''}, {s.first_name or ''}".strip(", ") for s in gb.students}
        header = CANVAS_COLUMNS + [
            f"{a.name} ({canvas_ids[a.name]})" if a.name in canvas_ids else a.name for a in chosen
        ]
        rows = [header, [POINTS_POSSIBLE, "", "", "", ""] + [_points(a.max_score) for a in chosen]]
        for student in roster:
            sid = student["student_id"]
            row = [student["Student"] or names.get(sid) or sid] + [student[c] for c in CANVAS_COLUMNS[1:]]
            for a in chosen:
                if a.name not in scores.get(sid, {}):
                    report.no_submission.setdefault(a.name, []).append(sid)
                row.append(_points(scores.get(sid, {}).get(a.name, 0.0)))
            rows.append(row)
    in_roster = {s["student_id"] for s in roster}
    report.not_in_roster = {sid: sorted(subs) for sid, subs in scores.items() if sid not in in_roster}
    report.students = len(roster)
    with open(output, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return report


def _canvas_ids(pairs, parser) -> dict:
    ids = {}
    for pair in pairs:
        name, _, number = pair.partition("=")
        if not name or not number.strip().isdigit():
            parser.error(
                f"--canvas-id takes ASSIGNMENT=NUMBER (the id in the assignment's Canvas address); got {pair!r}"
            )
        ids[name] = number.strip()
    return ids


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursegrader.canvas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--roster", required=True, help="CSV with student_id (nbgrader) and ID (Canvas), see above")
    parser.add_argument("--output", default="canvas_grades.csv", help="default: canvas_grades.csv")
    parser.add_argument("--assignment", action="append", help="export only this assignment (repeat it)")
    parser.add_argument("--canvas-id", action="append", default=[], help="ASSIGNMENT=ID of the Canvas assignment")
    args = parser.parse_args(argv)
    if not Path("nbgrader_config.py").is_file():
        parser.error("no nbgrader_config.py here: run this from the course folder")
    from nbgrader.apps import ExportApp

    app = ExportApp()
    app.initialize([])  # the course's configuration: the gradebook of COURSE_DB_URL, or gradebook.db
    try:
        report = export_canvas(
            app.coursedir.db_url,
            app.coursedir.course_id,
            args.roster,
            args.output,
            assignments=args.assignment,
            canvas_ids=_canvas_ids(args.canvas_id, parser),
        )
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{args.output}: the gradebook in Canvas's import format.")
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
