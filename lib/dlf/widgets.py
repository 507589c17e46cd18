"""Interactive figures: controls that redraw a matplotlib figure.

This is the only module of ``dlf`` that imports ``ipywidgets``.

The pattern (lectures reuse it)
-------------------------------
``interactive_plot(draw, **controls)`` returns an ``InteractivePlot``: a ``VBox`` with
the controls on top and an ``ipywidgets.Output`` holding the figure below::

    def draw(ax, lr):
        ...                                   # draw on the matplotlib Axes ax

    w = interactive_plot(draw, lr=widgets.FloatLogSlider(value=0.1, min=-3, max=0))
    w                                         # last line of the cell: shows it

    w.controls["lr"].value = 0.01             # from code (tests, browser tests) ...
    w.output.outputs[0]["data"]["image/png"]  # ... and the figure has been redrawn

Its ``update(change=None)`` method is registered on every control with
``.observe(update, names="value")`` and is called once when the widget is built, so a
figure exists from the start. ``update`` draws a new ``matplotlib.figure.Figure`` with
``draw(ax, **values)``, renders it to PNG and replaces the Output's content with it.
``.controls`` (dict: name -> widget), ``.output`` and ``.update`` are public.

Why the figure is *assigned* to the Output rather than ``display``-ed in it
---------------------------------------------------------------------------
The usual recipe, ``with out: clear_output(wait=True); display(fig); plt.close(fig)``,
relies on the browser: the kernel only sends display messages, and the frontend
routes them into the Output. So without a frontend (pytest, ``nbconvert``) nothing
reaches ``out.outputs``, and with one the clear and display messages can interleave so
that plots pile up instead of being replaced (ipywidgets issues #1853, #2109, #1940).
Here ``update`` sets the synced trait ``output.outputs`` to a one-item tuple holding
the PNG (``show_figure``): one state change, which every frontend applies by replacing
the old figure, and which code can read back. The figure is made with
``matplotlib.figure.Figure``, not ``pyplot``, so the inline backend never shows it a
second time below the cell and there is nothing to ``plt.close``.

A static figure when the notebook is executed headless
------------------------------------------------------
``nbconvert``/``nbval`` execute lectures without a widget frontend, and GitHub or a
JupyterLab that opens a saved (untrusted) notebook cannot render a widget either. So
an ``InteractivePlot`` displays itself with a MIME bundle holding, next to the widget
view, the current figure as ``image/png`` and a short deterministic ``text/plain``
such as ``activation_explorer(activation='sigmoid', depth=5)``. JupyterLab with a live
kernel ranks the widget view first and shows the live widget; every other viewer shows
the PNG, which is stored in the cell's outputs; ``nbval`` compares only the text. A
lecture needs nothing special: end the cell with the widget.

Errors: a mistake in ``draw`` raises when the widget is built; after a change of a
control, the traceback is shown in the Output instead of the figure.
"""

from __future__ import annotations

import base64
import io
import traceback
from numbers import Real

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ._validate import check_positive_int

__all__ = [
    # the pattern and the quiz
    "InteractivePlot", "interactive_plot", "show_figure", "Quiz", "quiz", "quiz_feedback",
    # the widgets of the lectures, in lecture order
    "learning_curve_explorer",                                            # 00
    "perceptron_explorer", "perceptron_stepper",                          # 01
    "approximation_explorer", "sawtooth_explorer",                        # 02
    "activation_explorer", "activation_depth_explorer", "layer_signals",  # 03
    "neuron_graph_explorer",                                              # 04
    "init_depth_explorer",                                                # 05
]

_DPI = 100


def _png_base64(fig: Figure) -> str:
    """The figure as a base64-encoded PNG, the form Jupyter outputs store images in."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def show_figure(output: widgets.Output, fig: Figure) -> None:
    """Replace everything in ``output`` by the figure ``fig`` (as a PNG).

    Use it in your own callbacks instead of ``with output: display(fig)``; see the module
    docstring for why. ``fig`` is not needed afterwards.

    Parameters
    ----------
    output : ipywidgets.Output
    fig : matplotlib.figure.Figure
    """
    if not isinstance(output, widgets.Output):
        raise TypeError(f"show_figure: output must be an ipywidgets.Output; got {type(output).__name__}")
    if not isinstance(fig, Figure):
        raise TypeError(f"show_figure: fig must be a matplotlib Figure; got {type(fig).__name__}")
    w, h = (fig.get_size_inches() * _DPI).round().astype(int)
    output.outputs = ({
        "output_type": "display_data",
        "data": {"image/png": _png_base64(fig), "text/plain": f"<Figure size {w}x{h} with {len(fig.axes)} Axes>"},
        "metadata": {},
    },)


class InteractivePlot(widgets.VBox):
    """Controls above a figure that is redrawn whenever a control's value changes.

    Build it with ``interactive_plot``; see the module docstring for the pattern.

    Attributes
    ----------
    controls : dict of str to ipywidgets widget
        The controls, by the name of the ``draw`` argument they set.
    output : ipywidgets.Output
        Holds the current figure: ``output.outputs[0]["data"]["image/png"]`` (base64).
    draw : callable
        ``draw(ax, **values)`` (or ``draw(axes, **values)`` for ``ncols > 1``).
    """

    def __init__(self, draw, controls: dict, *, ncols: int = 1, figsize=None, name: str | None = None):
        self.draw = draw
        self.controls = dict(controls)
        self.ncols = ncols
        self.figsize = figsize if figsize is not None else (5.0 * ncols, 3.6)
        self.name = name if name is not None else getattr(draw, "__name__", "interactive_plot")
        self.output = widgets.Output()
        box = widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([box, self.output])
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None) -> None:
        """Redraw the figure with the current values and show it in ``output``.

        ``change`` is the traitlets change dict when called by ``observe``. Called by
        hand (``change=None``), errors in ``draw`` are raised; after a change, they are
        shown in the Output instead.
        """
        fig = Figure(figsize=self.figsize, layout="constrained")
        axes = fig.subplots(1, self.ncols)
        try:
            self.draw(axes, **self.values)
        except Exception:
            if change is None:
                raise
            self.output.outputs = ({"output_type": "stream", "name": "stderr", "text": traceback.format_exc()},)
            return
        show_figure(self.output, fig)

    def _repr_mimebundle_(self, **kwargs):
        """The widget view plus a static PNG and a short text, for viewers without widgets."""
        bundle = super()._repr_mimebundle_(**kwargs)
        args = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        bundle["text/plain"] = f"{self.name}({args})"
        current = self.output.outputs[0] if self.output.outputs else {}
        if "image/png" in current.get("data", {}):
            bundle["image/png"] = current["data"]["image/png"]
        return bundle


def interactive_plot(draw, *, ncols: int = 1, figsize=None, **controls) -> InteractivePlot:
    """Build an interactive figure: ``draw`` is called again whenever a control changes.

    Parameters
    ----------
    draw : callable
        ``draw(ax, **values)`` draws on a fresh matplotlib Axes (``ncols == 1``), or
        ``draw(axes, **values)`` on an array of ``ncols`` Axes side by side. ``values``
        maps each control's name to its current ``.value``. For any other layout, use
        ``ax.figure`` (e.g. remove ``ax`` and add your own subplots).
    ncols : int
        Number of Axes in a row.
    figsize : (float, float), optional
        Figure size in inches; ``(5 * ncols, 3.6)`` by default.
    **controls : ipywidgets widgets with a ``value``
        E.g. ``lr=widgets.FloatSlider(...)``, ``name=widgets.Dropdown(options=[...])``.
        A control without a description gets its name as description.

    Returns
    -------
    InteractivePlot
        Display it (last line of a cell); ``.controls``, ``.output``, ``.update``.

    Examples
    --------
    >>> import numpy as np
    >>> def draw(ax, k):
    ...     x = np.linspace(-3, 3, 200)
    ...     ax.plot(x, np.tanh(k * x))
    >>> w = interactive_plot(draw, k=widgets.FloatSlider(value=1.0, min=0.1, max=5.0))
    >>> w.controls["k"].value = 3.0   # redraws
    """
    where = "interactive_plot"
    if not callable(draw):
        raise TypeError(f"{where}: draw must be a function draw(ax, **values); got {type(draw).__name__}")
    ncols = check_positive_int(ncols, where, "ncols")
    if figsize is not None:
        ok = (isinstance(figsize, (tuple, list)) and len(figsize) == 2
              and all(isinstance(s, Real) and not isinstance(s, bool) and s > 0 for s in figsize))
        if not ok:
            raise ValueError(f"{where}: figsize must be (width, height) in inches, both > 0; got {figsize!r}")
    for name, control in controls.items():
        if not (isinstance(control, widgets.Widget) and control.has_trait("value")):
            raise TypeError(f"{where}: control {name!r} must be an ipywidgets widget with a .value, "
                            f"e.g. widgets.FloatSlider(...); got {type(control).__name__}")
        if control.has_trait("description") and not control.description:
            control.description = name
            if hasattr(control, "style") and control.style.has_trait("description_width"):
                control.style.description_width = "initial"
    return InteractivePlot(draw, controls, ncols=ncols, figsize=figsize)


# ---- self-check quizzes ------------------------------------------------------------------

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
            raise ValueError(f"{where}: question {i}: answer {q['answer']!r} is not one of the choices {sorted(choices)}")
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
                value=None, layout=widgets.Layout(width="auto"))
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


# ---- the widgets of the lectures -----------------------------------------------------

def _chain_derivative(f, df, x, depth: int):
    """``h_L`` and ``d h_L / d x`` for ``h_l = f(h_{l-1})``, ``h_0 = x``, by the chain rule."""
    h, chain = x, np.ones_like(x)
    for _ in range(depth):  # one factor f'(h_{l-1}) per layer
        chain = chain * df(h)
        h = f(h)
    return h, chain


def activation_explorer(activation: str = "sigmoid", depth: int = 5, *, max_depth: int = 30) -> InteractivePlot:
    """Pick an activation: see it, its derivative, and its derivative through depth.

    Left: ``f`` and ``f'``. Right: a chain of ``depth`` units ``h_l = f(h_{l-1})``,
    ``h_0 = x`` (weights 1, biases 0), and the size of its derivative, by the chain rule
    ``d h_L / d x = f'(h_0) f'(h_1) ... f'(h_{L-1})``, on a log scale. With the sigmoid
    (``f' <= 1/4``) it vanishes geometrically; with ReLU it stays 1 where ``x > 0``.
    Taught in lecture 03 (and the vanishing gradients of lecture 05).

    Parameters
    ----------
    activation : str
        Initial choice, one of ``dlf.functions.ACTIVATIONS``: ``"sigmoid"``, ``"tanh"``,
        ``"relu"``, ``"leaky_relu"``, ``"gelu"``, ``"gelu_tanh"``.
    depth : int
        Initial number of layers L, in ``[1, max_depth]``.
    max_depth : int
        Largest depth on the slider.

    Returns
    -------
    InteractivePlot
        Controls ``"activation"`` (Dropdown) and ``"depth"`` (IntSlider).
    """
    from .functions import ACTIVATIONS
    from .plot import plot_function_and_derivative

    where = "activation_explorer"
    if activation not in ACTIVATIONS:
        raise ValueError(f"{where}: activation must be one of {list(ACTIVATIONS)}; got {activation!r}")
    max_depth = check_positive_int(max_depth, where, "max_depth")
    depth = check_positive_int(depth, where, "depth")
    if depth > max_depth:
        raise ValueError(f"{where}: depth must be in [1, max_depth = {max_depth}]; got {depth}")

    def draw(axes, activation, depth):
        f, df = ACTIVATIONS[activation]
        plot_function_and_derivative(f, df, ax=axes[0], label=activation)
        axes[0].set_title(f"{activation} and its derivative")
        x = np.linspace(-5.0, 5.0, 401)
        _, chain = _chain_derivative(f, df, x, depth)
        floor = 1e-24  # below sigmoid^(30 layers)
        ax = axes[1]
        ax.semilogy(x, np.maximum(np.abs(df(x)), floor), "--", color="0.6", label="1 layer")
        ax.semilogy(x, np.maximum(np.abs(chain), floor), "-", lw=2, color="C3", label=f"{depth} layers")
        ax.set(ylim=(floor, 10.0), xlabel="x", title=r"$|\,d h_L / d x\,|$, $h_l = f(h_{l-1})$")
        ax.text(0.02, 0.03, f"max over x: {np.abs(chain).max():.2g}", transform=ax.transAxes, fontsize="small")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="lower right", fontsize="small")

    controls = {
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation"),
        "depth": widgets.IntSlider(value=depth, min=1, max=max_depth, description="depth L"),
    }
    w = InteractivePlot(draw, controls, ncols=2, figsize=(10.0, 3.8), name="activation_explorer")
    return w


# --- lecture 00: introduction ---

def learning_curve_explorer(sizes, scores, *, n_train=None, ylabel: str = "test accuracy") -> InteractivePlot:
    """Slide over training-set sizes: the learning curves, and every model's score at that size.

    The scores are computed beforehand (training inside the callback would be too slow
    to feel live); the slider only picks one of them. Taught in lecture 00 (a classical
    model beside a small network, on more and more of the digits).

    Parameters
    ----------
    sizes : (P,) sequence of int
        Numbers of training examples, increasing.
    scores : dict of str to (P,) sequence of float
        For each model, its score (e.g. test accuracy) after training on each size.
    n_train : int, optional
        Initial size, one of ``sizes``; the largest by default.
    ylabel : str
        What the scores are.

    Returns
    -------
    InteractivePlot
        Control ``"n_train"`` (a ``SelectionSlider`` over ``sizes``). Left: the curves
        with the chosen size marked; right: one bar per model at that size.
    """
    from .plot import _series, plot_learning_curves

    where = "learning_curve_explorer"
    sizes_f, scores = _series(sizes, scores, where, positive=False)
    if not np.all(sizes_f == np.round(sizes_f)) or not np.all(np.diff(sizes_f) > 0):
        raise ValueError(f"{where}: sizes must be increasing whole numbers; got {sizes_f.tolist()}")
    options = [int(s) for s in sizes_f]
    if n_train is None:
        n_train = options[-1]
    if n_train not in options:
        raise ValueError(f"{where}: n_train must be one of sizes {options}; got {n_train!r}")
    names = list(scores)
    top = max(1.0, 1.15 * max(float(v.max()) for v in scores.values()))

    def draw(axes, n_train):
        plot_learning_curves(sizes_f, scores, ax=axes[0], highlight=n_train, ylabel=ylabel)
        i = options.index(n_train)
        values = [scores[name][i] for name in names]
        ax = axes[1]
        bars = ax.barh(np.arange(len(names)), values, color=[f"C{k % 10}" for k in range(len(names))])
        ax.bar_label(bars, labels=[f"{v:.3f}" for v in values], padding=3, fontsize="small")
        ax.set_yticks(np.arange(len(names)), names)
        ax.invert_yaxis()
        ax.set(xlim=(0.0, top), xlabel=ylabel, title=f"trained on {n_train} examples")

    controls = {"n_train": widgets.SelectionSlider(options=options, value=n_train, description="training examples",
                                                   style={"description_width": "initial"})}
    return InteractivePlot(draw, controls, ncols=2, figsize=(10.0, 3.6), name="learning_curve_explorer")


# --- lecture 01: the perceptron ---

def _pm1_labels(X, y, where: str):
    """``X`` (N, 2) and labels in {0, 1} or {-1, +1}, returned as ``X`` and ``y`` in {-1, +1}."""
    from ._validate import as_float_array, check_shape

    X = as_float_array(X, where, "X")
    check_shape(X, (None, 2), where, "X")
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or X.shape[0] == 0:
        raise ValueError(f"{where}: y must have shape ({X.shape[0]},), one label per row of X, and N >= 1; "
                         f"got {y.shape}")
    values = set(np.unique(y).tolist())
    if values <= {0, 1}:
        return X, np.where(y == 1, 1, -1)
    if values <= {-1, 1}:
        return X, y.astype(np.int64)
    raise ValueError(f"{where}: y must hold labels in {{0, 1}} or {{-1, +1}}; got values {sorted(values)}")


def _check_real(value, where: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
        raise TypeError(f"{where}: {name} must be a finite number; got {value!r}")
    return float(value)


def _draw_perceptron(ax, w, b, X, y) -> int:
    """Draw the line of a perceptron and its data; return its number of mistakes.

    Mistakes follow the perceptron's convention ``sign(0) = +1``. ``plot_line_boundary``
    counts a score of exactly 0 as negative, which only matters when ``w = 0``: then every
    score equals ``b``, so it is drawn with ``b`` replaced by +-1 of the same sign
    (``b = 0`` as +1), which circles the same points the perceptron gets wrong.
    """
    from .plot import plot_line_boundary

    w = np.asarray(w, dtype=np.float64)
    if not np.any(w):
        b = 1.0 if b >= 0 else -1.0
    plot_line_boundary(w, b, X, y, ax=ax)
    return int(np.sum(np.where(X @ w + b >= 0, 1, -1) != y))


def perceptron_explorer(X, y, *, w=(1.0, 1.0), b: float = 0.0, limit: float = 3.0) -> InteractivePlot:
    """Move ``w_1``, ``w_2`` and ``b`` with sliders: the line ``w . x + b = 0`` and its mistakes.

    Taught in lecture 01: ``w`` is the normal of the boundary (the arrow), ``b`` shifts
    the line along ``w`` (by ``-b / ||w||``); misclassified points are circled in red.

    Parameters
    ----------
    X : (N, 2) ndarray
    y : (N,) ndarray
        Labels in {0, 1} or {-1, +1}.
    w : (float, float)
        Initial weights.
    b : float
        Initial bias.
    limit : float
        The sliders range over ``[-limit, limit]``.

    Returns
    -------
    InteractivePlot
        Controls ``"w1"``, ``"w2"``, ``"b"`` (FloatSliders).
    """
    where = "perceptron_explorer"
    X, y = _pm1_labels(X, y, where)
    limit = _check_real(limit, where, "limit")
    if limit <= 0:
        raise ValueError(f"{where}: limit must be > 0; got {limit}")
    if len(w) != 2:
        raise ValueError(f"{where}: w must be two numbers (w1, w2); got {w!r}")
    start = {"w1": _check_real(w[0], where, "w[0]"), "w2": _check_real(w[1], where, "w[1]"),
             "b": _check_real(b, where, "b")}
    for name, v in start.items():
        if abs(v) > limit:
            raise ValueError(f"{where}: {name} = {v} is outside the slider range [-{limit}, {limit}]")

    def draw(ax, w1, w2, b):
        w = np.array([w1, w2])
        wrong = _draw_perceptron(ax, w, b, X, y)
        text = f"{wrong} of {len(y)} misclassified"
        if wrong == 0 and np.any(w != 0):
            text += f", margin {np.min(y * (X @ w + b)) / np.linalg.norm(w):.3f}"
        ax.set_title(f"w = ({w1:.2f}, {w2:.2f}), b = {b:.2f}: {text}", fontsize="medium")

    controls = {name: widgets.FloatSlider(value=v, min=-limit, max=limit, step=0.05, description=name,
                                          continuous_update=False)
                for name, v in start.items()}
    return InteractivePlot(draw, controls, figsize=(6.0, 4.5), name="perceptron_explorer")


def perceptron_stepper(X, y, *, lr: float = 1.0, max_epochs: int = 20, update: int = 1,
                       rng: np.random.Generator | None = None) -> InteractivePlot:
    """Step through the perceptron rule, one update at a time.

    The rule runs once when the widget is built (epochs over the data in order, or
    shuffled with ``rng``, until an epoch without a mistake or ``max_epochs``); the
    slider picks an update ``t``. Left: the line after ``t`` updates, the line before it
    (dashed) and the misclassified example that caused it (a star): the update
    ``w <- w + lr y x``, ``b <- b + lr y`` turned the line towards that example.
    Right: ``w_1``, ``w_2``, ``b`` over all updates, ``t`` marked. Taught in lecture 01.

    Parameters
    ----------
    X : (N, 2) ndarray
    y : (N,) ndarray
        Labels in {0, 1} or {-1, +1}.
    lr : float, default 1.0
    max_epochs : int, default 20
    update : int, default 1
        Initial position of the slider (clipped to the number of updates).
    rng : np.random.Generator, optional
        Shuffles the examples in every epoch.

    Returns
    -------
    InteractivePlot
        Control ``"update"`` (IntSlider from 0 to the number of updates U) and the
        attributes ``updates`` (list of ``(i, w, b)``: example index and weights after
        the update) and ``converged`` (bool).
    """
    from ._validate import check_rng
    from .perceptron import perceptron_update
    from .plot import plot_weight_history

    where = "perceptron_stepper"
    X, y = _pm1_labels(X, y, where)
    lr = _check_real(lr, where, "lr")
    if lr <= 0:
        raise ValueError(f"{where}: lr must be > 0; got {lr}")
    max_epochs = check_positive_int(max_epochs, where, "max_epochs")
    if rng is not None:
        check_rng(rng, where)
    if isinstance(update, bool) or not isinstance(update, (int, np.integer)) or update < 0:
        raise ValueError(f"{where}: update must be an int >= 0; got {update!r}")

    w, b = np.zeros(2), 0.0
    updates, converged = [], False
    for _ in range(max_epochs):
        order = rng.permutation(len(y)) if rng is not None else range(len(y))
        mistakes = 0
        for i in order:  # the rule is online: one example at a time
            if (1 if X[i] @ w + b >= 0 else -1) != y[i]:
                w, b = perceptron_update(w, b, X[i], int(y[i]), lr=lr)
                updates.append((int(i), w, b))
                mistakes += 1
        if mistakes == 0:
            converged = True
            break
    history = [(u[1], u[2]) for u in updates]

    def draw(axes, update):
        w_t, b_t = (updates[update - 1][1], updates[update - 1][2]) if update else (np.zeros(2), 0.0)
        ax = axes[0]
        wrong = _draw_perceptron(ax, w_t, b_t, X, y)
        legend = ax.get_legend()
        if legend is not None:  # the title says it all; the points stay visible
            legend.remove()
        if update:
            i = updates[update - 1][0]
            w_prev, b_prev = (updates[update - 2][1], updates[update - 2][2]) if update > 1 else (np.zeros(2), 0.0)
            if np.any(w_prev != 0):
                x1 = np.array(ax.get_xlim())
                if abs(w_prev[1]) > 1e-12:
                    ax.plot(x1, -(w_prev[0] * x1 + b_prev) / w_prev[1], "--", color="0.5", lw=1.2)
                else:
                    ax.axvline(-b_prev / w_prev[0], ls="--", color="0.5", lw=1.2)
            ax.plot(*X[i], "*", color="gold", markeredgecolor="k", markersize=16, zorder=5)
            ax.set_title(f"update {update} of {len(updates)}, caused by x_{i} (star, y = {y[i]:+d})\n"
                         f"dashed: the line before; now {wrong} misclassified (red)", fontsize="medium")
        else:
            ax.set_title(f"start: w = 0, b = 0, every score is 0: all predicted +1\n"
                         f"{wrong} misclassified (red); {len(updates)} updates follow", fontsize="medium")
        if history:
            plot_weight_history(history, initial=(np.zeros(2), 0.0), ax=axes[1], highlight=update,
                                title="converged" if converged else f"not converged after {max_epochs} epochs")
        else:
            axes[1].text(0.5, 0.5, "no mistake at w = 0: no update", ha="center", transform=axes[1].transAxes)

    controls = {"update": widgets.IntSlider(value=min(update, len(updates)), min=0, max=len(updates),
                                            description="update t", continuous_update=False)}
    widget = InteractivePlot(draw, controls, ncols=2, figsize=(10.0, 4.0), name="perceptron_stepper")
    widget.updates, widget.converged = updates, converged
    return widget


# --- lecture 04: chain rule and computational graphs ---

_NEURON_RANGES = {"x1": 4.0, "x2": 4.0, "w1": 4.0, "w2": 4.0, "b": 8.0}  # slider i spans [-r, r]


def neuron_graph_explorer(x1: float = 2.0, x2: float = 0.0, w1: float = -3.0, w2: float = 1.0,
                          b: float = 6.88) -> InteractivePlot:
    """Move the inputs of one neuron and watch its computational graph change.

    The expression is ``o = tanh(x1 w1 + x2 w2 + b)``, built from ``dlf.autodiff.Value``.
    Each change of a slider builds it again, runs ``o.backward()`` and redraws the graph
    with ``dlf.plot.plot_graph``: every box shows its ``data`` and its ``grad``
    (``d o / d node``). Things to see: ``w2.grad = x2 * (grad of x2*w2)``, so it is 0 when
    ``x2 = 0``; and every grad shrinks when ``|n|`` grows, because the local derivative
    ``tanh'(n) = 1 - o^2`` goes to 0 (saturation). Taught in lecture 04.

    Parameters
    ----------
    x1, x2, w1, w2 : float
        Initial values, each in [-4, 4].
    b : float
        Initial bias, in [-8, 8].

    Returns
    -------
    InteractivePlot
        Controls ``"x1"``, ``"x2"``, ``"w1"``, ``"w2"``, ``"b"`` (FloatSliders).
    """
    from .autodiff import Value
    from .plot import plot_graph

    where = "neuron_graph_explorer"
    start = {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b}
    for name, value in start.items():
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{where}: {name} must be a number; got {type(value).__name__}")
        r = _NEURON_RANGES[name]
        if not -r <= value <= r:
            raise ValueError(f"{where}: {name} must be in [{-r:g}, {r:g}]; got {value}")

    def draw(ax, x1, x2, w1, w2, b):
        v = {name: Value(value, label=name) for name, value in
             (("x1", x1), ("x2", x2), ("w1", w1), ("w2", w2), ("b", b))}
        x1w1 = v["x1"] * v["w1"]
        x1w1.label = "x1*w1"
        x2w2 = v["x2"] * v["w2"]
        x2w2.label = "x2*w2"
        s = x1w1 + x2w2
        s.label = "x1w1 + x2w2"
        n = s + v["b"]
        n.label = "n"
        o = n.tanh()
        o.label = "o"
        o.backward()
        plot_graph(o, ax=ax)
        ax.set_title(f"o = tanh(x1 w1 + x2 w2 + b) = {o.data:.4f}      local derivative "
                     f"do/dn = 1 - o$^2$ = {1 - o.data ** 2:.4f}", fontsize=10)

    controls = {
        name: widgets.FloatSlider(value=float(value), min=-_NEURON_RANGES[name], max=_NEURON_RANGES[name],
                                  step=0.01 if name == "b" else 0.1, description=name, continuous_update=False)
        for name, value in start.items()
    }
    return InteractivePlot(draw, controls, figsize=(10.4, 4.4), name="neuron_graph_explorer")


# --- lecture 05: backpropagation ---

#: init choice of ``init_depth_explorer`` -> ``init`` argument of ``dlf.layers.Linear``
DEPTH_INITS = {"small": 0.01, "large": 1.0, "xavier": "xavier_normal", "he": "he_normal"}


def _depth_statistics(activation: str, init: str, depth: int, *, width: int, n: int,
                      rng: np.random.Generator):
    """Forward and backward through ``depth`` x (Linear, activation) + Linear(width, 10).

    The loss is softmax cross-entropy on random labels of a standard normal batch
    ``X`` (n, width). Returns three lists of ``depth`` floats, one entry per hidden
    layer l: the standard deviation of its activations ``H_l``, the norm of the
    backward signal ``dL/dH_l`` and the norm of its weight gradient ``dL/dW_l``.
    """
    from .layers import Linear, ReLU, Sigmoid, Sequential, Tanh
    from .losses import softmax_cross_entropy

    act = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU}[activation]
    layers = []
    for _ in range(depth):
        layers += [Linear(width, width, rng=rng, init=DEPTH_INITS[init]), act()]
    net = Sequential(*layers, Linear(width, 10, rng=rng, init=DEPTH_INITS[init]))
    h = rng.standard_normal((n, width))
    y = rng.integers(0, 10, size=n)
    stds = []
    for j, layer in enumerate(net.layers):  # forward; layer 2l - 1 outputs H_l
        h = layer(h)
        if j % 2 == 1:
            stds.append(float(h.std()))
    _, d = softmax_cross_entropy(h, y)
    signal = [0.0] * depth
    for j in range(len(net.layers) - 1, 0, -1):  # backward, last layer first
        d = net.layers[j].backward(d)
        if j % 2 == 0:  # d = dL/d(input of Linear j) = dL/dH_{j/2}
            signal[j // 2 - 1] = float(np.linalg.norm(d))
    net.layers[0].backward(d)
    weights = [float(np.linalg.norm(net.layers[2 * i].grads["W"])) for i in range(depth)]
    return stds, signal, weights


def init_depth_explorer(activation: str = "tanh", init: str = "xavier", depth: int = 10, *,
                        width: int = 64, max_depth: int = 30, seed: int = 0) -> InteractivePlot:
    """Pick an initialization, an activation and a depth: see activations and gradients.

    A plain MLP ``depth`` x (Linear(width, width), activation) followed by a
    Linear(width, 10) gets a standard normal batch of 64 examples and random labels.
    Left: the standard deviation of each hidden layer's activations ``H_l`` (forward).
    Right: the norms of the backward signal ``dL/dH_l`` and of the weight gradient
    ``dL/dW_l`` of each hidden layer (backward); log scales. Xavier keeps tanh stable,
    He keeps ReLU stable; small weights make both signals vanish, large ones saturate
    tanh and sigmoid or make ReLU explode; the sigmoid's gradients vanish towards the
    first layer whatever the scale (``f' <= 1/4``). Taught in lecture 05.

    Parameters
    ----------
    activation : {"tanh", "sigmoid", "relu"}
        Initial activation.
    init : {"small", "large", "xavier", "he"}
        Initial weights: ``N(0, 0.01^2)``, ``N(0, 1)``, Xavier normal ``N(0, 2/(D+K))``
        or He normal ``N(0, 2/D)`` (``DEPTH_INITS``). Biases start at 0.
    depth : int
        Initial number of hidden layers, in ``[1, max_depth]``.
    width : int
        Hidden width H.
    max_depth : int
        Largest depth on the slider.
    seed : int
        Seed of the weights and the data: the same controls give the same figure.

    Returns
    -------
    InteractivePlot
        Controls ``"activation"``, ``"init"`` (Dropdowns) and ``"depth"`` (IntSlider).
    """
    where = "init_depth_explorer"
    activations = ("tanh", "sigmoid", "relu")
    if activation not in activations:
        raise ValueError(f"{where}: activation must be one of {list(activations)}; got {activation!r}")
    if init not in DEPTH_INITS:
        raise ValueError(f"{where}: init must be one of {list(DEPTH_INITS)}; got {init!r}")
    width = check_positive_int(width, where, "width")
    max_depth = check_positive_int(max_depth, where, "max_depth")
    depth = check_positive_int(depth, where, "depth")
    if depth > max_depth:
        raise ValueError(f"{where}: depth must be in [1, max_depth = {max_depth}]; got {depth}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{where}: seed must be an int >= 0; got {seed!r}")

    def draw(axes, activation, init, depth):
        rng = np.random.default_rng(seed)
        stds, signal, weights = _depth_statistics(activation, init, depth, width=width, n=64, rng=rng)
        layer = np.arange(1, depth + 1)
        axes[0].semilogy(layer, stds, "o-", color="C0", lw=1.5, label=r"std of $H_l$")
        axes[0].axhline(1.0, color="0.5", ls="--", lw=1, label="std of the input")
        axes[0].set_title("forward: activations")
        axes[1].semilogy(layer, signal, "o-", color="C3", lw=1.5, label=r"$\|\partial L / \partial H_l\|$")
        axes[1].semilogy(layer, weights, "s--", color="C1", lw=1.5, label=r"$\|\partial L / \partial W_l\|$")
        axes[1].set_title("backward: gradient norms")
        for ax in axes:
            ax.set_xlabel("hidden layer l")
            ax.set_xticks(layer if depth <= 10 else layer[::max(1, depth // 10)])
            ax.grid(True, alpha=0.3)
            ax.legend(loc="best", fontsize="small")

    controls = {
        "activation": widgets.Dropdown(options=list(activations), value=activation, description="activation"),
        "init": widgets.Dropdown(options=list(DEPTH_INITS), value=init, description="init"),
        "depth": widgets.IntSlider(value=depth, min=1, max=max_depth, description="depth", continuous_update=False),
    }
    return InteractivePlot(draw, controls, ncols=2, figsize=(10.0, 3.8), name="init_depth_explorer")


# --- lecture 02: XOR and multilayer networks ---

def approximation_explorer(x, target, fits, *, parts=None, H=None) -> InteractivePlot:
    """Slide over the number of hidden units H: a one-hidden-layer fit of a 1-D function.

    The fits are computed beforehand (one per H), so the slider only picks one and the
    figure follows at once. With ``parts``, each hidden unit's contribution
    ``v_j sigma(w_j x + b_j)`` is drawn as a thin grey line: the network's output is
    their sum (plus the output bias). Taught in lecture 02 (universal approximation).

    Parameters
    ----------
    x : (P,) ndarray
        Where the functions are evaluated, increasing.
    target : (P,) ndarray
        The function to approximate, ``f(x)``.
    fits : dict of int to (P,) ndarray
        For each number of hidden units H, the network's output at ``x``.
    parts : dict of int to (P, H) ndarray, optional
        For some (or all) H, the H contributions of the hidden units at ``x``.
    H : int, optional
        Initial choice, a key of ``fits``; the smallest by default.

    Returns
    -------
    InteractivePlot
        Control ``"H"`` (a ``SelectionSlider`` over the sorted keys of ``fits``). The Axes
        holds two lines, the target then the fit, and, if ``parts`` has that H, one
        ``LineCollection`` with a line per hidden unit; its title gives the largest
        error ``max |fit - f|``.
    """
    from matplotlib.collections import LineCollection

    from ._validate import as_float_array, check_ndim, shape_str

    where = "approximation_explorer"
    x = as_float_array(x, where, "x")
    check_ndim(x, 1, where, "x", "(P,)")
    if x.size < 2 or not np.all(np.diff(x) > 0):
        raise ValueError(f"{where}: x must hold at least 2 increasing values; got shape {shape_str(x.shape)}")
    target = as_float_array(target, where, "target")
    if target.shape != x.shape:
        raise ValueError(f"{where}: target must have the shape of x {shape_str(x.shape)}; got {shape_str(target.shape)}")
    if not isinstance(fits, dict) or not fits:
        raise TypeError(f"{where}: fits must be a non-empty dict {{H: (P,) ndarray}}; got {type(fits).__name__}")
    checked = {}
    for key, y_hat in fits.items():
        k = check_positive_int(key, where, "every key of fits (a number of hidden units H)")
        y_hat = as_float_array(y_hat, where, f"fits[{key!r}]")
        if y_hat.shape != x.shape:
            raise ValueError(f"{where}: fits[{key!r}] must have the shape of x {shape_str(x.shape)}; "
                             f"got {shape_str(y_hat.shape)}")
        checked[k] = y_hat
    parts = {} if parts is None else parts
    if not isinstance(parts, dict):
        raise TypeError(f"{where}: parts must be a dict {{H: (P, H) ndarray}}; got {type(parts).__name__}")
    checked_parts = {}
    for key, p in parts.items():
        if key not in checked:
            raise ValueError(f"{where}: parts has H = {key!r}, which is not a key of fits {sorted(checked)}")
        p = as_float_array(p, where, f"parts[{key!r}]")
        if p.shape != (x.size, key):
            raise ValueError(f"{where}: parts[{key!r}] must have shape ({x.size}, {key}), one column per hidden "
                             f"unit; got {shape_str(p.shape)}")
        checked_parts[key] = p
    options = sorted(checked)
    H = options[0] if H is None else H
    if H not in options:
        raise ValueError(f"{where}: H must be one of the keys of fits {options}; got {H!r}")
    values = np.concatenate([target] + list(checked.values()))
    pad = 0.1 * (values.max() - values.min() or 1.0)
    ylim = (values.min() - pad, values.max() + pad)

    def draw(ax, H):
        if H in checked_parts:  # one collection of H lines: much faster to draw than H Line2D
            segments = np.stack(np.broadcast_arrays(x[None, :], checked_parts[H].T), axis=-1)  # (H, P, 2)
            ax.add_collection(LineCollection(segments, colors="0.6", linewidths=0.8, alpha=0.6,
                                             label="one hidden unit each"))
        ax.plot(x, target, "k--", lw=2, label="target f(x)")
        ax.plot(x, checked[H], "-", color="C3", lw=2, label=f"network, H = {H}")
        error = float(np.max(np.abs(checked[H] - target)))
        ax.set(ylim=ylim, xlabel="x", title=f"H = {H} hidden units: max |error| = {error:.3f}")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper right", fontsize="small")

    controls = {"H": widgets.SelectionSlider(options=options, value=H, description="hidden units H",
                                             style={"description_width": "initial"})}
    return InteractivePlot(draw, controls, figsize=(7.0, 3.8), name="approximation_explorer")


def _tent_power(x: np.ndarray, k: int) -> np.ndarray:
    """The sawtooth ``t^k(x)``: the tent map ``t(x) = 2 relu(x) - 4 relu(x - 1/2)`` applied k times."""
    for _ in range(k):
        x = 2.0 * np.maximum(x, 0.0) - 4.0 * np.maximum(x - 0.5, 0.0)
    return x


def _linear_pieces(x: np.ndarray, y: np.ndarray) -> int:
    """Number of linear pieces of a piecewise-linear function sampled at increasing ``x``
    (fine enough that every piece holds two samples): 1 + the number of slope changes."""
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(np.abs(np.diff(slopes)) > 1e-6 * (1.0 + np.abs(slopes[:-1]))))


def sawtooth_explorer(k: int = 3, *, max_k: int = 8) -> InteractivePlot:
    """Slide the number k of composed tent maps: the sawtooth, a deep net, a shallow net.

    The tent map ``t(x) = 2 relu(x) - 4 relu(x - 1/2)`` folds [0, 1] onto itself; its
    k-th power ``t^k`` is a sawtooth with ``2^k`` linear pieces. A deep ReLU network with
    k hidden layers of 2 units computes it exactly with ``6k + 1`` parameters; a network
    with one hidden layer needs ``2^k`` units (``3 * 2^k + 1`` parameters), since each ReLU
    unit adds at most one breakpoint. Left: ``t^k`` (solid) and, dashed, the least-squares
    fit of a one-hidden-layer ReLU network with the deep network's budget, ``2k`` units
    (breakpoints spread evenly over [0, 1], output layer solved exactly): at most
    ``2k + 1`` pieces. Right: both parameter counts against k, log scale. Taught in
    lecture 02 (depth vs width).

    Parameters
    ----------
    k : int
        Initial number of compositions, in ``[1, max_k]``.
    max_k : int
        Largest k on the slider (at most 12: ``2^k`` pieces must stay visible).

    Returns
    -------
    InteractivePlot
        Control ``"k"`` (IntSlider). Left Axes: two lines, the sawtooth then the shallow
        fit; right Axes: the two parameter counts, then a dotted segment joining them at k.
    """
    where = "sawtooth_explorer"
    max_k = check_positive_int(max_k, where, "max_k")
    if max_k > 12:
        raise ValueError(f"{where}: max_k must be at most 12; got {max_k}")
    k = check_positive_int(k, where, "k")
    if k > max_k:
        raise ValueError(f"{where}: k must be in [1, max_k = {max_k}]; got {k}")
    x = np.linspace(0.0, 1.0, 2 ** (max_k + 2) + 1)  # the breakpoints j / 2^k are grid points
    ks = np.arange(1, max_k + 1)

    def draw(axes, k):
        y = _tent_power(x, k)
        H = 2 * k  # 3H + 1 = 6k + 1 parameters, the deep network's budget
        # Such a network is a continuous piecewise-linear function with breakpoints j / H.
        # Those functions are spanned by the H + 1 "hat" functions on the knots j / H, a
        # well-conditioned basis: least squares by its (tridiagonal) normal equations.
        knots = np.linspace(0.0, 1.0, H + 1)
        B = np.column_stack([np.interp(x, knots, e) for e in np.eye(H + 1)])
        fit = B @ np.linalg.solve(B.T @ B, B.T @ y)
        ax = axes[0]
        ax.plot(x, y, "-", color="C0", lw=1.5, label=f"$t^{{{k}}}$: deep, {k} layers x 2 units, {6 * k + 1} params")
        ax.plot(x, fit, "--", color="C3", lw=2, label=f"shallow, {H} units, {3 * H + 1} params")
        ax.set(xlim=(0, 1), ylim=(-0.15, 1.3), xlabel="x",
               title=f"{_linear_pieces(x, y)} linear pieces; shallow fit: max |error| "
                     f"{np.max(np.abs(fit - y)):.2f}")
        ax.legend(loc="upper right", fontsize="x-small")
        ax = axes[1]
        ax.semilogy(ks, 6 * ks + 1, "o-", color="C0", label="deep: 6k + 1")
        ax.semilogy(ks, 3 * 2.0 ** ks + 1, "s-", color="C3", label=r"one hidden layer: $3 \cdot 2^k + 1$")
        ax.semilogy([k, k], [6 * k + 1, 3 * 2.0 ** k + 1], "k:", lw=1.5)
        ax.set(xlabel="compositions k", ylabel="parameters for $t^k$ exactly", title="parameters needed")
        ax.set_xticks(ks)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize="small")

    controls = {"k": widgets.IntSlider(value=k, min=1, max=max_k, description="compositions k",
                                       style={"description_width": "initial"}, continuous_update=False)}
    return InteractivePlot(draw, controls, ncols=2, figsize=(11.0, 3.8), name="sawtooth_explorer")


# --- lecture 03: activation functions ---

#: activation -> the initialization made for it (Xavier for the S-shaped, He for the ReLU family)
ACTIVATION_INITS = {"sigmoid": "xavier_normal", "tanh": "xavier_normal", "relu": "he_normal",
                    "leaky_relu": "he_normal", "gelu": "he_normal", "gelu_tanh": "he_normal"}


def layer_signals(activation: str, depth: int, *, width: int = 32, n: int = 128, seed: int = 0):
    """Activations and gradients, layer by layer, of a deep random network.

    The network is ``depth`` layers ``Z_l = H_{l-1} W_l``, ``H_l = f(Z_l)`` (no bias)
    with ``H_0 = X`` a standard normal batch (n, width) and ``W_l`` (width, width) drawn
    with the initialization that suits ``f`` (``ACTIVATION_INITS``). The backward pass
    starts from a standard normal upstream gradient ``dL/dH_L`` and applies the chain rule
    ``dL/dZ_l = dL/dH_l * f'(Z_l)``, ``dL/dH_{l-1} = dL/dZ_l W_l^T``. The same ``seed``
    gives the same ``X``, upstream gradient and weights, so a deeper network extends a
    shallower one. Taught in lecture 03 (saturation, vanishing gradients, dead units).

    Parameters
    ----------
    activation : str
        A key of ``dlf.functions.ACTIVATIONS``.
    depth : int
        Number of layers L.
    width : int
        Units per layer (the width H of the course notation).
    n : int
        Examples in the batch (N).
    seed : int
        Seed of the batch, the upstream gradient and the weights.

    Returns
    -------
    H : list of L (n, width) ndarrays
        The activations ``H_1 ... H_L``.
    dZ : list of L (n, width) ndarrays
        The gradients ``dL/dZ_1 ... dL/dZ_L`` with respect to the pre-activations.
    """
    from .functions import ACTIVATIONS
    from .init import INITIALIZERS

    where = "layer_signals"
    if activation not in ACTIVATIONS:
        raise ValueError(f"{where}: activation must be one of {list(ACTIVATIONS)}; got {activation!r}")
    depth = check_positive_int(depth, where, "depth")
    width = check_positive_int(width, where, "width")
    n = check_positive_int(n, where, "n")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{where}: seed must be an int >= 0; got {seed!r}")
    f, df = ACTIVATIONS[activation]
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, width))
    dH = rng.standard_normal((n, width))
    init = INITIALIZERS[ACTIVATION_INITS[activation]]
    Ws = [init(width, width, rng=np.random.default_rng([seed, layer])) for layer in range(depth)]
    Zs, Hs = [], []
    H = X
    for W in Ws:  # forward, keeping what backward needs
        Z = H @ W
        H = f(Z)
        Zs.append(Z)
        Hs.append(H)
    dZs = [None] * depth
    for layer in reversed(range(depth)):  # backward: the chain rule, last layer first
        dZs[layer] = dH * df(Zs[layer])
        dH = dZs[layer] @ Ws[layer].T
    return Hs, dZs


def activation_depth_explorer(activation: str = "sigmoid", depth: int = 10, *, max_depth: int = 20,
                              width: int = 32, n: int = 128, seed: int = 0) -> InteractivePlot:
    """Pick an activation and a depth: histograms of activations and gradients, layer by layer.

    Runs ``layer_signals`` (a deep random network, initialized for the activation) and
    shows, for up to five layers from the first to the last, the histogram of the
    activations ``H_l`` (left) and of ``log10 |dL/dZ_l|`` (right): a gradient that
    vanishes slides to the left, layer after layer towards the input. Values that are
    exactly 0 (a ReLU that did not fire) are left out of the histograms (a spike at 0
    would flatten everything else, and 0 has no logarithm); the legend counts them.
    Taught in lecture 03.

    Parameters
    ----------
    activation : str
        Initial choice, a key of ``dlf.functions.ACTIVATIONS``.
    depth : int
        Initial number of layers L, in ``[1, max_depth]``.
    max_depth : int
        Largest depth on the slider.
    width, n, seed : int
        As in ``layer_signals``.

    Returns
    -------
    InteractivePlot
        Controls ``"activation"`` (Dropdown) and ``"depth"`` (IntSlider).
    """
    from matplotlib import colormaps

    from .functions import ACTIVATIONS

    where = "activation_depth_explorer"
    if activation not in ACTIVATIONS:
        raise ValueError(f"{where}: activation must be one of {list(ACTIVATIONS)}; got {activation!r}")
    max_depth = check_positive_int(max_depth, where, "max_depth")
    depth = check_positive_int(depth, where, "depth")
    if depth > max_depth:
        raise ValueError(f"{where}: depth must be in [1, max_depth = {max_depth}]; got {depth}")
    layer_signals(activation, 1, width=width, n=n, seed=seed)  # checks width, n, seed now

    def draw(axes, activation, depth):
        Hs, dZs = layer_signals(activation, depth, width=width, n=n, seed=seed)
        shown = np.unique(np.linspace(0, depth - 1, min(depth, 5)).round().astype(int))
        colors = colormaps["viridis_r"](np.linspace(0.15, 1.0, len(shown)))
        nonzero = {i: Hs[i][Hs[i] != 0] for i in shown}  # a ReLU that did not fire gives exactly 0
        h_all = np.concatenate([v for v in nonzero.values()] + [np.zeros(0)])
        h_edges = np.histogram_bin_edges(h_all if h_all.size else np.zeros(1), bins=40)
        logs = {i: np.log10(np.abs(dZs[i][dZs[i] != 0])) for i in shown}
        finite = np.concatenate([v for v in logs.values()] + [np.zeros(0)])
        g_edges = np.histogram_bin_edges(finite if finite.size else np.zeros(1), bins=40)
        for i, c in zip(shown, colors):
            zeros = float(np.mean(Hs[i] == 0))
            label = f"layer {i + 1}: std {Hs[i].std():.2g}" + (f" ({zeros:.0%} exactly 0)" if zeros > 0 else "")
            if nonzero[i].size:
                axes[0].hist(nonzero[i], bins=h_edges, density=True, histtype="step", lw=1.5, color=c, label=label)
            else:
                axes[0].plot([], [], color=c, label=label)
            zeros = float(np.mean(dZs[i] == 0))
            label = f"layer {i + 1}" + (f" ({zeros:.0%} exactly 0)" if zeros > 0 else "")
            if logs[i].size:
                axes[1].hist(logs[i], bins=g_edges, density=True, histtype="step", lw=1.5, color=c, label=label)
            else:
                axes[1].plot([], [], color=c, label=label)
        axes[0].set(xlabel="activation value $h$", ylabel="density",
                    title=f"forward: activations of {activation}, {depth} layers")
        axes[1].set(xlabel=r"$\log_{10} |\partial L / \partial z|$", ylabel="density",
                    title="backward: gradients (left = smaller)")
        for ax in axes:
            ax.grid(True, alpha=0.3)
            ax.legend(loc="upper left", fontsize="x-small")

    controls = {
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation"),
        "depth": widgets.IntSlider(value=depth, min=1, max=max_depth, description="depth L", continuous_update=False),
    }
    return InteractivePlot(draw, controls, ncols=2, figsize=(11.0, 3.9), name="activation_depth_explorer")
