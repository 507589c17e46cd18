"""Scalar reverse-mode automatic differentiation: ``Value`` (lecture 04).

This is Andrej Karpathy's micrograd (https://github.com/karpathy/micrograd,
``micrograd/engine.py``, MIT licence), rewritten for the course. The ideas:

* Every operation computes its output and, right next to it, a small ``_backward``
  function with its *local* derivative. ``_backward`` applies the chain rule for one
  node: ``child.grad += (d out / d child) * out.grad``.
* Gradients **accumulate** with ``+=``. A node used twice (``x * x``) receives one
  contribution per use: the multivariate chain rule sums over all paths.
* ``backward()`` resets every grad of the graph to 0, then runs the ``_backward``
  functions from the output down to the inputs, in reverse topological order. So
  contributions add up within one pass, and each call starts afresh. The order is found with a loop and an explicit stack:
  micrograd's recursive version overflows Python's stack on a chain of ~1000 operations.

>>> a, b = Value(2.0, label="a"), Value(-3.0, label="b")
>>> c = a * b + a            # c = ab + a
>>> c.backward()
>>> a.grad, b.grad           # dc/da = b + 1, dc/db = a
(-2.0, 2.0)
"""

from __future__ import annotations

import math
from numbers import Real

__all__ = ["Value", "topological_order"]


def _lift(x, where: str) -> Value:
    """Return ``x`` if it is a Value, else wrap the number ``x`` as a constant Value."""
    if isinstance(x, Value):
        return x
    if not isinstance(x, Real):
        raise TypeError(f"{where}: the other operand must be a Value or a real number; got {type(x).__name__}")
    return Value(x)


class Value:
    """A scalar that remembers how it was computed, so that it can be differentiated.

    Parameters
    ----------
    data : float
        The number.
    label : str, optional
        A name for graph drawings (``dlf.plot``), e.g. ``"w1"``.

    Attributes
    ----------
    data : float
        Result of the forward computation.
    grad : float
        ``d root / d self`` after ``root.backward()``; 0.0 at first. Within one
        backward pass the contributions of every use of a node add up (``+=``); each
        call of ``backward`` starts afresh, so ``grad`` is the gradient of the latest
        call, never a sum over calls (the rule of the whole course, lecture 04: the
        layers' ``backward`` overwrites their ``grads`` too; PyTorch instead adds over
        calls, which is why its training loops call ``zero_grad``).
    _prev : tuple of Value
        The distinct operands this node was computed from; empty for an input.
    _op : str
        The operation that made it, e.g. ``'+'``, ``'*'``, ``'tanh'``; ``''`` for an input.
    """

    def __init__(self, data, _children=(), _op: str = "", label: str = ""):
        if not isinstance(data, Real):
            raise TypeError(f"Value: data must be a real number (int or float); got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None  # an input has nobody to pass its gradient to
        self._prev = tuple(dict.fromkeys(_children))  # distinct, in operand order
        self._op = _op
        self.label = label

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # ---- operations: forward value, then the local backward rule ----------------

    def __add__(self, other):
        other = _lift(other, "Value.__add__")
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():  # d(a + b)/da = 1, d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __sub__(self, other):
        other = _lift(other, "Value.__sub__")
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():  # d(a - b)/da = 1, d(a - b)/db = -1
            self.grad += out.grad
            other.grad -= out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _lift(other, "Value.__mul__")
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = _lift(other, "Value.__truediv__")
        if other.data == 0.0:
            raise ZeroDivisionError("Value.__truediv__: division by a Value with data=0.0")
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():  # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            self.grad += out.grad / other.data
            other.grad -= self.data / other.data**2 * out.grad

        out._backward = _backward
        return out

    def __pow__(self, k):
        if not isinstance(k, Real):
            raise TypeError(
                f"Value.__pow__: the exponent must be a number (int or float); got {type(k).__name__}. "
                "For a Value exponent write (k * x.log()).exp()"
            )
        if self.data < 0 and not float(k).is_integer():
            raise ValueError(
                f"Value.__pow__: ({self.data}) ** {k} is not a real number (negative base, fractional exponent)"
            )
        if self.data == 0 and k < 0:
            raise ZeroDivisionError(f"Value.__pow__: 0.0 ** {k} divides by zero")
        out = Value(self.data**k, (self,), f"**{k}")

        def _backward():  # d(x^k)/dx = k x^(k-1)
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out

    def __neg__(self):
        out = Value(-self.data, (self,), "neg")

        def _backward():  # d(-x)/dx = -1
            self.grad -= out.grad

        out._backward = _backward
        return out

    def exp(self):
        """``e^x``; its derivative is itself."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(
                f"Value.exp: exp({self.data}) overflows float64 (finite only up to x = 709.78)"
            ) from None
        out = Value(e, (self,), "exp")

        def _backward():  # d(e^x)/dx = e^x
            self.grad += e * out.grad

        out._backward = _backward
        return out

    def log(self):
        """Natural logarithm, defined for ``data > 0``."""
        if self.data <= 0:
            raise ValueError(f"Value.log: log is defined only for data > 0; got data={self.data}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():  # d(log x)/dx = 1/x
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self):
        """Hyperbolic tangent, in (-1, 1)."""
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():  # d(tanh x)/dx = 1 - tanh(x)^2
            self.grad += (1.0 - t * t) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        """``max(0, x)``; its derivative at 0 is taken to be 0."""
        out = Value(max(0.0, self.data), (self,), "relu")

        def _backward():  # d relu(x)/dx = 1 if x > 0 else 0
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self):
        """Logistic sigmoid ``1 / (1 + e^-x)``, computed without overflow for any x."""
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        out = Value(s, (self,), "sigmoid")

        def _backward():  # d sigma(x)/dx = sigma(x) (1 - sigma(x))
            self.grad += s * (1.0 - s) * out.grad

        out._backward = _backward
        return out

    # ---- a number on the left: 2 + v, 2 * v, 2 - v, 2 / v ----------------------

    def __radd__(self, other):
        return _lift(other, "Value.__radd__") + self

    def __rmul__(self, other):
        return _lift(other, "Value.__rmul__") * self

    def __rsub__(self, other):
        return _lift(other, "Value.__rsub__") - self

    def __rtruediv__(self, other):
        return _lift(other, "Value.__rtruediv__") / self

    def __rpow__(self, other):
        raise TypeError(
            "Value.__rpow__: the exponent must be a number, not a Value; for c ** x write (x * math.log(c)).exp()"
        )

    # ---- the backward pass -------------------------------------------------------

    def backward(self) -> None:
        """Fill ``grad`` of every node below this one with ``d self / d node``.

        Resets the grad of every node below this one (inputs included) to 0, sets
        ``self.grad = 1``, then calls each node's ``_backward`` from the output down to
        the inputs, which add their contributions. A second call gives the same grads,
        not twice them.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    def zero_grad(self) -> None:
        """Set ``grad = 0.0`` on this node and on every node it was computed from.

        ``backward`` does this itself; call it to clear the grads without a new pass.
        """
        for node in topological_order(self):
            node.grad = 0.0


def topological_order(root: Value) -> list[Value]:
    """Every node of the graph below ``root``, each after all of its operands.

    Depth-first search with an explicit stack (no recursion, so a chain of 100,000
    operations is fine). ``root`` is last; ``backward`` walks the list in reverse.

    Parameters
    ----------
    root : Value

    Returns
    -------
    list of Value
        Each node once, inputs first, ``root`` last.
    """
    if not isinstance(root, Value):
        raise TypeError(f"topological_order: root must be a Value; got {type(root).__name__}")
    order, seen = [], set()
    stack = [(root, False)]  # (node, are its operands already in `order`?)
    while stack:
        node, operands_done = stack.pop()
        if operands_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))  # comes back after all its operands
            stack.extend((child, False) for child in reversed(node._prev) if child not in seen)
    return order
