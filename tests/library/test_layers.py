"""Layers: backward passes against central differences, modes, contract, errors."""

import numpy as np
import pytest

from dlf.gradcheck import check_layer
from dlf.layers import GELU, BatchNorm1d, LeakyReLU, Linear, ReLU, Sequential, Sigmoid, Tanh
from dlf.optim import SGD

SHAPES = [(1, 3), (4, 5), (9, 2)]


def make_layer(kind, D, rng):
    return {
        "linear": lambda: Linear(D, 3, rng=rng),
        "relu": ReLU,
        "leaky_relu": lambda: LeakyReLU(0.1),
        "sigmoid": Sigmoid,
        "tanh": Tanh,
        "gelu": GELU,
        "batchnorm_eval": lambda: _trained_bn(D, rng).eval(),
        "mlp": lambda: Sequential(Linear(D, 6, rng=rng), Tanh(), Linear(6, 4, rng=rng), ReLU(), Linear(4, 2, rng=rng)),
    }[kind]()


def _trained_bn(D, rng):
    bn = BatchNorm1d(D)
    bn.forward(rng.normal(2.0, 3.0, size=(8, D)))
    bn.params["gamma"][:] = rng.normal(size=D)
    bn.params["beta"][:] = rng.normal(size=D)
    return bn


@pytest.mark.parametrize("kind", ["linear", "relu", "leaky_relu", "sigmoid", "tanh", "gelu", "batchnorm_eval", "mlp"])
@pytest.mark.parametrize("shape", SHAPES)
def test_backward_matches_central_differences(kind, shape):
    rng = np.random.default_rng(shape[0] * 10 + shape[1])
    layer = make_layer(kind, shape[1], rng)
    X = rng.normal(size=shape)
    X[np.abs(X) < 1e-3] = 0.1  # away from ReLU's kink
    errors = check_layer(layer, X, rng=rng)
    assert set(errors) == {"X", *layer.params}
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("shape", [(4, 3), (8, 5), (16, 7)])
def test_batchnorm_train_backward(shape):
    rng = np.random.default_rng(shape[0])
    bn = _trained_bn(shape[1], rng).train()
    errors = check_layer(bn, rng.normal(1.0, 2.0, size=shape), rng=rng)
    assert errors.keys() == {"X", "gamma", "beta"} and max(errors.values()) < 1e-7, errors


def test_linear_shapes_and_contract():
    rng = np.random.default_rng(0)
    layer = Linear(4, 3, rng=rng)
    assert layer.params["W"].shape == (4, 3) and layer.params["b"].shape == (3,)
    X = rng.normal(size=(5, 4))
    Y = layer.forward(X)
    assert Y.shape == (5, 3)
    assert np.allclose(Y, X @ layer.params["W"] + layer.params["b"])
    dX = layer.backward(np.ones((5, 3)))
    assert dX.shape == (5, 4)
    for k in layer.params:
        assert layer.grads[k].shape == layer.params[k].shape
    assert np.allclose(layer.grads["b"], 5.0)  # summed over the batch


def test_linear_init_options():
    rng = np.random.default_rng(0)
    assert np.all(Linear(3, 2, rng=rng, init="zeros").params["W"] == 0)
    W = Linear(400, 300, rng=rng, init=0.01).params["W"]
    assert abs(W.std() - 0.01) < 5e-4
    He = Linear(400, 300, rng=rng, init="he").params["W"]
    assert abs(He.std() - np.sqrt(2 / 400)) < 3e-3
    W32 = Linear(3, 2, rng=rng, dtype=np.float32)
    assert W32.forward(np.ones((2, 3), dtype=np.float32)).dtype == np.float32


def test_same_seed_same_weights():
    a = Linear(5, 4, rng=np.random.default_rng(1)).params["W"]
    b = Linear(5, 4, rng=np.random.default_rng(1)).params["W"]
    c = Linear(5, 4, rng=np.random.default_rng(2)).params["W"]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_batchnorm_normalizes_and_tracks_running_stats():
    rng = np.random.default_rng(0)
    bn = BatchNorm1d(3, momentum=0.5)
    X = rng.normal(5.0, 2.0, size=(64, 3))
    Y = bn.forward(X)
    assert np.allclose(Y.mean(axis=0), 0, atol=1e-12) and np.allclose(Y.var(axis=0), 1, atol=1e-3)
    assert np.allclose(bn.running_mean, 0.5 * X.mean(axis=0))
    assert np.allclose(bn.running_var, 0.5 + 0.5 * X.var(axis=0, ddof=1))
    bn.eval()
    y1 = bn.forward(X[:1])  # eval works on a single example
    y_all = bn.forward(X)
    assert np.allclose(y1, y_all[:1])  # and does not depend on the batch
    before = bn.running_mean.copy()
    bn.forward(X + 100)
    assert np.array_equal(before, bn.running_mean)  # eval never updates running stats


def test_sequential_params_are_the_layers_arrays():
    rng = np.random.default_rng(0)
    net = Sequential(Linear(2, 3, rng=rng), ReLU(), BatchNorm1d(3), Linear(3, 1, rng=rng))
    assert list(net.params) == ["0.W", "0.b", "2.gamma", "2.beta", "3.W", "3.b"]
    net.params["0.W"][0, 0] = 42.0
    assert net.layers[0].params["W"][0, 0] == 42.0
    net.eval()
    assert all(not layer.training for layer in net.layers)
    net.forward(rng.normal(size=(4, 2)))
    net.backward(np.ones((4, 1)))
    assert {k: v.shape for k, v in net.grads.items()} == {k: v.shape for k, v in net.params.items()}


def test_sequential_params_cannot_be_replaced_and_an_optimizer_moves_the_layers():
    rng = np.random.default_rng(0)
    net = Sequential(Linear(2, 3, rng=rng), Tanh(), Linear(3, 1, rng=rng))
    for key, (i, name) in {"0.W": (0, "W"), "0.b": (0, "b"), "2.W": (2, "W"), "2.b": (2, "b")}.items():
        assert net.params[key] is net.layers[i].params[name]
        assert net.grads[key] is net.layers[i].grads[name]
    with pytest.raises(AttributeError):  # not silently ignored: the network owns no arrays
        net.params = {}
    with pytest.raises(AttributeError):
        net.grads = {}
    W_before = net.layers[0].params["W"].copy()
    net.forward(rng.normal(size=(4, 2)))
    net.backward(np.ones((4, 1)))
    SGD(lr=0.1).step(net.params, net.grads)
    np.testing.assert_allclose(net.layers[0].params["W"], W_before - 0.1 * net.layers[0].grads["W"], rtol=1e-12)


def test_errors_in_course_notation():
    rng = np.random.default_rng(0)
    layer = Linear(3, 2, rng=rng)
    with pytest.raises(ValueError, match=r"Linear.forward: X must have shape \(N, 3\); got \(5, 4\)"):
        layer.forward(np.zeros((5, 4)))
    with pytest.raises(ValueError, match=r"Linear.forward: X must have shape \(N, 3\); got \(3,\)"):
        layer.forward(np.zeros(3))
    with pytest.raises(RuntimeError, match=r"Linear.backward called before forward"):
        Linear(3, 2, rng=rng).backward(np.zeros((5, 2)))
    with pytest.raises(RuntimeError, match=r"ReLU.backward called before forward"):
        ReLU().backward(np.zeros((5, 2)))
    layer.forward(np.zeros((5, 3)))
    with pytest.raises(
        ValueError, match=r"Linear.backward: dY must have the shape of the output Y \(5, 2\); got \(2, 5\)"
    ):
        layer.backward(np.zeros((2, 5)))
    with pytest.raises(TypeError, match=r"Linear: rng must be a np.random.Generator"):
        Linear(3, 2, rng=0)
    with pytest.raises(ValueError, match=r"Linear: D must be a positive int; got 0"):
        Linear(0, 2, rng=rng)
    with pytest.raises(ValueError, match=r"Linear: init must be one of"):
        Linear(3, 2, rng=rng, init="glorious")
    with pytest.raises(ValueError, match=r"BatchNorm1d.forward: training mode needs a batch of N >= 2"):
        BatchNorm1d(3).forward(np.zeros((1, 3)))
    with pytest.raises(TypeError, match=r"Sequential: layer 1 must be a dlf Layer"):
        Sequential(Linear(3, 2, rng=rng), np.tanh)


def test_backward_fills_the_same_grad_arrays():
    rng = np.random.default_rng(0)
    net = Sequential(Linear(3, 4, rng=rng), BatchNorm1d(4), Linear(4, 2, rng=rng))
    before = {k: id(v) for k, v in net.grads.items()}
    X = rng.normal(size=(5, 3))
    net.forward(X)
    net.backward(np.ones((5, 2)))
    assert {k: id(v) for k, v in net.grads.items()} == before
    assert np.any(net.grads["0.W"] != 0)
    net.zero_grad()
    assert all(np.all(g == 0) for g in net.grads.values())
