"""End-to-end: MLPs built and trained with dlf reach the course's accuracy bars, fast."""

import time

import numpy as np
import pytest

from dlf.data import load_digits, make_spirals, train_test_split
from dlf.layers import Linear, ReLU, Sequential
from dlf.optim import SGD, Adam
from dlf.train import accuracy, fit, predict


def mlp(sizes, rng):
    layers = []
    for D, K in zip(sizes[:-1], sizes[1:]):
        layers += [Linear(D, K, rng=rng), ReLU()]
    return Sequential(*layers[:-1])


def test_spirals_train_accuracy_at_least_95_percent_in_seconds():
    rng = np.random.default_rng(0)
    X, y = make_spirals(300, rng=rng, n_classes=3)
    model = mlp([2, 64, 64, 3], rng)
    start = time.perf_counter()
    history = fit(model, X, y, optimizer=Adam(lr=0.01), epochs=150, batch_size=32, rng=rng)
    seconds = time.perf_counter() - start
    assert history["accuracy"][-1] >= 0.95, history["accuracy"][-5:]
    assert history["loss"][-1] < history["loss"][0] / 5
    assert seconds < 10, f"training took {seconds:.1f} s"


def test_digits_test_accuracy_at_least_96_percent_in_seconds():
    rng = np.random.default_rng(0)
    X, y = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, rng=rng)
    model = mlp([64, 128, 10], rng)
    start = time.perf_counter()
    history = fit(
        model, X_train, y_train, optimizer=Adam(lr=0.003), epochs=30, batch_size=32, rng=rng, X_val=X_test, y_val=y_test
    )
    seconds = time.perf_counter() - start
    assert accuracy(model, X_test, y_test) >= 0.96
    assert history["val_accuracy"][-1] == accuracy(model, X_test, y_test)
    assert seconds < 10, f"training took {seconds:.1f} s"


def test_fit_is_deterministic_given_the_seed():
    def run(seed):
        rng = np.random.default_rng(seed)
        X, y = make_spirals(90, rng=rng)
        return fit(mlp([2, 16, 3], rng), X, y, optimizer=SGD(0.1), epochs=3, rng=rng)["loss"]

    assert run(1) == run(1) and run(1) != run(2)


def test_binary_classification_with_one_logit():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    model = Sequential(Linear(2, 1, rng=rng))
    fit(model, X, y, optimizer=SGD(0.5), epochs=30, rng=rng, loss="binary_cross_entropy")
    assert predict(model, X).shape == (200,)
    assert accuracy(model, X, y) > 0.95


def test_errors():
    rng = np.random.default_rng(0)
    model = mlp([2, 4, 3], rng)
    X, y = np.zeros((5, 2)), np.zeros(5, dtype=int)
    with pytest.raises(ValueError, match=r"fit: y must have shape \(5,\)"):
        fit(model, X, y[:3], optimizer=SGD(0.1), epochs=1, rng=rng)
    with pytest.raises(ValueError, match=r"fit: loss must be"):
        fit(model, X, y, optimizer=SGD(0.1), epochs=1, rng=rng, loss="hinge")
    with pytest.raises(ValueError, match=r"fit: epochs must be a positive int; got 0"):
        fit(model, X, y, optimizer=SGD(0.1), epochs=0, rng=rng)
    with pytest.raises(TypeError, match=r"fit: optimizer must be a dlf.optim optimizer"):
        fit(model, X, y, optimizer="adam", epochs=1, rng=rng)
    with pytest.raises(ValueError, match=r"Linear.forward: X must have shape \(N, 2\); got \(5, 3\)"):
        fit(model, np.zeros((5, 3)), y, optimizer=SGD(0.1), epochs=1, rng=rng)


def test_fit_drop_last():
    rng = np.random.default_rng(0)
    X, y = make_spirals(30, rng=rng)
    model = mlp([2, 8, 3], rng)
    history = fit(model, X, y, optimizer=SGD(0.1), epochs=2, batch_size=8, rng=rng, drop_last=True)
    assert len(history["loss"]) == 2
    with pytest.raises(ValueError, match=r"fit: drop_last=True with batch_size = 64 > N = 30 leaves no batch"):
        fit(model, X, y, optimizer=SGD(0.1), epochs=1, batch_size=64, rng=rng, drop_last=True)
