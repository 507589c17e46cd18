"""Optimizers (lecture 06), each exactly the update of its ``torch.optim`` namesake.

Every optimizer has ``step(params, grads)``: ``params`` and ``grads`` are dicts with
the same keys (a model's ``params`` and ``grads``) or lists of arrays in the same
order. Each parameter array is updated in place, and per-parameter state (velocity,
moments) is kept under its key. Notation: ``theta`` a parameter, ``g`` its gradient,
``u`` the velocity of momentum, ``t`` the step count of that parameter, starting at 1,
``lr`` the learning rate.

Learning-rate schedules (``step_decay``, ``cosine_schedule``) are plain functions that
return the learning rate to use: set ``optimizer.lr`` to it before a step or an epoch.
``clip_grad_norm`` rescales the gradients before ``step``, as
``torch.nn.utils.clip_grad_norm_`` does.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "Optimizer",
    "SGD",
    "AdaGrad",
    "RMSProp",
    "Adam",
    "AdamW",
    "OPTIMIZERS",
    "step_decay",
    "cosine_schedule",
    "clip_grad_norm",
]


class Optimizer:
    """Shared machinery: argument checks, per-parameter state, the step counter."""

    def __init__(self, lr: float, weight_decay: float = 0.0):
        name = type(self).__name__
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr > 0:
            raise ValueError(f"{name}: lr must be a number > 0; got {lr!r}")
        if not weight_decay >= 0:
            raise ValueError(f"{name}: weight_decay must be >= 0; got {weight_decay!r}")
        self.lr, self.weight_decay = float(lr), float(weight_decay)
        self.state: dict = {}

    def _pairs(self, params, grads):
        name = type(self).__name__ + ".step"
        if isinstance(params, dict):
            if not isinstance(grads, dict) or params.keys() != grads.keys():
                raise ValueError(
                    f"{name}: grads must have the same keys as params {sorted(params)}; got {sorted(grads) if isinstance(grads, dict) else type(grads).__name__}"
                )
            keys = list(params)
        else:
            params, grads = list(params), list(grads)
            if len(params) != len(grads):
                raise ValueError(f"{name}: got {len(params)} params but {len(grads)} grads")
            keys = range(len(params))
        for k in keys:
            p, g = params[k], grads[k]
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise TypeError(
                    f"{name}: parameter {k!r} must be a float ndarray (updated in place); got {type(p).__name__}"
                )
            if np.shape(g) != p.shape:
                raise ValueError(
                    f"{name}: the gradient of {k!r} must have the shape of the parameter {p.shape}; got {np.shape(g)}"
                )
            yield k, p, np.asarray(g, dtype=p.dtype)

    def step(self, params, grads):
        """Update every parameter in place from its gradient."""
        for key, p, g in list(self._pairs(params, grads)):
            if key not in self.state:
                self.state[key] = {"t": 0, **self._init_state(p)}
            state = self.state[key]
            state["t"] += 1
            self._update(p, g, state)

    def _init_state(self, p):
        return {}

    def _update(self, p, g, state):  # pragma: no cover - abstract
        raise NotImplementedError


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum and Nesterov momentum.

    .. math::
        g &\leftarrow g + \lambda \theta \quad (\text{weight decay } \lambda)\\
        u_t &= \mu u_{t-1} + (1 - \tau) g \quad (u_1 = g)\\
        g &\leftarrow g + \mu u_t \ \text{(Nesterov)} \quad\text{or}\quad g \leftarrow u_t\\
        \theta &\leftarrow \theta - \mathrm{lr}\, g

    With ``momentum = 0`` this is plain ``theta <- theta - lr g``.

    Parameters
    ----------
    lr : float
    momentum : float, default 0 (``mu``)
    dampening : float, default 0 (``tau``)
    nesterov : bool, default False
    weight_decay : float, default 0 (``lambda``)
    """

    def __init__(self, lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
        super().__init__(lr, weight_decay)
        if not 0 <= momentum < 1:
            raise ValueError(f"SGD: momentum must be in [0, 1); got {momentum!r}")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("SGD: nesterov=True needs momentum > 0 and dampening = 0")
        self.momentum, self.dampening, self.nesterov = momentum, dampening, nesterov

    def _update(self, p, g, state):
        if self.weight_decay:
            g = g + self.weight_decay * p
        if self.momentum:
            if "u" not in state:
                state["u"] = g.copy()
            else:
                state["u"] = self.momentum * state["u"] + (1 - self.dampening) * g
            g = g + self.momentum * state["u"] if self.nesterov else state["u"]
        p -= self.lr * g


class AdaGrad(Optimizer):
    r"""AdaGrad: each coordinate's step shrinks with its accumulated squared gradients.

    .. math::
        g &\leftarrow g + \lambda \theta\\
        \tilde{\mathrm{lr}} &= \mathrm{lr} / (1 + (t - 1)\,\eta)\\
        s_t &= s_{t-1} + g^2\\
        \theta &\leftarrow \theta - \tilde{\mathrm{lr}}\, g / (\sqrt{s_t} + \epsilon)

    Parameters
    ----------
    lr : float, default 0.01
    lr_decay : float, default 0 (``eta``)
    weight_decay : float, default 0
    initial_accumulator_value : float, default 0 (``s_0``)
    eps : float, default 1e-10
    """

    def __init__(self, lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10):
        super().__init__(lr, weight_decay)
        self.lr_decay, self.initial, self.eps = lr_decay, initial_accumulator_value, eps

    def _init_state(self, p):
        return {"sum": np.full_like(p, self.initial)}

    def _update(self, p, g, state):
        if self.weight_decay:
            g = g + self.weight_decay * p
        lr = self.lr / (1 + (state["t"] - 1) * self.lr_decay)
        state["sum"] += g * g
        p -= lr * g / (np.sqrt(state["sum"]) + self.eps)


class RMSProp(Optimizer):
    r"""RMSProp: divide by a running root-mean-square of recent gradients.

    .. math::
        g &\leftarrow g + \lambda \theta\\
        v_t &= \alpha v_{t-1} + (1 - \alpha) g^2\\
        \tilde v_t &= v_t - \bar g_t^2,\ \ \bar g_t = \alpha \bar g_{t-1} + (1 - \alpha) g
            \quad \text{(centered only; else } \tilde v_t = v_t)\\
        u_t &= \mu u_{t-1} + g / (\sqrt{\tilde v_t} + \epsilon),\ \
            \theta \leftarrow \theta - \mathrm{lr}\, u_t \quad (\mu > 0)\\
        \theta &\leftarrow \theta - \mathrm{lr}\, g / (\sqrt{\tilde v_t} + \epsilon) \quad (\mu = 0)

    Parameters
    ----------
    lr : float, default 0.01
    alpha : float, default 0.99
    eps : float, default 1e-8
    weight_decay : float, default 0
    momentum : float, default 0
    centered : bool, default False
    """

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        super().__init__(lr, weight_decay)
        if not 0 <= alpha < 1:
            raise ValueError(f"RMSProp: alpha must be in [0, 1); got {alpha!r}")
        self.alpha, self.eps, self.momentum, self.centered = alpha, eps, momentum, centered

    def _init_state(self, p):
        return {"v": np.zeros_like(p), "g_avg": np.zeros_like(p), "u": np.zeros_like(p)}

    def _update(self, p, g, state):
        if self.weight_decay:
            g = g + self.weight_decay * p
        a = self.alpha
        state["v"] = a * state["v"] + (1 - a) * g * g
        v = state["v"]
        if self.centered:
            state["g_avg"] = a * state["g_avg"] + (1 - a) * g
            v = v - state["g_avg"] ** 2
        denom = np.sqrt(v) + self.eps
        if self.momentum > 0:
            state["u"] = self.momentum * state["u"] + g / denom
            p -= self.lr * state["u"]
        else:
            p -= self.lr * g / denom


class Adam(Optimizer):
    r"""Adam: momentum on the gradient and RMSProp scaling, both bias-corrected.

    .. math::
        g &\leftarrow g + \lambda \theta \quad \text{(an L2 term, coupled into the moments)}\\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g\\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g^2\\
        \hat m_t &= m_t / (1 - \beta_1^t),\quad \hat v_t = v_t / (1 - \beta_2^t)\\
        \theta &\leftarrow \theta - \mathrm{lr}\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)

    ``m_0 = v_0 = 0`` biases the first moments towards 0; dividing by ``1 - beta^t``
    removes that bias (at t = 1, ``m_hat = g`` exactly). With ``amsgrad``,
    ``v_hat`` uses the running maximum of ``v_t``.

    Parameters
    ----------
    lr : float, default 1e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
    amsgrad : bool, default False
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False):
        super().__init__(lr, weight_decay)
        b1, b2 = betas
        if not (0 <= b1 < 1 and 0 <= b2 < 1):
            raise ValueError(f"{type(self).__name__}: betas must be in [0, 1); got {betas!r}")
        self.beta1, self.beta2, self.eps, self.amsgrad = b1, b2, eps, amsgrad

    def _init_state(self, p):
        state = {"m": np.zeros_like(p), "v": np.zeros_like(p), "scratch": np.empty_like(p)}
        if self.amsgrad:
            state["v_max"] = np.zeros_like(p)
        return state

    def _decay(self, p, g):
        """Adam's weight decay: an L2 term added to the gradient."""
        return g + self.weight_decay * p if self.weight_decay else g

    def _update(self, p, g, state):
        # The formulas of the docstring, computed in place in preallocated arrays: a
        # large model's step then costs a few passes over memory and no allocation.
        g = self._decay(p, g)
        b1, b2, t = self.beta1, self.beta2, state["t"]
        m, v, tmp = state["m"], state["v"], state["scratch"]
        m *= b1
        np.multiply(g, 1 - b1, out=tmp)
        m += tmp  # m_t = b1 m + (1 - b1) g
        v *= b2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - b2
        v += tmp  # v_t = b2 v + (1 - b2) g^2
        if self.amsgrad:
            np.maximum(state["v_max"], v, out=state["v_max"])
            v = state["v_max"]
        # lr m_hat / (sqrt(v_hat) + eps), arranged as PyTorch computes it:
        # (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
        np.sqrt(v, out=tmp)
        tmp /= math.sqrt(1 - b2**t)
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= self.lr / (1 - b1**t)
        p -= tmp


class AdamW(Adam):
    r"""AdamW: Adam with decoupled weight decay (Loshchilov and Hutter, 2019).

    .. math::
        \theta &\leftarrow \theta - \mathrm{lr}\, \lambda \theta\\
        &\text{then the Adam update with the raw gradient } g

    The decay shrinks the weights directly instead of entering ``m`` and ``v``, so it
    is not rescaled by ``1 / sqrt(v_hat)``: every weight decays at the same rate.

    Parameters
    ----------
    lr : float, default 1e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 1e-2
    amsgrad : bool, default False
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False):
        super().__init__(lr, betas, eps, weight_decay, amsgrad)

    def _decay(self, p, g):
        p *= 1 - self.lr * self.weight_decay
        return g


#: name -> optimizer class, for widgets and lectures.
OPTIMIZERS = {"sgd": SGD, "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam, "adamw": AdamW}


def _check_number(value, where: str, name: str, *, low: float, strict: bool) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if ok:
        ok = math.isfinite(value) and (value > low if strict else value >= low)
    if not ok:
        raise ValueError(f"{where}: {name} must be a number {'>' if strict else '>='} {low:g}; got {value!r}")
    return float(value)


def _check_count(value, where: str, name: str, *, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{where}: {name} must be an int >= {low}; got {value!r}")
    return int(value)


def step_decay(lr0: float, epoch: int, *, step_size: int, gamma: float = 0.1) -> float:
    """Step decay: the learning rate is multiplied by ``gamma`` every ``step_size`` epochs.

    ``lr = lr0 * gamma ** (epoch // step_size)``, as ``torch.optim.lr_scheduler.StepLR``
    (lecture 06). Epochs count from 0.

    Parameters
    ----------
    lr0 : float
        The learning rate of the first ``step_size`` epochs, > 0.
    epoch : int
        The epoch about to start, >= 0.
    step_size : int
        Epochs between two decays, >= 1.
    gamma : float, default 0.1
        The factor of each decay, in (0, 1].

    Returns
    -------
    lr : float
    """
    where = "step_decay"
    lr0 = _check_number(lr0, where, "lr0", low=0, strict=True)
    epoch = _check_count(epoch, where, "epoch", low=0)
    step_size = _check_count(step_size, where, "step_size", low=1)
    gamma = _check_number(gamma, where, "gamma", low=0, strict=True)
    if gamma > 1:
        raise ValueError(f"{where}: gamma must be in (0, 1]; got {gamma!r}")
    return lr0 * gamma ** (epoch // step_size)


def cosine_schedule(lr0: float, t: int, total: int, *, lr_min: float = 0.0, warmup: int = 0) -> float:
    r"""Cosine decay from ``lr0`` to ``lr_min`` over ``total`` steps, after an optional linear warmup.

    During the first ``warmup`` steps the rate grows linearly, ``lr0 (t + 1) / warmup``;
    then, with ``s = (t - warmup) / (total - warmup)`` going from 0 to 1,

    .. math:: \mathrm{lr} = \mathrm{lr_{min}} + \tfrac12 (\mathrm{lr_0} - \mathrm{lr_{min}})\,(1 + \cos \pi s)

    (Loshchilov and Hutter's SGDR without restarts; lecture 06). After ``total`` steps the
    rate stays at ``lr_min``. ``t`` may count steps or epochs, as long as ``total`` and
    ``warmup`` count the same thing.

    Parameters
    ----------
    lr0 : float
        The peak learning rate, reached at the end of the warmup, > 0.
    t : int
        The step about to be taken, >= 0.
    total : int
        The length of the whole schedule, warmup included, > ``warmup``.
    lr_min : float, default 0
        The final learning rate, in [0, lr0].
    warmup : int, default 0
        Steps of linear warmup, >= 0.

    Returns
    -------
    lr : float
    """
    where = "cosine_schedule"
    lr0 = _check_number(lr0, where, "lr0", low=0, strict=True)
    t = _check_count(t, where, "t", low=0)
    warmup = _check_count(warmup, where, "warmup", low=0)
    total = _check_count(total, where, "total", low=warmup + 1)
    lr_min = _check_number(lr_min, where, "lr_min", low=0, strict=False)
    if lr_min > lr0:
        raise ValueError(f"{where}: lr_min must be <= lr0 = {lr0!r}; got {lr_min!r}")
    if t < warmup:
        return lr0 * (t + 1) / warmup
    s = min(t - warmup, total - warmup) / (total - warmup)
    return lr_min + 0.5 * (lr0 - lr_min) * (1 + math.cos(math.pi * s))


def clip_grad_norm(grads, max_norm: float) -> float:
    r"""Rescale all gradients together so that their global norm is at most ``max_norm``.

    The global norm joins every array into one vector,
    :math:`\lVert g \rVert = \sqrt{\sum_k \lVert g_k \rVert^2}`. If it exceeds ``max_norm``,
    every array is multiplied in place by the same factor
    ``max_norm / (norm + 1e-6)``, as ``torch.nn.utils.clip_grad_norm_`` does: the update keeps
    its direction and only gets shorter (lecture 06). Call it between the backward pass and
    ``optimizer.step``.

    Parameters
    ----------
    grads : dict of str to ndarray, or list of ndarray
        For example ``model.grads``. Float arrays, changed in place.
    max_norm : float
        The largest allowed global norm, > 0.

    Returns
    -------
    norm : float
        The global norm *before* clipping (to log it, as PyTorch returns it).
    """
    where = "clip_grad_norm"
    max_norm = _check_number(max_norm, where, "max_norm", low=0, strict=True)
    items = grads.items() if isinstance(grads, dict) else enumerate(grads)
    arrays = []
    for key, g in items:
        if not isinstance(g, np.ndarray) or not np.issubdtype(g.dtype, np.floating):
            raise TypeError(
                f"{where}: the gradient {key!r} must be a float ndarray (clipped in place); got {type(g).__name__}"
            )
        arrays.append(g)
    norm = math.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in arrays))
    scale = max_norm / (norm + 1e-6)
    if scale < 1:
        for g in arrays:
            g *= scale
    return norm
