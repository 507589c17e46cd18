"""Initializers: shapes, variances, determinism, errors."""

import numpy as np
import pytest

from dlf import init

EXPECTED_STD = {
    "xavier_uniform": lambda D, K: np.sqrt(2 / (D + K)),
    "xavier_normal": lambda D, K: np.sqrt(2 / (D + K)),
    "he_uniform": lambda D, K: np.sqrt(2 / D),
    "he_normal": lambda D, K: np.sqrt(2 / D),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_STD))
@pytest.mark.parametrize("D, K", [(300, 200), (50, 600)])
def test_shape_and_variance(name, D, K):
    W = getattr(init, name)(D, K, rng=np.random.default_rng(0))
    assert W.shape == (D, K)
    assert W.std() == pytest.approx(EXPECTED_STD[name](D, K), rel=0.02)
    assert abs(W.mean()) < 0.01


def test_uniform_bounds():
    W = init.he_uniform(100, 50, rng=np.random.default_rng(0))
    assert np.abs(W).max() <= np.sqrt(6 / 100)


def test_he_keeps_relu_activations_at_scale_through_depth():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 256))
    for _ in range(20):
        X = np.maximum(X @ init.he_normal(256, 256, rng=rng), 0)
    assert 0.5 < np.sqrt(np.mean(X**2)) < 2.0


def test_errors():
    with pytest.raises(TypeError, match=r"he_normal: rng must be a np.random.Generator"):
        init.he_normal(3, 2, rng=None)
    with pytest.raises(ValueError, match=r"xavier_uniform: K must be a positive int; got -1"):
        init.xavier_uniform(3, -1, rng=np.random.default_rng(0))
