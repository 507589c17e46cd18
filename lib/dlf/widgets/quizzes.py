"""Self-check quizzes: radio buttons, and feedback on every choice (the end of every lecture)."""

from __future__ import annotations

import ipywidgets as widgets

__all__ = ["Quiz", "quiz", "quiz_feedback"]


def _check_questions(questions) -> list[dict]:
    """Validate the quiz format; return the questions as a list."""
    where = "quiz"
    if not isinstance(questions, (list, tuple)) or not questions:
        raise TypeError(f"{where}: questions must be a non-empty list of dicts; got {type(questions).__name__}")
    for i, q in enumerate(questions, 1):
        if not isinstance(q, dict) or not {"question", "choices", "answer", "feedback"} <= set(q):
            raise ValueError(f"{where}: question {i} must be a dict with keys question, choices, answer, feedback")
        choices, feedback = q["choices"], q["feedback"]
        if not isinstance(choices, dict) or len(choices) < 2:
            raise ValueError(f"{where}: question {i}: choices must map at least two letters to texts")
        if q["answer"] not in choices:
            raise ValueError(
                f"{where}: question {i}: answer {q['answer']!r} is not one of the choices {sorted(choices)}"
            )
        missing = set(choices) - set(feedback)
        if missing:
            raise ValueError(f"{where}: question {i}: every choice needs feedback; missing {sorted(missing)}")
    return list(questions)


def quiz_feedback(question: dict, choice: str) -> tuple[bool, str]:
    """Whether ``choice`` answers ``question``, and the feedback on that choice.

    Parameters
    ----------
    question : dict
        ``{"question", "choices": {letter: text}, "answer": letter, "feedback": {letter: text}}``.
    choice : str
        A letter of ``question["choices"]``.

    Returns
    -------
    correct : bool
    message : str
        Starts with "Correct." or "Not quite."; then the feedback written for that choice.
    """
    if choice not in question["choices"]:
        raise ValueError(f"quiz_feedback: choice must be one of {sorted(question['choices'])}; got {choice!r}")
    correct = choice == question["answer"]
    return correct, ("Correct. " if correct else "Not quite. ") + question["feedback"][choice]


class Quiz(widgets.VBox):
    """A self-check quiz: radio buttons per question, and feedback on the choice made.

    Feedback appears as soon as a choice is clicked; every choice, right or wrong, has
    its own explanation. Viewers without widgets (GitHub, nbconvert) see the questions
    and choices as text, without the answers.

    Attributes
    ----------
    questions : list of dict
    controls : dict of str to ipywidgets.RadioButtons
        ``"q1"``, ``"q2"``, ... ; set ``.value`` to a letter from code to answer.
    feedback : list of ipywidgets.HTMLMath
        The feedback shown under each question (empty until answered).
    """

    def __init__(self, questions):
        self.questions = _check_questions(questions)
        self.controls, self.feedback, children = {}, [], []
        for i, q in enumerate(self.questions, 1):
            buttons = widgets.RadioButtons(
                options=[(f"{letter}. {text}", letter) for letter, text in q["choices"].items()],
                value=None,
                layout=widgets.Layout(width="auto"),
            )
            note = widgets.HTMLMath(value="")
            buttons.observe(lambda change, q=q, note=note: self._answer(q, note, change["new"]), names="value")
            self.controls[f"q{i}"] = buttons
            self.feedback.append(note)
            children += [widgets.HTMLMath(value=f"<b>Question {i}.</b> {q['question']}"), buttons, note]
        super().__init__(children)

    @staticmethod
    def _answer(question, note, choice):
        if choice is None:
            note.value = ""
            return
        correct, message = quiz_feedback(question, choice)
        color = "#1a7f37" if correct else "#b35900"
        note.value = f'<div style="color:{color}">{"&#10004;" if correct else "&#10008;"} {message}</div>'

    def _repr_mimebundle_(self, **kwargs):
        """The widget view plus the questions as plain text for viewers without widgets."""
        bundle = super()._repr_mimebundle_(**kwargs)
        lines = []
        for i, q in enumerate(self.questions, 1):
            lines.append(f"Question {i}. {q['question']}")
            lines += [f"  {letter}. {text}" for letter, text in q["choices"].items()]
        bundle["text/plain"] = "\n".join(lines)
        return bundle


def quiz(questions) -> Quiz:
    """A self-check quiz with feedback on each choice (used at the end of every lecture).

    Parameters
    ----------
    questions : list of dict
        Each ``{"question": str, "choices": {"A": str, "B": str, ...}, "answer": "B",
        "feedback": {"A": "why not A", "B": "why B", ...}}``. Texts may hold HTML and
        LaTeX between ``$...$``.

    Returns
    -------
    Quiz
        Display it (last line of a cell).

    Examples
    --------
    >>> q = quiz([{"question": "1 + 1?", "choices": {"A": "2", "B": "3"}, "answer": "A",
    ...            "feedback": {"A": "Yes.", "B": "Off by one."}}])
    >>> q.controls["q1"].value = "B"
    >>> "Off by one" in q.feedback[0].value
    True
    """
    return Quiz(questions)
