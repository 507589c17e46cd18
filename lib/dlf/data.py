"""Datasets of the course, splitting and mini-batches.

Toy 2-D sets, to draw decision boundaries: ``make_xor`` and
``make_linearly_separable`` (the perceptron, lecture 01), ``make_moons``,
``make_circles`` and ``make_spirals`` (what a hidden layer buys). ``load_digits`` is the
8x8 handwritten digits bundled with scikit-learn (no download).

Every generator takes ``n`` (the total number of examples N) and an explicit
``rng``, returns ``X`` (N, 2) float64 and integer class ids ``y`` (N,) int64 in random
order, with the classes as equal in size as N allows.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from ._validate import as_float_array, check_labels, check_ndim, check_positive_int, check_rng, shape_str

__all__ = [
    "make_xor",
    "make_linearly_separable",
    "make_moons",
    "make_circles",
    "make_spirals",
    "load_digits",
    "train_test_split",
    "train_val_test_split",
    "minibatches",
]


def _check_n(n, n_classes: int, where: str) -> int:
    n = check_positive_int(n, where, "n")
    if n < n_classes:
        raise ValueError(f"{where}: n must be at least {n_classes}, one example per class; got {n}")
    return n


def _check_nonneg(value, where: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{where}: {name} must be a number >= 0; got {type(value).__name__}")
    if not 0 <= value < np.inf:
        raise ValueError(f"{where}: {name} must be a finite number >= 0; got {value}")
    return float(value)


def _balanced_classes(n: int, n_classes: int, rng: np.random.Generator) -> np.ndarray:
    """Class ids 0..C-1 in random order, counts differing by at most one."""
    return rng.permutation(np.arange(n) % n_classes).astype(np.int64)


def make_xor(n: int, *, rng: np.random.Generator, noise: float = 0.0):
    """XOR: points around the four corners ``(+-1, +-1)`` of a square.

    The label is 1 where the two coordinates of the corner have different signs, 0
    where they agree (XOR of the bits ``x1 > 0`` and ``x2 > 0``). No line separates
    the classes (lecture 01).

    Parameters
    ----------
    n : int
        Number of examples N (at least 4); the corners get N/4 each, up to one.
    rng : np.random.Generator
    noise : float, default 0.0
        Standard deviation of the Gaussian noise added to each coordinate.

    Returns
    -------
    X : (N, 2) float64 ndarray
    y : (N,) int64 ndarray
        Class ids in {0, 1}.
    """
    where = "make_xor"
    check_rng(rng, where)
    n = _check_n(n, 4, where)
    noise = _check_nonneg(noise, where, "noise")
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    corner = _balanced_classes(n, 4, rng)
    X = corners[corner] + noise * rng.standard_normal((n, 2))
    y = (corners[corner, 0] != corners[corner, 1]).astype(np.int64)
    return X, y


def make_linearly_separable(n: int, *, rng: np.random.Generator, noise: float = 0.0, margin: float = 0.2):
    """Two Gaussian clouds on either side of a random line, with a gap between them.

    The line ``u . x + c = 0`` has a random direction ``u`` (unit norm) and offset
    ``c`` in [-1, 1]. Every point lies at distance at least ``margin`` from it, on the
    side of its class (class 1 where ``u . x + c > 0``), so the data is linearly
    separable with margin ``gamma >= margin``, until ``noise`` is added.

    Parameters
    ----------
    n : int
        Number of examples N (at least 2).
    rng : np.random.Generator
    noise : float, default 0.0
        Standard deviation of Gaussian noise added afterwards; with ``noise > 0`` the
        classes may overlap.
    margin : float, default 0.2
        Smallest distance from the line to a point (before noise).

    Returns
    -------
    X : (N, 2) float64 ndarray
    y : (N,) int64 ndarray
        Class ids in {0, 1}.
    """
    where = "make_linearly_separable"
    check_rng(rng, where)
    n = _check_n(n, 2, where)
    noise = _check_nonneg(noise, where, "noise")
    margin = _check_nonneg(margin, where, "margin")
    angle, c = rng.uniform(0.0, 2 * np.pi), rng.uniform(-1.0, 1.0)
    u = np.array([np.cos(angle), np.sin(angle)])
    y = _balanced_classes(n, 2, rng)
    side = 2.0 * y - 1.0  # -1 or +1
    X = rng.standard_normal((n, 2))
    s = X @ u
    X -= np.outer(np.where(s * side < 0, 2 * s, 0.0), u)  # mirror points on the wrong side
    X += np.outer(margin * side - c, u)  # push away from the line, then shift it to u.x + c = 0
    X += noise * rng.standard_normal((n, 2))
    return X, y


def make_moons(n: int, *, rng: np.random.Generator, noise: float = 0.1):
    """Two interleaving half circles, as ``sklearn.datasets.make_moons``.

    Class 0 on the upper arc ``(cos t, sin t)``, class 1 on the lower arc
    ``(1 - cos t, 1/2 - sin t)``, ``t`` in [0, pi].

    Parameters
    ----------
    n : int
        Number of examples N (at least 2).
    rng : np.random.Generator
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to each coordinate.

    Returns
    -------
    X : (N, 2) float64 ndarray
    y : (N,) int64 ndarray
        Class ids in {0, 1}.
    """
    where = "make_moons"
    check_rng(rng, where)
    n = _check_n(n, 2, where)
    noise = _check_nonneg(noise, where, "noise")
    y = _balanced_classes(n, 2, rng)
    t = rng.uniform(0.0, np.pi, n)
    X = np.where(
        y[:, None] == 0, np.column_stack([np.cos(t), np.sin(t)]), np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    )
    return X + noise * rng.standard_normal((n, 2)), y


def make_circles(n: int, *, rng: np.random.Generator, noise: float = 0.05, factor: float = 0.5):
    """Two concentric circles: class 0 of radius 1, class 1 of radius ``factor``.

    Parameters
    ----------
    n : int
        Number of examples N (at least 2).
    rng : np.random.Generator
    noise : float, default 0.05
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float, default 0.5
        Radius of the inner circle, in (0, 1).

    Returns
    -------
    X : (N, 2) float64 ndarray
    y : (N,) int64 ndarray
        Class ids in {0, 1}.
    """
    where = "make_circles"
    check_rng(rng, where)
    n = _check_n(n, 2, where)
    noise = _check_nonneg(noise, where, "noise")
    if isinstance(factor, bool) or not isinstance(factor, Real) or not 0 < factor < 1:
        raise ValueError(f"{where}: factor must be a number in (0, 1); got {factor!r}")
    y = _balanced_classes(n, 2, rng)
    t = rng.uniform(0.0, 2 * np.pi, n)
    radius = np.where(y == 0, 1.0, float(factor))
    X = radius[:, None] * np.column_stack([np.cos(t), np.sin(t)])
    return X + noise * rng.standard_normal((n, 2)), y


def make_spirals(n: int, *, rng: np.random.Generator, n_classes: int = 3, noise: float = 0.2):
    """Interleaved spirals, one arm per class: the CS231n spiral dataset.

    Class ``j`` has points ``r (sin t, cos t)`` with radius ``r`` evenly spaced in
    [0, 1] and angle ``t = 4 (j + r)`` plus Gaussian noise (in radians), as in
    https://cs231n.github.io/neural-networks-case-study/ (``n = 300`` gives its 100
    points per class).

    Parameters
    ----------
    n : int
        Number of examples N, at least ``n_classes``.
    rng : np.random.Generator
    n_classes : int, default 3
        Number of classes C (arms), at least 2.
    noise : float, default 0.2
        Standard deviation of the noise on the angle.

    Returns
    -------
    X : (N, 2) float64 ndarray
    y : (N,) int64 ndarray
        Class ids in {0, ..., C - 1}.
    """
    where = "make_spirals"
    check_rng(rng, where)
    n_classes = check_positive_int(n_classes, where, "n_classes")
    if n_classes < 2:
        raise ValueError(f"{where}: n_classes must be at least 2; got {n_classes}")
    n = _check_n(n, n_classes, where)
    noise = _check_nonneg(noise, where, "noise")
    y = np.arange(n) % n_classes
    counts = np.bincount(y, minlength=n_classes)
    rank = np.arange(n) // n_classes  # position of each point along its arm
    r = rank / np.maximum(counts[y] - 1, 1)
    t = 4.0 * (y + r) + noise * rng.standard_normal(n)
    X = r[:, None] * np.column_stack([np.sin(t), np.cos(t)])
    order = rng.permutation(n)
    return X[order], y[order].astype(np.int64)


def load_digits():
    """The 1797 handwritten digits of scikit-learn, 8x8 pixels, scaled to [0, 1].

    Bundled with scikit-learn (a copy of the UCI "optdigits" test set): no download.

    Returns
    -------
    X : (1797, 64) float64 ndarray
        Pixel intensities (0..16 in the source) divided by 16; row ``i`` reshaped to
        (8, 8) is the image.
    y : (1797,) int64 ndarray
        The digit, 0 to 9.
    """
    table = _read_digits_file()
    if table is None:  # an unusual scikit-learn layout: ask it (importing it takes about 2 s)
        from sklearn.datasets import load_digits as _sklearn_load_digits

        bunch = _sklearn_load_digits()
        table = np.column_stack([bunch.data, bunch.target])
    return table[:, :-1].astype(np.float64) / 16.0, table[:, -1].astype(np.int64)


def _read_digits_file():
    """scikit-learn's ``digits.csv.gz`` (65 columns: 64 pixels, then the digit), read
    without importing scikit-learn; ``None`` if the file is not where it usually is."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "data" / "digits.csv.gz"
    if not path.is_file():
        return None
    return np.loadtxt(path, delimiter=",")


def _check_Xy(X, y, where: str):
    X = as_float_array(X, where, "X")
    check_ndim(X, 2, where, "X", "(N, D)")
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{where}: X and y must have the same number of rows N; got X {shape_str(X.shape)} and y {shape_str(y.shape)}"
        )
    return X, y


def train_test_split(X, y, *, test_size: float = 0.25, rng: np.random.Generator, stratify: bool = True):
    """Split ``(X, y)`` at random into a training set and a test set.

    With ``stratify=True`` every class is split separately, so that each keeps (up to
    rounding) the same share in both sets.

    Parameters
    ----------
    X : (N, D) ndarray
    y : (N,) ndarray
        Integer class ids (any labels if ``stratify=False``).
    test_size : float, default 0.25
        Fraction of the examples that go to the test set, in (0, 1).
    rng : np.random.Generator
    stratify : bool, default True

    Returns
    -------
    X_train : (N_train, D) ndarray
    X_test : (N_test, D) ndarray
    y_train : (N_train,) ndarray
    y_test : (N_test,) ndarray
        Rows in random order; every example is in exactly one of the two sets.
    """
    where = "train_test_split"
    check_rng(rng, where)
    X, y = _check_Xy(X, y, where)
    if isinstance(test_size, bool) or not isinstance(test_size, Real) or not 0 < test_size < 1:
        raise ValueError(f"{where}: test_size must be a fraction in (0, 1); got {test_size!r}")
    n = X.shape[0]
    if stratify:
        y = check_labels(y, n, None, where)
        groups = [np.flatnonzero(y == c) for c in np.unique(y)]
    else:
        groups = [np.arange(n)]
    test, train = [], []
    for idx in groups:  # a loop over classes, not over examples
        idx = rng.permutation(idx)
        n_test = int(round(test_size * len(idx)))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    test, train = rng.permutation(np.concatenate(test)), rng.permutation(np.concatenate(train))
    if len(test) == 0 or len(train) == 0:
        raise ValueError(
            f"{where}: test_size={test_size} of N = {n} examples leaves "
            f"{len(train)} for training and {len(test)} for testing; both must be at least 1"
        )
    return X[train], X[test], y[train], y[test]


def train_val_test_split(X, y, *, val_size: float, test_size: float, rng: np.random.Generator, stratify: bool = True):
    """Split ``(X, y)`` at random into a training, a validation and a test set (lecture 08).

    The validation set chooses (the epoch to stop at, a learning rate, a width); the test
    set is looked at once, at the end, for an unbiased estimate of the error on new data.
    Two calls of ``train_test_split``: the test set first, then the validation set out of
    the rest.

    Parameters
    ----------
    X : (N, D) ndarray
    y : (N,) ndarray
        Integer class ids (any labels if ``stratify=False``).
    val_size, test_size : float
        Fractions of the N examples for the validation and the test set: both > 0, and
        ``val_size + test_size < 1``.
    rng : np.random.Generator
    stratify : bool, default True
        Every class keeps (up to rounding) its share in all three sets.

    Returns
    -------
    X_train : (N_train, D) ndarray
    X_val : (N_val, D) ndarray
    X_test : (N_test, D) ndarray
    y_train : (N_train,) ndarray
    y_val : (N_val,) ndarray
    y_test : (N_test,) ndarray
        Rows in random order; every example is in exactly one of the three sets.
    """
    where = "train_val_test_split"
    check_rng(rng, where)
    X, y = _check_Xy(X, y, where)
    if stratify:
        y = check_labels(y, X.shape[0], None, where)
    for name, size in (("val_size", val_size), ("test_size", test_size)):
        if isinstance(size, bool) or not isinstance(size, Real) or not 0 < size < 1:
            raise ValueError(f"{where}: {name} must be a fraction in (0, 1); got {size!r}")
    if not val_size + test_size < 1:
        raise ValueError(
            f"{where}: val_size + test_size must be < 1 to leave a training set; got {val_size} + {test_size}"
        )
    try:
        X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=test_size, rng=rng, stratify=stratify)
        rest_size = val_size / (1 - test_size)  # val_size of all N is this fraction of the rest
        X_train, X_val, y_train, y_val = train_test_split(
            X_rest, y_rest, test_size=rest_size, rng=rng, stratify=stratify
        )
    except ValueError as err:  # a set would be empty
        raise ValueError(
            f"{where}: val_size={val_size} and test_size={test_size} of N = {X.shape[0]} examples leave a set "
            "empty; the training, validation and test sets each need at least 1 example"
        ) from err
    return X_train, X_val, X_test, y_train, y_val, y_test


def minibatches(X, y, batch_size: int, *, rng: np.random.Generator | None = None, drop_last: bool = False):
    """Mini-batches ``(X_batch, y_batch)`` that cover every example once: one epoch.

    In order without ``rng``, in a fresh random order with it. The last batch is
    smaller when ``batch_size`` does not divide N, unless ``drop_last`` leaves it out
    (batch normalization, lecture 07, is noisy on a batch of a few examples).

    Parameters
    ----------
    X : (N, D) ndarray
    y : (N,) ndarray (or (N, K) targets)
    batch_size : int
    rng : np.random.Generator, optional
        Shuffles the examples.
    drop_last : bool, default False
        Skip the last batch if it is smaller than ``batch_size``.

    Returns
    -------
    generator of (X_batch, y_batch)
        ``X_batch`` (B, D) and ``y_batch`` (B,), ``B <= batch_size``.
    """
    where = "minibatches"
    X, y = _check_Xy(X, y, where)
    batch_size = check_positive_int(batch_size, where, "batch_size")
    if rng is not None:
        check_rng(rng, where)
    order = np.arange(X.shape[0]) if rng is None else rng.permutation(X.shape[0])

    stop = len(order) - len(order) % batch_size if drop_last else len(order)

    def batches():  # checks above run at the call, not at the first next()
        for start in range(0, stop, batch_size):
            idx = order[start : start + batch_size]
            yield X[idx], y[idx]

    return batches()
