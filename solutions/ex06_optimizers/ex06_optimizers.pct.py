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
# # Exercise 06: optimizers
#
# **Total: 10 points. Estimated time: 60 minutes.** Goes with lecture 06 (optimizers).
#
# Lecture 06 built up, one idea at a time, the updates that turn a gradient into a step: the
# learning rate and its limit, momentum, RMSProp's per-coordinate step sizes, Adam with its bias
# correction, and AdamW's decoupled weight decay. Here you write them yourself, exactly as
# `torch.optim` computes them, so that your functions could replace a deep learning library's
# optimizer.
#
# | part | what you write | points |
# |---|---|---|
# | 1 | the largest learning rate at which gradient descent converges on a quadratic | 1 |
# | 2 | SGD with momentum | 2 |
# | 3 | RMSProp | 2 |
# | 4 | Adam, with bias correction | 3 |
# | 5 | AdamW: Adam with decoupled weight decay | 2 |
#
# **How the tests work.** A small example worked out by hand is checked in the open. The hidden
# tests then run your optimizers for many steps on random gradients, for random
# hyperparameters and parameters of random shapes, and compare the whole trajectory
# $\theta_1, \theta_2, \dots, \theta_T$ with the reference (`dlf.optim`, whose updates are those
# of `torch.optim`, to rounding). When a trajectory matches a mistake they know (a missing bias
# correction, $\epsilon$ in the wrong place, ...), the feedback names it.
#
# **How to work.** Fill in every place that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button, or grade it yourself in a terminal: `make grade EX=ex06_optimizers`.
# Do not change or delete the test cells: they are restored when your work is graded.
# Write the updates yourself with NumPy: do not import `dlf.optim` (the reference) or another
# library's optimizer for the answers.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import inspect

import numpy as np

from coursegrader.checks import call, check_close, check_no_library, check_shape, check_type, replaced_in_notebook

# said when a step function leaves the caller's state dict empty
STATE_CONTRACT = (" Store into the dict you were given (state[key] = ...): `state = {...}` inside the function "
                  "binds a new dict that the caller never sees.")


def trajectory(step, thetas, grads, **hyper):
    """Run an optimizer step function for T steps on P parameters, each with its own state.

    thetas : list of the P parameters at the start (arrays of any shape; they are not changed).
    grads : list over the steps t = 1, ..., T of lists of P gradients, one per parameter.
    hyper : the hyperparameters, passed on by keyword (lr=..., mu=..., ...). A step function
        that has an argument t (Adam, AdamW) also gets t = 1, 2, ..., T.

    Returns a list of P arrays, one per parameter, of shape (T, *theta.shape): row t - 1
    is theta after step t. The tests compare such trajectories with the reference.
    """
    takes_t = "t" in inspect.signature(step).parameters
    thetas = [np.array(theta, dtype=float) for theta in thetas]
    states = [{} for _ in thetas]           # one state dict per parameter, empty at the start
    paths = [[] for _ in thetas]
    given = []                              # (the g passed, a copy of it), to check that g is left alone
    for t, gs in enumerate(grads, start=1):
        for i, g in enumerate(gs):
            g_passed = np.array(g, dtype=float)
            given.append((g_passed, g_passed.copy(), t))
            name = f"{step.__name__} at step t = {t} of parameter {i} (shape {thetas[i].shape})"
            new = call(name, step, thetas[i], g_passed, states[i], **(dict(hyper, t=t) if takes_t else hyper))
            assert new is not None, f"{name} returned None: return the new theta."
            check_shape(f"the theta returned by {name}", new, thetas[i].shape)
            thetas[i] = np.array(new, dtype=float)
            paths[i].append(thetas[i].copy())
    for g_passed, g_copy, t in given:
        assert (g_passed == g_copy).all(), (
            f"{step.__name__} changed the gradient g it was given at step t = {t}. The caller may still "
            "need its gradient: never update g in place, and if you keep it in the state and later "
            "update the state in place, keep a copy (state['u'] = g.copy()).")
    return [np.array(path) for path in paths]


# %% [markdown] nbgrader={"grade": false, "grade_id": "part1", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 1: how large can the learning rate be? (1 point)
#
# Lecture 06, section 2. Take a quadratic loss $L(\theta) = \tfrac12 \sum_i \lambda_i \theta_i^2$
# with curvatures $\lambda_i > 0$ (near a minimum, every loss looks like this, with the
# eigenvalues of its Hessian as the $\lambda_i$). Its gradient is $\partial L/\partial\theta_i = \lambda_i \theta_i$,
# so one step of gradient descent with learning rate $\eta$ multiplies coordinate $i$ by a
# constant factor:
#
# $$\theta_{t,i} = \theta_{t-1,i} - \eta \lambda_i \theta_{t-1,i} = (1 - \eta\lambda_i)\, \theta_{t-1,i}.$$
#
# Write `lr_limit(curvatures)`: for the curvatures $\lambda_1, \dots, \lambda_n$ (a list or a 1-D
# array of positive numbers), return, as a float, the learning rate $\eta_{\max}$ such that
# gradient descent converges to the minimum from every start when $0 < \eta < \eta_{\max}$, and
# diverges from almost every start when $\eta > \eta_{\max}$.

# %% nbgrader={"grade": false, "grade_id": "lr_limit", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lr_limit(curvatures):
    """The largest learning rate at which gradient descent converges on 1/2 sum_i lambda_i theta_i^2 (a float)."""
    ### BEGIN SOLUTION
    return 2.0 / float(np.max(curvatures))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_lr_limit", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# The narrow valley of lecture 06: curvature 1 along it, 50 across it.
eta_max = call("lr_limit([1.0, 50.0])", lr_limit, [1.0, 50.0])
check_type("lr_limit([1.0, 50.0])", eta_max, float)
check_close("lr_limit([1.0, 50.0])", eta_max, 0.04, mistakes={
    "1/lambda_max is only half the limit. For 1/lambda < eta < 2/lambda the factor 1 - eta lambda is negative: "
    "the iterate overshoots the minimum, but each overshoot is smaller than the last, so it still converges. "
    "It converges as long as |1 - eta lambda_i| < 1 for every i.": 1 / 50,
    "2/lambda_min is the limit of the flattest direction; the steepest direction (the largest curvature) "
    "diverges first: every coordinate needs |1 - eta lambda_i| < 1.": 2.0,
    "2/(lambda_min + lambda_max) is the best fixed learning rate (it balances the slowest and the fastest "
    "direction), not the largest one that still converges.": 2 / 51,
})
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(6000)
cases = [rng.uniform(0.1, 100, size=int(rng.integers(2, 9))) for _ in range(8)]
cases += [np.array([4.0]), np.array([3.0, 3.0, 3.0]), 10 ** rng.uniform(-3, 3, size=20)]
for lam in cases:
    name = f"lr_limit for the curvatures {np.round(lam, 3).tolist()}"
    got = call(name, lr_limit, lam)
    check_type(name, got, float)
    check_close(name, got, 2 / lam.max(), rtol=1e-12, mistakes={
        "1/lambda_max is only half the limit: the iterate converges as long as |1 - eta lambda_i| < 1 "
        "for every i (for 1/lambda < eta < 2/lambda it overshoots, but less and less).": 1 / lam.max(),
        "2/lambda_min is the limit of the flattest direction; the steepest one (the largest curvature) "
        "diverges first.": 2 / lam.min(),
        "2/(lambda_min + lambda_max) is the best fixed learning rate, not the largest one that converges.": 2 / (lam.min() + lam.max()),
        "the limit depends on the largest curvature only, not on a mean of them.": 2 / lam.mean(),
    })
got = call("lr_limit([2.0, 8.0, 0.5]) (a list)", lr_limit, [2.0, 8.0, 0.5])
check_close("lr_limit([2.0, 8.0, 0.5]) (a list)", got, 0.25, rtol=1e-12)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "interface", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## The optimizers: one function per update rule
#
# Each optimizer is a function that performs **one update of one parameter array**:
#
# ```python
# theta = momentum_step(theta, g, state, lr=0.1, mu=0.9)
# ```
#
# - `theta` is a parameter (an array of any shape, for example $W$ $(D, K)$ or $b$ $(K,)$) and
#   `g` its gradient $\partial L/\partial\theta$, of the same shape.
# - `state` is a dict, the optimizer's **memory for this parameter** (a velocity, moving
#   averages). It is empty, `{}`, before the first step; your function reads what it needs from
#   it and stores the updated memory in it, under the keys given below. Every parameter has its
#   own dict: a network with $W$ and $b$ keeps two.
# - The function returns the new $\theta$. You may compute a new array or update `theta` in
#   place; either way, return it. Leave `g` unchanged: the caller may still need it.
#
# A training loop then reads:
#
# ```python
# state_W, state_b = {}, {}
# for t in range(1, T + 1):
#     dW, db = ...                                   # backpropagation
#     W = momentum_step(W, dW, state_W, lr=0.1, mu=0.9)
#     b = momentum_step(b, db, state_b, lr=0.1, mu=0.9)
# ```
#
# The helper `trajectory(step, thetas, grads, **hyper)` of the setup cell runs such a loop for
# you on a list of gradients and returns every $\theta_t$; the tests use it. All the formulas
# below are **element-wise**: $g_t^2$, $\sqrt{v_t}$ and the divisions act on every entry separately.

# %% [markdown] nbgrader={"grade": false, "grade_id": "part2", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 2: SGD with momentum (2 points)
#
# Lecture 06, section 4. Momentum keeps a velocity $u_t$, a running sum of past gradients in
# which consistent directions add up and oscillating ones cancel. With momentum $\mu$ and
# learning rate $\eta$, in the form of `torch.optim.SGD(lr=lr, momentum=mu)` (PyTorch's documentation
# writes the velocity $b_t$; in this course $b$ is always a bias):
#
# $$
# u_1 = g_1, \qquad u_t = \mu\, u_{t-1} + g_t \quad (t \ge 2), \qquad\quad \theta_t = \theta_{t-1} - \eta\, u_t .
# $$
#
# Keep the velocity $u_t$ in `state["u"]` (no key `"u"` yet means this is the first step).
# Some texts write momentum as a moving *average*, $\mu\, u_{t-1} + (1 - \mu)\, g_t$; PyTorch and
# this course *accumulate* the gradients, as above.

# %% nbgrader={"grade": false, "grade_id": "momentum_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def momentum_step(theta, g, state, *, lr, mu):
    """One step of SGD with momentum mu (torch.optim.SGD); state["u"] holds the velocity. Returns the new theta."""
    ### BEGIN SOLUTION
    if "u" not in state:
        state["u"] = np.array(g, dtype=float)        # u_1 = g_1 (a copy: g stays the caller's)
    else:
        state["u"] = mu * state["u"] + g             # u_t = mu u_{t-1} + g_t
    return theta - lr * state["u"]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_momentum", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# Two steps by hand with lr = 0.1, mu = 0.9, from theta_0 = (1, 2):
#   step 1: u_1 = g_1 = (1, -1)                             theta_1 = (1, 2) - 0.1 (1, -1)       = (0.9, 2.1)
#   step 2: u_2 = 0.9 (1, -1) + (0.5, 0.5) = (1.4, -0.4)     theta_2 = (0.9, 2.1) - 0.1 (1.4, -0.4) = (0.76, 2.14)
dampened = "you average the gradients, u_t = mu u_{t-1} + (1 - mu) g_t; torch.optim.SGD accumulates them: u_1 = g_1, u_t = mu u_{t-1} + g_t."
check_no_library("momentum_step")
state = {}
theta = call("momentum_step at step 1", momentum_step, np.array([1.0, 2.0]), np.array([1.0, -1.0]), state, lr=0.1, mu=0.9)
assert "u" in state, f"momentum_step must keep the velocity u_t in state['u']; the caller's state has the keys {sorted(state)}." + STATE_CONTRACT
check_close('state["u"] after step 1', state["u"], np.array([1.0, -1.0]), mistakes={dampened: np.array([0.1, -0.1])})
check_close("theta after step 1", theta, np.array([0.9, 2.1]), mistakes={
    "theta did not move: update the velocity first (u_1 = g_1), then step with it, theta_1 = theta_0 - lr u_1.": np.array([1.0, 2.0]),
    "sign error: theta_t = theta_{t-1} - lr u_t moves against the velocity (downhill).": np.array([1.1, 1.9]),
})
theta = call("momentum_step at step 2", momentum_step, theta, np.array([0.5, 0.5]), state, lr=0.1, mu=0.9)
check_close('state["u"] after step 2', state["u"], np.array([1.4, -0.4]), mistakes={
    "u_2 = mu u_1 + g_2: the velocity is multiplied by mu and the new gradient is added.": np.array([0.5, 0.5]),
})
check_close("theta after step 2", theta, np.array([0.76, 2.14]), mistakes={
    "you stepped with the previous velocity u_{t-1}: update the velocity first, u_t = mu u_{t-1} + g_t, then theta_t = theta_{t-1} - lr u_t.": np.array([0.8, 2.2]),
})
# Step 1 again with lr = 0.3: theta_1 = (1, 2) - 0.3 (1, -1) = (0.7, 2.3).
theta = call("momentum_step at step 1 with lr = 0.3", momentum_step, np.array([1.0, 2.0]), np.array([1.0, -1.0]), {}, lr=0.3, mu=0.9)
check_close("theta after step 1 with lr = 0.3", theta, np.array([0.7, 2.3]), mistakes={
    "the step is the same as with lr = 0.1: momentum_step ignores the lr it is given (theta_t = theta_{t-1} - lr u_t).": np.array([0.9, 2.1]),
})
### BEGIN HIDDEN TESTS
from dlf import optim as reference


def reference_trajectory(opt, thetas, grads):
    # the trajectories of the parameters under dlf.optim's optimizer (torch.optim's update)
    params = [np.array(theta, dtype=float) for theta in thetas]
    paths = [[] for _ in params]
    for gs in grads:
        opt.step(params, [np.array(g, dtype=float) for g in gs])
        for path, p in zip(paths, params):
            path.append(p.copy())
    return [np.array(path) for path in paths]


def distinct(mistakes, want):
    # keep the mistakes that clearly change the result here (else a right answer could match one)
    kept = {}
    for hint, wrong in mistakes.items():
        with np.errstate(all="ignore"):
            gap = np.max(np.abs(wrong - want) / (np.abs(want) + 1e-3))
        if gap > 1e-4:
            kept[hint] = wrong
    return kept


def random_case(rng, log_scales=(-1.0, 1.0)):
    # two parameters, W (D, K) and b (K,), T steps of random gradients, one scale per parameter
    D, K = (int(s) for s in rng.integers(1, 6, size=2))
    T = int(rng.integers(6, 25))
    shapes = [(D, K), (K,)]
    scales = [10 ** rng.uniform(*log_scales) for _ in shapes]
    thetas = [rng.normal(size=s) for s in shapes]
    grads = [[c * rng.normal(size=s) for c, s in zip(scales, shapes)] for _ in range(T)]
    return shapes, T, thetas, grads


def momentum_variant(name, average=False, old_velocity=False, sign=1.0, fixed_mu=False):
    # momentum_step as a known mistake computes it
    def variant(theta, g, state, *, lr, mu):
        mu = 0.9 if fixed_mu else mu
        before = state.get("u")
        if average:
            after = (1 - mu) * g if before is None else mu * before + (1 - mu) * g
        else:
            after = np.array(g, dtype=float) if before is None else mu * before + g
        state["u"] = after
        used = (np.zeros_like(theta) if before is None else before) if old_velocity else after
        return theta - sign * lr * used
    variant.__name__ = name
    return variant


mistakes_momentum = {
    "you average the gradients, u_t = mu u_{t-1} + (1 - mu) g_t (momentum with dampening); torch.optim.SGD "
    "accumulates them: u_1 = g_1, u_t = mu u_{t-1} + g_t.": momentum_variant("average", average=True),
    "you stepped with the previous velocity u_{t-1}: update the velocity first, u_t = mu u_{t-1} + g_t, "
    "then theta_t = theta_{t-1} - lr u_t.": momentum_variant("old", old_velocity=True),
    "sign error: theta_t = theta_{t-1} - lr u_t.": momentum_variant("sign", sign=-1.0),
    "your momentum_step behaves as if mu were always 0.9: use the mu it is given.": momentum_variant("fixed", fixed_mu=True),
}
rng = np.random.default_rng(6100)
for case in range(8):
    shapes, T, thetas, grads = random_case(rng)
    lr = float(10 ** rng.uniform(-3, -1))
    mu = 0.0 if case == 7 else float(rng.uniform(0.5, 0.99))
    want = reference_trajectory(reference.SGD(lr, momentum=mu), thetas, grads)
    got = trajectory(momentum_step, thetas, grads, lr=lr, mu=mu)
    wrong = {hint: trajectory(v, thetas, grads, lr=lr, mu=mu) for hint, v in mistakes_momentum.items()}
    for i, shape in enumerate(shapes):
        check_close(f"momentum_step: the trajectory of a parameter of shape {shape} over T = {T} steps with lr = {lr:.4g}, "
                    f"mu = {mu:.4g} (row t - 1 is theta after step t)", got[i], want[i], rtol=1e-9, atol=1e-12,
                    mistakes=distinct({hint: w[i] for hint, w in wrong.items()}, want[i]))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part3", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3: RMSProp (2 points)
#
# Lecture 06, section 5. RMSProp divides each coordinate's step by a running root-mean-square of
# its recent gradients, so that every coordinate moves at about the same pace whatever the scale
# of its gradient. With smoothing constant $\alpha$ (default 0.99), `torch.optim.RMSprop` computes
#
# $$
# v_t = \alpha\, v_{t-1} + (1 - \alpha)\, g_t^2 \quad (v_0 = 0), \qquad\quad
# \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{v_t} + \epsilon}.
# $$
#
# Keep $v_t$ in `state["v"]`. Note where $\epsilon$ is: added *after* the square root. RMSProp
# has **no** bias correction: its first step, with $v_1 = (1 - \alpha)\, g_1^2$, is about
# $\eta / \sqrt{1 - \alpha} = 10\,\eta$ per coordinate (lecture 06 shows it; Adam fixes it).

# %% nbgrader={"grade": false, "grade_id": "rmsprop_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rmsprop_step(theta, g, state, *, lr=0.01, alpha=0.99, eps=1e-8):
    """One step of RMSProp (torch.optim.RMSprop); state["v"] holds v_t. Returns the new theta."""
    ### BEGIN SOLUTION
    v = state.get("v", np.zeros_like(theta, dtype=float))
    state["v"] = alpha * v + (1 - alpha) * g**2            # v_t
    return theta - lr * g / (np.sqrt(state["v"]) + eps)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_rmsprop", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# The first step from v_0 = 0, alpha = 0.99, lr = 0.01, eps = 1e-8, on gradients of very different sizes:
# v_1 = 0.01 g^2, so sqrt(v_1) = 0.1 |g| and every coordinate moves by about 10 lr = 0.1.
check_no_library("rmsprop_step")
g = np.array([1e-3, 1.0, -1e3])
state = {}
theta = call("rmsprop_step at step 1", rmsprop_step, np.zeros(3), g, state, lr=0.01, alpha=0.99, eps=1e-8)
assert "v" in state, f"rmsprop_step must keep v_t in state['v']; the caller's state has the keys {sorted(state)}." + STATE_CONTRACT
check_close('state["v"] after step 1', state["v"], 0.01 * g**2, mistakes={
    "v_1 = alpha v_0 + (1 - alpha) g_1^2 = 0.01 g^2: you left out the factor (1 - alpha).": g**2,
    "alpha weights the old average: v_t = alpha v_{t-1} + (1 - alpha) g_t^2, not the other way round.": 0.99 * g**2,
})
check_close("theta after step 1", theta, -0.01 * g / (0.1 * np.abs(g) + 1e-8), mistakes={
    "epsilon is inside the square root: torch.optim.RMSprop divides by sqrt(v_t) + eps.": -0.01 * g / np.sqrt(0.01 * g**2 + 1e-8),
    "your first step is about lr per coordinate. RMSProp has no bias correction (torch.optim.RMSprop) and "
    "v_1 = (1 - alpha) g_1^2 = 0.01 g^2, so its first step is about 10 lr.": -0.01 * g / (np.abs(g) + 1e-8),
    "you stepped with alpha: alpha = 0.99 is the smoothing constant of v_t; the step is lr g_t / (sqrt(v_t) + eps).": -0.99 * g / (0.1 * np.abs(g) + 1e-8),
})
# The same first step with lr = 0.05 instead of the default 0.01: five times as far.
theta_lr = call("rmsprop_step at step 1 with lr = 0.05", rmsprop_step, np.zeros(3), g, {}, lr=0.05, alpha=0.99, eps=1e-8)
check_close("theta after step 1 with lr = 0.05", theta_lr, -0.05 * g / (0.1 * np.abs(g) + 1e-8), mistakes={
    "the step is the same as with lr = 0.01, the default: rmsprop_step ignores the lr it is given.": -0.01 * g / (0.1 * np.abs(g) + 1e-8),
})
# A second step with the same gradient: v_2 = 0.99 * 0.01 g^2 + 0.01 g^2 = 0.0199 g^2.
theta = call("rmsprop_step at step 2", rmsprop_step, theta, g, state, lr=0.01, alpha=0.99, eps=1e-8)
check_close('state["v"] after step 2', state["v"], 0.0199 * g**2)
### BEGIN HIDDEN TESTS
from dlf import optim as reference


def reference_trajectory(opt, thetas, grads):
    # the trajectories of the parameters under dlf.optim's optimizer (torch.optim's update)
    params = [np.array(theta, dtype=float) for theta in thetas]
    paths = [[] for _ in params]
    for gs in grads:
        opt.step(params, [np.array(g, dtype=float) for g in gs])
        for path, p in zip(paths, params):
            path.append(p.copy())
    return [np.array(path) for path in paths]


def distinct(mistakes, want):
    # keep the mistakes that clearly change the result here (else a right answer could match one)
    kept = {}
    for hint, wrong in mistakes.items():
        with np.errstate(all="ignore"):
            gap = np.max(np.abs(wrong - want) / (np.abs(want) + 1e-3))
        if gap > 1e-4:
            kept[hint] = wrong
    return kept


def random_case(rng, log_scales=(-1.0, 1.0)):
    # two parameters, W (D, K) and b (K,), T steps of random gradients, one scale per parameter
    D, K = (int(s) for s in rng.integers(1, 6, size=2))
    T = int(rng.integers(6, 25))
    shapes = [(D, K), (K,)]
    scales = [10 ** rng.uniform(*log_scales) for _ in shapes]
    thetas = [rng.normal(size=s) for s in shapes]
    grads = [[c * rng.normal(size=s) for c, s in zip(scales, shapes)] for _ in range(T)]
    return shapes, T, thetas, grads


def rmsprop_variant(name, eps_inside=False, corrected=False, no_one_minus=False, swapped=False, old_v=False, fixed=False):
    # rmsprop_step as a known mistake computes it
    def variant(theta, g, state, *, lr, alpha, eps):
        if fixed:
            alpha, eps = 0.99, 1e-8
        before = state.get("v", np.zeros_like(theta))
        state["n"] = state.get("n", 0) + 1
        if swapped:
            state["v"] = (1 - alpha) * before + alpha * g**2
        else:
            state["v"] = alpha * before + (1.0 if no_one_minus else 1 - alpha) * g**2
        v = before if old_v else state["v"]
        if corrected:
            v = v / (1 - alpha ** state["n"])
        with np.errstate(all="ignore"):
            return theta - lr * g / (np.sqrt(v + eps) if eps_inside else np.sqrt(v) + eps)
    variant.__name__ = name
    return variant


mistakes_rmsprop = {
    "epsilon is inside the square root: torch.optim.RMSprop divides by sqrt(v_t) + eps.": rmsprop_variant("inside", eps_inside=True),
    "you bias-correct v_t (v_t / (1 - alpha^t), as Adam does): RMSProp has no bias correction (torch.optim.RMSprop).": rmsprop_variant("corrected", corrected=True),
    "v_t = alpha v_{t-1} + (1 - alpha) g_t^2: you left out the factor (1 - alpha).": rmsprop_variant("no_one_minus", no_one_minus=True),
    "alpha weights the old average: v_t = alpha v_{t-1} + (1 - alpha) g_t^2, not the other way round.": rmsprop_variant("swapped", swapped=True),
    "you divided by the previous average v_{t-1}: update v first, then theta_t = theta_{t-1} - lr g_t / (sqrt(v_t) + eps).": rmsprop_variant("old_v", old_v=True),
    "your rmsprop_step behaves as if alpha and eps were always the defaults 0.99 and 1e-8: use the values it is given.": rmsprop_variant("fixed", fixed=True),
}
rng = np.random.default_rng(6200)
for case in range(8):
    shapes, T, thetas, grads = random_case(rng, log_scales=(-3.0, 1.0))
    lr = float(10 ** rng.uniform(-4, -1))
    alpha = float(rng.uniform(0.8, 0.999))
    eps = 1e-8 if case == 7 else float(10 ** rng.uniform(-6, -1))
    want = reference_trajectory(reference.RMSProp(lr, alpha=alpha, eps=eps), thetas, grads)
    got = trajectory(rmsprop_step, thetas, grads, lr=lr, alpha=alpha, eps=eps)
    wrong = {hint: trajectory(v, thetas, grads, lr=lr, alpha=alpha, eps=eps) for hint, v in mistakes_rmsprop.items()}
    for i, shape in enumerate(shapes):
        check_close(f"rmsprop_step: the trajectory of a parameter of shape {shape} over T = {T} steps with lr = {lr:.4g}, "
                    f"alpha = {alpha:.4g}, eps = {eps:.3g} (row t - 1 is theta after step t)", got[i], want[i],
                    rtol=1e-9, atol=1e-12, mistakes=distinct({hint: w[i] for hint, w in wrong.items()}, want[i]))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part4", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 4: Adam (3 points)
#
# Lecture 06, section 6. Adam keeps a moving average of the gradient, $m_t$ (momentum), and of
# its square, $v_t$ (RMSProp), both starting at 0, and corrects their bias towards 0:
#
# $$
# \begin{aligned}
# m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, &\qquad \hat m_t &= \frac{m_t}{1 - \beta_1^t},\\
# v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, &\qquad \hat v_t &= \frac{v_t}{1 - \beta_2^t},\\
# \theta_t &= \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}, &&
# \end{aligned}
# $$
#
# with $m_0 = v_0 = 0$, and $t = 1, 2, \dots$ the number of the step, which the caller passes as
# the argument `t` (1 at the first step). Keep $m_t$ and $v_t$ (without the hats) in
# `state["m"]` and `state["v"]`. The defaults are those of `torch.optim.Adam`.
#
# Why the hats? With a constant gradient $g$, $m_t = (1 - \beta_1^t)\, g$ and $v_t = (1 - \beta_2^t)\, g^2$:
# the correction makes $\hat m_t = g$ and $\hat v_t = g^2$ from the first step on. So Adam's first
# step moves every coordinate by $\eta$, whatever the size of its gradient.

# %% nbgrader={"grade": false, "grade_id": "adam_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def adam_step(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Step t (1, 2, ...) of Adam (torch.optim.Adam); state["m"], state["v"] hold m_t, v_t. Returns the new theta."""
    ### BEGIN SOLUTION
    m = state.get("m", np.zeros_like(theta, dtype=float))
    v = state.get("v", np.zeros_like(theta, dtype=float))
    state["m"] = beta1 * m + (1 - beta1) * g               # m_t
    state["v"] = beta2 * v + (1 - beta2) * g**2            # v_t
    m_hat = state["m"] / (1 - beta1**t)                    # bias corrections
    v_hat = state["v"] / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_adam_first_step", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
# Adam's first step (t = 1) from m_0 = v_0 = 0, with the default betas (0.9, 0.999) and eps = 1e-8:
# m_1 = 0.1 g and v_1 = 0.001 g^2, so m_hat_1 = g, v_hat_1 = g^2, and theta moves by lr * g / (|g| + eps).
check_no_library("adam_step")
g = np.array([1e-3, 1.0, -1e3])
state = {}
theta = call("adam_step at step t = 1", adam_step, np.zeros(3), g, state, t=1, lr=0.01)
assert "m" in state and "v" in state, (f"adam_step must keep m_t and v_t in state['m'] and state['v']; the caller's state has "
                                       f"the keys {sorted(state)}." + STATE_CONTRACT)
check_close('state["m"] after step 1', state["m"], 0.1 * g, mistakes={
    "state['m'] holds m_hat_1 = g, the corrected value: keep the raw m_t = beta1 m_{t-1} + (1 - beta1) g_t in the state, "
    "and correct a copy of it at every step.": g,
})
check_close('state["v"] after step 1', state["v"], 0.001 * g**2, mistakes={
    "state['v'] holds v_hat_1 = g^2, the corrected value: keep the raw v_t in the state.": g**2,
    "v_t averages the squared gradient: v_t = beta2 v_{t-1} + (1 - beta2) g_t^2.": 0.001 * g,
})
check_close("theta after the first step", theta, -0.01 * g / (np.abs(g) + 1e-8), mistakes={
    "no bias correction: m_1 / sqrt(v_1) = 0.1 g / sqrt(0.001 g^2), about 3.16, so the first step is about 3 lr. "
    "Divide m_t by 1 - beta1^t and v_t by 1 - beta2^t.": -0.01 * 0.1 * g / (np.sqrt(0.001) * np.abs(g) + 1e-8),
    "epsilon is inside the square root: Adam divides by sqrt(v_hat_t) + eps.": -0.01 * g / np.sqrt(g**2 + 1e-8),
    "you used the Adam paper's 'efficient' form, lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t) with eps added to sqrt(v_t); "
    "torch.optim.Adam adds eps to sqrt(v_hat_t): theta_t = theta_{t-1} - lr m_hat_t / (sqrt(v_hat_t) + eps).":
        -0.01 * g / (np.abs(g) + 1e-8 / np.sqrt(0.001)),
    "the step moved by 1e-3, the default lr, not by the lr = 0.01 it was given: adam_step ignores its argument lr.":
        -1e-3 * g / (np.abs(g) + 1e-8),
    "the bias correction is off by one step: the first step has t = 1, so m_hat_1 = m_1 / (1 - beta1^1); you used "
    "the power t + 1.": -0.01 * (0.1 * g / (1 - 0.9**2)) / (np.sqrt(0.001 * g**2 / (1 - 0.999**2)) + 1e-8),
})
### BEGIN HIDDEN TESTS
from dlf import optim as reference


def reference_trajectory(opt, thetas, grads):
    # the trajectories of the parameters under dlf.optim's optimizer (torch.optim's update)
    params = [np.array(theta, dtype=float) for theta in thetas]
    paths = [[] for _ in params]
    for gs in grads:
        opt.step(params, [np.array(g, dtype=float) for g in gs])
        for path, p in zip(paths, params):
            path.append(p.copy())
    return [np.array(path) for path in paths]


def distinct(mistakes, want):
    # keep the mistakes that clearly change the result here (else a right answer could match one)
    kept = {}
    for hint, wrong in mistakes.items():
        with np.errstate(all="ignore"):
            gap = np.max(np.abs(wrong - want) / (np.abs(want) + 1e-3))
        if gap > 1e-4:
            kept[hint] = wrong
    return kept


def random_case(rng, log_scales=(-1.0, 1.0)):
    # two parameters, W (D, K) and b (K,), T steps of random gradients, one scale per parameter
    D, K = (int(s) for s in rng.integers(1, 6, size=2))
    T = int(rng.integers(6, 25))
    shapes = [(D, K), (K,)]
    scales = [10 ** rng.uniform(*log_scales) for _ in shapes]
    thetas = [rng.normal(size=s) for s in shapes]
    grads = [[c * rng.normal(size=s) for c, s in zip(scales, shapes)] for _ in range(T)]
    return shapes, T, thetas, grads


def adam_variant(name, correction="t", eps_inside=False, decay=None, default_betas=False):
    # adam_step (decay=None) or adamw_step as a known mistake computes it
    def variant(theta, g, state, *, t, lr, beta1, beta2, eps, weight_decay=0.0):
        if default_betas:
            beta1, beta2 = 0.9, 0.999
        if decay == "coupled":
            g = g + theta * weight_decay
        if decay == "decoupled":
            theta = (1.0 - weight_decay * lr) * theta
        if decay == "no_lr":
            theta = theta * (1 - weight_decay)
        state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * g
        state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * g * g
        power = {"t": t, "one": 1, "none": None, "m_only": t, "paper": None}[correction]
        m_hat = state["m"] if power is None else state["m"] / (1 - beta1**power)
        v_hat = state["v"] if power is None or correction == "m_only" else state["v"] / (1 - beta2**power)
        if correction == "paper":  # the Adam paper's "efficient" form, with eps added to sqrt(v_t)
            lr = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        new = theta - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
        if decay == "after":
            new = new - lr * weight_decay * new
        return new
    variant.__name__ = name
    return variant


mistakes_first = {
    "no bias correction: m_1 / sqrt(v_1) = (1 - beta1) g / sqrt((1 - beta2) g^2) is not g / |g|. Divide m_t by "
    "1 - beta1^t and v_t by 1 - beta2^t.": adam_variant("none", correction="none"),
    "epsilon is inside the square root: Adam divides by sqrt(v_hat_t) + eps.": adam_variant("inside", eps_inside=True),
    "only m_t is bias-corrected: correct v_t too, v_hat_t = v_t / (1 - beta2^t).": adam_variant("m_only", correction="m_only"),
    "you used the Adam paper's 'efficient' form, lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t) with eps added to "
    "sqrt(v_t); torch.optim.Adam adds eps to sqrt(v_hat_t): theta_t = theta_{t-1} - lr m_hat_t / (sqrt(v_hat_t) + eps).": adam_variant("paper", correction="paper"),
}
rng = np.random.default_rng(6300)
for case in range(8):
    shapes, _, thetas, grads = random_case(rng, log_scales=(-3.0, 1.0))
    grads = grads[:1]
    lr, beta1, beta2 = float(10 ** rng.uniform(-4, -1)), float(rng.uniform(0.5, 0.95)), float(rng.uniform(0.9, 0.9999))
    eps = float(10 ** rng.uniform(-8, -3))
    hyper = dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    want = reference_trajectory(reference.Adam(lr, betas=(beta1, beta2), eps=eps), thetas, grads)
    got = trajectory(adam_step, thetas, grads, **hyper)
    wrong = {hint: trajectory(v, thetas, grads, **hyper) for hint, v in mistakes_first.items()}
    for i, shape in enumerate(shapes):
        check_close(f"adam_step: theta after the first step, for a parameter of shape {shape}, lr = {lr:.4g}, "
                    f"beta1 = {beta1:.4g}, beta2 = {beta2:.5g}, eps = {eps:.3g}", got[i][0], want[i][0], rtol=1e-9, atol=1e-12,
                    mistakes=distinct({hint: w[i][0] for hint, w in wrong.items()}, want[i][0]))
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_adam", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# Five steps with a constant gradient g = 1, lr = 0.1, default betas, eps = 1e-3. Then m_t = 1 - 0.9^t and
# v_t = 1 - 0.999^t, so m_hat_t = v_hat_t = 1: every step has the same size lr / (1 + eps), theta_t = -0.1 t / 1.001.
check_no_library("adam_step")
t = np.arange(1, 6)
m, v = 1 - 0.9**t, 1 - 0.999**t
thetas = trajectory(adam_step, [np.zeros(1)], [[np.ones(1)]] * 5, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-3)
check_close("theta_1, ..., theta_5 of Adam for the constant gradient g = 1", thetas[0][:, 0], -0.1 * t / 1.001, mistakes={
    "no bias correction: with a constant gradient, m_t / sqrt(v_t) = (1 - 0.9^t) / sqrt(1 - 0.999^t), not 1. "
    "Divide m_t by 1 - beta1^t and v_t by 1 - beta2^t.": -np.cumsum(0.1 * m / (np.sqrt(v) + 1e-3)),
    "the bias correction must use the step number t: m_hat_t = m_t / (1 - beta1^t), v_hat_t = v_t / (1 - beta2^t), "
    "with t = 1, 2, ...": -np.cumsum(0.1 * (m / 0.1) / (np.sqrt(v / 0.001) + 1e-3)),
    "you used the Adam paper's 'efficient' form, lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t) with eps added to sqrt(v_t); "
    "torch.optim.Adam adds eps to sqrt(v_hat_t): theta_t = theta_{t-1} - lr m_hat_t / (sqrt(v_hat_t) + eps).":
        -np.cumsum(0.1 * np.sqrt(v) / (np.sqrt(v) + 1e-3)),
    "epsilon is inside the square root: Adam divides by sqrt(v_hat_t) + eps.": -0.1 * t / np.sqrt(1.001),
    "the bias correction is off by one step: step t divides by 1 - beta1^t and 1 - beta2^t, with t = 1 at the first "
    "step; you used the power t + 1.": -np.cumsum(0.1 * (m / (1 - 0.9 ** (t + 1))) / (np.sqrt(v / (1 - 0.999 ** (t + 1))) + 1e-3)),
})
### BEGIN HIDDEN TESTS
from dlf import optim as reference


def reference_trajectory(opt, thetas, grads):
    # the trajectories of the parameters under dlf.optim's optimizer (torch.optim's update)
    params = [np.array(theta, dtype=float) for theta in thetas]
    paths = [[] for _ in params]
    for gs in grads:
        opt.step(params, [np.array(g, dtype=float) for g in gs])
        for path, p in zip(paths, params):
            path.append(p.copy())
    return [np.array(path) for path in paths]


def distinct(mistakes, want):
    # keep the mistakes that clearly change the result here (else a right answer could match one)
    kept = {}
    for hint, wrong in mistakes.items():
        with np.errstate(all="ignore"):
            gap = np.max(np.abs(wrong - want) / (np.abs(want) + 1e-3))
        if gap > 1e-4:
            kept[hint] = wrong
    return kept


def random_case(rng, log_scales=(-1.0, 1.0)):
    # two parameters, W (D, K) and b (K,), T steps of random gradients, one scale per parameter
    D, K = (int(s) for s in rng.integers(1, 6, size=2))
    T = int(rng.integers(6, 25))
    shapes = [(D, K), (K,)]
    scales = [10 ** rng.uniform(*log_scales) for _ in shapes]
    thetas = [rng.normal(size=s) for s in shapes]
    grads = [[c * rng.normal(size=s) for c, s in zip(scales, shapes)] for _ in range(T)]
    return shapes, T, thetas, grads


def adam_variant(name, correction="t", eps_inside=False, decay=None, default_betas=False):
    # adam_step (decay=None) or adamw_step as a known mistake computes it
    def variant(theta, g, state, *, t, lr, beta1, beta2, eps, weight_decay=0.0):
        if default_betas:
            beta1, beta2 = 0.9, 0.999
        if decay == "coupled":
            g = g + theta * weight_decay
        if decay == "decoupled":
            theta = (1.0 - weight_decay * lr) * theta
        if decay == "no_lr":
            theta = theta * (1 - weight_decay)
        state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * g
        state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * g * g
        power = {"t": t, "one": 1, "none": None, "m_only": t, "paper": None}[correction]
        m_hat = state["m"] if power is None else state["m"] / (1 - beta1**power)
        v_hat = state["v"] if power is None or correction == "m_only" else state["v"] / (1 - beta2**power)
        if correction == "paper":  # the Adam paper's "efficient" form, with eps added to sqrt(v_t)
            lr = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        new = theta - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
        if decay == "after":
            new = new - lr * weight_decay * new
        return new
    variant.__name__ = name
    return variant


mistakes_adam = {
    "no bias correction: divide m_t by 1 - beta1^t and v_t by 1 - beta2^t (else the early steps are far too large).": adam_variant("none", correction="none"),
    "epsilon is inside the square root: Adam divides by sqrt(v_hat_t) + eps.": adam_variant("inside", eps_inside=True),
    "the bias correction must use the step number t: m_hat_t = m_t / (1 - beta1^t), not m_t / (1 - beta1).": adam_variant("one", correction="one"),
    "only m_t is bias-corrected: correct v_t too, v_hat_t = v_t / (1 - beta2^t).": adam_variant("m_only", correction="m_only"),
    "you used the Adam paper's 'efficient' form, lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t) with eps added to "
    "sqrt(v_t); torch.optim.Adam adds eps to sqrt(v_hat_t): theta_t = theta_{t-1} - lr m_hat_t / (sqrt(v_hat_t) + eps).": adam_variant("paper", correction="paper"),
    "your adam_step behaves as if beta1 and beta2 were always the defaults 0.9 and 0.999: use the values it is given.": adam_variant("defaults", default_betas=True),
}
rng = np.random.default_rng(6400)
for case in range(8):
    shapes, T, thetas, grads = random_case(rng, log_scales=(-3.0, 1.0))
    lr, beta1, beta2 = float(10 ** rng.uniform(-3, -1)), float(rng.uniform(0.5, 0.95)), float(rng.uniform(0.9, 0.9999))
    eps = 1e-8 if case == 7 else float(10 ** rng.uniform(-6, -1))
    hyper = dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    want = reference_trajectory(reference.Adam(lr, betas=(beta1, beta2), eps=eps), thetas, grads)
    got = trajectory(adam_step, thetas, grads, **hyper)
    wrong = {hint: trajectory(v, thetas, grads, **hyper) for hint, v in mistakes_adam.items()}
    for i, shape in enumerate(shapes):
        check_close(f"adam_step: the trajectory of a parameter of shape {shape} over T = {T} steps with lr = {lr:.4g}, "
                    f"beta1 = {beta1:.4g}, beta2 = {beta2:.5g}, eps = {eps:.3g} (row t - 1 is theta after step t)",
                    got[i], want[i], rtol=1e-9, atol=1e-12,
                    mistakes=distinct({hint: w[i] for hint, w in wrong.items()}, want[i]))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part5", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 5: AdamW (2 points)
#
# Lecture 06, section 7. Weight decay shrinks the weights towards 0. `torch.optim.Adam(weight_decay=lam)`
# adds an L2 term $\lambda\theta$ to the gradient, which then passes through the moments and is
# divided by $\sqrt{\hat v_t}$: weights with large gradients are hardly decayed. **AdamW**
# *decouples* the decay from the moments: first it shrinks the weights,
#
# $$\theta \leftarrow \theta - \eta\lambda\, \theta \qquad (\text{that is, } \theta \leftarrow (1 - \eta\lambda)\,\theta),$$
#
# then it takes the Adam step of Part 4 from this $\theta$ with the raw gradient $g_t$ (the decay
# never enters $m_t$ or $v_t$). That is `torch.optim.AdamW`, with default $\lambda = 0.01$.
# Keep $m_t$ and $v_t$ in `state["m"]` and `state["v"]`, as Adam does. You may call your
# `adam_step`: while the tests of this part run, that name is the reference Adam step, so a
# mistake of Part 4 costs only Part 4's points.

# %% nbgrader={"grade": false, "grade_id": "adamw_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def adamw_step(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    """Step t of AdamW (torch.optim.AdamW): decoupled weight decay, then Adam. Returns the new theta."""
    ### BEGIN SOLUTION
    theta = theta - lr * weight_decay * theta               # decay first, outside the moments
    return adam_step(theta, g, state, t=t, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_adamw", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
# One step by hand: lr = 0.1, weight_decay = 0.1, theta_0 = (1, -2), g_1 = (0.5, 0.1), default betas and eps.
#   decay:     theta <- (1 - 0.1 * 0.1) theta = (0.99, -1.98)
#   Adam step: the first step moves each coordinate by lr * g / |g| = 0.1 against g, so theta_1 = (0.89, -2.08)
coupled = ("weight decay coupled into Adam's moments: you added lambda theta to the gradient (the L2 term of "
           "torch.optim.Adam(weight_decay=...)), so the decay is divided by sqrt(v_hat). AdamW decouples it: first "
           "theta <- theta - lr lambda theta, then the Adam step with the raw gradient g.")
decay_after = ("the decay is applied after the Adam step: AdamW shrinks theta_{t-1} first, theta <- theta - lr lambda theta, "
               "and then takes the Adam step.")
decay_without_lr = "the decay is theta <- theta - lr lambda theta: it is multiplied by the learning rate too."
no_decay = "no decay at all: AdamW first shrinks the weights, theta <- theta - lr lambda theta."
lr_twice = "the decay is theta <- theta - lr lambda theta, with lr once: you multiplied by the learning rate twice."
lr_not_passed = ("the Adam step moved by 1e-3, Adam's default lr, not by lr = 0.1: pass adamw_step's lr on to the Adam "
                 "step (adam_step(..., lr=lr, ...)).")

import dlf.optim as dlf_optim


def adam_step_of_dlf(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    # The Adam step of dlf.optim.Adam (torch.optim.Adam's update), with the interface of Part 4. While this cell runs,
    # your adamw_step calls it instead of your adam_step: Part 5 is graded on its own, a mistake of Part 4 costs Part 4.
    opt = dlf_optim.Adam(lr, betas=(beta1, beta2), eps=eps)
    theta = np.array(theta, dtype=float)
    zeros = np.zeros_like(theta)
    opt.state[0] = {"t": t - 1, "m": np.array(state.get("m", zeros), dtype=float),
                    "v": np.array(state.get("v", zeros), dtype=float), "scratch": np.empty_like(theta)}
    opt.step([theta], [np.array(g, dtype=float)])
    state["m"], state["v"] = opt.state[0]["m"], opt.state[0]["v"]
    return theta


check_no_library("adamw_step", skip=("adam_step",))  # adam_step is checked in Part 4
g1 = np.array([0.5, 0.1])
state = {}
with replaced_in_notebook("adam_step", adam_step_of_dlf):
    theta = call("adamw_step at step t = 1", adamw_step, np.array([1.0, -2.0]), g1, state,
                 t=1, lr=0.1, weight_decay=0.1)
check_close("theta after the first step of AdamW", theta, np.array([0.89, -2.08]), rtol=1e-6, mistakes={
    coupled: np.array([0.9, -1.9]),
    decay_after: np.array([0.891, -2.079]),
    decay_without_lr: np.array([0.8, -1.9]),
    no_decay: np.array([0.9, -2.1]),
    lr_twice: np.array([0.899, -2.098]),
    lr_not_passed: np.array([0.989, -1.981]),
    "the Adam step has no bias correction (if adamw_step calls adam_step, fix adam_step first).":
        np.array([0.99, -1.98]) - 0.1 * 0.1 * g1 / (np.sqrt(0.001) * np.abs(g1) + 1e-8),
    "epsilon is inside the square root of the Adam step (if adamw_step calls adam_step, fix adam_step first).":
        np.array([0.99, -1.98]) - 0.1 * g1 / np.sqrt(g1**2 + 1e-8),
})
check_close('state["m"] after the first step of AdamW', state["m"], np.array([0.05, 0.01]), rtol=1e-6, mistakes={
    "weight decay coupled into Adam's moments: m_t must average the raw gradients g_t only; in AdamW the decay "
    "does not enter m_t and v_t.": np.array([0.06, -0.01]),
})
### BEGIN HIDDEN TESTS
from dlf import optim as reference


def reference_trajectory(opt, thetas, grads):
    # the trajectories of the parameters under dlf.optim's optimizer (torch.optim's update)
    params = [np.array(theta, dtype=float) for theta in thetas]
    paths = [[] for _ in params]
    for gs in grads:
        opt.step(params, [np.array(g, dtype=float) for g in gs])
        for path, p in zip(paths, params):
            path.append(p.copy())
    return [np.array(path) for path in paths]


def distinct(mistakes, want):
    # keep the mistakes that clearly change the result here (else a right answer could match one)
    kept = {}
    for hint, wrong in mistakes.items():
        with np.errstate(all="ignore"):
            gap = np.max(np.abs(wrong - want) / (np.abs(want) + 1e-3))
        if gap > 1e-4:
            kept[hint] = wrong
    return kept


def random_case(rng, log_scales=(-1.0, 1.0)):
    # two parameters, W (D, K) and b (K,), T steps of random gradients, one scale per parameter
    D, K = (int(s) for s in rng.integers(1, 6, size=2))
    T = int(rng.integers(6, 25))
    shapes = [(D, K), (K,)]
    scales = [10 ** rng.uniform(*log_scales) for _ in shapes]
    thetas = [rng.normal(size=s) for s in shapes]
    grads = [[c * rng.normal(size=s) for c, s in zip(scales, shapes)] for _ in range(T)]
    return shapes, T, thetas, grads


def adam_variant(name, correction="t", eps_inside=False, decay=None, default_betas=False):
    # adam_step (decay=None) or adamw_step as a known mistake computes it
    def variant(theta, g, state, *, t, lr, beta1, beta2, eps, weight_decay=0.0):
        if default_betas:
            beta1, beta2 = 0.9, 0.999
        if decay == "coupled":
            g = g + theta * weight_decay
        if decay == "decoupled":
            theta = (1.0 - weight_decay * lr) * theta
        if decay == "no_lr":
            theta = theta * (1 - weight_decay)
        if decay == "lr_twice":
            theta = theta - lr * lr * weight_decay * theta
        state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * g
        state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * g * g
        power = {"t": t, "one": 1, "none": None, "m_only": t, "paper": None}[correction]
        m_hat = state["m"] if power is None else state["m"] / (1 - beta1**power)
        v_hat = state["v"] if power is None or correction == "m_only" else state["v"] / (1 - beta2**power)
        if correction == "paper":  # the Adam paper's "efficient" form, with eps added to sqrt(v_t)
            lr = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        new = theta - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
        if decay == "after":
            new = new - lr * weight_decay * new
        return new
    variant.__name__ = name
    return variant


mistakes_adamw = {
    lr_twice: adam_variant("lr_twice", decay="lr_twice"),
    coupled: adam_variant("coupled", decay="coupled"),
    decay_after: adam_variant("after", decay="after"),
    decay_without_lr: adam_variant("no_lr", decay="no_lr"),
    no_decay: adam_variant("plain"),
}
fix_adam_first = " (if adamw_step calls adam_step, fix adam_step first)"
for hint, correction, eps_inside in [
    ("the Adam step has no bias correction", "none", False),
    ("epsilon is inside the square root of the Adam step", "t", True),
    ("the bias correction of the Adam step must use the step number t: m_t / (1 - beta1^t), v_t / (1 - beta2^t)", "one", False),
    ("only m_t is bias-corrected in the Adam step", "m_only", False),
    ("the Adam step uses the paper's 'efficient' form, with eps added to sqrt(v_t) instead of sqrt(v_hat_t)", "paper", False),
]:
    mistakes_adamw[hint + fix_adam_first + "."] = adam_variant(correction, correction=correction, eps_inside=eps_inside, decay="decoupled")
mistakes_adamw["the Adam step behaves as if beta1 and beta2 were always the defaults 0.9 and 0.999: pass on the values "
               "adamw_step is given" + fix_adam_first + "."] = adam_variant("defaults", default_betas=True, decay="decoupled")
rng = np.random.default_rng(6500)
for case in range(8):
    shapes, T, thetas, grads = random_case(rng, log_scales=(-2.0, 1.0))
    lr, beta1, beta2 = float(10 ** rng.uniform(-2, -0.7)), float(rng.uniform(0.5, 0.95)), float(rng.uniform(0.9, 0.9999))
    eps = float(10 ** rng.uniform(-8, -2))
    weight_decay = 0.01 if case == 0 else float(10 ** rng.uniform(-1.5, 0))
    hyper = dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps, weight_decay=weight_decay)
    want = reference_trajectory(reference.AdamW(lr, betas=(beta1, beta2), eps=eps, weight_decay=weight_decay), thetas, grads)
    with replaced_in_notebook("adam_step", adam_step_of_dlf):
        got = trajectory(adamw_step, thetas, grads, **hyper)
    wrong = {hint: trajectory(v, thetas, grads, **hyper) for hint, v in mistakes_adamw.items()}
    for i, shape in enumerate(shapes):
        check_close(f"adamw_step: the trajectory of a parameter of shape {shape} over T = {T} steps with lr = {lr:.4g}, "
                    f"beta1 = {beta1:.4g}, beta2 = {beta2:.5g}, eps = {eps:.3g}, weight_decay = {weight_decay:.3g} "
                    "(row t - 1 is theta after step t)", got[i], want[i], rtol=1e-9, atol=1e-12,
                    mistakes=distinct({hint: w[i] for hint, w in wrong.items()}, want[i]))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 10 points. Before you hand in, restart the kernel and run all cells
# (*Kernel > Restart Kernel and Run All Cells*), then **Validate**.
#
# Optional, not graded: to see your optimizers at work, run them on the narrow valley of
# lecture 06, $f(x, y) = \tfrac12 (x^2 + 50 y^2)$, whose gradient at $\theta = (x, y)$ is
# $(x, 50 y)$. Write a short loop like lecture 06's `optimize_2d`, calling your step function
# instead of `opt.step`, and compare the paths of momentum, RMSProp and Adam.
