"""A grid of images: digits, or the first-layer weights of a network (lectures 00, 05, 07)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from .._validate import as_float_array, check_positive_int, shape_str

__all__ = ["plot_images"]


def plot_images(
    images, labels=None, *, shape=(8, 8), ncols: int = 10, fig=None, cmap: str | None = None, symmetric: bool = False
):
    """Show images in a grid: digits, or the first-layer weights of a network.

    Taught in lecture 05 (the 8x8 digits; each column of ``W`` of the first layer is a
    "template" over the input pixels: pass ``W.T``).

    Parameters
    ----------
    images : (N, P) ndarray or (N, h, w) ndarray
        Flattened images (``P = h * w``, reshaped to ``shape``) or images.
    labels : (N,) sequence, optional
        A title for each image (class ids, predictions, strings).
    shape : (int, int)
        ``(h, w)`` of a flattened image.
    ncols : int
        Images per row.
    fig : matplotlib Figure, optional
        An empty figure to draw in; a new one if None.
    cmap : str, optional
        Color map; ``"gray_r"`` (ink on paper) by default, ``"RdBu_r"`` if ``symmetric``.
    symmetric : bool
        Center the color scale on 0, shared by all images: for weights, where the sign
        matters.

    Returns
    -------
    fig : matplotlib Figure
        One Axes with one image per input image, then hidden empty Axes.
    """
    where = "plot_images"
    images = as_float_array(images, where, "images")
    ncols = check_positive_int(ncols, where, "ncols")
    if images.ndim == 2:
        if len(shape) != 2 or images.shape[1] != shape[0] * shape[1]:
            raise ValueError(
                f"{where}: images (N, P) must have P = h * w = {shape[0]} * {shape[1]} for "
                f"shape={tuple(shape)}; got {shape_str(images.shape)}. Pass shape=(h, w)"
            )
        images = images.reshape(-1, *shape)
    elif images.ndim != 3:
        raise ValueError(f"{where}: images must have shape (N, P) or (N, h, w); got {shape_str(images.shape)}")
    N = images.shape[0]
    if N == 0 or N > 400:
        raise ValueError(f"{where}: can show 1 to 400 images; got N = {N}. Pass a slice, e.g. images[:40]")
    if labels is not None:
        labels = list(labels)
        if len(labels) != N:
            raise ValueError(f"{where}: labels must have one entry per image, shape ({N},); got {len(labels)}")
    ncols = min(ncols, N)
    nrows = math.ceil(N / ncols)
    if fig is None:
        fig = plt.figure(figsize=(1.0 * ncols, (1.2 if labels is not None else 1.0) * nrows))
        fig.subplots_adjust(
            left=0.02,
            right=0.98,
            bottom=0.02,
            top=0.98 if labels is None else 0.9,
            wspace=0.1,
            hspace=0.1 if labels is None else 0.35,
        )
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    kw = {"cmap": cmap or ("RdBu_r" if symmetric else "gray_r")}
    if symmetric:
        m = float(np.abs(images).max()) or 1.0
        kw.update(vmin=-m, vmax=m)
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < N:
            ax.imshow(images[i], interpolation="nearest", **kw)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    return fig
