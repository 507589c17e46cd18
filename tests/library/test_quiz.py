"""The self-check quiz widget: instant feedback on each choice, no answers in static output."""

import pytest

from dlf.widgets import quiz, quiz_feedback

QUESTIONS = [
    {
        "question": "Which shape has dL/dW?",
        "choices": {"A": "(N, K)", "B": "(D, K)", "C": "(K, D)"},
        "answer": "B",
        "feedback": {"A": "That is dL/dY.", "B": "The shape of W.", "C": "Transposed."},
    },
    {
        "question": "Is ReLU linear?",
        "choices": {"A": "Yes", "B": "No"},
        "answer": "B",
        "feedback": {"A": "It bends at 0.", "B": "Piecewise linear, not linear."},
    },
]


def test_feedback_for_each_choice():
    assert quiz_feedback(QUESTIONS[0], "B") == (True, "Correct. The shape of W.")
    assert quiz_feedback(QUESTIONS[0], "C") == (False, "Not quite. Transposed.")
    with pytest.raises(ValueError, match=r"quiz_feedback: choice must be one of \['A', 'B', 'C'\]; got 'Z'"):
        quiz_feedback(QUESTIONS[0], "Z")


def test_choosing_shows_its_own_feedback():
    q = quiz(QUESTIONS)
    assert list(q.controls) == ["q1", "q2"] and all(f.value == "" for f in q.feedback)
    q.controls["q1"].value = "A"
    assert "Not quite. That is dL/dY." in q.feedback[0].value and q.feedback[1].value == ""
    q.controls["q1"].value = "B"
    assert "Correct. The shape of W." in q.feedback[0].value


def test_static_output_lists_questions_without_answers():
    text = quiz(QUESTIONS)._repr_mimebundle_()["text/plain"]
    assert "Question 1. Which shape has dL/dW?" in text and "  C. (K, D)" in text
    assert "Transposed" not in text and "Correct" not in text


def test_bad_questions():
    with pytest.raises(ValueError, match=r"question 1: answer 'D' is not one of the choices"):
        quiz([{**QUESTIONS[0], "answer": "D"}])
    with pytest.raises(ValueError, match=r"question 1: every choice needs feedback; missing \['C'\]"):
        quiz([{**QUESTIONS[0], "feedback": {"A": "", "B": ""}}])
    with pytest.raises(TypeError, match=r"quiz: questions must be a non-empty list"):
        quiz([])
