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
# **Total: 10 points. Estimated time: 45 minutes.** Goes with lecture 02 (XOR and multilayer
# networks).
#
# Lecture 01 proved that no perceptron computes XOR; lecture 02 fixed it with a hidden layer.
# Here you build such a network by hand, write the forward pass of a two-layer network of any
# size, count the parameters of a network, and explain why depth can be worth more than width.
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
cases += [[1] + [2] * k + [1] for k in (2, 4, 10)] + [[1, 2**k, 1] for k in (2, 4, 10)]   # the sawtooth networks of part 4
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

# %% [markdown] nbgrader={"grade": false, "grade_id": "depth_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. Depth vs width (3 points, graded by your instructor)
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
# That's all. Total: 10 points (7 graded automatically, 3 by your instructor). Before you hand
# in, restart the kernel and run all cells (*Kernel > Restart Kernel and Run All Cells*), then
# **Validate**.
