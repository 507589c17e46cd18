"""Student-facing text cites real literature, never the private texts the course was first built from.

Those texts (the project's ``shared/seeds``) are not given to students, and "seed" already
means a random seed in the same notebooks: a phrase like "seed 002, section 4" or "the book
chapter this course draws on" sends a student to a source they cannot read.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STUDENT_FACING = sorted(
    [*ROOT.glob("lectures/[0-9][0-9]_*.md"), *ROOT.glob("lectures/[0-9][0-9]_*.ipynb")]
    + [*ROOT.glob("solutions/*/*.pct.py"), *ROOT.glob("exercises/*/*.ipynb"), ROOT / "README.md"]
)
PRIVATE_SOURCES = re.compile(
    r"seed \d{3}|seed article|the seed['’]s\b|seed text|book chapter|chapter this course|"
    r"course (?:draws|is built|was built) on|lecture this course",
    re.IGNORECASE,
)


def test_there_is_text_to_check():
    assert len(STUDENT_FACING) >= 25


@pytest.mark.parametrize("path", STUDENT_FACING, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_student_facing_text_cites_a_private_source(path):
    text = path.read_text(encoding="utf-8")
    found = sorted({m.group(0) for m in PRIVATE_SOURCES.finditer(text)})
    assert not found, f"{path.relative_to(ROOT)} cites sources students do not have: {found}; cite the literature"


def test_the_pattern_catches_the_phrases_it_is_for():
    for phrase in (
        "(seed 002, section 4)",
        "The seed article lists",
        "the seed's z",
        "the book chapter this course draws on",
    ):
        assert PRIVATE_SOURCES.search(phrase), phrase
    for fine in ("random seed 0", "np.random.default_rng(seed)", "means over the seeds"):
        assert not PRIVATE_SOURCES.search(fine), fine


# The course writes American English (issue 14): one spelling per word, in text and in printed output.
BRITISH = re.compile(
    r"\b(?:neighbours?|centred|centre|colours?|behaviours?|favour\w*|(?:re)?labell(?:ed|ing)|modelling|grey|analyse[sd]?|"
    r"practise[sd]?|(?:minimi|maximi|normali|initiali|optimi|generali|vectori|parameteri|summari|recogni|populari|"
    r"reali|organi|standardi|regulari|characteri|visuali|speciali|memori|randomi)s(?:e|es|ed|ing|ation|ations|er|ers))\b|\blicence\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", STUDENT_FACING, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_student_facing_text_is_in_american_english(path):
    found = sorted({m.group(0) for m in BRITISH.finditer(path.read_text(encoding="utf-8"))})
    assert not found, f"{path.relative_to(ROOT)} has British spellings: {found}"


def test_the_spelling_pattern_knows_both_spellings():
    for british in (
        "optimiser",
        "neighbour",
        "re-centred",
        "initialisation",
        "vectorised",
        "normalise",
        "Practise",
        "labelled",
        "relabelled",
    ):
        assert BRITISH.search(british), british
    for american in (
        "neighbor",
        "re-centered",
        "initialization",
        "vectorized",
        "normalize",
        "practice",
        "raise",
        "noise",
    ):
        assert not BRITISH.search(american), american
