"""Tests of the helpers of lecture 00 (introduction): dlf.plot.plot_timings,
dlf.plot.plot_learning_curves and dlf.widgets.learning_curve_explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlf.plot import plot_learning_curves, plot_timings
from dlf.widgets import InteractivePlot, learning_curve_explorer

SIZES = [50, 100, 200, 400]
SCORES = {"logistic regression": [0.80, 0.88, 0.91, 0.93], "MLP": [0.78, 0.87, 0.92, 0.95]}


def png(widget):
    return widget.output.outputs[0]["data"]["image/png"]


def test_plot_timings_draws_one_loglog_line_per_method():
    timings = {"Python loop": [1e-3, 4e-3, 1.6e-2], "X @ W + b": [1e-5, 1.5e-5, 3e-5]}
    ax = plot_timings([10, 20, 40], timings, xlabel="batch size N", title="cost")
    assert [line.get_label() for line in ax.lines] == list(timings)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), timings["Python loop"])
    np.testing.assert_allclose(ax.lines[1].get_xdata(), [10, 20, 40])
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() == "batch size N" and ax.get_title() == "cost"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["10", "20", "40"]  # exactly the sizes


def test_plot_timings_draws_on_the_given_axes():
    fig, ax = plt.subplots()
    assert plot_timings([1, 2], {"a": [1.0, 2.0]}, ax=ax) is ax


@pytest.mark.parametrize(
    "sizes, timings, error, match",
    [
        ([10, 20], {"a": [1.0]}, ValueError, r"series\['a'\] must have shape \(2,\); got \(1,\)"),
        ([10, 20], {"a": [1.0, 0.0]}, ValueError, "> 0"),
        ([0, 20], {"a": [1.0, 2.0]}, ValueError, "sizes must be"),
        ([10, 20], [1.0, 2.0], TypeError, "dict"),
        ([10, 20], {}, TypeError, "non-empty dict"),
    ],
)
def test_plot_timings_rejects_bad_input(sizes, timings, error, match):
    with pytest.raises(error, match=match):
        plot_timings(sizes, timings)


def test_plot_learning_curves_one_line_per_model_and_a_highlight():
    ax = plot_learning_curves(SIZES, SCORES, highlight=200)
    curves = [line for line in ax.lines if line.get_gid() != "dlf-highlight"]
    marks = [line for line in ax.lines if line.get_gid() == "dlf-highlight"]
    assert [line.get_label() for line in curves] == list(SCORES)
    np.testing.assert_allclose(curves[1].get_ydata(), SCORES["MLP"])
    assert len(marks) == 1 and np.allclose(marks[0].get_xdata(), 200)
    assert ax.get_xscale() == "log"
    assert ax.get_ylabel() == "test accuracy"
    assert len(plot_learning_curves(SIZES, SCORES).lines) == 2  # no highlight asked, none drawn


def test_plot_learning_curves_rejects_scores_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"series\['MLP'\] must have shape \(4,\)"):
        plot_learning_curves(SIZES, {"MLP": [0.5, 0.6]})


def test_learning_curve_explorer_redraws_when_the_slider_moves():
    w = learning_curve_explorer(SIZES, SCORES, n_train=100)
    assert isinstance(w, InteractivePlot)
    slider = w.controls["n_train"]
    assert list(slider.options) == SIZES and slider.value == 100
    before = png(w)
    slider.value = 400
    assert png(w) != before
    assert w._repr_mimebundle_()["text/plain"] == "learning_curve_explorer(n_train=400)"


def test_learning_curve_explorer_shows_the_scores_at_the_chosen_size():
    w = learning_curve_explorer(SIZES, SCORES)
    assert w.controls["n_train"].value == SIZES[-1]  # the largest by default
    fig, axes = plt.subplots(1, 2)
    w.draw(axes, n_train=200)
    widths = [bar.get_width() for bar in axes[1].patches]
    assert widths == pytest.approx([SCORES["logistic regression"][2], SCORES["MLP"][2]])
    assert [t.get_text() for t in axes[1].texts] == ["0.910", "0.920"]
    assert "200" in axes[1].get_title()


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(sizes=[100, 50], scores={"a": [0.1, 0.2]}), "increasing"),
        (dict(sizes=[50, 100], scores={"a": [0.1, 0.2]}, n_train=70), "n_train must be one of sizes"),
    ],
)
def test_learning_curve_explorer_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        learning_curve_explorer(**kwargs)
