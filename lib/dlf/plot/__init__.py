"""Figures of the course, with matplotlib only.

Every function draws on the Axes (or Figure) you pass, or on a new one, and returns
what it drew on, so a lecture can add a title or a line afterwards. Nothing here calls
``plt.show()``: in a notebook, end the cell with ``plt.show()`` and the figure appears
(rather than with ``;``, which ``nbval`` ignores: see nbval issue #194). All of it
works with the non-interactive Agg backend (tests, ``nbconvert``).

=============================  ==========================================  ========  ===========
function                       draws                                       lecture   module
=============================  ==========================================  ========  ===========
plot_timings                   running times against a size, log-log       00        curves
plot_learning_curves           scores against the number of examples       00        curves
plot_decision_boundary         class regions of any classifier in 2-D      01, 02    classifiers
plot_line_boundary             the line w.x + b = 0 of a perceptron        01        classifiers
plot_weight_history            a perceptron's weights, update by update    01        curves
plot_function_and_derivative   an activation f and its derivative f'       03        activations
plot_layer_stats               activations/gradients through depth         03,05,07  activations
plot_graph                     the computational graph of an autodiff      04        graph
                               ``Value``
plot_history                   training curves (loss, accuracy)            05        curves
plot_images                    a grid of digits or first-layer weights     05        images
plot_contour_path              optimizer paths on a loss surface           06        landscapes
plot_curves                    several runs' curves in one panel           06, 07    curves
=============================  ==========================================  ========  ===========

Every function is imported here: use ``dlf.plot.<name>``. ``core`` holds the small
pieces the modules share.

Writing a new helper: put it in the module of its topic, take ``ax=None``, call
``_axes(ax, where)`` (from ``.core``), check the inputs with ``dlf._validate``, draw,
return ``ax``; then import it here and add it to ``__all__``.
"""

from .activations import plot_function_and_derivative, plot_layer_stats
from .classifiers import plot_decision_boundary, plot_line_boundary
from .curves import plot_curves, plot_history, plot_learning_curves, plot_timings, plot_weight_history
from .graph import plot_graph
from .images import plot_images
from .landscapes import plot_contour_path

__all__ = [
    "plot_decision_boundary",
    "plot_line_boundary",
    "plot_function_and_derivative",
    "plot_history",
    "plot_contour_path",
    "plot_layer_stats",
    "plot_graph",
    "plot_images",
    "plot_timings",
    "plot_learning_curves",  # lecture 00
    "plot_weight_history",  # lecture 01
    "plot_curves",  # lectures 06 and 07
]
