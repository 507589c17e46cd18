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
# # Exercise 08: generalization
#
# **Total: 16 points (14 graded automatically, 2 by your instructor). Estimated time: 90 to 140
# minutes.** Goes with lecture 08 (generalization).
#
# A network that fits its training data is not yet a network that works on new data. Lecture 08
# measured the gap on a validation set and closed part of it with three tools: dropout, weight
# decay and early stopping. Here you first read under- and overfitting from the training curves,
# then write each of the three tools yourself, and choose a network the honest way: on the
# validation set, with the test set kept for one last measurement.
#
# | part | what you write | points |
# |---|---|---|
# | 1 | reading under- and overfitting from the training and validation losses | 2 |
# | 2 | inverted dropout, forward (training and evaluation mode) and backward | 4 |
# | 3 | the weight-decay (L2) penalty and its gradient | 2 |
# | 4 | the loop of early stopping | 4 |
# | 5 | choosing among candidate networks with the validation set | 2 |
# | 6 | a short written answer: why the test set is used once | 2 |
#
# Notation: a batch $X$ is $(N, D)$, $N$ examples with $D$ features; a weight matrix $W$ is
# $(D, K)$ and a bias $b$ is $(K,)$; $p$ is the probability of *dropping* a unit and $\lambda$ the
# weight-decay coefficient. Epochs are counted from 0, as Python counts: the first epoch is epoch 0,
# and `val_loss[e]` is the validation loss after epoch `e`.
#
# **How to work.** Fill in every place that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button, or grade it yourself in a terminal: `make grade EX=ex08_generalization`.
# Do not change or delete the test cells: they are restored when your work is graded.
# Write parts 2 to 4 yourself with NumPy: do not call `dlf` (its `Dropout` layer, its optimizers'
# weight decay, the `patience` of `fit`) for them; the tests read your code. In part 5 you use
# the helper `train_candidate` given below and `accuracy` of `dlf.train`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np

from coursegrader.checks import call, check_close, check_no_library, check_shape, check_type, check_vectorized
from dlf.data import make_moons, train_val_test_split
from dlf.gradcheck import numerical_gradient, rel_error
from dlf.layers import Dropout, Linear, ReLU, Sequential
from dlf.losses import softmax_cross_entropy
from dlf.optim import Adam, AdamW
from dlf.train import accuracy, fit

# Two noisy moons (dlf.data.make_moons): N = 200 points in the plane (D = 2), two classes, split at random into a
# training set (100 points), a validation set (50) to choose with, and a test set (50) to measure the final choice once.
X_moons, y_moons = make_moons(200, rng=np.random.default_rng(0), noise=0.3)
X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(
    X_moons, y_moons, val_size=0.25, test_size=0.25, rng=np.random.default_rng(1))
print(f"training set X_train {X_train.shape}, validation set X_val {X_val.shape}, test set X_test {X_test.shape}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "diagnose_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 1: reading the training curves (2 points)
#
# Lecture 08, section 2. A network **underfits** when it is too simple, or trained too little, to
# capture the pattern in the data: it is wrong on the training set as well as on new data, and its
# training loss stays high. It **overfits** when it fits the training set, noise included, so
# closely that it does worse on new data: the training loss keeps falling while the validation
# loss, after its lowest point, rises again. Both show in the two curves that `fit` records after
# every epoch, `history["loss"]` and `history["val_loss"]`.
#
# Write `diagnose(train_loss, val_loss, *, target, rise=0.1)`. `train_loss` and `val_loss` are
# lists (or arrays) of the training and validation losses after each epoch, of the same length;
# return one of the strings `"underfitting"`, `"overfitting"` or `"good fit"`, by these rules,
# checked **in this order**:
#
# 1. `"underfitting"` if the last training loss is above `target`: `train_loss[-1] > target`. The
#    network has not even fitted its training set. (`target` is the training loss that a network
#    able to follow the pattern reaches on these data; you are given it.)
# 2. Otherwise `"overfitting"` if the last validation loss is more than the fraction `rise` above
#    the **lowest** validation loss of the run: `val_loss[-1] > (1 + rise) * min(val_loss)`. The
#    validation curve has turned up.
# 3. Otherwise `"good fit"`.
#
# Why the lowest value, and why a tolerance: the validation loss is measured on a few points and
# wobbles from epoch to epoch, so a bump that comes back down, or a rise of a few percent, is noise.
# In lecture 08 the network of width $H = 64$ reached its lowest validation loss, 0.444, after
# 13 epochs (epoch 12, counted from 0) and ended at 2.030 (overfitting); the one with $H = 8$ went from its lowest, 0.452, to
# 0.462 at the end, 2 % higher. And a validation loss somewhat above the training loss is normal by
# itself: the network was fitted to the training points, not to the validation points.

# %% nbgrader={"grade": false, "grade_id": "diagnose", "locked": false, "schema_version": 3, "solution": true, "task": false}
def diagnose(train_loss, val_loss, *, target, rise=0.1):
    """"underfitting", "overfitting" or "good fit", from the training and validation losses of every epoch."""
    ### BEGIN SOLUTION
    train_loss, val_loss = np.asarray(train_loss, dtype=float), np.asarray(val_loss, dtype=float)
    if train_loss[-1] > target:                            # the training set is not even fitted
        return "underfitting"
    if val_loss[-1] > (1 + rise) * val_loss.min():         # the validation loss has turned up
        return "overfitting"
    return "good fit"
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_diagnose", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
ANSWERS = ("underfitting", "overfitting", "good fit")
first_not_lowest = ("compare the last validation loss with the LOWEST of the run, min(val_loss), not with the first: "
                    "here the validation loss first fell a long way, so it turned up while still below its first value.")
gap_rule = ("a validation loss above the training loss is not overfitting by itself (the network was fitted to the "
            "training points): the rule is the validation loss turning up, val_loss[-1] > (1 + rise) * min(val_loss).")
val_for_underfitting = ("underfitting is decided by the TRAINING loss, train_loss[-1] > target: a network that fits its "
                        "training set does not underfit, even if its validation loss is higher.")
bump_rule = ("the validation loss went up at one epoch and came back down: that is noise. Compare the LAST validation "
             "loss with the lowest: val_loss[-1] > (1 + rise) * min(val_loss).")
order_rule = ("check the rules in their order: the training loss is still above target, so the network has not even "
              "fitted its training set (underfitting, rule 1); a rising validation loss counts as overfitting only "
              "once the training loss is low.")
absolute_rule = ("rise is a fraction of the lowest validation loss, not a difference of losses: the last validation loss "
                 "must be compared with (1 + rise) * min(val_loss), not with min(val_loss) + rise.")


def describe(train_loss, val_loss, target, rise):
    # the facts the rules look at, in words
    low, last = min(val_loss), val_loss[-1]
    return (f"The last training loss is {train_loss[-1]:.3g} (target = {target:g}); the lowest validation loss is "
            f"{low:.3g}, the last {last:.3g}, {100 * (last / low - 1):.0f} % above the lowest (rise = {100 * rise:g} %).")


def check_diagnosis(name, got, expected, train_loss, val_loss, target, rise, hints):
    # got: what diagnose returned; hints: {wrong answer: the mistake that gives it here}
    assert isinstance(got, str) and got in ANSWERS, (
        f"{name} must return one of the strings {', '.join(repr(a) for a in ANSWERS)}; got {got!r:.80}")
    if got != expected:
        raise AssertionError(f"{name}: expected {expected!r}; got {got!r}. {describe(train_loss, val_loss, target, rise)} "
                             + hints.get(got, ""))


# Seven runs of 6 or 7 epochs, with target = 0.3 and rise = 0.1, each with the answer the rules give.
RUNS = [
    ("a run whose validation loss turns up",
     [0.69, 0.45, 0.30, 0.20, 0.12, 0.08, 0.05], [0.70, 0.50, 0.42, 0.45, 0.55, 0.70, 0.90], "overfitting",
     {"underfitting": val_for_underfitting}),
    ("a run whose validation loss turns up, but stays below its first value",
     [1.10, 0.60, 0.30, 0.15, 0.10, 0.08], [1.20, 0.70, 0.40, 0.45, 0.52, 0.60], "overfitting",
     {"good fit": first_not_lowest}),
    ("a run whose training loss stays high",
     [0.69, 0.55, 0.48, 0.45, 0.44, 0.43], [0.68, 0.52, 0.45, 0.43, 0.42, 0.42], "underfitting", {}),
    ("a run whose validation loss falls to the end, above the training loss",
     [0.65, 0.40, 0.30, 0.26, 0.24, 0.23], [0.66, 0.45, 0.38, 0.36, 0.35, 0.34], "good fit",
     {"overfitting": gap_rule, "underfitting": val_for_underfitting}),
    ("a run whose validation loss has a bump that comes back down",
     [0.70, 0.50, 0.35, 0.28, 0.25, 0.24], [0.70, 0.48, 0.52, 0.40, 0.33, 0.26], "good fit", {"overfitting": bump_rule}),
    ("a run whose training loss stays high while its validation loss rises",
     [0.69, 0.60, 0.55, 0.52, 0.50, 0.49], [0.68, 0.60, 0.58, 0.62, 0.68, 0.75], "underfitting",
     {"overfitting": order_rule}),
    ("a run with small losses whose validation loss turns up",
     [0.50, 0.20, 0.08, 0.04, 0.03, 0.02], [0.50, 0.22, 0.10, 0.11, 0.13, 0.16], "overfitting",
     {"good fit": absolute_rule}),
]
for what, train_loss, val_loss, expected, hints in RUNS:
    name = f"diagnose(train_loss, val_loss, target=0.3) for {what}, val_loss = {val_loss}"
    got = call(name, diagnose, train_loss, val_loss, target=0.3, keep_inputs=True)
    check_diagnosis(name, got, expected, train_loss, val_loss, 0.3, 0.1, hints)
### BEGIN HIDDEN TESTS
def by_rule(train_loss, val_loss, target, rise, rule="right"):
    # the answer of the right rules, or of a known mistake
    t, v = np.asarray(train_loss, dtype=float), np.asarray(val_loss, dtype=float)
    base = {"first": v[0], "gap": t[-1]}.get(rule, v.min())
    turned = v[-1] > base + rise if rule == "absolute" else v[-1] > (1 + (0.1 if rule == "fixed_rise" else rise)) * base
    if rule == "bump":
        turned = bool(np.any(np.diff(v) > 0))
    under = (v[-1] if rule == "val" else t[-1]) > (0.3 if rule == "fixed_target" else target)
    if rule == "order":
        return "overfitting" if turned else "underfitting" if under else "good fit"
    return "underfitting" if under else "overfitting" if turned else "good fit"


MISTAKES = {"first": first_not_lowest, "gap": gap_rule, "val": val_for_underfitting, "bump": bump_rule,
            "order": order_rule, "absolute": absolute_rule,
            "fixed_rise": "diagnose ignores its argument rise (a fixed 0.1?).",
            "fixed_target": "diagnose ignores its argument target (a fixed 0.3?)."}
rng = np.random.default_rng(8050)
for case in range(40):
    epochs = int(rng.integers(1, 60)) if case else 1
    t = np.arange(epochs)
    floor = float(rng.uniform(0.01, 0.6))
    train_loss = floor + float(rng.uniform(0.1, 1.0)) * np.exp(-t / rng.uniform(2, 20))
    turn = int(rng.integers(0, epochs))                         # the epoch where the validation loss turns (or not)
    climb = float(rng.choice([0.0, 0.0, 0.02, 0.2, 1.0]))
    val_loss = (train_loss * rng.uniform(1.0, 1.5) + climb * np.maximum(t - turn, 0) / max(epochs - turn, 1)
                + rng.normal(0, 0.02, size=epochs))
    val_loss = np.abs(val_loss) + 0.01
    target = float(rng.uniform(0.05, 0.8))
    rise = float(rng.choice([0.05, 0.1, 0.25, 0.5]))
    as_lists = case % 2 == 0
    args = (train_loss.tolist(), val_loss.tolist()) if as_lists else (train_loss, val_loss)
    expected = by_rule(train_loss, val_loss, target, rise)
    hints = {}                                                  # wrong answer -> the mistakes that give it here
    for rule, hint in MISTAKES.items():
        wrong = by_rule(train_loss, val_loss, target, rise, rule)
        if wrong != expected:
            hints[wrong] = (hints[wrong] + " Or: " if wrong in hints else "") + hint
    name = (f"diagnose(train_loss, val_loss, target={target:.3g}, rise={rise:g}) for a run of {epochs} epochs"
            + (" (lists)" if as_lists else " (arrays)"))
    got = call(name, diagnose, *args, target=target, rise=rise, keep_inputs=True)
    check_diagnosis(name, got, expected, train_loss, val_loss, target, rise, hints)
# the arguments target and rise are used: the same run, other target and rise
train_loss, val_loss = [0.9, 0.6, 0.5, 0.45, 0.42], [0.9, 0.5, 0.55, 0.6, 0.65]     # 30 % above the lowest
for target, rise, expected in ((0.3, 0.5, "underfitting"), (0.5, 0.5, "good fit"), (0.5, 0.1, "overfitting"),
                               (0.5, 0.35, "good fit"), (0.5, 0.25, "overfitting")):
    name = f"diagnose(train_loss, val_loss, target={target}, rise={rise}) with train_loss = {train_loss}, val_loss = {val_loss}"
    got = call(name, diagnose, train_loss, val_loss, target=target, rise=rise, keep_inputs=True)
    check_diagnosis(name, got, expected, train_loss, val_loss, target, rise, {
        "overfitting": MISTAKES["fixed_rise"] if rise > 0.3 else "",
        "underfitting": MISTAKES["fixed_target"] if target > 0.42 else ""})
# the default rise is 0.1
name = "diagnose([0.2, 0.1, 0.1], [0.5, 0.3, 0.32], target=0.3), 7 % above the lowest, with the default rise = 0.1"
check_diagnosis(name, call(name, diagnose, [0.2, 0.1, 0.1], [0.5, 0.3, 0.32], target=0.3, keep_inputs=True), "good fit",
                [0.2, 0.1, 0.1], [0.5, 0.3, 0.32], 0.3, 0.1, {})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "diagnose_demo_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Three networks trained on the moons of the setup cell for 100 epochs (Adam, the whole training set
# in every step): one without a hidden layer (a straight boundary), one with two hidden layers of
# $H = 8$ ReLU units, one with $H = 64$. The cell prints their losses after some of the epochs, and
# what your `diagnose` reads in the curves, with `target = 0.3`: a straight boundary cannot bring
# the training loss on these moons much below 0.4, a network that follows their bend goes well
# below 0.3. (`fit` records an epoch's training loss as the mean over its steps, each measured
# before its update, and the validation loss after the epoch. With one step per epoch, the first
# training loss is the loss at initialization: that is why it can lie above the first validation
# loss.)

# %% nbgrader={"grade": false, "grade_id": "diagnose_demo", "locked": true, "schema_version": 3, "solution": false, "task": false}
def curves_net(H, rng):
    # no hidden layer if H == 0, else two hidden layers of H ReLU units
    if H == 0:
        return Sequential(Linear(2, 2, rng=rng))
    return Sequential(Linear(2, H, rng=rng), ReLU(), Linear(H, H, rng=rng), ReLU(), Linear(H, 2, rng=rng))


shown = [1, 5, 10, 25, 50, 100]
print(f"{'after this many epochs:':28s}" + "".join(f"{e:11d}" for e in shown))
for H in (0, 8, 64):
    curves = fit(curves_net(H, np.random.default_rng(5)), X_train, y_train, optimizer=Adam(lr=0.015), epochs=100,
                 batch_size=len(y_train), rng=np.random.default_rng(6), X_val=X_val, y_val=y_val)
    label = "no hidden layer" if H == 0 else f"H = {H}"
    for key in ("loss", "val_loss"):
        print(f"{label + (', training' if key == 'loss' else ', validation'):28s}"
              + "".join(f"{curves[key][e - 1]:11.3f}" for e in shown))
    best = int(np.argmin(curves["val_loss"]))
    print(f"{'':28s}lowest validation loss {min(curves['val_loss']):.3f} after {best + 1} epochs (epoch {best}): "
          f"diagnose says {diagnose(curves['loss'], curves['val_loss'], target=0.3)!r}")
# %% [markdown] nbgrader={"grade": false, "grade_id": "part1", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 2: inverted dropout (4 points)
#
# Lecture 08. In **training mode**, dropout (Srivastava, Hinton, Krizhevsky, Sutskever and
# Salakhutdinov, 2014) sets every entry of its input to 0 with probability $p$, independently,
# and *inverted* dropout scales the entries it keeps by $1/(1-p)$:
#
# $$
# Y = X \odot M, \qquad M_{nd} = \frac{\mathbb{1}[U_{nd} \ge p]}{1 - p}, \qquad U_{nd} \sim \mathrm{Uniform}[0, 1).
# $$
#
# An entry is kept where $U_{nd} \ge p$, which happens with probability $1 - p$; so
# $\mathbb{E}[M_{nd}] = (1 - p) \cdot \frac{1}{1-p} = 1$ and $\mathbb{E}[Y] = X$. In **evaluation
# mode** dropout is the identity, $Y = X$: thanks to the scaling during training, the next layer
# sees inputs of the same mean in both modes. (The paper's $p$ is the probability of *keeping* a
# unit; PyTorch, `dlf` and this course use $p$ for the probability of *dropping* it.)
#
# The backward pass follows from $Y = X \odot M$ with $M$ fixed: $dX = dY \odot M$. A dropped
# entry passes no gradient back, a kept one passes it scaled by $1/(1-p)$.
#
# Write
#
# - `dropout_forward(X, p, *, rng, training)`, returning the tuple `(Y, mask)`: in training mode
#   draw $U$ with **one** call `rng.random(X.shape)` of the generator `rng` it is given (never
#   `np.random` or a generator of your own), and return $Y = X \odot M$ and the scaled mask $M$,
#   both $(N, D)$; in evaluation mode (`training=False`) return $Y = X$ and a mask of ones, and
#   draw nothing from `rng`. $0 \le p < 1$; with $p = 0$ nothing is dropped.
# - `dropout_backward(dY, mask)`, returning $dX = dY \odot M$ for the mask of the forward pass.
#
# Vectorized (no Python loop over the entries), and leave the arrays you are given unchanged.

# %% nbgrader={"grade": false, "grade_id": "dropout", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dropout_forward(X, p, *, rng, training):
    """Inverted dropout of X (N, D); returns (Y (N, D), mask (N, D))."""
    ### BEGIN SOLUTION
    if not training:
        return X.copy(), np.ones_like(X, dtype=float)        # the identity: nothing drawn
    keep = rng.random(X.shape) >= p                          # True with probability 1 - p
    mask = keep / (1 - p)                                    # E[mask] = 1
    return X * mask, mask
    ### END SOLUTION


def dropout_backward(dY, mask):
    """Backward pass of dropout: dX (N, D) = dY * mask."""
    ### BEGIN SOLUTION
    return dY * mask
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dropout_train", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# A batch X (3, 4) with p = 0.25: an entry is kept where u >= p, for u = rng.random(X.shape), and scaled by
# 1 / (1 - p) = 4/3. With rng = np.random.default_rng(0), your function draws exactly the u below.
X = np.arange(1.0, 13.0).reshape(3, 4)
u = np.random.default_rng(0).random(X.shape)
keep = u >= 0.25
unscaled = ("the kept entries are not scaled: inverted dropout divides them by 1 - p, mask = keep / (1 - p), so that "
            "E[Y] = X and evaluation mode can be the identity. Forgetting the 1 / (1 - p) is the classic mistake.")
keep_probability = ("you kept each entry with probability p (keep = u < p): here p is the probability of DROPPING an "
                    "entry (the dropout paper's p is the probability of keeping it). keep = u >= p, mask = keep / (1 - p).")
by_p = "the kept entries are divided by p: divide by the probability of keeping them, 1 - p."
times_keep = "the kept entries are multiplied by 1 - p: divide by 1 - p instead, so that E[Y] = X."
out = call("dropout_forward(X, p=0.25, rng=rng, training=True)", dropout_forward, X, 0.25,
           rng=np.random.default_rng(0), training=True, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 2, f"dropout_forward must return the tuple (Y, mask); got {type(out).__name__}"
Y, mask = out
check_shape("Y", Y, ("N", "D"), dims={"N": 3, "D": 4})
check_shape("mask", mask, ("N", "D"), dims={"N": 3, "D": 4})
# The mask comes from the rng it is given, and only from it: same seed, same mask; another seed, another mask.
masks = [call(f"dropout_forward(np.ones((20, 30)), p=0.5, rng=np.random.default_rng({seed}), training=True)",
              dropout_forward, np.ones((20, 30)), 0.5, rng=np.random.default_rng(seed), training=True)[1]
         for seed in (7, 7, 8)]
assert np.array_equal(masks[0], masks[1]), (
    "dropout_forward returned different masks for two generators made with the same seed: draw u from the rng it "
    "is given (rng.random(X.shape)), never from np.random, so that a seed makes training reproducible.")
assert not np.array_equal(masks[0], masks[2]), (
    "dropout_forward returned the same mask for generators made with different seeds: it ignores the rng it is "
    "given (a generator of its own?). Draw u with rng.random(X.shape).")
check_close("Y of dropout_forward(X, p=0.25, rng=np.random.default_rng(0), training=True)", Y, X * keep / 0.75, mistakes={
    unscaled: X * keep,
    keep_probability: X * (u < 0.25) / 0.75,
    keep_probability + " And then divide by 1 - p, not by p.": X * (u < 0.25) / 0.25,
    by_p: X * keep / 0.25,
    times_keep: X * keep * 0.75,
})
check_close("mask of dropout_forward(X, p=0.25, rng=np.random.default_rng(0), training=True)", mask, keep / 0.75, mistakes={
    "Y is right, but the mask you return is keep, not the scaled mask keep / (1 - p): dropout_backward multiplies dY "
    "by the mask, so the mask must carry the scaling too.": keep,
})
# E[Y] = X: a batch of N = 20000 copies of the row x, with p = 0.3. The mean of column d of Y is x_d plus noise of
# standard error |x_d| sqrt(p / ((1 - p) N)) (a kept entry is x_d / (1 - p), with probability 1 - p); allow 5 of them.
x = np.array([1.0, -2.0, 0.5, 3.0, 10.0])
N_big = 20000
Y = call("dropout_forward(X, p=0.3, rng=rng, training=True) with X (20000, 5), N copies of x", dropout_forward,
         np.tile(x, (N_big, 1)), 0.3, rng=np.random.default_rng(1), training=True)[0]
check_shape("Y", Y, (N_big, 5))
check_close("the mean of Y over the N = 20000 examples, E[Y] = x", np.asarray(Y).mean(axis=0), x,
            rtol=5 * np.sqrt(0.3 / (0.7 * N_big)), mistakes={unscaled: 0.7 * x, keep_probability: 0.3 / 0.7 * x})
dropped = float(np.mean(np.asarray(Y) == 0))
assert abs(dropped - 0.3) < 5 * np.sqrt(0.3 * 0.7 / Y.size), (
    f"dropout_forward with p = 0.3 set {100 * dropped:.2f}% of the entries to 0; expected 30% (each entry is dropped "
    "with probability p, independently).")
check_vectorized("dropout_forward")
check_no_library("dropout_forward")
### BEGIN HIDDEN TESTS
rng_cases = np.random.default_rng(8100)
for case in range(8):
    N, D = (1, 1) if case == 0 else (int(rng_cases.integers(1, 30)), int(rng_cases.integers(1, 12)))
    p = float(rng_cases.choice([0.1, 0.5, 0.8])) if case < 4 else float(rng_cases.uniform(0.05, 0.95))
    X = rng_cases.normal(size=(N, D))
    seed = 8200 + case
    name = f"dropout_forward(X, p={p:.3g}, rng=np.random.default_rng({seed}), training=True) with X ({N}, {D})"
    u = np.random.default_rng(seed).random((N, D))
    keep = u >= p
    out = call(name, dropout_forward, X, p, rng=np.random.default_rng(seed), training=True, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return the tuple (Y, mask)"
    dims = {"N": N, "D": D}
    check_close(f"Y of {name}", out[0], X * keep / (1 - p), rtol=1e-12, atol=1e-15, dims=dims, mistakes={
        unscaled: X * keep, keep_probability: X * (u < p) / (1 - p), by_p: X * keep / p, times_keep: X * keep * (1 - p)})
    check_close(f"mask of {name}", out[1], keep / (1 - p), rtol=1e-12, atol=1e-15, dims=dims, mistakes={
        "the mask you return is keep, not the scaled mask keep / (1 - p).": keep})
# p = 0 drops nothing: Y = X and a mask of ones
X = np.random.default_rng(8300).normal(size=(6, 4))
out = call("dropout_forward(X, p=0.0, rng=rng, training=True)", dropout_forward, X, 0.0,
           rng=np.random.default_rng(8301), training=True, keep_inputs=True)
check_close("Y of dropout_forward with p = 0 (nothing is dropped)", out[0], X, rtol=1e-15, atol=0)
check_close("mask of dropout_forward with p = 0 (nothing is dropped)", out[1], np.ones((6, 4)), rtol=1e-15, atol=0)
# E[Y] = X for other p
for p in (0.1, 0.6, 0.9):
    x = np.array([2.0, -1.0, 4.0])
    Y = np.asarray(call(f"dropout_forward(X, p={p}, rng=rng, training=True) with X (30000, 3)", dropout_forward,
                        np.tile(x, (30000, 1)), p, rng=np.random.default_rng(int(100 * p)), training=True)[0])
    check_close(f"the mean of Y over N = 30000 copies of x with p = {p}, E[Y] = x", Y.mean(axis=0), x,
                rtol=5 * np.sqrt(p / ((1 - p) * 30000)), mistakes={unscaled: (1 - p) * x})
    dropped = float(np.mean(Y == 0))
    assert abs(dropped - p) < 5 * np.sqrt(p * (1 - p) / Y.size), (
        f"dropout_forward with p = {p} set {100 * dropped:.2f}% of the entries to 0; expected {100 * p:.0f}%.")
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_dropout_eval", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# Evaluation mode: Y = X, a mask of ones, and nothing drawn from rng (its state is the same after the call).
X = np.arange(1.0, 13.0).reshape(3, 4)
rng = np.random.default_rng(0)
state = rng.bit_generator.state
keep = np.random.default_rng(0).random(X.shape) >= 0.25
out = call("dropout_forward(X, p=0.25, rng=rng, training=False)", dropout_forward, X, 0.25, rng=rng, training=False,
           keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 2, f"dropout_forward must return the tuple (Y, mask); got {type(out).__name__}"
Y, mask = out
check_close("Y of dropout_forward(X, p=0.25, rng=rng, training=False)", Y, X, rtol=0, atol=0, mistakes={
    "evaluation mode multiplied X by 1 - p: that is the original, non-inverted dropout, which scales at evaluation. "
    "Inverted dropout scales by 1 / (1 - p) during training, so evaluation mode is the identity, Y = X.": 0.75 * X,
    "evaluation mode still drops entries: in evaluation mode dropout is the identity, Y = X.": X * keep / 0.75,
    "evaluation mode still drops entries (and does not scale them): in evaluation mode dropout is the identity.": X * keep,
})
check_close("mask of dropout_forward(X, p=0.25, rng=rng, training=False)", mask, np.ones((3, 4)), rtol=0, atol=0)
assert rng.bit_generator.state == state, (
    "dropout_forward(X, p=0.25, rng=rng, training=False) drew numbers from rng: in evaluation mode nothing is dropped, "
    "so nothing is drawn (a draw would change the masks of every later training step).")
### BEGIN HIDDEN TESTS
rng_cases = np.random.default_rng(8400)
for case in range(5):
    N, D = int(rng_cases.integers(1, 20)), int(rng_cases.integers(1, 10))
    p = float(rng_cases.uniform(0.0, 0.9))
    X = rng_cases.normal(size=(N, D))
    rng = np.random.default_rng(8500 + case)
    state = rng.bit_generator.state
    name = f"dropout_forward(X, p={p:.3g}, rng=rng, training=False) with X ({N}, {D})"
    out = call(name, dropout_forward, X, p, rng=rng, training=False, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return the tuple (Y, mask)"
    check_close(f"Y of {name}", out[0], X, rtol=0, atol=0, dims={"N": N, "D": D}, mistakes={
        "evaluation mode multiplied X by 1 - p (non-inverted dropout): inverted dropout is the identity in evaluation mode.": (1 - p) * X})
    check_close(f"mask of {name}", out[1], np.ones((N, D)), rtol=0, atol=0, dims={"N": N, "D": D})
    assert rng.bit_generator.state == state, f"{name} drew numbers from rng: in evaluation mode nothing is drawn."
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_dropout_backward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# With the mask fixed, Y = X * mask; L = sum(dY * Y) has dL/dY = dY, and central differences give dL/dX.
rng = np.random.default_rng(0)
X = rng.normal(size=(4, 5))
mask = (rng.random(X.shape) >= 0.4) / 0.6             # a mask as dropout_forward makes it, p = 0.4
dY = rng.normal(size=(4, 5))
dX = call("dropout_backward(dY, mask)", dropout_backward, dY, mask, keep_inputs=True)
check_shape("dX", dX, ("N", "D"), dims={"N": 4, "D": 5})
X_check = X.copy()
num_dX = numerical_gradient(lambda _: np.sum(dY * (X_check * mask)), X_check)
check_close("dX of dropout_backward(dY, mask)", dX, num_dX, rtol=1e-6, atol=1e-8, mistakes={
    "the mask is missing: Y = X * mask, so dX = dY * mask (a dropped entry passes no gradient back).": dY,
    "the kept entries are not scaled in dX: the mask is already scaled by 1 / (1 - p), so dX = dY * mask, not dY * (mask > 0).":
        dY * (mask > 0),
})
assert rel_error(dX, num_dX) < 1e-7, f"dX: relative error {rel_error(dX, num_dX):.1e} against central differences; expected below 1e-7."
check_vectorized("dropout_backward")
check_no_library("dropout_backward")
### BEGIN HIDDEN TESTS
rng_cases = np.random.default_rng(8600)
for case in range(5):
    N, D = int(rng_cases.integers(1, 15)), int(rng_cases.integers(1, 8))
    p = float(rng_cases.uniform(0.05, 0.9))
    mask = np.ones((N, D)) if case == 0 else (rng_cases.random((N, D)) >= p) / (1 - p)
    dY = rng_cases.normal(size=(N, D))
    X_check = rng_cases.normal(size=(N, D))
    name = f"dropout_backward(dY, mask) with dY ({N}, {D}), p = {p:.3g}" if case else "dropout_backward(dY, mask) with a mask of ones"
    dX = call(name, dropout_backward, dY, mask, keep_inputs=True)
    num_dX = numerical_gradient(lambda _: np.sum(dY * (X_check * mask)), X_check)
    check_close(f"dX of {name}", dX, num_dX, rtol=1e-6, atol=1e-8, dims={"N": N, "D": D}, mistakes={
        "the mask is missing: dX = dY * mask.": dY, "the kept entries are not scaled in dX: dX = dY * mask.": dY * (mask > 0)})
    assert rel_error(dX, num_dX) < 1e-7, f"dX of {name}: relative error {rel_error(dX, num_dX):.1e} against central differences."
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part2", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3: the weight-decay penalty (2 points)
#
# Lecture 08. **L2 regularization** adds to the loss a penalty on the size of the weights,
#
# $$
# R = \frac{\lambda}{2} \sum_{W} \|W\|^2 = \frac{\lambda}{2} \sum_{W} \sum_{d, k} W_{dk}^2,
# \qquad \frac{\partial R}{\partial W} = \lambda W, \qquad \frac{\partial R}{\partial b} = 0,
# $$
#
# where the sum runs over the **weight matrices** only. The $\frac12$ is there so that the
# gradient is $\lambda W$: a step of gradient descent on $L + R$ is then
# $W \leftarrow W - \eta (\partial L/\partial W + \lambda W) = (1 - \eta\lambda) W - \eta\, \partial L/\partial W$,
# which shrinks ("decays") every weight by the factor $1 - \eta\lambda$ before the usual step.
#
# The **biases are not penalized**. A weight sets how strongly a unit responds to an input: large
# weights make steep, wiggly functions, and that is what the penalty restrains. A bias only shifts
# a unit's threshold; it does not make the function any steeper. There are few biases, one per
# unit, so they are well determined by the data anyway, and pulling them towards 0 would only push
# every threshold towards the origin, a restriction that costs accuracy without making the
# function simpler (Goodfellow, Bengio and Courville, *Deep Learning*, 2016, chapter 7).
#
# Write `l2_penalty(params, lam)`: `params` is a dict of arrays with `dlf`'s names, the weight
# matrix of each `Linear` under a key that ends in `W` (`"0.W"`, `"2.W"`, or just `"W"`) and its
# bias under a key that ends in `b`. Return the tuple `(R, grads)`: the penalty $R$ as a float, and
# a dict `grads` with **the same keys** as `params` and, under each, the gradient of $R$ with
# respect to that array ($\lambda W$ for a weight matrix, zeros of its shape for a bias). Leave
# `params` unchanged: the gradients are new arrays.

# %% nbgrader={"grade": false, "grade_id": "l2_penalty", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l2_penalty(params, lam):
    """The weight-decay penalty lam/2 * sum of ||W||^2 over the weight matrices, and its gradient; returns (R, grads)."""
    ### BEGIN SOLUTION
    R, grads = 0.0, {}
    for key, value in params.items():
        if key.endswith("W"):                                # a weight matrix: penalized
            R += 0.5 * lam * float(np.sum(value**2))
            grads[key] = lam * value
        else:                                                # a bias: not penalized
            grads[key] = np.zeros_like(value, dtype=float)
    return R, grads
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_l2_penalty", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# A network 2 -> 2 -> 1 with lam = 0.1:
#   the weights: 0.W = [[1, -2], [3, 0]] and 2.W = [[1], [2]], sum of squares 1 + 4 + 9 + 0 + 1 + 4 = 19
#   R = lam / 2 * 19 = 0.95; the biases 0.b = (5, -5) and 2.b = (1,) are not penalized.
params = {"0.W": np.array([[1.0, -2.0], [3.0, 0.0]]), "0.b": np.array([5.0, -5.0]),
          "2.W": np.array([[1.0], [2.0]]), "2.b": np.array([1.0])}
no_half = "the 1/2 is missing: R = lam/2 * sum of ||W||^2, whose gradient is lam W."
biases_decayed = ("the biases are penalized too: sum over the weight matrices only (keys ending in W); the gradient "
                  "of R with respect to a bias is 0.")
sign = "sign error: R = +lam/2 * sum of ||W||^2 is added to the loss, and its gradient is +lam W."
out = call("l2_penalty(params, lam=0.1)", l2_penalty, params, 0.1, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 2, f"l2_penalty must return the tuple (R, grads); got {type(out).__name__}"
R, grads = out
check_type("R of l2_penalty(params, lam=0.1)", R, float)
check_close("R of l2_penalty(params, lam=0.1)", R, 0.95, mistakes={
    no_half: 1.9,
    biases_decayed: 0.05 * (19 + 25 + 25 + 1),
    no_half + " And " + biases_decayed: 0.1 * (19 + 25 + 25 + 1),
    sign: -0.95,
    "the norms are not squared: R = lam/2 * sum of ||W||^2, the sum of the squares of the weights.": 0.05 * (np.sqrt(14) + np.sqrt(5)),
    "R is lam/2 times the SUM of the squared weights, not their mean.": 0.05 * (14 / 4 + 5 / 2),
})
assert isinstance(grads, dict) and sorted(grads) == sorted(params), (
    f"l2_penalty must return a dict grads with the same keys as params, {sorted(params)} (zeros for the biases); got "
    + (f"the keys {sorted(grads)}" if isinstance(grads, dict) else type(grads).__name__))
for key, value in params.items():
    if key.endswith("W"):
        check_close(f"grads[{key!r}] of l2_penalty(params, lam=0.1)", grads[key], 0.1 * value, mistakes={
            "the gradient is 2 lam W: with the 1/2 in R = lam/2 * sum of ||W||^2, the gradient is lam W.": 0.2 * value,
            "the gradient is lam/2 W: the derivative of lam/2 * W^2 is lam W (the 2 of the square cancels the 1/2).": 0.05 * value,
            sign: -0.1 * value,
        })
    else:
        check_close(f"grads[{key!r}] of l2_penalty(params, lam=0.1)", grads[key], np.zeros_like(value), mistakes={
            biases_decayed: 0.1 * value,
            "a bias is not penalized, so its gradient is zeros of its shape, not the bias itself.": value,
        })
check_no_library("l2_penalty")
### BEGIN HIDDEN TESTS
def reference_penalty(params, lam):
    return 0.5 * lam * sum(float(np.sum(value**2)) for key, value in params.items() if key.endswith("W"))


rng_cases = np.random.default_rng(8700)
for case in range(7):
    if case == 0:
        sizes, lam = [3, 2], 0.5
        params = {"W": rng_cases.normal(size=(3, 2)), "b": rng_cases.normal(size=2)}
    else:
        sizes = [int(s) for s in rng_cases.integers(1, 6, size=int(rng_cases.integers(2, 5)))]
        lam = 0.0 if case == 1 else float(10 ** rng_cases.uniform(-4, 0.5))
        params = {}
        for i, (D, K) in enumerate(zip(sizes[:-1], sizes[1:])):
            params[f"{2 * i}.W"] = 3 * rng_cases.normal(size=(D, K))
            params[f"{2 * i}.b"] = 3 * rng_cases.normal(size=K)
    name = f"l2_penalty(params, lam={lam:.4g}) for the layer sizes {sizes}"
    want_R = reference_penalty(params, lam)
    all_R = 0.5 * lam * sum(float(np.sum(value**2)) for value in params.values())
    out = call(name, l2_penalty, params, lam, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return the tuple (R, grads)"
    R, grads = out
    check_type(f"R of {name}", R, float)
    check_close(f"R of {name}", R, want_R, rtol=1e-10, atol=1e-12, mistakes={
        no_half: 2 * want_R, biases_decayed: all_R, sign: -want_R})
    assert isinstance(grads, dict) and sorted(grads) == sorted(params), (
        f"{name}: grads must have the same keys as params, {sorted(params)}; got "
        + (f"the keys {sorted(grads)}" if isinstance(grads, dict) else type(grads).__name__))
    copies = {key: value.copy() for key, value in params.items()}
    for key in copies:
        num = numerical_gradient(lambda _: reference_penalty(copies, lam), copies[key])
        check_close(f"grads[{key!r}] of {name} (against central differences of R)", grads[key], num, rtol=1e-6,
                    atol=1e-8, mistakes={
                        "the gradient is 2 lam W: with the 1/2 in R, the gradient is lam W.": 2 * lam * params[key],
                        biases_decayed: lam * params[key], sign: -num})
        if key.endswith("W") and lam > 0:
            assert rel_error(grads[key], num) < 1e-7, (
                f"grads[{key!r}] of {name}: relative error {rel_error(grads[key], num):.1e} against central differences.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part3", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 4: early stopping (4 points)
#
# Lecture 08. Training longer lowers the training loss, but after a while the validation loss
# rises again: the network starts to fit the noise of its training set. **Early stopping** watches
# the validation loss after every epoch, remembers the parameters of the epoch where it was
# lowest, stops when it has not improved for `patience` epochs in a row, and puts those best
# parameters back.
#
# Write `train_with_early_stopping(params, train_epoch, val_loss, *, epochs, patience)`:
#
# - `params` is the model's dict of parameter arrays (`model.params`). Training changes these
#   arrays **in place**; the model and its optimizer hold the arrays themselves.
# - `train_epoch()` trains the model for one epoch (it changes the arrays of `params`) and returns
#   the mean training loss of that epoch; `val_loss()` returns the loss of the model, as it is
#   now, on the validation set. (The cell after the tests shows how they are made from a `dlf`
#   model, an optimizer and the data.)
# - For epoch $e = 0, 1, \dots$, at most `epochs` epochs: train one epoch, then measure the
#   validation loss. It **improves** when it is strictly lower than the lowest validation loss so
#   far (the first epoch always improves): then remember the epoch and a **copy** of the
#   parameters. If it does not improve, and $e$ is already `patience` epochs after the best epoch,
#   stop. (So with the best epoch $j$, the epochs $j + 1, \dots, j + $ `patience` all run, and
#   training stops after epoch $j + $ `patience`.)
# - When training stops, early or after `epochs` epochs, **put the remembered parameters back in
#   place**: write them into the arrays of `params` (`params[key][...] = best[key]`).
# - Return the tuple `(best_epoch, history)`: the epoch whose parameters were put back (counted from
#   0), and a dict `history` with the lists `history["loss"]` (the training losses that
#   `train_epoch` returned) and `history["val_loss"]` (the validation losses), one entry per epoch
#   run.
#
# Two traps. A copy is a new array: `best = params`, `dict(params)` or
# `{key: W for key, W in params.items()}` holds *the same arrays* as `params`, which the next
# epochs keep changing. And `params[key] = best[key]` puts a new array in the dict but leaves the
# model's own arrays as they were. Write the loop yourself (no `dlf`: its `fit` has a `patience` of
# its own).

# %% nbgrader={"grade": false, "grade_id": "early_stopping", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_with_early_stopping(params, train_epoch, val_loss, *, epochs, patience):
    """Train for at most `epochs` epochs, stop after `patience` epochs without improvement of val_loss(),
    put back the parameters of the best epoch in place; returns (best_epoch, history)."""
    ### BEGIN SOLUTION
    history = {"loss": [], "val_loss": []}
    best_loss, best_epoch, best = np.inf, 0, None
    for epoch in range(epochs):
        history["loss"].append(train_epoch())
        history["val_loss"].append(val_loss())
        if history["val_loss"][-1] < best_loss:              # strictly lower: an improvement
            best_loss, best_epoch = history["val_loss"][-1], epoch
            best = {key: W.copy() for key, W in params.items()}   # copies, not the live arrays
        elif epoch - best_epoch >= patience:
            break
    for key, W in params.items():                            # in place: the model holds these arrays
        W[...] = best[key]
    return best_epoch, history
    ### END SOLUTION


# %% [markdown] nbgrader={"grade": false, "grade_id": "scripted_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The tests give your function a stand-in for a real training run, `ScriptedTraining` (below): its
# parameters jump to new values at every epoch, and its training and validation losses are
# written in advance, so that the right answer is known exactly.

# %% nbgrader={"grade": false, "grade_id": "scripted", "locked": true, "schema_version": 3, "solution": false, "task": false}
class ScriptedTraining:
    """A training run written in advance: after epoch e (from 0), the parameters have the values after[e],
    train_epoch() returns train_losses[e], and val_loss() the validation loss of the parameters it sees."""

    def __init__(self, train_losses, val_losses, seed=0):
        rng = np.random.default_rng(seed)
        shapes = {"0.W": (2, 3), "0.b": (3,), "2.W": (3, 2), "2.b": (2,)}
        self.params = {key: rng.normal(size=shape) for key, shape in shapes.items()}
        self.arrays = dict(self.params)          # the arrays themselves, as a model holds them
        self.after = [{key: rng.normal(size=shape) for key, shape in shapes.items()} for _ in val_losses]
        self.train_losses, self.val_losses = list(train_losses), list(val_losses)
        self.epochs_run = 0

    def train_epoch(self):
        if self.epochs_run == len(self.after):
            raise RuntimeError(f"train_epoch was called more than epochs = {len(self.after)} times")
        for key, array in self.arrays.items():
            array[...] = self.after[self.epochs_run][key]          # in place, as an optimizer does
        self.epochs_run += 1
        return self.train_losses[self.epochs_run - 1]

    def epoch_of_parameters(self):
        """The epoch whose parameters the arrays hold now (-1: none of them, e.g. the initial ones)."""
        for epoch, values in enumerate(self.after):
            if all(np.array_equal(self.arrays[key], values[key]) for key in values):
                return epoch
        return -1

    def val_loss(self):
        epoch = self.epoch_of_parameters()
        return self.val_losses[epoch] if epoch >= 0 else 10.0


# %% nbgrader={"grade": true, "grade_id": "test_early_stopping", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# The stopping rule, epochs = 14, patience = 3. The validation loss is lowest at epoch 4 (0.55); epoch 6 ties it
# (not an improvement), epochs 5, 6, 7 do not improve, so training stops after epoch 7: 8 epochs run, best_epoch = 4.
val = [0.90, 0.70, 0.75, 0.72, 0.55, 0.60, 0.55, 0.62, 0.64, 0.58, 0.66, 0.70, 0.75, 0.80]
train = [0.80, 0.62, 0.55, 0.50, 0.46, 0.43, 0.40, 0.38, 0.36, 0.34, 0.32, 0.31, 0.30, 0.29]   # always falls
STOPPING = {
    (10, 6): "an equal validation loss counted as an improvement (<= instead of <): epoch 6 only ties the best, "
             "0.55; an improvement is a strictly lower loss.",
    (9, 4): "one epoch too many: with the best epoch j, training stops after epoch j + patience (here 4 + 3 = 7), "
            "so 8 epochs run.",
    (4, 1): "one epoch too few: with the best epoch j, the epochs j + 1, ..., j + patience all run (here, with the "
            "best epoch 1 so far, the epochs 2, 3, 4), and training stops after epoch j + patience only if none improves.",
    (6, 4): "training stopped after 3 epochs without improvement in all, not in a row: start counting again "
            "(from the best epoch) whenever the validation loss improves.",
    (13, 4): "you compared each validation loss with the previous epoch's; compare it with the lowest so far.",
    (14, 4): "training never stopped early: stop once the validation loss has not improved for patience epochs in a row.",
    (14, 13): "you watched the training loss (which always falls here), not the validation loss: early stopping "
              "watches val_loss(), the loss on data that training never sees.",
    (8, 5): "best_epoch is counted from 1: count the epochs from 0, as the history's lists do (best_epoch 4 is "
            "history['val_loss'][4]).",
}
run = ScriptedTraining(train, val)
out = call("train_with_early_stopping(params, train_epoch, val_loss, epochs=14, patience=3)", train_with_early_stopping,
           run.params, run.train_epoch, run.val_loss, epochs=14, patience=3)
assert isinstance(out, tuple) and len(out) == 2, (
    f"train_with_early_stopping must return the tuple (best_epoch, history); got {type(out).__name__}")
best_epoch, history = out
check_type("best_epoch", best_epoch, int)
check_close("(the number of epochs run, best_epoch) with the validation losses above and patience = 3",
            np.array([run.epochs_run, best_epoch]), np.array([8, 4]), rtol=0, atol=0,
            mistakes={hint: np.array(wrong) for wrong, hint in STOPPING.items()})
assert isinstance(history, dict) and isinstance(history.get("loss"), list) and isinstance(history.get("val_loss"), list), (
    "history must be a dict with the lists history['loss'] and history['val_loss']; got "
    + (f"the keys {sorted(history)}" if isinstance(history, dict) else type(history).__name__))
check_close("history['val_loss']: the validation losses of the 8 epochs run", np.array(history["val_loss"]),
            np.array(val[:8]), rtol=1e-12)
check_close("history['loss']: the training losses that train_epoch returned in the 8 epochs run",
            np.array(history["loss"]), np.array(train[:8]), rtol=1e-12, mistakes={
                "history['loss'] holds the validation losses: it holds what train_epoch() returns.": np.array(val[:8])})
check_no_library("train_with_early_stopping", skip=("train_epoch", "val_loss"))  # the functions it is given
### BEGIN HIDDEN TESTS
def stopping(val, train, epochs, patience, rule="right"):
    # (epochs run, best_epoch) of a loop that follows one rule: the right one, or a known mistake
    watched = train if rule == "train" else val
    best, best_epoch, bad = np.inf, 0, 0
    for epoch in range(epochs):
        v = watched[epoch]
        improved = v <= best if rule == "le" else v < best
        if rule == "previous":
            bad = 0 if epoch == 0 or v < watched[epoch - 1] else bad + 1
        elif rule == "not_reset":
            bad += 0 if improved else 1
        else:
            bad = 0 if improved else epoch - best_epoch
        if improved:
            best, best_epoch = v, epoch
        limit = {"extra": patience + 1, "early": patience - 1}.get(rule, patience)
        if rule != "never" and not improved and bad >= limit:
            break
    return epoch + 1, best_epoch + (rule == "one_based")


RULES = {
    "le": "an equal validation loss counted as an improvement (<= instead of <); an improvement is strictly lower.",
    "extra": "one epoch too many: with the best epoch j, training stops after epoch j + patience.",
    "early": "one epoch too few: with the best epoch j, the epochs j + 1, ..., j + patience all run.",
    "not_reset": "the epochs without improvement were counted in all, not in a row: start again after an improvement.",
    "previous": "you compared each validation loss with the previous epoch's; compare it with the lowest so far.",
    "never": "training never stopped early: stop once the validation loss has not improved for patience epochs.",
    "train": "you watched the training loss, not the validation loss that val_loss() returns.",
    "one_based": "best_epoch is counted from 1: count the epochs from 0.",
}
rng_cases = np.random.default_rng(8800)
scenarios = [([0.5, 0.6, 0.7, 0.8, 0.9], 5, 1), ([0.5, 0.4, 0.3, 0.2, 0.1], 5, 2), ([0.7], 1, 3),
             ([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 6, 2), ([0.9, 0.8, 0.8, 0.8, 0.7, 0.9], 6, 10)]
for case in range(10):
    epochs = int(rng_cases.integers(8, 30))
    walk = 1.0 + np.cumsum(rng_cases.choice([-0.1, -0.05, 0.0, 0.05, 0.1], size=epochs, p=[0.3, 0.2, 0.15, 0.2, 0.15]))
    scenarios.append((list(np.round(walk, 2)), epochs, int(rng_cases.integers(1, 6))))
for case, (val, epochs, patience) in enumerate(scenarios):
    train = list(np.linspace(1.0, 0.2, len(val)) if case % 2 else np.linspace(0.9, 0.3, len(val)) ** 2)
    run = ScriptedTraining(train, val, seed=8900 + case)
    name = (f"train_with_early_stopping(params, train_epoch, val_loss, epochs={epochs}, patience={patience}) with the "
            f"validation losses {val}")
    out = call(name, train_with_early_stopping, run.params, run.train_epoch, run.val_loss, epochs=epochs, patience=patience)
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return the tuple (best_epoch, history)"
    best_epoch, history = out
    check_type(f"best_epoch of {name}", best_epoch, int)
    want = np.array(stopping(val, train, epochs, patience))
    mistakes = {}
    for rule, hint in RULES.items():
        wrong = np.array(stopping(val, train, epochs, patience, rule))
        if not np.array_equal(wrong, want):
            mistakes.setdefault(hint, wrong)
    check_close(f"(the number of epochs run, best_epoch) of {name}", np.array([run.epochs_run, best_epoch]), want,
                rtol=0, atol=0, mistakes=mistakes)
    runs = int(want[0])
    assert isinstance(history, dict) and isinstance(history.get("loss"), list) and isinstance(history.get("val_loss"), list), (
        f"{name}: history must be a dict with the lists history['loss'] and history['val_loss']")
    check_close(f"history['val_loss'] of {name}", np.array(history["val_loss"]), np.array(val[:runs]), rtol=1e-12)
    check_close(f"history['loss'] of {name}", np.array(history["loss"]), np.array(train[:runs]), rtol=1e-12)
# A real network on the moons: the same epochs as dlf's fit with patience (which follows the same rule).
for seed, patience in ((81, 3), (82, 6)):
    models = []
    for _ in range(2):
        rng = np.random.default_rng(seed)
        models.append((Sequential(Linear(2, 32, rng=rng), ReLU(), Linear(32, 2, rng=rng)), rng))
    (model, rng), (twin, twin_rng) = models
    want = fit(twin, X_train, y_train, optimizer=Adam(lr=0.01), epochs=40, batch_size=25, rng=twin_rng,
               X_val=X_val, y_val=y_val, patience=patience)
    optimizer = Adam(lr=0.01)

    def net_train_epoch():
        return fit(model, X_train, y_train, optimizer=optimizer, epochs=1, batch_size=25, rng=rng)["loss"][0]

    def net_val_loss():
        model.eval()
        loss = float(softmax_cross_entropy(model.forward(X_val), y_val)[0])
        model.train()
        return loss

    name = f"train_with_early_stopping on a network of dlf trained on the moons (epochs=40, patience={patience})"
    out = call(name, train_with_early_stopping, model.params, net_train_epoch, net_val_loss, epochs=40, patience=patience)
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return the tuple (best_epoch, history)"
    check_close(f"(the number of epochs run, best_epoch) of {name}, against dlf.train.fit(..., patience={patience})",
                np.array([len(out[1]["val_loss"]), out[0]]), np.array([want["stopped_epoch"] + 1, want["best_epoch"]]),
                rtol=0, atol=0)
    check_close(f"history['val_loss'] of {name}", np.array(out[1]["val_loss"]), np.array(want["val_loss"]), rtol=1e-9)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_restore_best", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# The parameters put back, epochs = 10, patience = 2. The validation loss is lowest at epoch 2; training stops after
# epoch 4. The arrays of params must then hold the values they had after epoch 2 (the same arrays, written in place).
# (Here the training loss equals the validation loss, so that this cell checks the parameters, whatever the rule.)
val = [0.90, 0.60, 0.40, 0.50, 0.45, 0.70, 0.80, 0.85, 0.90, 0.95]
run = ScriptedTraining(val, val, seed=1)
out = call("train_with_early_stopping(params, train_epoch, val_loss, epochs=10, patience=2)", train_with_early_stopping,
           run.params, run.train_epoch, run.val_loss, epochs=10, patience=2)
assert isinstance(out, tuple) and len(out) == 2, (
    f"train_with_early_stopping must return the tuple (best_epoch, history); got {type(out).__name__}")
assert run.epochs_run > 0, "train_with_early_stopping never called train_epoch()."


def restored_check(run, val, name):
    # the arrays of run must hold, in place, the parameters of an epoch with the lowest validation loss among those run
    replaced = sorted(key for key in run.arrays if run.params[key] is not run.arrays[key])
    assert not replaced, (
        f"{name}: params[{replaced[0]!r}] is a new array, not the one it was: you put the best values in the dict "
        "(params[key] = ...), but the model and its optimizer hold the arrays themselves and do not see it. Write into "
        "the arrays: params[key][...] = best[key].")
    lowest = np.flatnonzero(np.array(val[:run.epochs_run]) == min(val[:run.epochs_run]))
    best, last = int(lowest[0]), run.epochs_run - 1
    got = np.concatenate([run.arrays[key].ravel() for key in sorted(run.arrays)])
    values = lambda epoch: np.concatenate([run.after[epoch][key].ravel() for key in sorted(run.arrays)])
    if any(np.array_equal(got, values(epoch)) for epoch in lowest):
        return                                      # (with a tie, the parameters of any of the lowest will do here)
    mistakes = {
        f"the parameters are those of the last epoch run ({last}), not those of the best epoch ({best}): either they "
        "were not put back, or the remembered 'best' parameters are the same arrays as params (best = params, "
        "dict(params), {key: W for ...} without .copy()), which the next epochs kept changing. Remember copies, "
        "{key: W.copy() for key, W in params.items()}, and put them back in place, params[key][...] = best[key].": values(last),
    }
    if best > 0:
        mistakes[f"the parameters put back are those of epoch {best - 1}, the epoch before the best one ({best}): take "
                 "the copy after the epoch's training, of the parameters whose validation loss you just measured."] = values(best - 1)
    check_close(f"the parameters after {name} (all arrays, flattened, in the order of their keys), against those "
                f"after epoch {best}", got, values(best), rtol=1e-15, atol=0, mistakes=mistakes)


restored_check(run, val, "train_with_early_stopping(params, train_epoch, val_loss, epochs=10, patience=2)")
check_no_library("train_with_early_stopping", skip=("train_epoch", "val_loss"))  # the functions it is given
### BEGIN HIDDEN TESTS
rng_cases = np.random.default_rng(9000)
scenarios = [([0.3, 0.5, 0.6, 0.7], 4, 1), ([0.9, 0.8, 0.7], 3, 5), ([0.8, 0.2, 0.9, 0.1, 0.95, 0.97, 0.99], 7, 2)]
for case in range(6):
    epochs = int(rng_cases.integers(6, 25))
    walk = 1.0 + np.cumsum(rng_cases.normal(0.0, 0.1, size=epochs))
    scenarios.append((list(np.round(walk, 3)), epochs, int(rng_cases.integers(1, 5))))
for case, (val, epochs, patience) in enumerate(scenarios):
    run = ScriptedTraining(val, val, seed=9100 + case)
    name = f"train_with_early_stopping(params, train_epoch, val_loss, epochs={epochs}, patience={patience}) with the validation losses {val}"
    out = call(name, train_with_early_stopping, run.params, run.train_epoch, run.val_loss, epochs=epochs, patience=patience)
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return the tuple (best_epoch, history)"
    assert run.epochs_run > 0, f"{name} never called train_epoch()."
    restored_check(run, val, name)
# A real network of dlf on the moons: its own arrays hold the parameters of the epoch with the lowest validation loss.
# (train_epoch returns the validation loss here too, so that this cell checks the parameters, whatever the rule.)
for seed, patience in ((91, 2), (92, 5)):
    rng = np.random.default_rng(seed)
    model = Sequential(Linear(2, 32, rng=rng), ReLU(), Linear(32, 32, rng=rng), ReLU(), Linear(32, 2, rng=rng))
    arrays = model.params
    optimizer = AdamW(lr=0.02)
    seen, snapshots = [], []

    def net_val_loss():
        model.eval()
        loss = float(softmax_cross_entropy(model.forward(X_val), y_val)[0])
        model.train()
        return loss

    def net_train_epoch():
        fit(model, X_train, y_train, optimizer=optimizer, epochs=1, batch_size=25, rng=rng)
        snapshots.append({key: W.copy() for key, W in arrays.items()})
        seen.append(net_val_loss())
        return seen[-1]

    name = f"train_with_early_stopping on a network of dlf trained on the moons (epochs=40, patience={patience})"
    call(name, train_with_early_stopping, model.params, net_train_epoch, net_val_loss, epochs=40, patience=patience)
    assert snapshots, f"{name} never called train_epoch()."
    best, last = int(np.argmin(seen)), len(seen) - 1
    got = np.concatenate([arrays[key].ravel() for key in sorted(arrays)])
    values = lambda epoch: np.concatenate([snapshots[epoch][key].ravel() for key in sorted(arrays)])
    mistakes = {} if best == last else {
        f"the network's parameters are those of the last epoch run ({last}), not those of the best epoch ({best}).": values(last)}
    check_close(f"the parameters of the network after {name}, against those after epoch {best}", got, values(best),
                rtol=1e-15, atol=0, mistakes=mistakes)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "demo_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Your early stopping on a real network: `epoch_trainer` and `validation_loss` make `train_epoch`
# and `val_loss` from a `dlf` model, an optimizer and the data. The network, two hidden layers of 64
# units, is large for 100 points; it gets at most 300 epochs.

# %% nbgrader={"grade": false, "grade_id": "demo", "locked": true, "schema_version": 3, "solution": false, "task": false}
def epoch_trainer(model, optimizer, X_train, y_train, *, rng, batch_size=25):
    """train_epoch(): one epoch of dlf.train.fit on (X_train, y_train), in place; returns the mean training loss."""
    def train_epoch():
        return fit(model, X_train, y_train, optimizer=optimizer, epochs=1, batch_size=batch_size, rng=rng)["loss"][0]
    return train_epoch


def validation_loss(model, X_val, y_val):
    """val_loss(): the mean cross-entropy of model on (X_val, y_val), in evaluation mode."""
    def val_loss():
        model.eval()
        loss, _ = softmax_cross_entropy(model.forward(X_val), y_val)
        model.train()
        return float(loss)
    return val_loss


rng = np.random.default_rng(4)
model = Sequential(Linear(2, 64, rng=rng), ReLU(), Linear(64, 64, rng=rng), ReLU(), Linear(64, 2, rng=rng))
best_epoch, history = train_with_early_stopping(
    model.params, epoch_trainer(model, Adam(lr=0.002), X_train, y_train, rng=rng),
    validation_loss(model, X_val, y_val), epochs=300, patience=20)
print(f"{len(history['val_loss'])} epochs run; the validation loss was lowest after epoch {best_epoch} (from 0): "
      f"{history['val_loss'][best_epoch]:.3f} (training loss {history['loss'][best_epoch]:.3f}); after the last epoch "
      f"it was {history['val_loss'][-1]:.3f} (training loss {history['loss'][-1]:.3f})")
print(f"the network, with the parameters of epoch {best_epoch} put back: validation accuracy {accuracy(model, X_val, y_val):.2f}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "part4", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 5: choosing a network with the validation set (2 points)
#
# Lecture 08. Every choice made by looking at a data set, a width, a dropout probability, a weight
# decay, fits the choice to that data set a little. So the choices are made on the **validation
# set**, and the **test set** is looked at once, at the very end, to measure the network that was
# chosen: a number measured on data that no choice has seen.
#
# A candidate is a dict such as `{"H": 64, "p": 0.5, "weight_decay": 0.01}`: two hidden layers of
# `H` ReLU units, dropout with probability `p` after each, and AdamW with that weight decay. The
# helper `train_candidate(config, X_train, y_train, rng=rng)` (given below) builds one and trains it
# on the data it is given; `accuracy(model, X, y)` of `dlf.train` measures it.
#
# Write `select_model(candidates, X_train, y_train, X_val, y_val, *, rng)`. Train the candidates
# **in the order of the list**, each with `train_candidate(config, X_train, y_train, rng=rng)` and
# the generator `rng` it is given (no other: the tests train the same networks to check yours),
# measure each on the validation data **it is given**, and return the tuple
# `(best, val_accuracies)`: `val_accuracies` the list of their validation accuracies, in the order
# of the candidates, and `best` the index of the candidate with the highest one (the first of
# them if several tie). Train on the training data you are given, and never look at `X_test`,
# `y_test`.

# %% nbgrader={"grade": false, "grade_id": "candidates", "locked": true, "schema_version": 3, "solution": false, "task": false}
def train_candidate(config, X_train, y_train, *, rng):
    """Build the network that config describes, train it on (X_train, y_train) with rng, and return it."""
    H, p = config["H"], config["p"]
    D, C = X_train.shape[1], int(np.max(y_train)) + 1
    model = Sequential(Linear(D, H, rng=rng), ReLU(), Dropout(p, rng=rng),
                       Linear(H, H, rng=rng), ReLU(), Dropout(p, rng=rng),
                       Linear(H, C, rng=rng))
    fit(model, X_train, y_train, optimizer=AdamW(lr=0.02, weight_decay=config["weight_decay"]), epochs=40,
        batch_size=50, rng=rng)
    return model


CANDIDATES = [
    {"H": 4, "p": 0.0, "weight_decay": 0.0},       # small
    {"H": 64, "p": 0.0, "weight_decay": 0.0},      # large, not regularized
    {"H": 64, "p": 0.5, "weight_decay": 0.01},     # large, with dropout
    {"H": 16, "p": 0.2, "weight_decay": 0.1},      # medium, with dropout and weight decay
]

# %% nbgrader={"grade": false, "grade_id": "select_model", "locked": false, "schema_version": 3, "solution": true, "task": false}
def select_model(candidates, X_train, y_train, X_val, y_val, *, rng):
    """Train every candidate on the training data, measure it on the validation data; returns (best, val_accuracies)."""
    ### BEGIN SOLUTION
    val_accuracies = []
    for config in candidates:
        model = train_candidate(config, X_train, y_train, rng=rng)
        val_accuracies.append(accuracy(model, X_val, y_val))
    return int(np.argmax(val_accuracies)), val_accuracies   # argmax: the first of ties
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_select_model", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# The candidates of the cell above, with rng = np.random.default_rng(95). The test trains the same networks (in the
# order of the list, with a generator of the same seed) and measures them on the three sets.
not_here = ("scipy", "sklearn", "torch", "tensorflow", "keras", "jax", "autograd")   # dlf's accuracy is allowed
check_no_library("select_model", modules=not_here)


def reproduce(candidates, X_train, y_train, seed):
    rng = np.random.default_rng(seed)
    return [train_candidate(config, X_train, y_train, rng=rng) for config in candidates]


def measured(models, X, y):
    return np.array([accuracy(model, X, y) for model in models])


def check_selection(name, out, val_accuracies, other_sets, other_choices=()):
    # out: what select_model returned; other_sets: {hint: the accuracies a known mistake returns};
    # other_choices: (hint, the accuracies a known mistake chooses by), for a right list and a wrong choice
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return the tuple (best, val_accuracies); got {type(out).__name__}"
    best, got = out
    check_type(f"best of {name}", best, int)
    assert isinstance(got, (list, tuple, np.ndarray)), f"val_accuracies of {name} must be a list; got {type(got).__name__}"
    check_close(f"val_accuracies of {name}", np.asarray(got, dtype=float), val_accuracies, rtol=0, atol=1e-12,
                mistakes=other_sets)
    right = int(np.argmax(val_accuracies))
    if best != right:
        ties = np.flatnonzero(val_accuracies == val_accuracies.max())
        why = ("several candidates tie for the highest validation accuracy: return the first of them (np.argmax)."
               if best in ties else "best must be the index of the candidate with the highest validation accuracy.")
        for hint, accuracies in other_choices:
            if best == int(np.argmax(accuracies)):
                why = hint
                break
        raise AssertionError(f"best of {name}: expected {right}; got {best}, for the validation accuracies "
                             f"{[round(float(a), 3) for a in val_accuracies]}. {why}")


models = reproduce(CANDIDATES, X_train, y_train, 95)
val_acc, train_acc, test_acc = (measured(models, X, y) for X, y in ((X_val, y_val), (X_train, y_train), (X_test, y_test)))
test_set = ("these are the accuracies on the TEST set (X_test, y_test): choose on the validation set you are given; "
            "the test set measures the chosen network once, at the end, and no choice may look at it.")
training_set = ("these are the accuracies on the TRAINING set: a network that fits its training data best is not the "
                "one that works best on new data. Measure the candidates on the validation set you are given.")
out = call("select_model(CANDIDATES, X_train, y_train, X_val, y_val, rng=np.random.default_rng(95))", select_model,
           CANDIDATES, X_train, y_train, X_val, y_val, rng=np.random.default_rng(95), keep_inputs=True)
chose_by_test = "you chose the candidate that does best on the TEST set: choose on the validation set you are given."
chose_by_training = ("you chose the candidate that does best on the TRAINING set: it fits its training data best, which "
                     "does not make it the best on new data. Choose by the validation accuracies.")
check_selection("select_model(CANDIDATES, X_train, y_train, X_val, y_val, rng=np.random.default_rng(95))", out, val_acc, {
    test_set: test_acc, training_set: train_acc,
    "these are the candidates' validation ERROR rates, 1 - accuracy: return the accuracies.": 1 - val_acc,
}, [(chose_by_test, test_acc), (chose_by_training, train_acc),
    ("you chose the candidate with the LOWEST validation accuracy: choose the highest.", -val_acc)])
print(f"validation accuracies {np.round(val_acc, 3).tolist()}: you chose candidate {out[0]}")
### BEGIN HIDDEN TESTS
# 1. It follows the validation data it is given: here the validation labels are swapped (0 <-> 1), so the candidate
#    that the given validation data choose is the one that classifies the moons WORST, not the one the test set prefers.
flipped = 1 - y_val
want = measured(models, X_val, flipped)
assert int(np.argmax(want)) != int(np.argmax(test_acc)), "(the test is built so that the two choices differ)"
name = "select_model(CANDIDATES, X_train, y_train, X_val, 1 - y_val, rng=np.random.default_rng(95)), with the validation labels swapped"
out = call(name, select_model, CANDIDATES, X_train, y_train, X_val, flipped, rng=np.random.default_rng(95), keep_inputs=True)
check_selection(name, out, want, {test_set: test_acc, training_set: train_acc,
                                  "these are the accuracies on the notebook's X_val, y_val, not on the validation data passed to select_model.": val_acc},
                [(chose_by_test + " (Here the validation labels passed to select_model are swapped, so that the two choices differ.)", test_acc),
                 ("you chose by the notebook's X_val, y_val, not by the validation data passed to select_model.", val_acc)])
# 2. It trains on the training data it is given: the training points in another order, with the labels swapped.
rows = np.random.default_rng(9200).permutation(len(y_train))
X_given, y_given = X_train[rows], 1 - y_train[rows]
want = measured(reproduce(CANDIDATES, X_given, y_given, 96), X_val, 1 - y_val)
name = ("select_model(CANDIDATES, X, y, X_val, 1 - y_val, rng=np.random.default_rng(96)), with the training points in "
        "another order and all the labels swapped")
out = call(name, select_model, CANDIDATES, X_given, y_given, X_val, 1 - y_val, rng=np.random.default_rng(96), keep_inputs=True)
global_models = reproduce(CANDIDATES, X_train, y_train, 96)
check_selection(name, out, want, {
    "select_model trained the candidates on the notebook's X_train, y_train, not on the training data passed to it.":
        measured(global_models, X_val, 1 - y_val),
})
# 3. Ties: the first of the best; and other candidates, one alone.
few = [{"H": 8, "p": 0.0, "weight_decay": 0.0}, {"H": 8, "p": 0.0, "weight_decay": 0.0}, {"H": 32, "p": 0.1, "weight_decay": 0.0}]
for candidates, seed in ((CANDIDATES, 86), (few, 97), (few[2:], 98)):
    want = measured(reproduce(candidates, X_train, y_train, seed), X_val, y_val)
    name = f"select_model(candidates, X_train, y_train, X_val, y_val, rng=np.random.default_rng({seed})) with the candidates {candidates}"
    out = call(name, select_model, candidates, X_train, y_train, X_val, y_val, rng=np.random.default_rng(seed), keep_inputs=True)
    check_selection(name, out, want, {})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "final_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The choice, and the one measurement on the test set. Once a candidate is chosen, it is trained
# again on the training and the validation data together (more data, and nothing is left to
# choose), and measured once on the test set.

# %% nbgrader={"grade": false, "grade_id": "final", "locked": true, "schema_version": 3, "solution": false, "task": false}
best, val_accuracies = select_model(CANDIDATES, X_train, y_train, X_val, y_val, rng=np.random.default_rng(95))
for i, (config, acc) in enumerate(zip(CANDIDATES, val_accuracies)):
    print(f"candidate {i} {config}: validation accuracy {acc:.2f}" + ("  <- chosen" if i == best else ""))
final = train_candidate(CANDIDATES[best], np.concatenate([X_train, X_val]), np.concatenate([y_train, y_val]),
                        rng=np.random.default_rng(0))
print(f"the chosen network, trained on the training and validation sets: test accuracy {accuracy(final, X_test, y_test):.2f}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "part5", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 6: why the test set is used once (2 points, graded by your instructor)
#
# A classmate trains 50 configurations on these moons, picks the one with the highest
# validation accuracy, and reports that validation accuracy as "the accuracy of my network on
# new data". Then they measure it on the test set, find it lower, change the width, and measure
# on the test set again, until the test accuracy looks good.
#
# In the cell below, answer in 4 to 8 sentences:
#
# 1. Why is the best validation accuracy of 50 configurations an optimistic estimate of the
#    chosen network's accuracy on new data? (With only 50 validation points, think of what
#    chance does to 50 measured accuracies.)
# 2. What does the classmate's test accuracy measure after a few rounds of "change, test
#    again", and why?
# 3. What should they have done, and which number should they report?

# %% [markdown] nbgrader={"grade": true, "grade_id": "test_set_answer", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 2}
# 1. Each validation accuracy is the true accuracy plus noise: 50 points is a small sample (one
#    point is 2%, and the standard error of an accuracy near 0.9 is about 4%). Taking the
#    **maximum** of 50 noisy numbers picks the configuration whose noise happened to be most
#    favorable, so the maximum is biased upwards: the chosen network was selected *because* it
#    did well on these 50 points, and its accuracy on them is no longer an unbiased estimate
#    (the winner's curse; selection overfits the validation set).
# 2. Once the test set decides what to change, it has become a second validation set: the
#    configuration is now chosen to do well on those 50 test points, with the same upward bias.
#    The final test accuracy measures how well the choices were fitted to the test set, not the
#    accuracy on new data, and there is no untouched data left to tell.
# 3. Choose everything (configuration, epochs, weight decay, ...) on the validation set only;
#    then, once, measure the chosen network (possibly retrained on training + validation data)
#    on the test set and report **that** number, even if it disappoints. A number reported after
#    further changes needs a fresh test set.
#
# Rubric (2 points): 1 point for the selection bias of the maximum of noisy validation accuracies
# (the choice is fitted to the validation set); 1 point for seeing that reusing the test set to
# choose turns it into a validation set whose accuracy is then optimistic too, and for the remedy:
# choose on validation, measure on the test set once and report that number.

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 16 points (14 graded automatically, 2 by your instructor). Before you hand
# in, restart the kernel and run all cells (*Kernel > Restart Kernel and Run All Cells*), then
# **Validate**.
