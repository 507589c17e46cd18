"""The pattern behind every widget of the course: controls above a figure they redraw.

``interactive_plot(draw, **controls)`` builds an ``InteractivePlot``; ``show_figure``
puts a figure into an ``ipywidgets.Output`` as a PNG. The docstring of ``dlf.widgets``
explains how it works and why the figure is assigned to the Output rather than
``display``-ed in it.
"""

from __future__ import annotations

import base64
import io
import traceback
from numbers import Real

import ipywidgets as widgets
from matplotlib.figure import Figure

from .._validate import check_positive_int

__all__ = ["InteractivePlot", "interactive_plot", "show_figure"]


_DPI = 100


def _png_base64(fig: Figure) -> str:
    """The figure as a base64-encoded PNG, the form Jupyter outputs store images in."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def show_figure(output: widgets.Output, fig: Figure) -> None:
    """Replace everything in ``output`` by the figure ``fig`` (as a PNG).

    Use it in your own callbacks instead of ``with output: display(fig)``; the docstring
    of ``dlf.widgets`` says why. ``fig`` is not needed afterwards.

    Parameters
    ----------
    output : ipywidgets.Output
    fig : matplotlib.figure.Figure
    """
    if not isinstance(output, widgets.Output):
        raise TypeError(f"show_figure: output must be an ipywidgets.Output; got {type(output).__name__}")
    if not isinstance(fig, Figure):
        raise TypeError(f"show_figure: fig must be a matplotlib Figure; got {type(fig).__name__}")
    w, h = (fig.get_size_inches() * _DPI).round().astype(int)
    output.outputs = (
        {
            "output_type": "display_data",
            "data": {"image/png": _png_base64(fig), "text/plain": f"<Figure size {w}x{h} with {len(fig.axes)} Axes>"},
            "metadata": {},
        },
    )


class InteractivePlot(widgets.VBox):
    """Controls above a figure that is redrawn whenever a control's value changes.

    Build it with ``interactive_plot``; see the docstring of ``dlf.widgets`` for the pattern.

    Attributes
    ----------
    controls : dict of str to ipywidgets widget
        The controls, by the name of the ``draw`` argument they set.
    output : ipywidgets.Output
        Holds the current figure: ``output.outputs[0]["data"]["image/png"]`` (base64).
    draw : callable
        ``draw(ax, **values)`` (or ``draw(axes, **values)`` for ``ncols > 1``).
    """

    def __init__(self, draw, controls: dict, *, ncols: int = 1, figsize=None, name: str | None = None):
        self.draw = draw
        self.controls = dict(controls)
        self.ncols = ncols
        self.figsize = figsize if figsize is not None else (5.0 * ncols, 3.6)
        self.name = name if name is not None else getattr(draw, "__name__", "interactive_plot")
        self.output = widgets.Output()
        box = widgets.HBox(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([box, self.output])
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None) -> None:
        """Redraw the figure with the current values and show it in ``output``.

        ``change`` is the traitlets change dict when called by ``observe``. Called by
        hand (``change=None``), errors in ``draw`` are raised; after a change, they are
        shown in the Output instead.
        """
        fig = Figure(figsize=self.figsize, layout="constrained")
        axes = fig.subplots(1, self.ncols)
        try:
            self.draw(axes, **self.values)
        except Exception:
            if change is None:
                raise
            self.output.outputs = ({"output_type": "stream", "name": "stderr", "text": traceback.format_exc()},)
            return
        show_figure(self.output, fig)

    def _repr_mimebundle_(self, **kwargs):
        """The widget view plus a static PNG and a short text, for viewers without widgets."""
        bundle = super()._repr_mimebundle_(**kwargs)
        args = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        bundle["text/plain"] = f"{self.name}({args})"
        current = self.output.outputs[0] if self.output.outputs else {}
        if "image/png" in current.get("data", {}):
            bundle["image/png"] = current["data"]["image/png"]
        return bundle


def interactive_plot(draw, *, ncols: int = 1, figsize=None, **controls) -> InteractivePlot:
    """Build an interactive figure: ``draw`` is called again whenever a control changes.

    Parameters
    ----------
    draw : callable
        ``draw(ax, **values)`` draws on a fresh matplotlib Axes (``ncols == 1``), or
        ``draw(axes, **values)`` on an array of ``ncols`` Axes side by side. ``values``
        maps each control's name to its current ``.value``. For any other layout, use
        ``ax.figure`` (e.g. remove ``ax`` and add your own subplots).
    ncols : int
        Number of Axes in a row.
    figsize : (float, float), optional
        Figure size in inches; ``(5 * ncols, 3.6)`` by default.
    **controls : ipywidgets widgets with a ``value``
        E.g. ``lr=widgets.FloatSlider(...)``, ``name=widgets.Dropdown(options=[...])``.
        A control without a description gets its name as description.

    Returns
    -------
    InteractivePlot
        Display it (last line of a cell); ``.controls``, ``.output``, ``.update``.

    Examples
    --------
    >>> import numpy as np
    >>> def draw(ax, k):
    ...     x = np.linspace(-3, 3, 200)
    ...     ax.plot(x, np.tanh(k * x))
    >>> w = interactive_plot(draw, k=widgets.FloatSlider(value=1.0, min=0.1, max=5.0))
    >>> w.controls["k"].value = 3.0   # redraws
    """
    where = "interactive_plot"
    if not callable(draw):
        raise TypeError(f"{where}: draw must be a function draw(ax, **values); got {type(draw).__name__}")
    ncols = check_positive_int(ncols, where, "ncols")
    if figsize is not None:
        ok = (
            isinstance(figsize, (tuple, list))
            and len(figsize) == 2
            and all(isinstance(s, Real) and not isinstance(s, bool) and s > 0 for s in figsize)
        )
        if not ok:
            raise ValueError(f"{where}: figsize must be (width, height) in inches, both > 0; got {figsize!r}")
    for name, control in controls.items():
        if not (isinstance(control, widgets.Widget) and control.has_trait("value")):
            raise TypeError(
                f"{where}: control {name!r} must be an ipywidgets widget with a .value, "
                f"e.g. widgets.FloatSlider(...); got {type(control).__name__}"
            )
        if control.has_trait("description") and not control.description:
            control.description = name
            if hasattr(control, "style") and control.style.has_trait("description_width"):
                control.style.description_width = "initial"
    return InteractivePlot(draw, controls, ncols=ncols, figsize=figsize)
