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
# # Exercise 05: backpropagation
#
# **Total: 24 points (22 graded automatically, 2 by your instructor).
# Estimated time: 150 to 210 minutes.** Goes with lecture 05 (backpropagation).
#
# You write, in NumPy and by hand, everything a network needs to learn: the loss and its
# gradient (which you derive yourself), the forward pass, the backward pass, a gradient check
# and the training loop. Then you train the network on the three spirals of lecture 05 to at
# least 90% training accuracy, and see why its weights must start random.
#
# The network has two layers, a ReLU between them and softmax cross-entropy on top:
#
# $$
# Z_1 = X W_1 + b_1, \qquad A_1 = \mathrm{ReLU}(Z_1), \qquad Z_2 = A_1 W_2 + b_2, \qquad
# L = \text{softmax cross-entropy}(Z_2, y).
# $$
#
# | symbol | shape | meaning |
# |---|---|---|
# | $X$ | $(N, D)$ | a batch: $N$ examples with $D$ features |
# | $W_1$, $b_1$ | $(D, H)$, $(H,)$ | first layer, $H$ hidden units |
# | $Z_1$, $A_1$ | $(N, H)$ | pre-activations and activations of the hidden layer |
# | $W_2$, $b_2$ | $(H, C)$, $(C,)$ | second layer, one output per class |
# | $Z_2$ | $(N, C)$ | logits: a score per example and class |
# | $y$ | $(N,)$ | integer class ids in $0, \dots, C - 1$ |
#
# The parameters live in a dict `params = {"W1": ..., "b1": ..., "W2": ..., "b2": ...}` and
# the gradients in a dict `grads` with the same keys and shapes, like the layers of `dlf`.
#
# | part | what you write | points |
# |---|---|---|
# | 1 | softmax cross-entropy: the loss, and $\partial L / \partial Z_2$, derived by hand | 5 |
# | 2 | the forward pass | 2 |
# | 3 | the backward pass | 4 |
# | 4 | a gradient check by central differences | 4 |
# | 5 | prediction, and training on the spirals | 6 |
# | 6 | training from a constant start, and why it fails (a written answer) | 3 |
#
# **How to work.** Fill in every place that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it; write the answer of part 6
# where it says `YOUR ANSWER HERE`. The visible tests help you; more tests, hidden, run when
# your notebook is graded. Check your work with the **Validate** button, or grade it yourself
# in a terminal: `make grade EX=ex05_backprop`.
# Do not change or delete the test cells: they are restored when your work is graded.
# Write your own code: do not import `dlf.losses`, `dlf.layers`, `dlf.gradcheck`, `dlf.train`
# or `dlf.optim` for the answers (the tests run *your* functions). The setup cell imports
# `dlf.data` (the spirals) and `dlf.plot` (a figure at the end).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import time

import matplotlib.pyplot as plt
import numpy as np

from dlf import data, plot
from coursegrader.checks import (
    call, check_analytic, check_close, check_linear_gradients, check_no_library, check_shape, check_type,
    check_vectorized, replaced_in_notebook,
)


# %% [markdown] nbgrader={"grade": false, "grade_id": "part1", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 1: softmax cross-entropy and its gradient (5 points)
#
# The softmax turns row $n$ of the logits into probabilities, and the loss is the **mean** over
# the batch of minus the log-probability of the true class (lecture 05, sections 1.1 and 1.2):
#
# $$
# P_{nc} = \frac{e^{Z_{nc}}}{\sum_{j=1}^{C} e^{Z_{nj}}}, \qquad
# L = \frac{1}{N} \sum_{n=1}^{N} \ell_n, \qquad \ell_n = -\log P_{n, y_n}.
# $$
#
# **Numerically safe.** $e^{Z}$ overflows float64 for $Z > 709$. Subtract each row's maximum
# $m_n$ first: the softmax does not change (the factor $e^{-m_n}$ cancels), and the largest
# exponential is then $e^0 = 1$. Compute $\log P$ as
# $(Z_{nc} - m_n) - \log \sum_j e^{Z_{nj} - m_n}$ (the log-softmax, or log-sum-exp trick), never
# as the log of a probability that may have underflowed to 0. Hidden tests use logits of size
# 1000 and turn NumPy's warnings into errors.
#
# **The gradient: derive it yourself.** The backward pass starts from $\partial L / \partial Z$,
# an array of the shape $(N, C)$ of $Z$ whose entry $(n, c)$ is $\partial L / \partial Z_{nc}$.
# Derive it by hand, on paper, before you write any code. Three steps:
#
# 1. *The mean.* Which of the per-example losses $\ell_1, \dots, \ell_N$ depend on the logit
#    $Z_{nc}$ of row $n$? Write $\partial L / \partial Z_{nc}$ in terms of
#    $\partial \ell_n / \partial Z_{nc}$.
# 2. *The log and the softmax.* For one row, write the log-probability of a class $k$ as
#    $\log P_{nk} = Z_{nk} - \log \sum_{j=1}^{C} e^{Z_{nj}}$ (the log of a quotient).
#    Differentiate it with respect to $Z_{nc}$, for any two classes $k$ and $c$. The first term
#    gives the indicator $[k = c]$: 1 if $k = c$, 0 otherwise. For the second, use the chain
#    rule with $(\log u)' = u' / u$: what is the derivative of $\sum_j e^{Z_{nj}}$ with respect
#    to $Z_{nc}$, and which quantity of the softmax do you recognize in the quotient?
# 3. *Put it together.* Take $k = y_n$, the true class, do not forget the minus sign of
#    $\ell_n$, and multiply by the factor of step 1. Then write all $N \cdot C$ entries as one
#    $(N, C)$ array built from $P$ and the one-hot labels $T$ ($T_{nc} = 1$ if $c = y_n$, else
#    0; `np.eye(C)[y]`).
#
# Two checks of your result, before you code it: every row of $\partial L / \partial Z$ must
# sum to 0 (adding the same number to all logits of a row changes no probability, hence not
# the loss), and a gradient-descent step must raise the true class's logit. Once your formula
# passes the test, compare your derivation with lecture 05, section 1.3, which derives it in
# two ways.
#
# Write `softmax_cross_entropy(Z, y)` returning `(loss, dZ)`: the loss as a float, and `dZ`,
# $\partial L / \partial Z$ of shape $(N, C)$, computed with **your formula** (the tests read
# your code: no finite differences; they compare your `dZ` with central differences of the
# loss). No loop over examples: `A[np.arange(N), y]` picks the entry of the true class in every
# row. Do not change `Z` in place (compute new arrays).

# %% nbgrader={"grade": false, "grade_id": "softmax_cross_entropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_cross_entropy(Z, y):
    # Mean softmax cross-entropy of logits Z (N, C) for integer labels y (N,).
    # Returns (loss, dZ): a float, and dL/dZ of shape (N, C).
    ### BEGIN SOLUTION
    N = Z.shape[0]
    rows = np.arange(N)
    shifted = Z - Z.max(axis=1, keepdims=True)                  # the largest entry of every row is 0
    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_P[rows, y].mean()
    dZ = np.exp(log_P)                                            # P
    dZ[rows, y] -= 1.0                                            # P - T: the indicator, in the true class's column only
    return float(loss), dZ / N                                    # 1/N: the loss is a mean
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_softmax_ce_loss", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
check_no_library("softmax_cross_entropy")
check_vectorized("softmax_cross_entropy")
# Equal logits: P = 1/3 for each of the C = 3 classes, so L = -log(1/3) = log 3.
loss, _ = call("softmax_cross_entropy(Z, y) with Z = 0", softmax_cross_entropy, np.zeros((4, 3)),
               np.array([0, 1, 2, 0]), keep_inputs=True)
check_type("the loss", loss, float)
check_close("the loss for Z = 0 (N = 4, C = 3)", loss, np.log(3))
# Row 1: logits (2, 1, 0), true class 0: -log(e^2 / (e^2 + e + 1)) = log(1 + e^-1 + e^-2).
# Row 2: logits (0, 3, -1), true class 2: -log(e^-1 / (1 + e^3 + e^-1)) = log(e + e^4 + 1).
Z = np.array([[2.0, 1.0, 0.0], [0.0, 3.0, -1.0]])
per_example = np.array([np.log(1 + np.exp(-1) + np.exp(-2)), np.log(np.e + np.exp(4) + 1)])
loss, _ = call("softmax_cross_entropy(Z, y) with Z = [[2, 1, 0], [0, 3, -1]], y = [0, 2]", softmax_cross_entropy, Z,
               np.array([0, 2]), keep_inputs=True)
check_close("the loss for Z = [[2, 1, 0], [0, 3, -1]], y = [0, 2]", loss, per_example.mean(), mistakes={
    "the loss is summed over the batch; the losses of the course are means: divide by N.": per_example.sum(),
    "sign error: L = -mean(log P[n, y_n]), a positive number (minus the log of a probability).": -per_example.mean(),
})
### BEGIN HIDDEN TESTS
import warnings

def reference_sce(Z, y):
    # the loss and dL/dZ, computed safely
    Zs = Z - Z.max(axis=1, keepdims=True)
    log_P = Zs - np.log(np.exp(Zs).sum(axis=1, keepdims=True))
    onehot = np.eye(Z.shape[1])[y]
    return -log_P[np.arange(len(y)), y].mean(), (np.exp(log_P) - onehot) / len(y), np.exp(log_P), onehot


rng = np.random.default_rng(5001)
for N, C in [(1, 2), (7, 3), (16, 10), (5, 2), (30, 4)]:
    Z, y = 2 * rng.normal(size=(N, C)), rng.integers(0, C, size=N)
    want = reference_sce(Z, y)[0]
    loss, _ = call(f"softmax_cross_entropy(Z, y) with Z ({N}, {C})", softmax_cross_entropy, Z, y)
    check_type(f"the loss for Z ({N}, {C})", loss, float)
    check_close(f"the loss for random logits Z ({N}, {C})", loss, want, rtol=1e-9, mistakes={
        "the loss is summed over the batch; the losses of the course are means: divide by N.": want * N,
        "sign error: L = -mean(log P[n, y_n]), a positive number (minus the log of a probability).": -want,
    })
Z, y = 1000 * rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
Z[0, y[0]] = -1000.0
Z[0, (y[0] + 1) % 3] = 1000.0                   # a confident wrong answer: L about 2000 / N, finite
with warnings.catch_warnings():
    warnings.simplefilter("error")
    loss, _ = call("softmax_cross_entropy(Z, y) with logits of size 1000, NumPy's warnings turned into errors",
                   softmax_cross_entropy, Z, y,
                   hint="e^Z overflows for Z > 709: subtract each row's maximum before exp, and compute log P as "
                        "(Z - m) - log(sum(exp(Z - m))) instead of log(softmax).")
check_close("the loss for logits of size 1000", loss, reference_sce(Z, y)[0], rtol=1e-9)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_softmax_ce_grad", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 3}
check_no_library("softmax_cross_entropy")
check_analytic("softmax_cross_entropy")


def mean_cross_entropy(Z, y):
    # the loss L of part 1, computed safely: the test's own, to differentiate numerically
    m = Z.max(axis=1)
    return float(np.mean(m + np.log(np.exp(Z - m[:, None]).sum(axis=1)) - Z[np.arange(len(y)), y]))


def central_differences(Z, y):
    # dL/dZ by central differences (the library's, accurate to about 1e-10 in float64)
    from dlf.gradcheck import numerical_gradient as library_numerical_gradient
    Z = np.array(Z, dtype=float)
    return library_numerical_gradient(lambda _: mean_cross_entropy(Z, y), Z)


def usual_mistakes(want, y):
    # {hint: what dZ is after one usual mistake}, from the right dL/dZ `want` (N, C)
    N, C = want.shape
    true_class = np.arange(C) == np.asarray(y)[:, None]        # True in column y_n of row n
    return {
        f"you did not divide by N = {N}: the loss is the MEAN of the N per-example losses, so every entry of "
        "dL/dZ carries the factor 1/N of the mean (step 1).": N * want,
        f"divided by C = {C}, the number of classes, where N = {N} belongs: the factor comes from the mean over "
        "the N examples of the batch (step 1).": want * N / C,
        "sign error: your dZ points the wrong way. The loss is MINUS the log-probability of the true class: keep "
        "that minus sign (step 3); a gradient-descent step must raise the true class's logit.": -want,
        "the -1 is subtracted in every column: in log P[n, y_n] = Z[n, y_n] - log(sum_j exp(Z[n, j])), the first "
        "term depends on Z[n, c] only for c = y_n, so the -1 belongs to the true class's column alone (the "
        "indicator of step 2). Every row of dL/dZ must sum to 0.": want - (~true_class) / N,
        "only the true class's column is nonzero: but log P[n, y_n] depends on EVERY logit of row n, through "
        "the sum in the softmax's denominator, so dL/dZ[n, c] is nonzero for the other classes c too: "
        "differentiate log P[n, y_n] with respect to Z[n, c] for every class c (step 2).":
            np.where(true_class, want, 0.0),
        "the true class's term is missing: you differentiated only log(sum_j exp(Z[n, j])); the term Z[n, y_n] "
        "of log P[n, y_n] contributes its indicator too (step 2). Every row of dL/dZ must sum to 0.":
            want + true_class / N,
    }


# The expected dZ comes from central differences of the loss, so that this cell does not print the formula.
Z_hand, y_hand = np.array([[2.0, 1.0, 0.0], [0.0, 3.0, -1.0]]), np.array([0, 2])
want = central_differences(Z_hand, y_hand)
_, dZ = call("softmax_cross_entropy(Z, y) with Z = [[2, 1, 0], [0, 3, -1]], y = [0, 2]", softmax_cross_entropy,
             Z_hand, y_hand, keep_inputs=True)
check_close("dZ for Z = [[2, 1, 0], [0, 3, -1]], y = [0, 2] (N = 2, C = 3), compared with central differences of "
            "the loss", dZ, want, rtol=1e-6, atol=1e-9, mistakes=usual_mistakes(want, y_hand))
Z_five, y_five = np.random.default_rng(5).normal(size=(5, 4)), np.array([3, 0, 3, 1, 2])
want = central_differences(Z_five, y_five)
_, dZ = call("softmax_cross_entropy(Z, y) with Z (5, 4), y = [3, 0, 3, 1, 2]", softmax_cross_entropy, Z_five, y_five,
             keep_inputs=True)
check_close("dZ for Z (5, 4), y = [3, 0, 3, 1, 2] (N = 5, C = 4), compared with central differences of the loss", dZ,
            want, rtol=1e-6, atol=1e-9, mistakes=usual_mistakes(want, y_five))
### BEGIN HIDDEN TESTS
import warnings


def exact_dZ(Z, y):
    # the analytic dL/dZ, computed safely
    Zs = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Zs) / np.exp(Zs).sum(axis=1, keepdims=True)
    return (P - np.eye(Z.shape[1])[y]) / len(y)


rng = np.random.default_rng(5002)
cases = [(int(rng.integers(1, 13)), int(rng.integers(2, 8))) for _ in range(5)] + [(1, 2), (16, 10), (30, 4)]
for N, C in cases:
    Z, y = 2 * rng.normal(size=(N, C)), rng.integers(0, C, size=N)
    numeric, exact = central_differences(Z, y), exact_dZ(Z, y)
    assert np.max(np.abs(numeric - exact)) < 1e-9, f"the test's own central differences disagree with the formula for Z ({N}, {C})"
    _, dZ = call(f"softmax_cross_entropy(Z, y) with random Z ({N}, {C})", softmax_cross_entropy, Z, y)
    check_close(f"dZ for random logits Z ({N}, {C}), compared with central differences of the loss", dZ, numeric,
                rtol=1e-6, atol=1e-9, mistakes=usual_mistakes(numeric, y))
    check_close(f"dZ for random logits Z ({N}, {C}), compared with the exact derivative", dZ, exact, rtol=1e-9,
                atol=1e-12, mistakes=usual_mistakes(exact, y))
Z, y = 1000 * rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
with warnings.catch_warnings():
    warnings.simplefilter("error")
    _, dZ = call("softmax_cross_entropy(Z, y) with logits of size 1000, NumPy's warnings turned into errors",
                 softmax_cross_entropy, Z, y,
                 hint="e^Z overflows for Z > 709: subtract each row's maximum before exp (the softmax does not change), "
                      "and do not divide by a probability that may have underflowed to 0.")
check_close("dZ for logits of size 1000", dZ, exact_dZ(Z, y), rtol=1e-9, atol=1e-12, mistakes=usual_mistakes(exact_dZ(Z, y), y))
### END HIDDEN TESTS


# %% [markdown] nbgrader={"grade": false, "grade_id": "part2", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 2: the forward pass (2 points)
#
# Write `mlp_forward(params, X)` returning `(Z2, cache)`: the logits $Z_2 = \mathrm{ReLU}(X W_1 + b_1)\, W_2 + b_2$
# of shape $(N, C)$, and `cache = (X, Z1, A1)`, the values the backward pass needs
# (lecture 05, section 2: every local derivative is evaluated at the values of the forward
# pass). $\mathrm{ReLU}(z) = \max(z, 0)$, element by element (`np.maximum`). No loop over
# examples, and do not change `X` or `params` in place.

# %% nbgrader={"grade": false, "grade_id": "mlp_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mlp_forward(params, X):
    # X (N, D) -> logits Z2 (N, C), and cache = (X, Z1, A1) for the backward pass.
    ### BEGIN SOLUTION
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ params["W2"] + params["b2"]
    return Z2, (X, Z1, A1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_mlp_forward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
params_hand = {"W1": np.array([[1.0, -1.0, 0.5], [1.0, 1.0, -1.0]]), "b1": np.array([0.0, -2.0, 0.0]),
               "W2": np.array([[1.0, -1.0], [5.0, 5.0], [7.0, 7.0]]), "b2": np.array([0.5, 0.0])}
X_hand = np.array([[1.0, 2.0]])
# Z1 = X W1 + b1 = [3, -1, -1.5];  A1 = ReLU(Z1) = [3, 0, 0];  Z2 = A1 W2 + b2 = [3.5, -3].
check_vectorized("mlp_forward")
out = call("mlp_forward(params, X) for the example worked out above", mlp_forward, params_hand, X_hand, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 2, f"mlp_forward must return the tuple (Z2, cache); got {type(out).__name__}"
Z2, cache = out
check_close("Z2 for the example worked out above", Z2, np.array([[3.5, -3.0]]), mistakes={
    "ReLU is missing: A1 = ReLU(Z1) = max(Z1, 0), element by element, before the second layer.": np.array([[-12.0, -18.5]]),
})
assert isinstance(cache, tuple) and len(cache) == 3, f"cache must be the tuple (X, Z1, A1); got {type(cache).__name__}"
check_close("Z1, the second entry of cache", cache[1], np.array([[3.0, -1.0, -1.5]]), mistakes={
    "cache holds A1 where Z1 belongs: cache = (X, Z1, A1). Did you apply ReLU to Z1 in place (A1 = Z1; A1[A1 < 0] = 0 "
    "changes Z1 too)? Compute a new array: A1 = np.maximum(Z1, 0).": np.array([[3.0, 0.0, 0.0]]),
})
check_close("A1, the third entry of cache", cache[2], np.array([[3.0, 0.0, 0.0]]))
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(5011)
for N, D, H, C in [(1, 2, 3, 2), (9, 2, 16, 3), (20, 5, 7, 4), (4, 1, 1, 2)]:
    dims = {"N": N, "D": D, "H": H, "C": C}
    X = rng.normal(size=(N, D))
    p = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
    Z1 = X @ p["W1"] + p["b1"]
    A1 = np.maximum(Z1, 0)
    name = f"mlp_forward with X ({N}, {D}), W1 ({D}, {H}), W2 ({H}, {C})"
    out = call(name, mlp_forward, p, X)
    assert isinstance(out, tuple) and len(out) == 2, f"mlp_forward must return the tuple (Z2, cache); got {type(out).__name__}"
    Z2, cache = out
    check_close(f"Z2 of {name}", Z2, A1 @ p["W2"] + p["b2"], rtol=1e-10, atol=1e-12, dims=dims, mistakes={
        "ReLU is missing: A1 = ReLU(Z1) = max(Z1, 0), element by element, before the second layer.": Z1 @ p["W2"] + p["b2"],
        "the biases are missing: Z1 = X W1 + b1 and Z2 = A1 W2 + b2.": np.maximum(X @ p["W1"], 0) @ p["W2"],
        "the second bias b2 is missing: Z2 = A1 W2 + b2.": A1 @ p["W2"],
        "ReLU is applied to the logits too: Z2 = A1 W2 + b2 has no activation (the softmax comes in the loss).": np.maximum(A1 @ p["W2"] + p["b2"], 0),
    })
    assert isinstance(cache, tuple) and len(cache) == 3, f"cache must be the tuple (X, Z1, A1); got {type(cache).__name__}"
    check_close(f"X, the first entry of cache, for {name}", cache[0], X, rtol=0, atol=0)
    check_close(f"Z1, the second entry of cache, for {name}", cache[1], Z1, rtol=1e-10, atol=1e-12, dims=dims,
                mistakes={"cache holds A1 where Z1 belongs: cache = (X, Z1, A1); the backward pass needs Z1 for ReLU's derivative. "
                          "Did you apply ReLU to Z1 in place?": A1})
    check_close(f"A1, the third entry of cache, for {name}", cache[2], A1, rtol=1e-10, atol=1e-12, dims=dims)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part3", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3: the backward pass (4 points)
#
# Write `mlp_backward(dZ2, params, cache)`: given $\partial L / \partial Z_2$ (`dZ2`, $(N, C)$,
# from the loss) and the cache of the forward pass, return `grads`, a dict with the keys
# `"W1"`, `"b1"`, `"W2"`, `"b2"`, each the gradient of the loss with respect to that parameter
# and of its shape.
#
# Backpropagation walks the layers from the last to the first, and uses two rules
# (lecture 05, section 3), in which $G$ is the gradient that arrives from above:
#
# | layer | forward | backward |
# |---|---|---|
# | linear | $Y = XW + b$ | $\partial L/\partial W = X^\top G$, $\;\partial L/\partial b = \sum_n G_n$ (a sum over the rows), $\;\partial L/\partial X = G W^\top$ |
# | ReLU | $A = \mathrm{ReLU}(Z)$ | $\partial L/\partial Z = G \odot \mathrm{ReLU}'(Z)$, with $\mathrm{ReLU}'(z) = 1$ if $z > 0$, else 0 |
#
# So: the second layer gives the gradients of $W_2$ and $b_2$ and passes $\partial L/\partial A_1$
# down; the ReLU turns it into $\partial L/\partial Z_1$; the first layer gives the gradients of
# $W_1$ and $b_1$ ($\partial L/\partial X$ is not needed). Do not divide by $N$: `dZ2` already
# carries the $1/N$ of the mean loss. Use these formulas (analytic derivatives, not finite
# differences: those are for part 4), no loop over examples, and do not change `dZ2`, `params`
# or the arrays of `cache` in place.

# %% nbgrader={"grade": false, "grade_id": "mlp_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mlp_backward(dZ2, params, cache):
    # dZ2 = dL/dZ2 (N, C); cache = (X, Z1, A1) from mlp_forward.
    # Returns grads: {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}.
    X, Z1, A1 = cache
    ### BEGIN SOLUTION
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * (Z1 > 0)              # ReLU'(Z1): 1 where the unit was active, else 0
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_mlp_backward_layer2", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
rng = np.random.default_rng(0)
N, D, H, C = 6, 2, 5, 3
dims = {"N": N, "D": D, "H": H, "C": C}
X = rng.normal(size=(N, D))
params = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
Z1 = X @ params["W1"] + params["b1"]
A1 = np.maximum(Z1, 0)
dZ2 = rng.normal(size=(N, C))
check_analytic("mlp_backward", formula="the rules of the table above")
check_vectorized("mlp_backward")
grads = call("mlp_backward(dZ2, params, cache) with N = 6, D = 2, H = 5, C = 3", mlp_backward, dZ2, params, (X, Z1, A1),
             keep_inputs=True)
check_type("mlp_backward(dZ2, params, cache)", grads, dict)
assert set(grads) == {"W1", "b1", "W2", "b2"}, f"grads must have the keys of params, W1, b1, W2, b2; got {sorted(grads)}"

check_shape('grads["W2"]', grads["W2"], ("H", "C"), dims)
check_shape('grads["b2"]', grads["b2"], ("C",), dims)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(5021)
cases = [tuple(int(s) for s in rng.integers(2, 9, size=4)) for _ in range(6)] + [(1, 3, 4, 2), (7, 1, 1, 3)]
for N, D, H, C in cases:
    X = rng.normal(size=(N, D))
    params = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0)
    dZ2 = rng.normal(size=(N, C))
    sizes = f"N = {N}, D = {D}, H = {H}, C = {C}"
    grads = call(f"mlp_backward(dZ2, params, cache) with {sizes}", mlp_backward, dZ2, params, (X, Z1, A1))
    assert isinstance(grads, dict) and set(grads) == {"W1", "b1", "W2", "b2"}, "grads must be a dict with the keys W1, b1, W2, b2"
    dA1 = dZ2 @ params["W2"].T
    try:
        check_linear_gradients(dA1, grads["W2"], grads["b2"], A1, params["W2"], dZ2)
    except AssertionError as exc:
        raise AssertionError(
            f"the second layer, Z2 = A1 W2 + b2, with {sizes}. In the notation of a linear layer Y = X W + b, "
            f"here X is A1 (N, H), W is W2 (H, C), dY is dZ2, so D = H and K = C; dW is grads['W2'] and db is grads['b2']:\n{exc}"
        ) from None
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_mlp_backward_layer1", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
rng = np.random.default_rng(0)
N, D, H, C = 6, 2, 5, 3
dims = {"N": N, "D": D, "H": H, "C": C}
X = rng.normal(size=(N, D))
params = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
Z1 = X @ params["W1"] + params["b1"]
A1 = np.maximum(Z1, 0)
dZ2 = rng.normal(size=(N, C))
check_analytic("mlp_backward", formula="the rules of the table above")
check_vectorized("mlp_backward")
grads = call("mlp_backward(dZ2, params, cache) with N = 6, D = 2, H = 5, C = 3", mlp_backward, dZ2, params, (X, Z1, A1),
             keep_inputs=True)
check_type("mlp_backward(dZ2, params, cache)", grads, dict)
assert set(grads) == {"W1", "b1", "W2", "b2"}, f"grads must have the keys of params, W1, b1, W2, b2; got {sorted(grads)}"

check_shape('grads["W1"]', grads["W1"], ("D", "H"), dims)
check_shape('grads["b1"]', grads["b1"], ("H",), dims)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(5022)
cases = [tuple(int(s) for s in rng.integers(2, 9, size=4)) for _ in range(6)] + [(1, 3, 4, 2), (7, 1, 1, 3)]
for N, D, H, C in cases:
    X = rng.normal(size=(N, D))
    params = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0)
    dZ2 = rng.normal(size=(N, C))
    sizes = f"N = {N}, D = {D}, H = {H}, C = {C}"
    grads = call(f"mlp_backward(dZ2, params, cache) with {sizes}", mlp_backward, dZ2, params, (X, Z1, A1))
    assert isinstance(grads, dict) and set(grads) == {"W1", "b1", "W2", "b2"}, "grads must be a dict with the keys W1, b1, W2, b2"
    dA1 = dZ2 @ params["W2"].T
    relu_grad = lambda Z: (Z > 0).astype(float)  # noqa: E731
    dX = (dA1 * relu_grad(Z1)) @ params["W1"].T
    try:
        check_linear_gradients(dX, grads["W1"], grads["b1"], X, params["W1"], dA1, b=params["b1"], act_grad=relu_grad)
    except AssertionError as exc:
        raise AssertionError(
            f"the first layer, A1 = ReLU(X W1 + b1), with {sizes}. In the notation of a layer Y = act(X W + b), "
            f"here W is W1 (D, H), Z is Z1, dY is dL/dA1 = dZ2 W2.T, so K = H; dW is grads['W1'] and db is grads['b1']:\n{exc}"
        ) from None
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part4", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 4: a gradient check (4 points)
#
# One wrong sign or a missing transpose anywhere corrupts every gradient before it, and
# training may still *look* as if it works. A gradient check compares the backward pass with
# central differences (lectures 04 and 05):
#
# $$
# \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}, \qquad h = 10^{-5},
# $$
#
# with an error proportional to $h^2$. The function below chains your three functions:

# %% nbgrader={"grade": false, "grade_id": "loss_and_grads", "locked": true, "schema_version": 3, "solution": false, "task": false}
def loss_and_grads(params, X, y):
    # Forward pass, loss, backward pass: the loss and the dict of gradients (same keys as params).
    Z2, cache = mlp_forward(params, X)
    loss, dZ2 = softmax_cross_entropy(Z2, y)
    return loss, mlp_backward(dZ2, params, cache)


# %% [markdown] nbgrader={"grade": false, "grade_id": "part4_tasks", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Write two functions.
#
# 1. `numerical_gradient(f, x, h=1e-5)`: the central-difference gradient of the function `f`
#    (which takes an array and returns a float) at the array `x`, of any shape. Perturb `x`
#    **in place**, one entry at a time, and restore the entry afterwards: then `f` may also read
#    the array through a closure, as `lambda _: loss_and_grads(params, X, y)[0]` reads the
#    arrays in `params`. Return an array of the shape of `x`. (A loop over the entries is the
#    definition here; `np.ndindex(x.shape)` gives every index.)
# 2. `gradient_check(params, X, y)`: a dict `{name: relative error}` for every parameter,
#    comparing the gradient `g` from `loss_and_grads` with the numerical one `n` of the loss
#    that `loss_and_grads` returns (take both from `loss_and_grads`, do not call the other
#    functions yourself):
#    $\;\text{error} = \dfrac{\lVert g - n \rVert}{\lVert g \rVert + \lVert n \rVert}$
#    (Frobenius norms, `np.linalg.norm`; 0 if both are 0). In float64 a correct backward
#    pass gives errors below $10^{-7}$; a wrong one, $10^{-2}$ or more.
#
# The tests grade `gradient_check` on its own: they hand it stand-ins for `loss_and_grads`
# whose gradients they know, some right and some wrong (twice the true gradient, a sign flipped
# on some entries, one wrong entry), and check the errors it reports. The cell after the test
# runs it on your own network: it should report errors below $10^{-7}$ once parts 1 to 3 are right.

# %% nbgrader={"grade": false, "grade_id": "numerical_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_gradient(f, x, h=1e-5):
    # Central differences (f(x + h e_i) - f(x - h e_i)) / 2h for every entry of the array x.
    ### BEGIN SOLUTION
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old                        # restore
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_numerical_gradient", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
x = np.array([[1.0, -2.0], [0.5, 3.0]])
x_before = x.copy()
g = numerical_gradient(lambda v: float(np.sum(v**2)), x)
by_h = "the difference is divided by h instead of 2h: (f(x + h) - f(x - h)) / (2h)."
one_sided = ("this is a one-sided difference (f(x + h) - f(x)) / h, whose error is proportional to h; "
             "the central difference (f(x + h) - f(x - h)) / (2h) is accurate to h^2.")
check_close("numerical_gradient of f(x) = sum(x^2) (exactly 2x)", g, 2 * x_before, rtol=1e-7,
            mistakes={by_h: 4 * x_before, one_sided: 2 * x_before + 1e-5})
check_close("x after numerical_gradient (every entry must be restored)", x, x_before, rtol=0, atol=0)
check_no_library("numerical_gradient")
# f may read the array through a closure and ignore its argument, as the loss reads the arrays in params
A = np.array([[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]])
g = numerical_gradient(lambda _: float(np.sum(A**3)), A)
check_close("numerical_gradient(lambda _: sum(A^3), A) (exactly 3 A^2), f reading A through a closure", g, 3 * A**2,
            rtol=1e-7, atol=1e-9, mistakes={
                "all zeros: x must be perturbed IN PLACE (x[i] = old + h, then restored), so that a function that reads "
                "the array through a closure sees the change. Do not work on a copy of x.": np.zeros_like(A),
            })
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(5031)
x = rng.normal(size=(2, 3, 4))
c = rng.normal(size=(2, 3, 4))
x_before = x.copy()
f = lambda v: float(np.sum(np.sin(v) * c))  # noqa: E731
g = call("numerical_gradient(f, x) for f(x) = sum(sin(x) * c), x of shape (2, 3, 4)", numerical_gradient, f, x)
check_close("numerical_gradient of f(x) = sum(sin(x) * c) (exactly cos(x) * c), x of shape (2, 3, 4)", g, np.cos(x_before) * c,
            rtol=1e-7, atol=1e-9, mistakes={
                by_h: 2 * np.cos(x_before) * c,
                one_sided: (np.sin(x_before + 1e-5) - np.sin(x_before)) / 1e-5 * c,
            })
check_close("x after numerical_gradient (every entry must be restored)", x, x_before, rtol=0, atol=0)
# f reads the array through a closure and ignores its argument, as a loss reads the arrays in params
A, B = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
g = call("numerical_gradient(lambda _: sum(tanh(A @ B)), A)", numerical_gradient, lambda _: float(np.sum(np.tanh(A @ B))), A)
check_close("numerical_gradient of sum(tanh(A @ B)) with respect to A, read through a closure", g,
            (1 - np.tanh(A @ B) ** 2) @ B.T, rtol=1e-7, atol=1e-9, mistakes={
                "all zeros: x must be perturbed IN PLACE (x[i] = old + h, then restored), so that a function that reads "
                "the array through a closure sees the change. Do not work on a copy of x.": np.zeros_like(A),
            })
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "gradient_check", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient_check(params, X, y):
    # {name: relative error between loss_and_grads's gradient and central differences} for every parameter.
    ### BEGIN SOLUTION
    _, grads = loss_and_grads(params, X, y)
    errors = {}
    for name, p in params.items():
        numeric = numerical_gradient(lambda _: loss_and_grads(params, X, y)[0], p)
        scale = np.linalg.norm(grads[name]) + np.linalg.norm(numeric)
        errors[name] = float(np.linalg.norm(grads[name] - numeric) / scale) if scale > 0 else 0.0
    return errors
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gradient_check", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
check_no_library("gradient_check", skip=("loss_and_grads",))  # it composes parts 1-3, checked in their own tests
rng = np.random.default_rng(1)
N, D, H, C = 6, 2, 3, 3
X_small, y_small = rng.normal(size=(N, D)), rng.integers(0, C, size=N)
params_small = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
coef = {name: rng.normal(size=p.shape) for name, p in params_small.items()}


def stand_in(change=None):
    # A stand-in for loss_and_grads: L = sum over the parameters of sum(coef * sin(p)), whose gradient is
    # exactly coef * cos(p); change(name, gradient) makes some gradients wrong on purpose.
    def loss_and_grads_stand_in(params, X, y):
        loss = sum(float(np.sum(coef[name] * np.sin(p))) for name, p in params.items())
        grads = {name: coef[name] * np.cos(p) for name, p in params.items()}
        return loss, {name: change(name, g) if change else g for name, g in grads.items()}
    return loss_and_grads_stand_in


def errors_with(change, what):
    with replaced_in_notebook("loss_and_grads", stand_in(change)):
        errors = call(f"gradient_check(params, X, y) with a stand-in loss_and_grads whose gradients are {what}",
                      gradient_check, params_small, X_small, y_small, keep_inputs=True)
    check_type("gradient_check(params, X, y)", errors, dict)
    assert set(errors) == set(params_small), (
        f"gradient_check must return one error per parameter, W1, b1, W2, b2; got {sorted(errors)}")
    for name, err in errors.items():
        check_type(f"the relative error of {name}", err, float)
    return errors


def expected_error(a, b):
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


errors = errors_with(None, "exact")
for name, err in errors.items():
    print(f"{name}: relative error {err:.1e}")
    assert err < 1e-7, (
        f"with a stand-in loss_and_grads whose gradients are exact, gradient_check reports a relative error of {err:.2e} "
        f"for {name}; it should be below 1e-7. Take both the loss and the gradients from loss_and_grads, and check "
        "numerical_gradient (its test above).")
blind = ("Your error measure cannot see this mistake: compare the two gradients entry by entry, "
         "error = ||g - n|| / (||g|| + ||n||), not their norms, their sums or the angle between them.")
errors = errors_with(lambda name, g: 2 * g, "twice the true ones")
for name, err in errors.items():
    assert err > 1e-2, (f"gradient_check reports {err:.2e} for {name} when the gradient of loss_and_grads is twice the "
                        f"true one, as if it were right. {blind}")
    check_close(f"the relative error that gradient_check reports for {name} when the gradient is twice the true one "
                "(||2n - n|| / (||2n|| + ||n||) = 1/3)", err, 1 / 3, rtol=1e-5)
flip = np.array([1.0, -1.0, 1.0])                 # the sign of the second column of grads["W2"] flipped
errors = errors_with(lambda name, g: g * flip if name == "W2" else g, "exact but for signs flipped in W2")
want = expected_error(coef["W2"] * np.cos(params_small["W2"]) * flip, coef["W2"] * np.cos(params_small["W2"]))
assert errors["W2"] > 1e-2, (f"gradient_check reports {errors['W2']:.2e} for W2 when a column of grads['W2'] has the "
                             f"wrong sign, as if it were right. {blind}")
check_close("the relative error that gradient_check reports for W2 when a column of grads['W2'] has the wrong sign",
            errors["W2"], want, rtol=1e-5)
for name in ("W1", "b1", "b2"):
    assert errors[name] < 1e-7, f"gradient_check reports {errors[name]:.2e} for {name}, whose gradient is right (expected < 1e-7)"
### BEGIN HIDDEN TESTS
# one wrong entry: grads["W1"][1, 2] off by 0.5
def one_entry(name, g):
    if name == "W1":
        g = g.copy()
        g[1, 2] += 0.5
    return g


errors = errors_with(one_entry, "exact but for one entry of W1")
right_W1 = coef["W1"] * np.cos(params_small["W1"])
check_close("the relative error that gradient_check reports for W1 when one entry of grads['W1'] is off by 0.5",
            errors["W1"], expected_error(one_entry("W1", right_W1), right_W1), rtol=1e-5)
for name in ("b1", "W2", "b2"):
    assert errors[name] < 1e-7, f"gradient_check reports {errors[name]:.2e} for {name}, whose gradient is right (expected < 1e-7)"


# the real network, with the test's own forward pass, loss and backward pass in place of yours
def ref_forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0.0)
    return A1 @ params["W2"] + params["b2"], (X, Z1, A1)


def ref_sce(Z, y):
    N = Z.shape[0]
    Zs = Z - Z.max(axis=1, keepdims=True)
    log_P = Zs - np.log(np.exp(Zs).sum(axis=1, keepdims=True))
    grad = np.exp(log_P)
    grad[np.arange(N), y] -= 1.0
    return float(-log_P[np.arange(N), y].mean()), grad / N


def ref_backward(dZ2, params, cache):
    X, Z1, A1 = cache
    dZ1 = (dZ2 @ params["W2"].T) * (Z1 > 0)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def ref_loss_and_grads(params, X, y, change=None):
    Z2, cache = ref_forward(params, X)
    loss, dZ2 = ref_sce(Z2, y)
    grads = ref_backward(dZ2, params, cache)
    return loss, {name: change(name, g) if change else g for name, g in grads.items()}


rng = np.random.default_rng(5041)
for N, D, H, C in [(4, 2, 3, 3)]:
    X, y = rng.normal(size=(N, D)), rng.integers(0, C, size=N)
    params = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
    sizes = f"N = {N}, D = {D}, H = {H}, C = {C}"
    b1_doubled = (lambda params, X, y: ref_loss_and_grads(params, X, y, lambda name, g: 2 * g if name == "b1" else g))
    for stand, what in ((ref_loss_and_grads, "right"), (b1_doubled, "right but for grads['b1'], doubled")):
        with replaced_in_notebook("loss_and_grads", stand), replaced_in_notebook("mlp_forward", ref_forward), \
                replaced_in_notebook("softmax_cross_entropy", ref_sce), replaced_in_notebook("mlp_backward", ref_backward):
            errors = call(f"gradient_check(params, X, y) on the network ({sizes}) with gradients that are {what}",
                          gradient_check, params, X, y, keep_inputs=True)
        assert isinstance(errors, dict) and set(errors) == set(params), (
            f"gradient_check must return a dict with one error per parameter; got {errors!r:.100}")
        for name, err in errors.items():
            if what != "right" and name == "b1" and np.linalg.norm(ref_loss_and_grads(params, X, y)[1]["b1"]) > 1e-6:
                check_close(f"the relative error that gradient_check reports for b1 ({sizes}) when grads['b1'] is doubled",
                            err, 1 / 3, rtol=1e-4)
            else:
                assert err < 1e-7, (f"gradient_check reports {err:.2e} for {name} on the network ({sizes}) with the test's "
                                    "own forward and backward pass, whose gradient is right (expected < 1e-7)")
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "own_gradient_check", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Your gradient_check on your own network (parts 1 to 3): every error should be below 1e-7.
rng = np.random.default_rng(3)
X_own, y_own = rng.normal(size=(5, 2)), rng.integers(0, 3, size=5)
params_own = {"W1": rng.normal(size=(2, 4)), "b1": rng.normal(size=4), "W2": rng.normal(size=(4, 3)), "b2": rng.normal(size=3)}
for name, err in gradient_check(params_own, X_own, y_own).items():
    print(f"{name}: relative error {err:.1e}" + ("" if err < 1e-7 else "  <- above 1e-7: check parts 1 to 3"))

# %% [markdown] nbgrader={"grade": false, "grade_id": "part5", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 5: training on the spirals (6 points)
#
# The training loop of lecture 05, section 5: repeat forward pass, loss, backpropagation,
# update $\theta := \theta - \eta\, \partial L / \partial \theta$, for every mini-batch of every
# epoch.
#
# 1. `predict(params, X)`: the predicted class of every example, an integer array $(N,)$: the
#    index of the largest logit in each row of $Z_2$.
# 2. `train_mlp(X, y, *, rng, H=100, lr=0.5, epochs=200, batch_size=32)`: create the
#    parameters and train them on the `X`, `y` it is given; return `params`.
#    - $D$ and $C$ come from the data: `D = X.shape[1]`, `C = y.max() + 1`.
#    - Initialize with random weights from `rng`, first `W1`, then `W2` (He:
#      $W \sim \mathcal{N}(0, 2/\text{fan-in})$, so `rng.normal(0.0, np.sqrt(2 / D), size=(D, H))`
#      for `W1` and a fan-in of $H$ for `W2`), and zero biases. Not all zeros: the units of a
#      layer would stay identical (lecture 05, section 7).
#    - Every epoch (exactly `epochs` of them), shuffle with `rng.permutation(N)` and walk through
#      the mini-batches `order[start:start + batch_size]`; for each, `loss_and_grads` on that
#      batch, then `p -= lr * g` for every parameter.
#    - All randomness through `rng`, and only through it (no `np.random.seed`, no
#      `np.random.shuffle`): a run can then be repeated, and two runs with equal generators
#      return equal parameters.
#    - The defaults of the keyword arguments are a good start: a width of 100, a learning rate
#      of 0.5, 200 epochs of mini-batches of 32. You may change the defaults; use the arguments
#      you are given.
#
# To earn the points, `train_mlp` must reach **at least 90% training accuracy** on the spirals
# ($N = 300$, $C = 3$, `dlf.data.make_spirals`) with its defaults **within 15 seconds** on the
# grader's machine (the reference solution needs well under a second). The test trains your
# `train_mlp` with the library's forward and backward pass (`dlf.layers`, `dlf.losses`) in place
# of your `mlp_forward`, `softmax_cross_entropy` and `mlp_backward`, so that it grades the
# training and a mistake in parts 1 to 3 costs only their points; the cell before it shows what
# your own functions reach. Its hidden part trains again, from scratch with a fixed seed, on fresh
# data. A second test checks the training loop itself on small data (the initialization,
# `epochs`, `lr`, `batch_size`, the use of `rng`, `X` and `y`), with a stand-in `loss_and_grads`
# whose gradients it knows.

# %% nbgrader={"grade": false, "grade_id": "predict", "locked": false, "schema_version": 3, "solution": true, "task": false}
def predict(params, X):
    # Class ids (N,): the index of the largest logit in every row.
    ### BEGIN SOLUTION
    Z2, _ = mlp_forward(params, X)
    return Z2.argmax(axis=1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_predict", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
params_hand = {"W1": np.array([[1.0, -1.0, 0.5], [1.0, 1.0, -1.0]]), "b1": np.array([0.0, -2.0, 0.0]),
               "W2": np.array([[1.0, -1.0], [5.0, 5.0], [7.0, 7.0]]), "b2": np.array([0.0, 0.5])}
X_hand = np.array([[1.0, 2.0], [-1.0, 1.0], [0.0, 3.0]])
# The logits are Z2 = [[3, -2.5], [0, 0.5], [8, 2.5]]: classes 0, 1, 0.
logits_hand = np.array([[3.0, -2.5], [0.0, 0.5], [8.0, 2.5]])


def forward_hand(params, X):
    # the test's stand-in for mlp_forward: the logits worked out above (so that this test does not depend on part 2)
    return logits_hand.copy(), (X, None, None)


with replaced_in_notebook("mlp_forward", forward_hand):
    labels = call("predict(params, X) for the example above", predict, params_hand, X_hand, keep_inputs=True)
check_shape("predict(params, X) for N = 3 examples", labels, (3,))
assert np.issubdtype(np.asarray(labels).dtype, np.integer), f"predict must return integer class ids; got dtype {np.asarray(labels).dtype}"
check_close("predict(params, X) for the example above", labels, np.array([0, 1, 0]))
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(5051)
for N, D, H, C in [(50, 2, 8, 3), (1, 3, 4, 5), (17, 4, 6, 2)]:
    X = rng.normal(size=(N, D))
    p = {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, C)), "b2": rng.normal(size=C)}
    Z2 = np.maximum(X @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"]
    forward_known = (lambda params, X, Z2=Z2: (Z2.copy(), (X, None, None)))  # noqa: E731
    with replaced_in_notebook("mlp_forward", forward_known):
        labels = call(f"predict(params, X) with N = {N}, C = {C}", predict, p, X, keep_inputs=True)
    check_shape(f"predict(params, X) with N = {N}, C = {C}", labels, ("N",), {"N": N, "C": C})
    assert np.issubdtype(np.asarray(labels).dtype, np.integer), f"predict must return integer class ids; got dtype {np.asarray(labels).dtype}"
    check_close(f"predict(params, X) with N = {N}, C = {C}", labels, Z2.argmax(axis=1))
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "train_mlp", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_mlp(X, y, *, rng, H=100, lr=0.5, epochs=200, batch_size=32):
    # Train the two-layer MLP (H hidden units) on (X, y) by mini-batch gradient descent; return params.
    ### BEGIN SOLUTION
    N, D = X.shape
    C = int(y.max()) + 1
    params = {"W1": rng.normal(0.0, np.sqrt(2.0 / D), size=(D, H)), "b1": np.zeros(H),
              "W2": rng.normal(0.0, np.sqrt(2.0 / H), size=(H, C)), "b2": np.zeros(C)}
    for epoch in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            _, grads = loss_and_grads(params, X[batch], y[batch])
            for name, p in params.items():
                p -= lr * grads[name]         # in place
    return params
    ### END SOLUTION


# %% nbgrader={"grade": false, "grade_id": "train_spirals", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Your train_mlp on the spirals of lecture 05 (N = 300, C = 3), with your own functions of parts 1 to 3.
X_spirals, y_spirals = data.make_spirals(300, rng=np.random.default_rng(0))
start = time.perf_counter()
trained = train_mlp(X_spirals, y_spirals, rng=np.random.default_rng(1))
seconds = time.perf_counter() - start
final_loss = softmax_cross_entropy(mlp_forward(trained, X_spirals)[0], y_spirals)[0]
print(f"with your functions: training accuracy {np.mean(predict(trained, X_spirals) == y_spirals):.3f}, "
      f"loss {final_loss:.3f}, in {seconds:.1f} s")

# %% nbgrader={"grade": true, "grade_id": "test_train", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 3}
# The library's forward pass, loss and backward pass (dlf.layers, dlf.losses) stand in for yours: this test grades
# the training of part 5; a mistake in parts 1 to 3 costs only their points.
def library_forward(params, X):
    from dlf.layers import Linear, ReLU
    layers = [Linear(*np.shape(params["W1"]), rng=np.random.default_rng(0), init="zeros"), ReLU(),
              Linear(*np.shape(params["W2"]), rng=np.random.default_rng(0), init="zeros")]
    for layer, (W, b) in ((layers[0], ("W1", "b1")), (layers[2], ("W2", "b2"))):
        layer.params["W"][...], layer.params["b"][...] = params[W], params[b]
    for layer in layers:
        X = layer.forward(X)
    return X, layers


def library_backward(dZ2, params, layers):
    for layer in reversed(layers):
        dZ2 = layer.backward(dZ2)
    return {"W1": layers[0].grads["W"], "b1": layers[0].grads["b"], "W2": layers[2].grads["W"], "b2": layers[2].grads["b"]}


def library_loss(Z, y):
    from dlf.losses import softmax_cross_entropy as library_softmax_cross_entropy
    return library_softmax_cross_entropy(Z, y)


def library_loss_and_grads(params, X, y):
    Z2, layers = library_forward(params, X)
    loss, dZ2 = library_loss(Z2, y)
    return loss, library_backward(dZ2, params, layers)


def train_with_the_library(name, X, y, rng):
    """(params, seconds) of train_mlp(X, y, rng=rng) with the library's functions of parts 1 to 3."""
    start = time.perf_counter()
    with replaced_in_notebook("loss_and_grads", library_loss_and_grads), \
            replaced_in_notebook("mlp_forward", library_forward), \
            replaced_in_notebook("softmax_cross_entropy", library_loss), \
            replaced_in_notebook("mlp_backward", library_backward):
        params = call(name, train_mlp, X, y, rng=rng, keep_inputs=True)
    seconds = time.perf_counter() - start
    check_type(name, params, dict)
    for key in ("W1", "b1", "W2", "b2"):
        assert key in params, f"the params returned by {name} have no {key!r}; keys: {sorted(params)}"
    return params, seconds


name = "train_mlp(X_spirals, y_spirals, rng=np.random.default_rng(1))"
trained_library, seconds_library = train_with_the_library(name, X_spirals, y_spirals, np.random.default_rng(1))
Z2_library = library_forward(trained_library, X_spirals)[0]
accuracy = float(np.mean(Z2_library.argmax(axis=1) == y_spirals))
final_loss = library_loss(Z2_library, y_spirals)[0]
print(f"with the library's forward and backward pass: training accuracy {accuracy:.3f}, loss {final_loss:.3f}, "
      f"in {seconds_library:.1f} s")
assert accuracy >= 0.9, (
    f"{name}, with the library's forward and backward pass, reaches a training accuracy of {accuracy:.3f} (loss "
    f"{final_loss:.3f}) on the spirals; at least 0.90 is needed. Is the learning rate too small, or are there too few "
    "epochs (the loss should fall well below 0.3)? Are the weights random (zeros never break the symmetry)? Does every "
    "mini-batch update every parameter?")
assert seconds_library <= 15, (
    f"train_mlp took {seconds_library:.1f} s; the limit is 15 s (the reference needs well under a second). Use fewer "
    "epochs, or mini-batches, and no Python loop over single examples.")
### BEGIN HIDDEN TESTS
# fresh spirals whose classes are renamed by a fixed permutation: train_mlp must fit THESE labels
X_new, y_orig = data.make_spirals(270, rng=np.random.default_rng(5061))
y_new = np.array([2, 0, 1])[y_orig]
trained_new, seconds_new = train_with_the_library(
    "train_mlp on fresh spirals (N = 270, C = 3, the classes renamed) with rng = np.random.default_rng(5062)",
    X_new, y_new, np.random.default_rng(5062))
H_new = np.shape(trained_new["b1"])[0] if np.ndim(trained_new["b1"]) == 1 else -1
for name, shape in (("W1", ("D", "H")), ("b1", ("H",)), ("W2", ("H", "C")), ("b2", ("C",))):
    check_shape(f"params[{name!r}] after train_mlp", trained_new[name], shape, {"D": 2, "H": H_new, "C": 3})
# measured with the test's own forward pass, so that only the training counts here
P = {k: np.asarray(v, dtype=float) for k, v in trained_new.items()}
predicted = (np.maximum(X_new @ P["W1"] + P["b1"], 0) @ P["W2"] + P["b2"]).argmax(axis=1)
accuracy_new = float(np.mean(predicted == y_new))
assert not (accuracy_new < 0.9 and np.mean(predicted == y_orig) > 0.8), (
    f"trained on fresh spirals whose classes are renamed (0 -> 2, 1 -> 0, 2 -> 1), train_mlp reaches an accuracy of "
    f"{accuracy_new:.3f} on the labels it was given, but {np.mean(predicted == y_orig):.3f} on the spirals' usual labels: it "
    "does not train on the X, y it is given (the notebook's X_spirals, y_spirals?).")
assert accuracy_new >= 0.9, (
    f"retrained on fresh spirals (N = 270, a new random draw, the classes renamed) with a fixed seed, train_mlp reaches a "
    f"training accuracy of {accuracy_new:.3f}; at least 0.90 is needed. Your settings may be just good enough for one data "
    "set: train a little longer or with a larger learning rate.")
assert seconds_new <= 15, f"retrained on fresh spirals (N = 270), train_mlp took {seconds_new:.1f} s; the limit is 15 s."
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_train_loop", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# The training loop on small data (N = 20, D = 3, C = 4), with a stand-in for loss_and_grads: every gradient is
# 0.5 p + c, where c is a number computed from the batch (X, y). This test does not depend on parts 1 to 3.
rng = np.random.default_rng(2)
X_loop, y_loop = rng.normal(size=(20, 3)), rng.permutation(np.arange(20) % 4)
X_other, y_other = rng.normal(size=(20, 3)), rng.permutation(np.r_[np.arange(4), rng.integers(0, 4, size=16)])
loop_dims = {"D": 3, "H": 5, "C": 4}


def loss_and_grads_loop(params, X, y):
    c = float(np.sin(X).sum() + np.cos(y).sum()) / len(y)
    return 0.0, {name: 0.5 * p + c for name, p in params.items()}


def train_loop(X, y, seed, **settings):
    settings = {"H": 5, "lr": 0.3, "epochs": 2, "batch_size": 5, **settings}
    shown = ", ".join(f"{k}={v}" for k, v in settings.items())
    with replaced_in_notebook("loss_and_grads", loss_and_grads_loop):
        params = call(f"train_mlp(X, y, rng=np.random.default_rng({seed}), {shown}) with a stand-in loss_and_grads",
                      train_mlp, X, y, rng=np.random.default_rng(seed), keep_inputs=True, **settings)
    check_type("train_mlp(X, y, rng=rng)", params, dict)
    assert set(params) == {"W1", "b1", "W2", "b2"}, f"train_mlp must return params with the keys W1, b1, W2, b2; got {sorted(params)}"
    for name, shape in (("W1", ("D", "H")), ("b1", ("H",)), ("W2", ("H", "C")), ("b2", ("C",))):
        check_shape(f"params[{name!r}] returned by train_mlp (D = 3, H = 5, C = 4)", params[name], shape, loop_dims)
    return np.concatenate([np.ravel(np.asarray(params[k], dtype=float)) for k in ("W1", "b1", "W2", "b2")])


def initial(seed):
    # the parameters as the task says to create them: W1, then W2, from rng; zero biases
    r = np.random.default_rng(seed)
    W1, W2 = r.normal(0.0, np.sqrt(2 / 3), size=(3, 5)), r.normal(0.0, np.sqrt(2 / 5), size=(5, 4))
    return np.concatenate([W1.ravel(), np.zeros(5), W2.ravel(), np.zeros(4)])


def same(a, b):
    return a.shape == b.shape and float(np.max(np.abs(a - b))) <= 1e-12 * (1 + float(np.max(np.abs(b))))


def steps_taken(p, p0, lr):
    # with these gradients, T steps give p = (1 - lr / 2)^T p0 minus the same number for every entry
    for T in range(60):
        rest = p - (1 - lr / 2) ** T * p0
        if np.ptp(rest) <= 1e-9 * (1 + np.abs(rest).max()):
            return T, rest[0]
    return None, None


no_rng = "Draw random numbers only from the rng you are given, never from NumPy's global state (np.random.randn, np.random.seed, ...)."
p0 = train_loop(X_loop, y_loop, 11, epochs=0)
b_zero = np.r_[p0[15:20], p0[40:44]]
assert np.all(b_zero == 0), (
    f"with epochs = 0, train_mlp returns biases {np.round(b_zero, 4)}; they must be the initial ones, zeros. Biases start "
    "at zero, and with epochs = 0 no step is taken: is there one epoch too many (range(epochs + 1))?")
assert same(p0, initial(11)), (
    "with epochs = 0, train_mlp must return the initial parameters: W1 = rng.normal(0.0, np.sqrt(2 / D), size=(D, H)), "
    "then W2 with the fan-in H, from the rng it is given (here np.random.default_rng(11)); yours differ. " + no_rng)
p_a, p_b = train_loop(X_loop, y_loop, 12), train_loop(X_loop, y_loop, 12)
assert same(p_a, p_b), (
    "two runs of train_mlp with equal generators, np.random.default_rng(12), return different parameters: the shuffling "
    "does not come from rng alone (np.random.permutation, np.random.shuffle?). " + no_rng)
assert same(train_loop(X_loop, y_loop, 12, lr=0.0), initial(12)), (
    "with lr = 0, train_mlp must return the initial parameters (every step is p -= 0 * g); yours moved: train_mlp does not "
    "use the lr it is given.")
assert not same(train_loop(X_other, y_loop, 12), p_a), (
    "train_mlp returns the same parameters for two different X: it does not train on the X it is given (a global such as "
    "X_spirals?).")
assert not same(train_loop(X_loop, y_other, 12), p_a), (
    "train_mlp returns the same parameters for two different y: it does not train on the y it is given (a global such as "
    "y_spirals?).")
T, _ = steps_taken(p_a, initial(12), 0.3)
if T != 8:
    hints = {12: "12, that is 3 epochs: one epoch too many (range(epochs + 1)?)",
             4: "4, that is 1 epoch: one epoch too few (range(1, epochs)?)",
             2: "2, one per epoch: batch_size is ignored (the whole data set is one batch?)",
             None: "a number the test cannot tell: is every step p -= lr * g, with the lr given?"}
    raise AssertionError(
        "with N = 20, batch_size = 5 and epochs = 2, train_mlp should take 2 x 4 = 8 steps p -= lr * g, one per "
        f"mini-batch; it took {hints.get(T, T)}")
_, shift_12 = steps_taken(p_a, initial(12), 0.3)
_, shift_13 = steps_taken(train_loop(X_loop, y_loop, 13), initial(13), 0.3)
assert shift_13 is not None and abs(shift_12 - shift_13) > 1e-9, (
    "with two different generators, np.random.default_rng(12) and (13), train_mlp walks through the mini-batches in the "
    "same order: shuffle with rng.permutation(N) at the start of every epoch.")
### BEGIN HIDDEN TESTS
def reference_loop(X, y, seed, H, lr, epochs, batch_size, shuffle="every epoch"):
    r = np.random.default_rng(seed)
    N, D = X.shape
    C = int(y.max()) + 1
    params = {"W1": r.normal(0.0, np.sqrt(2 / D), size=(D, H)), "b1": np.zeros(H),
              "W2": r.normal(0.0, np.sqrt(2 / H), size=(H, C)), "b2": np.zeros(C)}
    order = r.permutation(N) if shuffle == "once" else np.arange(N)
    for _ in range(epochs):
        if shuffle == "every epoch":
            order = r.permutation(N)
        for start in range(0, N, batch_size):
            batch = order[start:start + batch_size]
            _, grads = loss_and_grads_loop(params, X[batch], y[batch])
            for name in params:
                params[name] = params[name] - lr * grads[name]
    return np.concatenate([params[k].ravel() for k in ("W1", "b1", "W2", "b2")])


rng = np.random.default_rng(5071)
for N, D, C, H, lr, epochs, batch_size in [(24, 2, 3, 3, 0.7, 3, 8), (20, 3, 4, 5, 0.3, 2, 5)]:
    X, y = rng.normal(size=(N, D)), rng.permutation(np.arange(N) % C)
    loop_dims = {"D": D, "H": H, "C": C}
    settings = dict(H=H, lr=lr, epochs=epochs, batch_size=batch_size)
    want = reference_loop(X, y, 5072, **settings)
    with replaced_in_notebook("loss_and_grads", loss_and_grads_loop):
        got = call(f"train_mlp(X, y, rng=np.random.default_rng(5072), H={H}, lr={lr}, epochs={epochs}, "
                   f"batch_size={batch_size}) with X ({N}, {D}) and a stand-in loss_and_grads",
                   train_mlp, X, y, rng=np.random.default_rng(5072), keep_inputs=True, **settings)
    got = np.concatenate([np.ravel(np.asarray(got[k], dtype=float)) for k in ("W1", "b1", "W2", "b2")])
    check_close(f"the parameters train_mlp returns for N = {N}, H = {H}, lr = {lr}, epochs = {epochs}, batch_size = {batch_size}",
                got, want, rtol=1e-9, atol=1e-12, mistakes={
                    "one epoch too many (range(epochs + 1)?)": reference_loop(X, y, 5072, **{**settings, "epochs": epochs + 1}),
                    "one epoch too few (range(1, epochs)?)": reference_loop(X, y, 5072, **{**settings, "epochs": epochs - 1}),
                    "the data are never shuffled: shuffle with rng.permutation(N) at the start of every epoch.":
                        reference_loop(X, y, 5072, **settings, shuffle="never"),
                    "the data are shuffled once, before the first epoch: shuffle with rng.permutation(N) at the start of "
                    "every epoch.": reference_loop(X, y, 5072, **settings, shuffle="once"),
                })
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "plot_boundary", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The decision boundary of your trained network (lecture 05, section 5).
accuracy = float(np.mean(predict(trained, X_spirals) == y_spirals))
ax = plot.plot_decision_boundary(lambda P: predict(trained, P), X_spirals, y_spirals)
ax.set_title(f"your network on the spirals: training accuracy {accuracy:.3f}")
plt.show()

# %% [markdown] nbgrader={"grade": false, "grade_id": "part6", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 6: why the weights start random (3 points)
#
# `train_mlp` draws its initial weights at random. Lecture 05, section 7.1 explains what goes
# wrong with a constant start; here you watch it happen in your own network, then explain it.
# In this network, hidden unit $h$ owns column $h$ of $W_1$ (its incoming weights), entry $h$
# of $b_1$ and row $h$ of $W_2$ (its outgoing weights).
#
# Write `train_from_constant(X, y, *, value, H=10, lr=0.5, steps=300)`:
#
# - create the parameters of the network of this exercise with **every entry** of `W1`
#   $(D, H)$ and of `W2` $(H, C)$ equal to `value` (`np.full(shape, value)`), and zero biases;
#   `D = X.shape[1]`, `C = y.max() + 1`;
# - take exactly `steps` steps of **full-batch** gradient descent: at each step,
#   `loss_and_grads` on the whole data `X`, `y` (no mini-batches, no shuffling), then
#   `p -= lr * g` for every parameter;
# - return `params`. There is no randomness at all.
#
# The test checks your function with a stand-in `loss_and_grads` whose gradients it knows, so
# that it does not depend on parts 1 to 3. The cell after it trains your network (parts 1
# to 3) from two constant starts, 0 and 0.1, and prints how different its hidden units have
# become.

# %% nbgrader={"grade": false, "grade_id": "train_from_constant", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_from_constant(X, y, *, value, H=10, lr=0.5, steps=300):
    # The MLP with every weight equal to value and zero biases, trained by full-batch gradient descent.
    ### BEGIN SOLUTION
    D, C = X.shape[1], int(y.max()) + 1
    params = {"W1": np.full((D, H), float(value)), "b1": np.zeros(H),
              "W2": np.full((H, C), float(value)), "b2": np.zeros(C)}
    for _ in range(steps):
        _, grads = loss_and_grads(params, X, y)
        for name, p in params.items():
            p -= lr * grads[name]
    return params
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_train_from_constant", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# A stand-in for loss_and_grads: every gradient is 0.5 p + c, where c is a number computed from the data (X, y).
# On the whole data c is the same at every step, so T steps p -= lr * g give p_T = a^T p_0 - 2 c (1 - a^T),
# with a = 1 - lr / 2. This test does not depend on parts 1 to 3.
def loss_and_grads_known(params, X, y):
    c = float(np.sin(X).sum() + np.cos(y).sum()) / len(y)
    return 0.0, {name: 0.5 * np.asarray(p) + c for name, p in params.items()}


def after_steps(X, y, value, H, lr, steps, *, biases=0.0, W2_value=None, frozen_gradient=False):
    # the parameters after `steps` full-batch steps from the constant start (or after one usual mistake)
    D, C = X.shape[1], int(y.max()) + 1
    c = float(np.sin(X).sum() + np.cos(y).sum()) / len(y)
    start = {"W1": np.full((D, H), value), "b1": np.full(H, biases),
             "W2": np.full((H, C), value if W2_value is None else W2_value), "b2": np.full(C, biases)}
    a = 1 - lr / 2
    if frozen_gradient:                     # the gradient of the start, used at every step
        return {k: p0 - steps * lr * (0.5 * p0 + c) for k, p0 in start.items()}
    return {k: a**steps * p0 - 2 * c * (1 - a**steps) for k, p0 in start.items()}


def run_from_constant(X, y, **settings):
    shown = ", ".join(f"{k}={v}" for k, v in settings.items())
    with replaced_in_notebook("loss_and_grads", loss_and_grads_known):
        params = call(f"train_from_constant(X, y, {shown}) with a stand-in loss_and_grads", train_from_constant, X, y,
                      keep_inputs=True, **settings)
    check_type("train_from_constant(X, y, ...)", params, dict)
    assert set(params) == {"W1", "b1", "W2", "b2"}, (
        f"train_from_constant must return params with the keys W1, b1, W2, b2; got {sorted(params)}")
    return params


def check_from_constant(X, y, value, H, lr, steps):
    D, C = X.shape[1], int(y.max()) + 1
    dims = {"N": len(y), "D": D, "H": H, "C": C}
    params = run_from_constant(X, y, value=value, H=H, lr=lr, steps=steps)
    want = after_steps(X, y, value, H, lr, steps)
    mistakes = {
        "the biases must start at zero; only the weights W1 and W2 start at value.":
            after_steps(X, y, value, H, lr, steps, biases=value),
        "every entry of W2 must start at value too, not only those of W1.": after_steps(X, y, value, H, lr, steps, W2_value=0.0),
        "train_from_constant does not use the lr it is given (0.5 instead?).": after_steps(X, y, value, H, 0.5, steps),
        "the gradients are computed once, before the loop: call loss_and_grads(params, X, y) at every step, at the "
        "current parameters.": after_steps(X, y, value, H, lr, steps, frozen_gradient=True),
        "one step too many (range(steps + 1)?): take exactly `steps` steps.": after_steps(X, y, value, H, lr, steps + 1),
    }
    if steps > 0:
        mistakes["one step too few (range(1, steps)?): take exactly `steps` steps."] = after_steps(X, y, value, H, lr, steps - 1)
    for name, shape in (("W1", ("D", "H")), ("b1", ("H",)), ("W2", ("H", "C")), ("b2", ("C",))):
        check_shape(f"params[{name!r}] returned by train_from_constant", params[name], shape, dims)
        check_close(f"params[{name!r}] after {steps} steps from value = {value} with lr = {lr} (D = {D}, H = {H}, C = {C})",
                    params[name], want[name], rtol=1e-9, atol=1e-12, dims=dims,
                    mistakes={hint: wrong[name] for hint, wrong in mistakes.items()})


rng = np.random.default_rng(6)
X_const, y_const = rng.normal(size=(12, 3)), np.arange(12) % 3
check_no_library("train_from_constant", skip=("loss_and_grads",))  # it composes parts 1-3, checked in their own tests
check_from_constant(X_const, y_const, value=0.3, H=4, lr=0.2, steps=0)    # the start: no step yet
check_from_constant(X_const, y_const, value=0.3, H=4, lr=0.2, steps=3)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(5081)
for value, H, lr, steps in [(0.0, 5, 0.3, 4), (-0.7, 1, 0.9, 2), (1.5, 8, 0.05, 7), (0.1, 3, 0.5, 1)]:
    N, D = int(rng.integers(4, 20)), int(rng.integers(1, 5))
    C = int(rng.integers(2, 5))
    X, y = rng.normal(size=(N, D)), rng.permutation(np.arange(N) % C)
    check_from_constant(X, y, value=value, H=H, lr=lr, steps=steps)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "symmetry_experiment", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Your network (parts 1 to 3), H = 10 hidden units, 300 full-batch steps from two constant starts, and your
# train_mlp from a random start with the same width.
def units_spread(params):
    # the largest difference between two hidden units: across the columns of W1, the entries of b1, the rows of W2
    W1, b1, W2 = (np.asarray(params[k], dtype=float) for k in ("W1", "b1", "W2"))
    return max(np.ptp(W1, axis=1).max(), np.ptp(b1), np.ptp(W2, axis=0).max())


for value in (0.0, 0.1):
    from_constant = train_from_constant(X_spirals, y_spirals, value=value, H=10, lr=0.5, steps=300)
    moved = np.linalg.norm(np.asarray(from_constant["W1"]) - value)
    print(f"constant start {value}: W1 moved by {moved:.3f}; largest difference between two hidden units "
          f"{units_spread(from_constant):.1e}; training accuracy "
          f"{np.mean(predict(from_constant, X_spirals) == y_spirals):.3f}")
random_start = train_mlp(X_spirals, y_spirals, rng=np.random.default_rng(1), H=10)
print(f"random start (your train_mlp, H = 10): largest difference between two hidden units "
      f"{units_spread(random_start):.1e}; training accuracy {np.mean(predict(random_start, X_spirals) == y_spirals):.3f}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "symmetry_question", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Explain why (2 points, graded by your instructor).** In the cell below, answer in a few
# sentences, using the output above:
#
# 1. Why are all $H$ hidden units still exactly equal after 300 steps, whatever the constant
#    (zero or not)? Follow two units $h$ and $h'$ that start with the same incoming and
#    outgoing weights through one step: what do they compute in the forward pass, what
#    gradients do they receive in the backward pass, what are they after the update? Why can
#    the network then learn no more than one hidden unit's worth of features, however large
#    $H$ is?
# 2. What does a random initialization change, and why do the units then stay different and
#    become different features?

# %% [markdown] nbgrader={"grade": true, "grade_id": "symmetry_answer", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 2}
# 1. Suppose units $h$ and $h'$ have equal columns of $W_1$, equal entries of $b_1$ and equal rows
#    of $W_2$. *Forward:* columns $h$ and $h'$ of $Z_1 = X W_1 + b_1$ are equal on every example,
#    so are those of $A_1$, and the two units contribute the same to every logit.
#    *Backward:* $\partial L/\partial A_1 = \partial L/\partial Z_2\, W_2^\top$ has equal columns
#    $h$ and $h'$ (they come from equal rows of $W_2$), so has
#    $\partial L/\partial Z_1 = \partial L/\partial A_1 \odot \mathrm{ReLU}'(Z_1)$, hence
#    $\partial L/\partial W_1 = X^\top\, \partial L/\partial Z_1$ has equal columns and
#    $\partial L/\partial b_1$ equal entries, and $\partial L/\partial W_2 = A_1^\top\, \partial L/\partial Z_2$
#    has equal rows. *Update:* equal parameters minus $\eta$ times equal gradients are equal
#    again. By induction the units are equal after every step, forever (the output printed 0).
#    A constant start makes all $H$ units equal, so the network always computes
#    $Z_2 = a(x)\, (H w) + b_2$ with one feature $a(x) = \mathrm{ReLU}(x \cdot u + \beta)$ and
#    one outgoing row $w$: the function of a network with a single hidden unit, one ReLU "bend"
#    line in the plane. The other $H - 1$ units are wasted copies, and the accuracy stays near
#    that of one unit (about one half on the spirals, against about 0.9 from a random start).
#    With zero the weights do not even move: $A_1 = 0$ and $W_2 = 0$ give
#    $\partial L/\partial W_2 = 0$ and $\partial L/\partial A_1 = 0$, so only $b_2$ can learn;
#    with 0.1 they move, but all alike.
#    (The classes are not symmetric: the labels give the columns of $W_2$ different gradients.
#    The symmetry is between the hidden units, which are interchangeable.)
# 2. Random weights give every unit its own incoming and outgoing weights, so the units
#    compute different functions of $x$, receive different gradients and move differently:
#    each can turn into a different feature (a different direction and position of its bend),
#    and the network uses all $H$ of them (lecture 05, section 7.1: random initialization
#    *breaks the symmetry*). Gradient descent cannot create differences between units that are
#    equal, but it keeps units that differ different: the update only preserves the symmetry
#    that is already there. (The scale of the random weights matters for another reason, the
#    size of the signal through depth: lecture 05, section 7.2.)
#
# Rubric (2 points): 1 point for part 1: equal units give equal outputs, hence equal gradients
# (incoming and outgoing) and equal updates, so they stay equal at every step (an induction),
# and the network is then no more expressive than one hidden unit, whatever $H$ (half a point
# if the forward/backward reason or the conclusion about one unit is missing). 1 point for
# part 2: random weights make the units differ from the start, so they get different
# gradients and learn different features; gradient descent cannot break an exact symmetry
# itself (half a point for "random weights break the symmetry" without saying why the units
# then diverge).

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 24 points (22 graded automatically, 2 by your instructor). Before you hand
# in, restart the kernel and run all cells (*Kernel > Restart Kernel and Run All Cells*), then
# **Validate**.
#
# Lecture 06 replaces the plain update $\theta := \theta - \eta\, \partial L / \partial \theta$
# with better optimizers (momentum, RMSProp, Adam), and exercise 06 has you write them.
