"""Tests of the helpers of lecture 01 (the perceptron): dlf.plot.plot_weight_history,
dlf.widgets.perceptron_explorer and dlf.widgets.perceptron_stepper."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlf.data import make_linearly_separable
from dlf.perceptron import Perceptron
from dlf.plot import plot_weight_history
from dlf.widgets import InteractivePlot, perceptron_explorer, perceptron_stepper

XOR_X = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
XOR_Y = np.array([-1, 1, 1, -1])


def png(widget):
    return widget.output.outputs[0]["data"]["image/png"]


def separable(seed=1, n=30):
    X, y01 = make_linearly_separable(n, rng=np.random.default_rng(seed), margin=0.3)
    return X, 2 * y01 - 1


def test_plot_weight_history_draws_each_weight_and_the_bias():
    history = [(np.array([1.0, 2.0]), -1.0), (np.array([0.0, 3.0]), 0.0), (np.array([1.0, 1.0]), 1.0)]
    ax = plot_weight_history(history, initial=(np.zeros(2), 0.0), highlight=2, title="t")
    curves = [line for line in ax.lines if line.get_gid() != "dlf-highlight"]
    assert [line.get_label() for line in curves] == ["$w_{1}$", "$w_{2}$", "$b$"]
    np.testing.assert_array_equal(curves[0].get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(curves[1].get_ydata(), [0.0, 2.0, 3.0, 1.0])
    np.testing.assert_array_equal(curves[2].get_ydata(), [0.0, -1.0, 0.0, 1.0])
    assert sum(line.get_gid() == "dlf-highlight" for line in ax.lines) == 1
    assert ax.get_title() == "t"


def test_plot_weight_history_without_initial_starts_at_update_one():
    fig, ax = plt.subplots()
    out = plot_weight_history([(np.array([1.0, 2.0, 3.0]), 0.5)], ax=ax)
    assert out is ax
    assert len(ax.lines) == 4  # D = 3 weights and the bias
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1])


@pytest.mark.parametrize(
    "history, error, match",
    [
        ([], ValueError, "empty"),
        ([(np.zeros(2), 0.0), (np.zeros(3), 0.0)], ValueError, "same shape"),
        ([np.zeros(2)], TypeError, r"\(w, b\) pairs"),
    ],
)
def test_plot_weight_history_rejects_bad_history(history, error, match):
    with pytest.raises(error, match=match):
        plot_weight_history(history)


def test_perceptron_explorer_redraws_when_a_slider_moves():
    X, y = separable()
    w = perceptron_explorer(X, y, w=(1.0, -1.0), b=0.5)
    assert isinstance(w, InteractivePlot)
    assert set(w.controls) == {"w1", "w2", "b"}
    assert w.values == {"w1": 1.0, "w2": -1.0, "b": 0.5}
    before = png(w)
    w.controls["b"].value = -1.0
    assert png(w) != before
    assert w._repr_mimebundle_()["text/plain"] == "perceptron_explorer(w1=1.0, w2=-1.0, b=-1.0)"


def test_perceptron_explorer_counts_the_mistakes_of_the_line():
    X, y = separable()
    p = Perceptron(2)
    assert p.fit(X, y, max_epochs=100).converged
    w = perceptron_explorer(X, (y + 1) // 2, limit=100.0)  # 0/1 labels are accepted too
    fig, ax = plt.subplots()
    w.draw(ax, w1=p.w[0], w2=p.w[1], b=p.b)
    assert "0 of 30 misclassified, margin" in ax.get_title()
    fig, ax = plt.subplots()
    w.draw(ax, w1=-p.w[0], w2=-p.w[1], b=-p.b)  # the same line, the wrong way round
    assert "30 of 30 misclassified" in ax.get_title()


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(y=np.array([0, 2, 1, 1])), ValueError, r"labels in \{0, 1\} or \{-1, \+1\}"),
        (dict(w=(5.0, 0.0)), ValueError, "outside the slider range"),
        (dict(limit=0.0), ValueError, "limit must be > 0"),
        (dict(b="1"), TypeError, "b must be a finite number"),
    ],
)
def test_perceptron_explorer_rejects_bad_input(kwargs, error, match):
    args = dict(X=XOR_X, y=XOR_Y) | kwargs
    with pytest.raises(error, match=match):
        perceptron_explorer(**args)


def test_perceptron_stepper_replays_the_rule_of_dlf_perceptron():
    X, y = separable()
    s = perceptron_stepper(X, y)
    result = Perceptron(2).fit(X, y, max_epochs=20)
    assert s.converged == result.converged is True
    assert len(s.updates) == sum(result.mistakes) == s.controls["update"].max
    for (i, w, b), (w_ref, b_ref) in zip(s.updates, result.history):
        np.testing.assert_array_equal(w, w_ref)
        assert b == b_ref
        assert y[i] * (X[i] @ w - y[i] * X[i] @ X[i] + b - y[i]) <= 0  # x_i was misclassified before


def test_perceptron_stepper_redraws_and_marks_the_example_of_the_update():
    X, y = separable()
    s = perceptron_stepper(X, y, update=0)
    before = png(s)
    s.controls["update"].value = 1
    assert png(s) != before
    fig, axes = plt.subplots(1, 2)
    s.draw(axes, update=1)
    i = s.updates[0][0]
    stars = [line for line in axes[0].lines if line.get_marker() == "*"]
    assert len(stars) == 1
    np.testing.assert_array_equal(np.ravel(stars[0].get_xydata()), X[i])
    assert axes[0].get_title().startswith(f"update 1 of {len(s.updates)}, caused by x_{i}")


def circled(ax):
    """The points circled as misclassified by plot_line_boundary."""
    rings = [c for c in ax.collections if c.get_label().startswith("misclassified")]
    return np.zeros((0, 2)) if not rings else rings[0].get_offsets()


def test_at_w_zero_the_perceptron_convention_sign_0_is_plus_1_is_drawn():
    X, y = separable()
    s = perceptron_stepper(X, y, update=0)
    fig, axes = plt.subplots(1, 2)
    s.draw(axes, update=0)  # w = 0, b = 0: every score is 0, predicted +1
    np.testing.assert_array_equal(np.sort(circled(axes[0]), axis=0), np.sort(X[y == -1], axis=0))
    assert f"{np.sum(y == -1)} misclassified" in axes[0].get_title()
    e = perceptron_explorer(X, y)
    fig, ax = plt.subplots()
    e.draw(ax, w1=0.0, w2=0.0, b=-0.5)  # every score is -0.5: predicted -1
    np.testing.assert_array_equal(np.sort(circled(ax), axis=0), np.sort(X[y == 1], axis=0))
    assert f"{np.sum(y == 1)} of 30 misclassified" in ax.get_title()


def test_perceptron_stepper_on_xor_never_converges():
    s = perceptron_stepper(XOR_X, XOR_Y, max_epochs=5)
    assert not s.converged
    assert len(s.updates) == 20  # 4 mistakes in each of the 5 epochs
    s.controls["update"].value = 20
    fig, axes = plt.subplots(1, 2)
    s.draw(axes, update=20)
    assert axes[1].get_title() == "not converged after 5 epochs"


def test_perceptron_stepper_rejects_bad_input():
    with pytest.raises(ValueError, match="lr must be > 0"):
        perceptron_stepper(XOR_X, XOR_Y, lr=0.0)
    with pytest.raises(TypeError, match="rng must be a np.random.Generator"):
        perceptron_stepper(XOR_X, XOR_Y, rng=0)
    with pytest.raises(ValueError, match="update must be an int >= 0"):
        perceptron_stepper(XOR_X, XOR_Y, update=-1)
