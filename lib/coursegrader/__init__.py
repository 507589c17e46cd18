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

``dlf`` never imports this package, and only ``nbgrader_plugins`` and ``selfgrade``
need nbgrader (the extra ``grading`` of the project).
"""
