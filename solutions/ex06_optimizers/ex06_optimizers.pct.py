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
# **Total: 18 points (16 graded automatically, 2 by your instructor). Estimated time: 80 to 150
# minutes.** Goes with lecture 06 (optimizers).
#
# Lecture 06 built up, one idea at a time, what turns a gradient into a step: the learning rate
# and its limit, mini-batches, momentum, RMSProp's per-coordinate step sizes, Adam with its bias
# correction, learning-rate schedules with warmup, and gradient clipping. Here you write the
# updates yourself, exactly as `torch.optim` computes them, so that your functions could replace
# a deep learning library's optimizer; then you use them in an experiment, tuning the learning
# rates of two optimizers on the lecture's narrow valley, and explain what you saw.
#
# | part | what you do | points |
# |---|---|---|
# | 1 | the largest learning rate at which gradient descent converges on a quadratic | 1 |
# | 2 | the mini-batches of one epoch | 1 |
# | 3 | SGD with momentum | 2 |
# | 4 | RMSProp | 2 |
# | 5 | Adam, with bias correction | 3 |
# | 6 | an experiment: tune the learning rates of momentum and Adam on the narrow valley | 2 |
# | 7 | a written answer: what the two learning rates mean | 2, by your instructor |
# | 8 | a learning-rate schedule: linear warmup, then cosine decay | 2 |
# | 9 | gradient clipping by global norm | 2 |
# | 10 | a question: weight decay in Adam, or AdamW | 1 |
#
# **How the tests work.** A small example worked out by hand is checked in the open. For the
# optimizers (parts 3 to 5), the hidden tests then run your functions for many steps on random
# gradients, for random hyperparameters and parameters of random shapes, and compare the whole
# trajectory $\theta_1, \theta_2, \dots, \theta_T$ with the reference (`dlf.optim`, whose updates
# are those of `torch.optim`, to rounding). The other parts are checked on random sizes and
# values too. When a result matches a mistake the tests know (a missing bias correction,
# $\epsilon$ in the wrong place, a warmup that starts at 0, ...), the feedback names it. Part 6 is
# graded on its outcome: the tests run the reference optimizers with the learning rates you chose.
#
# **How to work.** Fill in every place that says `# YOUR CODE HERE` (delete the line
# `raise NotImplementedError()`), then run the test cell below it. The visible tests help you;
# more tests, hidden, run when your notebook is graded. Check your work with the **Validate**
# button, or grade it yourself in a terminal: `make grade EX=ex06_optimizers`.
# Do not change or delete the test cells: they are restored when your work is graded.
# Write your functions yourself with NumPy: do not import `dlf.optim` (the reference) or another
# library's optimizer, schedule or clipping for the answers.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import inspect
import math

import numpy as np

from coursegrader.checks import call, check_choice, check_choice_format, check_close, check_no_library, check_shape, check_type, replaced_in_notebook

# said when a step function leaves the caller's state dict empty
STATE_CONTRACT = (" Store into the dict you were given (state[key] = ...): `state = {...}` inside the function "
                  "binds a new dict that the caller never sees.")


def trajectory(step, thetas, grads, **hyper):
    """Run an optimizer step function for T steps on P parameters, each with its own state.

    thetas : list of the P parameters at the start (arrays of any shape; they are not changed).
    grads : list over the steps t = 1, ..., T of lists of P gradients, one per parameter.
    hyper : the hyperparameters, passed on by keyword (lr=..., mu=..., ...). A step function
        that has an argument t (Adam) also gets t = 1, 2, ..., T.

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

# %% [markdown] nbgrader={"grade": false, "grade_id": "part2", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 2: the mini-batches of one epoch (1 point)
#
# Lecture 06, section 3. Stochastic gradient descent estimates the gradient on a mini-batch
# $\mathcal B$ of $B$ examples, $g_{\mathcal B} = \frac1B \sum_{n \in \mathcal B} \nabla \ell_n$. One
# **epoch** is one pass over the data: shuffle the $N$ examples, then cut the shuffled order into
# consecutive batches of $B$. The batches of an epoch are drawn **without replacement**: together
# they hold every example exactly once. So each $g_{\mathcal B}$ is an unbiased estimate of the full
# gradient $g$, and the mean of an epoch's batch gradients, each weighted by its batch size, is
# exactly $g$. When $B$ does not divide $N$, the last batch is smaller (it holds the rest).
#
# Write `minibatch_indices(N, B, rng)`: return a list of 1-D integer arrays, the indices of the
# examples in each mini-batch of one epoch, in the order the batches are used (the batch $k$ is
# then `X[batches[k]]`, `y[batches[k]]`). The random order must come from the generator `rng`
# you are given (a `np.random.Generator`): with the same state of `rng`, your function returns
# the same batches. Do not use NumPy's global random functions (`np.random.permutation`, ...),
# nor seed a generator of your own.

# %% nbgrader={"grade": false, "grade_id": "minibatch_indices", "locked": false, "schema_version": 3, "solution": true, "task": false}
def minibatch_indices(N, B, rng):
    """The index arrays of the mini-batches of one epoch: every example once, in a random order from rng."""
    ### BEGIN SOLUTION
    order = rng.permutation(N)                       # one permutation per epoch: no example twice
    return [order[start:start + B] for start in range(0, N, B)]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_minibatches", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
def check_epoch(N, B, seed):
    # the properties of one epoch's batches that every right answer has; returns the order they visit the examples
    name = f"minibatch_indices(N={N}, B={B}, rng=np.random.default_rng({seed}))"
    batches = call(name, minibatch_indices, N, B, np.random.default_rng(seed))
    assert isinstance(batches, (list, tuple)), f"{name} must return a list of index arrays; got {type(batches).__name__}."
    batches = [np.asarray(batch) for batch in batches]
    for k, batch in enumerate(batches):
        assert batch.ndim == 1 and (batch.size == 0 or np.issubdtype(batch.dtype, np.integer)), (
            f"{name}: batch {k} must be a 1-D array of integer indices; got an array of dtype {batch.dtype} "
            f"and shape {batch.shape}.")
    sizes = [int(batch.size) for batch in batches]
    want = [B] * (N // B) + ([N % B] if N % B else [])
    if sizes != want:
        if sizes == [B] * (N // B):
            hint = (f"the last {N % B} examples are missing: when B does not divide N, the last batch is smaller, "
                    f"it holds the rest ({N} = {N // B} x {B} + {N % B}).")
        elif sizes == want + [0]:
            hint = "the last batch is empty: when B divides N there are exactly N / B batches."
        elif len(sizes) == len(want) and sum(sizes) == N:
            hint = ("the sizes are balanced (np.array_split?): every batch has B examples, only the last one "
                    "holds the rest.")
        else:
            hint = f"one epoch has {len(want)} batches of {B} examples, the last one with the rest."
        raise AssertionError(f"{name}: the batch sizes are {sizes[:12]}{' ...' if len(sizes) > 12 else ''}; "
                             f"expected {want[:12]}{' ...' if len(want) > 12 else ''}: {hint}")
    order = np.concatenate(batches) if batches else np.zeros(0, dtype=int)
    counts = np.bincount(order, minlength=N) if order.size and order.min() >= 0 else None
    assert counts is not None and counts.size == N and np.all(counts == 1), (
        f"{name}: every index 0, ..., {N - 1} must appear exactly once in an epoch"
        + ("" if counts is None or counts.size != N else
           f"; index {int(np.argmax(counts != 1))} appears {int(counts[np.argmax(counts != 1)])} times")
        + ". Draw the batches without replacement: shuffle the N indices once (rng.permutation(N)) and cut "
        "the order into batches; drawing each batch on its own (rng.choice, rng.integers) repeats examples "
        "and misses others.")
    return order


orders = {seed: check_epoch(10, 4, seed) for seed in (0, 1)}
assert not np.array_equal(orders[0], np.arange(10)), (
    "minibatch_indices(N=10, B=4, rng): the examples come in their stored order 0, 1, ..., 9: shuffle them, with "
    "the rng you are given (rng.permutation(N)).")
again = check_epoch(10, 4, 0)
assert np.array_equal(again, orders[0]), (
    "minibatch_indices(N=10, B=4, rng) returned different batches for two generators in the same state "
    "(np.random.default_rng(0) twice): your order does not come from rng. Use the rng you are given "
    "(rng.permutation(N)), not NumPy's global random functions.")
assert not np.array_equal(orders[0], orders[1]), (
    "minibatch_indices(N=10, B=4, rng) returned the same batches for np.random.default_rng(0) and "
    "np.random.default_rng(1): your order does not depend on rng (did you seed a generator of your own?).")
check_epoch(12, 4, 2)                          # B divides N: three full batches
### BEGIN HIDDEN TESTS
rng_cases = np.random.default_rng(6600)
for _ in range(12):
    N = int(rng_cases.integers(1, 300))
    B = int(rng_cases.integers(1, N + 4))          # B > N too: a single batch of all N
    seed = int(rng_cases.integers(10**6))
    first = check_epoch(N, B, seed)
    assert np.array_equal(check_epoch(N, B, seed), first), (
        f"minibatch_indices(N={N}, B={B}, rng) returned different batches for two generators in the same state: "
        "the order must come from the rng you are given.")
    if N >= 10:
        assert not np.array_equal(first, np.arange(N)), f"minibatch_indices(N={N}, B={B}, rng): the examples are not shuffled."
        assert not np.array_equal(check_epoch(N, B, seed + 1), first), (
            f"minibatch_indices(N={N}, B={B}, rng): the same batches for two different generators: the order "
            "does not depend on rng.")
check_epoch(1, 1, 3)
check_epoch(7, 7, 4)
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

# %% [markdown] nbgrader={"grade": false, "grade_id": "part3", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3: SGD with momentum (2 points)
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

# %% [markdown] nbgrader={"grade": false, "grade_id": "part4", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 4: RMSProp (2 points)
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

# %% [markdown] nbgrader={"grade": false, "grade_id": "part5", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 5: Adam (3 points)
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


def adam_variant(name, correction="t", eps_inside=False, default_betas=False):
    # adam_step as a known mistake computes it
    def variant(theta, g, state, *, t, lr, beta1, beta2, eps):
        if default_betas:
            beta1, beta2 = 0.9, 0.999
        state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * g
        state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * g * g
        power = {"t": t, "one": 1, "none": None, "m_only": t, "paper": None}[correction]
        m_hat = state["m"] if power is None else state["m"] / (1 - beta1**power)
        v_hat = state["v"] if power is None or correction == "m_only" else state["v"] / (1 - beta2**power)
        if correction == "paper":  # the Adam paper's "efficient" form, with eps added to sqrt(v_t)
            lr = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        return theta - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
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
for _ in range(8):
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


def adam_variant(name, correction="t", eps_inside=False, default_betas=False):
    # adam_step as a known mistake computes it
    def variant(theta, g, state, *, t, lr, beta1, beta2, eps):
        if default_betas:
            beta1, beta2 = 0.9, 0.999
        state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * g
        state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * g * g
        power = {"t": t, "one": 1, "none": None, "m_only": t, "paper": None}[correction]
        m_hat = state["m"] if power is None else state["m"] / (1 - beta1**power)
        v_hat = state["v"] if power is None or correction == "m_only" else state["v"] / (1 - beta2**power)
        if correction == "paper":  # the Adam paper's "efficient" form, with eps added to sqrt(v_t)
            lr = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        return theta - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
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

# %% [markdown] nbgrader={"grade": false, "grade_id": "part6", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 6: an experiment: tune two learning rates (2 points)
#
# Lecture 06, sections 1, 2, 4 and 6. Back to the narrow valley of the lecture,
# $f(x, y) = \tfrac12 (x^2 + 50\, y^2)$, with curvature 1 along the valley and 50 across it, from
# the lecture's start $\theta_0 = (-4, 1)$, where $f(\theta_0) = 33$. The cell below defines it as
# the lecture does (`quadratic`, `quadratic_grad`) and two helpers:
#
# - `valley_losses("momentum", lr)` runs 100 steps of **your** `momentum_step` with momentum
#   $\mu = 0.9$ and learning rate `lr` from $\theta_0$; `valley_losses("adam", lr)` runs your
#   `adam_step` (default $\beta_1, \beta_2, \epsilon$). Both return the 101 losses
#   $f(\theta_0), f(\theta_1), \dots, f(\theta_{100})$; a run whose iterate leaves the box
#   $|x|, |y| < 1000$ has diverged, and its losses are `inf` from then on.
# - `end_loss(losses)` is the largest loss over the last 10 of the 100 steps: a run must have
#   arrived and stay there, not merely pass through a low point.
#
# **Your task.** Find a learning rate for each optimizer with which
# `end_loss(valley_losses(...)) < 0.01`: within 100 steps, the loss falls more than 3000-fold and
# stays down. Write `tune_learning_rates()`, which returns the pair `(lr_momentum, lr_adam)`. How
# you find them is up to you: try values by hand and print what `valley_losses` returns, or let
# the function search a grid of candidates on a log scale (lecture 06, section 2: `1e-4, 3e-4,
# 1e-3, ...`) and keep the best one. Read the losses as the lecture taught you:
#
# - the loss falls steadily, but is not below 0.01 at the end: the learning rate is **too small**;
# - the loss grows, oscillates without settling, or becomes `inf`: it is **too large**.
#
# **How it is graded: on the outcome.** The test runs the reference optimizers (the updates of
# parts 3 and 5, as `torch.optim` computes them) on the valley with the learning rates your
# function returns. While the test calls your `tune_learning_rates`, the names `momentum_step` and
# `adam_step` are the reference ones, so a mistake in part 3 or 5 costs only that part's points
# (but fix it first: tuning a wrong optimizer misleads you). If your search uses random numbers,
# take them from `np.random.default_rng(seed)`: two calls must return the same learning rates.

# %% nbgrader={"grade": false, "grade_id": "valley", "locked": true, "schema_version": 3, "solution": false, "task": false}
KAPPA = 50.0          # curvature across the valley / along it (lecture 06, section 1)
START = (-4.0, 1.0)   # the lecture's start, f(START) = 33
STEPS = 100           # steps per run
MU = 0.9              # the momentum of momentum_step
THRESHOLD = 0.01      # the loss a tuned run reaches and keeps over its last 10 steps


def quadratic(x, y):
    return 0.5 * (x**2 + KAPPA * y**2)


def quadratic_grad(xy):
    return np.array([xy[0], KAPPA * xy[1]])


def valley_losses(optimizer, lr, steps=STEPS):
    """The losses f(theta_0), ..., f(theta_steps) of your "momentum" or "adam" step function on the valley."""
    if optimizer not in ("momentum", "adam"):
        raise ValueError(f'valley_losses: optimizer must be "momentum" or "adam"; got {optimizer!r}')
    theta, state = np.array(START), {}
    losses = [quadratic(*theta)]
    for t in range(1, steps + 1):
        g = quadratic_grad(theta)
        if optimizer == "momentum":
            theta = momentum_step(theta, g, state, lr=lr, mu=MU)
        else:
            theta = adam_step(theta, g, state, t=t, lr=lr)
        theta = np.array(theta, dtype=float)
        if not np.all(np.abs(theta) < 1e3):   # diverged: stop before the numbers overflow
            return np.array(losses + [np.inf] * (steps + 1 - len(losses)))
        losses.append(quadratic(*theta))
    return np.array(losses)


def end_loss(losses):
    """The largest loss over the last 10 steps of a run: what must be below THRESHOLD."""
    return float(np.max(losses[-10:]))


# %% nbgrader={"grade": false, "grade_id": "tune_learning_rates", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tune_learning_rates():
    """Return (lr_momentum, lr_adam): learning rates with which momentum and Adam reach end_loss < THRESHOLD."""
    ### BEGIN SOLUTION
    candidates = 10.0 ** np.arange(-4, 1.01, 0.5)    # 1e-4, 3e-4, 1e-3, ..., 10: a log scale
    chosen = []
    for optimizer in ("momentum", "adam"):
        ends = [end_loss(valley_losses(optimizer, lr)) for lr in candidates]
        chosen.append(float(candidates[int(np.argmin(ends))]))   # the lowest loss over the last 10 steps
    return chosen[0], chosen[1]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_tune_lr", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
import dlf.optim as dlf_optim  # the reference of parts 3 and 5: the updates of torch.optim


def momentum_reference(theta, g, state, *, lr, mu):
    # momentum_step as dlf.optim.SGD computes it (state["u"] is the velocity)
    opt = dlf_optim.SGD(float(lr), momentum=mu)
    theta = np.array(theta, dtype=float)
    if "u" in state:
        opt.state[0] = {"t": 1, "u": np.array(state["u"], dtype=float)}
    opt.step([theta], [np.array(g, dtype=float)])
    state["u"] = opt.state[0]["u"]
    return theta


def adam_reference(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    # adam_step as dlf.optim.Adam computes it (state["m"], state["v"] are m_t and v_t)
    opt = dlf_optim.Adam(float(lr), betas=(beta1, beta2), eps=eps)
    theta = np.array(theta, dtype=float)
    zeros = np.zeros_like(theta)
    opt.state[0] = {"t": t - 1, "m": np.array(state.get("m", zeros), dtype=float),
                    "v": np.array(state.get("v", zeros), dtype=float), "scratch": np.empty_like(theta)}
    opt.step([theta], [np.array(g, dtype=float)])
    state["m"], state["v"] = opt.state[0]["m"], opt.state[0]["v"]
    return theta


def reference_losses(optimizer, lr, steps=STEPS):
    # valley_losses with the reference optimizers, run here by the test (your search calls it: one call per run)
    if optimizer not in ("momentum", "adam"):
        raise ValueError(f'valley_losses: optimizer must be "momentum" or "adam"; got {optimizer!r}')
    opt = dlf_optim.SGD(float(lr), momentum=MU) if optimizer == "momentum" else dlf_optim.Adam(float(lr))
    theta, losses = np.array(START), [quadratic(*START)]
    for _ in range(steps):
        opt.step([theta], [quadratic_grad(theta)])        # updates theta in place
        if not np.all(np.abs(theta) < 1e3):
            return np.array(losses + [np.inf] * (steps + 1 - len(losses)))
        losses.append(quadratic(*theta))
    return np.array(losses)


def call_with_references(name):
    # your tune_learning_rates, with the reference updates of parts 3 and 5 in place of yours
    with replaced_in_notebook("momentum_step", momentum_reference), replaced_in_notebook("adam_step", adam_reference):
        with replaced_in_notebook("valley_losses", reference_losses):
            return call(name, tune_learning_rates)


def tuned(lr, optimizer):
    return bool(np.isfinite(lr) and lr > 0 and end_loss(reference_losses(optimizer, lr)) < THRESHOLD)


def diagnose(name, lr, optimizer):
    # why the run with this learning rate does not reach the threshold: too small, too large, diverged
    losses = reference_losses(optimizer, lr)
    head = f"{name} = {lr:.4g}: "
    if not np.isfinite(losses).all():
        step = int(np.argmax(~np.isfinite(losses)))
        raise AssertionError(
            head + f"too large: the run diverged, the iterate left the box |x|, |y| < 1000 at step {step}. The "
            "steepest direction (curvature 50 across the valley) sets the largest stable learning rate "
            "(lecture 06, section 2): try smaller values, for example 3 or 10 times smaller.")
    if losses.max() > losses[0]:
        raise AssertionError(
            head + f"too large: the loss rose to {losses.max():.3g}, above its start f(theta_0) = {losses[0]:.3g}, "
            f"and over the last 10 steps it was still up to {end_loss(losses):.3g} (it must stay below {THRESHOLD}). "
            "The steps overshoot across the narrow valley; try smaller values."
            + (" Adam moves every coordinate by about lr per step at first, whatever the gradient (lecture 06, "
               "section 6): a first step longer than the valley is wide throws it up the other wall."
               if optimizer == "adam" else ""))
    raise AssertionError(
        head + f"too small: the loss fell steadily from {losses[0]:.3g}, but over the last 10 steps it was still "
        f"up to {end_loss(losses):.3g} (it must stay below {THRESHOLD} within {STEPS} steps). Try larger values, "
        "on a log scale (3 or 10 times larger)."
        + (" Adam moves each coordinate by at most about lr per step: the start is 4 away from the minimum "
           "along the valley." if optimizer == "adam" else ""))


chosen = call_with_references("tune_learning_rates()")
assert isinstance(chosen, (tuple, list)) and len(chosen) == 2, (
    f"tune_learning_rates() must return the pair (lr_momentum, lr_adam); got {type(chosen).__name__}"
    + (f" of length {len(chosen)}" if isinstance(chosen, (tuple, list)) else "") + ".")
for name, lr in zip(("lr_momentum", "lr_adam"), chosen):
    check_type(f"{name}, as tune_learning_rates() returned it", lr, float)
    assert np.isfinite(lr) and lr > 0, f"{name} must be a positive learning rate; got {lr!r}."
lr_momentum, lr_adam = (float(lr) for lr in chosen)
if not (tuned(lr_momentum, "momentum") and tuned(lr_adam, "adam")):
    assert not (tuned(lr_adam, "momentum") and tuned(lr_momentum, "adam")), (
        f"tune_learning_rates() returned ({lr_momentum:.4g}, {lr_adam:.4g}): these learning rates work the other "
        "way round. Return them in the order (lr_momentum, lr_adam).")
for name, lr, optimizer in (("lr_momentum", lr_momentum, "momentum"), ("lr_adam", lr_adam, "adam")):
    if not tuned(lr, optimizer):
        diagnose(name, lr, optimizer)
### BEGIN HIDDEN TESTS
again = call_with_references("tune_learning_rates() (a second call)")
assert isinstance(again, (tuple, list)) and len(again) == 2 and (float(again[0]), float(again[1])) == (lr_momentum, lr_adam), (
    f"tune_learning_rates() returned ({lr_momentum:.4g}, {lr_adam:.4g}) at the first call and {again!r} at the "
    "second: a search must be reproducible. Draw random candidates from np.random.default_rng(seed), not from "
    "NumPy's global random functions.")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part7", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 7: what a learning rate means (2 points, graded by your instructor)
#
# Compare the two learning rates you found in part 6 and, if you tried several, the range of
# learning rates with which each optimizer succeeded and what happened outside it. In the cell
# below, answer in 4 to 8 sentences:
#
# 1. What limits the learning rate of momentum on this valley from above (which of the two
#    curvatures, and why that one)? And what does Adam's learning rate measure instead? Use it to
#    explain why Adam with $\eta = 0.001$, its usual default, fails here.
# 2. Multiply the valley by 100, $f \to 100 f$, so that every gradient is 100 times larger. Which
#    of your two learning rates still brings $\theta$ as close to the minimum within 100 steps, and
#    why? What happens with the other one?
# 3. Name one situation in which you would still choose SGD with momentum over Adam, and say why.

# %% [markdown] nbgrader={"grade": true, "grade_id": "optimizer_answer", "locked": false, "schema_version": 3, "solution": true, "task": false, "points": 2}
# 1. Momentum steps by $\eta\, u_t$, and the velocity $u_t$ is built from the gradients themselves,
#    so the step grows with the gradient. Across the valley the curvature is 50: the gradient
#    there is $50\, y$, and a step that is too long overshoots the valley floor further each time.
#    As for plain gradient descent ($\eta < 2/\lambda_{\max} = 0.04$, section 2), the **largest**
#    curvature sets the limit (for momentum $\mu$ it is $2(1 + \mu)/\lambda_{\max} = 0.076$; above
#    it the runs diverge), while the smallest one, along the valley, makes small rates too slow.
#    Adam divides $\hat m_t$ by $\sqrt{\hat v_t}$, so each coordinate moves by **about $\eta$ per
#    step, whatever the size of its gradient**: its learning rate is a distance, not a multiplier
#    of the gradient. With $\eta = 0.001$, 100 steps move $x$ by at most about 0.1, but the start is
#    4 away from the minimum. (Too large an $\eta$ fails differently: the first steps, of length
#    $\eta$, jump across the narrow valley and up the other wall.)
# 2. Adam's. Multiplying every gradient by 100 multiplies $\hat m_t$ by 100 and $\sqrt{\hat v_t}$ by
#    100 (as long as $\sqrt{\hat v_t} \gg \epsilon$), so the ratio, and hence every step, is
#    unchanged: Adam follows exactly the same path. Momentum's steps become 100 times longer: the
#    curvature across the valley is now 5000, its stable learning rates are 100 times smaller, and
#    the learning rate found in part 6 diverges; it has to be divided by 100.
# 3. For example, training an image classifier (a convolutional network) where a tuned SGD with
#    momentum and a schedule is the established recipe and often generalizes as well as or better
#    than Adam (lecture 06, section 9); or when memory is tight: momentum keeps one array per
#    parameter ($u$), Adam two ($m$ and $v$). On a problem whose gradients all have similar
#    scales, Adam's per-coordinate normalization buys little.
#
# Rubric (2 points): 1 point for (1): momentum's learning rate is limited by the steepest
# direction (curvature 50), because its step is proportional to the gradient; Adam's step is
# about $\eta$ per coordinate whatever the gradient, so $\eta$ is a step length and 0.001 is too
# short to cover the distance 4 in 100 steps (half a point if only one optimizer is explained).
# 1 point for (2) and (3): Adam's learning rate still works because the normalization cancels the
# factor 100, momentum's must shrink 100-fold or it diverges (half a point); one sound reason to
# prefer SGD with momentum, such as generalization on image classifiers, memory, or an established
# tuned recipe (half a point).

# %% [markdown] nbgrader={"grade": false, "grade_id": "part8", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 8: warmup, then cosine decay (2 points)
#
# Lecture 06, section 10. A schedule gives the learning rate $\eta_t$ of every step. Here $t$
# counts the steps taken before this one, from $t = 0$ for the first step, as in the lecture's
# training loop (careful: the step counter of Adam in part 5 starts at 1; this one starts at 0).
# The lecture defines two pieces, for a schedule of $T$ steps in all with peak rate $\eta_0$:
#
# - a **linear warmup** over the first $T_w$ steps: $\eta_t = \eta_0\, \frac{t + 1}{T_w}$ for
#   $0 \le t < T_w$, so that the last warmup step, $t = T_w - 1$, has the full rate $\eta_0$;
# - a **cosine decay** from $\eta_0$ down to $\eta_{\min}$:
#   $\eta_t = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})\,\big(1 + \cos(\pi t / T)\big)$, which
#   starts at $\eta_0$ for $t = 0$ and reaches $\eta_{\min}$ at $t = T$.
#
# After a warmup, the lecture's loop hands over to the decay: the decay must start at $\eta_0$ at
# the first step after the warmup, $t = T_w$, and reach $\eta_{\min}$ at $t = T$, the end of the
# schedule (so it runs over the remaining $T - T_w$ steps); after $t = T$ the rate stays at
# $\eta_{\min}$. Work out how the cosine's argument must change for that, then write
# `lr_at(t, lr0, total, warmup=0, lr_min=0.0)`: the learning rate of step `t` (an integer
# $\ge 0$) as a float, for `lr0` $= \eta_0$, `total` $= T$, `warmup` $= T_w$ (with $0 \le T_w < T$;
# `warmup=0` means no warmup) and `lr_min` $= \eta_{\min}$. This is the rate that
# `optim.cosine_schedule(lr0, t, total, lr_min=lr_min, warmup=warmup)` gives; write it yourself
# (the `math` module or NumPy).

# %% nbgrader={"grade": false, "grade_id": "lr_at", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lr_at(t, lr0, total, warmup=0, lr_min=0.0):
    """The learning rate of step t = 0, 1, ...: linear warmup over `warmup` steps, then cosine decay to lr_min at t = total."""
    ### BEGIN SOLUTION
    if t < warmup:
        return lr0 * (t + 1) / warmup                       # 1/warmup, 2/warmup, ..., 1 times lr0
    s = min(t - warmup, total - warmup) / (total - warmup)  # 0 at the end of the warmup, 1 at t = total
    return float(lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * s)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_schedule", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def rates(lr0, total, warmup, lr_min):
    # your lr_at for t = 0, 1, ..., total + 2, as an array
    got = []
    for t in range(total + 3):
        name = f"lr_at({t}, lr0={lr0:.4g}, total={total}, warmup={warmup}, lr_min={lr_min:.4g})"
        rate = call(name, lr_at, t, lr0, total, warmup=warmup, lr_min=lr_min)
        check_type(name, rate, float)
        got.append(rate)
    return np.array(got)


warmup_from_zero = ("the warmup is off by one step: it must start at lr0 / warmup for t = 0 (eta_t = lr0 (t + 1) / T_w) "
                    "and reach lr0 at its last step t = T_w - 1; yours starts at 0, so the first step is wasted.")
warmup_too_long = ("the warmup lasts one step too long: the steps t = 0, ..., T_w - 1 warm up (t < T_w); t = T_w is the "
                   "first step of the decay, at lr0.")
decay_unshifted = ("the decay does not start where the warmup ends: cos(pi t / T) starts at t = 0, so after the warmup "
                   "your rate is already below lr0. Shift the argument, s = (t - T_w) / (T - T_w), so that s = 0 at t = T_w.")
decay_not_rescaled = ("the decay starts at lr0 at t = T_w, but does not reach lr_min at t = T: after the shift, divide by "
                      "the length of the decay, T - T_w, not by T: s = (t - T_w) / (T - T_w).")
decay_not_clamped = ("after t = T the rate rises again (the cosine goes past pi): the schedule ends at lr_min, so keep "
                     "s = min(s, 1) (or return lr_min for t >= T).")
lr_min_ignored = "the decay ends at 0, not at lr_min: eta_t = lr_min + (lr0 - lr_min) (1 + cos(pi s)) / 2."

check_no_library("lr_at")
# lr0 = 0.1, T = 10 steps, of which T_w = 4 of warmup, lr_min = 0. The warmup: t = 0, 1, 2, 3 -> 0.025, 0.05, 0.075, 0.1.
# The decay over the remaining 6 steps: t = 4 -> 0.1, t = 5 -> 0.05 (1 + cos(pi / 6)), ..., t = 7 -> 0.05 (its middle),
# ..., t = 10 -> 0 (its end), and 0 after it.
want = np.array([0.025, 0.05, 0.075, 0.1, 0.1, 0.05 * (1 + np.cos(np.pi / 6)), 0.075, 0.05, 0.025,
                 0.05 * (1 + np.cos(5 * np.pi / 6)), 0.0, 0.0, 0.0])
name = "lr_at(t, lr0=0.1, total=10, warmup=4) for t = 0, 1, ..., 12"
check_close(name, rates(0.1, 10, 4, 0.0), want, rtol=1e-9, atol=1e-15, mistakes={
    warmup_from_zero: np.concatenate([[0.0, 0.025, 0.05, 0.075], want[4:]]),
    warmup_too_long: np.concatenate([want[:4], [0.125], want[5:]]),
    decay_unshifted: np.concatenate([want[:4], [0.0654508497, 0.05, 0.0345491503, 0.0206107374, 0.0095491503,
                                                0.0024471742, 0.0, 0.0, 0.0]]),
    decay_not_rescaled: np.concatenate([want[:4], [0.1, 0.0975528258, 0.0904508497, 0.0793892626, 0.0654508497,
                                                   0.05, 0.0345491503, 0.0206107374, 0.0095491503]]),
    decay_not_clamped: np.concatenate([want[:11], [0.0066987298, 0.025]]),
})
# The same schedule decaying to lr_min = 0.01 instead of 0: the warmup is unchanged, the decay is squeezed into [0.01, 0.1].
with_min = np.concatenate([want[:4], 0.01 + 0.9 * want[4:]])
check_close("lr_at(t, lr0=0.1, total=10, warmup=4, lr_min=0.01) for t = 0, 1, ..., 12", rates(0.1, 10, 4, 0.01),
            with_min, rtol=1e-9, atol=1e-15, mistakes={lr_min_ignored: want})
# No warmup: the lecture's cosine decay, from 0.5 at t = 0 to 0 at t = T = 8.
check_close("lr_at(t, lr0=0.5, total=8) for t = 0, 1, ..., 10", rates(0.5, 8, 0, 0.0),
            0.25 * (1 + np.cos(np.pi * np.minimum(np.arange(11), 8) / 8)), rtol=1e-9, atol=1e-15, mistakes={
    decay_not_clamped: 0.25 * (1 + np.cos(np.pi * np.arange(11) / 8)),
})
### BEGIN HIDDEN TESTS
def schedule_variant(lr0, total, warmup, lr_min, warm="t+1", decay="shifted", clamp=True, use_lr_min=True,
                     warm_le=False):
    # the rates of steps t = 0, ..., total + 2 as the reference (defaults) or a known mistake computes them
    out = []
    low = lr_min if use_lr_min else 0.0
    for t in range(total + 3):
        if (t <= warmup if warm_le else t < warmup) and warmup > 0:
            out.append(lr0 * ((t + 1) if warm == "t+1" else t) / warmup)
            continue
        if decay == "shifted":
            s = (t - warmup) / (total - warmup)         # the reference: 0 at t = T_w, 1 at t = T
        elif decay == "unshifted":
            s = t / total                               # a mistake: the decay starts at t = 0
        else:
            s = (t - warmup) / total                    # a mistake: shifted, but divided by the whole length T
        if clamp:
            s = min(s, 1.0)                             # the rate stays at lr_min after t = T
        out.append(low + 0.5 * (lr0 - low) * (1 + np.cos(np.pi * s)))
    return np.array(out)


def check_schedule(lr0, total, warmup, lr_min):
    name = f"lr_at(t, lr0={lr0:.4g}, total={total}, warmup={warmup}, lr_min={lr_min:.4g}) for t = 0, ..., {total + 2}"
    check_close(name, rates(lr0, total, warmup, lr_min), schedule_variant(lr0, total, warmup, lr_min), rtol=1e-9,
                atol=1e-15, mistakes={
        warmup_from_zero: schedule_variant(lr0, total, warmup, lr_min, warm="t"),
        warmup_too_long: schedule_variant(lr0, total, warmup, lr_min, warm_le=True),
        decay_unshifted: schedule_variant(lr0, total, warmup, lr_min, decay="unshifted"),
        decay_not_rescaled: schedule_variant(lr0, total, warmup, lr_min, decay="not rescaled"),
        decay_not_clamped: schedule_variant(lr0, total, warmup, lr_min, clamp=False),
        lr_min_ignored: schedule_variant(lr0, total, warmup, lr_min, use_lr_min=False),
    })


rng_cases = np.random.default_rng(6800)
for case in range(10):
    total = int(rng_cases.integers(2, 60))
    warmup = int(rng_cases.integers(0, total)) if case else 1
    lr0 = float(10 ** rng_cases.uniform(-4, 0))
    lr_min = float(rng_cases.uniform(0, 0.3) * lr0) if case % 2 else 0.0
    check_schedule(lr0, total, warmup, lr_min)
check_schedule(1.0, 1, 0, 0.5)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part9", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 9: gradient clipping by global norm (2 points)
#
# Lecture 06, section 11. Clipping by global norm joins all the gradients of a model into one
# vector $g$ (every entry of every `dW` and `db`), with the global norm
# $\lVert g \rVert = \sqrt{\sum_k \lVert g_k \rVert^2}$ over the arrays $g_k$, and rescales them all
# by the same factor:
#
# $$g \leftarrow g \cdot \min\Big(1, \frac{c}{\lVert g \rVert}\Big).$$
#
# The direction of the step is kept; gradients whose global norm is at most $c$ are not changed.
# The lecture's `optim.clip_grad_norm(model.grads, c)` changes the arrays in place. Write a
# version that leaves its input alone, `clip_by_global_norm(grads, max_norm)`: `grads` is a dict
# of gradient arrays, such as `model.grads` (`{"W1": (D, H), "b1": (H,), "W2": (H, C), ...}`),
# and `max_norm` is $c > 0$. Return the pair `(clipped, norm)`: `clipped`, a **new** dict with the
# same keys, holding the clipped gradients as new arrays (the dict and the arrays you were given
# stay unchanged: the caller may still log or check them), and `norm`, the global norm
# $\lVert g \rVert$ **before** clipping, as a float.

# %% nbgrader={"grade": false, "grade_id": "clip_by_global_norm", "locked": false, "schema_version": 3, "solution": true, "task": false}
def clip_by_global_norm(grads, max_norm):
    """Return (clipped, norm): new arrays scaled by min(1, max_norm / ||g||), and the global norm ||g|| before clipping."""
    ### BEGIN SOLUTION
    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {key: g * scale for key, g in grads.items()}, norm
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "test_clipping", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 2}
def clipping_mistakes(grads, c):
    # {hint: (the clipped arrays a known mistake returns, its norm)}
    squares = [np.sum(g**2) for g in grads.values()]
    norm = np.sqrt(sum(squares))
    per_array = {k: g * min(1.0, c / np.linalg.norm(g)) if np.linalg.norm(g) > 0 else g for k, g in grads.items()}
    sum_of_norms = sum(np.sqrt(q) for q in squares)
    return {
        "you clipped each array by its own norm: the global norm joins all arrays into one vector, "
        "||g|| = sqrt(sum_k ||g_k||^2), and every array is scaled by the same factor min(1, c / ||g||), so the step "
        "keeps its direction.": ({k: v for k, v in per_array.items()}, None),
        "you clipped every entry to [-c, c] (clipping by value): that changes the direction of the step. Scale all "
        "arrays by the same factor min(1, c / ||g||).": ({k: np.clip(g, -c, c) for k, g in grads.items()}, None),
        "your gradients were scaled although their global norm is at most c: the factor is min(1, c / ||g||), so "
        "small gradients are left as they are.": ({k: g * c / norm for k, g in grads.items()}, None),
        "the global norm is sqrt(sum_k ||g_k||^2), the length of all the entries joined into one vector, not the "
        "sum of the arrays' norms.": ({k: g * min(1.0, c / sum_of_norms) for k, g in grads.items()}, sum_of_norms),
        "the global norm is the square root of the sum of squares: you returned (or divided by) the squared norm.":
            ({k: g * min(1.0, c / norm**2) for k, g in grads.items()}, norm**2),
    }


def check_clipping(grads, c, label):
    name = f"clip_by_global_norm({label}, max_norm={c:.4g})"
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    want = {k: g * min(1.0, c / norm) for k, g in grads.items()}
    out = call(name, clip_by_global_norm, grads, c, keep_inputs=True,
               hint="Return a new dict: clipped = {key: ... for key, g in grads.items()}.")
    assert isinstance(out, (tuple, list)) and len(out) == 2, (
        f"{name} must return the pair (clipped, norm); got {type(out).__name__}"
        + (f" of length {len(out)}" if isinstance(out, (tuple, list)) else "") + ".")
    clipped, got_norm = out
    assert isinstance(clipped, dict), (
        f"{name}: clipped must be a dict with the keys of grads; got {type(clipped).__name__}.")
    assert list(clipped) == list(grads), f"{name}: clipped must have the keys {list(grads)}; got {list(clipped)}."
    mistakes = clipping_mistakes(grads, c)
    check_type(f"the norm returned by {name}", got_norm, float)
    check_close(f"the norm returned by {name}", got_norm, norm, rtol=1e-6, mistakes={
        "return the global norm before clipping (as clip_grad_norm does, to log it), not after.": min(norm, c),
        **{hint: wrong_norm for hint, (_, wrong_norm) in mistakes.items() if wrong_norm is not None}})
    for key in grads:
        check_close(f"clipped[{key!r}] of {name} (global norm {norm:.4g})", clipped[key], want[key], rtol=1e-5,
                    atol=1e-12, mistakes={hint: wrong[key] for hint, (wrong, _) in mistakes.items()})


check_no_library("clip_by_global_norm")
# W has norm 3, b has norm 4: the global norm is sqrt(9 + 16) = 5.
grads = {"W": np.array([[2.0, -2.0], [1.0, 0.0]]), "b": np.array([4.0, 0.0])}
check_clipping(grads, 1.0, "{W: [[2, -2], [1, 0]], b: [4, 0]}")    # factor 1/5: W [[0.4, -0.4], [0.2, 0]], b [0.8, 0]
check_clipping(grads, 10.0, "{W: [[2, -2], [1, 0]], b: [4, 0]}")   # norm 5 <= 10: unchanged
### BEGIN HIDDEN TESTS
rng_cases = np.random.default_rng(6900)
for case in range(10):
    D, H, C = (int(n) for n in rng_cases.integers(1, 7, size=3))
    scale = float(10 ** rng_cases.uniform(-0.3, 2))
    grads = {"W1": scale * rng_cases.normal(size=(D, H)), "b1": scale * rng_cases.normal(size=H),
             "W2": scale * rng_cases.normal(size=(H, C)), "b2": scale * rng_cases.normal(size=C)}
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    c = float(norm * (rng_cases.uniform(0.05, 0.9) if case % 3 else rng_cases.uniform(1.1, 3)))
    check_clipping(grads, c, f"a dict of W1 ({D}, {H}), b1 ({H},), W2 ({H}, {C}), b2 ({C},)")
check_clipping({"W": np.full((3, 2), 2.0)}, 2.0, "{W: a (3, 2) array of 2s}")
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "part10", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 10: weight decay in Adam, or AdamW (1 point)
#
# Lecture 06, section 7, ran Adam with an L2 term (`weight_decay` added to the gradient) and AdamW
# on two weights whose loss gradients flip sign at every step, of size 10 for the first weight and
# 0.01 for the second, with $\lambda = 0.1$ and $\eta = 0.01$. Which statement is right?
#
# - **A.** With the L2 term, both weights decay like $(1 - \eta\lambda)^t$, exactly as with AdamW:
#   the two are the same algorithm written twice.
# - **B.** With the L2 term, the decay term $\lambda\theta$ is divided by $\sqrt{\hat v_t}$ like the
#   rest of the gradient: the weight with large gradients decays about ten times more slowly than
#   intended, the one with tiny gradients is driven to 0 quickly. AdamW applies the decay apart
#   from Adam's step, so both weights follow $(1 - \eta\lambda)^t$.
# - **C.** AdamW decays the weight with large gradients faster, because its decay is multiplied by
#   the size of the gradient.
#
# Set `answer_adamw` to `"A"`, `"B"` or `"C"`.

# %% nbgrader={"grade": false, "grade_id": "answer_adamw", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
answer_adamw = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "test_adamw_choice", "locked": true, "schema_version": 3, "solution": false, "task": false, "points": 1}
check_choice_format("answer_adamw", answer_adamw, "ABC")
### BEGIN HIDDEN TESTS
check_choice("answer_adamw", answer_adamw, "B", {
    "A": "They are the same only for plain SGD. In Adam the L2 term joins the gradient g_t, so it is divided by "
         "sqrt(v_hat) like the rest of g_t: each weight's decay is rescaled by the size of its own gradients. The "
         "lecture's figure shows the two weights decaying at very different rates with the L2 term, and alike with AdamW.",
    "C": "AdamW's decay does not depend on the gradients at all: each step multiplies every weight by (1 - lr * lambda), "
         "apart from Adam's normalized step. It is Adam with the L2 term whose decay depends on the gradients (divided by "
         "sqrt(v_hat)), so there the weight with large gradients decays more slowly, not faster.",
})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "end", "locked": true, "schema_version": 3, "solution": false, "task": false}
# That's all. Total: 18 points (16 graded automatically, 2 by your instructor). Before you hand
# in, restart the kernel and run all cells (*Kernel > Restart Kernel and Run All Cells*), then
# **Validate**.
#
# Optional, not graded: to see your optimizers at work, draw their paths on the narrow valley
# with the learning rates of part 6 (the points $\theta_t$ of a loop like `valley_losses`, on the
# contour lines of lecture 06's `plot.plot_contour_path`), and add RMSProp: where does it land
# between momentum and Adam?
