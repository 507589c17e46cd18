# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "header", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Exercise 01: the perceptron
#
# **Total: 13 points (11 graded automatically, 2 by your instructor). Estimated time: 60 to 90
# minutes.** Goes with lecture 01 (the perceptron).
#
# You implement Rosenblatt's perceptron (1958) from scratch with NumPy: its prediction, its
# learning rule, and training until it separates the data; then you watch it fail on XOR,
# explain why, and place that failure in history (the first AI winter). Notation of the course: a batch $X$ of shape $(N, D)$ ($N$ examples, $D$
# features), weights $w$ of shape $(D,)$, a bias $b$ (a number), labels $y \in \{-1, +1\}$ of shape $(N,)$.
#
# Write your own code: do not import `dlf.perceptron` (read it afterwards and compare).
# The data sets come from `dlf.data`.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button, or grade it yourself in a terminal: `make grade EX=ex01_perceptron`.
# Do not change or delete the test cells: they are restored when your work is graded.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np

from dlf.data import make_linearly_separable, make_xor
from coursegrader.checks import (
    call, check_choice, check_choice_format, check_close, check_no_library, check_shape, check_vectorized,
    replaced_in_notebook,
)


# %% [markdown] nbgrader={"grade": false, "grade_id": "predict_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. Prediction (2 + 1 points)
#
# The perceptron answers with the sign of a weighted sum plus a bias:
#
# $$
# \hat y = \mathrm{sign}(w \cdot x + b) =
# \begin{cases} +1 & \text{if } w \cdot x + b \ge 0, \\ -1 & \text{otherwise.} \end{cases}
# $$
#
# **Convention: $\mathrm{sign}(0) = +1$.** A point exactly on the boundary $w \cdot x + b = 0$ is
# predicted $+1$. (NumPy's `np.sign(0)` is `0`, which is not a label.)
#
# Write `predict(X, w, b)` for a whole batch: it returns the $N$ predictions as an array of
# shape $(N,)$ holding $-1$ and $+1$. Make it **vectorized**: compute the scores $Xw + b$ of all
# $N$ examples with one matrix product, no Python loop over the rows (no `for`, comprehension or
# `map` over them: the grader reads the code). `np.where(condition, a, b)` picks element-wise.

# %% nbgrader={"grade": false, "grade_id": "predict", "locked": false, "schema_version": 3, "solution": true, "task": false}
def predict(X, w, b):
    """Perceptron predictions sign(X w + b), with sign(0) = +1.

    Parameters
    ----------
    X : (N, D) ndarray
    w : (D,) ndarray
    b : float

    Returns
    -------
    y_hat : (N,) ndarray of ints, each -1 or +1
    """
    ### BEGIN SOLUTION
    scores = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b   # (N,)
    return np.where(scores >= 0, 1, -1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_predict", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def predict_hints(X, w, b):
    """Predictions that known mistakes give, each with the hint that explains it."""
    scores = X @ w + b
    return {
        "np.sign gives 0 for a score of exactly 0, but the perceptron answers +1 on the boundary "
        "(sign(0) = +1). Use np.where(scores >= 0, 1, -1).": np.sign(scores),
        "the labels are -1 and +1, not 0 and 1 (nor False and True).": (scores >= 0).astype(int),
        "a score of exactly 0 must give +1 (sign(0) = +1): compare with >= 0, not > 0.": np.where(scores > 0, 1, -1),
        "the sign is flipped: +1 where w.x + b >= 0.": np.where(scores >= 0, -1, 1),
        "the bias b is missing: the score is w.x + b.": np.where(X @ w >= 0, 1, -1),
    }


# N = 4 examples with D = 2 features. The scores X w + b are 1, 0, -4 and 6:
# the second example lies exactly on the boundary, so it is predicted +1.
check_no_library("predict")
X = np.array([[1.0, 0.0], [0.0, 0.5], [-1.0, -0.5], [2.0, 1.5]])
w, b = np.array([2.0, 2.0]), -1.0
y_hat = call("predict(X, w, b) with X (4, 2), w (2,), b = -1.0", predict, X, w, b, keep_inputs=True)
check_close("predict(X, w, b)", y_hat, np.array([1, 1, -1, 1]), dims={"N": 4}, mistakes=predict_hints(X, w, b))
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1100)
sizes = [(int(rng.integers(2, 60)), int(rng.integers(2, 8))) for _ in range(12)] + [(1, 3), (5, 1), (1, 1)]
for N, D in sizes:
    # small integers, so that many scores are exactly 0
    X = rng.integers(-3, 4, size=(N, D)).astype(float)
    w = rng.integers(-2, 3, size=D).astype(float)
    b = float(rng.integers(-2, 3))
    name = f"predict(X, w, b) with X ({N}, {D}), w ({D},), b = {b}"
    y_hat = call(name, predict, X, w, b, keep_inputs=True)
    check_close(name, y_hat, np.where(X @ w + b >= 0, 1, -1), dims={"N": N, "D": D}, mistakes=predict_hints(X, w, b))
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_predict_vectorized", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# predict must not loop over the N examples in Python (the grader reads its code), and work on a large batch.
check_vectorized("predict")
X, w = np.linspace(-1.0, 1.0, 30_000).reshape(10_000, 3), np.array([0.5, -1.0, 2.0])
check_shape("predict on N = 10000 examples", call("predict on N = 10000 examples", predict, X, w, 0.1), ("N",),
            {"N": 10_000})
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1101)
X, w, b = rng.normal(size=(20_000, 10)), rng.normal(size=10), 0.3
check_shape("predict on N = 20000 examples", call("predict on N = 20000 examples", predict, X, w, b), ("N",), {"N": 20_000})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "update_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. The learning rule (2 points)
#
# Rosenblatt's rule looks at **one** example $(x, y)$ at a time. If the perceptron gets it
# right it does nothing; if it makes a **mistake**, it moves the boundary towards the example:
#
# $$
# \text{if } \mathrm{sign}(w \cdot x + b) \ne y: \qquad w \leftarrow w + \eta\, y\, x, \qquad b \leftarrow b + \eta\, y ,
# $$
#
# with a learning rate $\eta > 0$ (`lr`). Lecture 01 shows why this helps: the update raises
# $y\,(w \cdot x + b)$ by $\eta(\lVert x \rVert^2 + 1)$.
#
# A mistake is a **wrong prediction**, with $\mathrm{sign}(0) = +1$ as in `predict`. So an example
# with $y = +1$ that lies exactly on the boundary ($w \cdot x + b = 0$) is classified correctly and
# causes no update, while one with $y = -1$ there is a mistake. (The test
# $y\,(w \cdot x + b) \le 0$ that you may have seen differs from this exactly on the boundary.)
#
# Write `perceptron_update(w, b, x, y, lr=1.0)`. It returns the new `(w, b)` and must **not
# change the array `w` it is given** (write `w = w + ...`, which makes a new array; `w += ...`
# would change the caller's array).

# %% nbgrader={"grade": false, "grade_id": "perceptron_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def perceptron_update(w, b, x, y, lr=1.0):
    """One step of the perceptron rule on one example (x, y).

    Parameters
    ----------
    w : (D,) ndarray
    b : float
    x : (D,) ndarray
        One example.
    y : int, -1 or +1
    lr : float
        Learning rate, > 0.

    Returns
    -------
    w : (D,) ndarray
        w + lr y x after a mistake, w unchanged otherwise (the argument is never modified).
    b : float
        b + lr y after a mistake, b unchanged otherwise.
    """
    ### BEGIN SOLUTION
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    y_hat = 1 if x @ w + b >= 0 else -1
    if y_hat == y:
        return w, b
    return w + lr * y * x, b + lr * y
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_update", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def update_hints(w, b, x, y, lr):
    """(w, b) that known mistakes give on the example (x, y), each with the hint that explains it."""
    score = x @ w + b
    if (1 if score >= 0 else -1) == y:       # classified correctly: the rule does nothing
        why = ("this example lies exactly on the boundary (w.x + b = 0) with y = +1: the prediction sign(0) = +1 "
               "is correct, so there is no update. (The test y (w.x + b) <= 0 counts it as a mistake; the "
               "perceptron's sign(0) = +1 does not.)" if score == 0 else
               "the rule changes w and b only after a mistake; this example is classified correctly.")
        return {why: w + lr * y * x}, {why: b + lr * y}
    w_hints = {
        "w has not changed, although this example is a mistake: w <- w + lr y x.": w,
        "the sign of y is missing: w <- w + lr y x (for y = -1 the step goes the other way).": w + lr * x,
        "the learning rate is missing: w <- w + lr y x.": w + y * x,
    }
    b_hints = {
        "the bias must be updated too: b <- b + lr y.": b,
        "the sign of y is missing: b <- b + lr y.": b + lr,
        "the learning rate is missing: b <- b + lr y.": b + y,
    }
    return w_hints, b_hints


def check_update(w, b, x, y, lr, why):
    """Call perceptron_update(w, b, x, y, lr=lr) and compare with the rule."""
    name = f"perceptron_update(w, b, x, y={y:+d}, lr={lr:g}) {why}"
    w_given = w.copy()
    got = call(name, perceptron_update, w_given, b, x, y, lr=lr)
    assert isinstance(got, tuple) and len(got) == 2, f"{name}: return the pair (w, b); got {type(got).__name__}"
    assert (w_given == w).all(), (
        f"{name} changed the array w it was given (w += ... works in place, on the caller's array). "
        "Write w = w + lr * y * x, which makes a new array.")
    mistake = (1 if x @ w + b >= 0 else -1) != y
    w_want, b_want = (w + lr * y * x, b + lr * y) if mistake else (w, b)
    w_hints, b_hints = update_hints(w, b, x, y, lr)
    check_close(f"{name}: w", got[0], w_want, rtol=1e-12, atol=1e-12, mistakes=w_hints)
    check_close(f"{name}: b", got[1], b_want, rtol=1e-12, atol=1e-12, mistakes=b_hints)


check_no_library("perceptron_update")
w, b = np.array([1.0, -1.0]), 0.5
# w.x + b = 1.5 >= 0, so the prediction is +1; the label is +1: correct, nothing changes.
check_update(w, b, np.array([2.0, 1.0]), 1, 1.0, "on a correctly classified example")
# w.x + b = -1.5 < 0, so the prediction is -1; the label is +1: a mistake, so
# w <- w + lr y x and b <- b + lr y, here with lr = 0.5.
check_update(w, b, np.array([-1.0, 1.0]), 1, 0.5, "on a mistake")
# w.x + b = 0.5 - 1 + 0.5 = 0: exactly on the boundary, predicted +1 (sign(0) = +1); the label is +1: correct.
check_update(w, b, np.array([0.5, 1.0]), 1, 1.0, "exactly on the boundary")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1200)
for _ in range(15):
    D = int(rng.integers(1, 7))
    w, x = rng.normal(size=D), rng.normal(size=D)
    b, lr, y = float(rng.normal()), float(rng.choice([1.0, 0.5, 0.1, 2.0])), int(rng.choice([-1, 1]))
    check_update(w, b, x, y, lr, "on a random example")
# a mistake with y = -1, and a correct example with y = -1
w, b = np.array([1.0, 2.0, -1.0]), 0.5
check_update(w, b, np.array([1.0, 1.0, 0.0]), -1, 0.3, "on a mistake with y = -1")
check_update(w, b, np.array([-1.0, -1.0, 0.0]), -1, 0.3, "on a correctly classified example with y = -1")
# exactly on the boundary: w.x + b = 0
check_update(w, b, np.array([0.5, 0.0, 1.0]), 1, 1.0, "exactly on the boundary, y = +1")
check_update(w, b, np.array([0.5, 0.0, 1.0]), -1, 1.0, "exactly on the boundary, y = -1")
# the very first update, from w = 0, b = 0: every score is 0 and predicted +1
check_update(np.zeros(2), 0.0, np.array([0.3, -0.2]), 1, 1.0, "from w = 0, b = 0 with y = +1")
check_update(np.zeros(2), 0.0, np.array([0.3, -0.2]), -1, 1.0, "from w = 0, b = 0 with y = -1")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "train_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. Training until the data is separated (3 points)
#
# Training sweeps over the data, one example after the other, applying the rule to each. One
# sweep over all $N$ examples is an **epoch**. If an epoch ends **without a single mistake**, every
# example is on its correct side: training stops and has **converged**. On linearly separable
# data this always happens (Novikoff's theorem, lecture 01: at most $(R/\gamma)^2$ mistakes in
# all). On other data it never does, so training also stops after `max_epochs` epochs.
#
# Write `train_perceptron(X, y, max_epochs=100, lr=1.0)`:
#
# - learn the `X` and `y` it is given (not other data of the notebook);
# - start from $w = 0$ (shape $(D,)$) and $b = 0$;
# - run epochs over the examples **in the order given** (do not shuffle: the function has no random
#   generator `rng`, and the course never uses NumPy's global random state), updating $w$ and $b$
#   with the learning rate `lr` after every mistake (use your `perceptron_update`);
# - stop after the **first epoch without a mistake**, or after `max_epochs` epochs;
# - return `(w, b, converged, epochs)`: the final weights and bias, `True` if the last epoch made
#   no mistake (else `False`), and the number of epochs run.
#
# The tests compare your $(w, b)$ with the rule applied exactly so, for several `lr` and `max_epochs`.
# While they run, your `train_perceptron` calls a correct `predict` and `perceptron_update` (those of
# `dlf.perceptron`), so that a mistake there costs the points of its own task only.
#
# The loop over the examples is the rule itself (it is *online*: each update changes the
# predictions of the next examples), so here a Python loop is right.

# %% nbgrader={"grade": false, "grade_id": "train_perceptron", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_perceptron(X, y, max_epochs=100, lr=1.0):
    """Train a perceptron with Rosenblatt's rule, from w = 0, b = 0.

    Parameters
    ----------
    X : (N, D) ndarray
    y : (N,) ndarray, labels -1 or +1
    max_epochs : int
    lr : float

    Returns
    -------
    w : (D,) ndarray
    b : float
    converged : bool
        True if the last epoch run made no mistake.
    epochs : int
        Number of epochs run (1 <= epochs <= max_epochs).
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            if (1 if x_i @ w + b >= 0 else -1) != y_i:
                w, b = perceptron_update(w, b, x_i, y_i, lr)
                mistakes += 1
        if mistakes == 0:
            return w, b, True, epoch
    return w, b, False, max_epochs
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_train", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 3}
from dlf.perceptron import Perceptron, perceptron_update as update_by_dlf


def predict_by_dlf(X, w, b):
    """predict as dlf.perceptron computes it: train_perceptron uses it in this test (a wrong predict costs task 1 only)."""
    model = Perceptron(np.asarray(w).shape[0])
    model.w, model.b = np.asarray(w, dtype=float), float(b)
    y_hat = model.predict(np.atleast_2d(X))
    return y_hat if np.ndim(X) == 2 else y_hat[0]


def train_result(name, X, y, max_epochs, lr):
    """Call train_perceptron(X, y, max_epochs=max_epochs, lr=lr); return (w, b, converged, epochs) after basic checks."""
    N, D = X.shape
    got = call(name, train_perceptron, X, y, max_epochs=max_epochs, lr=lr, keep_inputs=True)
    assert isinstance(got, tuple) and len(got) == 4, f"{name}: return (w, b, converged, epochs); got {got!r:.100}"
    w, b, converged, epochs = got
    check_shape(f"w returned by {name}", np.asarray(w), ("D",), dims={"N": N, "D": D})
    return np.asarray(w, dtype=float), float(b), converged, epochs


def check_training(X, y, name, max_epochs=100, lr=1.0, most_epochs=None):
    """Train with train_perceptron on separable data; check that it converged and separates the data."""
    N, D = X.shape
    w, b, converged, epochs = train_result(name, X, y, max_epochs, lr)
    errors = int((np.where(X @ w + b >= 0, 1, -1) != y).sum())
    assert errors == 0 or not converged, (
        f"{name} says converged=True after {epochs} epoch(s), but its (w, b) misclassifies {errors} of {N} "
        "training examples. Training has converged only after a whole epoch without a mistake.")
    assert converged, (
        f"{name} returned converged={converged!r} after {epochs} epoch(s) on linearly separable data; keep "
        "sweeping until an epoch makes no mistake (it comes, by Novikoff's theorem), then return converged=True.")
    assert 1 <= epochs <= max_epochs, f"{name}: epochs = {epochs!r} must count the epochs run, 1 <= epochs <= max_epochs = {max_epochs}"
    if most_epochs is not None:
        assert epochs <= most_epochs, (
            f"{name} ran {epochs} epochs (max_epochs = {max_epochs}), but on this data the rule makes at most "
            f"{most_epochs - 1} mistakes in all (Novikoff's bound), so an epoch without a mistake came after at "
            f"most {most_epochs} epochs. Stop after the first epoch without a mistake.")


def by_the_rule(X, y, max_epochs, lr):
    """(w, b, converged, epochs) of the rule in the given order from w = 0, b = 0 (dlf.perceptron's Perceptron.fit)."""
    model = Perceptron(X.shape[1], lr=lr)
    fit = model.fit(X, y, max_epochs=max_epochs)
    return model.w, model.b, fit.converged, fit.epochs


def check_as_the_rule(X, y, name, max_epochs=100, lr=1.0):
    """train_perceptron must return exactly what the rule gives: the examples in the given order, from w = 0, b = 0."""
    w_want, b_want, converged_want, epochs_want = by_the_rule(X, y, max_epochs, lr)
    w, b, converged, epochs = train_result(name, X, y, max_epochs, lr)
    assert converged == converged_want, (
        f"{name} returned converged={converged!r}; the rule, run for at most max_epochs = {max_epochs} epochs, "
        f"gives converged={converged_want} after {epochs_want} epoch(s)"
        + ("." if converged_want else ": the last epoch still made a mistake. Does it run exactly max_epochs epochs?"))
    if epochs != epochs_want:
        why = {epochs_want - 1: ": yours is one less than the epochs run (does the epoch counter start at 0?).",
               epochs_want + 1: ": yours is one more than the epochs run (is the epoch counter off by one?)."}
        if converged_want and epochs not in why:
            why[epochs] = f". Stop after the first epoch without a mistake, epoch {epochs_want} here."
        raise AssertionError(f"{name} returned epochs = {epochs!r}, but the rule runs {epochs_want} epoch(s) here"
                             f"{'' if converged_want else ' (max_epochs)'}{why.get(epochs, '.')}")
    w_hints, b_hints = {}, {}
    if lr != 1.0:
        why = (f"the learning rate lr = {lr:g} is ignored: you have the (w, b) of lr = 1. Pass lr on to every "
               "update, w <- w + lr y x, b <- b + lr y.")
        w_hints[why], b_hints[why] = w_want / lr, b_want / lr
    for other, how in ((max_epochs - 1, "one epoch fewer"), (max_epochs + 1, "one epoch more")):
        if not converged_want and other >= 1:
            w_other, b_other, _, _ = by_the_rule(X, y, other, lr)
            why = f"this is the (w, b) after {other} epoch(s), {how} than max_epochs = {max_epochs}: is a range off by one?"
            w_hints[why], b_hints[why] = w_other, b_other
    rule = " (the rule applied to the examples in the given order, from w = 0, b = 0)"
    check_close(f"w returned by {name}{rule}", w, w_want, rtol=1e-9, atol=1e-12, mistakes=w_hints)
    check_close(f"b returned by {name}{rule}", b, b_want, rtol=1e-9, atol=1e-12, mistakes=b_hints)


check_no_library("train_perceptron", skip=("predict", "perceptron_update"))  # those are checked in their own tasks
with replaced_in_notebook("predict", predict_by_dlf), replaced_in_notebook("perceptron_update", update_by_dlf):
    X, y01 = make_linearly_separable(20, rng=np.random.default_rng(0))
    y = 2 * y01 - 1                                                                      # labels 0/1 -> -1/+1
    check_training(X, y, "train_perceptron(X, y) on 20 separable points")
    # The same arguments must give the same result: no random order (NumPy's global state changes between calls).
    X_40, y01_40 = make_linearly_separable(40, rng=np.random.default_rng(3), margin=0.05)
    name = "train_perceptron(X, y) on 40 separable points"
    first, second = (train_result(name, X_40, 2 * y01_40 - 1, 100, 1.0) for _ in range(2))
    assert np.array_equal(first[0], second[0]) and first[1:] == second[1:], (
        f"{name}, called twice with the same X and y, returned two different results: w = {first[0]} and then "
        f"w = {second[0]}. It draws random numbers (np.random.shuffle, np.random.permutation?), from NumPy's "
        "global state. Sweep the examples in the order given.")
    check_as_the_rule(X, y, "train_perceptron(X, y) on 20 separable points")
    # It must learn the data it is given: the same 20 points in reverse order, every label flipped.
    X_flipped, y_flipped = X[::-1].copy(), -y[::-1]
    w, b, converged, epochs = train_result("train_perceptron(X, -y)", X_flipped, y_flipped, 100, 1.0)
    errors = int((np.where(X_flipped @ w + b >= 0, 1, -1) != y_flipped).sum())
    assert errors == 0, (
        f"train_perceptron(X, y) on the 20 points in reverse order, every label flipped: its (w, b) misclassifies "
        f"{errors} of 20 of the examples it was given. It must learn its arguments X and y: does it train on other "
        "data, such as a global X_train or the data of an earlier cell?")
    check_as_the_rule(X, y, "train_perceptron(X, y, lr=0.25) on 20 separable points", lr=0.25)
    check_as_the_rule(X, y, "train_perceptron(X, y, max_epochs=2) on 20 separable points", max_epochs=2)
### BEGIN HIDDEN TESTS
with replaced_in_notebook("predict", predict_by_dlf), replaced_in_notebook("perceptron_update", update_by_dlf):
    # fresh data from the course's generator, new seeds
    for seed, n, gap in ((11, 60, 0.2), (12, 150, 0.1), (13, 100, 0.3), (14, 40, 0.05)):
        X, y01 = make_linearly_separable(n, rng=np.random.default_rng(seed), margin=gap)
        check_training(X, 2 * y01 - 1, f"train_perceptron on {n} separable points (seed {seed}, margin {gap})")
        check_as_the_rule(X, 2 * y01 - 1, f"train_perceptron on {n} separable points (seed {seed}, margin {gap})")
    X, y01 = make_linearly_separable(80, rng=np.random.default_rng(15), margin=0.2)
    check_training(X, 2 * y01 - 1, "train_perceptron(X, y, lr=0.1) on 80 separable points", lr=0.1)
    for lr, max_epochs in ((0.1, 100), (2.0, 100), (0.5, 1), (3.0, 2), (0.1, 3)):
        check_as_the_rule(X_40, 2 * y01_40 - 1, f"train_perceptron(X, y, max_epochs={max_epochs}, lr={lr}) on 40 "
                          "separable points", max_epochs=max_epochs, lr=lr)

    # D = 5 features, around a known separator (w*, b*) with margin >= 0.5: Novikoff bounds the epochs
    rng = np.random.default_rng(1300)
    D, w_star, b_star = 5, rng.normal(size=5), 0.7
    w_star /= np.linalg.norm(w_star)
    X = rng.normal(size=(400, D))
    s = X @ w_star + b_star
    X, s = X[np.abs(s) >= 0.5][:80], s[np.abs(s) >= 0.5][:80]
    y_sep = np.where(s >= 0, 1, -1)
    R2 = np.max(np.sum(X**2, axis=1) + 1.0)
    gamma = np.min(y_sep * s) / np.sqrt(1.0 + b_star**2)
    bound = int(R2 / gamma**2)
    check_training(X, y_sep, f"train_perceptron on {len(y_sep)} separable points with D = {D}", max_epochs=bound + 50,
                   most_epochs=bound + 1)
    check_as_the_rule(X, y_sep, f"train_perceptron(X, y, lr=0.3) on {len(y_sep)} separable points with D = {D}",
                      lr=0.3)
    # a fresh data set of another size, its labels permuted by a fixed rule: it must learn these
    X, y01 = make_linearly_separable(33, rng=np.random.default_rng(16), margin=0.1)
    check_as_the_rule(X[::2], 1 - 2 * y01[::2], "train_perceptron on 17 separable points, labels flipped")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "xor_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. XOR: training that never converges (2 points)
#
# XOR labels the four corners of a square: $+1$ where exactly one coordinate is positive, $-1$
# where both agree. `make_xor` puts points around the four corners (labels 0/1, mapped to
# $-1/+1$ below). Nothing to write in this part if your `train_perceptron` is right: on XOR it
# must run all `max_epochs` epochs and return `converged=False` and `epochs == max_epochs`.

# %% nbgrader={"grade": true, "grade_id": "test_xor", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def check_xor(X, y, name, max_epochs):
    """Train with train_perceptron on XOR; check that it ran all epochs and reports no convergence."""
    got = call(name, train_perceptron, X, y, max_epochs=max_epochs, keep_inputs=True)
    assert isinstance(got, tuple) and len(got) == 4, f"{name}: return (w, b, converged, epochs); got {got!r:.100}"
    w, b, converged, epochs = got
    errors = int((np.where(X @ np.asarray(w, dtype=float) + float(b) >= 0, 1, -1) != y).sum())
    assert not converged, (
        f"{name} returned converged={converged!r}, but no line separates XOR: its (w, b) misclassifies "
        f"{errors} of {len(y)} points. Report converged=True only after an epoch without a mistake.")
    assert epochs == max_epochs, f"{name} must run all max_epochs = {max_epochs} epochs on XOR; it reported epochs = {epochs!r}"


X, y01 = make_xor(8, rng=np.random.default_rng(0))    # the four corners, twice each; labels 0/1
with replaced_in_notebook("predict", predict_by_dlf), replaced_in_notebook("perceptron_update", update_by_dlf):
    check_xor(X, 2 * y01 - 1, "train_perceptron(X, y, max_epochs=10) on XOR", max_epochs=10)
### BEGIN HIDDEN TESTS
with replaced_in_notebook("predict", predict_by_dlf), replaced_in_notebook("perceptron_update", update_by_dlf):
    for seed, n, noise, max_epochs in ((21, 40, 0.0, 7), (22, 100, 0.2, 25), (23, 200, 0.3, 12)):
        X, y01 = make_xor(n, rng=np.random.default_rng(seed), noise=noise)
        check_xor(X, 2 * y01 - 1, f"train_perceptron(X, y, max_epochs={max_epochs}) on {n} XOR points (noise {noise})",
                  max_epochs)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "why_xor_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 5. Why does the perceptron fail on XOR? (2 points, graded by your instructor)
#
# In the cell below, explain in 3 to 6 sentences:
#
# 1. why **no** perceptron, whatever its $w$ and $b$, classifies the four XOR corners
#    $(\pm 1, \pm 1)$ correctly (a short argument with the inequalities, not only a picture);
# 2. what that means for the learning rule: what does your `train_perceptron` do on XOR, and
#    why does Novikoff's theorem not apply?

# %% [markdown] nbgrader={"grade": true, "grade_id": "why_xor", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 2}
# Suppose $w_1 x_1 + w_2 x_2 + b$ had the right sign on all four corners. The two corners labeled
# $-1$, $(-1,-1)$ and $(1,1)$, need $-w_1 - w_2 + b < 0$ and $w_1 + w_2 + b < 0$; adding them gives
# $b < 0$. The two corners labeled $+1$, $(-1,1)$ and $(1,-1)$, need $-w_1 + w_2 + b \ge 0$ and
# $w_1 - w_2 + b \ge 0$; adding them gives $b \ge 0$. Contradiction: no line separates XOR (it is not
# linearly separable), so every $(w, b)$ gets at least one corner wrong.
#
# Hence every epoch makes at least one mistake, training never reaches an epoch without a
# mistake, and `train_perceptron` runs all `max_epochs` epochs and returns `converged=False`
# (on the four exact corners the weights even cycle back to $w = 0, b = 0$ after each epoch).
# Novikoff's theorem needs a separator with margin $\gamma > 0$; for XOR none exists, so there is
# no bound on the number of mistakes. A hidden layer is needed (lecture 02).

# %% [markdown] nbgrader={"grade": false, "grade_id": "ai_winter_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 6. The limits of one layer, and the first AI winter (1 point)
#
# Lecture 01, section 6. In 1969 Marvin Minsky and Seymour Papert published *Perceptrons*, an
# analysis of what single-layer perceptrons can and cannot compute, and funding for neural-network
# research largely dried up for a decade. Which statement describes the obstacle, and the way out?
#
# - **A.** No network, with any number of layers, can compute XOR; research resumed once computers
#   were fast enough to search for the weights.
# - **B.** One layer cannot compute XOR or parity; hidden layers can, but nobody knew how to train
#   them until backpropagation (1986) gave every weight its derivative by the chain rule.
# - **C.** The perceptron rule can fail to converge even on linearly separable data; research resumed
#   once a convergence proof for the rule was found.
#
# Set `answer_winter` to `"A"`, `"B"` or `"C"`.

# %% nbgrader={"grade": false, "grade_id": "answer_winter", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
answer_winter = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_ai_winter", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_choice_format("answer_winter", answer_winter, "ABC")
### BEGIN HIDDEN TESTS
check_choice("answer_winter", answer_winter, "B", {
    "A": "Too strong: Minsky and Papert knew that networks with more layers can represent XOR (lecture 02 builds "
         "one by hand). The obstacle was training them: the perceptron rule needs a target for each unit, and a "
         "hidden unit has none. The way out was an algorithm, backpropagation, not faster computers.",
    "C": "The opposite: Novikoff had proved in 1962 that the rule converges on linearly separable data (section 4). "
         "The limit Minsky and Papert analyzed is what one layer can represent: XOR is not linearly separable, "
         "so there is no separating line for the rule to converge to.",
})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 13 points (11 graded automatically, 2 by your instructor). Before you hand
# in, restart the kernel and run all cells (*Kernel > Restart Kernel and Run All Cells*), then
# **Validate**. Afterwards, compare your code with `dlf/perceptron.py`.
