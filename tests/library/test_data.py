"""Tests of dlf.data: generators, digits, splitting and mini-batches."""

import numpy as np
import pytest

from dlf.data import (
    load_digits,
    make_circles,
    make_linearly_separable,
    make_moons,
    make_spirals,
    make_xor,
    minibatches,
    train_test_split,
    train_val_test_split,
)

GENERATORS = {
    "xor": (make_xor, 2),
    "separable": (make_linearly_separable, 2),
    "moons": (make_moons, 2),
    "circles": (make_circles, 2),
    "spirals": (make_spirals, 3),
    "spirals5": (lambda n, **kw: make_spirals(n, n_classes=5, **kw), 5),
}


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("n", [7, 100, 301])
def test_generator_shapes_dtypes_and_balance(name, n):
    make, C = GENERATORS[name]
    X, y = make(n, rng=np.random.default_rng(0))
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert np.all(np.isfinite(X))
    counts = np.bincount(y, minlength=C)
    assert len(counts) == C
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", GENERATORS)
def test_generator_is_deterministic_given_the_seed(name):
    make, _ = GENERATORS[name]
    X1, y1 = make(200, rng=np.random.default_rng(42))
    X2, y2 = make(200, rng=np.random.default_rng(42))
    X3, y3 = make(200, rng=np.random.default_rng(43))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", GENERATORS)
def test_generator_order_is_shuffled(name):
    make, _ = GENERATORS[name]
    _, y = make(200, rng=np.random.default_rng(0))
    assert not np.all(np.diff(y) >= 0)  # classes are not in blocks
    assert np.count_nonzero(np.diff(y)) > 50


def test_spirals_are_shuffled_along_the_arms():
    X, y = make_spirals(300, rng=np.random.default_rng(0), noise=0.0)
    radius = np.linalg.norm(X[y == 0], axis=1)
    assert not np.all(np.diff(radius) >= 0)


def test_xor_labels_follow_the_corners():
    X, y = make_xor(40, rng=np.random.default_rng(0))
    assert set(map(tuple, X)) == {(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)}
    np.testing.assert_array_equal(y, (X[:, 0] > 0) != (X[:, 1] > 0))
    Xn, yn = make_xor(400, rng=np.random.default_rng(0), noise=0.1)
    corner = np.sign(Xn)  # small noise: every point stays in its corner's quadrant
    np.testing.assert_array_equal(yn, corner[:, 0] != corner[:, 1])
    assert 0.05 < np.std(Xn - corner) < 0.15


def widest_margin_2d(X, y, n_angles=7200):
    """Largest margin of a line separating class 1 from class 0, over a grid of directions.

    For a direction u, the classes' projections u.x leave a gap (negative if they
    overlap); the best line sits in the middle of the widest gap.
    """
    angles = np.linspace(0, 2 * np.pi, n_angles, endpoint=False)
    P = X @ np.stack([np.cos(angles), np.sin(angles)])  # (N, n_angles)
    gaps = P[y == 1].min(axis=0) - P[y == 0].max(axis=0)
    return gaps.max() / 2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_linearly_separable_has_the_margin(seed):
    X, y = make_linearly_separable(200, rng=np.random.default_rng(seed), margin=0.3)
    gamma = widest_margin_2d(X, y)
    assert 0.3 - 0.01 <= gamma < 0.5  # the requested margin (up to the grid), not much more


def test_linearly_separable_line_is_not_always_through_the_origin():
    # the classes' centres lie on either side of the line u.x + c = 0, c random in [-1, 1]
    offsets = []
    for seed in range(10):
        X, y = make_linearly_separable(400, rng=np.random.default_rng(seed), margin=0.0)
        m0, m1 = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
        u = (m1 - m0) / np.linalg.norm(m1 - m0)
        offsets.append(abs(u @ (m0 + m1) / 2))
    assert max(offsets) > 0.3


def test_linearly_separable_with_noise_overlaps():
    X, y = make_linearly_separable(400, rng=np.random.default_rng(0), margin=0.0, noise=1.0)
    assert widest_margin_2d(X, y) < 0


def test_moons_and_circles_without_noise_lie_on_their_curves():
    X, y = make_moons(200, rng=np.random.default_rng(0), noise=0.0)
    centre = np.where(y[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    np.testing.assert_allclose(np.linalg.norm(X - centre, axis=1), 1.0)
    assert np.all(X[y == 0, 1] >= 0) and np.all(X[y == 1, 1] <= 0.5)
    X, y = make_circles(200, rng=np.random.default_rng(0), noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), np.where(y == 0, 1.0, 0.3))


def test_spirals_match_cs231n_construction_without_noise():
    n_per_class, C = 100, 3
    X, y = make_spirals(n_per_class * C, rng=np.random.default_rng(0), n_classes=C, noise=0.0)
    for j in range(C):  # the CS231n loop, one class at a time
        r = np.linspace(0.0, 1, n_per_class)
        t = np.linspace(j * 4, (j + 1) * 4, n_per_class)
        expected = np.c_[r * np.sin(t), r * np.cos(t)]
        got = X[y == j]
        got = got[np.argsort(np.linalg.norm(got, axis=1))]
        np.testing.assert_allclose(got, expected, atol=1e-12)


def test_load_digits():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(y), np.arange(10))
    assert np.all(np.bincount(y) >= 170)
    # pixel values were 0..16: after scaling, 16 X is whole
    np.testing.assert_array_equal(16 * X, np.round(16 * X))


def test_load_digits_reads_scikit_learns_file_without_importing_it():
    import subprocess
    import sys

    # a fresh interpreter: the lectures load the digits without paying for scikit-learn's import
    code = "import sys, dlf.data; dlf.data.load_digits(); print('sklearn' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )
    from sklearn.datasets import load_digits as sklearn_load_digits

    X, y = load_digits()
    bunch = sklearn_load_digits()
    np.testing.assert_array_equal(X, bunch.data / 16.0)
    np.testing.assert_array_equal(y, bunch.target)


def tracked_data(n=120, C=3, seed=0):
    """X whose first column is the row id, so rows can be traced through a split."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, C, size=n)
    X = np.column_stack([np.arange(n), rng.standard_normal(n)])
    return X, y


@pytest.mark.parametrize("stratify", [True, False])
def test_split_is_a_disjoint_cover_and_keeps_rows_aligned(stratify):
    X, y = tracked_data()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, rng=np.random.default_rng(1), stratify=stratify)
    ids_tr, ids_te = X_tr[:, 0].astype(int), X_te[:, 0].astype(int)
    assert set(ids_tr).isdisjoint(ids_te)
    np.testing.assert_array_equal(np.sort(np.concatenate([ids_tr, ids_te])), np.arange(len(y)))
    np.testing.assert_array_equal(y_tr, y[ids_tr])
    np.testing.assert_array_equal(y_te, y[ids_te])
    assert abs(len(y_te) - 0.25 * len(y)) <= 3


def test_split_is_stratified():
    X, y = load_digits()
    _, _, y_tr, y_te = train_test_split(X, y, test_size=0.2, rng=np.random.default_rng(0))
    counts = np.bincount(y)
    np.testing.assert_allclose(np.bincount(y_te, minlength=10), 0.2 * counts, atol=0.5 + 1e-9)
    np.testing.assert_array_equal(np.bincount(y_tr, minlength=10) + np.bincount(y_te, minlength=10), counts)


def test_split_is_deterministic_given_the_seed_and_shuffled():
    X, y = tracked_data()
    a = train_test_split(X, y, rng=np.random.default_rng(3))
    b = train_test_split(X, y, rng=np.random.default_rng(3))
    c = train_test_split(X, y, rng=np.random.default_rng(4))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[1], c[1])
    assert not np.all(np.diff(a[0][:, 0]) > 0)  # training rows are not in their original order
    assert np.count_nonzero(np.diff(a[2])) > len(a[2]) / 3  # nor grouped by class
    assert np.count_nonzero(np.diff(a[3])) > len(a[3]) / 3


@pytest.mark.parametrize("stratify", [True, False])
def test_three_way_split_is_a_disjoint_cover_of_the_right_sizes(stratify):
    X, y = tracked_data(n=200)
    X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(
        X, y, val_size=0.15, test_size=0.25, rng=np.random.default_rng(1), stratify=stratify
    )
    ids = [X_.astype(int)[:, 0] for X_ in (X_tr, X_va, X_te)]
    np.testing.assert_array_equal(np.sort(np.concatenate(ids)), np.arange(len(y)))  # every row exactly once
    for ids_, y_ in zip(ids, (y_tr, y_va, y_te)):
        np.testing.assert_array_equal(y_, y[ids_])
    # one rounding per class (3 classes) and per split (2 splits)
    assert abs(len(y_va) - 0.15 * len(y)) <= 6 and abs(len(y_te) - 0.25 * len(y)) <= 3
    assert X_tr.shape[1] == X_va.shape[1] == X_te.shape[1] == 2


def test_three_way_split_is_stratified():
    X, y = load_digits()
    _, _, _, y_tr, y_va, y_te = train_val_test_split(X, y, val_size=0.2, test_size=0.2, rng=np.random.default_rng(0))
    counts = np.bincount(y)
    np.testing.assert_allclose(np.bincount(y_te, minlength=10), 0.2 * counts, atol=0.5 + 1e-9)
    # the validation share is rounded within what the test split left of each class
    np.testing.assert_allclose(np.bincount(y_va, minlength=10), 0.2 * counts, atol=1.0 + 1e-9)
    total = sum(np.bincount(y_, minlength=10) for y_ in (y_tr, y_va, y_te))
    np.testing.assert_array_equal(total, counts)


def test_three_way_split_is_deterministic_given_the_seed():
    X, y = tracked_data()
    a = train_val_test_split(X, y, val_size=0.2, test_size=0.2, rng=np.random.default_rng(3))
    b = train_val_test_split(X, y, val_size=0.2, test_size=0.2, rng=np.random.default_rng(3))
    c = train_val_test_split(X, y, val_size=0.2, test_size=0.2, rng=np.random.default_rng(4))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[1], c[1]) and not np.array_equal(a[2], c[2])


def test_three_way_split_errors():
    rng = np.random.default_rng(0)
    X, y = tracked_data(n=20)
    for kwargs, message in [
        ({"val_size": 0, "test_size": 0.2}, r"val_size must be a fraction in \(0, 1\); got 0"),
        ({"val_size": 0.2, "test_size": -0.1}, r"test_size must be a fraction in \(0, 1\); got -0.1"),
        ({"val_size": True, "test_size": 0.2}, r"val_size must be a fraction in \(0, 1\); got True"),
        (
            {"val_size": 0.5, "test_size": 0.5},
            r"val_size \+ test_size must be < 1 to leave a training set; got 0.5 \+ 0.5",
        ),
        ({"val_size": 0.01, "test_size": 0.2}, r"val_size=0.01 and test_size=0.2 of N = 20 examples leave a set empty"),
    ]:
        with pytest.raises(ValueError, match="train_val_test_split: " + message):
            train_val_test_split(X, y, rng=rng, **kwargs)
    with pytest.raises(ValueError, match=r"train_val_test_split: X and y must have the same number of rows N"):
        train_val_test_split(X, y[:-1], val_size=0.2, test_size=0.2, rng=rng)
    with pytest.raises(TypeError, match=r"train_val_test_split: y must hold integer class ids"):
        train_val_test_split(X, y + 0.5, val_size=0.2, test_size=0.2, rng=rng)
    with pytest.raises(TypeError, match=r"train_val_test_split: rng must be a np.random.Generator"):
        train_val_test_split(X, y, val_size=0.2, test_size=0.2, rng=0)


@pytest.mark.parametrize("seed", [None, 0])
@pytest.mark.parametrize("batch_size", [1, 7, 32, 200])
def test_minibatches_cover_every_example_once(seed, batch_size):
    rng = None if seed is None else np.random.default_rng(seed)
    X, y = tracked_data(n=100)
    batches = list(minibatches(X, y, batch_size, rng=rng))
    sizes = [len(yb) for _, yb in batches]
    assert all(s == batch_size for s in sizes[:-1]) and 0 < sizes[-1] <= batch_size
    ids = np.concatenate([Xb[:, 0] for Xb, _ in batches]).astype(int)
    np.testing.assert_array_equal(np.sort(ids), np.arange(100))
    for Xb, yb in batches:
        np.testing.assert_array_equal(yb, y[Xb[:, 0].astype(int)])
    if rng is None:
        np.testing.assert_array_equal(ids, np.arange(100))
    else:
        assert not np.array_equal(ids, np.arange(100))


def test_minibatches_reshuffle_each_epoch():
    X, y = tracked_data(n=50)
    rng = np.random.default_rng(0)
    first = np.concatenate([Xb[:, 0] for Xb, _ in minibatches(X, y, 10, rng=rng)])
    second = np.concatenate([Xb[:, 0] for Xb, _ in minibatches(X, y, 10, rng=rng)])
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(np.sort(first), np.sort(second))


def test_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(
        TypeError, match=r"make_moons: rng must be a np.random.Generator, e.g. np.random.default_rng\(0\); got NoneType"
    ):
        make_moons(10, rng=None)
    with pytest.raises(TypeError, match=r"make_xor: rng must be a np.random.Generator.*got int"):
        make_xor(10, rng=0)
    with pytest.raises(ValueError, match=r"make_spirals: n must be at least 3, one example per class; got 2"):
        make_spirals(2, rng=rng)
    with pytest.raises(ValueError, match=r"make_spirals: n_classes must be at least 2; got 1"):
        make_spirals(10, rng=rng, n_classes=1)
    with pytest.raises(ValueError, match=r"make_circles: noise must be a finite number >= 0; got -0.1"):
        make_circles(10, rng=rng, noise=-0.1)
    with pytest.raises(ValueError, match=r"make_circles: factor must be a number in \(0, 1\); got 1.5"):
        make_circles(10, rng=rng, factor=1.5)
    with pytest.raises(ValueError, match=r"make_linearly_separable: margin must be a finite number >= 0"):
        make_linearly_separable(10, rng=rng, margin=-1)
    with pytest.raises(TypeError, match=r"make_xor: n must be a positive int; got float"):
        make_xor(10.0, rng=rng)
    with pytest.raises(ValueError, match=r"make_xor: n must be a positive int; got 0"):
        make_xor(0, rng=rng)
    X, y = tracked_data(n=20)
    with pytest.raises(
        ValueError,
        match=r"train_test_split: X and y must have the same number of rows N; got X \(20, 2\) and y \(19,\)",
    ):
        train_test_split(X, y[:-1], rng=rng)
    with pytest.raises(ValueError, match=r"train_test_split: test_size must be a fraction in \(0, 1\); got 5"):
        train_test_split(X, y, test_size=5, rng=rng)
    with pytest.raises(ValueError, match=r"train_test_split: X must have shape \(N, D\); got \(20,\)"):
        train_test_split(X[:, 0], y, rng=rng)
    with pytest.raises(TypeError, match=r"train_test_split: y must hold integer class ids"):
        train_test_split(X, y + 0.5, rng=rng)
    with pytest.raises(ValueError, match=r"leaves 2 for training and 0 for testing"):
        train_test_split(X[:2], np.array([0, 1]), test_size=0.1, rng=rng)
    with pytest.raises(ValueError, match=r"minibatches: batch_size must be a positive int; got 0"):
        minibatches(X, y, 0)  # raised at the call, before iterating
    with pytest.raises(TypeError, match=r"minibatches: rng must be a np.random.Generator"):
        minibatches(X, y, 4, rng=1)


def test_minibatches_drop_last_leaves_out_the_short_batch():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    sizes = [len(yb) for _, yb in minibatches(X, y, 4, drop_last=True)]
    assert sizes == [4, 4]
    assert [len(yb) for _, yb in minibatches(X, y, 4)] == [4, 4, 2]
    assert [len(yb) for _, yb in minibatches(X, y, 5, drop_last=True)] == [5, 5]
