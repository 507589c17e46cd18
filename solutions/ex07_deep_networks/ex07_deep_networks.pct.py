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
# # Exercise 07: deep networks
#
# **Total: 12 points. Estimated time: 75 minutes.** Goes with lecture 07 (deep networks) and
# section 7 of lecture 05 (initialization).
#
# Two pieces make deep ReLU networks trainable: an initialization that keeps the scale of the
# signal from layer to layer, and batch normalization, which re-normalizes every hidden feature
# at every step. You write both, then build and train a deep network on the digits to at least
# 94% accuracy on test digits it never saw, chosen on a validation set.
#
# | part | what you write | points |
# |---|---|---|
# | 1 | He initialization | 2 |
# | 2 | batch normalization, forward: training mode, running statistics, evaluation mode | 4 |
# | 3 | batch normalization, backward | 3 |
# | 4 | a deep network with batch normalization, trained on the digits | 3 |
#
# Notation: a batch $X$ is $(N, D)$, $N$ examples with $D$ features; a weight matrix $W$ is
# $(D, K)$; batch normalization acts on each of the $D$ features (columns) separately, and
# $\gamma$, $\beta$ and the running statistics have shape $(D,)$.
#
# **How to work.** Fill in every place that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button, or grade it yourself in a terminal: `make grade EX=ex07_deep_networks`.
# Do not change or delete the test cells: they are restored when your work is graded.
# Write parts 1 to 3 yourself with NumPy: do not call `dlf.init` or `dlf.layers.BatchNorm1d`
# for them (the tests compare your functions with them). In part 4 you may use the layers,
# optimizers and `fit` of `dlf`.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import time

import numpy as np

from dlf.data import load_digits, train_test_split
from dlf.gradcheck import numerical_gradient, rel_error
from coursegrader.checks import (call, check_analytic, check_close, check_no_library, check_shape, check_type,
                                 check_vectorized, replaced_in_notebook)
from dlf.layers import BatchNorm1d, Layer, Linear, ReLU, Sequential
from dlf.optim import SGD, Adam, AdamW
from dlf.train import accuracy, fit

# The digits of lectures 06 and 07 (8x8 images, D = 64 pixels, C = 10 classes), with the same split: a training
# set, and a validation set to look at while you choose (layers, learning rate, epochs). The other half of the
# held-out digits is the test set: the grader measures your network on it once, and this notebook never shows it.
X_digits, y_digits = load_digits()
X_train, X_held, y_train, y_held = train_test_split(X_digits, y_digits, test_size=0.25, rng=np.random.default_rng(0))
X_val, _, y_val, _ = train_test_split(X_held, y_held, test_size=0.5, rng=np.random.default_rng(1))
print(f"training set: X_train {X_train.shape}, validation set: X_val {X_val.shape}")


# %% [markdown] nbgrader={"grade": false, "grade_id": "part1", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 1: He initialization (2 points)
#
# Lecture 05, section 7.2. A unit $z = \sum_{d=1}^{D} a_d W_{dk}$ of a layer with $D$ inputs has
# variance $D\, \mathrm{Var}(W)\, \mathbb{E}[a^2]$. After a ReLU, which zeroes half of its inputs,
# $\mathbb{E}[a^2]$ is half the variance of the previous layer's $z$; so the scale of the
# signal is kept from layer to layer when $D\,\mathrm{Var}(W) = 2$. **He** (or Kaiming)
# initialization draws every weight independently from
#
# $$W_{dk} \sim \mathcal{N}\!\left(0, \frac{2}{D}\right), \qquad W \text{ of shape } (D, K).$$
#
# Write `he_init(D, K, rng)`, returning such a $W$ of shape $(D, K)$, drawn from the random
# generator `rng` that it is given (a `np.random.Generator`; never from `np.random` directly,
# nor from a generator of your own, so that a seed makes the network reproducible). Draw all
# $D K$ weights at once, with one call of `rng.normal` of size `(D, K)`: with the same
# generator, your weights are then exactly those of `dlf.init.he_normal`, which the tests
# compare them with. Mind what `rng.normal(loc, scale, size)` expects as its `scale`.

# %% nbgrader={"grade": false, "grade_id": "he_init", "locked": false, "schema_version": 3, "solution": true, "task": false}
def he_init(D, K, rng):
    """He initialization: a (D, K) weight matrix with entries drawn from N(0, 2 / D) by rng."""
    ### BEGIN SOLUTION
    return rng.normal(0.0, np.sqrt(2.0 / D), size=(D, K))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_he_init", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
W = call("he_init(64, 32, rng)", he_init, 64, 32, np.random.default_rng(0))
check_shape("he_init(64, 32, rng)", W, ("D", "K"), dims={"D": 64, "K": 32})
# A large matrix: D = 200 inputs, K = 1000 outputs, 200 000 weights; their standard deviation is close to sqrt(2 / D) = 0.1.
W = call("he_init(200, 1000, rng)", he_init, 200, 1000, np.random.default_rng(1))
check_shape("he_init(200, 1000, rng)", W, ("D", "K"), dims={"D": 200, "K": 1000})
check_close("the standard deviation of the weights of he_init(200, 1000, rng)", W.std(), np.sqrt(2 / 200), rtol=0.02, mistakes={
    "the variance is 1/D (LeCun's initialization, for linear or tanh units): He's variance is 2/D, twice as large, because ReLU zeroes half of its inputs.": np.sqrt(1 / 200),
    "the variance is 2/(D + K): that is Xavier/Glorot initialization, for tanh. He initialization, for ReLU, uses 2/D with D = fan_in, the number of inputs.": np.sqrt(2 / 1200),
    "the variance is 2/K: He initialization divides by D, the number of inputs of the layer (fan_in), the first axis of W (D, K).": np.sqrt(2 / 1000),
    "you passed the variance 2/D as the scale: rng.normal(loc, scale) takes the standard deviation, sqrt(2/D).": 2 / 200,
})
# Reproducible: two generators made with the same seed give the same weights, two seeds give other weights.
W1, W2 = (call("he_init(30, 20, rng)", he_init, 30, 20, np.random.default_rng(7200)) for _ in range(2))
assert (np.asarray(W1) == np.asarray(W2)).all(), (
    "he_init(30, 20, rng) returned different weights for two generators made with the same seed: draw the weights "
    "from the rng it is given, never from np.random (np.random.randn, np.random.normal), so that a seed makes a "
    "network reproducible.")
W3 = call("he_init(30, 20, rng)", he_init, 30, 20, np.random.default_rng(7201))
assert not (np.asarray(W1) == np.asarray(W3)).all(), (
    "he_init(30, 20, rng) returned the same weights for generators made with different seeds: it ignores the rng it "
    "is given (a generator of its own, np.random.default_rng(0)?). Draw the weights from rng.")
check_no_library("he_init")
### BEGIN HIDDEN TESTS
from dlf.init import he_normal as reference_he

rng_sizes = np.random.default_rng(7000)
for D, K in [tuple(int(s) for s in rng_sizes.integers(1, 50, size=2)) for _ in range(8)] + [(1, 1), (1, 7), (9, 1)]:
    check_shape(f"he_init({D}, {K}, rng)", call(f"he_init({D}, {K}, rng)", he_init, D, K, np.random.default_rng(D * 100 + K)),
                ("D", "K"), dims={"D": D, "K": K})
for seed, (D, K) in enumerate([(1000, 150), (64, 4000), (300, 300)]):
    name = f"he_init({D}, {K}, rng)"
    W = np.asarray(call(name, he_init, D, K, np.random.default_rng(7100 + seed)), dtype=float)
    check_shape(name, W, ("D", "K"), dims={"D": D, "K": K})
    std = np.sqrt(2 / D)
    check_close(f"the standard deviation of the weights of {name}", W.std(), std, rtol=0.02, mistakes={
        "the variance is 1/D: He's variance is 2/D, because ReLU zeroes half of its inputs.": np.sqrt(1 / D),
        "the variance is 2/(D + K): that is Xavier/Glorot initialization; He uses 2/D with D = fan_in.": np.sqrt(2 / (D + K)),
        "the variance is 2/K: He initialization divides by D, the number of inputs (fan_in), the first axis of W (D, K).": np.sqrt(2 / K),
        "you passed the variance 2/D as the scale: rng.normal(loc, scale) takes the standard deviation, sqrt(2/D).": 2 / D,
    })
    assert abs(W.mean()) < 5 * std / np.sqrt(W.size), f"{name}: the weights have mean {W.mean():.4g}; He initialization draws them with mean 0."
    beyond = float(np.mean(np.abs(W) > 2 * std))
    assert 0.04 < beyond < 0.051, (
        f"{name}: {100 * beyond:.2f}% of the weights lie more than 2 standard deviations from 0; for a normal distribution "
        "it is 4.55% (a uniform distribution has none). He initialization draws from the normal distribution N(0, 2/D): rng.normal.")
for seed, (D, K) in enumerate([(30, 20), (5, 40), (64, 64)]):
    name = f"he_init({D}, {K}, rng) with rng = np.random.default_rng({7250 + seed})"
    W = call(name, he_init, D, K, np.random.default_rng(7250 + seed))
    check_close(f"{name}, against dlf.init.he_normal({D}, {K}, rng=rng) with a generator of the same seed (one call "
                "of rng.normal of size (D, K))", W, reference_he(D, K, rng=np.random.default_rng(7250 + seed)),
                rtol=1e-12, atol=1e-15, dims={"D": D, "K": K}, mistakes={
        "the weights are drawn column by column (or as (K, D) and transposed): the task asks for one call of "
        "rng.normal of size (D, K), so that a seed gives the same weights as dlf.init.he_normal.":
            np.random.default_rng(7250 + seed).normal(0.0, np.sqrt(2 / D), size=(K, D)).T,
    })
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part2", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 2: batch normalization, forward (4 points)
#
# Lecture 07, section 2. In **training mode**, batch normalization normalizes each feature $j$
# (column of $X$) with the mean and the variance over the $N$ examples of the batch, then scales
# and shifts it with the learned $\gamma_j$ and $\beta_j$:
#
# $$
# \mu_j = \frac1N \sum_{n} X_{nj}, \qquad
# \nu_j = \frac1N \sum_{n} (X_{nj} - \mu_j)^2, \qquad
# \hat X_{nj} = \frac{X_{nj} - \mu_j}{\sqrt{\nu_j + \epsilon}}, \qquad
# Y_{nj} = \gamma_j \hat X_{nj} + \beta_j .
# $$
#
# It also updates the **running statistics**, exponential moving averages of the batch
# statistics with momentum $\kappa$ (PyTorch's convention: $\kappa = 0.1$, the argument `momentum`, is the weight of the *new*
# batch), the variance in its unbiased form $\frac{N}{N-1}\nu_j$:
#
# $$
# \mu^{\text{run}} \leftarrow (1 - \kappa)\,\mu^{\text{run}} + \kappa\,\mu, \qquad
# \nu^{\text{run}} \leftarrow (1 - \kappa)\,\nu^{\text{run}} + \kappa\,\frac{N}{N-1}\,\nu .
# $$
#
# (The normalization itself uses the biased $\nu$, with $\frac1N$; only the running
# variance is unbiased. This is what `torch.nn.BatchNorm1d` does.)
#
# In **evaluation mode** it normalizes with the running statistics instead, and leaves them
# unchanged: $Y = \gamma\, (X - \mu^{\text{run}}) / \sqrt{\nu^{\text{run}} + \epsilon} + \beta$.
# So a prediction for one example does not depend on the other examples of its batch, and
# works for a single example.
#
# Write `batchnorm_forward(X, gamma, beta, running_mean, running_var, *, training, momentum=0.1, eps=1e-5)`.
# It returns the tuple `(Y, running_mean, running_var)`: the output $Y$ $(N, D)$ and the running
# statistics after this call, each $(D,)$ (in evaluation mode, the ones it was given). It leaves
# the arrays it is given unchanged: the new running statistics are new arrays, returned (no
# `running_mean *= ...` on an argument). Vectorized: no Python loop over examples or features
# (`X.mean(axis=0)`, `X.var(axis=0)`).

# %% nbgrader={"grade": false, "grade_id": "batchnorm_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def batchnorm_forward(X, gamma, beta, running_mean, running_var, *, training, momentum=0.1, eps=1e-5):
    """Batch normalization of X (N, D); returns (Y (N, D), running_mean (D,), running_var (D,))."""
    ### BEGIN SOLUTION
    if training:
        N = X.shape[0]
        mu = X.mean(axis=0)
        var = X.var(axis=0)                                  # biased: divides by N
        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)
    else:
        mu, var = running_mean, running_var
    X_hat = (X - mu) / np.sqrt(var + eps)
    return gamma * X_hat + beta, running_mean, running_var
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_batchnorm_train", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# A batch of N = 4 examples with D = 2 features, gamma = (2, 1), beta = (0, 10), eps = 1e-5:
#   feature 0: (0, 2, 4, 6), mean 3, variance (9 + 1 + 1 + 9) / 4 = 5 -> X_hat = (-3, -1, 1, 3) / sqrt(5 + eps)
#   feature 1: (1, 1, 1, 5), mean 2, variance (1 + 1 + 1 + 9) / 4 = 3 -> X_hat = (-1, -1, -1, 3) / sqrt(3 + eps)
X = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0], [6.0, 5.0]])
gamma, beta = np.array([2.0, 1.0]), np.array([0.0, 10.0])
X_hat = np.column_stack([np.array([-3.0, -1.0, 1.0, 3.0]) / np.sqrt(5 + 1e-5), np.array([-1.0, -1.0, -1.0, 3.0]) / np.sqrt(3 + 1e-5)])
def dlf_batchnorm(*args, **kwargs):  # stands for dlf's layer while your function runs: Part 2 is yours to write
    raise AssertionError("batchnorm_forward calls dlf's BatchNorm1d: write the formulas of Part 2 yourself with NumPy.")


with replaced_in_notebook("BatchNorm1d", dlf_batchnorm):
    out = call("batchnorm_forward(X, gamma, beta, running_mean, running_var, training=True)", batchnorm_forward,
               X, gamma, beta, np.zeros(2), np.ones(2), training=True, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 3, f"batchnorm_forward must return the tuple (Y, running_mean, running_var); got {type(out).__name__}"
Y = out[0]
check_shape("Y", Y, ("N", "D"), dims={"N": 4, "D": 2})
layer_norm = ("you normalized each example over its D features (axis=1: that is layer normalization). Batch normalization "
              "normalizes each feature over the N examples of the batch: mean and variance over axis=0.")
unbiased = ("you normalized with the unbiased variance (divided by N - 1): the normalization uses the batch variance "
            "with 1/N; only the running variance is unbiased.")
eps_outside = "epsilon is outside the square root: X_hat = (X - mu) / sqrt(var + eps)."
no_gamma_beta = "gamma and beta are missing: Y = gamma * X_hat + beta."
check_close("Y in training mode for the batch above", Y, gamma * X_hat + beta, rtol=1e-9, mistakes={
    no_gamma_beta: X_hat,
    layer_norm: gamma * (X - X.mean(axis=1, keepdims=True)) / np.sqrt(X.var(axis=1, keepdims=True) + 1e-5) + beta,
    unbiased: gamma * (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0, ddof=1) + 1e-5) + beta,
    eps_outside: gamma * (X - X.mean(axis=0)) / (np.sqrt(X.var(axis=0)) + 1e-5) + beta,
})
check_vectorized("batchnorm_forward")
check_no_library("batchnorm_forward")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7300)
for case in range(10):
    N, D = (2, 3) if case == 0 else (int(rng.integers(3, 40)), int(rng.integers(1, 8)))
    X = 5 * rng.normal(size=D) + rng.uniform(0.1, 10, size=D) * rng.normal(size=(N, D))
    gamma, beta = rng.normal(size=D), rng.normal(size=D)
    running_mean, running_var = rng.normal(size=D), rng.uniform(0.5, 2.0, size=D)
    eps, momentum = float(10 ** rng.uniform(-5, 0)), float(rng.uniform(0.05, 0.5))
    name = f"Y = batchnorm_forward(X, ...) in training mode with X ({N}, {D}), eps = {eps:.3g}"
    out = call(name, batchnorm_forward, X, gamma, beta, running_mean, running_var,
               training=True, momentum=momentum, eps=eps, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 3, f"{name} must return a tuple of 3 arrays (Y, running_mean, running_var)"
    batch_mean, batch_var = X.mean(axis=0), X.var(axis=0)
    check_close(name, out[0], gamma * (X - batch_mean) / np.sqrt(batch_var + eps) + beta, rtol=1e-9, atol=1e-12, dims={"N": N, "D": D}, mistakes={
        layer_norm: gamma * (X - X.mean(axis=1, keepdims=True)) / np.sqrt(X.var(axis=1, keepdims=True) + eps) + beta,
        unbiased: gamma * (X - batch_mean) / np.sqrt(X.var(axis=0, ddof=1) + eps) + beta,
        eps_outside: gamma * (X - batch_mean) / (np.sqrt(batch_var) + eps) + beta,
        "in training mode, normalize with the statistics of the batch, not with the running statistics (those are for evaluation mode).":
            gamma * (X - running_mean) / np.sqrt(running_var + eps) + beta,
        no_gamma_beta: (X - batch_mean) / np.sqrt(batch_var + eps),
        "gamma and beta are swapped: Y = gamma * X_hat + beta.": beta * (X - batch_mean) / np.sqrt(batch_var + eps) + gamma,
    })
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_running_stats", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# A batch of N = 4 examples with D = 2 features, gamma = (2, 1), beta = (0, 10), eps = 1e-5:
#   feature 0: (0, 2, 4, 6), mean 3, variance (9 + 1 + 1 + 9) / 4 = 5 -> X_hat = (-3, -1, 1, 3) / sqrt(5 + eps)
#   feature 1: (1, 1, 1, 5), mean 2, variance (1 + 1 + 1 + 9) / 4 = 3 -> X_hat = (-1, -1, -1, 3) / sqrt(3 + eps)
X = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0], [6.0, 5.0]])
gamma, beta = np.array([2.0, 1.0]), np.array([0.0, 10.0])
X_hat = np.column_stack([np.array([-3.0, -1.0, 1.0, 3.0]) / np.sqrt(5 + 1e-5), np.array([-1.0, -1.0, -1.0, 3.0]) / np.sqrt(3 + 1e-5)])
# Running statistics after this batch, from running_mean = (0, 0) and running_var = (1, 1), momentum 0.1:
#   running_mean = 0.9 * (0, 0) + 0.1 * (3, 2)                 = (0.3, 0.2)
#   running_var  = 0.9 * (1, 1) + 0.1 * (5, 3) * 4 / (4 - 1)   = (1.5667, 1.3): the unbiased batch variance
out = call("batchnorm_forward(X, gamma, beta, running_mean, running_var, training=True)", batchnorm_forward,
           X, gamma, beta, np.zeros(2), np.ones(2), training=True, momentum=0.1, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 3, f"batchnorm_forward must return the tuple (Y, running_mean, running_var); got {type(out).__name__}"
_, running_mean, running_var = out
keras_mean = ("momentum is the weight of the new batch (PyTorch's convention; Keras uses the opposite one): "
              "running_mean = (1 - momentum) running_mean + momentum mu.")
keras_var = ("momentum is the weight of the new batch (PyTorch's convention; Keras uses the opposite one): "
             "running_var = (1 - momentum) running_var + momentum var * N / (N - 1).")
biased = "running_var is updated with the biased batch variance (1/N): PyTorch uses the unbiased one, var * N / (N - 1)."
check_close("running_mean after the batch above", running_mean, np.array([0.3, 0.2]), rtol=1e-9, mistakes={
    "the running statistics are not updated in training mode: running_mean = (1 - momentum) running_mean + momentum mu.": np.zeros(2),
    keras_mean: np.array([2.7, 1.8]),
})
check_close("running_var after the batch above", running_var, np.array([0.9 + 0.1 * 5 * 4 / 3, 0.9 + 0.1 * 3 * 4 / 3]), rtol=1e-9, mistakes={
    biased: np.array([1.4, 1.2]),
    "the running statistics are not updated in training mode: running_var = (1 - momentum) running_var + momentum var * N / (N - 1).": np.ones(2),
    keras_var: np.array([0.1 + 0.9 * 5 * 4 / 3, 0.1 + 0.9 * 3 * 4 / 3]),
})
### BEGIN HIDDEN TESTS
from dlf.layers import BatchNorm1d as ReferenceBatchNorm

rng = np.random.default_rng(7400)
for case in range(6):
    D, momentum = int(rng.integers(1, 8)), float(rng.uniform(0.05, 0.6))
    eps = float(10 ** rng.uniform(-5, -1))
    reference = ReferenceBatchNorm(D, momentum=momentum, eps=eps)
    gamma, beta = rng.normal(size=D), rng.normal(size=D)
    running_mean, running_var = np.zeros(D), np.ones(D)
    biased_var, swapped_mean, swapped_var = np.ones(D), np.zeros(D), np.ones(D)
    for batch in range(5):
        N = 2 if case == 0 else int(rng.integers(3, 30))
        X = 3 * rng.normal(size=D) + rng.uniform(0.2, 5, size=D) * rng.normal(size=(N, D))
        name = f"batchnorm_forward in training mode, batch {batch + 1} of a sequence of 5 (X ({N}, {D}), momentum = {momentum:.3g})"
        out = call(name, batchnorm_forward, X, gamma, beta, running_mean, running_var,
                   training=True, momentum=momentum, eps=eps, keep_inputs=True)
        assert isinstance(out, tuple) and len(out) == 3, f"{name} must return a tuple of 3 arrays (Y, running_mean, running_var)"
        running_mean, running_var = out[1], out[2]
        reference.forward(X)
        biased_var = (1 - momentum) * biased_var + momentum * X.var(axis=0)
        swapped_mean = momentum * swapped_mean + (1 - momentum) * X.mean(axis=0)
        swapped_var = momentum * swapped_var + (1 - momentum) * X.var(axis=0, ddof=1)
        check_close(f"running_mean after {name}", running_mean, reference.running_mean, rtol=1e-9, atol=1e-12,
                    mistakes={keras_mean: swapped_mean})
        check_close(f"running_var after {name}", running_var, reference.running_var, rtol=1e-9, atol=1e-12,
                    mistakes={biased: biased_var, keras_var: swapped_var})
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_batchnorm_eval", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# Evaluation mode: normalize with the running statistics, and leave them unchanged.
X = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0], [6.0, 5.0]])
gamma, beta = np.array([2.0, 1.0]), np.array([0.0, 10.0])
running_mean, running_var = np.array([1.0, 2.0]), np.array([4.0, 9.0])
out = call("batchnorm_forward(X, gamma, beta, running_mean, running_var, training=False)", batchnorm_forward,
           X, gamma, beta, running_mean, running_var, training=False, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 3, f"batchnorm_forward must return the tuple (Y, running_mean, running_var); got {type(out).__name__}"
Y, new_mean, new_var = out
batch_stats = gamma * (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + 1e-5) + beta
eval_batch_stats = ("evaluation mode used the statistics of the batch: in evaluation mode, normalize with running_mean "
                    "and running_var, so that an example's output does not depend on the other examples of its batch.")
eps_outside = "epsilon is outside the square root: X_hat = (X - running_mean) / sqrt(running_var + eps)."
check_close("Y in evaluation mode", Y, gamma * (X - running_mean) / np.sqrt(running_var + 1e-5) + beta, rtol=1e-9, mistakes={
    eval_batch_stats: batch_stats,
    eps_outside: gamma * (X - running_mean) / (np.sqrt(running_var) + 1e-5) + beta,
})
check_close("running_mean returned in evaluation mode", new_mean, running_mean, rtol=0, atol=0, mistakes={
    "evaluation mode updated the running statistics: it must leave them as they are.": 0.9 * running_mean + 0.1 * X.mean(axis=0),
})
check_close("running_var returned in evaluation mode", new_var, running_var, rtol=0, atol=0)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7500)
for case in range(6):
    N, D = int(rng.integers(1, 30)), int(rng.integers(1, 8))
    X = 3 * rng.normal(size=D) + rng.uniform(0.2, 5, size=D) * rng.normal(size=(N, D))
    gamma, beta = rng.normal(size=D), rng.normal(size=D)
    running_mean, running_var = rng.normal(size=D), rng.uniform(0.2, 5, size=D)
    eps = float(10 ** rng.uniform(-5, -1))
    name = f"batchnorm_forward in evaluation mode with X ({N}, {D})"
    out = call(name, batchnorm_forward, X, gamma, beta, running_mean, running_var,
               training=False, momentum=0.1, eps=eps, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 3, f"{name} must return a tuple of 3 arrays (Y, running_mean, running_var)"
    want = gamma * (X - running_mean) / np.sqrt(running_var + eps) + beta
    with np.errstate(all="ignore"):
        with_batch_stats = gamma * (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + eps) + beta
    check_close(f"Y of {name}", out[0], want, rtol=1e-9, atol=1e-12, dims={"N": N, "D": D}, mistakes={
        eval_batch_stats: with_batch_stats,
        eps_outside: gamma * (X - running_mean) / (np.sqrt(running_var) + eps) + beta,
    })
    check_close(f"running_mean returned by {name}", out[1], running_mean, rtol=0, atol=0,
                mistakes={"evaluation mode changed the running statistics: it must leave them as they are.": running_mean * 0.9})
    check_close(f"running_var returned by {name}", out[2], running_var, rtol=0, atol=0)
# one example alone gets the same output as inside a batch
X = rng.normal(size=(8, 3))
args = (rng.normal(size=3), rng.normal(size=3), rng.normal(size=3), rng.uniform(0.5, 2, size=3))
Y_batch = call("batchnorm_forward in evaluation mode on a batch of 8", batchnorm_forward, X, *args, training=False)[0]
Y_one = call("batchnorm_forward in evaluation mode on one example (N = 1)", batchnorm_forward, X[2:3], *args, training=False)[0]
check_close("Y of one example alone in evaluation mode (it must equal its row of the batch's Y)", Y_one, Y_batch[2:3], rtol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part3", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3: batch normalization, backward (3 points)
#
# Lecture 07, section 2. In training mode, with $s_j = 1/\sqrt{\nu_j + \epsilon}$ and the
# upstream gradient $dY = \partial L/\partial Y$ of shape $(N, D)$, the gradients of the
# parameters are sums over the batch,
#
# $$
# d\gamma_j = \sum_n dY_{nj}\,\hat X_{nj}, \qquad d\beta_j = \sum_n dY_{nj},
# $$
#
# and the gradient with respect to the input is **not** just $d\hat X \cdot s$ with
# $d\hat X = dY \odot \gamma$: $\mu_j$ and $\nu_j$ are computed from the batch, so moving one
# input $X_{nj}$ moves the mean and the variance of feature $j$, and with them every output of
# that feature. Take both dependencies into account (the chain rule through $\mu_j$ and
# $\nu_j$, or the compact formula of lecture 07) and check your result numerically: the
# test cell compares it with central differences.
#
# Write `batchnorm_backward(dY, X, gamma, eps=1e-5)` for **training mode**: it gets the input
# $X$ $(N, D)$ of the forward pass (recompute $\mu$, $\nu$ and $\hat X$ from it) and returns the
# tuple `(dX, dgamma, dbeta)` of shapes $(N, D)$, $(D,)$, $(D,)$. The analytic gradient, vectorized:
# no finite differences (they are only for checking it) and no loop over examples; and it leaves
# its arguments unchanged.

# %% nbgrader={"grade": false, "grade_id": "batchnorm_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    """Backward pass of batch normalization in training mode; returns (dX (N, D), dgamma (D,), dbeta (D,))."""
    ### BEGIN SOLUTION
    N = X.shape[0]
    inv_std = 1.0 / np.sqrt(X.var(axis=0) + eps)             # s_j
    X_hat = (X - X.mean(axis=0)) * inv_std
    dgamma = np.sum(dY * X_hat, axis=0)
    dbeta = dY.sum(axis=0)
    dX_hat = dY * gamma
    dX = (inv_std / N) * (N * dX_hat - dX_hat.sum(axis=0) - X_hat * np.sum(dX_hat * X_hat, axis=0))
    return dX, dgamma, dbeta
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_batchnorm_backward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 3}
rng = np.random.default_rng(0)
N, D = 6, 3
dims = {"N": N, "D": D}
X = 2.0 + 3.0 * rng.normal(size=(N, D))
gamma, beta, dY = rng.normal(size=D), rng.normal(size=D), rng.normal(size=(N, D))


def dlf_batchnorm(*args, **kwargs):  # stands for dlf's layer while your function runs: Part 3 is yours to write
    raise AssertionError("batchnorm_backward calls dlf's BatchNorm1d: write the backward pass of Part 3 yourself with NumPy.")


with replaced_in_notebook("BatchNorm1d", dlf_batchnorm):
    out = call("batchnorm_backward(dY, X, gamma) with X (6, 3)", batchnorm_backward, dY, X, gamma, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 3, f"batchnorm_backward must return the tuple (dX, dgamma, dbeta); got {type(out).__name__}"
dX, dgamma, dbeta = out
check_shape("dX", dX, ("N", "D"), dims)
check_analytic("batchnorm_backward", formula="dX from dX_hat = dY * gamma, through X_hat, mu and var")
check_vectorized("batchnorm_backward")
check_no_library("batchnorm_backward")

# The gradient check: L = sum(dY * Y) has dL/dY = dY. Y is computed by dlf's BatchNorm1d in training mode
# (the forward of Part 2), and central differences give dL/dX, dL/dgamma and dL/dbeta numerically.
reference = BatchNorm1d(D)
reference.params["gamma"][:], reference.params["beta"][:] = gamma, beta
X_check = X.copy()
loss = lambda _: np.sum(dY * reference.forward(X_check))
num_dX = numerical_gradient(loss, X_check)
num_dgamma = numerical_gradient(loss, reference.params["gamma"])
num_dbeta = numerical_gradient(loss, reference.params["beta"])
s = 1 / np.sqrt(X.var(axis=0) + 1e-5)
X_hat = (X - X.mean(axis=0)) * s
not_summed = "is not summed over the batch: gamma and beta are shared by the N examples, so their gradients are sums over axis=0, shape (D,)."
wrong_axis = "is summed over the wrong axis: axis=1 sums over the D features; gamma and beta are shared by the N examples, so sum over axis=0."
check_close("dbeta", dbeta, num_dbeta, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    f"dbeta {not_summed}": dY, f"dbeta {wrong_axis}": dY.sum(axis=1)})
check_close("dgamma", dgamma, num_dgamma, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    f"dgamma {not_summed}": dY * X_hat, f"dgamma {wrong_axis}": np.sum(dY * X_hat, axis=1)})
constants = ("you treated the mean and the variance as constants: dX = dY * gamma / sqrt(var + eps) is only the direct "
             "path. mu and var are computed from the batch, so they depend on every X[n, j]: add the paths through them.")
mean_path_only = ("you took the path through the mean into account but not the one through the variance: var depends on "
                  "every X[n, j] too.")
var_term_sum = ("the term through the variance is N times too large: var is a mean over the N examples, so that term is "
                "X_hat * mean(dX_hat * X_hat, axis=0), with a 1/N like the term through the mean.")
dX_hat = dY * gamma
check_close("dX", dX, num_dX, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    constants: dX_hat * s,
    mean_path_only: (dX_hat - dX_hat.mean(axis=0)) * s,
    var_term_sum: s * (dX_hat - dX_hat.mean(axis=0) - X_hat * np.sum(dX_hat * X_hat, axis=0)),
})
print(f"relative errors against central differences: dX {rel_error(dX, num_dX):.1e}, "
      f"dgamma {rel_error(dgamma, num_dgamma):.1e}, dbeta {rel_error(dbeta, num_dbeta):.1e}")
### BEGIN HIDDEN TESTS
from dlf.layers import BatchNorm1d as ReferenceBatchNorm

rng = np.random.default_rng(7600)
sizes = [(3, 1), (3, 4), (4, 1)] + [tuple(int(s) for s in rng.integers(3, 20, size=2)) for _ in range(5)] + [(30, 2)]
for N, D in sizes:
    X = 4 * rng.normal(size=D) + rng.uniform(0.2, 5, size=D) * rng.normal(size=(N, D))
    gamma = rng.normal(size=D)
    beta = rng.normal(size=D)
    upstream = rng.normal(size=(N, D))
    eps = float(10 ** rng.uniform(-5, -1))
    name = f"batchnorm_backward(dY, X, gamma, eps) with X ({N}, {D}), eps = {eps:.3g}"
    out = call(name, batchnorm_backward, upstream, X, gamma, eps, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 3, f"{name} must return a tuple of 3 arrays (dX, dgamma, dbeta)"
    got = dict(zip(("dX", "dgamma", "dbeta"), out))
    layer = ReferenceBatchNorm(D, eps=eps)
    layer.params["gamma"][:] = gamma
    layer.params["beta"][:] = beta
    X_num = X.copy()
    objective = lambda _: float(np.sum(upstream * layer.forward(X_num)))
    num = {"dX": numerical_gradient(objective, X_num), "dgamma": numerical_gradient(objective, layer.params["gamma"]),
           "dbeta": numerical_gradient(objective, layer.params["beta"])}
    s = 1 / np.sqrt(X.var(axis=0) + eps)
    X_hat = (X - X.mean(axis=0)) * s
    dX_hat = upstream * gamma
    full = lambda G: s * (G - G.mean(axis=0) - X_hat * np.mean(G * X_hat, axis=0))
    mistakes = {
        "dX": {
            constants: dX_hat * s,
            mean_path_only: s * (dX_hat - dX_hat.mean(axis=0)),
            "gamma is missing in dX: the gradient reaching X_hat is dX_hat = dY * gamma.": full(upstream),
            "dX is N times too large: the mean and the variance are means over the N examples (a 1/N is missing).": N * full(dX_hat),
            var_term_sum: s * (dX_hat - dX_hat.mean(axis=0) - X_hat * np.sum(dX_hat * X_hat, axis=0)),
        },
        "dgamma": {
            "dgamma is not summed over the batch: gamma is shared by the N examples, so dgamma = sum over n of dY * X_hat, shape (D,).": upstream * X_hat,
            "dgamma and dbeta are swapped: dgamma = sum(dY * X_hat, axis=0), dbeta = sum(dY, axis=0).": upstream.sum(axis=0),
            "dgamma = sum(dY * X_hat, axis=0) uses the normalized input X_hat, not X.": np.sum(upstream * X, axis=0),
        },
        "dbeta": {
            "dbeta is not summed over the batch: beta is shared by the N examples, so dbeta = dY.sum(axis=0), shape (D,).": upstream,
            "dgamma and dbeta are swapped: dgamma = sum(dY * X_hat, axis=0), dbeta = sum(dY, axis=0).": np.sum(upstream * X_hat, axis=0),
            "dbeta is a sum over the batch, not a mean: dbeta = dY.sum(axis=0).": upstream.mean(axis=0),
        },
    }
    for key in ("dbeta", "dgamma", "dX"):
        check_close(f"{key} of {name}", got[key], num[key], rtol=1e-5, atol=1e-8, dims={"N": N, "D": D}, mistakes=mistakes[key])
        assert rel_error(got[key], num[key]) < 1e-7, (
            f"{key} of {name}: relative error {rel_error(got[key], num[key]):.1e} against central differences; a right "
            "backward pass in float64 gets below 1e-7.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "mybatchnorm_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Your two functions make a `dlf` layer. The class below is given (do not change it): it keeps
# $\gamma$ and $\beta$ in `params`, their gradients in `grads` and the running statistics, like
# `dlf.layers.BatchNorm1d`, and calls **your** `batchnorm_forward` and `batchnorm_backward`. Use
# it in Part 4 if your functions pass their tests; otherwise use `BatchNorm1d` from `dlf.layers`.

# %% nbgrader={"grade": false, "grade_id": "mybatchnorm", "locked": true, "schema_version": 3, "solution": false, "task": false}
class MyBatchNorm1d(Layer):
    """Batch normalization over D features, computed by your batchnorm_forward and batchnorm_backward."""

    def __init__(self, D, momentum=0.1, eps=1e-5):
        super().__init__()
        self.momentum, self.eps = momentum, eps
        self.params = {"gamma": np.ones(D), "beta": np.zeros(D)}
        self.grads = {"gamma": np.zeros(D), "beta": np.zeros(D)}
        self.running_mean, self.running_var = np.zeros(D), np.ones(D)

    def forward(self, X):
        self._X = X                                   # what the backward pass needs
        Y, self.running_mean, self.running_var = batchnorm_forward(
            X, self.params["gamma"], self.params["beta"], self.running_mean, self.running_var,
            training=self.training, momentum=self.momentum, eps=self.eps)
        return Y

    def backward(self, dY):
        dX, self.grads["gamma"], self.grads["beta"] = batchnorm_backward(dY, self._X, self.params["gamma"], self.eps)
        return dX

    def __repr__(self):
        return f"MyBatchNorm1d(D={len(self.params['gamma'])})"


# %% [markdown] nbgrader={"grade": false, "grade_id": "part4", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 4: a deep network for the digits (3 points)
#
# Lecture 07, section 3. Build and train a network that classifies digits it has never seen with
# at least **94% accuracy**. Choose your network and its training by their accuracy on the
# validation set `X_val` (the cell after yours prints it); the grader then measures them once on
# test digits that this notebook does not show (lecture 08 explains why the test set is kept
# apart this way):
#
# - `build_network(rng)` returns a `Sequential` that maps a batch $X$ $(N, 64)$ to logits
#   $(N, 10)$, with **at least two hidden layers** (so at least three `Linear` layers) and
#   **batch normalization** after the hidden `Linear` layers: `Linear -> batch norm -> ReLU`.
#   Use `MyBatchNorm1d` (yours, from Part 3) or `dlf.layers.BatchNorm1d`, and **say which in a
#   comment**. Draw the initial weights from `rng` (`Linear(D, K, rng=rng)` uses He
#   initialization by default).
# - `train_network(model, X_train, y_train, rng)` trains `model` in place on the data it is
#   given, and only on them, and returns the history that `fit` returns. Use `dlf.train.fit` with
#   an optimizer of `dlf.optim` (lecture 06), and `rng` (no other generator) for the order of
#   the mini-batches. The tests call it with other data than the notebook's `X_train`: the same
#   digits in another order, with the classes named differently.
#
# The test retrains your network from scratch, with other seeds, and must finish **within 30
# seconds** (the whole test cell is stopped after 60): a small network and a few epochs are
# plenty (a network with hidden layers of 64 units trains in a few seconds). A batch of only
# 2 or 3 examples gives very noisy batch statistics (lecture 07 explains why): choose a batch
# size for which the last mini-batch of the 1347 training examples is not tiny.

# %% nbgrader={"grade": false, "grade_id": "network", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_network(rng):
    """A deep network for the digits, (N, 64) -> logits (N, 10), with batch normalization."""
    ### BEGIN SOLUTION
    H = 64
    return Sequential(                                       # batch norm: mine (MyBatchNorm1d)
        Linear(64, H, rng=rng), MyBatchNorm1d(H), ReLU(),
        Linear(H, H, rng=rng), MyBatchNorm1d(H), ReLU(),
        Linear(H, 10, rng=rng),
    )
    ### END SOLUTION


def train_network(model, X_train, y_train, rng):
    """Train model in place on (X_train, y_train); return the history of dlf.train.fit."""
    ### BEGIN SOLUTION
    return fit(model, X_train, y_train, optimizer=Adam(lr=0.003), epochs=12, batch_size=50, rng=rng)
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "train", "locked": true, "schema_version": 3, "solution": false, "task": false}
start = time.perf_counter()
model = build_network(np.random.default_rng(1))
history = train_network(model, X_train, y_train, np.random.default_rng(2))
print(model)
print(f"trained in {time.perf_counter() - start:.1f} s; training accuracy {accuracy(model, X_train, y_train):.3f}, "
      f"validation accuracy {accuracy(model, X_val, y_val):.3f}")

# %% nbgrader={"grade": true, "grade_id": "test_network_structure", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# The structure of the network is graded apart from Parts 2 and 3: while this test runs your network, your
# batchnorm_forward is replaced by this one, computed by dlf's BatchNorm1d.
def bn_forward_by_dlf(X, gamma, beta, running_mean, running_var, *, training, momentum=0.1, eps=1e-5):
    layer = BatchNorm1d(len(gamma), momentum=momentum, eps=eps)
    layer.params["gamma"][:], layer.params["beta"][:] = gamma, beta
    layer.running_mean, layer.running_var = np.array(running_mean, dtype=float), np.array(running_var, dtype=float)
    if training:
        layer.train()
    else:
        layer.eval()
    return layer.forward(X), layer.running_mean, layer.running_var


def flat(layers):  # the layers in order, with the layers of a nested Sequential in its place
    return [inner for layer in layers for inner in (flat(layer.layers) if isinstance(layer, Sequential) else [layer])]


net = call("build_network(rng)", build_network, np.random.default_rng(0))
assert isinstance(net, Sequential), f"build_network must return a dlf.layers.Sequential; got {type(net).__name__}"
layers = flat(net.layers)
kinds = ["Linear" if isinstance(layer, Linear) else "batch norm" if isinstance(layer, (MyBatchNorm1d, BatchNorm1d))
         else "ReLU" if isinstance(layer, ReLU) else "another layer" for layer in layers]
n_linear, n_norms = kinds.count("Linear"), kinds.count("batch norm")
assert n_linear >= 3, (f"the network has {n_linear} Linear layer(s): a deep network here has at least two hidden "
                       "layers, so at least three Linear layers (64 -> H, H -> H, ..., H -> 10).")
assert n_norms, "the network has no batch normalization layer: put MyBatchNorm1d(H) (or BatchNorm1d(H)) after each hidden Linear."
order = " -> ".join(kinds)
if kinds != ["Linear", "batch norm", "ReLU"] * (n_linear - 1) + ["Linear"]:
    if "ReLU -> batch norm" in order:
        why = ("batch normalization comes after the activation: the task asks for it between the hidden Linear and "
               "its ReLU (Linear -> batch norm -> ReLU), so that it normalizes the pre-activations.")
    elif kinds[-1] != "Linear":
        why = "the network must end with the Linear layer that outputs the 10 logits: nothing after it (fit's loss applies the softmax)."
    elif n_norms < n_linear - 1:
        why = (f"{n_norms} batch normalization layer(s) for {n_linear - 1} hidden Linear layers: put one after every "
               "hidden Linear, not only after the first.")
    else:
        why = "every hidden layer is Linear -> batch norm -> ReLU, and the output layer a Linear alone."
    raise AssertionError(f"the layers of the network are {order}; {why}")
# The initial weights come from the rng build_network is given, and only from it.
weights = [call("build_network(rng)", build_network, np.random.default_rng(seed)).params for seed in (5, 5, 6)]
same = [sorted(w) == sorted(weights[0]) and all(np.array_equal(w[k], weights[0][k]) for k in w) for w in weights]
assert same[1], ("build_network returned different initial weights for two generators made with the same seed: draw "
                 "them from the rng it is given (Linear(D, K, rng=rng)), never from np.random or a generator of your own.")
assert not same[2], ("build_network returned the same initial weights for generators made with different seeds: it "
                     "ignores the rng it is given (a generator of its own?). Pass rng to every Linear.")
net.eval()
with replaced_in_notebook("batchnorm_forward", bn_forward_by_dlf):
    Z = call("the network's forward pass on 5 validation digits (evaluation mode)", net.forward, X_val[:5])
net.train()
check_shape("the logits of 5 validation digits", Z, (5, 10))
which = "yours (MyBatchNorm1d)" if any(isinstance(layer, MyBatchNorm1d) for layer in layers) else "dlf's BatchNorm1d"
print(f"{n_linear} Linear layers, {n_norms} batch normalization layers: {which}")

# %% nbgrader={"grade": true, "grade_id": "test_network_accuracy", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# train_network must learn the data it is given: here the training digits in another order, with the classes
# relabelled (digit d has label relabel[d]). Trained on them, the network must classify the validation digits, relabelled
# the same way, with at least 94% accuracy (the hidden part measures it on the test digits).
not_here = ("scipy", "sklearn", "torch", "tensorflow", "keras", "jax", "autograd")  # dlf's layers, fit and optimizers are allowed
check_no_library("build_network", modules=not_here)
check_no_library("train_network", modules=not_here)
relabel = np.array([3, 7, 0, 9, 1, 8, 2, 6, 4, 5])
rows = np.random.default_rng(7700).permutation(len(y_train))
X_given, y_given = X_train[rows], relabel[y_train[rows]]
start = time.perf_counter()
net = call("build_network(rng)", build_network, np.random.default_rng(1))
yours = (" Your network uses MyBatchNorm1d, so it trains with your batchnorm_forward and batchnorm_backward: if their "
         "tests fail, fix them or use dlf's BatchNorm1d." if any(isinstance(layer, MyBatchNorm1d) for layer in flat(net.layers)) else "")
history = call("train_network(model, X, y, rng) with the relabelled training digits", train_network,
               net, X_given, y_given, np.random.default_rng(2), keep_inputs=True, hint=yours.strip())
seconds = time.perf_counter() - start
fitted, fitted_original = accuracy(net, X_given, y_given), accuracy(net, X_given, y_train[rows])
val_accuracy = accuracy(net, X_val, relabel[y_val])
assert not (fitted < 0.5 and fitted_original > 0.5), (
    f"train_network ignores the X and y it is given: on the relabelled digits it was given, the trained network "
    f"gets {fitted:.3f} of the labels right, but {fitted_original:.3f} of the digits' original labels. It trained on other "
    "data of the notebook (X_train, y_train, or the validation set): train on the X and y passed as arguments.")
assert isinstance(history, dict) and len(history.get("loss", [])) > 0, (
    f"train_network must return the history that fit returns (a dict with the lists 'loss' and 'accuracy'); got {type(history).__name__}")
assert val_accuracy >= 0.94, (
    f"trained by train_network on the relabelled training digits, the network classifies the relabelled validation "
    f"digits with accuracy {val_accuracy:.3f} (training accuracy {fitted:.3f}, in {seconds:.1f} s); at least 0.94 is needed. Train "
    "longer, or try another learning rate (lecture 06), a wider hidden layer, or batch normalization after every hidden Linear."
    + yours)
# The order of the mini-batches comes from the rng train_network is given, and only from it.
X_small, y_small = X_given[:200], y_given[:200]
trained = []
for seed in (3, 3, 4):
    small_net = call("build_network(rng)", build_network, np.random.default_rng(0))
    call("train_network(model, X, y, rng) with 200 digits", train_network, small_net, X_small, y_small,
         np.random.default_rng(seed), keep_inputs=True)
    trained.append(small_net.params)
same = [sorted(w) == sorted(trained[0]) and all(np.array_equal(w[k], trained[0][k]) for k in w) for w in trained]
assert same[1], ("train_network trained the same network to different weights with two generators made with the same "
                 "seed: pass the rng it is given to fit (rng=rng), never np.random or a generator of your own.")
assert not same[2], ("train_network trained the same network to the same weights with generators made with different "
                     "seeds: it ignores the rng it is given (a generator of its own?). Pass rng to fit.")
### BEGIN HIDDEN TESTS
relabel = np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
start = time.perf_counter()
net = call("build_network(rng) with rng = np.random.default_rng(70)", build_network, np.random.default_rng(70))
call("train_network(model, X_train, y_train, rng) with rng = np.random.default_rng(71)", train_network,
     net, X_train, relabel[y_train], np.random.default_rng(71), keep_inputs=True)
seconds = time.perf_counter() - start
_, X_test, _, y_test = train_test_split(X_held, y_held, test_size=0.5, rng=np.random.default_rng(1))
retrained = accuracy(net, X_test, relabel[y_test])
assert seconds < 30, (f"building and training the network took {seconds:.1f} s; the limit is 30 s. Use fewer epochs, "
                      "a smaller network or larger mini-batches.")
assert retrained >= 0.94, (f"retrained from scratch with other seeds (rng = np.random.default_rng(70) for build_network, "
                           f"default_rng(71) for train_network) on the training digits relabelled 9 - d, the network "
                           f"reaches an accuracy of {retrained:.3f} on the test digits, which it never saw; at least 0.94 "
                           "is needed. Your recipe must work "
                           "for any seed, not just the one in this notebook." + yours)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 12 points. Before you hand in, restart the kernel and run all cells
# (*Kernel > Restart Kernel and Run All Cells*), then **Validate**.
