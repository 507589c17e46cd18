"""Tests of dlf.plot: each figure carries the artists it promises, and bad inputs fail clearly.

Every figure is also rendered (``_render``): errors in mathtext labels or in artists only
show up at drawing time.
"""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.contour import ContourSet
from matplotlib.image import AxesImage
from matplotlib.text import Annotation

from dlf import functions as F
from dlf import plot
from dlf.autodiff import Value, topological_order


def _render(fig) -> np.ndarray:
    """Draw the figure with Agg and return its pixels (H, W, 4)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    buf.seek(0)
    return plt.imread(buf)


def _legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.fixture
def blobs():
    """Two Gaussian blobs: class 0 around (-2, 0), class 1 around (2, 0)."""
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 20)
    X = rng.normal(size=(40, 2)) * 0.5 + np.where(y[:, None] == 1, 2.0, -2.0) * np.array([1.0, 0.0])
    return X, y


# ---- plot_decision_boundary ------------------------------------------------------------


def test_decision_boundary_labels_draws_regions_and_one_scatter_per_class(blobs):
    X, y = blobs
    calls = []

    def predict(P):
        calls.append(P.shape)
        return (P[:, 0] > 0).astype(int)

    ax = plot.plot_decision_boundary(predict, X, y, resolution=50, padding=1.0, title="blobs")
    assert calls == [(50 * 50, 2)], "predict must be called once, vectorized over the grid"
    contours = [c for c in ax.collections if isinstance(c, ContourSet)]
    assert len(contours) == 1 and contours[0].filled
    np.testing.assert_allclose(contours[0].levels, [-0.5, 0.5, 1.5])
    scatters = [c for c in ax.collections if isinstance(c, PathCollection) and not isinstance(c, ContourSet)]
    assert len(scatters) == 2
    assert sorted(len(s.get_offsets()) for s in scatters) == [20, 20]
    assert _legend_texts(ax) == ["class 0", "class 1"]
    assert ax.get_title() == "blobs"
    assert ax.get_xlim() == pytest.approx((X[:, 0].min() - 1.0, X[:, 0].max() + 1.0))
    _render(ax.figure)


def test_decision_boundary_scores_are_argmaxed_like_labels(blobs):
    X, y = blobs
    labels = lambda P: (P[:, 0] > 0.3).astype(int)  # noqa: E731
    scores = lambda P: np.column_stack([0.3 - P[:, 0], P[:, 0] - 0.3])  # noqa: E731
    a = _render(plot.plot_decision_boundary(labels, X, y, resolution=40).figure)
    b = _render(plot.plot_decision_boundary(scores, X, y, resolution=40).figure)
    np.testing.assert_array_equal(a, b)


def test_decision_boundary_probabilities_draw_the_half_level(blobs):
    X, y = blobs
    ax = plot.plot_decision_boundary(lambda P: F.sigmoid(P[:, 0]), X, y, resolution=40)
    contours = [c for c in ax.collections if isinstance(c, ContourSet)]
    assert [c.filled for c in contours] == [True, False]
    np.testing.assert_allclose(contours[1].levels, [0.5])
    _render(ax.figure)


def test_decision_boundary_draws_on_the_given_axes(blobs):
    X, y = blobs
    fig, (a0, a1) = plt.subplots(1, 2)
    ax = plot.plot_decision_boundary(lambda P: np.zeros(len(P), dtype=int), X, y, ax=a1, resolution=10)
    assert ax is a1 and not a0.collections


@pytest.mark.parametrize(
    "predict, match",
    [
        (lambda P: np.zeros((len(P), 1, 1)), r"predict must map points \(M, 2\)"),
        (lambda P: P[:, 0] * 10.0, r"must lie in \[0, 1\]"),
        (lambda P: np.full(len(P), -1), "class ids >= 0"),
    ],
)
def test_decision_boundary_rejects_bad_predictions(blobs, predict, match):
    X, y = blobs
    with pytest.raises(ValueError, match=match):
        plot.plot_decision_boundary(predict, X, y, resolution=10)


def test_decision_boundary_rejects_bad_inputs(blobs):
    X, y = blobs
    ok = lambda P: np.zeros(len(P), dtype=int)  # noqa: E731
    with pytest.raises(TypeError, match="predict must be a function"):
        plot.plot_decision_boundary(None, X, y)
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\); got \(40, 3\)"):
        plot.plot_decision_boundary(ok, np.zeros((40, 3)), y)
    with pytest.raises(ValueError, match=r"y must have shape \(40,\)"):
        plot.plot_decision_boundary(ok, X, y[:5])
    with pytest.raises(ValueError, match="resolution must be at least 2"):
        plot.plot_decision_boundary(ok, X, y, resolution=1)


# ---- plot_line_boundary ------------------------------------------------------------------


def test_line_boundary_line_solves_the_equation_and_marks_mistakes():
    w, b = np.array([1.0, 2.0]), -0.5
    X = np.array([[2.0, 1.0], [-2.0, -1.0], [1.0, 1.0], [-1.0, -2.0], [0.0, -3.0]])
    y = np.array([1, 0, 0, 1, 0])  # points 2 and 3 are on the wrong side
    ax = plot.plot_line_boundary(w, b, X, y)
    (line,) = [ln for ln in ax.lines if ln.get_label() == r"$w \cdot x + b = 0$"]
    xs, ys = line.get_data()
    np.testing.assert_allclose(w[0] * np.asarray(xs) + w[1] * np.asarray(ys) + b, 0.0, atol=1e-12)
    (wrong,) = [c for c in ax.collections if c.get_label().startswith("misclassified")]
    np.testing.assert_allclose(wrong.get_offsets(), X[[2, 3]])
    assert "misclassified (2)" in _legend_texts(ax)
    assert any(isinstance(t, Annotation) for t in ax.texts), "an arrow shows w"
    _render(ax.figure)


def test_line_boundary_accepts_pm1_labels_vertical_lines_and_layer_shapes():
    X = np.array([[1.0, 0.0], [-1.0, 0.5], [2.0, 1.0]])
    y = np.array([1, -1, 1])
    ax = plot.plot_line_boundary(np.array([[2.0], [0.0]]), np.array([1.0]), X, y)  # W (2, 1), b (1,)
    (line,) = [ln for ln in ax.lines if "b = 0" in ln.get_label()]
    np.testing.assert_allclose(line.get_xdata(), -0.5)  # 2 x1 + 1 = 0
    assert not [c for c in ax.collections if c.get_label().startswith("misclassified")]
    assert _legend_texts(ax)[:2] == ["y = -1", "y = 1"]


def test_line_boundary_zero_weights_draw_no_line():
    X, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1])
    ax = plot.plot_line_boundary(np.zeros(2), 0.0, X, y)
    assert not ax.lines
    assert any("no boundary" in t.get_text() for t in ax.texts)
    _render(ax.figure)


def test_line_boundary_rejects_bad_inputs():
    X, y = np.zeros((3, 2)), np.array([0, 1, 1])
    with pytest.raises(ValueError, match=r"w must have shape \(2,\); got \(3,\)"):
        plot.plot_line_boundary(np.ones(3), 0.0, X, y)
    with pytest.raises(ValueError, match=r"labels in \{0, 1\} or \{-1, \+1\}"):
        plot.plot_line_boundary(np.ones(2), 0.0, X, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="b must be a number"):
        plot.plot_line_boundary(np.ones(2), np.ones(2), X, y)


# ---- plot_function_and_derivative ------------------------------------------------------


def test_function_and_derivative_draws_both_curves():
    ax = plot.plot_function_and_derivative(F.sigmoid, F.sigmoid_grad)
    assert [ln.get_label() for ln in ax.lines] == ["sigmoid(x)", "sigmoid'(x)"]
    f_line, df_line = ax.lines
    x = f_line.get_xdata()
    assert x.min() == -5 and x.max() == 5
    np.testing.assert_allclose(f_line.get_ydata(), F.sigmoid(x))
    np.testing.assert_allclose(df_line.get_ydata(), F.sigmoid_grad(x))
    _render(ax.figure)


def test_function_and_derivative_custom_x_and_label():
    x = np.linspace(-1, 1, 7)
    ax = plot.plot_function_and_derivative(np.square, lambda t: 2 * t, x=x, label="q")
    np.testing.assert_allclose(ax.lines[1].get_ydata(), 2 * x)
    assert _legend_texts(ax) == ["q(x)", "q'(x)"]


def test_function_and_derivative_rejects_bad_inputs():
    with pytest.raises(ValueError, match=r"df must return one value per x"):
        plot.plot_function_and_derivative(F.tanh, lambda x: x[:3])
    with pytest.raises(TypeError, match="df must be a function"):
        plot.plot_function_and_derivative(F.tanh, 3.0)
    with pytest.raises(ValueError, match=r"x must have shape \(P,\)"):
        plot.plot_function_and_derivative(F.tanh, F.tanh_grad, x=np.zeros((2, 2)))


# ---- plot_history -----------------------------------------------------------------------


def test_history_one_panel_per_key_with_validation_curves():
    history = {"loss": [1.0, 0.6, 0.4, 0.3], "accuracy": [0.5, 0.7, 0.8, 0.9], "val_accuracy": [0.4, 0.6, 0.7, 0.7]}
    fig = plot.plot_history(history)
    loss_ax, acc_ax = fig.axes
    assert [ln.get_label() for ln in loss_ax.lines] == ["loss"]
    assert [ln.get_label() for ln in acc_ax.lines] == ["accuracy", "val_accuracy"]
    np.testing.assert_array_equal(acc_ax.lines[1].get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(acc_ax.lines[1].get_ydata(), history["val_accuracy"])
    assert loss_ax.get_xlabel() == "epoch" and acc_ax.get_ylabel() == "accuracy"
    _render(fig)


def test_history_on_given_axes():
    fig, ax = plt.subplots()
    out = plot.plot_history({"loss": [3.0, 2.0]}, keys="loss", axes=ax)
    assert out is fig and len(ax.lines) == 1


def test_history_rejects_missing_keys_and_wrong_axes():
    with pytest.raises(ValueError, match=r"no key 'accuracy'; available keys: \['loss'\]"):
        plot.plot_history({"loss": [1.0]})
    _, axes = plt.subplots(1, 3)
    with pytest.raises(ValueError, match=r"one Axes per key \(2\); got 3"):
        plot.plot_history({"loss": [1.0], "accuracy": [0.5]}, axes=axes)
    with pytest.raises(TypeError, match="history must be a dict"):
        plot.plot_history([1.0, 2.0])


# ---- plot_contour_path ------------------------------------------------------------------


def _bowl(x, y):
    return x**2 + 10 * y**2


def test_contour_path_contours_and_three_lines_per_path():
    paths = {"sgd": np.array([[2.0, 1.0], [1.0, 0.5], [0.2, 0.1]]), "adam": np.array([[2.0, 1.0], [0.0, 0.0]])}
    ax = plot.plot_contour_path(_bowl, paths, xlim=(-3, 3), ylim=(-2, 2), levels=12)
    contours = [c for c in ax.collections if isinstance(c, ContourSet)]
    assert len(contours) == 1 and not contours[0].filled
    assert len(ax.lines) == 3 * len(paths)
    assert _legend_texts(ax) == ["sgd", "adam"]
    for name, p in paths.items():
        (path_line,) = [ln for ln in ax.lines if ln.get_label() == name]
        i = ax.lines.index(path_line)
        np.testing.assert_allclose(np.column_stack(path_line.get_data()), p)
        np.testing.assert_allclose(np.ravel(ax.lines[i + 1].get_data()), p[0])  # start
        np.testing.assert_allclose(np.ravel(ax.lines[i + 2].get_data()), p[-1])  # end
    assert ax.get_xlim() == (-3, 3) and ax.get_ylim() == (-2, 2)
    _render(ax.figure)


def test_contour_path_log_levels_are_geometric_and_window_survives_divergence():
    diverging = np.array([[1.0, 1.0], [-5.0, 30.0], [np.nan, np.nan], [1e6, -1e6]])
    ax = plot.plot_contour_path(
        lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        diverging,
        xlim=(-2, 2),
        ylim=(-1, 3),
        log_levels=True,
        levels=10,
    )
    (cs,) = [c for c in ax.collections if isinstance(c, ContourSet)]
    ratios = cs.levels[1:] / cs.levels[:-1]
    assert cs.levels[0] > 0 and np.allclose(ratios, ratios[0])
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-1, 3)
    assert _legend_texts(ax) == ["path"]
    _render(ax.figure)


def test_contour_path_rejects_bad_inputs():
    p = {"a": np.zeros((2, 2))}
    with pytest.raises(ValueError, match="f.x, y. must be element-wise"):
        plot.plot_contour_path(lambda x, y: 1.0, p, xlim=(-1, 1), ylim=(-1, 1))
    with pytest.raises(ValueError, match="log_levels needs f > 0"):
        plot.plot_contour_path(lambda x, y: -(x**2) - y**2, p, xlim=(-1, 1), ylim=(-1, 1), log_levels=True)
    with pytest.raises(ValueError, match=r"xlim must be \(low, high\) with low < high"):
        plot.plot_contour_path(_bowl, p, xlim=(1, -1), ylim=(-1, 1))
    with pytest.raises(ValueError, match=r"paths\['a'\] must have shape \(N, 2\); got \(2, 3\)"):
        plot.plot_contour_path(_bowl, {"a": np.zeros((2, 3))}, xlim=(-1, 1), ylim=(-1, 1))


# ---- plot_layer_stats -------------------------------------------------------------------


@pytest.fixture
def shrinking_layers():
    rng = np.random.default_rng(1)
    return [rng.normal(size=(100, 20)) * 0.5**i for i in range(5)]


def test_layer_stats_hist_one_histogram_per_layer(shrinking_layers):
    ax = plot.plot_layer_stats(shrinking_layers)
    assert len(ax.patches) == 5
    assert _legend_texts(ax) == [f"layer {i}" for i in range(1, 6)]
    _render(ax.figure)


@pytest.mark.parametrize("kind, stat", [("norm", np.linalg.norm), ("std", np.std)])
def test_layer_stats_norm_and_std_plot_one_value_per_layer(shrinking_layers, kind, stat):
    named = {f"h{i}": a for i, a in enumerate(shrinking_layers)}
    ax = plot.plot_layer_stats(named, kind=kind, log=True)
    (line,) = ax.lines
    np.testing.assert_allclose(line.get_ydata(), [stat(a) for a in shrinking_layers])
    assert [t.get_text() for t in ax.get_xticklabels()] == list(named)
    assert ax.get_yscale() == "log"
    _render(ax.figure)


def test_layer_stats_rejects_bad_inputs(shrinking_layers):
    with pytest.raises(ValueError, match=r"kind must be one of \('hist', 'norm', 'std'\); got 'mean'"):
        plot.plot_layer_stats(shrinking_layers, kind="mean")
    with pytest.raises(ValueError, match="at least one layer"):
        plot.plot_layer_stats([])
    with pytest.raises(ValueError, match="non-empty and finite"):
        plot.plot_layer_stats([np.array([1.0, np.inf])])
    with pytest.raises(TypeError, match="list or dict of arrays"):
        plot.plot_layer_stats(np.zeros((3, 4)))


# ---- plot_graph -------------------------------------------------------------------------


def _neuron():
    """micrograd's neuron: o = tanh(x1 w1 + x2 w2 + b), after o.backward()."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2, b = Value(-3.0, label="w1"), Value(1.0, label="w2"), Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    o.backward()
    return o


def _reused():
    """c = a * a + a: one input used by two operations."""
    a = Value(3.0, label="a")
    c = a * a + a
    c.backward()
    return c


def _by_gid(artists, gid):
    return [a for a in artists if a.get_gid() == gid]


@pytest.mark.parametrize("make", [_neuron, _reused])
def test_graph_one_box_per_value_one_circle_per_op_one_arrow_per_edge(make):
    root = make()
    nodes = topological_order(root)
    n_ops = sum(1 for v in nodes if v._prev)
    n_edges = sum(len(v._prev) + 1 for v in nodes if v._prev)  # operands -> op, op -> result
    ax = plot.plot_graph(root)
    assert len(_by_gid(ax.patches, "dlf-value")) == len(nodes)
    assert len(_by_gid(ax.patches, "dlf-op")) == n_ops
    assert len(ax.patches) == len(nodes) + n_ops
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(arrows) == n_edges and all(a.get_gid() == "dlf-edge" for a in arrows)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert f"data {root.data:.4g}" in texts and "grad 1" in texts
    assert all(v.label in texts for v in nodes)
    _render(ax.figure)


def test_graph_layout_leaves_left_root_right_and_no_overlaps():
    a, b = Value(2.0, label="a"), Value(-1.0, label="b")
    root = ((a * a + a) * b).tanh() + a  # `a` feeds operations at three depths
    root.label = "out"
    root.backward()
    ax = plot.plot_graph(root)
    ax.figure.canvas.draw()
    x_of = {t.get_text().split("\n")[0]: t.get_position()[0] for t in ax.texts if not isinstance(t, Annotation)}
    assert x_of["out"] == max(x_of.values()), "the root is rightmost"
    assert x_of["a"] == min(x_of.values()), "the input used deepest is leftmost"
    assert x_of["b"] < x_of["tanh"] < x_of["out"]
    ext = [p.get_extents() for p in ax.patches]
    for i in range(len(ext)):
        for j in range(i + 1, len(ext)):
            assert not ext[i].overlaps(ext[j]), "two nodes of the graph overlap"


def test_graph_of_a_long_chain_needs_no_recursion():
    x = Value(0.5, label="x")
    y = x
    for _ in range(300):
        y = y * 1.0001
    ax = plot.plot_graph(y)
    assert len(_by_gid(ax.patches, "dlf-op")) == 300


def test_graph_rejects_non_values():
    with pytest.raises(TypeError, match="root must be a dlf.autodiff.Value; got float"):
        plot.plot_graph(1.5)


# ---- plot_images ------------------------------------------------------------------------


def test_images_grid_of_flattened_images_with_titles():
    rng = np.random.default_rng(2)
    images = rng.random((13, 64))
    fig = plot.plot_images(images, labels=list(range(13)), ncols=5)
    assert len(fig.axes) == 15  # 3 rows of 5
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 13
    assert [ax.get_title() for ax in shown] == [str(i) for i in range(13)]
    np.testing.assert_allclose(shown[4].images[0].get_array(), images[4].reshape(8, 8))
    _render(fig)


def test_images_weights_use_a_symmetric_scale():
    W = np.array([[1.0, -3.0], [0.5, 2.0]])  # (D, H) = (4 pixels as 2x2, ...)
    fig = plot.plot_images(np.stack([W, -W / 2]), symmetric=True)
    (img,) = [im for ax in fig.axes for im in ax.images if isinstance(im, AxesImage)][:1]
    assert img.get_clim() == (-3.0, 3.0)


def test_images_reject_bad_inputs():
    with pytest.raises(ValueError, match=r"P = h \* w = 8 \* 8"):
        plot.plot_images(np.zeros((3, 50)))
    with pytest.raises(ValueError, match=r"labels must have one entry per image, shape \(3,\); got 2"):
        plot.plot_images(np.zeros((3, 64)), labels=[1, 2])
    with pytest.raises(ValueError, match="can show 1 to 400 images; got N = 500"):
        plot.plot_images(np.zeros((500, 64)))
