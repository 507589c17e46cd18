"""Interactive figures: controls that redraw a matplotlib figure.

This package is the only part of ``dlf`` that imports ``ipywidgets``. Its modules:

===========  =========================================================  ========
module       holds                                                      lecture
===========  =========================================================  ========
core         the pattern: interactive_plot, InteractivePlot,            all
             show_figure
quizzes      quiz, Quiz, quiz_feedback                                  all
intro        learning_curve_explorer, perceptron_explorer,              00, 01
             perceptron_stepper
networks     approximation_explorer, sawtooth_explorer                  02
activations  activation_explorer, activation_depth_explorer              03
gradients    neuron_graph_explorer, init_depth_explorer                 04, 05
===========  =========================================================  ========

Every public name is imported here: use ``dlf.widgets.<name>``. The widgets draw; what
they draw is computed elsewhere in ``dlf`` (the signals through depth of lectures 03 and
05 in ``dlf.depth``).

The pattern (lectures reuse it)
-------------------------------
``interactive_plot(draw, **controls)`` returns an ``InteractivePlot``: a ``VBox`` with
the controls on top and an ``ipywidgets.Output`` holding the figure below::

    def draw(ax, lr):
        ...                                   # draw on the matplotlib Axes ax

    w = interactive_plot(draw, lr=widgets.FloatLogSlider(value=0.1, min=-3, max=0))
    w                                         # last line of the cell: shows it

    w.controls["lr"].value = 0.01             # from code (tests, browser tests) ...
    w.output.outputs[0]["data"]["image/png"]  # ... and the figure has been redrawn

Its ``update(change=None)`` method is registered on every control with
``.observe(update, names="value")`` and is called once when the widget is built, so a
figure exists from the start. ``update`` draws a new ``matplotlib.figure.Figure`` with
``draw(ax, **values)``, renders it to PNG and replaces the Output's content with it.
``.controls`` (dict: name -> widget), ``.output`` and ``.update`` are public.

Why the figure is *assigned* to the Output rather than ``display``-ed in it
---------------------------------------------------------------------------
The usual recipe, ``with out: clear_output(wait=True); display(fig); plt.close(fig)``,
relies on the browser: the kernel only sends display messages, and the frontend
routes them into the Output. So without a frontend (pytest, ``nbconvert``) nothing
reaches ``out.outputs``, and with one the clear and display messages can interleave so
that plots pile up instead of being replaced (ipywidgets issues #1853, #2109, #1940).
Here ``update`` sets the synced trait ``output.outputs`` to a one-item tuple holding
the PNG (``show_figure``): one state change, which every frontend applies by replacing
the old figure, and which code can read back. The figure is made with
``matplotlib.figure.Figure``, not ``pyplot``, so the inline backend never shows it a
second time below the cell and there is nothing to ``plt.close``.

A static figure when the notebook is executed headless
------------------------------------------------------
``nbconvert``/``nbval`` execute lectures without a widget frontend, and GitHub or a
JupyterLab that opens a saved (untrusted) notebook cannot render a widget either. So
an ``InteractivePlot`` displays itself with a MIME bundle holding, next to the widget
view, the current figure as ``image/png`` and a short deterministic ``text/plain``
such as ``activation_explorer(activation='sigmoid', depth=5)``. JupyterLab with a live
kernel ranks the widget view first and shows the live widget; every other viewer shows
the PNG, which is stored in the cell's outputs; ``nbval`` compares only the text. A
lecture needs nothing special: end the cell with the widget.

Errors: a mistake in ``draw`` raises when the widget is built; after a change of a
control, the traceback is shown in the Output instead of the figure.
"""

from .activations import activation_depth_explorer, activation_explorer
from .core import InteractivePlot, interactive_plot, show_figure
from .gradients import init_depth_explorer, neuron_graph_explorer
from .intro import learning_curve_explorer, perceptron_explorer, perceptron_stepper
from .networks import approximation_explorer, sawtooth_explorer
from .quizzes import Quiz, quiz, quiz_feedback

__all__ = [
    # the pattern and the quiz
    "InteractivePlot",
    "interactive_plot",
    "show_figure",
    "Quiz",
    "quiz",
    "quiz_feedback",
    # the widgets of the lectures, in lecture order
    "learning_curve_explorer",  # 00
    "perceptron_explorer",
    "perceptron_stepper",  # 01
    "approximation_explorer",
    "sawtooth_explorer",  # 02
    "activation_explorer",
    "activation_depth_explorer",  # 03
    "neuron_graph_explorer",  # 04
    "init_depth_explorer",  # 05
]
