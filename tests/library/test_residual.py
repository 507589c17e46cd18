"""Residual blocks Y = X + F(X): gradients against central differences, the identity path, the contract, errors."""

import numpy as np
import pytest

from dlf.gradcheck import check_layer
from dlf.layers import BatchNorm1d, Linear, ReLU, Residual, Sequential, Tanh
from dlf.optim import SGD


def block(D, rng, *, batch_norm=False):
    """A residual block [BatchNorm1d], ReLU, Linear, [BatchNorm1d], ReLU, Linear, with non-zero biases."""
    norm = (lambda: [BatchNorm1d(D)]) if batch_norm else (lambda: [])
    res = Residual(*norm(), ReLU(), Linear(D, D, rng=rng), *norm(), ReLU(), Linear(D, D, rng=rng))
    for key, p in res.params.items():
        if key.endswith(".b") or key.endswith(".beta"):
            p[:] = rng.normal(size=p.shape)  # away from the kink of ReLU for rows that are all 0
        if key.endswith(".gamma"):
            p[:] = rng.normal(size=p.shape)
    return res


@pytest.mark.parametrize("shape", [(1, 3), (4, 5), (9, 2)])
def test_backward_matches_central_differences(shape):
    rng = np.random.default_rng(shape[0] * 10 + shape[1])
    res = block(shape[1], rng)
    X = rng.normal(size=shape)
    X[np.abs(X) < 1e-3] = 0.1  # away from ReLU's kink
    errors = check_layer(res, X, rng=rng)
    assert set(errors) == {"X", "1.W", "1.b", "3.W", "3.b"}
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("shape", [(4, 3), (8, 5)])
def test_backward_with_batch_norm_in_both_modes(shape):
    rng = np.random.default_rng(shape[0])
    res = block(shape[1], rng, batch_norm=True)
    X = rng.normal(1.0, 2.0, size=shape)
    errors = check_layer(res.train(), X, rng=rng)
    assert set(errors) == {"X", "0.gamma", "0.beta", "2.W", "2.b", "3.gamma", "3.beta", "5.W", "5.b"}
    # In training mode the bias of the Linear before a BatchNorm1d has no effect (the batch mean
    # removes it): its gradient is 0, and a relative error of two zeros means nothing.
    del errors["2.b"]
    assert np.abs(res.grads["2.b"]).max() < 1e-12
    assert max(errors.values()) < 1e-7, errors
    errors = check_layer(res.eval(), X, rng=rng)
    assert max(errors.values()) < 1e-7, errors


def test_a_stack_of_blocks_in_a_sequential():
    rng = np.random.default_rng(0)
    net = Sequential(Linear(3, 4, rng=rng), block(4, rng), Tanh(), block(4, rng), Linear(4, 2, rng=rng))
    errors = check_layer(net, rng.normal(size=(5, 3)), rng=rng)
    assert "1.1.W" in errors and "3.3.b" in errors
    assert max(errors.values()) < 1e-7, errors


def test_forward_adds_the_input_and_backward_adds_the_identity_path():
    rng = np.random.default_rng(1)
    inner = [Linear(3, 3, rng=rng), Tanh(), Linear(3, 3, rng=rng)]
    res, F = Residual(*inner), Sequential(*inner)
    X, dY = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    np.testing.assert_allclose(res.forward(X), X + F.forward(X), rtol=1e-12)
    dX = res.backward(dY)
    F.forward(X)
    np.testing.assert_allclose(dX, dY + F.backward(dY), rtol=1e-12)
    # with F = 0 (last layer's weights and bias zero) the block is the identity, forward and backward
    inner[2].params["W"][:] = 0.0
    inner[2].params["b"][:] = 0.0
    np.testing.assert_array_equal(res.forward(X), X)
    np.testing.assert_array_equal(res.backward(dY), dY)


def test_params_are_the_layers_arrays_and_an_optimizer_moves_them():
    rng = np.random.default_rng(2)
    first, second = Linear(2, 2, rng=rng), Linear(2, 2, rng=rng)
    res = Residual(first, ReLU(), BatchNorm1d(2), second)
    assert list(res.params) == ["0.W", "0.b", "2.gamma", "2.beta", "3.W", "3.b"]
    assert res.params["0.W"] is first.params["W"] and res.grads["3.b"] is second.grads["b"]
    with pytest.raises(AttributeError):
        res.params = {}
    res.forward(rng.normal(size=(4, 2)))
    res.backward(np.ones((4, 2)))
    W_before = first.params["W"].copy()
    SGD(lr=0.1).step(res.params, res.grads)
    np.testing.assert_allclose(first.params["W"], W_before - 0.1 * first.grads["W"], rtol=1e-12)
    res.eval()
    assert not res.training and all(not layer.training for layer in res.inner.layers)
    res.train()
    assert res.training and all(layer.training for layer in res.inner.layers)
    res.zero_grad()
    assert all(np.all(g == 0) for g in res.grads.values())


def test_errors_in_course_notation():
    rng = np.random.default_rng(3)
    with pytest.raises(TypeError, match=r"Residual: needs at least one layer"):
        Residual()
    with pytest.raises(TypeError, match=r"Residual: layer 1 must be a dlf Layer"):
        Residual(Linear(3, 3, rng=rng), np.tanh)
    with pytest.raises(
        ValueError, match=r"Residual.forward: F must return the shape of its input X \(5, 3\).*got \(5, 2\)"
    ):
        Residual(Linear(3, 2, rng=rng)).forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"Linear.forward: X must have shape \(N, 3\); got \(5, 4\)"):
        Residual(Linear(3, 3, rng=rng)).forward(np.zeros((5, 4)))
    with pytest.raises(ValueError, match=r"Residual.forward: X must have shape \(N, D\)"):
        Residual(Linear(3, 3, rng=rng)).forward(np.zeros(3))
    with pytest.raises(RuntimeError, match=r"Residual.backward called before forward"):
        Residual(Linear(3, 3, rng=rng)).backward(np.zeros((5, 3)))
    res = Residual(Linear(3, 3, rng=rng))
    res.forward(np.zeros((5, 3)))
    with pytest.raises(
        ValueError, match=r"Residual.backward: dY must have the shape of the output Y \(5, 3\); got \(3, 5\)"
    ):
        res.backward(np.zeros((3, 5)))
