"""Tests of dlf.depth: signals through depth (lectures 03 and 05)."""

import numpy as np
import pytest

from dlf.depth import DepthSignals, init_statistics, layer_signals, signals_through_depth
from dlf.gradcheck import numerical_gradient, rel_error
from dlf.losses import softmax_cross_entropy

# ---- signals_through_depth ----------------------------------------------------------------------


def test_known_values_where_relu_is_the_identity():
    # positive X and non-negative W: every Z > 0, so A = Z and relu' = 1; by hand:
    # Z1 = [1, 2, 3], Z2 = [9]; dZ2 = dY = [1]; dW2 = A1^T dZ2; dA1 = dZ2 W2^T = [1, 1, 2]; dW1 = X^T dA1
    X = np.array([[1.0, 2.0]])
    W1 = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    W2 = np.array([[1.0], [1.0], [2.0]])
    s = signals_through_depth(X, [W1, W2], "relu", np.array([[1.0]]))
    assert isinstance(s, DepthSignals)
    np.testing.assert_array_equal(s.A[0], [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(s.A[1], [[9.0]])
    np.testing.assert_array_equal(s.dA[1], [[1.0]])
    np.testing.assert_array_equal(s.dZ[1], [[1.0]])
    np.testing.assert_array_equal(s.dW[1], [[1.0], [2.0], [3.0]])
    np.testing.assert_array_equal(s.dA[0], [[1.0, 1.0, 2.0]])
    np.testing.assert_array_equal(s.dZ[0], [[1.0, 1.0, 2.0]])
    np.testing.assert_array_equal(s.dW[0], [[1.0, 1.0, 2.0], [2.0, 2.0, 4.0]])


def test_shapes_follow_the_weights():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 3))
    weights = [rng.standard_normal((3, 4)), rng.standard_normal((4, 2)), rng.standard_normal((2, 6))]
    s = signals_through_depth(X, weights, "tanh", rng.standard_normal((5, 6)))
    assert [A.shape for A in s.A] == [(5, 4), (5, 2), (5, 6)]
    assert [d.shape for d in s.dZ] == [d.shape for d in s.dA] == [(5, 4), (5, 2), (5, 6)]
    assert [d.shape for d in s.dW] == [W.shape for W in weights]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "gelu", "gelu_tanh"])
def test_weight_and_activation_gradients_match_central_differences(activation):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((4, 3))
    weights = [rng.standard_normal((3, 5)), rng.standard_normal((5, 4)), rng.standard_normal((4, 2))]
    G = rng.standard_normal((4, 2))  # L = sum(G * A_L), so dL/dA_L = G
    s = signals_through_depth(X, weights, activation, G)

    def loss(_):
        return float(np.sum(G * signals_through_depth(X, weights, activation, G).A[-1]))

    for W, dW in zip(weights, s.dW):
        assert rel_error(dW, numerical_gradient(loss, W)) < 1e-7


def test_a_loss_on_top_gives_the_upstream_gradient():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((6, 4))
    weights = [rng.standard_normal((4, 4)) * 0.5 for _ in range(3)]
    W_out, y = rng.standard_normal((4, 3)), rng.integers(0, 3, size=6)

    def upstream(A_L):
        _, dY = softmax_cross_entropy(A_L @ W_out, y)
        return dY @ W_out.T

    def loss(_):
        A_L = signals_through_depth(X, weights, "tanh", upstream).A[-1]
        return softmax_cross_entropy(A_L @ W_out, y)[0]

    s = signals_through_depth(X, weights, "tanh", upstream)
    np.testing.assert_array_equal(s.dA[-1], upstream(s.A[-1]))
    assert rel_error(s.dW[0], numerical_gradient(loss, weights[0])) < 1e-7


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((np.ones(3), [np.ones((3, 2))], "relu", np.ones(2)), ValueError, r"X must have shape \(N, D\); got \(3,\)"),
        ((np.ones((2, 3)), [], "relu", np.ones((2, 3))), TypeError, "weights must be a non-empty list"),
        ((np.ones((2, 3)), np.ones((3, 3)), "relu", np.ones((2, 3))), TypeError, "weights must be a non-empty list"),
        (
            (np.ones((2, 3)), [np.ones((3, 4)), np.ones((5, 2))], "relu", np.ones((2, 2))),
            ValueError,
            r"weights\[1\] must have shape \(4, K\).*; got \(5, 2\)",
        ),
        ((np.ones((2, 3)), [np.ones((3, 4))], "swish", np.ones((2, 4))), ValueError, "activation must be one of"),
        (
            (np.ones((2, 3)), [np.ones((3, 4))], "relu", np.ones((4, 2))),
            ValueError,
            r"dY must have the shape of A_L \(2, 4\); got \(4, 2\)",
        ),
        ((np.ones((2, 3)), [np.ones((3, 4))], "relu", "up"), TypeError, "dY must be an array of numbers"),
    ],
)
def test_signals_through_depth_checks_inputs(args, error, message):
    with pytest.raises(error, match="signals_through_depth: " + message):
        signals_through_depth(*args)


# ---- the lectures' numbers: pinned from the helpers this module replaced ----------------------
# (dlf.widgets.layer_signals and dlf.widgets._depth_statistics, equal to these bit for bit when
# they moved here; lectures 03 and 05 are committed executed, and nbval compares their outputs)


def test_lecture_03_gradient_ratios_through_20_layers():
    ratios = {"sigmoid": 7.567120163803359e-13, "tanh": 0.19184367892632828, "relu": 0.8324054038690578}
    printed = {"sigmoid": "7.6e-13", "tanh": "1.9e-01", "relu": "8.3e-01"}  # the lecture's output
    for name, ratio in ratios.items():
        _, dZ = layer_signals(name, 20)
        norms = [np.linalg.norm(d) for d in dZ]
        assert norms[0] / norms[-1] == pytest.approx(ratio, rel=1e-10)
        assert f"{norms[0] / norms[-1]:.1e}" == printed[name]


def test_lecture_03_activation_depth_explorer_signals():
    A, dZ = layer_signals("sigmoid", 10)  # activation_depth_explorer("sigmoid", depth=10)
    stds = [0.19953787033643378, 0.12492857310304253, 0.13495636756383889, 0.13319246675646929]
    stds += [0.13168692363330936, 0.15523253851316873, 0.12095000952068531, 0.11352557738785408]
    stds += [0.14365237611220297, 0.10959398939536104]
    norms = [2.448747892269266e-05, 0.00011796273487186753, 0.0004841269644169915, 0.002160288954047619]
    norms += [0.009628314044262806, 0.04212343505250559, 0.18968212536264786, 0.767743323394361]
    norms += [3.3525553057434947, 15.313676124071204]
    np.testing.assert_allclose([a.std() for a in A], stds, rtol=1e-10)
    np.testing.assert_allclose([np.linalg.norm(d) for d in dZ], norms, rtol=1e-10)


def test_lecture_05_init_depth_explorer_statistics():
    # init_depth_explorer(activation="tanh", init="xavier", depth=10): width 64, n 64, seed 0
    stats = init_statistics("tanh", "xavier", 10, width=64, n=64, rng=np.random.default_rng(0))
    std_A = [0.6308994739483521, 0.48377549198442904, 0.40231750089963525, 0.3462212951301813]
    std_A += [0.3165042841812245, 0.28874402895403084, 0.2703808658402037, 0.24981631050748332]
    std_A += [0.24053617269715416, 0.23658348499017806]
    norm_dA = [0.06948905285451308, 0.08578300311422263, 0.10286462822728559, 0.11923314886690205]
    norm_dA += [0.12880838342778103, 0.14495136534750339, 0.154863758521095, 0.15467311215254997]
    norm_dA += [0.16039184169298312, 0.16116819468316515]
    norm_dW = [0.3741706184080367, 0.30329508054240645, 0.29583259548046714, 0.3204360788182537]
    norm_dW += [0.3203393712202672, 0.3278294365592783, 0.2995164543203498, 0.2821630609918771]
    norm_dW += [0.27520321338560466, 0.26056746819355675]
    np.testing.assert_allclose(stats.std_A, std_A, rtol=1e-10)
    np.testing.assert_allclose(stats.norm_dA, norm_dA, rtol=1e-10)
    np.testing.assert_allclose(stats.norm_dW, norm_dW, rtol=1e-10)


# ---- init_statistics ----------------------------------------------------------------------------


def test_init_statistics_is_the_signals_of_its_mlp():
    # the same draws, in the same order, by hand: weights, output layer, batch, labels
    rng = np.random.default_rng(7)
    weights = [rng.normal(0.0, 1.0, size=(8, 8)) for _ in range(3)]
    W_out = rng.normal(0.0, 1.0, size=(8, 10))
    X, y = rng.standard_normal((5, 8)), rng.integers(0, 10, size=5)
    s = signals_through_depth(X, weights, "relu", lambda A: softmax_cross_entropy(A @ W_out, y)[1] @ W_out.T)
    stats = init_statistics("relu", "large", 3, width=8, n=5, rng=np.random.default_rng(7))
    assert stats.std_A == [float(A.std()) for A in s.A]
    assert stats.norm_dA == [float(np.linalg.norm(d)) for d in s.dA]
    assert stats.norm_dW == [float(np.linalg.norm(d)) for d in s.dW]


def test_init_statistics_depends_only_on_its_rng():
    a = init_statistics("tanh", "he", 4, rng=np.random.default_rng(3))
    assert a == init_statistics("tanh", "he", 4, rng=np.random.default_rng(3))
    assert a != init_statistics("tanh", "he", 4, rng=np.random.default_rng(4))


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        (("swish", "he", 3), {}, ValueError, "activation must be one of"),
        (("relu", "zeros", 3), {}, ValueError, r"init must be one of \['small', 'large', 'xavier', 'he'\]"),
        (("relu", "he", 0), {}, ValueError, "depth must be a positive int; got 0"),
        (("relu", "he", 3), {"width": 2.5}, TypeError, "width must be a positive int"),
        (("relu", "he", 3), {"rng": 0}, TypeError, "rng must be a np.random.Generator"),
    ],
)
def test_init_statistics_checks_inputs(args, kwargs, error, message):
    kwargs = {"rng": np.random.default_rng(0), **kwargs}
    with pytest.raises(error, match="init_statistics: " + message):
        init_statistics(*args, **kwargs)
