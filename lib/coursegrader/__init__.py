"""coursegrader: the grading machinery of the course, kept apart from the library ``dlf``.

Modules
-------
checks
    The checks that the exercises' test cells import: messages that teach, and the
    diagnosis of the usual mistakes (``from coursegrader.checks import check_close``).
nbgrader_plugins
    The course's nbgrader preprocessors: hidden tests removed from the feedback, and
    warnings that cost no marks. ``nbgrader_config.py`` loads them.
selfgrade
    ``make grade EX=...`` (a learner grades their own notebook with the real nbgrader
    autograder) and ``make exercises`` (``nbgrader generate_assignment`` for exercises/).
sandbox, trusted (with remote, agent, wire, codecheck)
    How a student's notebook is graded: their code in a sandbox, the tests apart.
classgrade (with classpool, classrecord, gradebookdb)
    ``make grade-class EX=...``: a class graded by parallel workers, resumable, on a SQLite
    or PostgreSQL gradebook.
canvas
    ``make export ROSTER=...``: the gradebook as a CSV file for Canvas.
pgcluster
    A throwaway PostgreSQL server, for the tests and benchmarks.

``dlf`` never imports this package. ``checks`` (which the notebooks import), ``codecheck``
and ``wire`` need only NumPy and ``dlf``; the others need the extra ``grading`` of the
project (nbgrader, tqdm, psycopg).
"""
