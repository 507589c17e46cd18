"""Tests of the helper of lecture 06 (optimizers): dlf.plot.plot_curves."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlf.plot import plot_curves

CURVES = {"SGD": [2.3, 1.2, 0.8, 0.6], "Adam": [2.3, 0.7, 0.3]}


def test_one_line_per_curve_with_its_values_and_x_from_start():
    ax = plot_curves(CURVES, start=0, xlabel="step", ylabel="f", title="runs")
    assert [line.get_label() for line in ax.lines] == list(CURVES)
    for line, values in zip(ax.lines, CURVES.values()):
        np.testing.assert_allclose(line.get_ydata(), values)
        np.testing.assert_allclose(line.get_xdata(), np.arange(len(values)))
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("step", "f", "runs")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(CURVES)


def test_epochs_start_at_one_and_the_given_axes_is_used():
    fig, ax = plt.subplots()
    assert plot_curves(CURVES, ax=ax) is ax
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [1, 2, 3, 4])
    assert ax.get_yscale() == "linear"


def test_log_scale_and_a_diverged_run_stops_instead_of_failing():
    ax = plot_curves({"ok": [1.0, 0.1, 0.01], "diverged": [1.0, 1e3, np.inf, np.nan]}, log=True)
    assert ax.get_yscale() == "log"
    y = np.asarray(ax.lines[1].get_ydata(), dtype=float)
    np.testing.assert_allclose(y[:2], [1.0, 1e3])
    assert np.all(np.isnan(y[2:]))
    ax.figure.canvas.draw()  # renders without error


def test_markers_only_for_short_curves_and_colors_follow_the_cycle():
    ax = plot_curves({"short": np.ones(30), "long": np.ones(31)})
    assert ax.lines[0].get_marker() == "o" and ax.lines[1].get_marker() in (None, "None", "")
    assert [line.get_color() for line in ax.lines] == ["C0", "C1"]


@pytest.mark.parametrize(
    "curves, kwargs, error, match",
    [
        ([1.0, 2.0], {}, TypeError, "non-empty dict"),
        ({}, {}, TypeError, "non-empty dict"),
        ({"a": [[1.0, 2.0]]}, {}, ValueError, r"curves\['a'\] must have shape \(T,\)"),
        ({"a": []}, {}, ValueError, "at least one value"),
        ({"a": [1.0, -1.0]}, {"log": True}, ValueError, "log=True needs values > 0"),
        ({"a": [1.0]}, {"start": 1.5}, TypeError, "start must be an int"),
        ({"a": ["x"]}, {}, TypeError, "array of numbers"),
        ({"a": [1.0]}, {"ax": "left"}, TypeError, "plot_curves: ax must be a matplotlib Axes"),
    ],
)
def test_rejects_bad_input(curves, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_curves(curves, **kwargs)
