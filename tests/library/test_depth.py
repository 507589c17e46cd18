"""Tests of dlf.depth: signals through depth (lectures 03 and 05)."""

import numpy as np
import pytest
from dlf import depth
from dlf import widgets as old


# ---- the same numbers as the helpers it replaces (dlf.widgets.layer_signals, _depth_statistics) ----


@pytest.mark.parametrize(
    "activation, L, kwargs",
    [
        ("sigmoid", 20, {}),  # lecture 03, section 3: the printed gradient ratios
        ("tanh", 20, {}),
        ("relu", 20, {}),
        ("sigmoid", 10, {}),  # lecture 03: activation_depth_explorer("sigmoid", depth=10)
        ("gelu", 7, {"width": 9, "n": 5, "seed": 4}),
        ("leaky_relu", 3, {"width": 4, "n": 11, "seed": 2}),
    ],
)
def test_layer_signals_equals_the_old_helper(activation, L, kwargs):
    H_new, dZ_new = depth.layer_signals(activation, L, **kwargs)
    H_old, dZ_old = old.layer_signals(activation, L, **kwargs)
    for a, b in zip(H_new + dZ_new, H_old + dZ_old, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "activation, init, L",
    [("tanh", "xavier", 10)]  # lecture 05: init_depth_explorer(activation="tanh", init="xavier", depth=10)
    + [(a, i, L) for a in ("tanh", "sigmoid", "relu") for i in ("small", "large", "xavier", "he") for L in (1, 3, 30)],
)
def test_init_statistics_equals_the_old_helper(activation, init, L):
    new = depth.init_statistics(activation, init, L, width=64, n=64, rng=np.random.default_rng(0))
    was = old._depth_statistics(activation, init, L, width=64, n=64, rng=np.random.default_rng(0))
    assert tuple(new) == was
