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
# # Exercise 03: activation functions
#
# **Total: 17 points (15 graded automatically, 2 by your instructor). Estimated time: 100 to 150
# minutes.** Goes with lecture 03 (activation functions).
#
# You write the activation functions of lecture 03 and their derivatives with NumPy, so that
# they are numerically safe, and you check the derivatives the way every deep-learning
# library is tested: against **central differences**. Then you show that two linear layers
# without an activation between them are one linear layer, compute how the sigmoid's
# derivative shrinks the gradient through a chain of layers, and see why zero-centered
# outputs help gradient descent (with a short written answer).
#
# The activation functions of parts 1 to 4 work **element-wise** on an array of any shape (for
# instance the pre-activations $Z$ $(N, H)$ of a layer) and return an array of the same shape; a
# derivative `f_grad(x)` returns $f'(x)$ at every element.
#
# Three rules, which the tests check by reading your code:
# - **vectorized**: whole-array NumPy operations, no Python loop over the elements
#   (no `for`, comprehension, `map` or `np.vectorize`);
# - **analytic derivatives**: `f_grad` computes the formula you derive, never central
#   differences (those are only for checking, as the tests do);
# - **your own code** with NumPy: do not use `dlf` (e.g. `dlf.functions`), SciPy
#   (e.g. `scipy.special.expit`, `scipy.special.erf`) or another library for these
#   functions, not even inside your `def`. (You may read `dlf/functions.py` afterwards and compare.)
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button, or grade it yourself in a terminal: `make grade EX=ex03_activations`.
# Do not change or delete the test cells: they are restored when your work is graded.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math
import warnings

import numpy as np

from coursegrader.checks import (
    call,
    check_analytic,
    check_close,
    check_no_library,
    check_own_function,
    check_shape,
    check_type,
    check_vectorized,
    replaced_in_notebook,
)


# %% [markdown] nbgrader={"grade": false, "grade_id": "central_differences", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Checking a derivative numerically.** For a smooth function $f$ and a small $h$,
#
# $$
# f'(x) \approx \frac{f(x + h) - f(x - h)}{2h},
# $$
#
# with an error of order $h^2$ (the one-sided $\frac{f(x + h) - f(x)}{h}$ is only of order $h$).
# In float64 with $h = 10^{-5}$, a correct derivative agrees with it to about 7 significant
# digits or better; a wrong one is off in the first or second digit. Because our functions are
# element-wise, one line computes it for a whole array: `(f(x + h) - f(x - h)) / (2 * h)`. The
# test cells below use exactly this.

# %% [markdown] nbgrader={"grade": false, "grade_id": "sigmoid_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. A sigmoid that never overflows (1 + 1 + 2 points)
#
# $$
# \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr).
# $$
#
# Written like this, `1 / (1 + np.exp(-x))` computes $e^{1000}$ for $x = -1000$: that overflows
# (the largest float64 is about $1.8 \cdot 10^{308}$), and NumPy warns
# `RuntimeWarning: overflow encountered in exp`. Avoid every exponential of a positive number:
# with $e = e^{-|x|} \in (0, 1]$,
#
# $$
# \sigma(x) = \frac{1}{1 + e} \quad (x \ge 0), \qquad \sigma(x) = \frac{e}{1 + e} \quad (x < 0)
# $$
#
# (multiply numerator and denominator of $\frac{1}{1+e^{-x}}$ by $e^{x}$ for the second form).
#
# **Careful:** `np.where(condition, A, B)` computes **both** `A` and `B` for every element and
# then picks; an overflow in the branch that is not picked still happens. Compute $e^{-|x|}$
# once and build both branches from it.
#
# Write `sigmoid(x)` and `sigmoid_grad(x)`. The test calls them at $x = \pm 1000$ with
# warnings turned into errors, as in
# `with warnings.catch_warnings(): warnings.simplefilter("error"); sigmoid(x)`: there must be
# no warning, and the results must be finite ($\sigma(-1000) = 0$ and $\sigma(1000) = 1$ in float64).

# %% nbgrader={"grade": false, "grade_id": "sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sigmoid(x):
    """Logistic sigmoid 1 / (1 + exp(-x)), element-wise, without overflow for any float x.

    Parameters
    ----------
    x : ndarray, any shape

    Returns
    -------
    ndarray, shape of x, values in [0, 1]
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))                  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


def sigmoid_grad(x):
    """Derivative of the sigmoid, sigma(x) (1 - sigma(x)), element-wise."""
    ### BEGIN SOLUTION
    s = sigmoid(x)
    return s * (1.0 - s)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_sigmoid", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
x = np.array([-2.0, 0.0, 0.5, 3.0])
check_close("sigmoid([-2, 0, 0.5, 3])", call("sigmoid(x)", sigmoid, x, keep_inputs=True), 1 / (1 + np.exp(-x)), mistakes={
    "the sign in the exponent: sigma(x) = 1 / (1 + e^(-x)); you computed 1 / (1 + e^x) = sigma(-x).": 1 / (1 + np.exp(x))})
check_shape("sigmoid of a (2, 3) array", call("sigmoid(np.zeros((2, 3)))", sigmoid, np.zeros((2, 3)), keep_inputs=True), (2, 3))
check_own_function("sigmoid")
check_no_library("sigmoid")
check_vectorized("sigmoid")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(3100)
for shape in ((7,), (5, 3), (2, 3, 4), (1, 1)):
    x = rng.uniform(-20, 20, size=shape)
    want = np.exp(-np.logaddexp(0.0, -x))
    check_close(f"sigmoid of a random {shape} array in [-20, 20]", call(f"sigmoid of a {shape} array", sigmoid, x), want,
                rtol=1e-7, atol=1e-300, mistakes={
        "the sign in the exponent: sigma(x) = 1 / (1 + e^(-x)); you computed 1 / (1 + e^x) = sigma(-x).": 1 - want})
check_close("sigmoid(0)", call("sigmoid(np.array(0.0))", sigmoid, np.array(0.0)), np.array(0.5))
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_sigmoid_grad", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
def sigmoid_grad_hints(s):
    """Derivatives that known mistakes give, from s = sigmoid(x), each with the hint that explains it."""
    return {
        "sigma'(x) = sigma(x) (1 - sigma(x)); you returned sigma(x): the factor (1 - sigma(x)) is missing.": s,
        "sigma'(x) = sigma(x) (1 - sigma(x)); you returned 1 - sigma(x): the factor sigma(x) is missing.": 1 - s,
        "sigma'(x) = sigma(x) (1 - sigma(x)), not sigma(x) (1 + sigma(x)).": s * (1 + s),
        "sigma'(x) = sigma(x) (1 - sigma(x)); you computed the derivative of sigma(-x) (a sign in the exponent?).": -s * (1 - s),
    }


def sigmoid_for_tests(z):
    """sigma(z) for moderate z: your sigmoid_grad sees this one, so only sigmoid_grad is graded here."""
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


x = np.array([-3.0, -0.5, 0.0, 1.0, 4.0])
h = 1e-5
numerical = (sigmoid_for_tests(x + h) - sigmoid_for_tests(x - h)) / (2 * h)    # central differences of sigma
with replaced_in_notebook("sigmoid", sigmoid_for_tests):
    check_close("sigmoid_grad(x) against central differences", call("sigmoid_grad(x)", sigmoid_grad, x, keep_inputs=True),
                numerical, rtol=1e-6, atol=1e-10, mistakes=sigmoid_grad_hints(sigmoid_for_tests(x)))
check_own_function("sigmoid_grad")
check_analytic("sigmoid_grad", formula="sigma'(x) = sigma(x) (1 - sigma(x))")
check_no_library("sigmoid_grad", skip=("sigmoid",))   # sigmoid itself is checked in its own test
check_vectorized("sigmoid_grad", skip=("sigmoid",))
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(3200)
with replaced_in_notebook("sigmoid", sigmoid_for_tests):
    for shape in ((9,), (6, 4)):
        x = rng.uniform(-15, 15, size=shape)
        s = np.exp(-np.logaddexp(0.0, -x))
        name = f"sigmoid_grad of a random {shape} array in [-15, 15]"
        check_close(name, call(name, sigmoid_grad, x, keep_inputs=True), s * (1 - s), rtol=1e-6, atol=1e-300,
                    mistakes=sigmoid_grad_hints(s))
    check_close("sigmoid_grad(0)", call("sigmoid_grad(np.array(0.0))", sigmoid_grad, np.array(0.0)), np.array(0.25))
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_sigmoid_stable", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# Large inputs: no warning may appear (warnings become errors here), and the results are finite.
stable_hint = (
    "exp overflows: e^1000 is larger than the largest float64 (about 1.8e308). Compute with e = exp(-|x|), which is "
    "at most 1: sigma(x) = 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0. Careful: np.where(cond, A, B) computes "
    "both A and B for every element, so an overflow in the branch that is not picked still happens.")
x = np.array([-30.0, 30.0])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    s = call("sigmoid([-30, 30]) with warnings as errors", sigmoid, x, keep_inputs=True)
check_close("sigmoid([-30, 30])", s, np.array([np.exp(-30.0) / (1 + np.exp(-30.0)), 1 / (1 + np.exp(-30.0))]), atol=1e-300)
x = np.array([-1000.0, 1000.0])
with warnings.catch_warnings(), np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
    warnings.simplefilter("error", category=Warning)
    s = call("sigmoid([-1000, 1000]) with warnings as errors", sigmoid, x, hint=stable_hint, keep_inputs=True)
    ds = call("sigmoid_grad([-1000, 1000]) with warnings as errors", sigmoid_grad, x, hint=stable_hint, keep_inputs=True)
check_close("sigmoid([-1000, 1000])", s, np.array([0.0, 1.0]), atol=1e-300)
assert np.isfinite(np.asarray(ds, dtype=float)).all(), f"sigmoid_grad([-1000, 1000]) is not finite: {ds}"
# stable by your own code, not by a library's
check_own_function("sigmoid")
check_no_library("sigmoid")
### BEGIN HIDDEN TESTS
x = np.array([-1000.0, -800.0, -745.0, -710.0, -100.0, 0.0, 100.0, 710.0, 745.0, 800.0, 1000.0])
with warnings.catch_warnings(), np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
    warnings.simplefilter("error", category=Warning)
    wide = "x = [-1000, -800, -745, -710, -100, 0, 100, 710, 745, 800, 1000]"
    s = call(f"sigmoid(x) for {wide} with warnings as errors", sigmoid, x, keep_inputs=True, hint=stable_hint)
    ds = call(f"sigmoid_grad(x) for {wide} with warnings as errors", sigmoid_grad, x, keep_inputs=True, hint=stable_hint)
want = np.exp(-np.logaddexp(0.0, -x))
check_close("sigmoid(x) for x = [-1000, -800, -745, -710, -100, 0, 100, 710, 745, 800, 1000]", s, want, rtol=1e-7, atol=1e-15)
assert np.isfinite(np.asarray(ds, dtype=float)).all(), f"sigmoid_grad(x) for x = [-1000, ..., 1000] is not finite: {ds}"
# -1000 and 1000 in an array of another shape
x = np.array([[-1000.0, 1000.0, 2.0], [-2.0, 700.0, -700.0]])
with warnings.catch_warnings(), np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
    warnings.simplefilter("error", category=Warning)
    s = call("sigmoid of a (2, 3) array with entries -1000 and 1000, warnings as errors", sigmoid, x, hint=stable_hint,
             keep_inputs=True)
check_close("sigmoid of a (2, 3) array with entries -1000 and 1000", s, np.exp(-np.logaddexp(0.0, -x)), rtol=1e-7, atol=1e-15)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "tanh_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. tanh through the sigmoid (1 + 1 points)
#
# Multiply numerator and denominator of $\tanh x = \dfrac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$ by $e^{-x}$:
#
# $$
# \tanh x = \frac{1 - e^{-2x}}{1 + e^{-2x}} = \frac{2}{1 + e^{-2x}} - 1 = 2\,\sigma(2x) - 1 .
# $$
#
# So $\tanh$ is a sigmoid, stretched to the range $(-1, 1)$ and squeezed along $x$. Its derivative
# is $\tanh'(x) = 1 - \tanh^2(x)$; by the chain rule on $2\sigma(2x) - 1$ it is also
# $2 \cdot \sigma'(2x) \cdot 2 = 4\,\sigma'(2x)$.
#
# Write `tanh(x)` **by calling your `sigmoid`** (the test checks that it does; do not use
# `np.tanh` here) and `tanh_grad(x)` by either formula.

# %% nbgrader={"grade": false, "grade_id": "tanh", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh(x):
    """tanh(x) = 2 sigmoid(2x) - 1, element-wise, computed with your sigmoid."""
    ### BEGIN SOLUTION
    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=float)) - 1.0
    ### END SOLUTION


def tanh_grad(x):
    """Derivative of tanh, 1 - tanh(x)^2 = 4 sigmoid'(2x), element-wise."""
    ### BEGIN SOLUTION
    t = tanh(x)
    return 1.0 - t * t
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_tanh", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# tanh must call sigmoid. Here it sees a correct sigmoid that counts its calls (so a mistake in
# your sigmoid costs no point here); your sigmoid is back after the test.
calls = []
def counting_sigmoid(z):
    calls.append(1)
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


x = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
with replaced_in_notebook("sigmoid", counting_sigmoid):
    check_close("tanh([-2, -0.5, 0, 1, 3])", call("tanh(x)", tanh, x, keep_inputs=True), np.tanh(x), atol=1e-12, mistakes={
        "2 sigma(x) - 1 is tanh(x / 2): the argument of the sigmoid is 2x, tanh(x) = 2 sigma(2x) - 1.": 2 / (1 + np.exp(-x)) - 1})
assert calls, "tanh(x) did not call your sigmoid: compute it as 2 * sigmoid(2 * x) - 1 (not with np.tanh), as asked."
check_own_function("tanh")
check_vectorized("tanh", skip=("sigmoid",))   # sigmoid is checked in part 1
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(3300)
for shape in ((11,), (4, 5)):
    x = rng.uniform(-10, 10, size=shape)
    name = f"tanh of a random {shape} array in [-10, 10]"
    with replaced_in_notebook("sigmoid", counting_sigmoid):
        got = call(name, tanh, x, keep_inputs=True)
    check_close(name, got, np.tanh(x), rtol=1e-7, atol=1e-12, mistakes={
        "2 sigma(x) - 1 is tanh(x / 2): the argument of the sigmoid is 2x, tanh(x) = 2 sigma(2x) - 1.": np.tanh(x / 2),
        "sigma(2x) alone has range (0, 1); stretch it: tanh(x) = 2 sigma(2x) - 1.": (np.tanh(x) + 1) / 2,
        "the sign: tanh(x) = 2 sigma(2x) - 1, and sigma(2x) = 1 / (1 + e^(-2x)).": -np.tanh(x),
    })
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_tanh_grad", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
def tanh_grad_hints(t, s2):
    """Derivatives that known mistakes give, from t = tanh(x) and s2 = sigmoid(2x), each with its hint."""
    return {
        "a factor 2 of the chain rule is missing: d/dx [2 sigma(2x) - 1] = 2 sigma'(2x) * 2 = 4 sigma'(2x); "
        "you returned 2 sigma'(2x).": 2 * s2 * (1 - s2),
        "the factor 4 of the chain rule is missing: d/dx [2 sigma(2x) - 1] = 2 sigma'(2x) * 2 = 4 sigma'(2x).": s2 * (1 - s2),
        "tanh'(x) = 1 - tanh(x)^2: the square is missing.": 1 - t,
    }


# Your tanh_grad sees correct sigmoid, sigmoid_grad and tanh here, so that only tanh_grad is graded.
def sigmoid_for_tests(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_grad_for_tests(z):
    return sigmoid_for_tests(z) * (1 - sigmoid_for_tests(z))


def tanh_for_tests(z):
    return np.tanh(np.asarray(z, dtype=float))


def tanh_grad_with_correct_parts(name, x):
    """tanh_grad(x), called with correct sigmoid, sigmoid_grad and tanh in the notebook."""
    with replaced_in_notebook("sigmoid", sigmoid_for_tests), replaced_in_notebook("sigmoid_grad", sigmoid_grad_for_tests), \
            replaced_in_notebook("tanh", tanh_for_tests):
        return call(name, tanh_grad, x, keep_inputs=True)


x = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
h = 1e-5
numerical = (np.tanh(x + h) - np.tanh(x - h)) / (2 * h)        # central differences of tanh
check_close("tanh_grad(x) against central differences", tanh_grad_with_correct_parts("tanh_grad(x)", x), numerical,
            rtol=1e-6, atol=1e-10, mistakes=tanh_grad_hints(np.tanh(x), sigmoid_for_tests(2 * x)))
check_own_function("tanh_grad")
earlier = ("sigmoid", "sigmoid_grad", "tanh")   # checked in their own tests
check_analytic("tanh_grad", formula="tanh'(x) = 1 - tanh(x)^2 = 4 sigma'(2x)", skip=earlier)
check_vectorized("tanh_grad", skip=earlier)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(3400)
for shape in ((11,), (3, 6)):
    x = rng.uniform(-6, 6, size=shape)
    t = np.tanh(x)
    s2 = 1 / (1 + np.exp(-2 * x))
    name = f"tanh_grad of a random {shape} array in [-6, 6]"
    check_close(name, tanh_grad_with_correct_parts(name, x), 1 - t * t, rtol=1e-6, atol=1e-12, mistakes=tanh_grad_hints(t, s2))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "relu_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. ReLU and leaky ReLU (1 + 1 points)
#
# $$
# \mathrm{relu}(x) = \max(0, x), \qquad \mathrm{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}
# $$
#
# $$
# \mathrm{leaky}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}, \qquad
# \mathrm{leaky}'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}, \qquad \alpha = 0.01 \text{ by default.}
# $$
#
# At $x = 0$ neither has a derivative; use the value for $x < 0$ ($0$, resp. $\alpha$), as the libraries
# do (the tests accept any value between the two one-sided slopes there). The functions must
# **not change their argument** (`x[x < 0] = 0` would change the caller's array).

# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu(x):
    """max(0, x), element-wise."""
    ### BEGIN SOLUTION
    return np.maximum(np.asarray(x, dtype=float), 0.0)
    ### END SOLUTION


def relu_grad(x):
    """1 where x > 0, 0 elsewhere."""
    ### BEGIN SOLUTION
    return (np.asarray(x) > 0).astype(float)
    ### END SOLUTION


def leaky_relu(x, alpha=0.01):
    """x where x > 0, alpha * x elsewhere."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, alpha * x)
    ### END SOLUTION


def leaky_relu_grad(x, alpha=0.01):
    """1 where x > 0, alpha elsewhere."""
    ### BEGIN SOLUTION
    return np.where(np.asarray(x) > 0, 1.0, alpha)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_relu", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
x = np.array([-2.0, -0.5, 0.5, 3.0])
check_close("relu([-2, -0.5, 0.5, 3])", call("relu(x)", relu, x, keep_inputs=True), np.array([0.0, 0.0, 0.5, 3.0]))
check_close("relu_grad([-2, -0.5, 0.5, 3])", call("relu_grad(x)", relu_grad, x, keep_inputs=True), np.array([0.0, 0.0, 1.0, 1.0]), mistakes={
    "relu_grad is the slope, 1 where x > 0 and 0 elsewhere; you returned relu(x).": np.array([0.0, 0.0, 0.5, 3.0])})
for f in ("relu", "relu_grad"):
    check_own_function(f)
    check_no_library(f)
    check_vectorized(f)
check_analytic("relu_grad", formula="relu'(x) = 1 for x > 0, 0 for x < 0")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(3500)
x = rng.normal(size=(6, 5))
x[np.abs(x) < 1e-3] = 0.5
x_copy = x.copy()
name = "relu of a random (6, 5) array"
check_close(name, call(name, relu, x, keep_inputs=True), np.maximum(x, 0), mistakes={"relu(x) = max(0, x), not max(0, -x).": np.maximum(-x, 0)})
assert (x == x_copy).all(), "relu changed the array it was given (x[x < 0] = 0 works in place): return a new array, e.g. np.maximum(x, 0)."
h = 1e-5
name = "relu_grad of a random (6, 5) array"
check_close(name + " against central differences", call(name, relu_grad, x, keep_inputs=True), (np.maximum(x + h, 0) - np.maximum(x - h, 0)) / (2 * h),
            rtol=1e-6, atol=1e-9, mistakes={"relu_grad is the slope, 1 where x > 0 and 0 elsewhere; you returned relu(x).": np.maximum(x, 0)})
assert (x == x_copy).all(), "relu_grad changed the array it was given: return a new array, e.g. (x > 0).astype(float)."
g0 = float(np.asarray(call("relu_grad(np.array([0.0]))", relu_grad, np.array([0.0]))).ravel()[0])
assert 0.0 <= g0 <= 1.0, f"relu_grad(0) = {g0}: at x = 0 use a value between the slopes 0 and 1 (libraries use 0)."
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_leaky_relu", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
x = np.array([-2.0, -0.5, 0.5, 3.0])
check_close("leaky_relu([-2, -0.5, 0.5, 3])", call("leaky_relu(x)", leaky_relu, x, keep_inputs=True), np.array([-0.02, -0.005, 0.5, 3.0]))
check_close("leaky_relu(x, alpha=0.2)", call("leaky_relu(x, alpha=0.2)", leaky_relu, x, alpha=0.2, keep_inputs=True),
            np.array([-0.4, -0.1, 0.5, 3.0]), mistakes={"leaky_relu ignores its argument alpha (a fixed 0.01?).": np.array([-0.02, -0.005, 0.5, 3.0])})
check_close("leaky_relu_grad([-2, -0.5, 0.5, 3])", call("leaky_relu_grad(x)", leaky_relu_grad, x, keep_inputs=True), np.array([0.01, 0.01, 1.0, 1.0]), mistakes={
    "for x < 0 the slope of leaky_relu is alpha, not 0 (0 is ReLU's slope).": np.array([0.0, 0.0, 1.0, 1.0])})
check_close("leaky_relu_grad(x, alpha=0.2)", call("leaky_relu_grad(x, alpha=0.2)", leaky_relu_grad, x, alpha=0.2, keep_inputs=True),
            np.array([0.2, 0.2, 1.0, 1.0]), mistakes={"leaky_relu_grad ignores its argument alpha (a fixed 0.01?).": np.array([0.01, 0.01, 1.0, 1.0])})
for f in ("leaky_relu", "leaky_relu_grad"):
    check_own_function(f)
    check_no_library(f)
    check_vectorized(f)
check_analytic("leaky_relu_grad", formula="leaky'(x) = 1 for x > 0, alpha for x < 0")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(3600)
h = 1e-5
for alpha in (0.01, 0.1, 0.3, float(rng.uniform(0.001, 0.5))):
    x = rng.normal(size=(5, 4)) * 3
    x[np.abs(x) < 1e-3] = -0.7
    x_copy = x.copy()
    want = np.where(x > 0, x, alpha * x)
    name = f"leaky_relu(x, alpha={alpha:g}) of a random (5, 4) array"
    got = call(name, leaky_relu, x, keep_inputs=True) if alpha == 0.01 else call(name, leaky_relu, x, alpha=alpha, keep_inputs=True)
    check_close(name, got, want, mistakes={
        "for x <= 0 leaky_relu is alpha * x, not the constant alpha.": np.where(x > 0, x, alpha),
        "for x <= 0 leaky_relu is alpha * x: the factor alpha is missing.": x,
        "leaky_relu ignores its argument alpha (a fixed 0.01?).": np.where(x > 0, x, 0.01 * x),
    })
    assert (x == x_copy).all(), "leaky_relu changed the array it was given: return a new array, e.g. with np.where."
    name = f"leaky_relu_grad(x, alpha={alpha:g}) of a random (5, 4) array"
    got = call(name, leaky_relu_grad, x, keep_inputs=True) if alpha == 0.01 else call(name, leaky_relu_grad, x, alpha=alpha, keep_inputs=True)
    check_close(name + " against central differences", got, (np.where(x + h > 0, x + h, alpha * (x + h)) - np.where(x - h > 0, x - h, alpha * (x - h))) / (2 * h),
                atol=1e-9, rtol=1e-6, mistakes={
        "for x < 0 the slope of leaky_relu is alpha, not 0 (0 is ReLU's slope).": (x > 0).astype(float),
        "leaky_relu_grad ignores its argument alpha (a fixed 0.01?).": np.where(x > 0, 1.0, 0.01),
        "leaky_relu_grad is the slope, 1 or alpha; you returned leaky_relu(x).": want,
    })
g0 = float(np.asarray(call("leaky_relu_grad(np.array([0.0]), alpha=0.1)", leaky_relu_grad, np.array([0.0]), alpha=0.1)).ravel()[0])
assert 0.1 <= g0 <= 1.0, f"leaky_relu_grad(0, alpha=0.1) = {g0}: at x = 0 use a value between the slopes alpha and 1 (libraries use alpha)."
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "gelu_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. GELU, tanh approximation (1 + 1 points)
#
# The GELU of transformers is $x\,\Phi(x)$, with $\Phi$ the standard normal distribution
# function. BERT and GPT-2 used its **tanh approximation**, which you write here:
#
# $$
# \mathrm{gelu}(x) = \frac{x}{2}\bigl(1 + \tanh u(x)\bigr), \qquad u(x) = \sqrt{2/\pi}\,\bigl(x + 0.044715\,x^3\bigr).
# $$
#
# Its derivative needs the **product rule** (for $x \cdot (\dots)$) and the **chain rule** (for
# $\tanh u(x)$):
#
# $$
# \mathrm{gelu}'(x) = \frac12\bigl(1 + \tanh u\bigr) + \frac{x}{2}\bigl(1 - \tanh^2 u\bigr)\, u'(x),
# \qquad u'(x) = \sqrt{2/\pi}\,\bigl(1 + 3 \cdot 0.044715\,x^2\bigr).
# $$
#
# Use the tanh approximation, not the exact $x\,\Phi(x)$ with the error function: they differ
# by up to about $5 \cdot 10^{-4}$, and the tests tell them apart. You may use `np.tanh` or your
# `tanh` here, but not `dlf.functions` (which has both GELUs) or SciPy.

# %% nbgrader={"grade": false, "grade_id": "gelu", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gelu(x):
    """GELU, tanh approximation: x / 2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), element-wise."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    u = np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)
    return 0.5 * x * (1.0 + np.tanh(u))
    ### END SOLUTION


def gelu_grad(x):
    """Derivative of the tanh-approximated GELU, element-wise."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    u = np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)
    du = np.sqrt(2.0 / np.pi) * (1.0 + 3 * 0.044715 * x**2)
    t = np.tanh(u)
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_gelu", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# gelu may call tanh: it sees a correct tanh here (a mistake in your tanh costs no point here).
def tanh_for_tests(z):
    return np.tanh(np.asarray(z, dtype=float))


x = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
with replaced_in_notebook("tanh", tanh_for_tests):
    gelu_x = call("gelu(x)", gelu, x, keep_inputs=True)
check_close("gelu([-3, -1, -0.5, 0, 0.5, 1, 3])", gelu_x,
            np.array([-0.003637392081773, -0.15880800939172, -0.15428599017486, 0.0, 0.34571400982514, 0.84119199060828, 2.9963626079182]),
            rtol=1e-9, atol=1e-12, mistakes={
    "this is the exact GELU, x Phi(x) with the error function; the exercise asks for the tanh approximation.":
        np.array([-0.0040496940948903, -0.15865525393146, -0.15426876936299, 0.0, 0.34573123063701, 0.84134474606854, 2.9959503059051])})
check_own_function("gelu")
check_no_library("gelu", skip=("sigmoid", "tanh"))   # your sigmoid and tanh are checked in their own tests
check_vectorized("gelu", skip=("sigmoid", "tanh"))
### BEGIN HIDDEN TESTS
import dlf.functions as reference
rng = np.random.default_rng(3700)
for shape in ((13,), (4, 6)):
    x = rng.uniform(-6, 6, size=shape)
    c = np.sqrt(2 / np.pi)
    want = 0.5 * x * (1 + np.tanh(c * (x + 0.044715 * x**3)))
    name = f"gelu of a random {shape} array in [-6, 6]"
    with replaced_in_notebook("tanh", tanh_for_tests):
        got = call(name, gelu, x, keep_inputs=True)
    check_close(name, got, want, rtol=1e-9, atol=1e-12, mistakes={
        "this is the exact GELU, x Phi(x) with the error function; the exercise asks for the tanh approximation.": reference.gelu(x),
        "the cubic term is missing: u(x) = sqrt(2/pi) (x + 0.044715 x^3).": 0.5 * x * (1 + np.tanh(c * x)),
        "the factor sqrt(2/pi) is missing: u(x) = sqrt(2/pi) (x + 0.044715 x^3).": 0.5 * x * (1 + np.tanh(x + 0.044715 * x**3)),
        "the factor 1/2 is missing: gelu(x) = x / 2 (1 + tanh u(x)).": x * (1 + np.tanh(c * (x + 0.044715 * x**3))),
    })
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_gelu_grad", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
def gelu_grad_hints(x):
    """Derivatives that known mistakes give, each with the hint that explains it."""
    c = np.sqrt(2 / np.pi)
    t = np.tanh(c * (x + 0.044715 * x**3))                      # tanh u(x)
    du = c * (1 + 3 * 0.044715 * x**2)                           # u'(x)
    Phi = 0.5 * (1 + np.array([math.erf(v / np.sqrt(2)) for v in np.ravel(x)]).reshape(np.shape(x)))
    return {
        "this is the derivative of the exact GELU, Phi(x) + x phi(x); the exercise asks for the tanh approximation.":
            Phi + x * np.exp(-x**2 / 2) / np.sqrt(2 * np.pi),
        "only the first term of the product rule: gelu'(x) = 1/2 (1 + tanh u) + x/2 (1 - tanh^2 u) u'(x); "
        "the derivative of tanh u(x) is missing.": 0.5 * (1 + t),
        "the chain-rule factor u'(x) = sqrt(2/pi) (1 + 3 * 0.044715 x^2) is missing.": 0.5 * (1 + t) + 0.5 * x * (1 - t * t),
        "u'(x) = sqrt(2/pi) (1 + 3 * 0.044715 x^2): the derivative of x^3 is 3 x^2.":
            0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 0.044715 * x**2),
        "the derivative of tanh u is (1 - tanh^2 u) u'(x), not (1 - tanh u) u'(x).": 0.5 * (1 + t) + 0.5 * x * (1 - t) * du,
    }


# Your gelu_grad sees a correct tanh, tanh_grad and gelu here, so that only gelu_grad is graded.
def tanh_for_tests(z):
    return np.tanh(np.asarray(z, dtype=float))


def tanh_grad_for_tests(z):
    return 1 - np.tanh(np.asarray(z, dtype=float)) ** 2


def gelu_for_tests(z):
    z = np.asarray(z, dtype=float)
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))


def gelu_grad_with_correct_parts(name, x):
    """gelu_grad(x), called with correct tanh, tanh_grad and gelu in the notebook."""
    with replaced_in_notebook("tanh", tanh_for_tests), replaced_in_notebook("tanh_grad", tanh_grad_for_tests), \
            replaced_in_notebook("gelu", gelu_for_tests):
        return call(name, gelu_grad, x, keep_inputs=True)


x = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
h = 1e-5
numerical = (gelu_for_tests(x + h) - gelu_for_tests(x - h)) / (2 * h)    # central differences of gelu
check_close("gelu_grad(x) against central differences", gelu_grad_with_correct_parts("gelu_grad(x)", x), numerical,
            rtol=1e-6, atol=1e-9, mistakes=gelu_grad_hints(x))
check_own_function("gelu_grad")
earlier = ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad")   # checked in their own tests
check_analytic("gelu_grad", formula="gelu'(x) = 1/2 (1 + tanh u) + x/2 (1 - tanh^2 u) u'(x)", skip=earlier)
check_no_library("gelu_grad", skip=earlier)
check_vectorized("gelu_grad", skip=earlier)
### BEGIN HIDDEN TESTS
import dlf.functions as reference
rng = np.random.default_rng(3800)
for shape in ((13,), (5, 3)):
    x = rng.uniform(-6, 6, size=shape)
    c = np.sqrt(2.0 / np.pi)
    u, du = c * (x + 0.044715 * x**3), c * (1 + 3 * 0.044715 * x**2)
    t = np.tanh(u)
    name = f"gelu_grad of a random {shape} array in [-6, 6]"
    hints = gelu_grad_hints(x)
    check_close(name, gelu_grad_with_correct_parts(name, x), 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du, rtol=1e-7, atol=1e-10, mistakes=hints)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "collapse_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 5. Two linear layers without an activation are one (2 points)
#
# Take two linear layers with no activation between them: $X$ $(N, D)$, $W_1$ $(D, H)$, $b_1$ $(H,)$,
# $W_2$ $(H, K)$, $b_2$ $(K,)$. Multiplying out,
#
# $$
# (X W_1 + b_1)\, W_2 + b_2 = X\,(W_1 W_2) + (b_1 W_2 + b_2) = X W + b .
# $$
#
# Write `collapse_linear(W1, b1, W2, b2)` returning the pair `(W, b)` of the **one** equivalent
# layer: $W = W_1 W_2$ of shape $(D, K)$ and $b = b_1 W_2 + b_2$ of shape $(K,)$. This is why a network
# needs a non-linear activation between its layers (lecture 03, section 2): without one, depth
# adds parameters but no expressive power.

# %% nbgrader={"grade": false, "grade_id": "collapse_linear", "locked": false, "schema_version": 3, "solution": true, "task": false}
def collapse_linear(W1, b1, W2, b2):
    """The single layer (W, b) equal to two stacked linear layers, (X W1 + b1) W2 + b2 = X W + b.

    Parameters
    ----------
    W1 : (D, H) ndarray
    b1 : (H,) ndarray
    W2 : (H, K) ndarray
    b2 : (K,) ndarray

    Returns
    -------
    W : (D, K) ndarray
    b : (K,) ndarray
    """
    ### BEGIN SOLUTION
    return W1 @ W2, b1 @ W2 + b2
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_collapse", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
collapse_hint = "With W1 (D, H) and W2 (H, K), the product that is defined is W1 @ W2, of shape (D, K): (X W1) W2 = X (W1 W2)."
rng = np.random.default_rng(0)
N, D, H, K = 5, 3, 4, 2
W1_test, b1_test = rng.normal(size=(D, H)), rng.normal(size=H)
W2_test, b2_test = rng.normal(size=(H, K)), rng.normal(size=K)
W, b = call("collapse_linear(W1, b1, W2, b2) with W1 (3, 4), b1 (4,), W2 (4, 2), b2 (2,)",
            collapse_linear, W1_test, b1_test, W2_test, b2_test, hint=collapse_hint)
sizes = {"D": D, "H": H, "K": K}
check_shape("W", W, ("D", "K"), dims=sizes)
check_shape("b", b, ("K",), dims=sizes)
check_close("W", W, W1_test @ W2_test, dims=sizes)
check_close("b", b, b1_test @ W2_test + b2_test, dims=sizes, mistakes={
    "b1 W2 is missing: (X W1 + b1) W2 + b2 = X W1 W2 + b1 W2 + b2, so b = b1 W2 + b2.": b2_test})
X_test = rng.normal(size=(N, D))
check_close("X W + b against the two layers (X W1 + b1) W2 + b2", X_test @ W + b, (X_test @ W1_test + b1_test) @ W2_test + b2_test)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(3900)
sizes_list = [tuple(int(s) for s in rng.integers(1, 12, size=3)) for _ in range(10)] + [(4, 4, 4), (1, 5, 1), (6, 1, 3), (3, 3, 3)]
for D, H, K in sizes_list:
    W1_h, b1_h, W2_h, b2_h = rng.normal(size=(D, H)), rng.normal(size=H), rng.normal(size=(H, K)), rng.normal(size=K)
    name = f"collapse_linear with W1 ({D}, {H}), b1 ({H},), W2 ({H}, {K}), b2 ({K},)"
    got = call(name, collapse_linear, W1_h, b1_h, W2_h, b2_h, hint=collapse_hint)
    assert isinstance(got, tuple) and len(got) == 2, f"{name}: return the pair (W, b); got {type(got).__name__}"
    W, b = got
    dims = {"D": D, "H": H, "K": K}
    W_hints = {}
    if D == K:  # then W2 @ W1 is defined too, (H, H), and wrong
        W_hints["the order of the product: (X W1) W2 = X (W1 W2), so W = W1 @ W2, not W2 @ W1."] = W2_h @ W1_h
    check_close(f"{name}: W", W, W1_h @ W2_h, rtol=1e-10, atol=1e-12, dims=dims, mistakes=W_hints)
    b_hints = {
        "b1 W2 is missing: (X W1 + b1) W2 + b2 = X W1 W2 + b1 W2 + b2, so b = b1 W2 + b2.": b2_h,
        "b2 is missing: b = b1 W2 + b2.": b1_h @ W2_h,
    }
    if H == K:
        b_hints["b1 must go through W2 as well: (X W1 + b1) W2 = X W1 W2 + b1 W2, so b = b1 W2 + b2, not b1 + b2."] = b1_h + b2_h
        b_hints["the order of the product: b1 (H,) times W2 (H, K) is b1 @ W2, not W2 @ b1."] = W2_h @ b1_h + b2_h
    check_close(f"{name}: b", b, b1_h @ W2_h + b2_h, rtol=1e-10, atol=1e-12, dims=dims, mistakes=b_hints)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "saturation_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 6. Saturation: the gradient through a chain of sigmoid units (2 points)
#
# Lecture 03, section 3. Take a chain of $L$ sigmoid units, one per layer, with input $a_0 = x$:
#
# $$
# z_\ell = w_\ell\, a_{\ell-1} + b_\ell, \qquad a_\ell = \sigma(z_\ell), \qquad \ell = 1, \dots, L .
# $$
#
# The lecture wrote the derivative of the output with respect to the input as a product with one
# factor per layer,
#
# $$
# \frac{\partial a_L}{\partial a_0} = \prod_{\ell=1}^{L} \sigma'(z_\ell)\, w_\ell .
# $$
#
# Training needs the gradient that reaches **every** layer, not only the first: derive, with the
# same chain rule, $\dfrac{\partial a_L}{\partial a_{\ell-1}}$, the derivative of the output with respect
# to the input $a_{\ell-1}$ of layer $\ell$. Which factors does the product have now?
#
# Write `chain_gradients(x, w, b)`: `x` holds $N$ inputs, shape $(N,)$; `w` and `b` hold the weights
# $w_1, \dots, w_L$ and the biases $b_1, \dots, b_L$, shape $(L,)$ each. Return `G` of shape $(N, L)$ with
#
# $$
# G_{n,\, \ell-1} = \frac{\partial a_L}{\partial a_{\ell-1}} \quad \text{at the input } x_n
# $$
#
# (Python counts from 0: column 0 is $\partial a_L / \partial a_0 = \partial a_L / \partial x$, the
# gradient that reaches the first layer; column $L - 1$ is $\partial a_L / \partial a_{L-1}$, the last
# layer's own factor). Do it as a backward pass: a forward pass that keeps every $z_\ell$, then
# from layer $L$ down to layer 1, each column is the one after it times one more factor. Process the
# $N$ inputs at once with array operations; a loop over the $L$ layers is fine (it runs over the
# layers, not over the elements). Use your `sigmoid` and `sigmoid_grad` (the test gives your
# function correct ones, so that a mistake in part 1 costs no point here) and the formula, not
# central differences.
#
# **What the numbers say.** Since $\sigma'(z) \le \frac14$ for every $z$,
#
# $$
# \left|\frac{\partial a_L}{\partial a_0}\right| = \prod_{\ell=1}^{L} \sigma'(z_\ell)\, |w_\ell|
# \;\le\; 0.25^L \prod_{\ell=1}^{L} |w_\ell| .
# $$
#
# The sigmoid's derivatives alone multiply the gradient by at most $0.25^L$; with weights of
# size at most 1 the gradient therefore shrinks by at least a factor 4 per layer. The weights
# multiply it too: large weights raise the bound, and could compensate in principle, but they
# push the $z_\ell$ into the flat tails where $\sigma'$ is far below $\frac14$ (**saturation**). The
# cell after the test shows both.

# %% nbgrader={"grade": false, "grade_id": "chain_gradients", "locked": false, "schema_version": 3, "solution": true, "task": false}
def chain_gradients(x, w, b):
    """Derivatives of the output a_L of a chain of L sigmoid units with respect to each layer's input.

    Parameters
    ----------
    x : (N,) ndarray
        N inputs a_0 of the chain.
    w, b : (L,) ndarray
        Weights and biases: z_l = w_l a_(l-1) + b_l, a_l = sigmoid(z_l).

    Returns
    -------
    G : (N, L) ndarray
        G[n, l - 1] = d a_L / d a_(l-1) at the input x[n], for l = 1, ..., L.
    """
    ### BEGIN SOLUTION
    a = np.asarray(x, dtype=float)
    Z = []                                       # forward pass: keep every z_l, (N,) each
    for w_l, b_l in zip(w, b):
        z = w_l * a + b_l
        Z.append(z)
        a = sigmoid(z)
    G = np.empty((a.shape[0], len(Z)))
    g = np.ones_like(a)                          # d a_L / d a_L = 1
    for k in range(len(Z) - 1, -1, -1):          # backward pass, from the last layer to the first
        g = g * sigmoid_grad(Z[k]) * w[k]        # one more factor sigma'(z_k) w_k
        G[:, k] = g
    return G
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_saturation", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def sigmoid_for_chain(z):
    """A correct sigmoid: your chain_gradients sees this one, so a mistake in part 1 costs no point here."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad_for_chain(z):
    s = sigmoid_for_chain(z)
    return s * (1 - s)


def chain_gradients_with_correct_sigmoid(name, x, w, b):
    """chain_gradients(x, w, b), called with a correct sigmoid and sigmoid_grad in the notebook."""
    with replaced_in_notebook("sigmoid", sigmoid_for_chain), replaced_in_notebook("sigmoid_grad", sigmoid_grad_for_chain):
        return call(name, chain_gradients, x, w, b, keep_inputs=True)


sigma_not_prime = "the factors use sigma(z_l), the activation; the chain rule needs its derivative sigma'(z_l) = sigma(z_l) (1 - sigma(z_l))."
no_weights = "the weights are missing: z_l = w_l a_(l-1) + b_l, so d a_l / d a_(l-1) = sigma'(z_l) w_l, not sigma'(z_l) alone."
first_to_last = ("the products run from the first layer: you computed d a_l / d a_0, the derivative of layer l's OUTPUT with "
                 "respect to the input x. Column l - 1 is d a_L / d a_(l-1), the product of the factors of layers l, ..., L.")
reversed_columns = ("the columns are in reverse order: column 0 is d a_L / d a_0 (the longest product, through all L layers), "
                    "column L - 1 is d a_L / d a_(L-1) = sigma'(z_L) w_L.")
prime_of_a = ("sigma' is taken at the activation a_l instead of the pre-activation z_l: the factor is sigma'(z_l) = a_l (1 - a_l), "
              "not sigma'(a_l).")
local_only = ("each column holds only its layer's own factor sigma'(z_l) w_l: the chain rule MULTIPLIES the factors of all "
              "the layers from l to L.")
one_off = ("off by one layer: column l - 1 holds d a_L / d a_l, the derivative with respect to layer l's output; it must be "
           "with respect to its input a_(l-1), so it includes layer l's own factor sigma'(z_l) w_l.")
no_bias = "the biases are missing in the forward pass: z_l = w_l a_(l-1) + b_l."
transposed = "G must be (N, L): one row per input x_n, one column per layer."
# N = 4 inputs through L = 3 layers; the values below are the exact derivatives and what known mistakes give
x = np.array([-2.0, -0.5, 0.5, 2.0])
w = np.array([2.0, -1.5, 3.0])
b = np.array([0.5, 0.0, -1.0])
G = chain_gradients_with_correct_sigmoid("chain_gradients(x, w, b) with x (4,), w and b (3,)", x, w, b)
expected = np.array([[-0.0151555451141714, -0.266325737085634, 0.710545264217291],
                     [-0.121905883768408, -0.259370123617096, 0.748606405457904],
                     [-0.0573741744639577, -0.192341734139615, 0.731175908098503],
                     [-0.0035079056275283, -0.161413191014792, 0.71401363702616]])
check_close("chain_gradients(x, w, b) for x = [-2, -0.5, 0.5, 2], w = [2, -1.5, 3], b = [0.5, 0, -1]", G, expected,
            rtol=1e-9, atol=1e-12, dims={"N": 4, "L": 3}, mistakes={
    sigma_not_prime: np.array([[-0.0792972556303451, -1.35263085745659, 1.8440409966096],
                               [-0.641681319073939, -0.849817479421029, 1.56465897947145],
                               [-0.70228161085145, -0.429490909575016, 1.26236103916973],
                               [-0.642639757047669, -0.324889419942024, 1.17142871561635]]),
    no_weights: np.array([[0.00168394945713016, 0.0591834971301409, 0.236848421405764],
                          [0.0135450981964898, 0.0576378052482435, 0.249535468485968],
                          [0.00637490827377308, 0.0427426075865812, 0.243725302699501],
                          [0.000389767291947589, 0.0358695980032871, 0.238004545675387]]),
    first_to_last: np.array([[0.0569060477594711, -0.0213294576396427, -0.0151555451141714],
                             [0.470007424403189, -0.162843762596235, -0.121905883768408],
                             [0.298292904140666, -0.0784683601148253, -0.0573741744639577],
                             [0.0217324594444505, -0.00491293925720886, -0.0035079056275283]]),
    reversed_columns: expected[:, ::-1],
    prime_of_a: np.array([[-0.120744694477183, -0.241541265004165, 0.683390108473237],
                          [-0.12283295670009, -0.254524508722043, 0.701222959886352],
                          [-0.112918870001597, -0.265726364039248, 0.717756623046845],
                          [-0.106113420145199, -0.268494716775549, 0.72212265923369]]),
    local_only: np.array([[0.0569060477594711, -0.374818819430185, 0.710545264217291],
                          [0.470007424403189, -0.346470617571654, 0.748606405457904],
                          [0.298292904140666, -0.26305808494131, 0.731175908098503],
                          [0.0217324594444505, -0.226064577263638, 0.71401363702616]]),
    one_off: np.column_stack([expected[:, 1:], np.ones(4)]),
    no_bias: np.array([[-0.00600244527007428, -0.169918618290709, 0.453198774408429],
                       [-0.075519461187544, -0.192052079297725, 0.533259538983002],
                       [-0.072337373138897, -0.183959772802933, 0.65341796368791],
                       [-0.0055808374196137, -0.157983645094378, 0.694245928693987]]),
    transposed: expected.T,
})
check_own_function("chain_gradients")
check_analytic("chain_gradients", formula="d a_L / d a_(l-1) = product of sigma'(z_k) w_k for k = l, ..., L",
               skip=("sigmoid", "sigmoid_grad"))
### BEGIN HIDDEN TESTS
def chain_reference_and_hints(x, w, b):
    """The right G and {hint: G of a known mistake}, from the forward pass."""
    def forward(bias):
        a, Z = x, []
        for w_l, b_l in zip(w, bias):
            Z.append(w_l * a + b_l)
            a = sigmoid_for_chain(Z[-1])
        return np.stack(Z, axis=1)                               # (N, L)

    def from_last(F):                                            # column l: product of the columns l, ..., L - 1
        return np.cumprod(F[:, ::-1], axis=1)[:, ::-1]

    Z = forward(b)
    A = sigmoid_for_chain(Z)
    local = sigmoid_grad_for_chain(Z) * w
    G = from_last(local)
    return G, {
        sigma_not_prime: from_last(A * w), no_weights: from_last(sigmoid_grad_for_chain(Z)),
        first_to_last: np.cumprod(local, axis=1), reversed_columns: G[:, ::-1],
        prime_of_a: from_last(sigmoid_grad_for_chain(A) * w), local_only: local,
        one_off: np.column_stack([G[:, 1:], np.ones(len(x))]),
        no_bias: from_last(sigmoid_grad_for_chain(forward(0 * b)) * w), transposed: G.T,
    }


rng = np.random.default_rng(3950)
cases = [(int(rng.integers(2, 9)), int(rng.integers(2, 13)), 3.0) for _ in range(5)] + [(5, 1, 2.0), (1, 7, 1.0), (6, 20, 1.0)]
for N, L, scale in cases:
    x = rng.uniform(-2, 2, size=N)
    w = rng.uniform(-scale, scale, size=L)
    b = rng.uniform(-2, 2, size=L)
    name = f"chain_gradients(x, w, b) with x ({N},) in [-2, 2], w ({L},) in [-{scale:g}, {scale:g}], b ({L},)"
    want, hints = chain_reference_and_hints(x, w, b)
    if N == L:
        hints.pop(transposed)
    G = chain_gradients_with_correct_sigmoid(name, x, w, b)
    check_close(name, G, want, rtol=1e-7, atol=1e-300, dims={"N": N, "L": L}, mistakes=hints)
# large weights with biases that keep z = 0 at x = 0.5: the bound 0.25^L prod |w_l| = 1.5^L is reached there
L = 12
x = np.array([0.5, 0.3, 0.9])
w, b = np.full(L, 6.0), np.full(L, -3.0)
want, hints = chain_reference_and_hints(x, w, b)
name = "chain_gradients(x, w, b) with x = [0.5, 0.3, 0.9], w_l = 6 and b_l = -3 in all 12 layers"
check_close(name, chain_gradients_with_correct_sigmoid(name, x, w, b), want, rtol=1e-7, atol=1e-300, mistakes=hints)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "saturation_demo_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Three chains of $L = 10$ layers, each on 1001 inputs $x$ in $[-5, 5]$: the bound
# $0.25^L \prod_\ell |w_\ell|$ next to the largest and the median $|\partial a_L / \partial x|$ that your
# `chain_gradients` finds. With weights 1 every input stays below $0.25^{10} \approx 10^{-6}$. With
# weights 6 the bound grows to $1.5^{10} \approx 58$, yet with biases 0 the units saturate and the
# gradient is far smaller than even with weights 1. With biases $-3$, the input $x = 0.5$ keeps every
# $z_\ell = 0$, where $\sigma'$ is largest, and reaches the bound; inputs slightly away from it are
# pushed into the tails layer after layer, and the median input gets almost nothing.

# %% nbgrader={"grade": false, "grade_id": "saturation_demo", "locked": true, "schema_version": 3, "solution": false, "task": false}
L_demo = 10
x_demo = np.linspace(-5, 5, 1001)
for label, w_demo, b_demo in (("weights 1, biases 0", np.ones(L_demo), np.zeros(L_demo)),
                              ("weights 6, biases 0", np.full(L_demo, 6.0), np.zeros(L_demo)),
                              ("weights 6, biases -3", np.full(L_demo, 6.0), np.full(L_demo, -3.0))):
    first_layer = np.abs(chain_gradients(x_demo, w_demo, b_demo)[:, 0])      # |d a_L / d x| at every input
    bound = 0.25**L_demo * np.prod(np.abs(w_demo))
    print(f"{label:21s} bound {bound:8.1e}   largest {first_layer.max():8.1e}   median {np.median(first_layer):8.1e}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "zero_centered_task", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 7. Zero-centered outputs (1 + 2 points)
#
# Lecture 03, section 3, "Zero-centered outputs". A unit $k$ of a layer computes
# $z_k = \sum_j w_{jk}\, a_j + b_k$ from the outputs $a_1, \dots, a_H$ of the previous layer. With
# $\delta_k = \partial L / \partial z_k$, the chain rule gives, for **one** example,
#
# $$
# \frac{\partial L}{\partial w_{jk}} = \delta_k\, a_j \qquad (j = 1, \dots, H).
# $$
#
# For a batch of $N$ examples the examples' gradients add up. Write the previous layer's outputs as
# $X$ $(N, H)$, row $n$ for example $n$, and the gradients with respect to the pre-activations as
# $dZ$ $(N, K)$, with $dZ_{nk} = \partial L / \partial z_{nk}$ (the $\frac1N$ of a mean loss is already
# in $dZ$). Then the gradient of the weights $W$ $(H, K)$ is
#
# $$
# dW_{jk} = \sum_{n=1}^{N} X_{nj}\, dZ_{nk},
# $$
#
# and **column $k$** of $dW$ holds the gradients of the $H$ incoming weights of unit $k$.
#
# Write `same_sign_fraction(X, dZ)`: compute $dW$ with one matrix product (which one? $dW$ has the
# shape of $W$, $(H, K)$), and return, as a float, the fraction of the $K$ units whose $H$ weight
# gradients all share one sign: all strictly positive or all strictly negative (0 has no sign, so a
# column with a 0 does not count). Vectorized: no Python loop.

# %% nbgrader={"grade": false, "grade_id": "same_sign_fraction", "locked": false, "schema_version": 3, "solution": true, "task": false}
def same_sign_fraction(X, dZ):
    """Fraction of the columns of dW = X.T @ dZ whose entries are all > 0 or all < 0.

    Parameters
    ----------
    X : (N, H) ndarray
        The previous layer's outputs, the inputs of the units.
    dZ : (N, K) ndarray
        dL/dZ, the gradient with respect to the units' pre-activations.

    Returns
    -------
    float in [0, 1]
    """
    ### BEGIN SOLUTION
    dW = X.T @ dZ                                             # (H, K): column k belongs to unit k
    one_sign = np.all(dW > 0, axis=0) | np.all(dW < 0, axis=0)
    return float(np.mean(one_sign))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_zero_centered", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
rows_not_columns = ("you looked at the ROWS of dW (or computed dZ.T @ X, which is (K, H)): dW = X.T @ dZ is (H, K), and "
                    "column k holds the H weight gradients of unit k.")
only_positive = ("you counted only the columns that are all positive: a column whose entries are all negative has one "
                 "sign too (the sign of delta_k when every input is positive).")
count_not_fraction = "you returned the number of such columns: return the fraction, the number divided by K."
any_not_all = ("you counted columns with SOME positive or SOME negative entry: every entry of the column must have the "
               "same sign (np.all, not np.any).")
positive_entries = "you returned the fraction of positive ENTRIES of dW: return the fraction of COLUMNS whose entries all share one sign."
# Sigmoid-like inputs X (N = 2, H = 3) and dZ (N = 2, K = 4): here 3 of the 4 columns of dW have one sign.
X = np.array([[0.2, 0.9, 0.6], [0.7, 0.1, 0.5]])
dZ = np.array([[1.0, -0.5, 0.3, -1.0], [0.4, -0.2, -0.6, 0.2]])
got = call("same_sign_fraction(X, dZ) with X (2, 3), dZ (2, 4)", same_sign_fraction, X, dZ, keep_inputs=True)
check_close("same_sign_fraction(X, dZ) with X = [[0.2, 0.9, 0.6], [0.7, 0.1, 0.5]], dZ = [[1, -0.5, 0.3, -1], [0.4, -0.2, -0.6, 0.2]]",
            got, 0.75, mistakes={rows_not_columns: 0.0, only_positive: 0.25, count_not_fraction: 3.0, any_not_all: 1.0,
                                 positive_entries: 1 / 3})
check_type("same_sign_fraction(X, dZ)", got, float)
# One example (N = 1) with positive inputs, as a sigmoid gives them: every column has the sign of delta_k.
U = np.random.default_rng(30).normal(size=(1, 5))
X_one = 1 / (1 + np.exp(-U))
dZ_one = np.array([[0.3, -1.2, 0.7, -0.1]])
got = call("same_sign_fraction(X, dZ) with one example, X = sigmoid(U) (1, 5) > 0, dZ (1, 4)", same_sign_fraction,
           X_one, dZ_one, keep_inputs=True)
check_close("same_sign_fraction for one example with positive inputs (lecture 03: every column has the sign of delta_k)",
            got, 1.0, mistakes={only_positive: 0.5, count_not_fraction: 4.0})
# The same example with centered inputs, tanh(U): no column has one sign.
got = call("same_sign_fraction(X, dZ) with one example, X = tanh(U) (1, 5) of both signs, dZ (1, 4)", same_sign_fraction,
           np.tanh(U), dZ_one, keep_inputs=True)
check_close("same_sign_fraction for one example with inputs of both signs", got, 0.0, mistakes={any_not_all: 1.0})
check_own_function("same_sign_fraction")
check_vectorized("same_sign_fraction")
check_no_library("same_sign_fraction")
### BEGIN HIDDEN TESTS
def one_sign(dW, axis):
    return np.all(dW > 0, axis=axis) | np.all(dW < 0, axis=axis)


rng = np.random.default_rng(3960)
for case in range(10):
    N, H, K = (int(n) for n in rng.integers(1, 40, size=3))
    if case == 0:
        N, H, K = 1, 1, 3
    U = rng.normal(size=(N, H))
    X = 1 / (1 + np.exp(-U)) if case % 2 == 0 else np.tanh(U)
    dZ = rng.normal(size=(N, K))
    if case == 3:
        dZ[:, 0] = 0.0                                          # a column of zeros has no sign
    dW = X.T @ dZ
    want = float(np.mean(one_sign(dW, 0)))
    hints = {rows_not_columns: float(np.mean(one_sign(dW, 1))), only_positive: float(np.mean(np.all(dW > 0, axis=0))),
             count_not_fraction: float(np.sum(one_sign(dW, 0))), positive_entries: float(np.mean(dW > 0))}
    if case == 3:
        hints["a column of zeros counted as one sign: 0 is neither positive nor negative (use > 0 and < 0, not >= and <=)."] = \
            float(np.mean(np.all(dW >= 0, axis=0) | np.all(dW <= 0, axis=0)))
    name = f"same_sign_fraction(X, dZ) with X ({N}, {H}) " + ("> 0" if case % 2 == 0 else "of both signs") + f", dZ ({N}, {K})"
    got = call(name, same_sign_fraction, X, dZ, keep_inputs=True)
    check_type(name, got, float)
    check_close(name, got, want, rtol=1e-12, atol=1e-12, mistakes=hints)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "zero_centered_demo_md", "locked": true, "schema_version": 3, "solution": false, "task": false}
# How often does it happen in a batch? The cell below feeds a layer of $K = 32$ units with the
# outputs of a previous layer of $H = 32$ units on random pre-activations, once sigmoid outputs
# ($> 0$), once $\tanh$ outputs (centered), and random gradients $dZ$, for a batch of 1 and of 32
# examples.

# %% nbgrader={"grade": false, "grade_id": "zero_centered_demo", "locked": true, "schema_version": 3, "solution": false, "task": false}
rng_demo = np.random.default_rng(31)
for batch in (1, 32):
    U_demo, dZ_demo = rng_demo.normal(size=(batch, 32)), rng_demo.normal(size=(batch, 32))
    shares = [same_sign_fraction(f(U_demo), dZ_demo) for f in (lambda u: 1 / (1 + np.exp(-u)), np.tanh)]
    print(f"batch of {batch:2d}: units whose 32 weight gradients share one sign: "
          f"sigmoid inputs {shares[0]:4.0%}, tanh inputs {shares[1]:4.0%}")

# %% [markdown] nbgrader={"grade": false, "grade_id": "zero_centered_question", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Written answer (2 points, graded by your instructor).** In the cell below, answer in 4 to 8
# sentences:
#
# 1. Take one example, and a unit whose inputs are sigmoid outputs. What does one gradient step
#    do to the unit's $H$ incoming weights, and why?
# 2. Suppose the weights the unit needs are of mixed signs relative to where they are: some must
#    grow, some must shrink (as $w^\star = (1, -1)$ from $w = 0$ in lecture 03). Why does gradient
#    descent then zig-zag, and why is that slow?
# 3. Why do $\tanh$ inputs avoid this? $\tanh$ also differs from the sigmoid in a second way that
#    makes it train faster: which one, and how did lecture 03 tell the two effects apart?

# %% [markdown] nbgrader={"grade": true, "grade_id": "zero_centered_answer", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 2}
# 1. For one example $\partial L / \partial w_{jk} = \delta_k\, a_j$, and every $a_j = \sigma(\cdot) > 0$, so all
#    $H$ gradients of unit $k$ have the sign of the one number $\delta_k$: a step
#    $w_{jk} \leftarrow w_{jk} - \eta\, \delta_k a_j$ moves **all** of the unit's weights up (if $\delta_k < 0$)
#    or all of them down (if $\delta_k > 0$).
# 2. If some weights must grow and others shrink, no single step points towards the target: every
#    step is up-right or down-left in the $(w_1, w_2)$ plane, never down-right. The weights can reach
#    $w^\star$ only by alternating such steps, each correcting the overshoot of the last (a zig-zag
#    along a narrow valley of the loss), so most of every step is wasted and many more steps, or a
#    smaller learning rate, are needed. Averaging over a mini-batch softens the constraint, since
#    $\delta_k$ changes sign from example to example, but many units still get gradients of one sign.
# 3. $\tanh$ outputs lie in $(-1, 1)$ around 0, so the $a_j$ have both signs and the gradients
#    $\delta_k a_j$ of one unit point in different directions: a step can raise some weights and lower
#    others, and the path heads for the target. The second difference is the slope: $\tanh'(0) = 1$
#    against $\sigma'(0) = \frac14$, so each layer passes on a larger gradient. Lecture 03 separated them
#    with $\tanh z + 1 = 2\sigma(2z)$, which has the slope of $\tanh$ but positive outputs like the
#    sigmoid: sigmoid to $\tanh + 1$ isolates the slope, $\tanh + 1$ to $\tanh$ the centering, and
#    both lowered the training loss on the digits.
#
# Rubric (2 points): 1 point for (1) and (2): all of a unit's weight gradients share the sign of
# $\delta_k$ because the inputs are positive, so one step moves all the weights the same way, and
# reaching weights that must move in different directions takes a zig-zag of such steps (half a
# point if the sign argument is there but the zig-zag is not explained). 1 point for (3): centered
# inputs of both signs give gradients of both signs; the steeper slope ($\tanh'(0) = 1$ vs
# $\frac14$) is the other effect, separated by comparing with $\tanh + 1$ (half a point without the
# separation).

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 17 points (15 graded automatically, 2 by your instructor). Before you hand
# in, restart the kernel and run all cells (*Kernel > Restart Kernel and Run All Cells*), then
# **Validate**. Afterwards, compare your code with `dlf/functions.py`, and see lecture 03 for what
# these functions do to the gradients of a deep network.
