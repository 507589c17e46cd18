"""Time one training step of dlf against the matrix products it cannot avoid.

Network 784-512-512-10 (ReLU), batch N = 256, float32, softmax cross-entropy, Adam.
One step = forward, loss, backward, Adam update. The lower bound is the time of the
matrix products of that step alone, on the same arrays:

- forward:  X W1, A1 W2, A2 W3                       (3 products)
- backward: dW = X^T dY for each layer               (3 products)
            dX = dY W^T for layers 3 and 2           (2 products)
            dX = dY W1^T for layer 1                 (1 product: Sequential.backward
                                                      returns dL/dX, as the contract says)

Prints the median of repeated runs and the ratio step / products (target <= 1.5).
Run with `make bench`; not part of `make test`.
"""

from __future__ import annotations

import time

import numpy as np

from dlf.layers import Linear, ReLU, Sequential
from dlf.losses import softmax_cross_entropy
from dlf.optim import Adam

SIZES = (784, 512, 512, 10)
N = 256
REPEATS = 50


def median_seconds(fn, repeats=REPEATS):
    for _ in range(5):  # warm up caches and BLAS threads
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main():
    rng = np.random.default_rng(0)
    f32 = np.float32
    layers = []
    for D, K in zip(SIZES[:-1], SIZES[1:]):
        layers += [Linear(D, K, rng=rng, dtype=f32), ReLU()]
    model = Sequential(*layers[:-1])
    opt = Adam(lr=1e-3)
    X = rng.normal(size=(N, SIZES[0])).astype(f32)
    y = rng.integers(0, SIZES[-1], size=N)

    def step():
        Z = model.forward(X)
        _, dZ = softmax_cross_entropy(Z, y)
        model.backward(dZ)
        opt.step(model.params, model.grads)

    Ws = [layer.params["W"] for layer in model.layers if isinstance(layer, Linear)]
    As = [X] + [rng.normal(size=(N, W.shape[1])).astype(f32) for W in Ws[:-1]]
    dYs = [rng.normal(size=(N, W.shape[1])).astype(f32) for W in Ws]

    def products(with_first_dX):
        for A, W in zip(As, Ws):
            A @ W
        for A, dY in zip(As, dYs):
            A.T @ dY
        for i, (W, dY) in enumerate(zip(Ws, dYs)):
            if i > 0 or with_first_dX:
                dY @ W.T

    step()
    assert Z_dtype(model, X) == f32, "the step must stay in float32"
    t_step = median_seconds(step)
    t_9 = median_seconds(lambda: products(True))
    t_8 = median_seconds(lambda: products(False))
    print(f"MLP {'-'.join(map(str, SIZES))}, batch {N}, float32, Adam, median of {REPEATS} runs")
    print(f"  one training step (forward, loss, backward, Adam): {t_step * 1e3:7.2f} ms")
    print(f"  its 9 matrix products alone (lower bound):          {t_9 * 1e3:7.2f} ms   ratio {t_step / t_9:.2f}")
    print(f"  the 8 products without the unused dL/dX of layer 1: {t_8 * 1e3:7.2f} ms   ratio {t_step / t_8:.2f}")
    print("  target: ratio <= 1.5")


def Z_dtype(model, X):
    return model.forward(X).dtype


if __name__ == "__main__":
    main()
