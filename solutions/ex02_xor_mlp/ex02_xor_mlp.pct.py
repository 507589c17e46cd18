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
# # Exercise 02: XOR and multilayer networks
#
# **Total: 14 points (11 graded automatically, 3 by your instructor). Estimated time: 1.5 to
# 2.5 hours.** Goes with lecture 02 (XOR and multilayer networks).
#
# Lecture 01 proved that no perceptron computes XOR; lecture 02 fixed it with a hidden layer.
# Here you build such a network by hand, write the forward pass of a two-layer network of any
# size, count the parameters of a network, build the network of the universal approximation
# theorem for a function of one variable and measure its error, and explain why depth can be
# worth more than width.
#
# | part | what you do | points | time (about) |
# |---|---|---|---|
# | 1 | a 2-2-1 ReLU network that computes XOR, by hand | 2 | 15 to 20 min |
# | 2 | the forward pass of a two-layer network | 3 | 15 to 25 min |
# | 3 | counting the parameters of a network | 2 | 10 to 15 min |
# | 4 | universal approximation: the interpolating network, its error and the bound | 2 + 2 | 30 to 45 min |
# | 5 | depth vs width, a written answer (graded by your instructor) | 3 | 20 to 30 min |
# Notation of the course: a batch $X$ of shape $(N, D)$, a hidden layer of width $H$, $C$
# outputs (classes); a linear layer is $XW + b$ with $W$ of shape (inputs, outputs) and $b$ of
# shape (outputs,).
#
# Write your own code with NumPy: do not use `dlf` (e.g. `dlf.layers`, `dlf.functions`) or another
# library for what you are asked to write; the tests check this by reading your code.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button, or grade it yourself in a terminal: `make grade EX=ex02_xor_mlp`.
# Do not change or delete the test cells: they are restored when your work is graded.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np

from coursegrader.checks import (
    call,
    check_close,
    check_no_library,
    check_own_function,
    check_shape,
    check_type,
    check_vectorized,
    replaced_in_notebook,
)

# %% [markdown] nbgrader={"grade": false, "grade_id": "xor_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. A 2-2-1 network that computes XOR (2 points)
#
# Inputs are bits, $x = (x_1, x_2) \in \{0, 1\}^2$, and $\mathrm{XOR}(x_1, x_2)$ is 1 when exactly one
# of them is 1. Lecture 02 built an XOR network from sigmoid units (OR and AND). Here the network
# has **ReLU** hidden units and a **linear** output:
#
# $$
# h = \mathrm{relu}(x W_1 + b_1) \in \mathbb{R}^2, \qquad f(x) = h\, W_2 + b_2 ,
# $$
#
# with $W_1$ of shape $(D, H) = (2, 2)$, $b_1$ $(2,)$, $W_2$ $(H, C) = (2, 1)$, $b_2$ $(1,)$ and
# $\mathrm{relu}(z) = \max(0, z)$ element-wise. Choose the weights so that the output is
# **exactly** XOR: $f(0,0) = 0$, $f(0,1) = f(1,0) = 1$, $f(1,1) = 0$. (The lecture's weights do not
# work here: without the sigmoids they give values far from 0 and 1.)
#
# *Hint.* Both hidden units can look at $x_1 + x_2$, which is 0, 1, 1, 2 on the four inputs.
# Shift one of them with its bias so that it is non-zero only when both bits are 1, and let
# the output subtract enough of it.
#
# Set `W1`, `b1`, `W2`, `b2` as NumPy arrays of exactly these shapes.

# %% nbgrader={"grade": false, "grade_id": "xor_weights", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
W1 = np.array([[1.0, 1.0],
               [1.0, 1.0]])   # both hidden units see x1 + x2
b1 = np.array([0.0, -1.0])    # h1 = x1 + x2, h2 = relu(x1 + x2 - 1): 1 only for (1, 1)
W2 = np.array([[1.0],
               [-2.0]])       # f = h1 - 2 h2: 0, 1, 1, 2 - 2 = 0
b2 = np.array([0.0])
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_xor_weights", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
X01 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])   # the four inputs, (N, D) = (4, 2)
xor = np.array([[0.0], [1.0], [1.0], [0.0]])                        # XOR of the two bits, (N, C) = (4, 1)
shapes = {"D": 2, "H": 2, "C": 1}
check_shape("W1", np.asarray(W1), ("D", "H"), dims=shapes)
check_shape("b1", np.asarray(b1), ("H",), dims=shapes)
check_shape("W2", np.asarray(W2), ("H", "C"), dims=shapes)
check_shape("b2", np.asarray(b2), ("C",), dims=shapes)
out = np.maximum(X01 @ W1 + b1, 0) @ W2 + b2                       # f(x) for the four inputs, (4, 1)
table = ", ".join(f"f({int(x1)}, {int(x2)}) = {v:.4g}" for (x1, x2), v in zip(X01, out[:, 0]))
out_W1_transposed = np.maximum(X01 @ np.asarray(W1).T + b1, 0) @ W2 + b2   # the same network with W1.T
assert np.abs(out - xor).max() <= 1e-9 or np.abs(out_W1_transposed - xor).max() > 1e-9, (
    f"Your network gives {table}, not XOR, but with W1.T it would compute XOR: W1 has a column per hidden unit "
    "(shape (D, H), h = relu(x W1 + b1)), and you wrote a row per hidden unit.")
check_close(f"Your network gives {table}; XOR needs 0, 1, 1, 0. The output", out, xor, atol=1e-9)
### BEGIN HIDDEN TESTS
# the same network on a batch of 100 inputs in random order
rng = np.random.default_rng(2100)
idx = rng.integers(0, 4, size=100)
X_batch = X01[idx]
out = np.maximum(X_batch @ np.asarray(W1, dtype=float) + np.asarray(b1, dtype=float), 0) @ np.asarray(W2, dtype=float) + np.asarray(b2, dtype=float)
check_close("f(x) on a batch of 100 bit pairs in random order", out, xor[idx], atol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "mlp_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. The forward pass of a two-layer network (3 points)
#
# A network with one hidden layer of $H$ ReLU units and $C$ outputs maps a batch $X$ $(N, D)$ to
# one row of **logits** (scores, one per class) per example:
#
# $$
# Z_1 = X W_1 + b_1 \;\; (N, H), \qquad A_1 = \mathrm{relu}(Z_1) \;\; (N, H), \qquad Z_2 = A_1 W_2 + b_2 \;\; (N, C),
# $$
#
# with $W_1$ $(D, H)$, $b_1$ $(H,)$, $W_2$ $(H, C)$, $b_2$ $(C,)$. Only the hidden layer has an
# activation: the logits can be any real numbers (lecture 05 turns them into probabilities
# with the softmax).
#
# Write `mlp_forward(X, W1, b1, W2, b2)` returning $Z_2$, for any sizes $N, D, H, C$, vectorized
# (matrix products, no loop over examples), without changing its arguments. Your XOR network of part 1 is the case
# $D = 2$, $H = 2$, $C = 1$.

# %% nbgrader={"grade": false, "grade_id": "mlp_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mlp_forward(X, W1, b1, W2, b2):
    """Logits of a two-layer network: relu(X W1 + b1) W2 + b2.

    Parameters
    ----------
    X : (N, D) ndarray
    W1 : (D, H) ndarray
    b1 : (H,) ndarray
    W2 : (H, C) ndarray
    b2 : (C,) ndarray

    Returns
    -------
    Z2 : (N, C) ndarray
    """
    ### BEGIN SOLUTION
    Z1 = X @ W1 + b1              # (N, H)
    A1 = np.maximum(Z1, 0.0)      # (N, H)
    return A1 @ W2 + b2           # (N, C)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_mlp_forward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 3}
forward_hint = ("Z1 = X @ W1 + b1 is (N, H), A1 = relu(Z1), and Z2 = A1 @ W2 + b2 is (N, C); the bias b1 (H,) is added "
                "to every row of X @ W1 by broadcasting, without a reshape.")


def forward_mistakes(X, W1, b1, W2, b2):
    """Logits that known mistakes give, each with the hint that explains it."""
    Z1 = X @ W1 + b1
    def relu(Z):
        return np.maximum(Z, 0)

    mistakes = {
        "the ReLU is missing: A1 = relu(X W1 + b1), then Z2 = A1 W2 + b2.": Z1 @ W2 + b2,
        "the logits must not go through a ReLU: only the hidden layer has an activation.": relu(relu(Z1) @ W2 + b2),
        "the ReLU belongs to the hidden layer, A1 = relu(X W1 + b1), not to the logits.": relu(Z1 @ W2 + b2),
        "the ReLU is applied to the input X; it belongs to the hidden layer: A1 = relu(X W1 + b1).": (relu(X) @ W1 + b1) @ W2 + b2,
        "b1 must be added before the ReLU: A1 = relu(X W1 + b1), not relu(X W1) + b1.": (relu(X @ W1) + b1) @ W2 + b2,
        "the bias b1 is missing: Z1 = X W1 + b1.": relu(X @ W1) @ W2 + b2,
        "the bias b2 is missing: Z2 = A1 W2 + b2.": relu(Z1) @ W2,
        "the hidden activation is the ReLU, relu(z) = max(0, z), not the sigmoid.": 1 / (1 + np.exp(-Z1)) @ W2 + b2,
        "the hidden activation is the ReLU, relu(z) = max(0, z), not tanh.": np.tanh(Z1) @ W2 + b2,
    }
    if X.shape[0] == b1.shape[0]:  # then b1 as a column (H, 1) broadcasts too, down the columns
        mistakes["b1 is added to every row of X W1: X @ W1 + b1 with b1 of shape (H,); as a column (b1[:, None], "
                 "shape (H, 1)) it adds b1[n] to the whole row n."] = relu(X @ W1 + b1[:, None]) @ W2 + b2
    if X.shape[0] == b2.shape[0]:
        mistakes["b2 is added to every row of A1 W2: A1 @ W2 + b2 with b2 of shape (C,); as a column (b2[:, None], "
                 "shape (C, 1)) it adds b2[n] to the whole row n."] = relu(Z1) @ W2 + b2[:, None]
    return mistakes


# N = 4 examples, D = 3 features, H = 2 hidden units, C = 2 classes. Worked out by hand:
# Z1 = X W1 + b1 = [[1, 0], [1.5, -2], [3, -3], [0, -1]]    (N, H)
# A1 = relu(Z1)  = [[1, 0], [1.5, 0], [3, 0], [0, 0]]       (N, H)
# Z2 = A1 W2 + b2 = [[2.5, -1.5], [3.5, -2], [6.5, -3.5], [0.5, -0.5]]   (N, C)
X_test = np.array([[1.0, 2.0, -1.0], [0.0, -1.0, 2.0], [2.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
W1_test, b1_test = np.array([[1.0, -1.0], [0.5, 1.0], [1.0, 0.0]]), np.array([0.0, -1.0])
W2_test, b2_test = np.array([[2.0, -1.0], [1.0, 3.0]]), np.array([0.5, -0.5])
Z2 = call("mlp_forward(X, W1, b1, W2, b2) with X (4, 3), W1 (3, 2), b1 (2,), W2 (2, 2), b2 (2,)",
          mlp_forward, X_test, W1_test, b1_test, W2_test, b2_test, hint=forward_hint, keep_inputs=True)
check_close("mlp_forward(X, W1, b1, W2, b2)", Z2, np.array([[2.5, -1.5], [3.5, -2.0], [6.5, -3.5], [0.5, -0.5]]),
            mistakes=forward_mistakes(X_test, W1_test, b1_test, W2_test, b2_test))
# N = H = C = 3, D = 2: a bias broadcast the wrong way gives numbers here, not an error
rng = np.random.default_rng(2201)
X_sq, W1_sq, b1_sq, W2_sq, b2_sq = (rng.normal(size=s) for s in ((3, 2), (2, 3), (3,), (3, 3), (3,)))
name = "mlp_forward with X (3, 2), W1 (2, 3), b1 (3,), W2 (3, 3), b2 (3,)"
Z2 = call(name, mlp_forward, X_sq, W1_sq, b1_sq, W2_sq, b2_sq, hint=forward_hint, keep_inputs=True)
check_close(name, Z2, np.maximum(X_sq @ W1_sq + b1_sq, 0) @ W2_sq + b2_sq, mistakes=forward_mistakes(X_sq, W1_sq, b1_sq, W2_sq, b2_sq))
check_own_function("mlp_forward")
check_no_library("mlp_forward")
check_vectorized("mlp_forward")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2200)
sizes = [tuple(int(s) for s in rng.integers(1, 30, size=4)) for _ in range(10)] + [(1, 4, 3, 2), (6, 1, 1, 1), (5, 3, 7, 1), (64, 10, 50, 10)]
for N, D, H, C in sizes:
    X, W1_h, b1_h = rng.normal(size=(N, D)), rng.normal(size=(D, H)), rng.normal(size=H)
    W2_h, b2_h = rng.normal(size=(H, C)), rng.normal(size=C)
    name = f"mlp_forward with X ({N}, {D}), W1 ({D}, {H}), b1 ({H},), W2 ({H}, {C}), b2 ({C},)"
    Z1 = X @ W1_h + b1_h
    want = np.maximum(Z1, 0) @ W2_h + b2_h
    with np.errstate(over="ignore"):
        hints = forward_mistakes(X, W1_h, b1_h, W2_h, b2_h)
    got = call(name, mlp_forward, X, W1_h, b1_h, W2_h, b2_h, hint=forward_hint, keep_inputs=True)
    check_close(name, got, want, rtol=1e-10, atol=1e-12, dims={"N": N, "C": C}, mistakes=hints)
# integer inputs
Xi, W1i, b1i, W2i, b2i = np.arange(6).reshape(2, 3) - 2, np.ones((3, 4), dtype=int), np.arange(4), -np.ones((4, 2), dtype=int), np.arange(2)
check_close("mlp_forward on integer arrays", call("mlp_forward on integer arrays", mlp_forward, Xi, W1i, b1i, W2i, b2i, keep_inputs=True),
            np.maximum(Xi @ W1i + b1i, 0) @ W2i + b2i)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "count_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. Counting parameters (2 points)
#
# A multilayer network (a multilayer perceptron, MLP) is described by its layer sizes
# `sizes = [D, H_1, ..., H_L, C]`: the input width, the hidden widths and the number of
# outputs. Between consecutive sizes $n_{\text{in}}$ and $n_{\text{out}}$ sits a linear layer with
# a weight matrix $W$ $(n_{\text{in}}, n_{\text{out}})$ and a bias $b$ $(n_{\text{out}},)$.
#
# Write `count_parameters(sizes)`: the total number of parameters (all weights **and all
# biases**) as an `int`. Activations have no parameters. For example, your XOR network
# `[2, 2, 1]` has $2 \cdot 2 + 2$ parameters in the hidden layer and $2 \cdot 1 + 1$ in the output
# layer: 9. A classic MNIST network, `[784, 512, 512, 10]`, has 669,706.

# %% nbgrader={"grade": false, "grade_id": "count_parameters", "locked": false, "schema_version": 3, "solution": true, "task": false}
def count_parameters(sizes):
    """Number of weights and biases of an MLP with layer sizes [D, H_1, ..., H_L, C].

    Parameters
    ----------
    sizes : list of int
        At least two sizes: the input width, the hidden widths, the number of outputs.

    Returns
    -------
    int
    """
    ### BEGIN SOLUTION
    return int(sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_count_parameters", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def count_hints(sizes):
    """Counts that known mistakes give, each with the hint that explains it."""
    weights = sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    hints = {
        "the biases are missing: a layer from n_in to n_out has n_in * n_out weights and n_out biases.": weights,
        "you counted a bias for every size, the input too; the input has no bias: "
        "only the layers (n_in, n_out) have one, n_out of them.": weights + sum(sizes),
        "a layer from n_in to n_out has n_out biases (one per output), not n_in.": weights + sum(sizes[:-1]),
        "only the first layer was counted: every pair of consecutive sizes is a layer.": sizes[0] * sizes[1] + sizes[1],
        "the last layer was left out: with L + 2 sizes there are L + 1 layers.":
            weights + sum(sizes[1:]) - sizes[-2] * sizes[-1] - sizes[-1],
        "the first layer was left out: every pair of consecutive sizes is a layer, the first one (D, H_1) too.":
            weights + sum(sizes[1:]) - sizes[0] * sizes[1] - sizes[1],
        "the biases of the output layer are missing: the last layer (H_L, C) has C biases too.": weights + sum(sizes[1:-1]),
    }
    counts = list(hints.values())
    return {hint: n for hint, n in hints.items() if counts.count(n) == 1}   # a count two mistakes give proves neither


for sizes, expected in (([784, 512, 512, 10], 669_706), ([2, 2, 1], 9), ([1, 2, 2, 2, 1], 19)):
    got = call(f"count_parameters({sizes})", count_parameters, sizes, keep_inputs=True)
    check_type(f"count_parameters({sizes})", got, int)
    check_close(f"count_parameters({sizes})", got, expected, rtol=0, atol=0, mistakes=count_hints(sizes))
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2300)
cases = [[int(s) for s in rng.integers(1, 2000, size=int(rng.integers(2, 8)))] for _ in range(15)]
cases += [[3, 1], [1, 1], [1, 1, 1, 1, 1], [64, 10]]
cases += [[1] + [2] * k + [1] for k in (2, 4, 10)] + [[1, 2**k, 1] for k in (2, 4, 10)]   # the sawtooth networks of part 5
for sizes in cases:
    name = f"count_parameters({sizes})"
    want = sum(a * c + c for a, c in zip(sizes[:-1], sizes[1:]))
    got = call(name, count_parameters, sizes, keep_inputs=True)
    check_type(name, got, int)
    check_close(name, got, want, rtol=0, atol=0, mistakes=count_hints(sizes))
# a tuple and NumPy integers work as well
got = call("count_parameters((784, 512, 512, 10))", count_parameters, (784, 512, 512, 10))
check_type("count_parameters((784, 512, 512, 10))", got, int)
check_close("count_parameters((784, 512, 512, 10))", got, 669_706, rtol=0, atol=0)
got = call("count_parameters(np.array([5, 7, 3]))", count_parameters, np.array([5, 7, 3]))
check_close("count_parameters(np.array([5, 7, 3]))", got, 5 * 7 + 7 + 7 * 3 + 3, rtol=0, atol=0)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "approx_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. Universal approximation, built by hand (2 + 2 points)
#
# The universal approximation theorem (Cybenko 1989; Hornik 1991; Leshno, Lin, Pinkus and
# Schocken 1993) says that one hidden layer with enough units approximates any continuous
# function on a compact set $S$ as closely as we like. Lecture 02 (section 5) proved it for ReLU
# units in one dimension with a construction; here you write it down.
#
# **The construction.** On $S = [x_{\text{lo}}, x_{\text{hi}}]$ put $H + 1$ evenly spaced **knots**
# $k_0 = x_{\text{lo}} < k_1 < \dots < k_H = x_{\text{hi}}$ (`np.linspace(x_lo, x_hi, H + 1)`). They cut $S$
# into $H$ pieces; on piece $j$ the chord of $f$ has the slope
#
# $$
# s_j = \frac{f(k_{j+1}) - f(k_j)}{k_{j+1} - k_j}, \qquad j = 0, \dots, H - 1 .
# $$
#
# Hidden unit $j$ ($j = 0, \dots, H - 1$) is the ramp $\mathrm{relu}(x - k_j)$ that starts at $k_j$: its
# weight is 1 and its bias $-k_j$. The output adds the ramps with the weights
# $v_j = s_j - s_{j-1}$ (the **change** of slope at $k_j$, with $s_{-1} = 0$, so $v_0 = s_0$) and the
# bias $c = f(k_0)$:
#
# $$
# g(x) = \sum_{j=0}^{H-1} v_j\, \mathrm{relu}(x - k_j) + c .
# $$
#
# At $x = k_0$ every ramp is 0, so $g(k_0) = f(k_0)$; on piece $i$ the ramps $0, \dots, i$ are on and the
# slope of $g$ is $v_0 + \dots + v_i = s_i$. So $g$ joins the points $(k_j, f(k_j))$ with straight lines:
# it **interpolates** $f$ at the knots.
#
# In the notation of part 2 ($D = 1$ input, $C = 1$ output) this network is
# $g(x) = \mathrm{relu}(x W_1 + b_1)\, W_2 + b_2$ with
#
# - `W1` of shape $(D, H) = (1, H)$, all ones; `b1` $(H,)$, entry $j$ is $-k_j$;
# - `W2` of shape $(H, C) = (H, 1)$, entry $j$ is $v_j$; `b2` $(C,) = (1,)$, the value $c = f(k_0)$;
#
# so that `mlp_forward(x, W1, b1, W2, b2)` computes $g$ at a column of points `x` $(N, 1)$.
#
# Write `interpolating_network(f, x_lo, x_hi, H)` returning the tuple `(W1, b1, W2, b2)`. The
# argument `f` is a function that works element-wise on a NumPy array, like `np.sin`: call it
# **once**, on the array of all knots. Vectorized, no Python loop: `np.linspace` and `np.diff`
# (with its argument `prepend`) do it all.

# %% nbgrader={"grade": false, "grade_id": "interpolating_network", "locked": false, "schema_version": 3, "solution": true, "task": false}
def interpolating_network(f, x_lo, x_hi, H):
    """The 1-H-1 ReLU network that joins the points (k_j, f(k_j)) of H + 1 evenly spaced knots of [x_lo, x_hi].

    Parameters
    ----------
    f : callable
        Element-wise on an array, e.g. np.sin.
    x_lo, x_hi : float
        The compact set S = [x_lo, x_hi], x_lo < x_hi.
    H : int
        Number of hidden units, at least 1.

    Returns
    -------
    W1 : (1, H) ndarray
    b1 : (H,) ndarray
    W2 : (H, 1) ndarray
    b2 : (1,) ndarray
    """
    ### BEGIN SOLUTION
    knots = np.linspace(x_lo, x_hi, H + 1)               # k_0 = x_lo, ..., k_H = x_hi
    values = f(knots)                                     # f(k_j), (H + 1,)
    slopes = np.diff(values) / np.diff(knots)             # s_j, the slope of piece j, (H,)
    W1 = np.ones((1, H))                                  # unit j: relu(x - k_j)
    b1 = -knots[:-1]
    W2 = np.diff(slopes, prepend=0.0)[:, None]            # v_j = s_j - s_{j-1}, v_0 = s_0; (H, 1)
    b2 = np.array([values[0]])                            # c = f(k_0)
    return W1, b1, W2, b2
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_interpolating_network", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def network_values(x, W1, b1, W2, b2):
    """g(x) = relu(x W1 + b1) W2 + b2 at the points x (P,), as (P,)."""
    return (np.maximum(x[:, None] @ W1 + b1, 0) @ W2 + b2)[:, 0]


def interpolation_mistakes(f, x_lo, x_hi, H, x):
    """g(x) of the networks that known mistakes give, each with the hint that explains it."""
    knots = np.linspace(x_lo, x_hi, H + 1)
    y = f(knots)
    s = np.diff(y) / np.diff(knots)
    v = np.diff(s, prepend=0.0)

    def ramps(starts, weights, c):   # sum_j weights_j relu(x - starts_j) + c
        return np.maximum(x[:, None] - starts, 0) @ weights + c

    return {
        "the slopes are not differenced: W2 holds the slopes s_j of the pieces, but unit j must add the CHANGE of "
        "slope at k_j, v_j = s_j - s_{j-1} (v_0 = s_0), e.g. np.diff(slopes, prepend=0).": ramps(knots[:-1], s, y[0]),
        "the knots are off by one: your units start at k_1, ..., k_H; unit j computes relu(x - k_j) for "
        "j = 0, ..., H - 1, so b1 = -knots[:-1] (the first H of the H + 1 knots).": ramps(knots[1:], v, y[0]),
        "the output bias is missing: at x = x_lo every unit is 0, so g(x_lo) = b2 must be c = f(k_0) = f(x_lo).":
            ramps(knots[:-1], v, 0.0),
        "the output bias c is f(k_0) = f(x_lo), the value at the LEFT end of S, where every unit is 0; you used f(x_hi).":
            ramps(knots[:-1], v, y[-1]),
        "the first unit's weight is 0: the slope before k_0 is 0, so unit 0 adds the whole first slope, v_0 = s_0 "
        "(np.diff(slopes, prepend=0), not prepend=slopes[0]).": ramps(knots[:-1], np.diff(s, prepend=s[0]), y[0]),
        "the first unit's bias is missing: unit 0 computes relu(x - k_0) = relu(x - x_lo), so b1[0] = -x_lo, "
        "like every b1[j] = -k_j.": ramps(np.r_[0.0, knots[1:-1]], v, y[0]),
        "the sign of b1: unit j computes relu(x - k_j), so b1[j] = -k_j, not +k_j.": ramps(-knots[:-1], v, y[0]),
        "the slopes are differences of f divided by the spacing of the knots: "
        "s_j = (f(k_{j+1}) - f(k_j)) / (k_{j+1} - k_j).": ramps(knots[:-1], np.diff(np.diff(y), prepend=0.0), y[0]),
    }


def check_interpolating_network(f, x_lo, x_hi, H, M, what):
    """Check interpolating_network(f, x_lo, x_hi, H) on S = [x_lo, x_hi], for an f with |f''| <= M on S."""
    name = f"interpolating_network(f, {x_lo:g}, {x_hi:g}, H={H}) for {what}"
    got = call(name, interpolating_network, f, x_lo, x_hi, H, hint="Return the tuple (W1, b1, W2, b2).")
    assert isinstance(got, tuple) and len(got) == 4, f"{name}: return the tuple (W1, b1, W2, b2); got {type(got).__name__}"
    W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in got)
    if b1.shape == (H - 1,):
        raise AssertionError(f"{name}: b1 has H - 1 = {H - 1} entries, one per unit: H units need H + 1 knots "
                             "k_0, ..., k_H (H pieces), np.linspace(x_lo, x_hi, H + 1), and start at k_0, ..., k_{H-1}.")
    if b1.shape == (H + 1,):
        raise AssertionError(f"{name}: b1 has H + 1 = {H + 1} entries, one per knot; there is one unit per PIECE, "
                             "starting at k_0, ..., k_{H-1}: b1 = -knots[:-1].")
    if W2.shape in ((H - 1, 1), (H - 1,)) and b1.shape == (H,):
        raise AssertionError(f"{name}: W2 has H - 1 = {H - 1} rows: np.diff(slopes) drops the first unit's weight "
                             "v_0 = s_0 (the slope before k_0 is 0); np.diff(slopes, prepend=0) keeps all H.")
    dims = {"D": 1, "H": H, "C": 1}
    check_shape(f"{name}: W1", W1, ("D", "H"), dims=dims)
    check_shape(f"{name}: b1", b1, ("H",), dims=dims)
    check_shape(f"{name}: W2", W2, ("H", "C"), dims=dims)
    check_shape(f"{name}: b2", b2, ("C",), dims=dims)
    knots = np.linspace(x_lo, x_hi, H + 1)
    check_close(f"{name}: g(k_j) at the {H + 1} knots (must equal f(k_j))", network_values(knots, W1, b1, W2, b2),
                f(knots), rtol=1e-9, atol=1e-9, mistakes=interpolation_mistakes(f, x_lo, x_hi, H, knots))
    x = np.linspace(x_lo, x_hi, 1001)
    g = network_values(x, W1, b1, W2, b2)
    check_close(f"{name}: g(x) on 1001 points of S (must be the straight lines between the knots)", g,
                np.interp(x, knots, f(knots)), rtol=1e-9, atol=1e-9, mistakes=interpolation_mistakes(f, x_lo, x_hi, H, x))
    error, bound = np.max(np.abs(f(x) - g)), (x_hi - x_lo) ** 2 * M / (8 * H**2)
    assert error <= bound * (1 + 1e-9) + 1e-12, (
        f"{name}: the maximum error on S is {error:.6g}, above the bound (x_hi - x_lo)^2 max|f''| / (8 H^2) = {bound:.6g}.")


# the function of lecture 02 on S = [-3, 3], and a cubic on S = [0.5, 2.5]; |f''| <= M on S
check_interpolating_network(lambda x: np.sin(2 * x) + 0.5 * x, -3.0, 3.0, 8, 4.0, "f(x) = sin(2x) + x/2")
check_interpolating_network(lambda x: x**3 - 2 * x, 0.5, 2.5, 4, 15.0, "f(x) = x^3 - 2x")
check_own_function("interpolating_network")
check_no_library("interpolating_network", skip=("f",))   # f is the function the tests give
check_vectorized("interpolating_network", skip=("f",))
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2400)
for case in range(12):
    x_lo = float(rng.uniform(-5, 2))
    x_hi = x_lo + float(rng.uniform(0.5, 6))
    H = int(rng.integers(1, 41)) if case else 1
    a, w, p, q, r = rng.uniform(0.5, 2), rng.uniform(0.5, 3), rng.uniform(0, 2 * np.pi), rng.normal(), rng.normal()
    kind = case % 3
    if kind == 0:     # |f''| = |-a w^2 sin(w x + p) + 2 q| <= a w^2 + 2 |q|
        f_h, M, what = (lambda x, a=a, w=w, p=p, q=q, r=r: a * np.sin(w * x + p) + q * x**2 + r), a * w**2 + 2 * abs(q), "a random sine plus parabola"
    elif kind == 1:   # |f''| = |6 a x + 2 q|, largest at an end of S
        f_h, M, what = (lambda x, a=a, q=q, r=r: a * x**3 + q * x**2 + r), max(abs(6 * a * x_lo + 2 * q), abs(6 * a * x_hi + 2 * q)), "a random cubic"
    else:             # |tanh''(u)| <= 4 / (3 sqrt(3)) < 0.77
        f_h, M, what = (lambda x, a=a, w=w, r=r: a * np.tanh(w * (x - r))), 0.77 * a * w**2, "a random a tanh(w (x - r))"
    check_interpolating_network(f_h, x_lo, x_hi, H, M, what)
# S starting at 0 and ending at 0
check_interpolating_network(np.exp, 0.0, 2.0, 7, np.exp(2.0), "f = np.exp")
check_interpolating_network(np.cos, -4.0, 0.0, 16, 1.0, "f = np.cos")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "error_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **How close is it?** Lecture 02 stated the bound: if $f$ is twice differentiable and
# $|f''(x)| \le M$ on $S$, then
#
# $$
# \max_{x \in S} |f(x) - g(x)| \;\le\; \frac{(x_{\text{hi}} - x_{\text{lo}})^2\, M}{8 H^2} .
# $$
#
# (On a piece of length $h = (x_{\text{hi}} - x_{\text{lo}}) / H$, a chord is never further than
# $h^2 M / 8$ from the function.) Doubling $H$ divides the bound by 4.
#
# Write
#
# - `max_error(f, W1, b1, W2, b2, x_lo, x_hi, P=1001)`: the largest $|f(x) - g(x)|$ over the $P$
#   evenly spaced points `np.linspace(x_lo, x_hi, P)` of $S$ (both ends included), as a `float`,
#   for the network $g(x) = \mathrm{relu}(x W_1 + b_1) W_2 + b_2$ with any $H$ (you may call your
#   `mlp_forward` of part 2). Careful with shapes: the network returns a column $(P, 1)$; $f$
#   returns the shape of its argument.
# - `error_bound(x_lo, x_hi, H, M)`: the bound above, as a `float`.
#
# Both vectorized, no Python loop. The cell after the test prints both for the function of
# lecture 02 and growing $H$.

# %% nbgrader={"grade": false, "grade_id": "max_error", "locked": false, "schema_version": 3, "solution": true, "task": false}
def max_error(f, W1, b1, W2, b2, x_lo, x_hi, P=1001):
    """max |f(x) - g(x)| over P evenly spaced points x of [x_lo, x_hi], g(x) = relu(x W1 + b1) W2 + b2.

    Parameters
    ----------
    f : callable
        Element-wise on an array.
    W1 : (1, H) ndarray
    b1 : (H,) ndarray
    W2 : (H, 1) ndarray
    b2 : (1,) ndarray
    x_lo, x_hi : float
    P : int
        Number of points, np.linspace(x_lo, x_hi, P).

    Returns
    -------
    float
    """
    ### BEGIN SOLUTION
    x = np.linspace(x_lo, x_hi, P)[:, None]              # (P, 1)
    g = mlp_forward(x, W1, b1, W2, b2)                   # (P, 1)
    return float(np.max(np.abs(f(x) - g)))
    ### END SOLUTION


def error_bound(x_lo, x_hi, H, M):
    """(x_hi - x_lo)^2 M / (8 H^2): the largest error of the interpolating network with H units."""
    ### BEGIN SOLUTION
    return float((x_hi - x_lo) ** 2 * M / (8 * H**2))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_max_error", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def mlp_forward_for_tests(X, W1, b1, W2, b2):
    """A correct mlp_forward: your max_error sees this one, so that only max_error is graded here."""
    return np.maximum(X @ W1 + b1, 0) @ W2 + b2


def reference_network(f, x_lo, x_hi, H):
    knots = np.linspace(x_lo, x_hi, H + 1)
    slopes = np.diff(f(knots)) / np.diff(knots)
    return np.ones((1, H)), -knots[:-1], np.diff(slopes, prepend=0.0)[:, None], f(knots[:1])


def max_error_mistakes(f, W1, b1, W2, b2, x_lo, x_hi, P):
    """The results of known mistakes, each with the hint that explains it."""
    x = np.linspace(x_lo, x_hi, P)
    fx, gx = f(x), mlp_forward_for_tests(x[:, None], W1, b1, W2, b2)[:, 0]
    knots = np.linspace(x_lo, x_hi, W1.shape[1] + 1)
    right = np.max(np.abs(fx - gx))
    mistakes = {
        "f(x) - g(x) has a shape (P, P): f(x) of a (P,) array minus the network's column (P, 1) broadcasts to every "
        "pair of points. Give f and the network the same shape, e.g. x of shape (P, 1) for both.":
            np.max(np.abs(fx[None, :] - gx[:, None])),
        "the error is the ABSOLUTE difference: max |f(x) - g(x)|, not max (f(x) - g(x)).": np.max(fx - gx),
        "the error is the ABSOLUTE difference: max |f(x) - g(x)|, not max (g(x) - f(x)).": np.max(gx - fx),
        "the largest error, max |f(x) - g(x)|, not the mean.": np.mean(np.abs(fx - gx)),
        "max_error ignores its argument P: use np.linspace(x_lo, x_hi, P).":
            np.max(np.abs(f(np.linspace(x_lo, x_hi, 1001)) - mlp_forward_for_tests(np.linspace(x_lo, x_hi, 1001)[:, None], W1, b1, W2, b2)[:, 0])),
        "the error is measured only at the knots, where the interpolating network is exact: use the P points "
        "np.linspace(x_lo, x_hi, P).": np.max(np.abs(f(knots) - mlp_forward_for_tests(knots[:, None], W1, b1, W2, b2)[:, 0])),
    }
    # a mistake that gives almost the right number here (another grid that finds the same peak) proves nothing
    return {hint: v for hint, v in mistakes.items() if abs(v - right) > 1e-4 * abs(right) + 1e-12}


def bound_mistakes(x_lo, x_hi, H, M):
    width = x_hi - x_lo
    return {
        "H must be squared: the bound is (x_hi - x_lo)^2 M / (8 H^2).": width**2 * M / (8 * H),
        "the factor 1/8 is missing: the bound is (x_hi - x_lo)^2 M / (8 H^2).": width**2 * M / H**2,
        "the width of S must be squared: the bound is (x_hi - x_lo)^2 M / (8 H^2).": width * M / (8 * H**2),
        "M = max|f''| is missing: the bound is (x_hi - x_lo)^2 M / (8 H^2).": width**2 / (8 * H**2),
        "the pieces have length (x_hi - x_lo) / H: H units make H pieces (H + 1 knots), so the bound divides by 8 H^2, "
        "not 8 (H + 1)^2.": width**2 * M / (8 * (H + 1) ** 2),
    }


# the bound for f(x) = sin(2x) + x/2 on S = [-3, 3] (max|f''| = 4) with H = 4
got = call("error_bound(-3, 3, 4, 4)", error_bound, -3.0, 3.0, 4, 4.0)
check_close("error_bound(-3, 3, H=4, M=4)", got, 36 * 4 / (8 * 16), mistakes=bound_mistakes(-3.0, 3.0, 4, 4.0))
# the error of the network of lecture 02 with H = 8 units, made by the tests (not by your interpolating_network)
f_lecture = lambda x: np.sin(2 * x) + 0.5 * x  # noqa: E731
W1_8, b1_8, W2_8, b2_8 = reference_network(f_lecture, -3.0, 3.0, 8)
name = "max_error(f, W1, b1, W2, b2, -3, 3, P=801) for the network of lecture 02 with H = 8"
with replaced_in_notebook("mlp_forward", mlp_forward_for_tests):
    got = call(name, max_error, f_lecture, W1_8, b1_8, W2_8, b2_8, -3.0, 3.0, P=801, keep_inputs=True)
x_801 = np.linspace(-3.0, 3.0, 801)
want = np.max(np.abs(f_lecture(x_801) - mlp_forward_for_tests(x_801[:, None], W1_8, b1_8, W2_8, b2_8)[:, 0]))
check_close(name, got, want, rtol=1e-9, mistakes=max_error_mistakes(f_lecture, W1_8, b1_8, W2_8, b2_8, -3.0, 3.0, 801))
bound_8 = call("error_bound(-3, 3, 8, 4)", error_bound, -3.0, 3.0, 8, 4.0)
assert float(got) <= float(bound_8), f"max_error = {float(got):.6g} is above error_bound = {float(bound_8):.6g} for H = 8"
for fn in ("max_error", "error_bound"):
    check_own_function(fn)
    check_no_library(fn, skip=("mlp_forward", "f"))   # mlp_forward is checked in part 2; f is the tests'
    check_vectorized(fn, skip=("mlp_forward", "f"))
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2500)
for case in range(10):
    x_lo = float(rng.uniform(-5, 2))
    x_hi = x_lo + float(rng.uniform(0.5, 6))
    H, P = int(rng.integers(1, 40)), int(rng.integers(50, 3000))
    a, w, p = rng.uniform(0.5, 2), rng.uniform(0.5, 3), rng.uniform(0, 2 * np.pi)
    f_h = lambda x, a=a, w=w, p=p: a * np.sin(w * x + p)  # noqa: E731
    M = float(a * w**2)
    if case % 2:      # any network, not only an interpolating one
        W1_h, b1_h, W2_h, b2_h = rng.normal(size=(1, H)), rng.normal(size=H), rng.normal(size=(H, 1)), rng.normal(size=1)
    else:
        W1_h, b1_h, W2_h, b2_h = reference_network(f_h, x_lo, x_hi, H)
    name = f"max_error(f, W1, b1, W2, b2, {x_lo:.3g}, {x_hi:.3g}, P={P}) with H = {H}"
    with replaced_in_notebook("mlp_forward", mlp_forward_for_tests):
        got = call(name, max_error, f_h, W1_h, b1_h, W2_h, b2_h, x_lo, x_hi, P=P, keep_inputs=True)
    x = np.linspace(x_lo, x_hi, P)
    want = np.max(np.abs(f_h(x) - mlp_forward_for_tests(x[:, None], W1_h, b1_h, W2_h, b2_h)[:, 0]))
    check_close(name, got, want, rtol=1e-9, atol=1e-12, mistakes=max_error_mistakes(f_h, W1_h, b1_h, W2_h, b2_h, x_lo, x_hi, P))
    bname = f"error_bound({x_lo:.3g}, {x_hi:.3g}, H={H}, M={M:.3g})"
    bound = call(bname, error_bound, x_lo, x_hi, H, M)
    check_close(bname, bound, (x_hi - x_lo) ** 2 * M / (8 * H**2), rtol=1e-12, mistakes=bound_mistakes(x_lo, x_hi, H, M))
    if case % 2 == 0:
        assert float(got) <= float(bound) * (1 + 1e-9), f"{name} = {float(got):.6g} is above {bname} = {float(bound):.6g}"
# the default P = 1001, and the result is a float
W1_h, b1_h, W2_h, b2_h = reference_network(np.cos, -1.0, 2.0, 5)
with replaced_in_notebook("mlp_forward", mlp_forward_for_tests):
    got = call("max_error(np.cos, W1, b1, W2, b2, -1, 2) with the default P", max_error, np.cos, W1_h, b1_h, W2_h, b2_h, -1.0, 2.0)
check_type("max_error(np.cos, W1, b1, W2, b2, -1, 2)", got, float)
x = np.linspace(-1.0, 2.0, 1001)
check_close("max_error(np.cos, W1, b1, W2, b2, -1, 2) with the default P = 1001", got,
            np.max(np.abs(np.cos(x) - mlp_forward_for_tests(x[:, None], W1_h, b1_h, W2_h, b2_h)[:, 0])), rtol=1e-9)
check_type("error_bound(0, 1, 3, 2)", call("error_bound(0, 1, 3, 2)", error_bound, 0, 1, 3, 2), float)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "approx_table", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Your functions on the function of lecture 02, f(x) = sin(2x) + x/2 on S = [-3, 3], where max|f''| = 4.
f_lecture = lambda x: np.sin(2 * x) + 0.5 * x  # noqa: E731
for H in (1, 2, 4, 8, 16, 32, 64):
    W1_H, b1_H, W2_H, b2_H = interpolating_network(f_lecture, -3.0, 3.0, H)
    print(f"H = {H:2d}: max error on S = {max_error(f_lecture, W1_H, b1_H, W2_H, b2_H, -3.0, 3.0):.4f}   "
          f"bound = {error_bound(-3.0, 3.0, H, 4.0):.4f}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "depth_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 5. Depth vs width (3 points, graded by your instructor)
#
# Lecture 02 (section 6) computed the **sawtooth** $t^k$, the tent map
# $t(x) = 2\,\mathrm{relu}(x) - 4\,\mathrm{relu}(x - \tfrac12)$ composed $k$ times, in two ways: a deep
# network with $k$ hidden layers of 2 ReLU units, sizes `[1, 2, ..., 2, 1]`, and a shallow one
# with a single hidden layer of $2^k$ units, sizes `[1, 2**k, 1]`. The cell below counts their
# parameters with your `count_parameters`.

# %% nbgrader={"grade": false, "grade_id": "sawtooth_counts", "locked": true, "schema_version": 3, "solution": false, "task": false}
for k in (2, 4, 6, 8, 10):
    deep = [1] + [2] * k + [1]          # k hidden layers of 2 ReLU units
    shallow = [1, 2 ** k, 1]            # one hidden layer of 2^k ReLU units
    print(f"k = {k:2d}: t^k has {2 ** k:4d} linear pieces; deep net {count_parameters(deep):3d} parameters, "
          f"shallow net {count_parameters(shallow):4d} parameters")

# %% [markdown] nbgrader={"grade": false, "grade_id": "depth_question", "locked": true, "schema_version": 3, "solution": false, "task": false}
# In the cell below, answer in 4 to 8 sentences:
#
# 1. Why does a network with **one** hidden layer of $H$ ReLU units compute a piecewise-linear
#    function of $x \in \mathbb{R}$ with at most $H + 1$ pieces? What does that imply for the
#    number of units it needs to compute $t^k$ exactly?
# 2. Why do $k$ layers of only 2 units suffice for $t^k$, which has $2^k$ pieces? (What does
#    composing with the tent map do to the number of pieces?)
# 3. Read the numbers printed above: how do the two parameter counts grow with $k$?
# 4. Does this mean a deep network generalizes better than a shallow one? Say what depth buys
#    and what it does not guarantee.

# %% [markdown] nbgrader={"grade": true, "grade_id": "depth_answer", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 3}
# 1. A hidden unit $\mathrm{relu}(w_j x + b_j)$ is linear except for one bend, at $x = -b_j / w_j$. The
#    output $\sum_j v_j\,\mathrm{relu}(w_j x + b_j) + c$ is a sum of such functions, so it can change
#    slope only at these $H$ points: at most $H$ bends, hence at most $H + 1$ linear pieces. To
#    compute $t^k$ exactly, which has $2^k$ pieces, a single hidden layer therefore needs
#    $H \ge 2^k - 1$ units.
# 2. The tent map is a 2-unit ReLU layer that maps $[0, \frac12]$ and $[\frac12, 1]$ each onto all of
#    $[0, 1]$. Composing $t^{k-1}$ with $t$ runs through the whole of $t^{k-1}$ once on each half, so
#    every composition **doubles** the number of pieces: $k$ layers of 2 units give $2^k$ pieces. The
#    same few units are reused on every fold.
# 3. The deep count grows **linearly**, $6k + 1$ (13, 25, ..., 61), the shallow one
#    **exponentially**, $3 \cdot 2^k + 1$ (13, 49, ..., 3073 at $k = 10$), for exactly the same function.
# 4. No. Depth buys parameter efficiency for compositional functions like this one (and, in
#    practice, reuse of features built from parts of parts). It does not by itself make a network
#    generalize: deep networks can memorize random labels (Zhang et al. 2017), and whether a
#    trained network generalizes depends on the data, its amount, the architecture's fit to the
#    problem and regularization. Nor does it say that training will find these weights.

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 14 points (11 graded automatically, 3 by your instructor). Before you hand
# in, restart the kernel and run all cells (*Kernel > Restart Kernel and Run All Cells*), then
# **Validate**.
