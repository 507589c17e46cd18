"""Tests of dlf.widgets without a browser: controls are changed from code, as a student would
drag them, and the figure in the Output must be replaced (not appended to)."""

import base64
import pathlib
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import dlf
from dlf import functions as F
from dlf import widgets as dw
from dlf.gradcheck import rel_error
from dlf.widgets.activations import _chain_derivative


def _png(w) -> bytes:
    """The PNG shown in the widget's Output; there must be exactly one output."""
    (out,) = w.output.outputs
    assert out["output_type"] == "display_data"
    png = base64.b64decode(out["data"]["image/png"])
    assert png.startswith(b"\x89PNG")
    return png


@pytest.fixture
def slope_plot():
    calls = []

    def draw(ax, k, kind):
        calls.append((type(ax), k, kind))
        x = np.linspace(-3, 3, 50)
        ax.plot(x, np.tanh(k * x) if kind == "tanh" else k * x)

    w = dw.interactive_plot(
        draw,
        k=widgets.FloatSlider(value=1.0, min=0.5, max=3.0),
        kind=widgets.Dropdown(options=["tanh", "linear"], description="curve"),
    )
    return w, calls


def test_interactive_plot_draws_once_when_built(slope_plot):
    w, calls = slope_plot
    assert calls == [(Axes, 1.0, "tanh")]
    assert isinstance(w, widgets.VBox) and w.output in w.children
    assert set(w.controls) == {"k", "kind"}
    _png(w)


def test_changing_a_control_redraws_and_replaces_the_figure(slope_plot):
    w, calls = slope_plot
    before = _png(w)
    w.controls["k"].value = 2.5
    assert calls[-1][1:] == (2.5, "tanh")
    after = _png(w)  # still exactly one output: replaced, not appended
    assert after != before
    w.controls["kind"].value = "linear"
    assert calls[-1][1:] == (2.5, "linear") and _png(w) != after
    assert len(calls) == 3


def test_setting_the_same_value_does_not_redraw(slope_plot):
    w, calls = slope_plot
    w.controls["k"].value = 1.0
    assert len(calls) == 1


def test_controls_get_their_name_as_description(slope_plot):
    w, _ = slope_plot
    assert w.controls["k"].description == "k"
    assert w.controls["kind"].description == "curve"  # kept when given


def test_ncols_passes_an_array_of_axes():
    seen = []
    dw.interactive_plot(lambda axes, n: seen.append(len(axes)), ncols=3, n=widgets.IntSlider(value=1, min=1, max=3))
    assert seen == [3]


def test_widget_does_not_leave_pyplot_figures():
    before = plt.get_fignums()
    w = dw.activation_explorer()
    w.controls["depth"].value = 7
    assert plt.get_fignums() == before


def test_display_bundle_has_widget_view_static_png_and_stable_text(slope_plot):
    w, _ = slope_plot
    w.controls["k"].value = 2.0
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == _png(w)
    assert bundle["text/plain"] == "draw(k=2.0, kind='tanh')"
    assert "0x" not in bundle["text/plain"]


def test_error_in_draw_raises_when_built_and_is_shown_after_a_change():
    def draw(ax, k):
        if k > 2:
            raise ValueError("k too large for this demo")
        ax.plot([0, 1], [0, k])

    with pytest.raises(ValueError, match="k too large"):
        dw.interactive_plot(draw, k=widgets.IntSlider(value=3, min=0, max=5))
    w = dw.interactive_plot(draw, k=widgets.IntSlider(value=1, min=0, max=5))
    w.controls["k"].value = 4
    (out,) = w.output.outputs
    assert out["output_type"] == "stream" and "k too large for this demo" in out["text"]
    w.controls["k"].value = 2
    _png(w)  # recovers


def test_interactive_plot_rejects_bad_arguments():
    slider = widgets.FloatSlider()
    with pytest.raises(TypeError, match=r"draw must be a function draw\(ax, \*\*values\); got int"):
        dw.interactive_plot(3, k=slider)
    with pytest.raises(TypeError, match=r"control 'k' must be an ipywidgets widget with a .value.*got tuple"):
        dw.interactive_plot(lambda ax, k: None, k=(0.0, 1.0))
    with pytest.raises(TypeError, match="control 'b' must be an ipywidgets widget"):
        dw.interactive_plot(lambda ax, b: None, b=widgets.Button())
    with pytest.raises(ValueError, match="ncols must be a positive int; got 0"):
        dw.interactive_plot(lambda ax, k: None, ncols=0, k=slider)
    with pytest.raises(ValueError, match=r"figsize must be \(width, height\)"):
        dw.interactive_plot(lambda ax, k: None, figsize=(4, -1), k=slider)


def test_show_figure_replaces_the_output_content():
    out = widgets.Output()
    out.outputs = ({"output_type": "stream", "name": "stdout", "text": "old"},)
    fig = Figure(figsize=(2, 1))
    fig.subplots().plot([0, 1])
    dw.show_figure(out, fig)
    (o,) = out.outputs
    assert o["data"]["text/plain"] == "<Figure size 200x100 with 1 Axes>"
    with pytest.raises(TypeError, match="output must be an ipywidgets.Output"):
        dw.show_figure(None, fig)
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        dw.show_figure(out, plt.gca())


# ---- activation_explorer ----------------------------------------------------------------


def test_activation_explorer_controls():
    w = dw.activation_explorer()
    assert list(w.controls["activation"].options) == list(F.ACTIVATIONS)
    assert w.controls["activation"].value == "sigmoid" and w.controls["depth"].value == 5
    assert w._repr_mimebundle_()["text/plain"] == "activation_explorer(activation='sigmoid', depth=5)"


def test_activation_explorer_every_activation_and_depth_changes_the_figure():
    w = dw.activation_explorer(activation="relu", depth=1)
    shown = [_png(w)]
    for name in ["sigmoid", "tanh", "leaky_relu", "gelu", "gelu_tanh", "relu"]:
        w.controls["activation"].value = name
        shown.append(_png(w))
    w.controls["depth"].value = 30  # RuntimeWarnings are errors in the tests: none here
    shown.append(_png(w))
    assert all(a != b for a, b in zip(shown, shown[1:]))
    assert shown[-2] == shown[0], "relu at depth 1 again: the same figure"


def test_activation_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"activation must be one of \['sigmoid', .*'gelu_tanh'\]; got 'swish'"):
        dw.activation_explorer("swish")
    with pytest.raises(ValueError, match=r"depth must be in \[1, max_depth = 30\]; got 31"):
        dw.activation_explorer(depth=31)
    with pytest.raises(ValueError, match="depth must be a positive int; got 0"):
        dw.activation_explorer(depth=0)


@pytest.mark.parametrize("name", list(F.ACTIVATIONS))
def test_chain_derivative_matches_central_differences(name):
    """The right panel's d h_L / d x is the derivative of the composed function."""
    f, df = F.ACTIVATIONS[name]
    x = np.array([-2.3, -0.7, 0.4, 1.9])  # away from ReLU's kink at 0
    h = 1e-6
    _, chain = _chain_derivative(f, df, x, 4)
    numeric = (_chain_derivative(f, df, x + h, 4)[0] - _chain_derivative(f, df, x - h, 4)[0]) / (2 * h)
    keep = np.abs(chain) > 1e-6  # leaky ReLU's alpha^4 = 1e-8 is below the difference's accuracy
    assert rel_error(chain[keep], numeric[keep]) < 1e-7
    np.testing.assert_allclose(chain[~keep], numeric[~keep], atol=1e-9)


def test_only_the_widgets_package_imports_ipywidgets():
    lib = pathlib.Path(dlf.__file__).parent
    pattern = re.compile(r"^\s*(import|from)\s+ipywidgets\b", re.MULTILINE)
    importers = sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*.py") if pattern.search(p.read_text()))
    assert "widgets/core.py" in importers
    assert [p for p in importers if not p.startswith("widgets/")] == []
