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
# # Exercise 00: notation and shapes
#
# **Total: 14 points. Estimated time: 45 to 75 minutes.** Goes with lecture 00 (introduction).
#
# Deep learning is function approximation with many parameters, trained by optimization; it is
# written in matrix notation. This exercise makes the notation of the course automatic:
#
# | symbol | shape | meaning |
# |---|---|---|
# | $X$ | $(N, D)$ | a batch: $N$ examples (rows), $D$ input features |
# | $W$ | $(D, K)$ | weights of a linear layer with $K$ outputs |
# | $b$ | $(K,)$ | bias, one number per output |
# | $Y = XW + b$ | $(N, K)$ | one output row per example |
#
# Questions 1 to 4 (4 points, about 10 minutes) check the ideas of lecture 00; a small count (2
# points) compares the cost of a linear model and a network; the challenge and the forward pass
# (8 points, 30 to 60 minutes) are the notation at work.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button. Studying on your own with the whole course repository? Grade yourself in a terminal:
# `make grade EX=ex00_notation_and_shapes`.
# Do not change or delete the test cells: they are restored when your work is graded.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np

from coursegrader.checks import (
    call, check_choice, check_choice_format, check_close, check_no_library, check_raises, check_shape, check_type,
    check_vectorized,
)

# %% [markdown] nbgrader={"grade": false, "grade_id": "question_1", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Question 1 (1 point)
#
# Mathematically, how is deep learning primarily viewed within the classical machine learning paradigm?
#
# - **A.** A distinct, non-algorithmic approach.
# - **B.** A novel form of unsupervised clustering.
# - **C.** An optimization challenge arising from highly complex function parameterization.
#
# Set `answer_q1` to `"A"`, `"B"` or `"C"`.

# %% nbgrader={"grade": false, "grade_id": "answer_q1", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
answer_q1 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_q1", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_choice_format("answer_q1", answer_q1, "ABC")
### BEGIN HIDDEN TESTS
check_choice("answer_q1", answer_q1, "C", {
    "A": "Deep learning is algorithmic through and through: a network is a function with "
         "parameters theta, and training is an algorithm (gradient descent, with gradients from "
         "backpropagation) that minimizes a loss L(theta). It is classical machine learning scaled up.",
    "B": "Clustering groups unlabeled points. The lecture views deep learning as function "
         "approximation: a function with very many parameters theta is fitted to examples by "
         "minimizing a loss L(theta), an optimization problem.",
})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "question_2", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Question 2 (1 point)
#
# What foundational mathematical skill is absolutely mandatory for efficient deep learning
# implementation and optimization?
#
# - **A.** Set theory
# - **B.** Complex analysis
# - **C.** Multivariate calculus and linear algebra
#
# Set `answer_q2` to `"A"`, `"B"` or `"C"`.

# %% nbgrader={"grade": false, "grade_id": "answer_q2", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
answer_q2 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_q2", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_choice_format("answer_q2", answer_q2, "ABC")
### BEGIN HIDDEN TESTS
check_choice("answer_q2", answer_q2, "C", {
    "A": "Set theory underlies all of mathematics, but it is not what implementing and training a "
         "network uses: a layer is a matrix product Y = XW + b (linear algebra), and its gradients "
         "come from the multivariate chain rule (calculus).",
    "B": "Complex analysis studies functions of a complex variable; the networks of this course "
         "are real-valued. Training needs gradients of a loss with respect to matrices "
         "(multivariate calculus) and fast matrix products (linear algebra).",
})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "question_3", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Question 3 (1 point)
#
# The perceptron is from 1958 and backpropagation was popularized in 1986, yet deep networks
# took off only from about 2006 to 2012. Which answer gives the reasons of lecture 00, section 3?
#
# - **A.** Around 2010 a new learning rule replaced gradient descent and backpropagation.
# - **B.** Large labeled data sets (ImageNet: about 1.2 million training images), hardware that
#   multiplies matrices fast (GPUs), and better algorithms (ReLU, initialization, Adam) came together.
# - **C.** Computers became fast enough to run the Python loops over the examples that a network needs.
#
# Set `answer_q3` to `"A"`, `"B"` or `"C"`.

# %% nbgrader={"grade": false, "grade_id": "answer_q3", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
answer_q3 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_q3", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_choice_format("answer_q3", answer_q3, "ABC")
### BEGIN HIDDEN TESTS
check_choice("answer_q3", answer_q3, "B", {
    "A": "Networks are still trained by gradient descent, with gradients from backpropagation (1986). What "
         "changed around 2006 to 2012 is what the old algorithm was given: far more labeled data, GPUs, and "
         "improvements (ReLU, better initialization, batch normalization, Adam) that made deep networks trainable.",
    "C": "The opposite: the speed comes from NOT looping in Python. A layer is one matrix product, which lecture 00 "
         "measured two to three orders of magnitude faster than Python loops, and GPUs do such products in "
         "parallel. Large data sets and better algorithms mattered as much.",
})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "question_4", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Question 4 (1 point)
#
# In lecture 00 (sections 5 and 6), logistic regression reached a test accuracy of 0.853 on the 16
# hand-made features (the ink per row and per column of each 8x8 digit) and 0.960 on the 64 raw
# pixels, and it stayed behind at every training-set size, from 25 to 1347 examples. What is the
# best explanation?
#
# - **A.** With only 16 inputs the model has too few parameters to be trained: its training does not converge.
# - **B.** Hand-made features need more training examples than pixels; with more data the gap would close.
# - **C.** The 16 sums throw away information the pixels contain, and only the classifier on top
#   learns; a network instead learns its features from the raw input.
#
# Set `answer_q4` to `"A"`, `"B"` or `"C"`.

# %% nbgrader={"grade": false, "grade_id": "answer_q4", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
answer_q4 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_q4", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_choice_format("answer_q4", answer_q4, "ABC")
### BEGIN HIDDEN TESTS
check_choice("answer_q4", answer_q4, "C", {
    "A": "It trains fine: 16 * 10 + 10 = 170 parameters, fitted to 1347 examples. The limit is in its input: "
         "two different images can have the same ink per row and per column, and then no classifier on top of "
         "these 16 numbers can tell them apart. The features are designed, not learned.",
    "B": "The learning curves of section 6 say otherwise: the gap stays at every size from 25 to 1347 examples. "
         "More data cannot bring back what the hand-made feature extractor threw away; a network learns its "
         "features from the raw pixels instead.",
})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "compute_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Compute: a linear model against a network (2 points)
#
# Section 7 of lecture 00 compares traditional machine learning and deep learning on the digits:
# features, data, compute, interpretability. Count the compute. A linear layer $Y = XW + b$ with
# $W$ of shape $(D, K)$ costs $D \cdot K$ multiply-adds per example ($N \cdot K \cdot D$ for a batch,
# section 3; $b_k$ only starts each sum, it is not a multiply-add). A fully connected network applies
# its layers one after another.
#
# Write `multiply_adds(sizes)`. `sizes` is a list of ints `[D, H_1, ..., K]`: one linear layer between
# each two consecutive sizes (the activations between them are not counted). Return the number of
# multiply-adds of the forward pass for **one** example, an int. Logistic regression on the pixels
# is `[64, 10]`; the small network of lecture 00 is `[64, 64, 10]`.

# %% nbgrader={"grade": false, "grade_id": "multiply_adds", "locked": false, "schema_version": 3, "solution": true, "task": false}
def multiply_adds(sizes):
    """Multiply-adds of one forward pass, for one example, through linear layers of the given sizes."""
    ### BEGIN SOLUTION
    return sum(int(n_in) * int(n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_multiply_adds", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def multiply_adds_hints(sizes):
    """Counts that known mistakes give, each with the hint that explains it."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    return {
        "you counted the parameters, biases included (n_in * n_out + n_out per layer). A bias is added once "
        "to each sum; it is not a multiply-add: a layer costs n_in * n_out.": sum(a * b + b for a, b in pairs),
        "you multiplied all the sizes together. The layers run one after another, so their costs add up: "
        "n_in * n_out for each pair of consecutive sizes.": int(np.prod(sizes)),
        "a layer is missing: there is one linear layer between each two consecutive sizes (a range that "
        "stops one short?).": sum(a * b for a, b in pairs[:-1]),
        "you added the sizes. A layer with n_in inputs and n_out outputs does n_in multiply-adds for each "
        "of its n_out outputs.": sum(sizes),
    }


def check_multiply_adds(sizes):
    name = f"multiply_adds({sizes})"
    got = call(name, multiply_adds, list(sizes))
    want = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    check_close(name, got, want, rtol=0, atol=0, mistakes=multiply_adds_hints(list(sizes)))
    return want


linear = check_multiply_adds([64, 10])       # logistic regression on the 64 pixels
network = check_multiply_adds([64, 64, 10])  # the MLP 64-64-10 of lecture 00
print(f"per digit: logistic regression {linear} multiply-adds, the MLP {network}: {network / linear:.1f} times more")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2005)
for _ in range(12):
    check_multiply_adds([int(v) for v in rng.integers(1, 300, size=int(rng.integers(2, 7)))])
for sizes in ([16, 10], [7, 1], [1, 1], [784, 256, 128, 10], [3, 5, 5, 5, 5, 2]):
    check_multiply_adds(sizes)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "challenge", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Challenge: the shape of a gradient (2 points)
#
# A linear layer computes $Y = XW + b$. Backpropagation hands it the gradient of the loss with
# respect to its output, $\frac{\partial L}{\partial Y}$ (written `dY` in code), of shape $(N, K)$.
# From it, the layer computes $\frac{\partial L}{\partial W}$ (`dW`), $\frac{\partial L}{\partial X}$ (`dX`)
# and $\frac{\partial L}{\partial b}$ (`db`). Gradient descent then updates the parameters,
#
# $$W := W - \eta \, \frac{\partial L}{\partial W}, \qquad b := b - \eta \, \frac{\partial L}{\partial b},$$
#
# element by element, with a learning rate $\eta > 0$.
#
# Write `shape_of_dW(N, D, K)`: it returns the shape of $\frac{\partial L}{\partial W}$ as a tuple of
# ints, like `X.shape`, for a batch of $N$ examples with $D$ features and a layer with $K$ outputs.
# Think of the update: which shape makes it defined?

# %% nbgrader={"grade": false, "grade_id": "shape_of_dW", "locked": false, "schema_version": 3, "solution": true, "task": false}
def shape_of_dW(N, D, K):
    """Shape of dL/dW for the layer Y = X W + b, X (N, D), W (D, K), b (K,): a tuple of ints."""
    ### BEGIN SOLUTION
    return (D, K)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_shape_of_dW", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
shape = shape_of_dW(5, 3, 2)
check_type("shape_of_dW(5, 3, 2)", shape, tuple)
assert len(shape) == 2, f"dL/dW is a matrix, so its shape has two numbers; shape_of_dW(5, 3, 2) returned {shape}"
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2000)
for _ in range(20):
    N, D, K = (int(s) for s in rng.choice(np.arange(1, 65), size=3, replace=False))
    check_shape(f"shape_of_dW(N={N}, D={D}, K={K})", shape_of_dW(N, D, K), ("D", "K"), dims={"N": N, "D": D, "K": K})
check_shape("shape_of_dW(N=1, D=7, K=4)", shape_of_dW(N=1, D=7, K=4), ("D", "K"), dims={"N": 1, "D": 7, "K": 4})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "challenge_dX_db", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **The other two gradients (2 points).** Write `shape_of_dX(N, D, K)`, the shape of
# $\frac{\partial L}{\partial X}$ (the gradient that backpropagation passes on to the layer before),
# and `shape_of_db(N, D, K)`, the shape of $\frac{\partial L}{\partial b}$. Remember that $b$ has
# shape $(K,)$ and is added to every one of the $N$ rows.

# %% nbgrader={"grade": false, "grade_id": "shapes_dX_db", "locked": false, "schema_version": 3, "solution": true, "task": false}
def shape_of_dX(N, D, K):
    """Shape of dL/dX for the layer Y = X W + b: a tuple of ints."""
    ### BEGIN SOLUTION
    return (N, D)
    ### END SOLUTION


def shape_of_db(N, D, K):
    """Shape of dL/db for the layer Y = X W + b: a tuple of ints."""
    ### BEGIN SOLUTION
    return (K,)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_shape_of_dX", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_type("shape_of_dX(5, 3, 2)", shape_of_dX(5, 3, 2), tuple)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2001)
for _ in range(20):
    N, D, K = (int(s) for s in rng.choice(np.arange(1, 65), size=3, replace=False))
    check_shape(f"shape_of_dX(N={N}, D={D}, K={K})", shape_of_dX(N, D, K), ("N", "D"), dims={"N": N, "D": D, "K": K})
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_shape_of_db", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_type("shape_of_db(5, 3, 2)", shape_of_db(5, 3, 2), tuple)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2002)
for _ in range(20):
    N, D, K = (int(s) for s in rng.choice(np.arange(1, 65), size=3, replace=False))
    check_shape(f"shape_of_db(N={N}, D={D}, K={K})", shape_of_db(N, D, K), ("K",), dims={"N": N, "D": D, "K": K})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "forward", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The forward pass of a linear layer (4 points)
#
# Write `linear_forward(X, W, b)`, returning $Y = XW + b$ for the whole batch at once
# (2 points for the values, 1 for the checks, 1 for no loop over the examples):
#
# - **your own**: write it with NumPy; do not call `dlf`'s `Linear` layer or another library's;
# - **vectorized**: one matrix product for all $N$ examples, no Python loop over the rows
#   (`for`, a comprehension or `map`; the grader reads the code);
# - **leaves its inputs alone**: return a new array, never change `X`, `W` or `b`;
# - **validated**: if a shape does not fit, raise `ValueError` with a message in course notation
#   that says what came, for example
#   `linear_forward: W must have shape (D, K) with D = 3, the number of columns of X; got (4, 2)`.
#   Expected are $X$ $(N, D)$, $W$ $(D, K)$, $b$ $(K,)$.

# %% nbgrader={"grade": false, "grade_id": "linear_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_forward(X, W, b):
    """Y = X W + b for a batch.

    Parameters
    ----------
    X : (N, D) ndarray
    W : (D, K) ndarray
    b : (K,) ndarray

    Returns
    -------
    Y : (N, K) ndarray

    Raises
    ------
    ValueError
        If a shape does not fit; the message names the argument and the shape that came.
    """
    ### BEGIN SOLUTION
    X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"linear_forward: X must have shape (N, D); got {X.shape}")
    D = X.shape[1]
    if W.ndim != 2 or W.shape[0] != D:
        raise ValueError(f"linear_forward: W must have shape (D, K) with D = {D}, the number of columns of X; got {W.shape}")
    K = W.shape[1]
    if b.shape != (K,):
        raise ValueError(f"linear_forward: b must have shape (K,) with K = {K}, the number of columns of W; got {b.shape}")
    return X @ W + b
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear_forward", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# A batch of N = 3 examples with D = 2 features, a layer with K = 3 outputs; the result is worked out by hand.
check_no_library("linear_forward")
X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 2.0]])
b = np.array([0.5, 0.0, -1.0])
Y = call("linear_forward(X, W, b) with X (3, 2), W (2, 3), b (3,)", linear_forward, X, W, b, keep_inputs=True,
         hint="These shapes fit, so it must return Y = X W + b: X (N, D) times W (D, K) gives (N, K).")
check_close("linear_forward(X, W, b)", Y, np.array([[1.5, 2.0, 2.0], [3.5, 4.0, 4.0], [5.5, 6.0, 6.0]]), mistakes={
    "the bias b is missing: Y = X W + b.": X @ W,
    "b is added as a column (K, 1), so example n gets b[n] on every output: b[k] belongs to output k, "
    "the same for every row n, Y[n, k] = (X W)[n, k] + b[k].": X @ W + b.reshape(-1, 1),
})
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2003)
sizes = [tuple(int(s) for s in rng.integers(2, 40, size=3)) for _ in range(10)] + [(1, 5, 3), (6, 1, 4), (7, 3, 1), (1, 1, 1)]
for N, D, K in sizes:
    X, W, b = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=K)
    name = f"linear_forward(X, W, b) with X ({N}, {D}), W ({D}, {K}), b ({K},)"
    Y = call(name, linear_forward, X, W, b, keep_inputs=True,
             hint="These shapes fit, so it must return Y = X W + b: X (N, D) times W (D, K) gives (N, K).")
    check_close(name, Y, X @ W + b, rtol=1e-10, atol=1e-12, dims={"N": N, "D": D, "K": K}, mistakes={
        "the bias b is missing: Y = X W + b.": X @ W,
        "the bias has the wrong sign: Y = X W + b.": X @ W - b,
    })
# integer inputs work too
check_close("linear_forward on integer arrays", call("linear_forward on integer arrays", linear_forward,
            np.arange(6).reshape(3, 2), np.ones((2, 4), dtype=int), np.arange(4), keep_inputs=True), np.arange(6).reshape(3, 2) @ np.ones((2, 4)) + np.arange(4))
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_linear_forward_validates", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# X has D = 3 columns but W has 4 rows: the product X W is not defined.
check_raises("linear_forward with X (5, 3), W (4, 2), b (2,)", linear_forward, np.zeros((5, 3)), np.zeros((4, 2)), np.zeros(2),
             exception=ValueError, contains=("(4, 2)",))
### BEGIN HIDDEN TESTS
bad = [
    ("X (3,) is one example, not a batch (N, D)", np.zeros(3), np.zeros((3, 2)), np.zeros(2), "(3,)"),
    ("X (2, 3, 4) has three axes", np.zeros((2, 3, 4)), np.zeros((4, 2)), np.zeros(2), "(2, 3, 4)"),
    ("W (3,) is not a matrix", np.zeros((5, 3)), np.zeros(3), np.zeros(1), "(3,)"),
    ("b (3,) does not match K = 2", np.zeros((5, 3)), np.zeros((3, 2)), np.zeros(3), "(3,)"),
    ("b (1, 2) is not (K,)", np.zeros((5, 3)), np.zeros((3, 2)), np.zeros((1, 2)), "(1, 2)"),
    ("b (5, 2) has a row per example; b is (K,)", np.zeros((5, 3)), np.zeros((3, 2)), np.zeros((5, 2)), "(5, 2)"),
    ("W (2, 3) is W transposed", np.zeros((4, 3)), np.zeros((2, 3)), np.zeros(3), "(2, 3)"),
]
for why, X, W, b, shown in bad:
    check_raises(f"linear_forward with {why}", linear_forward, X, W, b, exception=ValueError, contains=(shown,))
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_linear_forward_vectorized", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# linear_forward must not loop over the N examples in Python (the grader reads its code), and work on a large batch.
check_vectorized("linear_forward")
X, W, b = np.linspace(-1.0, 1.0, 4000).reshape(1000, 4), np.arange(12.0).reshape(4, 3) / 10, np.array([1.0, -2.0, 0.5])
check_close("linear_forward on N = 1000 examples", call("linear_forward on N = 1000 examples", linear_forward, X, W, b,
            keep_inputs=True), X @ W + b, rtol=1e-10, atol=1e-12)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(2004)
X, W, b = rng.normal(size=(5000, 7)), rng.normal(size=(7, 2)), rng.normal(size=2)
check_close("linear_forward on N = 5000 examples", call("linear_forward on N = 5000 examples", linear_forward, X, W, b,
            keep_inputs=True), X @ W + b, rtol=1e-10, atol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 14 points. Before you hand in, restart the kernel and run all cells
# (*Kernel > Restart Kernel and Run All Cells*), then **Validate**.
