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
# **Total: 23 points (19 graded automatically, 4 by your instructor). Estimated time: 2.5 to 4
# hours.** Goes with lecture 07 (deep networks) and sections 6 and 7 of lecture 05 (vanishing
# gradients, initialization).
#
# Two pieces make deep ReLU networks trainable: an initialization that keeps the scale of the
# signal and of the gradient from layer to layer, and batch normalization, which re-normalizes
# every hidden feature at every step. You measure the first, write both, backpropagate through
# batch normalization's computational graph stage by stage, then build and train a deep network
# on the digits to at least 94% accuracy on test digits it never saw, chosen on a validation set.
#
# | part | what you write | points | time |
# |---|---|---|---|
# | 1 | He initialization | 2 | 15 min |
# | 2 | gradient norms layer by layer under three initializations (and `init_weights`), and the stable one | 4 | 30 to 45 min |
# | 3 | batch normalization, forward: training mode, running statistics, evaluation mode; why running statistics (written) | 4 + 2 | 40 to 55 min |
# | 4 | batch normalization, backward, stage by stage through its graph | 5 | 40 to 60 min |
# | 5 | a deep network with batch normalization, trained on the digits | 3 | 20 to 30 min |
# | 6 | residual connections (written) | 2 | 10 to 15 min |
# | 7 | what the layers learn: a question on lecture 07, section 1.2 | 1 | 5 min |
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
# Write parts 1 to 4 yourself with NumPy: do not call `dlf.init`, `dlf.layers` or `dlf.losses`
# for them (the tests compare your functions with them). In part 5 you may use the layers,
# optimizers and `fit` of `dlf`. Parts 3 and 6 end with a written answer, graded by your instructor.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import time

import numpy as np

from dlf.data import load_digits, train_test_split
from dlf.gradcheck import numerical_gradient, rel_error
from coursegrader.checks import (call, check_analytic, check_choice, check_choice_format, check_close, check_no_library, check_shape, check_type,
                                 check_vectorized, replaced_in_notebook)
from dlf.layers import BatchNorm1d, Layer, Linear, ReLU, Sequential, Sigmoid
from dlf.losses import softmax_cross_entropy
from dlf.optim import SGD, Adam, AdamW
from dlf.train import accuracy, fit

# The digits of lectures 06 and 07 (8x8 images, D = 64 pixels, C = 10 classes), split as in lecture 07 (which keeps
# 1344 of these 1347 training examples; you have all of them): a training set, and a validation set to look at
# while you choose (layers, learning rate, epochs). The other half of the
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
# ## Part 2: vanishing gradients and the choice of initialization (4 points)
#
# Lecture 05, sections 6 and 7.2. Going back through one hidden layer
# $A_\ell = \varphi(Z_\ell)$, $Z_\ell = A_{\ell-1} W_\ell$, the backward pass multiplies the
# gradient by one factor, $\varphi'(Z_\ell)$ and then $W_\ell^\top$:
#
# $$
# \frac{\partial L}{\partial Z_\ell} = \frac{\partial L}{\partial A_\ell} \odot \varphi'(Z_\ell), \qquad
# \frac{\partial L}{\partial W_\ell} = A_{\ell-1}^\top \frac{\partial L}{\partial Z_\ell}, \qquad
# \frac{\partial L}{\partial A_{\ell-1}} = \frac{\partial L}{\partial Z_\ell}\, W_\ell^\top .
# $$
#
# Over many layers these factors compound, and the gradient that reaches the first layers
# vanishes or explodes unless each factor is close to 1. You measure it, for three
# initializations.
#
# The network has no biases: $A_0 = X$ $(N, D)$; hidden layers $A_\ell = \varphi(A_{\ell-1} W_\ell)$,
# $\ell = 1, 2, \dots$; the last weight matrix gives the logits $Z = A_{\ell-1} W_\ell$ $(N, C)$,
# with no activation after it; the loss $L$ is the softmax cross-entropy, a mean over the $N$
# examples, whose gradient is $\partial L/\partial Z = (\mathrm{softmax}(Z) - Y_{\text{onehot}})/N$ (lecture 05, section 1.3).
#
# Write
#
# - `init_weights(sizes, scheme, rng)`: the weights of a network whose layers have the sizes
#   `sizes = [D, H, ..., H, C]`, as a list of `len(sizes) - 1` matrices, the $\ell$-th of shape
#   `(sizes[l-1], sizes[l])`, first layer first. Each is drawn with **one** call
#   `rng.normal(0.0, std, size=(D_l, K_l))`, in the order of the layers, with the standard
#   deviation of the `scheme` (lecture 05, section 7.2; $D_\ell$ inputs, $K_\ell$ outputs):
#   `"small"`: $0.01$; `"xavier"` (Glorot and Bengio, 2010): $\sqrt{2/(D_\ell + K_\ell)}$;
#   `"he"` (He et al., 2015): $\sqrt{2/D_\ell}$.
# - `gradient_norms(Ws, X, y, activation)`: one forward and one backward pass of the network
#   with the weights `Ws` (a list of matrices) on the batch `X` with the integer labels `y`, where
#   `activation` is `"relu"` ($\varphi(z) = \max(z, 0)$) or `"sigmoid"`
#   ($\sigma(z) = 1/(1 + e^{-z})$, $\sigma' = \sigma (1 - \sigma)$). It returns the tuple
#   `(dA_norms, dW_norms)` of two arrays of Frobenius norms (`np.linalg.norm`), **first layer
#   first**: `dA_norms`, one per hidden layer, the norms of the backward signal
#   $\lVert \partial L / \partial A_\ell \rVert$ (not of $\partial L/\partial X$), and `dW_norms`, one
#   per weight matrix, the norms of $\lVert \partial L / \partial W_\ell \rVert$.
#
# Write both with NumPy (not with `dlf`, whose layers the tests use to check you): the analytic
# backward pass, a loop over the layers but not over the examples.

# %% nbgrader={"grade": false, "grade_id": "gradient_norms", "locked": false, "schema_version": 3, "solution": true, "task": false}
def init_weights(sizes, scheme, rng):
    """Weights of a network with layer sizes [D, H, ..., C]: a list of (D_l, K_l) matrices drawn by rng."""
    ### BEGIN SOLUTION
    stds = {"small": lambda D, K: 0.01, "xavier": lambda D, K: np.sqrt(2.0 / (D + K)), "he": lambda D, K: np.sqrt(2.0 / D)}
    return [rng.normal(0.0, stds[scheme](D, K), size=(D, K)) for D, K in zip(sizes[:-1], sizes[1:])]
    ### END SOLUTION


def gradient_norms(Ws, X, y, activation):
    """(norms of dL/dA_l of the hidden layers, norms of dL/dW_l) of the network with weights Ws on (X, y), first layer first."""
    ### BEGIN SOLUTION
    A, activations = X, [X]                               # A_0, A_1, ..., the inputs of the weight matrices
    for W in Ws[:-1]:
        Z = A @ W
        A = np.maximum(Z, 0.0) if activation == "relu" else 1.0 / (1.0 + np.exp(-Z))
        activations.append(A)
    Z = A @ Ws[-1]                                        # logits (N, C)
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    N = len(y)
    dZ = P
    dZ[np.arange(N), y] -= 1.0
    dZ /= N                                               # dL/dZ of the mean cross-entropy
    dA_norms, dW_norms = np.zeros(len(Ws) - 1), np.zeros(len(Ws))
    for l in reversed(range(len(Ws))):                    # Ws[l] is W_(l+1); its input is A_l
        dW_norms[l] = np.linalg.norm(activations[l].T @ dZ)  # dL/dW = A^T dZ
        if l > 0:
            dA = dZ @ Ws[l].T                             # dL/dA_l
            dA_norms[l - 1] = np.linalg.norm(dA)
            A = activations[l]
            dZ = dA * (A > 0) if activation == "relu" else dA * A * (1.0 - A)
    return dA_norms, dW_norms
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gradient_norms", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def dlf_gradient_norms(Ws, X, y, activation):  # the same network built from dlf's layers gives the expected norms
    layers = []
    for W in Ws:
        layers += [Linear(*W.shape, rng=np.random.default_rng(0), init="zeros"), ReLU() if activation == "relu" else Sigmoid()]
    net = Sequential(*layers[:-1])
    for layer, W in zip(net.layers[::2], Ws):
        layer.params["W"][:] = W
    _, grad = softmax_cross_entropy(net.forward(X), y)
    signals = []
    for layer in reversed(net.layers):
        grad = layer.backward(grad)
        if isinstance(layer, Linear):
            signals.append(np.linalg.norm(grad))      # dL/d(input of this Linear), last layer first
    return np.array(signals[::-1][1:]), np.array([np.linalg.norm(layer.grads["W"]) for layer in net.layers[::2]])


def check_norms(name, got, expected, Ws, N):
    assert isinstance(got, tuple) and len(got) == 2, f"{name} must return the tuple (dA_norms, dW_norms); got {type(got).__name__}"
    depth = len(Ws)
    assert np.shape(got[0]) != (depth,), (
        f"{name}: dA_norms has {depth} entries, one per weight matrix; it has one per hidden layer, {depth - 1}: the norms "
        "of dL/dA_1, ..., dL/dA_(hidden), without dL/dX, the gradient with respect to the input.")
    for key, value, want in zip(("dA_norms", "dW_norms"), got, expected):
        check_shape(f"{key} of {name}", value, (len(want),))
        check_close(f"{key} of {name}", value, want, rtol=1e-7, atol=1e-14, dims={"N": N}, mistakes={
            "the norms are in reverse order: return them first layer first (the backward pass computes the last one first).": want[::-1],
            "these are the squared norms: the Frobenius norm is the square root of the sum of squares, np.linalg.norm(dW).": want ** 2,
            "these are the norms of the weights W_l, not of their gradients dL/dW_l = A_(l-1)^T dL/dZ_l.": np.array([np.linalg.norm(W) for W in Ws]),
        })


rng = np.random.default_rng(2)
X = rng.normal(size=(5, 4))
y = np.array([0, 2, 1, 2, 0])
Ws = [rng.normal(0.0, 0.8, size=(4, 6)), rng.normal(0.0, 0.5, size=(6, 6)), rng.normal(0.0, 0.5, size=(6, 3))]
for activation, reminder in [("relu", "phi'(z) = 1 where z > 0, 0 elsewhere"), ("sigmoid", "sigma'(z) = sigma(z) (1 - sigma(z)) = A (1 - A)")]:
    name = (f"gradient_norms(Ws, X, y, {activation!r}) with X (5, 4), y (5,) and W_1 (4, 6), W_2 (6, 6), W_3 (6, 3) "
            f"(the loss is a mean over the N = 5 examples; {reminder})")
    expected = dlf_gradient_norms(Ws, X, y, activation)
    got = call(name, gradient_norms, Ws, X, y, activation, keep_inputs=True)
    check_norms(name, got, expected, Ws, 5)
check_analytic("gradient_norms", formula="dL/dW_l = A_(l-1)^T dL/dZ_l, layer by layer from the last")
check_no_library("gradient_norms")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7800)
for case in range(10):
    depth = int(rng.integers(2, 13))
    sizes = [int(rng.integers(2, 20))] + [int(rng.integers(2, 30))] * (depth - 1) + [int(rng.integers(2, 8))]
    N, activation = int(rng.integers(2, 40)), ("relu", "sigmoid")[case % 2]
    X = rng.normal(size=(N, sizes[0]))
    y = rng.integers(0, sizes[-1], size=N)
    Ws = [rng.normal(0.0, float(rng.uniform(0.3, 1.5)) / np.sqrt(D), size=(D, K)) for D, K in zip(sizes[:-1], sizes[1:])]
    name = f"gradient_norms(Ws, X, y, {activation!r}) with X ({N}, {sizes[0]}) and {depth} weight matrices of sizes {sizes}"
    expected = dlf_gradient_norms(Ws, X, y, activation)
    got = call(name, gradient_norms, Ws, X, y, activation, keep_inputs=True)
    check_norms(name, got, expected, Ws, N)
# large logits: the softmax must stay finite
Ws = [rng.normal(0.0, 3.0, size=(8, 8)), rng.normal(0.0, 3.0, size=(8, 4))]
X = 20 * rng.normal(size=(6, 8))
y = rng.integers(0, 4, size=6)
name = ("gradient_norms with logits of size about 1000 (compute the softmax stably: subtract each row's maximum from "
        "the logits before np.exp)")
check_norms(name, call(name, gradient_norms, Ws, X, y, "relu", keep_inputs=True), dlf_gradient_norms(Ws, X, y, "relu"), Ws, 6)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_init_weights", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
sizes = [30, 20, 20, 5]
for scheme in ["small", "xavier", "he"]:
    name = f"init_weights({sizes}, {scheme!r}, rng)"
    Ws = call(name, init_weights, sizes, scheme, np.random.default_rng(7900))
    assert isinstance(Ws, (list, tuple)) and len(Ws) == 3, (
        f"{name} must return a list of len(sizes) - 1 = 3 weight matrices; got {type(Ws).__name__}"
        + (f" of length {len(Ws)}" if isinstance(Ws, (list, tuple)) else ""))
    draw = np.random.default_rng(7900)
    for l, (W, D, K) in enumerate(zip(Ws, sizes[:-1], sizes[1:]), start=1):
        check_shape(f"W_{l} of {name}", W, ("D", "K"), dims={"D": D, "K": K})
        std = {"small": 0.01, "xavier": np.sqrt(2 / (D + K)), "he": np.sqrt(2 / D)}[scheme]
        expected = draw.normal(0.0, std, size=(D, K))
        check_close(f"W_{l} of {name}, drawn with one call rng.normal(0.0, std, size=({D}, {K})) per layer, first layer first",
                    W, expected, rtol=1e-12, atol=1e-15, dims={"D": D, "K": K}, mistakes={
            **({"xavier": {
                "the standard deviation is 2/(D_l + K_l), the variance of Xavier: pass its square root, sqrt(2/(D_l + K_l)).": expected * std,
                "that is He's standard deviation sqrt(2/D_l): Xavier divides by D_l + K_l (fan in + fan out).": expected * np.sqrt(2 / D) / std,
            }, "he": {
                "the standard deviation is 2/D_l, the variance of He: pass its square root, sqrt(2/D_l).": expected * std,
                "that is Xavier's standard deviation sqrt(2/(D_l + K_l)): He divides by D_l, the number of inputs (fan_in).": expected * np.sqrt(2 / (D + K)) / std,
                "He initialization divides by D_l, the number of inputs of the layer (fan_in), not by K_l.": expected * np.sqrt(2 / K) / std,
            }, "small": {
                "the scheme 'small' has standard deviation 0.01 (variance 0.0001); you drew with sqrt(0.01) = 0.1.": expected * 10.0,
            }}[scheme]),
        })
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7950)
for case in range(4):
    sizes = [int(s) for s in rng.integers(1, 40, size=int(rng.integers(2, 7)))]
    scheme, seed = ("small", "xavier", "he", "he")[case], int(rng.integers(0, 1000))
    name = f"init_weights({sizes}, {scheme!r}, rng)"
    Ws = call(name, init_weights, sizes, scheme, np.random.default_rng(seed))
    assert isinstance(Ws, (list, tuple)) and len(Ws) == len(sizes) - 1, f"{name} must return a list of {len(sizes) - 1} matrices"
    draw = np.random.default_rng(seed)
    for l, (W, D, K) in enumerate(zip(Ws, sizes[:-1], sizes[1:]), start=1):
        std = {"small": 0.01, "xavier": np.sqrt(2 / (D + K)), "he": np.sqrt(2 / D)}[scheme]
        check_close(f"W_{l} of {name}", W, draw.normal(0.0, std, size=(D, K)), rtol=1e-12, atol=1e-15, dims={"D": D, "K": K})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "init_experiment_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below measures, with your functions, the gradient norms of a ReLU network of 10 weight
# matrices (9 hidden layers of $H = 64$ units) on a fixed batch of 64 random inputs with random
# labels, for the three initializations. It prints the norms of the backward signal
# $\lVert \partial L/\partial A_\ell \rVert$ of hidden layers 1, 5 and 9 with the ratio of the first
# to the last, and the norms of the weight gradients of layers 1 and 10.

# %% nbgrader={"grade": false, "grade_id": "init_experiment", "locked": true, "schema_version": 3, "solution": false, "task": false}
batch_rng = np.random.default_rng(5)
X_grad, y_grad = batch_rng.standard_normal((64, 64)), batch_rng.integers(0, 10, size=64)
sizes = [64] * 10 + [10]
for scheme in ["small", "xavier", "he"]:
    dA_norms, dW_norms = gradient_norms(init_weights(sizes, scheme, np.random.default_rng(0)), X_grad, y_grad, "relu")
    print(f"{scheme:6s} |dL/dA_l|, l = 1, 5, 9: {dA_norms[0]:8.2e} {dA_norms[4]:8.2e} {dA_norms[8]:8.2e} "
          f"(first/last {dA_norms[0] / dA_norms[-1]:8.2e});  |dL/dW_l|, l = 1, 10: {dW_norms[0]:8.2e} {dW_norms[9]:8.2e}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "init_choice_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Which initialization keeps the gradient norms of this ReLU network stable from the last layer to
# the first, so that one learning rate suits every layer? Set `stable_init` to one letter:
#
# - **A**: small, $\mathcal{N}(0, 0.01^2)$
# - **B**: Xavier/Glorot, $\mathcal{N}(0, 2/(D_\ell + K_\ell))$
# - **C**: He, $\mathcal{N}(0, 2/D_\ell)$

# %% nbgrader={"grade": false, "grade_id": "init_choice", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
stable_init = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_init_choice", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_choice_format("stable_init", stable_init, "ABC")
### BEGIN HIDDEN TESTS
check_choice("stable_init", stable_init, "C", {
    "A": ("with N(0, 0.01^2) each ReLU layer multiplies the backward signal by about 0.01 sqrt(64 / 2) = 0.06: in the "
          "experiment above the first hidden layer's |dL/dA| is about 1e-10 times the last one's, and every weight "
          "gradient is about 1e-12. The gradient vanishes."),
    "B": ("Xavier's variance 2/(D_l + K_l) = 1/64 is half of He's for these square layers: after a ReLU, which zeroes "
          "half of its inputs, each layer shrinks the backward signal by about sqrt(2), a factor about 20 over 8 layers "
          "(first/last above), and more with every extra layer."),
})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part3", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3: batch normalization, forward (4 points, and 2 for a written answer)
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
def dlf_batchnorm(*args, **kwargs):  # stands for dlf's layer while your function runs: Part 3 is yours to write
    raise AssertionError("batchnorm_forward calls dlf's BatchNorm1d: write the formulas of Part 3 yourself with NumPy.")


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

# %% [markdown] nbgrader={"grade": false, "grade_id": "running_stats_question", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Explain why (2 points, graded by your instructor).** In the cell below, answer in a few
# sentences:
#
# 1. Why does batch normalization normalize with running statistics in evaluation mode, instead
#    of with the mean and the variance of the batch it is given, as in training mode? Give two
#    reasons: one about a single example, one about what a prediction should depend on.
# 2. Why are the running statistics averages collected *during training*, rather than the mean and
#    the variance of the training inputs computed once before training starts?

# %% [markdown] nbgrader={"grade": true, "grade_id": "running_stats_answer", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 2}
# 1. With the statistics of the batch, an example's output depends on the other examples it is
#    batched with: the same digit gets different predictions in different batches (lecture 07
#    shows it), and a prediction for a single example ($N = 1$) is impossible, since its variance
#    is 0 and $\hat X = 0$ whatever the input. At evaluation we want a deterministic function of
#    the example alone: normalizing with fixed statistics makes the layer a fixed affine map
#    $Y = \gamma (X - \mu^{\text{run}}) / \sqrt{\nu^{\text{run}} + \epsilon} + \beta$ of each example.
# 2. Batch normalization sits inside the network: it normalizes the outputs of the layers below it,
#    whose distribution changes as their weights are trained. Statistics of the inputs computed
#    before training would not describe what the layer sees at the end; the moving average with
#    momentum $\kappa$ forgets old batches (time constant about $1/\kappa$ steps) and tracks the
#    statistics the trained layers produce, which are those $\gamma$ and $\beta$ were learned with.
#
# Rubric (2 points): 1 point for part 1: the output must not depend on the batch-mates (the same
# example gets one prediction) and must work for a single example (a batch of one has variance 0),
# or an equivalent argument about a deterministic prediction. 1 point for part 2: the layer's inputs
# are the outputs of earlier layers, whose distribution changes during training, so the statistics
# must follow training (the moving average forgets the early batches); statistics of the raw inputs
# do not describe the hidden features.

# %% [markdown] nbgrader={"grade": false, "grade_id": "part4", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 4: batch normalization, backward (5 points)
#
# Lecture 07, section 2. In training mode, the forward pass of Part 3 is a chain of five small
# stages, each with local derivatives you know: its computational graph (lecture 04).
#
# | stage | forward | shape |
# |---|---|---|
# | 1 | $\mu_j = \frac1N \sum_n X_{nj}$ | $(D,)$ |
# | 2 | $X^c = X - \mu$ (the centered input `Xc`) | $(N, D)$ |
# | 3 | $\nu_j = \frac1N \sum_n (X^c_{nj})^2$ | $(D,)$ |
# | 4 | $\hat X = X^c / \sqrt{\nu + \epsilon}$ | $(N, D)$ |
# | 5 | $Y = \gamma \hat X + \beta$ | $(N, D)$ |
#
# ```
# X ──┬─────────────────────► Xc = X − μ ──┬───────────────────────► X̂ = Xc / √(ν + ε) ──► Y = γ X̂ + β
#     └──► μ = mean(X) ───────────┘         └──► ν = mean(Xc²) ──────────────┘
# ```
#
# $X$ reaches $X^c$ twice, directly and through $\mu$; $X^c$ reaches $\hat X$ twice, directly and
# through $\nu$. Where a variable feeds two paths, the gradients of the two paths **add up**
# (lecture 04). That is why $dX$ is not just $dY \odot \gamma / \sqrt{\nu + \epsilon}$: moving one
# input $X_{nj}$ moves the mean and the variance of feature $j$, and with them every output of that
# feature.
#
# Backpropagate through the graph stage by stage, from the last. Each function gets the gradient
# with respect to its stage's output and returns the gradients with respect to the stage's
# inputs, **treating those inputs as independent variables** (the other paths are another
# function's job):
#
# - `scale_shift_backward(dY, X_hat, gamma)`, stage 5: returns `(dX_hat, dgamma, dbeta)`, of
#   shapes $(N, D)$, $(D,)$, $(D,)$.
# - `normalize_backward(dX_hat, Xc, nu, eps)`, stage 4, a function of two inputs $X^c$ and $\nu$:
#   returns `(dXc, dnu)`, where `dXc` $(N, D)$ is the gradient that reaches $X^c$ **directly**
#   (with $\nu$ held fixed) and `dnu` $(D,)$ the gradient with respect to $\nu$.
# - `variance_backward(dnu, Xc)`, stage 3: returns the gradient $(N, D)$ that reaches $X^c$
#   **through** $\nu$.
# - `center_backward(dXc)`, stages 2 and 1: given the *total* gradient `dXc` with respect to
#   $X^c$, returns `(dX, dmu)`: `dmu` $(D,)$ is the gradient with respect to $\mu$ as an input of
#   stage 2, and `dX` $(N, D)$ collects both paths from $X$, directly and through $\mu$.
# - `batchnorm_backward(dY, X, gamma, eps=1e-5)` for training mode: it gets the input $X$ of the
#   forward pass, recomputes $\mu$, $X^c$, $\nu$ and $\hat X$ from it, chains the four functions
#   (add the two gradients that reach $X^c$ before calling `center_backward`) and returns the
#   tuple `(dX, dgamma, dbeta)`.
#
# Each function has its own test, against central differences of its stage alone, and the test of
# `batchnorm_backward` runs it with stages computed by the tests: a mistake in one stage costs only
# that stage's point. All analytic and vectorized (no finite differences, which are only for
# checking, and no loop over examples or features); none changes its arguments.

# %% nbgrader={"grade": false, "grade_id": "scale_shift_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def scale_shift_backward(dY, X_hat, gamma):
    """Stage 5, Y = gamma * X_hat + beta: returns (dX_hat (N, D), dgamma (D,), dbeta (D,))."""
    ### BEGIN SOLUTION
    return dY * gamma, np.sum(dY * X_hat, axis=0), dY.sum(axis=0)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_scale_shift_backward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
def stage_gradients(f, *inputs):  # central differences of the scalar f(*inputs) with respect to each input
    inputs = [np.array(value, dtype=float) for value in inputs]
    return [numerical_gradient(lambda _: float(f(*inputs)), value) for value in inputs]


def dlf_batchnorm(*args, **kwargs):  # stands for dlf's layer while your functions run: Part 4 is yours to write
    raise AssertionError("your backward pass calls dlf's BatchNorm1d: write the stages of Part 4 yourself with NumPy.")


not_summed = "is not summed over the batch: {p} is shared by the N examples, so d{p} is a sum over axis=0, shape (D,)."
rng = np.random.default_rng(0)
N, D = 6, 3
dims = {"N": N, "D": D}
dY, X_hat, gamma = rng.normal(size=(N, D)), rng.normal(size=(N, D)), rng.normal(size=D)
with replaced_in_notebook("BatchNorm1d", dlf_batchnorm):
    out = call("scale_shift_backward(dY, X_hat, gamma) with dY and X_hat (6, 3)", scale_shift_backward, dY, X_hat, gamma, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 3, f"scale_shift_backward must return the tuple (dX_hat, dgamma, dbeta); got {type(out).__name__}"
num_dX_hat, num_dgamma, num_dbeta = stage_gradients(lambda X_hat, gamma, beta: np.sum(dY * (gamma * X_hat + beta)), X_hat, gamma, np.zeros(D))
for key, got, p in [("dbeta", out[2], "beta"), ("dgamma", out[1], "gamma")]:
    assert np.shape(got) != (N, D), f"{key} {not_summed.format(p=p)}"
    assert np.shape(got) != (N,), f"{key} is summed over the wrong axis: axis=1 sums over the D features; sum over the N examples, axis=0."
check_shape("dX_hat", out[0], ("N", "D"), dims)
check_close("dbeta", out[2], num_dbeta, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    "dgamma and dbeta are swapped: the output is (dX_hat, dgamma, dbeta).": num_dgamma})
check_close("dgamma (Y = gamma * X_hat + beta: dgamma_j sums dY_nj times X_hat_nj over the batch)", out[1], num_dgamma, rtol=1e-6,
            atol=1e-8, dims=dims, mistakes={
    "dgamma and dbeta are swapped: the output is (dX_hat, dgamma, dbeta).": num_dbeta,
})
check_close("dX_hat", out[0], num_dX_hat, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    "gamma is missing in dX_hat: Y = gamma * X_hat + beta, so the gradient reaching X_hat is dY times gamma.": dY})
check_analytic("scale_shift_backward")
check_vectorized("scale_shift_backward")
check_no_library("scale_shift_backward")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7610)
for N, D in [(2, 1), (1, 4)] + [tuple(int(s) for s in rng.integers(1, 20, size=2)) for _ in range(5)]:
    dY, X_hat, gamma = rng.normal(size=(N, D)), rng.normal(size=(N, D)), rng.normal(size=D)
    name = f"scale_shift_backward(dY, X_hat, gamma) with dY and X_hat ({N}, {D})"
    out = call(name, scale_shift_backward, dY, X_hat, gamma, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 3, f"{name} must return a tuple of 3 arrays (dX_hat, dgamma, dbeta)"
    expected = stage_gradients(lambda X_hat, gamma, beta: np.sum(dY * (gamma * X_hat + beta)), X_hat, gamma, np.zeros(D))
    for key, got, want in zip(("dX_hat", "dgamma", "dbeta"), out, expected):
        check_close(f"{key} of {name}", got, want, rtol=1e-7, atol=1e-9, dims={"N": N, "D": D})
        assert rel_error(got, want) < 1e-7, f"{key} of {name}: relative error {rel_error(got, want):.1e} against central differences"
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "normalize_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def normalize_backward(dX_hat, Xc, nu, eps):
    """Stage 4, X_hat = Xc / sqrt(nu + eps), with Xc and nu independent: returns (dXc (N, D), dnu (D,))."""
    ### BEGIN SOLUTION
    inv_std = 1.0 / np.sqrt(nu + eps)
    return dX_hat * inv_std, -0.5 * np.sum(dX_hat * Xc, axis=0) * inv_std**3
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_normalize_backward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
rng = np.random.default_rng(1)
N, D, eps = 5, 3, 1e-5
dims = {"N": N, "D": D}
dX_hat, Xc, nu = rng.normal(size=(N, D)), rng.normal(size=(N, D)), rng.uniform(0.5, 4.0, size=D)
with replaced_in_notebook("BatchNorm1d", dlf_batchnorm):
    out = call("normalize_backward(dX_hat, Xc, nu, eps) with Xc (5, 3), nu (3,)", normalize_backward, dX_hat, Xc, nu, eps, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 2, f"normalize_backward must return the tuple (dXc, dnu); got {type(out).__name__}"
num_dXc, num_dnu = stage_gradients(lambda Xc, nu: np.sum(dX_hat * Xc / np.sqrt(nu + eps)), Xc, nu)
assert np.shape(out[1]) != (N, D), ("dnu is not summed over the batch: nu_j is one number per feature, which every X_hat_nj "
                                    "of feature j divides by, so dnu_j sums the contributions of the N examples: shape (D,).")
check_shape("dXc", out[0], ("N", "D"), dims)
check_close("dXc (the gradient that reaches Xc directly, nu held fixed)", out[0], num_dXc, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    "dXc is multiplied by sqrt(nu + eps): X_hat = Xc / sqrt(nu + eps) divides by it.": num_dXc * (nu + eps),
})
check_close("dnu (X_hat = Xc (nu + eps)^(-1/2): the derivative of the power -1/2 brings a factor -1/2 and the power -3/2)",
            out[1], num_dnu, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    "dnu has the power -1/2 instead of -3/2: d/dnu (nu + eps)^(-1/2) = -1/2 (nu + eps)^(-3/2).": num_dnu * (nu + eps),
    "dnu lacks the factor -1/2 of d/dnu (nu + eps)^(-1/2) = -1/2 (nu + eps)^(-3/2).": -2 * num_dnu,
})
check_analytic("normalize_backward")
check_vectorized("normalize_backward")
check_no_library("normalize_backward")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7620)
for N, D in [(2, 1), (1, 3)] + [tuple(int(s) for s in rng.integers(1, 20, size=2)) for _ in range(5)]:
    dX_hat, Xc, nu = rng.normal(size=(N, D)), 3 * rng.normal(size=(N, D)), rng.uniform(0.01, 10.0, size=D)
    eps = float(10 ** rng.uniform(-5, -1))
    name = f"normalize_backward(dX_hat, Xc, nu, eps) with Xc ({N}, {D}), eps = {eps:.3g}"
    out = call(name, normalize_backward, dX_hat, Xc, nu, eps, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return a tuple of 2 arrays (dXc, dnu)"
    expected = stage_gradients(lambda Xc, nu: np.sum(dX_hat * Xc / np.sqrt(nu + eps)), Xc, nu)
    for key, got, want in zip(("dXc", "dnu"), out, expected):
        check_close(f"{key} of {name}", got, want, rtol=1e-6, atol=1e-9, dims={"N": N, "D": D}, mistakes={
            "eps is missing: X_hat = Xc / sqrt(nu + eps).": (want * np.sqrt(nu + eps) / np.sqrt(nu)) if key == "dXc" else want * ((nu + eps) / nu) ** 1.5})
        assert rel_error(got, want) < 1e-7, f"{key} of {name}: relative error {rel_error(got, want):.1e} against central differences"
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "variance_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def variance_backward(dnu, Xc):
    """Stage 3, nu = mean of Xc**2 over the batch: returns the gradient (N, D) that reaches Xc through nu."""
    ### BEGIN SOLUTION
    return 2.0 * Xc * dnu / Xc.shape[0]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_variance_backward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
rng = np.random.default_rng(2)
N, D = 5, 3
dims = {"N": N, "D": D}
dnu, Xc = rng.normal(size=D), rng.normal(size=(N, D))
with replaced_in_notebook("BatchNorm1d", dlf_batchnorm):
    got = call("variance_backward(dnu, Xc) with dnu (3,), Xc (5, 3)", variance_backward, dnu, Xc, keep_inputs=True)
check_shape("the gradient that variance_backward returns", got, ("N", "D"), dims)
(num_dXc,) = stage_gradients(lambda Xc: np.sum(dnu * np.mean(Xc**2, axis=0)), Xc)
check_close("the gradient that reaches Xc through nu (nu_j = (1/N) sum_n Xc_nj^2 depends on every Xc_nj of feature j, through "
            "a square and a mean)", got, num_dXc, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    "dnu is missing: the gradient through nu is dnu times the derivative of nu.": num_dXc / dnu,
})
check_analytic("variance_backward")
check_vectorized("variance_backward")
check_no_library("variance_backward")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7630)
for N, D in [(2, 1), (1, 3)] + [tuple(int(s) for s in rng.integers(1, 25, size=2)) for _ in range(5)]:
    dnu, Xc = rng.normal(size=D), 2 * rng.normal(size=(N, D))
    name = f"variance_backward(dnu, Xc) with Xc ({N}, {D})"
    got = call(name, variance_backward, dnu, Xc, keep_inputs=True)
    (want,) = stage_gradients(lambda Xc: np.sum(dnu * np.mean(Xc**2, axis=0)), Xc)
    check_close(name, got, want, rtol=1e-6, atol=1e-9, dims={"N": N, "D": D})
    assert rel_error(got, want) < 1e-7, f"{name}: relative error {rel_error(got, want):.1e} against central differences"
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "center_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def center_backward(dXc):
    """Stages 2 and 1, Xc = X - mu with mu = mean of X over the batch: returns (dX (N, D), dmu (D,))."""
    ### BEGIN SOLUTION
    dmu = -dXc.sum(axis=0)
    return dXc + dmu / dXc.shape[0], dmu
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_center_backward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
rng = np.random.default_rng(3)
N, D = 5, 3
dims = {"N": N, "D": D}
dXc = rng.normal(size=(N, D))
with replaced_in_notebook("BatchNorm1d", dlf_batchnorm):
    out = call("center_backward(dXc) with dXc (5, 3)", center_backward, dXc, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 2, f"center_backward must return the tuple (dX, dmu); got {type(out).__name__}"
dX, dmu = out
(num_dmu,) = stage_gradients(lambda mu: np.sum(dXc * (np.zeros((N, D)) - mu)), np.zeros(D))
(num_dX,) = stage_gradients(lambda X: np.sum(dXc * (X - X.mean(axis=0))), np.zeros((N, D)))
check_shape("dmu", dmu, ("D",), dims)
check_close("dmu (Xc = X - mu: mu is subtracted from all N rows)", dmu, num_dmu, rtol=1e-6, atol=1e-8, dims=dims)
check_shape("dX", dX, ("N", "D"), dims)
check_close("dX (X reaches Xc directly and through mu = mean(X))", dX, num_dX, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    "dX is only the direct path X -> Xc: mu = mean(X) depends on every X_nj too; add the path through mu.": dXc,
    "the path through mu lacks its 1/N: mu_j = (1/N) sum_n X_nj, so each X_nj gets dmu_j / N.": dXc + num_dmu,
    "the path through mu has the wrong sign: Xc = X - mu, so dmu = -(the sum of dXc over the batch), and each X_nj gets + dmu_j / N.":
        dXc - num_dmu / N,
})
check_analytic("center_backward")
check_vectorized("center_backward")
check_no_library("center_backward")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7640)
for N, D in [(2, 1), (1, 3)] + [tuple(int(s) for s in rng.integers(1, 25, size=2)) for _ in range(5)]:
    dXc = rng.normal(size=(N, D))
    name = f"center_backward(dXc) with dXc ({N}, {D})"
    out = call(name, center_backward, dXc, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 2, f"{name} must return a tuple of 2 arrays (dX, dmu)"
    (want_dmu,) = stage_gradients(lambda mu: np.sum(dXc * (np.zeros((N, D)) - mu)), np.zeros(D))
    (want_dX,) = stage_gradients(lambda X: np.sum(dXc * (X - X.mean(axis=0))), np.zeros((N, D)))
    check_close(f"dmu of {name}", out[1], want_dmu, rtol=1e-7, atol=1e-9, dims={"N": N, "D": D})
    check_close(f"dX of {name}", out[0], want_dX, rtol=1e-7, atol=1e-9, dims={"N": N, "D": D})
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "batchnorm_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def batchnorm_backward(dY, X, gamma, eps=1e-5):
    """Backward pass of batch normalization in training mode; returns (dX (N, D), dgamma (D,), dbeta (D,))."""
    ### BEGIN SOLUTION
    mu = X.mean(axis=0)                                      # the forward stages, recomputed from X
    Xc = X - mu
    nu = np.mean(Xc**2, axis=0)
    X_hat = Xc / np.sqrt(nu + eps)
    dX_hat, dgamma, dbeta = scale_shift_backward(dY, X_hat, gamma)
    dXc_direct, dnu = normalize_backward(dX_hat, Xc, nu, eps)
    dXc = dXc_direct + variance_backward(dnu, Xc)            # the two paths into Xc add up
    dX, _ = center_backward(dXc)
    return dX, dgamma, dbeta
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_batchnorm_backward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# While this test runs, your four stage functions are replaced by these, which compute each stage's gradients by central
# differences: this test grades how batchnorm_backward recomputes the forward stages and chains them.
def scale_shift_by_differences(dY, X_hat, gamma):
    return tuple(stage_gradients(lambda X_hat, gamma, beta: np.sum(dY * (gamma * X_hat + beta)), X_hat, gamma, np.zeros(np.shape(gamma))))


def normalize_by_differences(dX_hat, Xc, nu, eps):
    return tuple(stage_gradients(lambda Xc, nu: np.sum(dX_hat * Xc / np.sqrt(nu + eps)), Xc, nu))


def variance_by_differences(dnu, Xc):
    return stage_gradients(lambda Xc: np.sum(dnu * np.mean(Xc**2, axis=0)), Xc)[0]


def center_by_differences(dXc):
    shape = np.shape(dXc)
    return (stage_gradients(lambda X: np.sum(dXc * (X - X.mean(axis=0))), np.zeros(shape))[0],
            stage_gradients(lambda mu: np.sum(dXc * (np.zeros(shape) - mu)), np.zeros(shape[1]))[0])


def backward_with_stages_by_differences(name, *args):
    with (replaced_in_notebook("scale_shift_backward", scale_shift_by_differences),
          replaced_in_notebook("normalize_backward", normalize_by_differences),
          replaced_in_notebook("variance_backward", variance_by_differences),
          replaced_in_notebook("center_backward", center_by_differences),
          replaced_in_notebook("BatchNorm1d", dlf_batchnorm)):
        out = call(name, batchnorm_backward, *args, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 3, f"{name} must return the tuple (dX, dgamma, dbeta); got {type(out).__name__}"
    return out


def layer_gradients(dY, X, gamma, eps):  # dL/dX, dL/dgamma, dL/dbeta of L = sum(dY * Y), Y from dlf's BatchNorm1d
    layer = BatchNorm1d(len(gamma), eps=eps)
    layer.params["gamma"][:] = gamma
    X_num = np.array(X, dtype=float)
    objective = lambda _: float(np.sum(dY * layer.forward(X_num)))
    return (numerical_gradient(objective, X_num), numerical_gradient(objective, layer.params["gamma"]),
            numerical_gradient(objective, layer.params["beta"]))


constants = ("you treated the mean and the variance as constants: dX = dY * gamma / sqrt(var + eps) is only the direct "
             "path. mu and nu are computed from the batch: add the path through nu to dXc (variance_backward), and pass "
             "the total dXc to center_backward.")
mean_path_only = ("you took the path through the mean into account but not the one through the variance: add the gradient "
                  "that variance_backward returns to the direct dXc before calling center_backward.")
unbiased_nu = ("the recomputed variance is unbiased (divided by N - 1): the forward pass normalizes with the batch variance "
               "nu = mean(Xc**2, axis=0), with 1/N.")
rng = np.random.default_rng(0)
N, D = 6, 3
dims = {"N": N, "D": D}
X = 2.0 + 3.0 * rng.normal(size=(N, D))
gamma, dY = rng.normal(size=D), rng.normal(size=(N, D))
dX, dgamma, dbeta = backward_with_stages_by_differences("batchnorm_backward(dY, X, gamma) with X (6, 3)", dY, X, gamma)
num_dX, num_dgamma, num_dbeta = layer_gradients(dY, X, gamma, 1e-5)
check_shape("dX", dX, ("N", "D"), dims)
check_close("dbeta", dbeta, num_dbeta, rtol=1e-6, atol=1e-8, dims=dims)
s = 1 / np.sqrt(X.var(axis=0) + 1e-5)
X_hat = (X - X.mean(axis=0)) * s
check_close("dgamma (scale_shift_backward gets X_hat = (X - mu) / sqrt(nu + eps), recomputed from X)", dgamma, num_dgamma,
            rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    "dgamma is computed with X instead of X_hat: pass the normalized input X_hat to scale_shift_backward.": np.sum(dY * X, axis=0),
    unbiased_nu: np.sum(dY * (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0, ddof=1) + 1e-5), axis=0),
})
dX_hat = dY * gamma
check_close("dX", dX, num_dX, rtol=1e-6, atol=1e-8, dims=dims, mistakes={
    constants: dX_hat * s,
    mean_path_only: (dX_hat - dX_hat.mean(axis=0)) * s,
})
check_analytic("batchnorm_backward", skip=("scale_shift_backward", "normalize_backward", "variance_backward", "center_backward"))
check_vectorized("batchnorm_backward", skip=("scale_shift_backward", "normalize_backward", "variance_backward", "center_backward"))
check_no_library("batchnorm_backward", skip=("scale_shift_backward", "normalize_backward", "variance_backward", "center_backward"))
print(f"relative errors against central differences: dX {rel_error(dX, num_dX):.1e}, "
      f"dgamma {rel_error(dgamma, num_dgamma):.1e}, dbeta {rel_error(dbeta, num_dbeta):.1e}")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(7600)
sizes = [(3, 1), (3, 4), (4, 1)] + [tuple(int(s) for s in rng.integers(3, 15, size=2)) for _ in range(4)] + [(30, 2)]
for N, D in sizes:
    X = 4 * rng.normal(size=D) + rng.uniform(0.2, 5, size=D) * rng.normal(size=(N, D))
    gamma, upstream = rng.normal(size=D), rng.normal(size=(N, D))
    eps = float(10 ** rng.uniform(-5, -1))
    name = f"batchnorm_backward(dY, X, gamma, eps) with X ({N}, {D}), eps = {eps:.3g}"
    got = dict(zip(("dX", "dgamma", "dbeta"), backward_with_stages_by_differences(name, upstream, X, gamma, eps)))
    num = dict(zip(("dX", "dgamma", "dbeta"), layer_gradients(upstream, X, gamma, eps)))
    s = 1 / np.sqrt(X.var(axis=0) + eps)
    dX_hat = upstream * gamma
    default_eps = dict(zip(("dX", "dgamma", "dbeta"), layer_gradients(upstream, X, gamma, 1e-5)))
    for key in ("dbeta", "dgamma", "dX"):
        check_close(f"{key} of {name}", got[key], num[key], rtol=1e-5, atol=1e-8, dims={"N": N, "D": D}, mistakes={
            constants: dX_hat * s, mean_path_only: s * (dX_hat - dX_hat.mean(axis=0)),
            "eps is ignored: batchnorm_backward(dY, X, gamma, eps) must recompute X_hat with the eps it is given.":
                default_eps[key],
        } if key != "dbeta" else None)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "mybatchnorm_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Your `batchnorm_forward` and `batchnorm_backward` make a `dlf` layer. The class below is given (do not change it): it keeps
# $\gamma$ and $\beta$ in `params`, their gradients in `grads` and the running statistics, like
# `dlf.layers.BatchNorm1d`, and calls **your** `batchnorm_forward` and `batchnorm_backward`. Use
# it in Part 5 if your functions pass their tests; otherwise use `BatchNorm1d` from `dlf.layers`.

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
        if getattr(self, "_X", None) is None:
            raise RuntimeError("MyBatchNorm1d.backward: call forward first (it keeps the X that backward needs)")
        dX, self.grads["gamma"], self.grads["beta"] = batchnorm_backward(dY, self._X, self.params["gamma"], self.eps)
        return dX

    def __repr__(self):
        return f"MyBatchNorm1d(D={len(self.params['gamma'])})"


# %% [markdown] nbgrader={"grade": false, "grade_id": "part5", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 5: a deep network for the digits (3 points)
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
#   Use `MyBatchNorm1d` (yours, from Parts 3 and 4) or `dlf.layers.BatchNorm1d`, and **say which in a
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
# The structure of the network is graded apart from Parts 3 and 4: while this test runs your network, your
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
# relabeled (digit d has label relabel[d]). Trained on them, the network must classify the validation digits, relabeled
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
history = call("train_network(model, X, y, rng) with the relabeled training digits", train_network,
               net, X_given, y_given, np.random.default_rng(2), keep_inputs=True, hint=yours.strip())
seconds = time.perf_counter() - start
fitted, fitted_original = accuracy(net, X_given, y_given), accuracy(net, X_given, y_train[rows])
val_accuracy = accuracy(net, X_val, relabel[y_val])
assert not (fitted < 0.5 and fitted_original > 0.5), (
    f"train_network ignores the X and y it is given: on the relabeled digits it was given, the trained network "
    f"gets {fitted:.3f} of the labels right, but {fitted_original:.3f} of the digits' original labels. It trained on other "
    "data of the notebook (X_train, y_train, or the validation set): train on the X and y passed as arguments.")
assert isinstance(history, dict) and len(history.get("loss", [])) > 0, (
    f"train_network must return the history that fit returns (a dict with the lists 'loss' and 'accuracy'); got {type(history).__name__}")
assert val_accuracy >= 0.94, (
    f"trained by train_network on the relabeled training digits, the network classifies the relabeled validation "
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
                           f"default_rng(71) for train_network) on the training digits relabeled 9 - d, the network "
                           f"reaches an accuracy of {retrained:.3f} on the test digits, which it never saw; at least 0.94 "
                           "is needed. Your recipe must work "
                           "for any seed, not just the one in this notebook." + yours)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part6", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 6: residual connections (2 points, graded by your instructor)
#
# Lecture 07, section 1.1. In Part 2, with small or Xavier initialization, each layer multiplied the
# backward signal by about the same factor, and over 10 layers the factors compounded; He
# initialization kept this plain ReLU network stable, but depth still makes a plain network hard to
# train (lecture 07, section 1.1). A **residual block** computes $Y = X + F(X)$, where $F$
# is a few layers whose output has the shape of their input. In the cell below, answer in a few
# sentences:
#
# 1. Write $dX$ of a residual block in terms of the upstream gradient $dY$ and of $dX_F$, what the
#    backward pass through $F$ returns for $dY$. Use it to explain why, in a stack of 30 residual
#    blocks, the gradient that reaches the first blocks does not vanish even if every $F$ shrinks
#    the gradient it passes back.
# 2. He et al. (2016) found that a plain 34-layer network had a *higher training error* than an
#    18-layer one. Why is this not overfitting, and why can a deeper network in principle always do
#    at least as well as a shallower one? What does that say about the cause?

# %% [markdown] nbgrader={"grade": true, "grade_id": "residual_answer", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 2}
# 1. $dX = dY + dX_F$: the addition passes $dY$ unchanged to the identity path, and the
#    contributions of the two paths add up. Unrolled over $M$ blocks,
#    $X_M = X_0 + F_1(X_0) + \dots + F_M(X_{M-1})$, so the gradient at the top reaches every
#    block's input through the identity paths unchanged, however deep the stack, *plus* the terms
#    through the $F$'s. In a plain stack the gradient is a *product* of one factor per layer, which
#    vanishes when the factors are below 1; in a residual stack each block contributes a term
#    $I + (\text{Jacobian of } F)$, and even if the $F$ terms are small the identity term carries
#    the gradient to the first layers.
# 2. Overfitting is a *low* training error with a high test error; here the training error itself
#    is higher, so the deeper network fits its training data worse. A deeper network contains the
#    shallower one: its extra layers could compute the identity, giving exactly the shallower
#    network's function and training error. So the failure is one of **optimization** (training does
#    not find such weights: the signal and gradient degrade through many plain layers), not of
#    capacity or generalization; residual connections make the identity the default, easy to reach.
#
# Rubric (2 points): 1 point for $dX = dY + dX_F$ and the argument that the identity path carries
# the gradient unchanged (a sum of paths, not only a product of per-layer factors). 1 point for part
# 2: higher *training* error is not overfitting; the deeper network could copy the shallower one
# with identity layers, so the problem is training (optimization), not capacity.

# %% [markdown] nbgrader={"grade": false, "grade_id": "part7", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 7: what the layers learn (1 point)
#
# Lecture 07, section 1.2, trained a network with two hidden layers of 32 ReLU units on the digits
# and measured the **class separation** of the validation digits (the spread of the class means
# around the overall mean, divided by the spread of the examples around their own class mean):
# 0.81 for the 64 pixels, 1.83 for hidden layer 1 and 2.78 for hidden layer 2. Which conclusion do
# these numbers support?
#
# - **A.** Each trained layer re-describes its input so that the digits of one class lie closer
#   together relative to the distances between classes: a hierarchy of features, which leaves an
#   easier job to the last, linear layer.
# - **B.** Each unit of the second hidden layer has become a template of one whole digit.
# - **C.** The separation grows because the hidden layers have fewer features (32) than the
#   pixels (64): any map to fewer features raises it, trained or not.
#
# Set `answer_hierarchy` to `"A"`, `"B"` or `"C"`.

# %% nbgrader={"grade": false, "grade_id": "answer_hierarchy", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
answer_hierarchy = "A"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_hierarchy", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_choice_format("answer_hierarchy", answer_hierarchy, "ABC")
### BEGIN HIDDEN TESTS
check_choice("answer_hierarchy", answer_hierarchy, "A", {
    "B": "The class separation says nothing about single units: it compares, over all the features of a layer at once, "
         "the spread between the class means with the spread within the classes. The lecture's pictures of first-layer "
         "units show pixel templates, none of them a digit; what grows from layer to layer is how well the layer's "
         "features, together, keep the classes apart.",
    "C": "Fewer features do not raise the separation by themselves: an untrained network of the same sizes, 64-32-32 "
         "with random He-initialized weights, lowers it (to about 0.4 to 0.7 on the digits, below the pixels'), and a "
         "random projection of the pixels to 32 features leaves it about where it was. The gain comes from training: "
         "the layers learned features that separate the classes.",
})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 23 points (19 graded automatically, 4 by your instructor). Before you hand in, restart the kernel and run all cells
# (*Kernel > Restart Kernel and Run All Cells*), then **Validate**.
