"""Tests of dlf.autodiff: every local derivative against central differences."""

import math
import sys
import time

import numpy as np
import pytest

from dlf.autodiff import Value, topological_order

H = 1e-5


def rel_error(a, b):
    return abs(a - b) / max(abs(a) + abs(b), 1e-12)


def numeric_partials(f, xs):
    """Central differences of f(*Values).data with respect to each of the floats xs."""
    grads = []
    for i in range(len(xs)):
        plus = [Value(x + H * (j == i)) for j, x in enumerate(xs)]
        minus = [Value(x - H * (j == i)) for j, x in enumerate(xs)]
        grads.append((f(*plus).data - f(*minus).data) / (2 * H))
    return grads


def analytic_partials(f, xs):
    vs = [Value(x) for x in xs]
    f(*vs).backward()
    return [v.grad for v in vs]


def assert_gradients_match(f, xs):
    for a, n in zip(analytic_partials(f, xs), numeric_partials(f, xs)):
        assert rel_error(a, n) < 1e-7, (f, xs, a, n)


# (function, how to draw its arguments): arguments avoid kinks and undefined points
UNARY = {
    "neg": (lambda a: -a, lambda r: r.uniform(-3, 3)),
    "exp": (lambda a: a.exp(), lambda r: r.uniform(-3, 3)),
    "log": (lambda a: a.log(), lambda r: r.uniform(0.2, 5)),
    "tanh": (lambda a: a.tanh(), lambda r: r.uniform(-2, 2)),
    "relu+": (lambda a: a.relu(), lambda r: r.uniform(0.1, 3)),
    "relu-": (lambda a: a.relu(), lambda r: r.uniform(-3, -0.1)),
    "sigmoid": (lambda a: a.sigmoid(), lambda r: r.uniform(-4, 4)),
    "pow2": (lambda a: a**2, lambda r: r.uniform(-3, 3)),
    "pow3": (lambda a: a**3, lambda r: r.uniform(-3, 3)),
    "pow-1": (lambda a: a**-1, lambda r: r.choice([-1, 1]) * r.uniform(0.5, 3)),
    "pow0.5": (lambda a: a**0.5, lambda r: r.uniform(0.2, 4)),
    "pow-2.5": (lambda a: a**-2.5, lambda r: r.uniform(0.5, 3)),
    "radd": (lambda a: 2.5 + a, lambda r: r.uniform(-3, 3)),
    "rsub": (lambda a: 2.5 - a, lambda r: r.uniform(-3, 3)),
    "rmul": (lambda a: 2.5 * a, lambda r: r.uniform(-3, 3)),
    "rtruediv": (lambda a: 2.5 / a, lambda r: r.choice([-1, 1]) * r.uniform(0.5, 3)),
    "add_number": (lambda a: a + 1.5, lambda r: r.uniform(-3, 3)),
    "div_number": (lambda a: a / 1.5, lambda r: r.uniform(-3, 3)),
}

BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b,
}


@pytest.mark.parametrize("name", UNARY)
def test_unary_gradient_matches_central_differences(name):
    f, draw = UNARY[name]
    rng = np.random.default_rng(0)
    for _ in range(5):
        assert_gradients_match(f, [float(draw(rng))])


@pytest.mark.parametrize("name", BINARY)
def test_binary_gradient_matches_central_differences(name):
    rng = np.random.default_rng(1)
    for _ in range(5):
        a = rng.uniform(-3, 3)
        b = rng.choice([-1, 1]) * rng.uniform(0.5, 3)  # away from 0 for a / b
        assert_gradients_match(BINARY[name], [a, b])


def test_forward_values_match_math():
    x = 0.7
    assert (Value(x) + 2).data == x + 2
    assert (Value(x) - 2).data == x - 2
    assert (3 / Value(x)).data == 3 / x
    assert (Value(x) ** 3).data == x**3
    assert Value(x).exp().data == math.exp(x)
    assert Value(x).log().data == math.log(x)
    assert Value(x).tanh().data == math.tanh(x)
    assert Value(-x).relu().data == 0.0 and Value(x).relu().data == x
    assert Value(x).sigmoid().data == pytest.approx(1 / (1 + math.exp(-x)), rel=1e-15)
    assert Value(-x).sigmoid().data == pytest.approx(1 / (1 + math.exp(x)), rel=1e-15)


def test_sigmoid_is_stable_for_huge_inputs():
    lo, hi = Value(-1000.0).sigmoid(), Value(1000.0).sigmoid()
    assert lo.data == 0.0 and hi.data == 1.0
    lo.backward()
    hi.backward()
    assert math.isfinite(lo.grad) and math.isfinite(hi.grad)


def test_composite_expression():
    def f(a, b, c):
        return ((a * b + c).tanh().exp() / (1 + a.sigmoid()) - (b**2 + 1).log() + (c - a).relu() * 3) ** 2

    rng = np.random.default_rng(2)
    for _ in range(5):
        assert_gradients_match(f, [float(v) for v in rng.uniform(-1.5, 1.5, size=3)])


def test_neuron_gradients_by_hand():
    # o = tanh(x1 w1 + x2 w2 + b) with n = x1 w1 + x2 w2 + b = atanh(1/sqrt 2):
    # o = 1/sqrt 2, do/dn = 1 - o^2 = 1/2, so d o/d x1 = w1 / 2, d o / d w1 = x1 / 2, ...
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    b = Value(math.atanh(1 / math.sqrt(2)) + 6.0)
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    assert o.data == pytest.approx(1 / math.sqrt(2), rel=1e-12)
    assert [x1.grad, w1.grad, x2.grad, w2.grad, b.grad] == pytest.approx([-1.5, 1.0, 0.5, 0.0, 0.5], rel=1e-12)


def test_a_node_used_twice_accumulates():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0  # d(x^2)/dx = 2x: one contribution x from each use
    y = Value(-2.0)
    (y + y + y).backward()
    assert y.grad == 3.0


def test_repeated_backward_starts_afresh_and_zero_grad_resets():
    a, b = Value(2.0), Value(5.0)
    c = a * b + a
    c.backward()
    first = (a.grad, b.grad)
    assert first == (b.data + 1, a.data)
    c.backward()  # each call starts afresh: the same grads, not a sum over calls
    assert (a.grad, b.grad) == first
    a.grad = 100.0  # a stale grad left by someone else is reset too
    c.backward()
    assert (a.grad, b.grad) == first
    c.zero_grad()
    assert all(node.grad == 0.0 for node in topological_order(c))
    c.backward()
    assert (a.grad, b.grad) == first


def test_zero_grad_leaves_other_graphs_alone():
    a, other = Value(1.0), Value(4.0)
    c = a * 2
    (other * 3).backward()
    c.backward()
    c.zero_grad()
    assert a.grad == 0.0 and c.grad == 0.0
    assert other.grad == 3.0


def test_topological_order_puts_operands_first():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert len(order) == len(set(map(id, order))) == 5
    position = {id(v): i for i, v in enumerate(order)}
    for node in order:
        for child in node._prev:
            assert position[id(child)] < position[id(node)]
    assert order[-1] is e


def test_graph_attributes_for_drawing():
    x = Value(3.0, label="x")
    y = x * x + 1
    assert y._op == "+" and x._op == ""
    (square, one) = y._prev
    assert square._op == "*" and square._prev == (x,)  # operands listed once
    assert one.data == 1.0 and one._prev == ()
    assert x.label == "x"
    assert repr(Value(2)) == "Value(data=2.0, grad=0.0)"


@pytest.mark.parametrize("n", [10_000, 100_000])
def test_long_chain_needs_no_recursion(n):
    c = 1.00001
    x = Value(1.0)
    y = x
    start = time.perf_counter()
    for i in range(n):
        y = y * c if i % 2 else y + 0.5  # d y / d x = c^(n/2)
    y.backward()
    elapsed = time.perf_counter() - start
    assert n > sys.getrecursionlimit()
    assert rel_error(x.grad, c ** (n // 2)) < 1e-9
    assert elapsed < 30  # about 1 s for n = 100,000 on a laptop


def test_error_messages():
    with pytest.raises(ValueError, match=r"Value.log: log is defined only for data > 0; got data=0.0"):
        Value(0.0).log()
    with pytest.raises(ValueError, match=r"data > 0; got data=-2.0"):
        Value(-2.0).log()
    with pytest.raises(TypeError, match=r"Value.__pow__: the exponent must be a number"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(TypeError, match=r"exponent must be a number, not a Value"):
        2 ** Value(3.0)
    with pytest.raises(ValueError, match=r"negative base"):
        Value(-8.0) ** 0.5
    with pytest.raises(ZeroDivisionError, match=r"data=0.0"):
        Value(1.0) / Value(0.0)
    with pytest.raises(TypeError, match=r"Value: data must be a real number.*got str"):
        Value("3")
    with pytest.raises(TypeError, match=r"Value.__add__: the other operand must be a Value or a real number; got str"):
        Value(1.0) + "2"
    with pytest.raises(OverflowError, match=r"Value.exp: exp\(1000.0\) overflows"):
        Value(1000.0).exp()
    with pytest.raises(TypeError, match=r"topological_order: root must be a Value; got float"):
        topological_order(1.0)
