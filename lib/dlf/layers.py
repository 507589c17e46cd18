"""Layers with a forward and a backward pass (lectures 02, 05, 07 and 08).

The layer contract, shared by every class here:

- ``params`` and ``grads`` are dicts of arrays with the same keys and shapes
  (``Linear``: ``W`` is ``(D, K)``, ``b`` is ``(K,)``; so are ``dW`` and ``db``).
- ``forward(X)`` computes the output and keeps what ``backward`` will need.
- ``backward(dY)`` takes ``dL/dY`` (shape of the output), fills ``grads`` with
  ``dL/dparam`` (in place: the arrays in ``grads`` stay the same objects) and returns
  ``dX = dL/dX`` (shape of the input). Called before
  ``forward`` it raises ``RuntimeError``.
- ``train()`` and ``eval()`` switch the mode (only ``BatchNorm1d`` and ``Dropout`` behave
  differently).
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from . import functions as F
from ._validate import as_float_array, check_ndim, check_positive_int, check_rng, shape_str
from .init import INITIALIZERS

__all__ = [
    "Layer",
    "Linear",
    "ReLU",
    "LeakyReLU",
    "Sigmoid",
    "Tanh",
    "GELU",
    "BatchNorm1d",
    "Dropout",
    "Sequential",
    "Residual",
]


class Layer:
    """Base class: no parameters, training mode, and the shared checks."""

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.training = True
        self._cache = None

    def __call__(self, X):
        return self.forward(X)

    def train(self):
        """Switch to training mode; returns the layer."""
        self.training = True
        return self

    def eval(self):
        """Switch to evaluation mode; returns the layer."""
        self.training = False
        return self

    def zero_grad(self):
        """Set every gradient in ``grads`` to zero."""
        for g in self.grads.values():
            g[...] = 0

    def _input(self, X, features: int | None = None) -> np.ndarray:
        """Check a ``(N, D)`` input; ``features`` fixes D."""
        name = type(self).__name__ + ".forward"
        X = as_float_array(X, name, "X")
        spec = f"(N, {features})" if features else "(N, D)"
        check_ndim(X, 2, name, "X", spec)
        if features is not None and X.shape[1] != features:
            raise ValueError(f"{name}: X must have shape {spec}; got {shape_str(X.shape)}")
        return X

    def _upstream(self, dY) -> np.ndarray:
        """Check ``dY`` against the output of the last forward pass."""
        name = type(self).__name__ + ".backward"
        if self._cache is None:
            raise RuntimeError(f"{name} called before forward: run forward(X) first, it stores what backward needs")
        dY = as_float_array(dY, name, "dY")
        if dY.shape != self._out_shape:
            raise ValueError(
                f"{name}: dY must have the shape of the output Y {shape_str(self._out_shape)}; got {shape_str(dY.shape)}"
            )
        return dY

    def __repr__(self):
        return f"{type(self).__name__}()"


class Linear(Layer):
    """Fully connected layer ``Y = X W + b`` (lecture 02; its backward, lecture 04).

    Parameters
    ----------
    D : int
        Input features.
    K : int
        Output features.
    rng : np.random.Generator
        Source of the initial weights.
    init : str, float or callable, default "he"
        ``"he"``, ``"he_uniform"``, ``"xavier"``, ``"xavier_normal"`` (see ``dlf.init``),
        ``"zeros"``, a float ``std`` for ``N(0, std^2)``, or ``init(D, K, rng=, dtype=)``.
    dtype : float dtype, default float64

    Attributes
    ----------
    params : {"W": (D, K) ndarray, "b": (K,) ndarray}
    grads : {"W": (D, K) ndarray, "b": (K,) ndarray}
    """

    def __init__(self, D: int, K: int, *, rng: np.random.Generator, init="he", dtype=np.float64):
        super().__init__()
        self.D = check_positive_int(D, "Linear", "D")
        self.K = check_positive_int(K, "Linear", "K")
        check_rng(rng, "Linear")
        if init == "zeros":
            W = np.zeros((D, K), dtype=dtype)
        elif isinstance(init, (int, float)) and not isinstance(init, bool):
            W = rng.normal(0.0, float(init), size=(D, K)).astype(dtype)
        elif callable(init):
            W = np.asarray(init(D, K, rng=rng, dtype=dtype), dtype=dtype)
        elif init in INITIALIZERS:
            W = INITIALIZERS[init](D, K, rng=rng, dtype=dtype)
        else:
            raise ValueError(
                f"Linear: init must be one of {sorted(INITIALIZERS) + ['zeros']}, a std or a callable; got {init!r}"
            )
        if W.shape != (D, K):
            raise ValueError(f"Linear: init must return W of shape ({D}, {K}); got {shape_str(W.shape)}")
        self.params = {"W": W, "b": np.zeros(K, dtype=dtype)}
        self.grads = {"W": np.zeros_like(W), "b": np.zeros(K, dtype=dtype)}

    def forward(self, X):
        """``Y = X W + b``.

        Parameters
        ----------
        X : (N, D) ndarray

        Returns
        -------
        Y : (N, K) ndarray
        """
        X = self._input(X, self.D)
        self._cache = X
        Y = X @ self.params["W"]
        Y += self.params["b"]  # broadcast over the N rows, in place
        self._out_shape = Y.shape
        return Y

    def backward(self, dY):
        """``dW = X^T dY``, ``db = sum_n dY_n``, ``dX = dY W^T``.

        Parameters
        ----------
        dY : (N, K) ndarray

        Returns
        -------
        dX : (N, D) ndarray
        """
        dY = self._upstream(dY)
        X = self._cache
        np.matmul(X.T, dY, out=self.grads["W"])  # filled in place: references stay valid
        np.sum(dY, axis=0, out=self.grads["b"])
        return dY @ self.params["W"].T

    def __repr__(self):
        return f"Linear(D={self.D}, K={self.K})"


class _Activation(Layer):
    """Element-wise activation ``Y = f(X)``; backward is ``dX = dY * f'(X)``."""

    function = staticmethod(F.relu)
    derivative = staticmethod(F.relu_grad)

    def forward(self, X):
        """Apply the activation element-wise.

        Parameters
        ----------
        X : (N, D) ndarray

        Returns
        -------
        Y : (N, D) ndarray
        """
        X = self._input(X)
        self._cache = X
        self._out_shape = X.shape
        return self.function(X)

    def backward(self, dY):
        """``dX = dY * f'(X)``, the chain rule element by element.

        Parameters
        ----------
        dY : (N, D) ndarray

        Returns
        -------
        dX : (N, D) ndarray
        """
        dY = self._upstream(dY)
        return dY * self.derivative(self._cache)


class ReLU(_Activation):
    """ReLU layer, ``max(0, X)`` (lecture 03)."""

    function = staticmethod(F.relu)
    derivative = staticmethod(F.relu_grad)


class Sigmoid(_Activation):
    """Sigmoid layer (lecture 03)."""

    function = staticmethod(F.sigmoid)
    derivative = staticmethod(F.sigmoid_grad)


class Tanh(_Activation):
    """Tanh layer (lecture 03)."""

    function = staticmethod(F.tanh)
    derivative = staticmethod(F.tanh_grad)


class GELU(_Activation):
    """Exact GELU layer (lecture 03)."""

    function = staticmethod(F.gelu)
    derivative = staticmethod(F.gelu_grad)


class LeakyReLU(_Activation):
    """Leaky ReLU layer with slope ``alpha`` for negative inputs (lecture 03)."""

    def __init__(self, alpha: float = 0.01):
        super().__init__()
        F.leaky_relu(0.0, alpha)  # validates alpha
        self.alpha = alpha

    def function(self, X):
        return F.leaky_relu(X, self.alpha)

    def derivative(self, X):
        return F.leaky_relu_grad(X, self.alpha)

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class BatchNorm1d(Layer):
    """Batch normalization over the batch axis (Ioffe and Szegedy, 2015; lecture 07).

    Training mode: normalize each feature with the batch mean and variance,
    ``X_hat = (X - mu) / sqrt(var + eps)``, then ``Y = gamma * X_hat + beta``; and update
    the running statistics ``running = (1 - momentum) running + momentum batch``
    (``running_var`` with the unbiased batch variance, as PyTorch does).
    Evaluation mode: use the running statistics, so one example's output does not
    depend on the others in its batch.

    Parameters
    ----------
    D : int
        Features.
    momentum : float, default 0.1
    eps : float, default 1e-5

    Attributes
    ----------
    params : {"gamma": (D,) ndarray, "beta": (D,) ndarray}
    running_mean, running_var : (D,) ndarray
    """

    def __init__(self, D: int, *, momentum: float = 0.1, eps: float = 1e-5, dtype=np.float64):
        super().__init__()
        self.D = check_positive_int(D, "BatchNorm1d", "D")
        if not 0 <= momentum <= 1:
            raise ValueError(f"BatchNorm1d: momentum must be in [0, 1]; got {momentum}")
        if not eps > 0:
            raise ValueError(f"BatchNorm1d: eps must be > 0; got {eps}")
        self.momentum, self.eps = momentum, eps
        self.params = {"gamma": np.ones(D, dtype=dtype), "beta": np.zeros(D, dtype=dtype)}
        self.grads = {"gamma": np.zeros(D, dtype=dtype), "beta": np.zeros(D, dtype=dtype)}
        self.running_mean = np.zeros(D, dtype=dtype)
        self.running_var = np.ones(D, dtype=dtype)

    def forward(self, X):
        """Normalize, scale and shift.

        Parameters
        ----------
        X : (N, D) ndarray
            In training mode N must be at least 2 (a variance needs two examples).

        Returns
        -------
        Y : (N, D) ndarray
        """
        X = self._input(X, self.D)
        if self.training:
            N = X.shape[0]
            if N < 2:
                raise ValueError(
                    f"BatchNorm1d.forward: training mode needs a batch of N >= 2 examples; got N = {N} (use eval() for single examples)"
                )
            mu = X.mean(axis=0)
            var = X.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mu
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * N / (N - 1)
        else:
            mu, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        X_hat = (X - mu) * inv_std
        self._cache = (X_hat, inv_std, self.training)
        self._out_shape = X.shape
        return self.params["gamma"] * X_hat + self.params["beta"]

    def backward(self, dY):
        """Backward through normalization with batch statistics (or fixed ones in eval).

        In training mode the mean and variance depend on every example, which gives
        ``dX = (inv_std / N) (N dX_hat - sum(dX_hat) - X_hat sum(dX_hat X_hat))``.

        Parameters
        ----------
        dY : (N, D) ndarray

        Returns
        -------
        dX : (N, D) ndarray
        """
        dY = self._upstream(dY)
        X_hat, inv_std, training = self._cache
        np.sum(dY * X_hat, axis=0, out=self.grads["gamma"])
        np.sum(dY, axis=0, out=self.grads["beta"])
        dX_hat = dY * self.params["gamma"]
        if not training:
            return dX_hat * inv_std
        N = dY.shape[0]
        return (inv_std / N) * (N * dX_hat - dX_hat.sum(axis=0) - X_hat * np.sum(dX_hat * X_hat, axis=0))

    def __repr__(self):
        return f"BatchNorm1d(D={self.D})"


class Dropout(Layer):
    """Inverted dropout (Srivastava, Hinton, Krizhevsky, Sutskever and Salakhutdinov, 2014; lecture 08).

    Training mode: every unit is zeroed with probability ``p``, independently, and the
    kept ones are scaled by ``1 / (1 - p)``, so that ``E[Y] = X``: ``Y = X * mask`` with
    ``mask = (u >= p) / (1 - p)``, ``u`` uniform in [0, 1), a fresh mask at every forward
    pass. Evaluation mode: the identity, with nothing drawn; thanks to the scaling in
    training, the next layer sees inputs of the same mean in both modes.

    Parameters
    ----------
    p : float
        Probability of dropping a unit, in [0, 1); ``p = 0`` is the identity.
    rng : np.random.Generator
        Draws the masks.

    Attributes
    ----------
    params, grads : {}
        No parameters.
    mask : (N, D) ndarray or None
        The scaled mask of the last forward pass, 0 or ``1 / (1 - p)``; None when that
        pass was the identity (evaluation mode or ``p = 0``).
    """

    def __init__(self, p: float, *, rng: np.random.Generator):
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, Real):
            raise TypeError(f"Dropout: p must be a number in [0, 1); got {type(p).__name__}")
        if not 0 <= p < 1:
            raise ValueError(f"Dropout: p must be a probability in [0, 1) (1 would drop every unit); got {p}")
        self.p = float(p)
        self.rng = check_rng(rng, "Dropout")
        self.mask = None

    def forward(self, X):
        """Drop and scale in training mode; the identity in evaluation mode.

        Parameters
        ----------
        X : (N, D) ndarray

        Returns
        -------
        Y : (N, D) ndarray
            ``X * mask`` in training mode, a copy of ``X`` in evaluation mode.
        """
        X = self._input(X)
        if self.training and self.p > 0:
            keep = self.rng.random(X.shape) >= self.p  # True with probability 1 - p
            self.mask = keep.astype(X.dtype) / (1 - self.p)
            Y = X * self.mask
        else:
            self.mask = None
            Y = X.copy()
        self._cache = True  # backward needs only the mask
        self._out_shape = X.shape
        return Y

    def backward(self, dY):
        """``dX = dY * mask``: a dropped unit passes no gradient back, a kept one is scaled.

        Parameters
        ----------
        dY : (N, D) ndarray

        Returns
        -------
        dX : (N, D) ndarray
        """
        dY = self._upstream(dY)
        return dY.copy() if self.mask is None else dY * self.mask

    def __repr__(self):
        return f"Dropout(p={self.p})"


class Sequential(Layer):
    """A network as a composition ``f(x) = f_n(... f_1(x))`` (lecture 02).

    ``forward`` runs the layers first to last; ``backward`` runs them last to first,
    each layer turning ``dL/d(its output)`` into ``dL/d(its input)`` (lecture 05).

    Parameters
    ----------
    *layers : Layer

    Attributes
    ----------
    params, grads : dict
        Every layer's arrays under ``"<index>.<name>"``, e.g. ``"0.W"``; the same array
        objects as the layers hold, so an optimizer updates the layers in place. Read-only:
        ``net.params = ...`` raises ``AttributeError`` (change a layer's arrays instead).
    """

    def __init__(self, *layers: Layer):
        # Not Layer.__init__: that gives a layer dicts of its own, and a Sequential owns no
        # arrays; its params and grads are read from its layers (the properties below).
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(
                    f"Sequential: layer {i} must be a dlf Layer (Linear, ReLU, ...); got {type(layer).__name__}"
                )
        self.layers = list(layers)
        self.training = True

    @property
    def params(self) -> dict[str, np.ndarray]:
        """Every layer's parameters under ``"<index>.<name>"``: the layers' own arrays."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """Every layer's gradients under ``"<index>.<name>"``: the layers' own arrays."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.grads.items()}

    def forward(self, X):
        """Run every layer, first to last.

        Parameters
        ----------
        X : (N, D) ndarray

        Returns
        -------
        Y : (N, K) ndarray
        """
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, dY):
        """Run every layer's backward, last to first; returns ``dX`` (N, D)."""
        for layer in reversed(self.layers):
            dY = layer.backward(dY)
        return dY

    def train(self):
        for layer in self.layers:
            layer.train()
        self.training = True
        return self

    def eval(self):
        for layer in self.layers:
            layer.eval()
        self.training = False
        return self

    def zero_grad(self):
        for layer in self.layers:
            layer.zero_grad()

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __repr__(self):
        inner = ",\n  ".join(repr(layer) for layer in self.layers)
        return f"Sequential(\n  {inner}\n)"


class Residual(Layer):
    """A residual block ``Y = X + F(X)`` (He, Zhang, Ren and Sun, 2016; lecture 07).

    ``F`` is the composition of ``layers``, run as a ``Sequential``; its output must have
    the shape of its input, so that the two can be added. The identity path ``X`` carries
    the gradient past ``F`` unchanged: ``dX = dY + F.backward(dY)``.

    Parameters
    ----------
    *layers : Layer
        The layers of ``F``; together they map ``(N, D)`` to ``(N, D)``.

    Attributes
    ----------
    inner : Sequential
        ``F``.
    params, grads : dict
        ``F``'s arrays, named as in ``Sequential`` (``"0.W"``, ...); the same array objects
        as its layers hold, so an optimizer updates them in place. Read-only.
    """

    def __init__(self, *layers: Layer):
        # Like Sequential, not Layer.__init__: a Residual owns no arrays, its layers do.
        if not layers:
            raise TypeError("Residual: needs at least one layer for F, e.g. Residual(Linear(D, D, rng=rng), ReLU())")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(
                    f"Residual: layer {i} must be a dlf Layer (Linear, ReLU, ...); got {type(layer).__name__}"
                )
        self.inner = Sequential(*layers)
        self.training = True
        self._cache = None

    @property
    def params(self) -> dict[str, np.ndarray]:
        """``F``'s parameters under ``"<index>.<name>"``: its layers' own arrays."""
        return self.inner.params

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """``F``'s gradients under ``"<index>.<name>"``: its layers' own arrays."""
        return self.inner.grads

    def forward(self, X):
        """``Y = X + F(X)``.

        Parameters
        ----------
        X : (N, D) ndarray

        Returns
        -------
        Y : (N, D) ndarray
        """
        X = self._input(X)
        F_X = self.inner.forward(X)
        if F_X.shape != X.shape:
            raise ValueError(
                f"Residual.forward: F must return the shape of its input X {shape_str(X.shape)} to be added to it; "
                f"got {shape_str(np.shape(F_X))} (make F's last layer output D = {X.shape[1]} features)"
            )
        self._cache = True  # backward needs nothing of its own: F's layers keep what they need
        self._out_shape = X.shape
        return X + F_X

    def backward(self, dY):
        """``dX = dY + F.backward(dY)``: the identity path plus the path through ``F``.

        Parameters
        ----------
        dY : (N, D) ndarray

        Returns
        -------
        dX : (N, D) ndarray
        """
        dY = self._upstream(dY)
        return dY + self.inner.backward(dY)

    def train(self):
        self.inner.train()
        self.training = True
        return self

    def eval(self):
        self.inner.eval()
        self.training = False
        return self

    def zero_grad(self):
        self.inner.zero_grad()

    def __repr__(self):
        inner = ",\n    ".join(repr(layer) for layer in self.inner.layers)
        return f"Residual(\n    {inner}\n  )"
