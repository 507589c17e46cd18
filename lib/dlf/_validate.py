"""Input checks shared by the public functions of ``dlf``.

Every message names the call, what was expected and what came, in course notation,
for example ``Linear.forward: X must have shape (N, 3); got (5, 4)``.
"""

from __future__ import annotations

import numpy as np


def shape_str(shape) -> str:
    """Format a shape as the course writes it: ``(N, 3)``, ``(5,)``."""
    parts = [str(s) for s in shape]
    return "(" + parts[0] + ",)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def as_float_array(x, where: str, name: str) -> np.ndarray:
    """Return ``x`` as a floating-point ndarray, or raise ``TypeError`` naming it.

    Integer and boolean inputs become float64; float32 stays float32.
    """
    if isinstance(x, np.ndarray):
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except Exception as exc:  # ragged lists and the like
            raise TypeError(f"{where}: {name} must be an array of numbers; got {type(x).__name__}") from exc
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{where}: {name} must be an array of numbers; got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{where}: {name} must be real; got dtype {arr.dtype}")
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    return arr


def check_ndim(arr: np.ndarray, ndim: int, where: str, name: str, spec: str) -> None:
    """Raise ``ValueError`` unless ``arr.ndim == ndim``; ``spec`` reads like ``(N, D)``."""
    if arr.ndim != ndim:
        raise ValueError(f"{where}: {name} must have shape {spec}; got {shape_str(arr.shape)}")


def check_shape(arr: np.ndarray, expected: tuple, where: str, name: str) -> None:
    """Raise ``ValueError`` unless ``arr.shape`` matches ``expected``.

    ``expected`` may hold ``None`` or a letter string for a free axis, e.g. ``("N", 3)``.
    """
    ok = arr.ndim == len(expected) and all(not isinstance(e, int) or e == s for e, s in zip(expected, arr.shape))
    if not ok:
        spec = shape_str(["N" if e is None else e for e in expected])
        raise ValueError(f"{where}: {name} must have shape {spec}; got {shape_str(arr.shape)}")


def check_finite(arr: np.ndarray, where: str, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds NaN or infinity."""
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{where}: {name} must be finite; it contains NaN or inf")


def check_labels(y, n: int, n_classes: int | None, where: str, name: str = "y") -> np.ndarray:
    """Return integer labels ``y`` of shape ``(N,)`` with values in ``[0, C)``; ``name`` is
    what the messages call them (``"y_val"`` for a validation set)."""
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != n:
        raise ValueError(
            f"{where}: {name} must have shape ({n},), one integer class id per row of the input; got {shape_str(y.shape)}"
        )
    if y.size and not np.issubdtype(y.dtype, np.integer):
        if np.issubdtype(y.dtype, np.floating) and np.all(y == np.round(y)):
            y = y.astype(np.int64)
        else:
            raise TypeError(f"{where}: {name} must hold integer class ids; got dtype {y.dtype}")
    if n_classes is not None and y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(
            f"{where}: {name} must hold class ids in [0, {n_classes}) for C = {n_classes}; got values in [{y.min()}, {y.max()}]"
        )
    return y


def check_positive_int(value, where: str, name: str) -> int:
    """Return ``value`` as an int, or raise unless it is a positive integer."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{where}: {name} must be a positive int; got {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{where}: {name} must be a positive int; got {value}")
    return int(value)


def check_rng(rng, where: str) -> np.random.Generator:
    """Require an explicit ``np.random.Generator``: the course never uses global random state."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{where}: rng must be a np.random.Generator, e.g. np.random.default_rng(0); got {type(rng).__name__}"
        )
    return rng
