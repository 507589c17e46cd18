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
# # Exercise 04: the chain rule
#
# **Total: 24 points (22 graded automatically, 2 by your instructor). Estimated time: 2 to 3
# hours.** Goes with lecture 04 (the chain rule and computational graphs).
#
# Training a network needs the derivative of one number, the loss, with respect to every
# parameter. Backpropagation gets them all with one rule, the chain rule, applied once per
# operation. You practice it at three scales, and see why it is applied backwards:
#
# | part | what you write | points | time |
# |---|---|---|---|
# | 1 | derivatives of three compositions, by the chain rule (eq. 1.1) | 7 | 30 to 45 min |
# | 2 | the backward rules of `+`, `*`, `tanh` and `exp` of a small autodiff class `Value` | 7 | 30 to 45 min |
# | 3 | forward mode or reverse mode: passes and costs, counted | 2 | 15 to 25 min |
# | 4 | the backward pass of a linear layer $Y = XW + b$, derived by you: `linear_backward` | 6 | 30 to 45 min |
# | 5 | a written answer: why `db` sums, why shapes are not enough (graded by your instructor) | 2 | 10 to 20 min |
#
# Notation of the course: a batch $X$ is $(N, D)$, a layer has weights $W$ $(D, K)$ and bias
# $b$ $(K,)$, its output $Y = XW + b$ is $(N, K)$. A gradient has the shape of what it
# differentiates: `dW` is $(D, K)$ like $W$.
#
# **How to work.** Fill in every place that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button, or grade it yourself in a terminal: `make grade EX=ex04_chain_rule`.
# Do not change or delete the test cells: they are restored when your work is graded.
# Write your own code: the point is that you can. Do not import `dlf.autodiff`, `dlf.layers`
# or `dlf.gradcheck` for the answers (the tests run *your* functions).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math

import numpy as np

from coursegrader.checks import (
    FORBIDDEN_LIBRARIES, call, check_analytic, check_close, check_no_library, check_own_function, check_shape,
    check_vectorized,
)

# libraries that would differentiate for you (part 1 asks for the formula you derive)
DIFFERENTIATING_LIBRARIES = FORBIDDEN_LIBRARIES + ("sympy",)


# %% [markdown] nbgrader={"grade": false, "grade_id": "part1", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 1: derivatives of compositions (7 points)
#
# For $y = f(g(x))$, equation (1.1) of lecture 04 says
#
# $$
# \frac{dy}{dx} = f'(g(x)) \cdot g'(x).
# $$
#
# The outer derivative is evaluated **at the inner value** $u = g(x)$, not at $x$. A longer
# chain $y = f_3(f_2(f_1(x)))$ gives one local derivative per function, each at its own input:
# $\frac{dy}{dx} = f_3'(u_2)\, f_2'(u_1)\, f_1'(x)$ with $u_1 = f_1(x)$ and $u_2 = f_2(u_1)$.
# The derivatives you need: $(\sin u)' = \cos u$, $(e^u)' = e^u$, $(\tanh u)' = 1 - \tanh^2 u$,
# $(\log u)' = 1/u$.
#
# Write three functions that return $\frac{dy}{dx}$:
#
# | function | $y$ |
# |---|---|
# | `dy_dx_a(x)` | $y = \sin(x^2)$ |
# | `dy_dx_b(x)` | $y = \exp(\tanh(3x))$ |
# | `dy_dx_c(x)` | $y = \log(1 + e^{2x})$ |
#
# - `x` is a float or a NumPy array of any shape; return $\frac{dy}{dx}$ element by element,
#   with the shape of `x`. Use `np.sin`, `np.cos`, `np.exp`, `np.tanh`, which work on arrays
#   (`math.sin` does not).
# - Write the formula you derive, by hand: not finite differences (the tests read your code
#   for them), and no library that differentiates for you (SymPy, autograd, JAX, PyTorch,
#   `dlf.autodiff`). The hidden tests compare your values at points they choose
#   with the exact derivative to a relative tolerance of $10^{-9}$, closer than any difference
#   quotient gets. Use `central_difference` below to *check* your formula.
# - `dy_dx_c` must also work far out, for $|x|$ up to 1000 (1 point). $e^{2x}$ overflows
#   float64 (to `inf`) for $x > 354.9$, and `inf / inf` is `nan`. Write the derivative so
#   that it only ever computes $e^{-2|x|}$, which is at most 1: for $x \ge 0$, divide the
#   numerator and the denominator by $e^{2x}$ (the trick of the stable sigmoid, lecture 03).
#   The hidden test turns NumPy's overflow warnings into errors.
#
# The three functions $y$ and a central difference, to check your answers:

# %% nbgrader={"grade": false, "grade_id": "tools", "locked": true, "schema_version": 3, "solution": false, "task": false}
def y_a(x):
    return np.sin(x**2)


def y_b(x):
    return np.exp(np.tanh(3 * x))


def y_c(x):
    return np.log(1 + np.exp(2 * x))  # fine for moderate x; overflows for x > 354


def central_difference(f, x, h=1e-5):
    # (f(x + h) - f(x - h)) / 2h: about 10 correct digits for a smooth f (lecture 04)
    return (f(x + h) - f(x - h)) / (2 * h)


x_check = np.array([-1.5, 0.3, 2.0])
print("central differences of y_a at", x_check, ":", central_difference(y_a, x_check))


# %% nbgrader={"grade": false, "grade_id": "dy_dx_a", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dy_dx_a(x):
    # dy/dx for y = sin(x^2), element by element
    ### BEGIN SOLUTION
    return np.cos(x**2) * 2 * x
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dy_dx_a", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
check_analytic("dy_dx_a", formula="the chain rule, eq. (1.1)")
check_no_library("dy_dx_a", modules=DIFFERENTIATING_LIBRARIES)
x_visible = np.array([-1.5, 0.3, 2.0])
y_visible = call("dy_dx_a(x) for the array x = [-1.5, 0.3, 2.0]", dy_dx_a, x_visible, keep_inputs=True,
                 hint="x is an array: use np.sin and np.cos, which work element by element.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4001)
x = rng.uniform(-3.0, 3.0, size=(4, 5))
got = call("dy_dx_a(x) for x of shape (4, 5)", dy_dx_a, x, keep_inputs=True,
           hint="x is an array: use np.sin and np.cos, which work element by element.")
check_close("dy_dx_a(x) for y = sin(x^2), x of shape (4, 5)", got, np.cos(x**2) * 2 * x, rtol=1e-9, atol=1e-12, mistakes={
    "the derivative of the inner function is missing: for y = f(g(x)) with g(x) = x^2, dy/dx = f'(g(x)) * g'(x), and g'(x) = 2x.": np.cos(x**2),
    "the outer derivative is evaluated at x: f'(u) = cos(u) belongs at the inner value u = g(x) = x^2, not at x.": np.cos(x) * 2 * x,
    "the derivative of sin is cos, not -cos (a sign error).": -np.cos(x**2) * 2 * x,
})
for x0 in [0.0, 1.0, -2.5, 1e-3, 4.0]:
    check_close(f"dy_dx_a({x0})", call(f"dy_dx_a({x0})", dy_dx_a, x0), np.cos(x0**2) * 2 * x0, rtol=1e-9, atol=1e-12)
### END HIDDEN TESTS
check_close("dy_dx_a(x) at x = [-1.5, 0.3, 2.0] (compared with central differences)", y_visible,
            central_difference(y_a, x_visible), rtol=1e-6, atol=1e-8)
# At x = sqrt(pi): x^2 = pi, cos(pi) = -1, and the derivative of the inner x^2 is 2 sqrt(pi).
check_close("dy_dx_a(sqrt(pi))", dy_dx_a(np.sqrt(np.pi)), -2 * np.sqrt(np.pi), rtol=1e-9, mistakes={
    "the derivative of the inner function g(x) = x^2 is missing: dy/dx = f'(g(x)) * g'(x).": -1.0,
})


# %% nbgrader={"grade": false, "grade_id": "dy_dx_b", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dy_dx_b(x):
    # dy/dx for y = exp(tanh(3x)), element by element
    ### BEGIN SOLUTION
    t = np.tanh(3 * x)                # the inner values, computed on the way forward
    return np.exp(t) * (1 - t**2) * 3
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dy_dx_b", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
check_analytic("dy_dx_b", formula="the chain rule, eq. (1.1)")
check_no_library("dy_dx_b", modules=DIFFERENTIATING_LIBRARIES)
x_visible = np.array([-0.8, 0.0, 0.25, 1.0])
y_visible = call("dy_dx_b(x) for the array x = [-0.8, 0.0, 0.25, 1.0]", dy_dx_b, x_visible, keep_inputs=True,
                 hint="x is an array: use np.exp and np.tanh, which work element by element.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4002)
x = rng.uniform(-1.5, 1.5, size=(3, 7))
got = call("dy_dx_b(x) for x of shape (3, 7)", dy_dx_b, x, keep_inputs=True,
           hint="x is an array: use np.exp and np.tanh, which work element by element.")
th = np.tanh(3 * x)
check_close("dy_dx_b(x) for y = exp(tanh(3x)), x of shape (3, 7)", got, np.exp(th) * (1 - th**2) * 3, rtol=1e-9, atol=1e-12, mistakes={
    "the derivative of tanh is written with its output: tanh'(u) = 1 - tanh(u)^2. You used 1 - u^2, with its input u = 3x.": np.exp(th) * (1 - (3 * x) ** 2) * 3,
    "the innermost derivative is missing: u = 3x has du/dx = 3, the last factor of the chain.": np.exp(th) * (1 - th**2),
    "the outer derivative is missing: d(e^v)/dv = e^v, evaluated at the inner value v = tanh(3x), is the first factor of the chain.": (1 - th**2) * 3,
    "exp is evaluated at the wrong place: the outer derivative e^v belongs at the inner value v = tanh(3x), not at x.": np.exp(x) * (1 - th**2) * 3,
    "exp is evaluated at the wrong place: the outer derivative e^v belongs at the inner value v = tanh(3x), not at 3x.": np.exp(3 * x) * (1 - th**2) * 3,
})
for x0 in [0.0, 0.1, -0.3, 2.0]:
    t0 = np.tanh(3 * x0)
    check_close(f"dy_dx_b({x0})", call(f"dy_dx_b({x0})", dy_dx_b, x0), np.exp(t0) * (1 - t0**2) * 3, rtol=1e-9, atol=1e-12)
### END HIDDEN TESTS
check_close("dy_dx_b(x) at x = [-0.8, 0.0, 0.25, 1.0] (compared with central differences)", y_visible,
            central_difference(y_b, x_visible), rtol=1e-6, atol=1e-8)


# %% nbgrader={"grade": false, "grade_id": "dy_dx_c", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dy_dx_c(x):
    # dy/dx for y = log(1 + e^(2x)), element by element; finite for any x
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    e = np.exp(-2 * np.abs(x))        # e^(-2|x|) <= 1: never overflows
    # x >= 0: 2 e^(2x) / (1 + e^(2x)) = 2 / (e^(-2x) + 1);  x < 0: it is 2 e^(2x) / (1 + e^(2x)) as written
    return np.where(x >= 0, 2 / (1 + e), 2 * e / (1 + e))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_dy_dx_c", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
check_analytic("dy_dx_c", formula="the chain rule, eq. (1.1)")
check_no_library("dy_dx_c", modules=DIFFERENTIATING_LIBRARIES)
x_visible = np.array([-2.0, -0.5, 0.0, 0.7, 3.0])
y_visible = call("dy_dx_c(x) for the array x = [-2.0, -0.5, 0.0, 0.7, 3.0]", dy_dx_c, x_visible, keep_inputs=True,
                 hint="x is an array: use np.exp, which works element by element.")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4003)
x = rng.uniform(-5.0, 5.0, size=(6, 4))
got = call("dy_dx_c(x) for x of shape (6, 4)", dy_dx_c, x, keep_inputs=True,
           hint="x is an array: use np.exp, which works element by element.")
ex = np.exp(2 * x)
check_close("dy_dx_c(x) for y = log(1 + e^(2x)), x of shape (6, 4)", got, 2 * ex / (1 + ex), rtol=1e-9, atol=1e-12, mistakes={
    "the derivative of the inner function is missing: y = log(u) with u = 1 + e^(2x) gives dy/dx = (1/u) * du/dx, and du/dx = 2 e^(2x).": 1 / (1 + ex),
    "a factor 2 is missing: d(e^(2x))/dx = 2 e^(2x) (the chain rule once more, for the inner 2x).": ex / (1 + ex),
    "the outer derivative is evaluated at the wrong place: d(log u)/du = 1/u belongs at the inner value u = 1 + e^(2x), not at x.": 2 * ex / x,
})
for x0 in [0.0, 1.0, -3.0, 10.0]:
    e0 = np.exp(2 * x0)
    check_close(f"dy_dx_c({x0})", call(f"dy_dx_c({x0})", dy_dx_c, x0), 2 * e0 / (1 + e0), rtol=1e-9, atol=1e-12)
### END HIDDEN TESTS
check_close("dy_dx_c(x) at x = [-2.0, -0.5, 0.0, 0.7, 3.0] (compared with central differences)", y_visible,
            central_difference(y_c, x_visible), rtol=1e-6, atol=1e-8)

# %% nbgrader={"grade": true, "grade_id": "test_dy_dx_c_stable", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# A moderate point first; the hidden test goes to |x| = 1000 with NumPy's warnings turned into errors.
check_analytic("dy_dx_c", formula="the chain rule, eq. (1.1)")
check_close("dy_dx_c(10.0)", call("dy_dx_c(10.0)", dy_dx_c, 10.0), central_difference(y_c, 10.0), rtol=1e-6)
### BEGIN HIDDEN TESTS
import warnings

x = np.array([-1000.0, -400.0, -30.0, 0.0, 30.0, 400.0, 1000.0])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    got = call("dy_dx_c(x) at x = [-1000, -400, -30, 0, 30, 400, 1000], with NumPy's warnings turned into errors", dy_dx_c, x, keep_inputs=True,
               hint="e^(2x) overflows float64 for x > 354.9 (to inf, and inf / inf is nan). Compute only e^(-2|x|), "
                    "which is at most 1: for x >= 0 divide the numerator and the denominator by e^(2x).")
small = np.exp(-2 * np.abs(x))
check_close("dy_dx_c(x) at x = [-1000, -400, -30, 0, 30, 400, 1000]", got, np.where(x >= 0, 2 / (1 + small), 2 * small / (1 + small)),
            rtol=1e-9, atol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part2", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 2: the backward rules of `Value` (7 points)
#
# Lecture 04, section 3. The class `Value` below is a small version of `dlf.autodiff.Value`
# (Andrej Karpathy's micrograd): a scalar that remembers how it was computed. Every operation
# computes its output (the forward pass, given) and defines, next to it, a function
# `_backward` that applies the chain rule **for one node**: for each operand,
#
# $$
# \texttt{operand.grad} \mathrel{+}= \frac{\partial\, \texttt{out}}{\partial\, \texttt{operand}} \cdot \texttt{out.grad},
# $$
#
# the local derivative times the upstream gradient `out.grad` $= \partial\,\text{root} / \partial\,\texttt{out}$.
# `backward()` (given) sets every `grad` to 0, sets the root's to 1, and calls the `_backward`
# functions from the root down to the inputs (reverse topological order), so `out.grad` is
# complete when `out._backward()` runs.
#
# | operation | forward | local derivatives |
# |---|---|---|
# | `a + b` | $a + b$ | $\partial/\partial a = 1$, $\partial/\partial b = 1$ |
# | `a * b` | $a\,b$ | $\partial/\partial a = b$, $\partial/\partial b = a$: the *other* operand |
# | `a.tanh()` | $t = \tanh a$ | $1 - \tanh^2 a = 1 - t^2$, written with the **output** $t$ |
# | `a.exp()` | $e^a$ | $e^a$: the output itself |
#
# Complete the four `_backward` bodies. Two things to get right:
#
# - **accumulate** with `+=`, never `=`. A node used twice, as in `x * x` or `a + a`, receives
#   one contribution per use: the multivariate chain rule sums over all paths.
#   (`x * x` calls `_backward` with `self` and `other` the same node.)
# - multiply by `out.grad`: the local derivative alone is right only at the root.
#
# The hidden tests build random expressions of `+`, `*`, `-`, `tanh`, `exp` and numbers, and
# compare your gradients with central differences.

# %% nbgrader={"grade": false, "grade_id": "value_class", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Value:
    # A scalar that remembers how it was computed: a small dlf.autodiff.Value (lecture 04).

    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0                  # d root / d self, filled by root.backward()
        self._backward = lambda: None    # an input passes nothing on
        self._prev = tuple(_children)    # the operands this node was computed from
        self._op = _op

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            ### BEGIN SOLUTION
            self.grad += out.grad
            other.grad += out.grad
            ### END SOLUTION

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            ### BEGIN SOLUTION
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
            ### END SOLUTION

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            ### BEGIN SOLUTION
            self.grad += (1 - t**2) * out.grad
            ### END SOLUTION

        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            ### BEGIN SOLUTION
            self.grad += out.data * out.grad
            ### END SOLUTION

        out._backward = _backward
        return out

    # Given: written with + and *, so their gradients come from your rules.
    def __radd__(self, other):   # 2 + v
        return self + other

    def __rmul__(self, other):   # 2 * v
        return self * other

    def __neg__(self):           # -v
        return self * -1

    def __sub__(self, other):    # v - w
        return self + (-other)

    def __rsub__(self, other):   # 2 - v
        return (-self) + other

    def backward(self):
        # Fill .grad of every node below self with d self / d node.
        order, seen, stack = [], set(), [(self, False)]
        while stack:                          # depth-first, with a stack instead of recursion
            node, operands_done = stack.pop()
            if operands_done:
                order.append(node)            # after all of its operands
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):          # from the root down to the inputs
            node._backward()


# %% nbgrader={"grade": true, "grade_id": "test_value_add", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_own_function("Value")  # your class, not dlf.autodiff.Value
check_no_library("Value")
a, b = Value(2.0), Value(-3.0)
c = a + b
c.backward()
check_close("a.grad for c = a + b", a.grad, 1.0)
check_close("b.grad for c = a + b", b.grad, 1.0)
# Two sums in a chain: the _backward of p + q needs its out.grad, filled in by the root's _backward first.
p, q, r = Value(1.0), Value(2.0), Value(3.0)
s = (p + q) + r
s.backward()
check_close("p.grad for s = (p + q) + r", p.grad, 1.0, mistakes={
    "p.grad is 0: the _backward of p + q ran while its out.grad was still 0. backward() (given) calls the _backward "
    "functions from the root down to the inputs, in reversed topological order; if you changed backward(), restore it.": 0.0,
})
### BEGIN HIDDEN TESTS
def scaled(v, k):
    # k * v as a node whose backward rule is the test's own: only the rule under test is checked
    out = Value(k * v.data, (v,), "scale")

    def _backward():
        v.grad += k * out.grad

    out._backward = _backward
    return out


rng = np.random.default_rng(4011)
for _ in range(5):
    a0, b0, k = rng.normal(size=3)
    a, b = Value(a0), Value(b0)
    root = scaled(a + b, k)
    call("root.backward() for root = k * (a + b)", root.backward)
    for name, v in (("a", a), ("b", b)):
        check_close(f"{name}.grad for root = k * (a + b) with k = {k:.4g}, so that out.grad = k at the sum", v.grad, k, mistakes={
            "the upstream gradient is missing: each operand gets (local derivative) * out.grad; for + the local derivative is 1, so operand.grad += out.grad.": 1.0,
        })
a = Value(0.7)
root = scaled(a + 2.5, 3.0)
call("root.backward() for root = 3 * (a + 2.5)", root.backward)
check_close("a.grad for root = 3 * (a + 2.5)", a.grad, 3.0)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_value_mul", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_own_function("Value")  # your class, not dlf.autodiff.Value
check_no_library("Value")
a, b = Value(2.0), Value(-3.0)
c = a * b
c.backward()
swapped = "not swapped: d(ab)/da = b and d(ab)/db = a; each operand's local derivative is the OTHER operand's data."
check_close("a.grad for c = a * b with a = 2, b = -3", a.grad, -3.0, mistakes={swapped: 2.0})
check_close("b.grad for c = a * b with a = 2, b = -3", b.grad, 2.0, mistakes={swapped: -3.0})
### BEGIN HIDDEN TESTS
def scaled(v, k):
    # k * v as a node whose backward rule is the test's own: only the rule under test is checked
    out = Value(k * v.data, (v,), "scale")

    def _backward():
        v.grad += k * out.grad

    out._backward = _backward
    return out


rng = np.random.default_rng(4012)
for _ in range(5):
    a0, b0, k = rng.normal(size=3)
    a, b = Value(a0), Value(b0)
    root = scaled(a * b, k)
    call("root.backward() for root = k * (a * b)", root.backward)
    for name, v, other, own in (("a", a, b0, a0), ("b", b, a0, b0)):
        check_close(f"{name}.grad for root = k * (a * b) with a = {a0:.4g}, b = {b0:.4g}, k = {k:.4g}", v.grad, k * other, mistakes={
            swapped: k * own,
            "the upstream gradient is missing: each operand gets (local derivative) * out.grad.": other,
        })
a = Value(0.7)
root = scaled(a * 2.5, -2.0)
call("root.backward() for root = -2 * (a * 2.5)", root.backward)
check_close("a.grad for root = -2 * (a * 2.5)", a.grad, -5.0)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_value_tanh", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_own_function("Value")  # your class, not dlf.autodiff.Value
check_no_library("Value")
x = Value(0.5)
y = x.tanh()
y.backward()
check_close("x.grad for y = tanh(x) at x = 0.5", x.grad, 1 - math.tanh(0.5) ** 2, mistakes={
    "the derivative of tanh is 1 - tanh(x)^2 = 1 - t^2, written with the OUTPUT t; you computed 1 - x^2 with the input.": 1 - 0.5**2,
})
check_close("y.grad after y.backward() (y is the root: dy/dy = 1)", y.grad, 1.0, mistakes={
    "the rule changed out.grad in place (out.grad *= ...), so y.grad is no longer dy/dy. A _backward only reads "
    "out.grad and adds to its operands: self.grad += (local derivative) * out.grad.": 1 - math.tanh(0.5) ** 2,
})
### BEGIN HIDDEN TESTS
def scaled(v, k):
    # k * v as a node whose backward rule is the test's own: only the rule under test is checked
    out = Value(k * v.data, (v,), "scale")

    def _backward():
        v.grad += k * out.grad

    out._backward = _backward
    return out


rng = np.random.default_rng(4013)
for x0, k in zip(rng.uniform(-3, 3, size=6), rng.normal(size=6)):
    x = Value(x0)
    root = scaled(x.tanh(), k)
    call("root.backward() for root = k * tanh(x)", root.backward)
    t0 = math.tanh(x0)
    check_close(f"x.grad for root = k * tanh(x) with x = {x0:.4g}, k = {k:.4g}", x.grad, (1 - t0**2) * k, mistakes={
        "the derivative of tanh is 1 - tanh(x)^2 = 1 - t^2, written with the OUTPUT t; you computed 1 - x^2 with the input.": (1 - x0**2) * k,
        "the upstream gradient is missing: x.grad += (1 - t^2) * out.grad.": 1 - t0**2,
        "the derivative of tanh is 1 - t^2, not t (1 - t) (that is the sigmoid's, written with its output).": t0 * (1 - t0) * k,
    })
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_value_exp", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_own_function("Value")  # your class, not dlf.autodiff.Value
check_no_library("Value")
x = Value(1.0)
y = x.exp()
y.backward()
check_close("x.grad for y = exp(x) at x = 1", x.grad, math.e, mistakes={
    "the derivative of e^x is e^x, the output out.data, not x.": 1.0,
})
### BEGIN HIDDEN TESTS
def scaled(v, k):
    # k * v as a node whose backward rule is the test's own: only the rule under test is checked
    out = Value(k * v.data, (v,), "scale")

    def _backward():
        v.grad += k * out.grad

    out._backward = _backward
    return out


rng = np.random.default_rng(4014)
for x0, k in zip(rng.uniform(-3, 3, size=6), rng.normal(size=6)):
    x = Value(x0)
    root = scaled(x.exp(), k)
    call("root.backward() for root = k * exp(x)", root.backward)
    check_close(f"x.grad for root = k * exp(x) with x = {x0:.4g}, k = {k:.4g}", x.grad, math.exp(x0) * k, mistakes={
        "the derivative of e^x is e^x, the output out.data, not x.": x0 * k,
        "the upstream gradient is missing: x.grad += e^x * out.grad.": math.exp(x0),
        "the local derivative e^x is missing: x.grad += out.data * out.grad.": k,
    })
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_value_accumulate", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_own_function("Value")  # your class, not dlf.autodiff.Value
check_no_library("Value")
# x is used twice in x * x: d(x^2)/dx = 2x, one x from each use.
x = Value(3.0)
y = x * x
y.backward()
check_close("x.grad for y = x * x at x = 3", x.grad, 6.0, mistakes={
    "only one of the two uses of x was counted (you got x instead of 2x). In x * x, self and other are the same node: "
    "its gradient must ACCUMULATE both contributions. Write self.grad += ..., never self.grad = ...": 3.0,
})
### BEGIN HIDDEN TESTS
accumulate = ("gradients must ACCUMULATE over the uses of a node: write operand.grad += ..., never operand.grad = ... "
              "(the multivariate chain rule sums over all paths).")
a = Value(1.5)
y = a + a
call("y.backward() for y = a + a", y.backward)
check_close("a.grad for y = a + a", a.grad, 2.0, mistakes={accumulate: 1.0})
a = Value(3.0)
y = (a * a) + a
call("y.backward() for y = a * a + a", y.backward)
check_close("a.grad for y = a * a + a at a = 3 (lecture 04: 2a + 1)", a.grad, 7.0, mistakes={accumulate + " Here only the path through '+ a' was kept.": 1.0})
a, b = Value(0.4), Value(-1.2)
s = a + b
y = s * s + s.exp() + s.tanh()
call("y.backward() for y = s * s + exp(s) + tanh(s) with s = a + b", y.backward)
s0 = 0.4 - 1.2
check_close("a.grad for y = s * s + exp(s) + tanh(s) with s = a + b", a.grad, 2 * s0 + math.exp(s0) + 1 - math.tanh(s0) ** 2,
            mistakes={accumulate: 1 - math.tanh(s0) ** 2})
x = Value(0.8)
t = x.tanh()
y = t * t * t + t.exp() * x
call("y.backward() for y = t * t * t + exp(t) * x with t = tanh(x)", y.backward)
t0 = math.tanh(0.8)
check_close("x.grad for y = t^3 + exp(t) x with t = tanh(x) (this uses all four rules: if the test of a rule fails, fix that first)", x.grad,
            (3 * t0**2 + math.exp(t0) * 0.8) * (1 - t0**2) + math.exp(t0), rtol=1e-9)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_value_random", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
check_own_function("Value")  # your class, not dlf.autodiff.Value
check_no_library("Value")
# The neuron of lecture 04, o = tanh(x1 w1 + x2 w2 + b), against central differences.
def neuron(x1, x2, w1, w2, b):  # works on floats and on Values
    n = x1 * w1 + x2 * w2 + b
    return n.tanh() if isinstance(n, Value) else math.tanh(n)


point = [2.0, 0.0, -3.0, 1.0, 6.8813735870195432]
leaves = [Value(p) for p in point]
neuron(*leaves).backward()
numeric = []
for i in range(5):
    up, down = list(point), list(point)
    up[i] += 1e-5
    down[i] -= 1e-5
    numeric.append((neuron(*up) - neuron(*down)) / 2e-5)
check_close("the gradients (x1, x2, w1, w2, b).grad of o = tanh(x1 w1 + x2 w2 + b)", [v.grad for v in leaves], numeric,
            rtol=1e-6, atol=1e-8)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4016)


def tree(depth):
    if depth == 0 or rng.random() < 0.25:
        return ("leaf", int(rng.integers(3))) if rng.random() < 0.8 else ("const", round(float(rng.uniform(-2, 2)), 2))
    op = str(rng.choice(["+", "*", "-", "tanh", "exp"]))
    if op in ("tanh", "exp"):
        return (op, tree(depth - 1))
    return (op, tree(depth - 1), tree(depth - 1))


def show(t):
    if t[0] == "leaf":
        return "abc"[t[1]]
    if t[0] == "const":
        return repr(t[1])
    if t[0] in ("tanh", "exp"):
        return f"{t[0]}({show(t[1])})"
    return f"({show(t[1])} {t[0]} {show(t[2])})"


def has_leaf(t):
    return t[0] == "leaf" or any(has_leaf(s) for s in t[1:] if isinstance(s, tuple))


def evaluate(t, env):
    if t[0] == "leaf":
        return env[t[1]]
    if t[0] == "const":
        return t[1]
    args = [evaluate(s, env) for s in t[1:]]
    if t[0] == "tanh":
        return args[0].tanh() if isinstance(args[0], Value) else math.tanh(args[0])
    if t[0] == "exp":
        return args[0].exp() if isinstance(args[0], Value) else math.exp(args[0])
    a, b = args
    return a + b if t[0] == "+" else a * b if t[0] == "*" else a - b


tested = 0
while tested < 25:
    t = tree(4)
    point = [float(p) for p in rng.uniform(-1.5, 1.5, size=3)]
    try:
        value = evaluate(t, point)
    except OverflowError:
        continue
    if t[0] in ("leaf", "const") or not has_leaf(t) or abs(value) > 100:
        continue
    expr = show(t)
    where = f"y = {expr} at (a, b, c) = ({point[0]:.4g}, {point[1]:.4g}, {point[2]:.4g})"
    leaves = [Value(p) for p in point]
    root = call(f"the forward pass of {where}", evaluate, t, leaves)
    call(f"backward() of {where}", root.backward)
    numeric = []
    for i in range(3):
        up, down = list(point), list(point)
        up[i] += 1e-5
        down[i] -= 1e-5
        numeric.append((evaluate(t, up) - evaluate(t, down)) / 2e-5)
    check_close(f"(a.grad, b.grad, c.grad) for {where}, compared with central differences", [v.grad for v in leaves], numeric,
                rtol=1e-6, atol=1e-7)
    tested += 1
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part3", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3: forward mode or reverse mode? (2 points)
#
# Lecture 04, section 4. For a composition $f = f_T \circ \cdots \circ f_2 \circ f_1$, the chain rule
# writes the Jacobian as a product of the local Jacobians, $J = J_T \cdots J_2 J_1$, and the
# product can be evaluated from either end:
#
# - **forward mode** starts at the inputs and pushes one input direction through the chain:
#   one pass gives **one column** of $J$, the derivatives of all outputs with respect to one input;
# - **reverse mode** starts at the output and pulls one output back through the chain: one pass
#   gives **one row** of $J$, the derivatives of one output with respect to all inputs. Your
#   `Value.backward` of part 2 is reverse mode.
#
# **3a (1 point).** Write `passes_needed(n_inputs, n_outputs)`. It returns the tuple
# `(forward, reverse)` of ints: how many forward-mode passes, and how many reverse-mode passes,
# give the **whole** Jacobian of a function from $\mathbb{R}^{n_\text{inputs}}$ to
# $\mathbb{R}^{n_\text{outputs}}$. Then ask yourself what it means for the gradient of a loss (one
# number) with respect to the $10^6$ parameters of a network.
#
# **3b (1 point).** Count the work of the two orders. The chain maps
# $\mathbb{R}^{d_0} \to \mathbb{R}^{d_1} \to \cdots \to \mathbb{R}^{d_T}$, so $J_t$ is a
# $(d_t \times d_{t-1})$ matrix, and a $(p \times q)$ matrix times a $(q \times r)$ matrix costs
# $p\,q\,r$ multiply-adds ($p\,r$ entries, each a sum of $q$ products). Write
# `jacobian_chain_cost(dims)` for `dims = [d_0, d_1, ..., d_T]` (a list of $T + 1$ ints, $T \ge 1$)
# that returns the tuple `(from_inputs, from_output)` of multiply-adds:
#
# - **from the inputs** (the order of forward mode): $A = J_1$, then $A \leftarrow J_t A$ for
#   $t = 2, 3, \dots, T$;
# - **from the output** (the order of reverse mode): $B = J_T$, then $B \leftarrow B J_t$ for
#   $t = T - 1, \dots, 2, 1$.
#
# Both orders end with the same $J$, $(d_T \times d_0)$, after $T - 1$ products; the local
# Jacobians themselves are given (they cost nothing here), so a chain of one function ($T = 1$)
# costs 0 either way. The tests try long and short chains, wide and narrow ones.

# %% nbgrader={"grade": false, "grade_id": "passes_needed", "locked": false, "schema_version": 3, "solution": true, "task": false}
def passes_needed(n_inputs, n_outputs):
    # (forward-mode passes, reverse-mode passes) for the whole Jacobian of R^n_inputs -> R^n_outputs
    ### BEGIN SOLUTION
    return n_inputs, n_outputs   # one column per forward pass, one row per reverse pass
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_passes_needed", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
def passes_hints(n_inputs, n_outputs):
    """(forward, reverse) pairs that known mistakes give, each with the hint that explains it."""
    return {
        "forward and reverse are swapped: one forward-mode pass gives one COLUMN of J (all outputs, one input), "
        "one reverse-mode pass one ROW (one output, all inputs).": [n_outputs, n_inputs],
        "reverse mode gives one row of J per pass, the derivatives of ONE output: a function with n_outputs "
        "outputs needs n_outputs reverse passes (a scalar loss needs one).": [n_inputs, 1],
        "forward mode gives one column of J per pass, the derivatives with respect to ONE input: "
        "n_inputs inputs need n_inputs forward passes.": [1, n_outputs],
        "one pass of either mode gives a whole column or a whole row of J, not a single entry: you counted "
        "the n_inputs * n_outputs entries of J.": [n_inputs * n_outputs, n_inputs * n_outputs],
    }


def check_passes(n_inputs, n_outputs):
    name = f"passes_needed(n_inputs={n_inputs}, n_outputs={n_outputs})"
    got = call(name, passes_needed, n_inputs, n_outputs)
    assert isinstance(got, tuple) and len(got) == 2, f"{name}: return the tuple (forward, reverse); got {got!r:.80}"
    check_close(f"{name} = (forward, reverse)", np.asarray(got, dtype=float), [n_inputs, n_outputs], rtol=0, atol=0,
                mistakes=passes_hints(n_inputs, n_outputs))


# The gradient of a loss (one output) with respect to 10^6 parameters, then a function R^4 -> R^3.
check_passes(1_000_000, 1)
check_passes(4, 3)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4031)
for _ in range(12):
    n_in, n_out = (int(v) for v in rng.integers(2, 5000, size=2))
    check_passes(n_in, n_out)
for n_in, n_out in [(1, 1), (1, 7), (7, 1), (2, 2), (50, 3)]:
    check_passes(n_in, n_out)
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "jacobian_chain_cost", "locked": false, "schema_version": 3, "solution": true, "task": false}
def jacobian_chain_cost(dims):
    # multiply-adds of J_T ... J_1 (J_t of shape (d_t, d_(t-1))) evaluated from the inputs and from the output
    ### BEGIN SOLUTION
    d = [int(v) for v in dims]
    T = len(d) - 1
    from_inputs = sum(d[t] * d[t - 1] * d[0] for t in range(2, T + 1))        # J_t (d_t, d_(t-1)) @ A (d_(t-1), d_0)
    from_output = sum(d[T] * d[t] * d[t - 1] for t in range(T - 1, 0, -1))    # B (d_T, d_t) @ J_t (d_t, d_(t-1))
    return from_inputs, from_output
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_jacobian_chain_cost", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
def chain_costs(d):
    """(from the inputs, from the output) for the sizes d, and the counts that known mistakes give."""
    T = len(d) - 1
    right = [sum(d[t] * d[t - 1] * d[0] for t in range(2, T + 1)), sum(d[T] * d[t] * d[t - 1] for t in range(1, T))]
    hints = {
        "the two orders are swapped: from the inputs (forward mode) multiplies J_2 J_1 first and keeps d_0 "
        "columns; from the output (reverse mode) multiplies J_T J_(T-1) first and keeps d_T rows.": right[::-1],
        "a (p x q) matrix times a (q x r) matrix costs p q r multiply-adds (p r entries, each a sum of q "
        "products); you counted only the p r entries of each result.":
            [sum(d[t] * d[0] for t in range(2, T + 1)), sum(d[T] * d[t - 1] for t in range(1, T))],
        "the local Jacobians are given: there are T - 1 products, not T. You also counted multiplying J_1 "
        "(or J_T) by an identity matrix.":
            [sum(d[t] * d[t - 1] * d[0] for t in range(1, T + 1)), sum(d[T] * d[t] * d[t - 1] for t in range(1, T + 1))],
        "one product is missing: T matrices need T - 1 products (a range that stops one short?).":
            [sum(d[t] * d[t - 1] * d[0] for t in range(2, T)), sum(d[T] * d[t] * d[t - 1] for t in range(2, T))],
    }
    return right, hints


def check_chain_cost(dims):
    name = f"jacobian_chain_cost({dims})"
    got = call(name, jacobian_chain_cost, list(dims))
    assert isinstance(got, tuple) and len(got) == 2, f"{name}: return the tuple (from_inputs, from_output); got {got!r:.80}"
    right, hints = chain_costs(list(dims))
    check_close(f"{name} = (from_inputs, from_output)", np.asarray(got, dtype=float), right, rtol=0, atol=0,
                mistakes=hints)
    return right


check_chain_cost([3, 5, 2])
# 1000 inputs, two layers of 100 units, one output (a loss): a network's case.
cost = check_chain_cost([1000, 100, 100, 1])
print(f"dims [1000, 100, 100, 1]: from the inputs {cost[0]:,}, from the output {cost[1]:,} multiply-adds "
      f"({cost[0] / cost[1]:.0f} times fewer from the output)")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4032)
for _ in range(12):
    T = int(rng.integers(2, 8))
    check_chain_cost([int(v) for v in rng.integers(1, 300, size=T + 1)])
for dims in ([1, 100, 100, 1000], [7, 3], [4, 4, 4, 4], [2, 9, 1], [1000, 500, 200, 100, 10, 1]):
    check_chain_cost(dims)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part4", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 4: the backward pass of a linear layer (6 points)
#
# Lecture 04, section 5. A linear layer computes $Y = XW + b$ with $X$ $(N, D)$, $W$ $(D, K)$,
# $b$ $(K,)$ and $Y$ $(N, K)$. Backpropagation hands it the upstream gradient
# $\frac{\partial L}{\partial Y}$ (`dY`), of shape $(N, K)$, with entries
# $G_{nk} = \partial L / \partial Y_{nk}$. The layer must return $\frac{\partial L}{\partial X}$ $(N, D)$,
# $\frac{\partial L}{\partial W}$ $(D, K)$ and $\frac{\partial L}{\partial b}$ $(K,)$.
# **Derive the three formulas yourself**, on paper, one entry at a time:
#
# 1. **Write the layer with indices.** Entry $(n, k)$ of the output is
#    $$Y_{nk} = \sum_{d=1}^{D} X_{nd} W_{dk} + b_k .$$
# 2. **Find the local derivatives.** Take one weight $W_{dk}$: which entries $Y_{n'k'}$ contain it
#    (which column $k'$? which rows $n'$?), and what is $\partial Y_{nk} / \partial W_{dk}$ there?
#    Ask the same for one input $X_{nd}$ and for one bias $b_k$.
# 3. **Sum over every path** (the multivariate chain rule, lecture 04 section 2: the `+=` of part 2).
#    $L$ depends on $W_{dk}$ only through the entries of $Y$ that contain it, so
#    $$\frac{\partial L}{\partial W_{dk}} = \sum_{n=1}^{N} \frac{\partial L}{\partial Y_{nk}}\,
#    \frac{\partial Y_{nk}}{\partial W_{dk}} .$$
#    Put in your local derivative; then write the corresponding sums for
#    $\partial L / \partial X_{nd}$ (over which index?) and $\partial L / \partial b_k$.
# 4. **Recognize a matrix product.** A sum over a shared index, $\sum_n A_{na} B_{nc}$ or
#    $\sum_k A_{ak} B_{ck}$, is entry $(a, c)$ of a product of two matrices, one of them transposed.
#    Which matrices, and which transpose? A sum with no second factor is a sum along one axis.
# 5. **Check with the shape rule.** A gradient has the shape of what it differentiates: `dW` has
#    the shape of $W$, $(D, K)$. Of the products you can form from $X$ $(N, D)$ and `dY` $(N, K)$,
#    with or without a transpose, only one has that shape: is it the one your sum gave? Do the
#    same for `dX` $(N, D)$ from `dY` and $W$, and for `db` $(K,)$: which axis of `dY` has to go?
#    A matching shape does not prove a formula right (the derivation does), but a wrong shape
#    always proves it wrong.
# 6. **Check the values.** `linear_central_differences(X, W, b, dY)` below returns the three
#    gradients by central differences for the loss $L = \sum_{n,k} Y_{nk}\, G_{nk}$, whose
#    $\partial L/\partial Y$ is exactly `dY`. Compare your formulas with it on a small random
#    example, but do not call it in `linear_backward`.
#
# Write `linear_backward(X, W, dY)` returning the tuple `(dX, dW, db)`.
#
# - Vectorized: matrix products for the whole batch, no Python loop over examples.
# - Do not divide by $N$: if the loss is a mean, `dY` already carries its $1/N$.
# - $b$ is not an argument: the local derivatives of $XW + b$ do not depend on it.
# - Analytic: the formulas you derived, not finite differences (those are for checking).
#
# `dX`, `dW` and `db` are graded in three test cells of 2 points each, so a mistake in one
# costs only its cell. The tests check your gradients on random shapes and against central
# differences, and name the mistake when they recognize it (a transposed gradient, a bias
# gradient not summed, a factor $N$, a sign).

# %% nbgrader={"grade": false, "grade_id": "linear_tools", "locked": true, "schema_version": 3, "solution": false, "task": false}
def linear_central_differences(X, W, b, dY, h=1e-5):
    # (dX, dW, db) of L = sum((X W + b) * dY) by central differences: a check for your formulas, slow
    from dlf.gradcheck import numerical_gradient  # entry by entry, (L(A + h e_i) - L(A - h e_i)) / 2h

    X, W, b = (np.array(A, dtype=float) for A in (X, W, b))
    return tuple(numerical_gradient(lambda _: float(np.sum((X @ W + b) * dY)), A, h) for A in (X, W, b))


rng_check = np.random.default_rng(40)
X_check, W_check, b_check, dY_check = (rng_check.normal(size=s) for s in [(4, 3), (3, 2), (2,), (4, 2)])
dX_num, dW_num, db_num = linear_central_differences(X_check, W_check, b_check, dY_check)
print("central differences for X (4, 3), W (3, 2), dY (4, 2): shapes", dX_num.shape, dW_num.shape, db_num.shape)


# %% nbgrader={"grade": false, "grade_id": "linear_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_backward(X, W, dY):
    # Backward pass of Y = X W + b: X (N, D), W (D, K), dY = dL/dY (N, K).
    # Returns (dX, dW, db) with shapes (N, D), (D, K), (K,).
    ### BEGIN SOLUTION
    dX = dY @ W.T
    dW = X.T @ dY
    db = dY.sum(axis=0)
    return dX, dW, db
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_linear_backward_dX", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# Part 4 is graded in three cells of 2 points: dX here, then dW, then db.
check_no_library("linear_backward")
check_vectorized("linear_backward")
check_analytic("linear_backward", formula="the three formulas you derived in part 4")
rng = np.random.default_rng(0)
N, D, K = 4, 3, 2
dims = {"N": N, "D": D, "K": K}
X, W, dY = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=(N, K))
want = dY @ W.T
out = call("linear_backward(X, W, dY) with X (4, 3), W (3, 2), dY (4, 2)", linear_backward, X, W, dY, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 3, f"linear_backward must return the tuple (dX, dW, db); got {type(out).__name__}"
check_close("dX", out[0], want, dims=dims, mistakes={
    "transposed gradient: you computed W @ dY.T, of shape (D, N). dX has the shape of X, (N, D): redo step 4 of part 4 for the sum over k.": W @ dY.T,
    "sum vs mean, a factor N = 4: dY already carries the 1/N of the mean loss, so dX needs no other 1/N (you divided by N).": want / N,
    "sign error: you have exactly minus the gradient.": -want,
})
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4021)
sizes = [tuple(int(s) for s in rng.integers(2, 12, size=3)) for _ in range(10)] + [(1, 4, 3), (5, 1, 2), (6, 3, 1), (3, 3, 3)]
for N, D, K in sizes:
    dims = {"N": N, "D": D, "K": K}
    X, W, dY = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=(N, K))
    shapes = f" with X ({N}, {D}), W ({D}, {K}), dY ({N}, {K})"
    want = dY @ W.T
    out = call("linear_backward" + shapes, linear_backward, X, W, dY, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 3, f"linear_backward must return the tuple (dX, dW, db); got {type(out).__name__}"
    check_shape("dX" + shapes, out[0], ("N", "D"), dims)
    check_close("dX" + shapes, out[0], want, rtol=1e-9, atol=1e-12, dims=dims)

# against central differences: L = sum((X W + b) * dY) has dL/dY = dY; perturb every entry of X
N, D, K = 5, 4, 3
X, W, b, G = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=K), rng.normal(size=(N, K))


def loss():
    return float(np.sum((X @ W + b) * G))


def central_differences(A):
    from dlf.gradcheck import numerical_gradient  # perturbs A in place; loss() reads it
    return numerical_gradient(lambda _: loss(), A)


numeric = central_differences(X)
out = call("linear_backward with X (5, 4), W (4, 3), dY (5, 3)", linear_backward, X, W, G, keep_inputs=True)
check_close("dX compared with central differences of L = sum((X W + b) * dY)", out[0], numeric,
            rtol=1e-7, atol=1e-9, dims={"N": N, "D": D, "K": K})
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_linear_backward_dW", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# dW has the shape of W, (D, K).
check_no_library("linear_backward")
check_vectorized("linear_backward")
check_analytic("linear_backward", formula="the three formulas you derived in part 4")
rng = np.random.default_rng(1)
N, D, K = 4, 3, 2
dims = {"N": N, "D": D, "K": K}
X, W, dY = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=(N, K))
want = X.T @ dY
out = call("linear_backward(X, W, dY) with X (4, 3), W (3, 2), dY (4, 2)", linear_backward, X, W, dY, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 3, f"linear_backward must return the tuple (dX, dW, db); got {type(out).__name__}"
check_close("dW", out[1], want, dims=dims, mistakes={
    "transposed gradient: you computed dY.T @ X, of shape (K, D). dW has the shape of W, (D, K): redo step 4 of part 4 for the sum over n.": dY.T @ X,
    "sum vs mean, a factor N = 4: dY already carries the 1/N of the mean loss, so dW needs no other 1/N (you divided by N).": want / N,
    "sum vs mean, a factor N = 4: dY already carries the 1/N of the mean loss, so dW has no factor N (you multiplied by N).": want * N,
    "sign error: you have exactly minus the gradient (gradient descent would then climb the loss).": -want,
})
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4022)
sizes = [tuple(int(s) for s in rng.integers(2, 12, size=3)) for _ in range(10)] + [(1, 4, 3), (5, 1, 2), (6, 3, 1), (3, 3, 3)]
for N, D, K in sizes:
    dims = {"N": N, "D": D, "K": K}
    X, W, dY = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=(N, K))
    shapes = f" with X ({N}, {D}), W ({D}, {K}), dY ({N}, {K})"
    want = X.T @ dY
    out = call("linear_backward" + shapes, linear_backward, X, W, dY, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 3, f"linear_backward must return the tuple (dX, dW, db); got {type(out).__name__}"
    check_shape("dW" + shapes, out[1], ("D", "K"), dims)
    check_close("dW" + shapes, out[1], want, rtol=1e-9, atol=1e-12, dims=dims)

# against central differences: L = sum((X W + b) * dY) has dL/dY = dY; perturb every entry of W
N, D, K = 5, 4, 3
X, W, b, G = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=K), rng.normal(size=(N, K))


def loss():
    return float(np.sum((X @ W + b) * G))


def central_differences(A):
    from dlf.gradcheck import numerical_gradient  # perturbs A in place; loss() reads it
    return numerical_gradient(lambda _: loss(), A)


numeric = central_differences(W)
out = call("linear_backward with X (5, 4), W (4, 3), dY (5, 3)", linear_backward, X, W, G, keep_inputs=True)
check_close("dW compared with central differences of L = sum((X W + b) * dY)", out[1], numeric,
            rtol=1e-7, atol=1e-9, dims={"N": N, "D": D, "K": K})
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_linear_backward_db", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# db has the shape of b, (K,): one number per output.
check_no_library("linear_backward")
check_vectorized("linear_backward")
check_analytic("linear_backward", formula="the three formulas you derived in part 4")
rng = np.random.default_rng(2)
N, D, K = 4, 3, 2
dims = {"N": N, "D": D, "K": K}
X, W, dY = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=(N, K))
want = dY.sum(axis=0)
out = call("linear_backward(X, W, dY) with X (4, 3), W (3, 2), dY (4, 2)", linear_backward, X, W, dY, keep_inputs=True)
assert isinstance(out, tuple) and len(out) == 3, f"linear_backward must return the tuple (dX, dW, db); got {type(out).__name__}"
check_close("db", out[2], want, dims=dims, mistakes={
    "keepdims=True keeps the summed batch axis as an axis of size 1: db must have the shape of b, (K,).": want[None, :],
    "bias gradient summed over the wrong axis: axis=1 sums over the K outputs and leaves one number per example; db has one number per output, (K,).": dY.sum(axis=1),
    "sum vs mean, a factor N = 4: dY already carries the 1/N of the mean loss, so db is a sum over the examples, not a mean.": dY.mean(axis=0),
    "sign error: you have exactly minus the gradient.": -want,
})
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(4023)
sizes = [tuple(int(s) for s in rng.integers(2, 12, size=3)) for _ in range(10)] + [(1, 4, 3), (5, 1, 2), (6, 3, 1), (3, 3, 3)]
for N, D, K in sizes:
    dims = {"N": N, "D": D, "K": K}
    X, W, dY = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=(N, K))
    shapes = f" with X ({N}, {D}), W ({D}, {K}), dY ({N}, {K})"
    want = dY.sum(axis=0)
    out = call("linear_backward" + shapes, linear_backward, X, W, dY, keep_inputs=True)
    assert isinstance(out, tuple) and len(out) == 3, f"linear_backward must return the tuple (dX, dW, db); got {type(out).__name__}"
    check_shape("db" + shapes, out[2], ("K",), dims)
    check_close("db" + shapes, out[2], want, rtol=1e-9, atol=1e-12, dims=dims)

# against central differences: L = sum((X W + b) * dY) has dL/dY = dY; perturb every entry of b
N, D, K = 5, 4, 3
X, W, b, G = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=K), rng.normal(size=(N, K))


def loss():
    return float(np.sum((X @ W + b) * G))


def central_differences(A):
    from dlf.gradcheck import numerical_gradient  # perturbs A in place; loss() reads it
    return numerical_gradient(lambda _: loss(), A)


numeric = central_differences(b)
out = call("linear_backward with X (5, 4), W (4, 3), dY (5, 3)", linear_backward, X, W, G, keep_inputs=True)
check_close("db compared with central differences of L = sum((X W + b) * dY)", out[2], numeric,
            rtol=1e-7, atol=1e-9, dims={"N": N, "D": D, "K": K})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part5", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 5: why sum, and why shapes are not enough (2 points, graded by your instructor)
#
# In the cell below, explain in 3 to 6 sentences:
#
# 1. Why does $\frac{\partial L}{\partial b}$ **sum** over the $N$ examples, although $b$ has only $K$
#    entries and appears once in $Y = XW + b$? Argue with the chain rule: how many entries of $Y$
#    does one $b_k$ influence? And what would a mean instead of the sum do when the loss is already
#    a mean over the batch?
# 2. Why must `dW` have the shape of $W$? And why is a matching shape **not enough** to show that a
#    formula for `dW` is right (think of a square case, $D = K$)? What does show it?

# %% [markdown] nbgrader={"grade": true, "grade_id": "linear_answer", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 2}
# 1. The bias is broadcast: $b_k$ is added to $Y_{nk}$ in **every** row $n = 1, \dots, N$, so one
#    $b_k$ influences $N$ entries of $Y$, each with $\partial Y_{nk} / \partial b_k = 1$. The
#    multivariate chain rule sums over all these paths, $\partial L/\partial b_k = \sum_n G_{nk}$: the
#    same accumulation as for `a + a` in part 2 (the backward pass of a copy is a sum). A mean would
#    divide by $N$ a second time: the $1/N$ of a mean loss is already inside `dY`, so `db` would be
#    $N$ times too small (and, unlike `dW`, which also sums over $n$, it would change with the batch size).
# 2. Gradient descent updates $W \leftarrow W - \eta\, \partial L/\partial W$ entry by entry, one
#    derivative per weight, so `dW` must be $(D, K)$; a wrong shape proves a formula wrong. But the
#    shape does not fix the values: with $D = K$ the transposed product `dY.T @ X` is also $(D, K)$,
#    and so is `X.T @ dY / N` or `-X.T @ dY` for any $D, K$. Only the derivation (the index form and
#    the chain rule) shows a formula is right, and a comparison with central differences on a small
#    random example confirms it.
#
# Rubric (2 points): 1 point for (1): $b_k$ reaches all $N$ rows (N paths) and the chain rule adds
# their contributions; a mean is wrong because `dY` already carries the $1/N$ (half a point if only
# one of the two is argued). 1 point for (2): the entry-wise update needs the shape of $W$; a wrong
# formula with the right shape (a transpose when $D = K$, a factor, a sign); the derivation, checked
# with central differences, is what shows correctness (half a point without an example).

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 24 points (22 graded automatically, 2 by your instructor). Before you hand
# in, restart the kernel and run all cells (*Kernel > Restart Kernel and Run All Cells*), then
# **Validate**.
#
# Lecture 05 chains these pieces through a whole network: backpropagation, then exercise 05.
