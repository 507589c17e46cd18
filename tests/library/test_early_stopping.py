"""fit with a validation loss and early stopping: when it stops, what it restores, what it leaves alone."""

import numpy as np
import pytest

from dlf.data import make_moons, train_val_test_split
from dlf.layers import BatchNorm1d, Dropout, Linear, ReLU, Sequential
from dlf.losses import binary_cross_entropy, softmax_cross_entropy
from dlf.optim import SGD, Adam
from dlf.train import accuracy, fit


def overfitting_setup(seed=0):
    """A wide MLP with batch norm and 40 training points of noisy moons: it overfits within
    a few dozen epochs (the validation loss rises while the training loss keeps falling)."""
    rng = np.random.default_rng(seed)
    X, y = make_moons(80, rng=rng, noise=0.45)
    X_train, X_val, _, y_train, y_val, _ = train_val_test_split(X, y, val_size=0.25, test_size=0.25, rng=rng)
    model = Sequential(
        Linear(2, 128, rng=rng), BatchNorm1d(128), ReLU(), Linear(128, 128, rng=rng), ReLU(), Linear(128, 2, rng=rng)
    )
    return model, X_train, y_train, X_val, y_val, rng


def eval_loss(model, X, y):
    model.eval()
    L, _ = softmax_cross_entropy(model.forward(X), y)
    model.train()
    return L


def test_an_overfitting_run_stops_early_and_gets_the_best_epoch_back():
    model, X_train, y_train, X_val, y_val, rng = overfitting_setup()
    bn = model.layers[1]
    arrays = {key: p for key, p in model.params.items()}
    saved = []  # the parameters and running statistics after every epoch

    def record(epoch, model, history):
        saved.append(({k: p.copy() for k, p in model.params.items()}, bn.running_mean.copy(), bn.running_var.copy()))

    epochs, patience = 300, 15
    history = fit(
        model, X_train, y_train, optimizer=Adam(lr=0.01), epochs=epochs, batch_size=8, rng=rng,
        X_val=X_val, y_val=y_val, patience=patience, callback=record,
    )  # fmt: skip
    stopped, best = history["stopped_epoch"], history["best_epoch"]
    assert stopped < epochs - 1, "the run should overfit and stop early"
    assert stopped == best + patience  # patience epochs without improvement, then stop
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert len(history[key]) == stopped + 1 == len(saved), key
    assert history["val_loss"][best] == min(history["val_loss"])
    assert all(v >= history["val_loss"][best] for v in history["val_loss"][best + 1 :])
    assert history["val_loss"][-1] > min(history["val_loss"])  # restoring matters
    # the model holds the best epoch's parameters, in the same arrays, and its BatchNorm statistics
    assert all(model.params[key] is arrays[key] for key in arrays)
    for key, p in saved[best][0].items():
        np.testing.assert_array_equal(model.params[key], p)
    np.testing.assert_array_equal(bn.running_mean, saved[best][1])
    np.testing.assert_array_equal(bn.running_var, saved[best][2])
    assert eval_loss(model, X_val, y_val) == pytest.approx(min(history["val_loss"]), rel=1e-12, abs=0)
    assert model.training


def test_without_improvement_to_wait_for_it_runs_every_epoch_and_still_restores_the_best():
    model, X_train, y_train, X_val, y_val, rng = overfitting_setup(seed=1)
    history = fit(
        model, X_train, y_train, optimizer=Adam(lr=0.01), epochs=30, batch_size=8, rng=rng,
        X_val=X_val, y_val=y_val, patience=1000,
    )  # fmt: skip
    assert history["stopped_epoch"] == 29 and len(history["val_loss"]) == 30
    assert history["best_epoch"] == int(np.argmin(history["val_loss"])) < 29
    assert eval_loss(model, X_val, y_val) == pytest.approx(min(history["val_loss"]), rel=1e-12, abs=0)


def test_restored_arrays_stay_the_optimizers_arrays():
    model, X_train, y_train, X_val, y_val, rng = overfitting_setup(seed=2)
    opt = Adam(lr=0.01)
    fit(model, X_train, y_train, optimizer=opt, epochs=40, batch_size=8, rng=rng, X_val=X_val, y_val=y_val, patience=5)
    before = {key: p.copy() for key, p in model.params.items()}
    fit(model, X_train, y_train, optimizer=opt, epochs=1, batch_size=8, rng=rng)  # the same optimizer goes on
    assert all(not np.array_equal(model.params[key], before[key]) for key in before)


def run(seed, dropout, **validation):
    rng = np.random.default_rng(seed)
    X, y = make_moons(60, rng=rng, noise=0.3)
    X_train, X_val, _, y_train, y_val, _ = train_val_test_split(X, y, val_size=0.2, test_size=0.2, rng=rng)
    layers = [Linear(2, 32, rng=rng), ReLU(), Dropout(0.3, rng=np.random.default_rng(seed))] if dropout else []
    model = Sequential(*layers, Linear(32 if dropout else 2, 2, rng=rng))
    if validation:
        validation = {"X_val": X_val, "y_val": y_val}
    history = fit(model, X_train, y_train, optimizer=SGD(0.1), epochs=8, batch_size=8, rng=rng, **validation)
    return history, model, X_val, y_val


@pytest.mark.parametrize("dropout", [False, True])
def test_a_validation_set_without_patience_changes_nothing_in_training(dropout):
    plain, plain_model, _, _ = run(3, dropout)
    watched, model, X_val, y_val = run(3, dropout, validation=True)
    assert set(plain) == {"loss", "accuracy"}
    assert set(watched) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert watched["loss"] == plain["loss"] and watched["accuracy"] == plain["accuracy"]
    for key, p in plain_model.params.items():
        np.testing.assert_array_equal(model.params[key], p)  # the last epoch's parameters
    assert len(watched["val_loss"]) == len(watched["val_accuracy"]) == 8
    assert watched["val_accuracy"][-1] == accuracy(model, X_val, y_val)
    assert watched["val_loss"][-1] == pytest.approx(eval_loss(model, X_val, y_val), rel=1e-12, abs=0)


def test_val_loss_is_the_training_loss_function_binary_cross_entropy():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(120, 2))
    y = (X[:, 0] - X[:, 1] > 0).astype(int)
    model = Sequential(Linear(2, 1, rng=rng))
    history = fit(
        model, X[:80], y[:80], optimizer=SGD(0.5), epochs=5, rng=rng, loss="binary_cross_entropy",
        X_val=X[80:], y_val=y[80:],
    )  # fmt: skip
    L, _ = binary_cross_entropy(model.forward(X[80:]), y[80:, None].astype(float))
    assert history["val_loss"][-1] == pytest.approx(L, rel=1e-12, abs=0)
    assert history["val_loss"][-1] < history["val_loss"][0]


def test_errors():
    rng = np.random.default_rng(5)
    model = Sequential(Linear(2, 4, rng=rng), ReLU(), Linear(4, 3, rng=rng))
    X, y = np.zeros((10, 2)), np.zeros(10, dtype=int)
    X_val, y_val = np.zeros((7, 2)), np.zeros(7, dtype=int)

    def call(**kwargs):
        fit(model, X, y, optimizer=SGD(0.1), epochs=2, rng=rng, **kwargs)

    with pytest.raises(ValueError, match=r"fit: patience needs a validation set"):
        call(patience=3)
    with pytest.raises(ValueError, match=r"fit: give both X_val and y_val, or neither; got only X_val"):
        call(X_val=X_val)
    with pytest.raises(ValueError, match=r"fit: give both X_val and y_val, or neither; got only y_val"):
        call(y_val=y_val, patience=3)
    with pytest.raises(ValueError, match=r"fit: X_val must have shape \(N_val, 2\), the D of X; got \(7, 3\)"):
        call(X_val=np.zeros((7, 3)), y_val=y_val)
    with pytest.raises(ValueError, match=r"fit: X_val must have shape \(N_val, 2\), the D of X; got \(7,\)"):
        call(X_val=np.zeros(7), y_val=y_val)
    with pytest.raises(ValueError, match=r"fit: y_val must have shape \(7,\), one integer class id per row"):
        call(X_val=X_val, y_val=y_val[:5])
    with pytest.raises(TypeError, match=r"fit: y_val must hold integer class ids"):
        call(X_val=X_val, y_val=y_val + 0.5)
    with pytest.raises(ValueError, match=r"fit: patience must be a positive int; got 0"):
        call(X_val=X_val, y_val=y_val, patience=0)
    with pytest.raises(TypeError, match=r"fit: patience must be a positive int; got float"):
        call(X_val=X_val, y_val=y_val, patience=2.0)
