"""Checks used by the test cells of the graded exercises (nbgrader).

A failed check raises ``AssertionError`` whose message teaches: it names the quantity
in course notation, says what was expected and what came, and, when it recognizes a
common mistake, says which one::

    shape_of_dW(N=5, D=3, K=2): expected shape (D, K) = (3, 2); got (2, 3), which is (K, D).
    The axes are in the wrong order (a transpose?).

    dW: transposed gradient: you computed dY.T @ X, of shape (K, D). The course writes
    dW = X.T @ dY, of shape (D, K) like W. ...

nbgrader shows that message in the feedback; the hidden tests themselves are removed
from the feedback (see :mod:`coursegrader.nbgrader_plugins`), so a hidden test should always
fail through one of these checks or an ``assert ..., "message"``, never a bare
``assert``.

Checks return ``None`` (a test cell whose last line is a check then has no output;
nbgrader would read a number as partial credit).

Where the checks run. When a notebook is autograded, the test cells run in a trusted
process apart from the student's code (:mod:`coursegrader.trusted`): what a check receives
from the student is plain data or a proxy, and nothing the student's code does can replace
a check. The checks about the code itself (:func:`check_vectorized`, :func:`check_own_function`)
read the student's cells as text, and :class:`replaced_in_notebook` lets a test give the
student's code a stand-in; in both places they use :data:`NOTEBOOK`, the trusted process's
view of the notebook, or the kernel's own namespace in JupyterLab. There, where the tests
share the student's kernel (Validate), this module keeps its own references to NumPy taken
when it is imported and fails every check once NumPy's comparison functions have been
replaced: the student's own check should not be fooled by their own patch.

The grader of the exercises is tested in ``tests/grading``; this module in
``tests/test_grading_module.py``.
"""

from __future__ import annotations

import sys

import numpy as np
import numpy.testing

from dlf._validate import shape_str

__all__ = [
    "check_type",
    "check_equal",
    "check_shape",
    "check_close",
    "check_raises",
    "check_choice",
    "check_choice_format",
    "check_linear_gradients",
    "check_vectorized",
    "check_untampered",
    "call",
    "check_own_function",
    "check_analytic",
    "check_no_library",
    "replaced_in_notebook",
]

# libraries that would do an exercise's work for the student
FORBIDDEN_LIBRARIES = ("scipy", "sklearn", "torch", "tensorflow", "keras", "jax", "autograd", "dlf")

# --- our own references, taken at import time --------------------------------------
_asarray = np.asarray
_ndarray = np.ndarray
_abs = np.abs
_isfinite = np.isfinite
_unravel = np.unravel_index
_array_equal = np.array_equal

# functions a submission might replace to make comparisons always succeed
_WATCHED = {
    "np." + n: (np, n) for n in ("allclose", "isclose", "array_equal", "array_equiv", "all", "any", "asarray", "abs")
}
_WATCHED.update(
    {
        "np.testing." + n: (np.testing, n)
        for n in (
            "assert_allclose",
            "assert_array_equal",
            "assert_array_almost_equal",
            "assert_equal",
            "assert_almost_equal",
        )
    }
)
_ORIGINAL = {name: getattr(mod, attr) for name, (mod, attr) in _WATCHED.items()}
_TESTING = np.testing


def _is_numpy_function(f) -> bool:
    return str(getattr(f, "__module__", "") or "").startswith("numpy")


def check_untampered() -> None:
    """Fail if NumPy's comparison functions were replaced (every check calls this).

    Raises
    ------
    AssertionError
        Naming the replaced function, e.g. ``np.allclose``.
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    if np.testing is not _TESTING:
        raise AssertionError(
            "np.testing has been replaced (by code in the notebook?); the grader does not trust it, so this test fails."
        )
    for name, (mod, attr) in _WATCHED.items():
        now = getattr(mod, attr, None)
        if now is not _ORIGINAL[name] or not _is_numpy_function(now):
            raise AssertionError(
                f"{name} has been replaced (by code in the notebook?). The grader does not "
                f"trust a notebook that patches NumPy's comparison functions, so this test "
                f"fails. Remove the assignment to {name} and run the notebook again."
            )


# --- small helpers -------------------------------------------------------------------


def _letters(shape, dims) -> str:
    """``(3, 2)`` -> ``", which is (D, K)"`` when every size names one letter of ``dims``."""
    if not dims or not shape:
        return ""
    by_size = {}
    for letter, size in dims.items():
        by_size.setdefault(size, []).append(letter)
    names = []
    for s in shape:
        found = by_size.get(s, [])
        if len(found) != 1:
            return ""
        names.append(found[0])
    return ", which is " + shape_str(names)


def _spec(expected, dims):
    """Expected shape given with letters and/or ints -> (spec string, tuple of ints)."""
    ints = tuple(dims[e] if isinstance(e, str) else int(e) for e in expected)
    spec = shape_str(expected)
    return (spec if spec != shape_str(ints) else None), ints


def _as_numbers(name, got):
    """``got`` as an ndarray of numbers, or an AssertionError saying what came."""
    if got is None:
        raise AssertionError(f"{name}: got None. Did the function forget to `return` its result?")
    try:
        arr = _asarray(got)
    except Exception:  # ragged lists and the like
        raise AssertionError(f"{name}: expected an array of numbers; got {type(got).__name__}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise AssertionError(f"{name}: expected an array of numbers; got {type(got).__name__} of dtype {arr.dtype}")
    return arr


def _close_mask(got, expected, rtol, atol):
    """Element-wise ``|got - expected| <= atol + rtol |expected|`` (inf == inf counts as close)."""
    got = got.astype(np.float64)
    expected = expected.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        err = _abs(got - expected)
        ok = (got == expected) | (err <= atol + rtol * _abs(expected))
    return ok, err


def _is_close(got, expected, rtol, atol) -> bool:
    got, expected = _asarray(got), _asarray(expected)
    if got.shape != expected.shape:
        return False
    return bool(_close_mask(got, expected, rtol, atol)[0].all())


def _where(err, ok):
    """Index (as a tuple) of the worst element, NaN counting as worst."""
    if err.ndim == 0:
        return ()
    score = err.copy()
    score[~_isfinite(score)] = np.inf
    score[ok] = -1.0
    return tuple(int(i) for i in _unravel(int(score.argmax()), err.shape))


def _describe(exc) -> str:
    """``ValueError: message``, or a hint for the ``raise NotImplementedError()`` of a blank exercise."""
    if isinstance(exc, NotImplementedError) and not str(exc):
        return "NotImplementedError (the cell still says raise NotImplementedError(): write your code there)"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _pair(got, expected) -> tuple:
    """``got`` and ``expected`` written with the fewest digits (at least 6) that tell them apart."""
    g, e = float(got), float(expected)
    for digits in (6, 8, 10, 12, 14, 17):
        a, b = f"{g:.{digits}g}", f"{e:.{digits}g}"
        if a != b:
            break
    return a, b


def _factor_hint(got, expected, dims=None) -> str:
    """Recognise got = c * expected for a meaningful factor c: -1, 2, 1/2, N or 1/N.

    Only for arrays of at least two entries (two scalars are always proportional).
    """
    g, e = got.astype(np.float64).ravel(), expected.astype(np.float64).ravel()
    if g.size < 2 or g.size != e.size or not (_isfinite(g).all() and _isfinite(e).all()):
        return ""
    with np.errstate(all="ignore"):
        ee = float(e @ e)
        c = float(g @ e) / ee if ee > 0.0 else 0.0
        proportional = c != 0.0 and float(_abs(g - c * e).max()) <= 1e-6 * float(_abs(g).max())
    if not proportional or not _isfinite(c):
        return ""
    N = (dims or {}).get("N")
    factors = {-1.0: " Your result is exactly minus the expected one: a sign error."}
    factors[2.0] = " Your result is exactly twice the expected one: a factor 2 is wrong (the 2 of a square?)."
    factors[0.5] = " Your result is exactly half the expected one: a factor 1/2 is wrong (the 2 of a square?)."
    if N and N > 2:
        factors[float(N)] = (
            f" Your result is the expected one times N = {N}: a sum where a mean belongs (a missing 1/N?)."
        )
        factors[1.0 / N] = (
            f" Your result is the expected one divided by N = {N}: a mean where a sum belongs (an extra 1/N?)."
        )
    for factor, hint in factors.items():
        if abs(c - factor) <= 1e-6 * abs(factor):
            return hint
    return ""


# --- the checks ------------------------------------------------------------------------


def check_type(name, got, expected_type) -> None:
    """Check ``isinstance(got, expected_type)``; ints accept NumPy integers (not bools).

    Parameters
    ----------
    name : str
        How the quantity is called in the message, e.g. ``"shape_of_dW(5, 3, 2)"``.
    got : object
    expected_type : type or tuple of types
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    types = expected_type if isinstance(expected_type, tuple) else (expected_type,)
    if int in types and isinstance(got, np.integer):
        return
    if float in types and isinstance(got, (np.floating, np.integer, int)) and not isinstance(got, (bool, np.bool_)):
        return
    if (int in types or float in types) and isinstance(got, (bool, np.bool_)):
        ok = bool in types
    else:
        ok = isinstance(got, types)
    if not ok:
        wanted = " or ".join(t.__name__ for t in types)
        article = "an" if wanted[0] in "aeiou" else "a"
        raise AssertionError(f"{name}: expected {article} {wanted}; got {type(got).__name__} {got!r:.80}")


def check_equal(name, got, expected) -> None:
    """Check ``got == expected`` exactly, for ints, strings, tuples (not float arrays).

    Parameters
    ----------
    name : str
    got, expected : object
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    if isinstance(expected, (int, np.integer)) and not isinstance(expected, bool):
        check_type(name, got, int)
        if int(got) != int(expected):
            raise AssertionError(f"{name}: expected {int(expected)}; got {int(got)}")
        return
    same = type(got) is type(expected) and got == expected
    if not isinstance(same, bool) or not same:
        raise AssertionError(f"{name}: expected {expected!r}; got {got!r:.200}")


def check_shape(name, got, expected, dims=None) -> None:
    """Check a shape, with a message in course notation.

    Parameters
    ----------
    name : str
        E.g. ``"dW"`` or ``"shape_of_dW(N=5, D=3, K=2)"``.
    got : ndarray or tuple of int
        An array (its ``.shape`` is checked) or a shape (must be a tuple of ints).
    expected : tuple of int or str
        The expected shape; letters are looked up in ``dims``, e.g. ``("D", "K")``.
    dims : dict, optional
        Sizes by letter, e.g. ``{"N": 5, "D": 3, "K": 2}``; used to write shapes in letters.

    Raises
    ------
    AssertionError
        ``dW: expected shape (D, K) = (3, 2); got (2, 3), which is (K, D). The axes are
        in the wrong order (a transpose?).``
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    dims = dict(dims or {})
    spec, want = _spec(expected, dims)
    if isinstance(got, tuple):
        if not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in got):
            raise AssertionError(f"{name}: a shape is a tuple of ints like {shape_str(want)}; got {got!r:.80}")
        shape = tuple(int(s) for s in got)
    elif hasattr(got, "shape") and isinstance(got.shape, tuple):
        shape = tuple(got.shape)
    elif isinstance(got, list) and all(isinstance(s, (int, np.integer)) for s in got):
        raise AssertionError(f"{name}: a shape is a tuple, like X.shape; got the list {got!r:.80}. Return a tuple.")
    else:
        raise AssertionError(
            f"{name}: expected shape {spec + ' = ' if spec else ''}{shape_str(want)}; got {type(got).__name__} {got!r:.80}"
        )
    if shape == want:
        return
    wanted = f"{spec} = {shape_str(want)}" if spec else shape_str(want) + _letters(want, dims)
    msg = f"{name}: expected shape {wanted}; got {shape_str(shape)}{_letters(shape, dims)}."
    if len(shape) == len(want) and sorted(shape) == sorted(want):
        msg += " The axes are in the wrong order (a transpose?)."
    elif (
        "N" in dims
        and "N" not in [e for e in expected if isinstance(e, str)]
        and dims["N"] in shape
        and dims["N"] not in want
    ):
        msg += " An axis of size N (the batch) is left over: the gradient of a parameter sums over the N examples."
    elif len(shape) != len(want):
        msg += f" It has {len(shape)} axes instead of {len(want)}."
    raise AssertionError(msg)


def check_close(name, got, expected, *, rtol=1e-7, atol=1e-10, dims=None, mistakes=None) -> None:
    """Check that an array is close to the expected one; recognize known mistakes.

    Parameters
    ----------
    name : str
        E.g. ``"linear_forward(X, W, b)"``.
    got : array_like
    expected : ndarray
    rtol, atol : float
        Close means ``|got - expected| <= atol + rtol |expected|`` element-wise.
    dims : dict, optional
        Sizes by letter, to write shapes in course notation (see :func:`check_shape`).
    mistakes : dict, optional
        ``{hint: value a known mistake produces}``. If ``got`` is close to one of them,
        the message says that hint (which names the mistake), e.g.
        ``{"dW looks transposed: ...": dY.T @ X}``.

    Raises
    ------
    AssertionError
        With the largest error, where it is, and a hint when the mistake is recognized.
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    got = _as_numbers(name, got)
    expected = _asarray(expected)
    for hint, wrong in (mistakes or {}).items():
        wrong = _asarray(wrong)
        if wrong.shape == got.shape and wrong.shape == expected.shape and _is_close(wrong, expected, rtol, atol):
            continue  # this "mistake" gives the right answer on this input
        if _is_close(got, wrong, max(rtol, 1e-6), atol):
            shapes = f" (expected shape {shape_str(expected.shape)}{_letters(expected.shape, dims)}; got {shape_str(got.shape)}{_letters(got.shape, dims)})"
            raise AssertionError(f"{name}: {hint}{shapes if got.shape != expected.shape else ''}")
    check_shape(name, got, expected.shape, dims=dims)
    ok, err = _close_mask(got, expected, rtol, atol)
    if ok.all():
        return
    idx = _where(err, ok)
    where = f" at index {idx}" if idx else ""
    n_bad = int((~ok).sum())
    shown_got, shown_expected = _pair(got[idx], expected[idx])
    with np.errstate(all="ignore"):
        relative = float(err[idx]) / max(abs(float(expected[idx])), 1e-300)
    msg = (
        f"{name} is not close to the expected value: {n_bad} of {ok.size} entries differ; "
        f"the largest difference{where}: got {shown_got}, expected {shown_expected}"
        + (f", a relative error of {relative:.2g}" if _isfinite(relative) else "")
    )
    if not _isfinite(got).all():
        msg += ". Your result contains NaN or inf (an overflow, a division by zero, log(0)?)"
    msg += f" (tolerance: rtol={rtol:g}, atol={atol:g})."
    raise AssertionError(msg + _factor_hint(got, expected, dims))


def _copy_inputs(value):
    """A deep copy of the arrays in ``value`` (an array, or a list, tuple or dict of them); the rest as is."""
    if isinstance(value, _ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copy_inputs(v) for v in value)
    if isinstance(value, dict):
        return {k: _copy_inputs(v) for k, v in value.items()}
    return value


def _same_values(a, b) -> bool:
    """Equal entries, NaN equal to NaN where the dtype has NaN."""
    return bool(_array_equal(a, b, equal_nan=a.dtype.kind in "fc" and b.dtype.kind in "fc"))


def _changed_inputs(given, kept, where) -> list:
    """Where the arrays of ``given`` (passed to the student) differ from ``kept`` (the copies kept)."""
    if isinstance(kept, _ndarray):
        same = isinstance(given, _ndarray) and given.shape == kept.shape and _same_values(given, kept)
        return [] if same else [where]
    if isinstance(kept, (list, tuple)):
        if not isinstance(given, (list, tuple)) or len(given) != len(kept):
            return [where]
        return [w for i, (g, k) in enumerate(zip(given, kept)) for w in _changed_inputs(g, k, f"{where}[{i}]")]
    if isinstance(kept, dict):
        if not isinstance(given, dict) or set(given) != set(kept):
            return [where]
        return [w for key in kept for w in _changed_inputs(given[key], kept[key], f"{where}[{key!r}]")]
    return []


def call(name, func, *args, hint="", keep_inputs=False, **kwargs):
    """Return ``func(*args, **kwargs)``; if it raises, fail with a message saying so.

    Use it around the student's function, so the feedback says which call failed even
    though a hidden test's own line is not shown.

    Parameters
    ----------
    name : str
        The call in words, e.g. ``"linear_forward(X, W, b) with X (5, 3), W (3, 2), b (2,)"``.
    func : callable
    hint : str
        Added to the message, e.g. what the function should do for these inputs.
    keep_inputs : bool
        If True, ``func`` gets copies of the arrays among the arguments (also inside lists,
        tuples and dicts), and the call fails if it changed them in place: the test's own
        arrays stay as they were, and a function that writes into its input (``X *= 2``,
        ``Z[Z < 0] = 0``) is told so instead of being diagnosed as a wrong formula later.
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    if keep_inputs:
        given_args, given_kwargs = _copy_inputs(args), _copy_inputs(kwargs)
    else:
        given_args, given_kwargs = args, kwargs
    try:
        result = func(*given_args, **given_kwargs)
    except Exception as exc:
        raise AssertionError(f"{name} raised {_describe(exc)}. {hint}".rstrip()) from exc
    if keep_inputs:
        changed = _changed_inputs(given_args, args, "args") + _changed_inputs(given_kwargs, kwargs, "kwargs")
        if changed:
            params = _parameter_names(func, len(args))
            where = ", ".join(_name_input(c, params) for c in changed)
            raise AssertionError(
                f"{name} changed its input {where} in place. Leave the arguments as they are and compute new "
                "arrays (write Z = Z * 2 or np.maximum(Z, 0), not Z *= 2 or Z[Z < 0] = 0 on an argument)."
            )
    return result


def _parameter_names(func, n) -> list:
    """The names of the first ``n`` positional parameters of ``func``, or ``argument 1``, ... if unknown."""
    import inspect

    try:
        params = [p.name for p in inspect.signature(func).parameters.values()][:n]
    except (TypeError, ValueError):
        params = []
    return params + [f"argument {i + 1}" for i in range(len(params), n)]


def _name_input(where, params) -> str:
    """``args[0]['W1']`` -> ``params['W1']`` with the parameter's name; ``kwargs['lr']`` -> ``lr``."""
    import re

    match = re.match(r"args\[(\d+)\](.*)", where)
    if match:
        return params[int(match.group(1))] + match.group(2)
    match = re.match(r"kwargs\['([^']*)'\](.*)", where)
    return match.group(1) + match.group(2) if match else where


class _OneKernel:
    """The notebook when its tests run in the student's own kernel (JupyterLab, Validate)."""

    def __init__(self, namespace):
        self.namespace = namespace

    def sources(self) -> list:
        # IPython keeps every cell the kernel ran, in order, in In
        history = self.namespace.get("In")
        return [str(s) for s in history] if isinstance(history, list) else []

    def get(self, name):
        return self.namespace[name]

    def set(self, name, value) -> None:
        self.namespace[name] = value


# set by the trusted test process while it runs a test cell (coursegrader.trusted); None in JupyterLab
NOTEBOOK = None


def _notebook(frame):
    return NOTEBOOK if NOTEBOOK is not None else _OneKernel(frame.f_globals)


def check_vectorized(name, skip=()) -> None:
    """Check that the notebook's function ``name`` has no Python loop over the examples.

    The check reads the function's code, never runs it (:mod:`coursegrader.codecheck`): a
    ``for`` or comprehension over the data (``for x in X``, ``range(len(X))``), a ``while`` on
    it, recursion, ``map``, ``np.vectorize``, ``np.apply_along_axis``, ... fail it, with the line.

    Parameters
    ----------
    name : str
        The function's name in the notebook, e.g. ``"linear_forward"``.
    skip : tuple of str
        Notebook functions ``name`` calls that belong to another task (checked by its own test).
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    from coursegrader.codecheck import python_loops_over_data

    reasons = python_loops_over_data(_notebook(sys._getframe(1)).sources(), name, skip)
    if reasons:
        raise AssertionError(
            f"{name} is not vectorized: " + "; ".join(reasons) + ". Process the whole batch at once with "
            "array operations (e.g. X @ W + b), without a Python loop over the examples."
        )


def check_own_function(name) -> None:
    """Check that the notebook's ``name`` is a function or class written in the notebook, not a library's.

    Read from the notebook's text, like :func:`check_vectorized`: the statement that binds
    ``name`` last must be ``def name(...)`` or ``class name...``, not an import or an assignment.
    (Whether a class merely subclasses a library's: :func:`check_no_library`.)
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    import ast

    from coursegrader.codecheck import last_binding

    node = last_binding(_notebook(sys._getframe(1)).sources(), name)
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.decorator_list:
        return
    if node is None:
        what = "not defined by a def or class in the notebook"
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        what = f"imported (`{ast.unparse(node)[:80]}`)"
    elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        what = "decorated, so the code that runs is not the one written"
    else:
        what = f"bound by `{ast.unparse(node)[:80]}`, not by a def"
    kind = "class" if isinstance(node, ast.ClassDef) or name[:1].isupper() else "function"
    head = f"class {name}" if kind == "class" else f"def {name}(...)"
    raise AssertionError(
        f"{name} must be your own {kind}, written in this notebook with NumPy ({head}); yours is {what}. "
        f"This exercise does not accept dlf's or another library's {name}."
    )


def check_analytic(name, formula="", skip=()) -> None:
    """Check that the notebook's function ``name`` computes its derivative analytically, not by finite differences.

    Read from the notebook's text (:func:`coursegrader.codecheck.numerical_derivatives`): a
    function evaluated at ``x`` and ``x + h`` with a small step, ``x[i] += h``, a division by a
    small step or ``np.gradient`` fail it, with the line. Central differences agree with the
    analytic derivative to about 1e-10, inside the tolerance of most value checks, so the
    values alone cannot tell.

    Parameters
    ----------
    name : str
        The function's name in the notebook, e.g. ``"sigmoid_grad"``.
    formula : str
        The derivative the task asks for, named in the message, e.g. ``"sigma'(z) = sigma(z) (1 - sigma(z))"``.
    skip : tuple of str
        Notebook functions ``name`` calls that belong to another task (checked by its own test).
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    from coursegrader.codecheck import numerical_derivatives

    reasons = numerical_derivatives(_notebook(sys._getframe(1)).sources(), name, skip)
    if reasons:
        wanted = f" ({formula})" if formula else ""
        raise AssertionError(
            f"{name} computes a derivative numerically: " + "; ".join(reasons) + ". The task asks for the analytic "
            f"derivative{wanted}, the formula you derive by hand; finite differences are only for checking it."
        )


def check_no_library(name, modules=FORBIDDEN_LIBRARIES, skip=()) -> None:
    """Check that the notebook's function ``name`` does not hand its work to a library the task forbids.

    Read from the notebook's text (:func:`coursegrader.codecheck.library_uses`): a name imported
    from one of ``modules`` and used in the function (or in a notebook function it calls), or an
    import inside it, fails the check, with the line.

    Parameters
    ----------
    name : str
        The function's name in the notebook.
    modules : tuple of str
        Top-level packages the task forbids; by default SciPy, scikit-learn, the deep-learning
        frameworks and the course's own ``dlf``.
    skip : tuple of str
        Notebook functions ``name`` calls that are another task's and are not followed, e.g.
        ``skip=("adam_step",)`` for ``adamw_step``: a wrong ``adam_step`` costs only its own task.
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    from coursegrader.codecheck import library_uses

    reasons = library_uses(_notebook(sys._getframe(1)).sources(), name, modules, skip)
    if reasons:
        raise AssertionError(
            f"{name} uses a library this task asks you not to use: " + "; ".join(reasons) + ". Write it yourself "
            "with NumPy: the point of the exercise is the code that library would run."
        )


class replaced_in_notebook:
    """``with replaced_in_notebook("mlp_backward", stand_in):`` the notebook's name is ``stand_in`` inside.

    For a test that checks how the student's code reacts to a wrong part (a gradient check
    must notice a wrong backward pass). The student's own functions see the stand-in, also
    when the tests run apart from the student's kernel; the old value is back afterwards.
    """

    def __init__(self, name, value):
        self.name, self.value = name, value

    def __enter__(self):
        self._notebook = _notebook(sys._getframe(1))
        self._old = self._notebook.get(self.name)
        self._notebook.set(self.name, self.value)
        return self.value

    def __exit__(self, *exc):
        self._notebook.set(self.name, self._old)
        return False


def check_raises(name, func, *args, exception=ValueError, contains=(), **kwargs) -> None:
    """Check that ``func(*args, **kwargs)`` raises ``exception`` with an informative message.

    Parameters
    ----------
    name : str
        What is being called and why it should fail, e.g.
        ``"linear_forward with X (5, 3) and W (4, 2)"``.
    func : callable
    exception : type, default ValueError
    contains : tuple of str
        Texts the message must contain, e.g. the shape that came: ``("(4, 2)",)``.
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    try:
        result = func(*args, **kwargs)
    except exception as exc:
        text = str(exc)
        missing = [c for c in contains if c not in text]
        if missing:
            raise AssertionError(
                f"{name}: raised {exception.__name__} as it should, but the message should say "
                f"what came, including {', '.join(repr(m) for m in missing)}; the message was {text!r}"
            ) from None
        return
    except Exception as exc:
        raise AssertionError(
            f"{name}: expected {exception.__name__}; got {_describe(exc)}. Check the inputs "
            f"first and raise {exception.__name__} with a message in course notation."
        ) from None
    got = f"an array of shape {shape_str(result.shape)}" if isinstance(result, _ndarray) else type(result).__name__
    raise AssertionError(f"{name}: expected {exception.__name__}; nothing was raised (it returned {got}).")


def check_choice_format(name, got, choices="ABC") -> None:
    """Check that a multiple-choice answer is one of the letters ``choices`` (a visible test)."""
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    letters = ", ".join(repr(c) for c in choices)
    if not isinstance(got, str) or got.strip().upper() not in choices or len(got.strip()) != 1:
        raise AssertionError(f"{name} must be one of {letters} (a string with one letter); got {got!r:.80}")


def check_choice(name, got, correct, explanations) -> None:
    """Check a multiple-choice answer; explain why a wrong choice is wrong.

    Parameters
    ----------
    name : str
        The variable, e.g. ``"answer_q1"``.
    got : str
        The student's letter (case and surrounding spaces are ignored).
    correct : str
        The right letter.
    explanations : dict
        ``{letter: why this choice is wrong}`` for every wrong letter. The message never
        names the right letter.
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    choices = "".join(sorted(set(explanations) | {correct}))
    check_choice_format(name, got, choices)
    letter = got.strip().upper()
    if letter != correct:
        raise AssertionError(f"{name} = {letter!r} is not the best answer. {explanations[letter]}")


def check_linear_gradients(dX, dW, db, X, W, dY, *, b=None, act_grad=None, rtol=1e-6, atol=1e-9) -> None:
    """Check the backward pass of a linear layer and say which mistake was made.

    The layer is ``Y = X W + b`` or, with ``act_grad``, ``Y = act(Z)`` with ``Z = X W + b``.
    Then ``dZ = dY * act'(Z)`` (or ``dZ = dY``) and, in course notation,
    ``dW = X.T @ dZ``, ``dX = dZ @ W.T``, ``db = dZ.sum(axis=0)``.

    Recognised mistakes: a transposed gradient (``dY.T @ X``), a bias gradient not summed
    over the batch (or summed over the wrong axis), sum vs mean (a factor N), a sign error,
    a missing activation derivative.

    Parameters
    ----------
    dX : (N, D) array_like
    dW : (D, K) array_like
    db : (K,) array_like
        The student's gradients.
    X : (N, D) ndarray
    W : (D, K) ndarray
    dY : (N, K) ndarray
        Upstream gradient, dL/dY.
    b : (K,) ndarray, optional
        Needed with ``act_grad`` (zeros if omitted).
    act_grad : callable, optional
        ``act_grad(Z)``, the derivative of the activation, element-wise.
    rtol, atol : float

    Raises
    ------
    AssertionError
        Listing every wrong gradient with its diagnosis.
    """
    __tracebackhide__ = True  # IPython and pytest show the message, not this frame
    check_untampered()
    X, W, dY = (_asarray(a, dtype=np.float64) for a in (X, W, dY))
    (N, D), K = X.shape, W.shape[1]
    dims = {"N": N, "D": D, "K": K}
    dZ = dY
    if act_grad is not None:
        b = np.zeros(K) if b is None else _asarray(b, dtype=np.float64)
        dZ = dY * _asarray(act_grad(X @ W + b), dtype=np.float64)
    want = {"dW": X.T @ dZ, "dX": dZ @ W.T, "db": dZ.sum(axis=0)}
    spec = {"dW": "(D, K), like W", "dX": "(N, D), like X", "db": "(K,), like b"}
    formula = {"dW": "X.T @ dY", "dX": "dY @ W.T", "db": "dY.sum(axis=0)"}
    if act_grad is not None:
        formula = {k: v.replace("dY", "dZ") for k, v in formula.items()}
    up = "dZ" if act_grad is not None else "dY"
    factor = f"sum vs mean, a factor N = {N}: dY already carries the 1/N of the mean loss, so"
    mistakes = {
        "dW": {
            f"transposed gradient: you computed {up}.T @ X, of shape (K, D). The course writes dW = X.T @ {up}, of shape (D, K) like W.": dZ.T
            @ X,
            f"{factor} dW = {formula['dW']} has no other 1/N (you divided by N).": want["dW"] / N,
            f"{factor} dW = {formula['dW']} has no factor N (you multiplied by N).": want["dW"] * N,
            "sign error: you have exactly minus the gradient (gradient descent would then climb the loss).": -want[
                "dW"
            ],
        },
        "dX": {
            f"transposed gradient: you computed W @ {up}.T, of shape (D, N). The course writes dX = {up} @ W.T, of shape (N, D) like X.": W
            @ dZ.T,
            f"{factor} dX = {formula['dX']} has no other 1/N (you divided by N).": want["dX"] / N,
            f"{factor} dX = {formula['dX']} has no factor N (you multiplied by N).": want["dX"] * N,
            "sign error: you have exactly minus the gradient.": -want["dX"],
        },
        "db": {
            f"bias gradient not summed over the batch: it has a row per example. The bias is shared by the N examples, so db = {formula['db']}, shape (K,).": dZ,
            f"bias gradient summed over the wrong axis: axis=1 sums over the K outputs; db = {formula['db']} sums over the N examples.": dZ.sum(
                axis=1
            ),
            f"{factor} db = {formula['db']} is a sum, not a mean.": dZ.mean(axis=0),
            f"{factor} db = {formula['db']} has no factor N (you multiplied by N).": want["db"] * N,
            "sign error: you have exactly minus the gradient.": -want["db"],
        },
    }
    if act_grad is not None:
        missing = "missing activation derivative: for Y = act(Z) with Z = X W + b, first dZ = dY * act'(Z), then"
        mistakes["dW"][f"{missing} dW = X.T @ dZ (you used dY where dZ belongs)."] = X.T @ dY
        mistakes["dX"][f"{missing} dX = dZ @ W.T (you used dY where dZ belongs)."] = dY @ W.T
        mistakes["db"][f"{missing} db = dZ.sum(axis=0) (you used dY where dZ belongs)."] = dY.sum(axis=0)
    problems = []
    for key, got in (("dW", dW), ("dX", dX), ("db", db)):
        try:
            check_close(key, got, want[key], rtol=rtol, atol=atol, dims=dims, mistakes=mistakes[key])
        except AssertionError as exc:
            problems.append(f"{exc} [{key} must have shape {spec[key]}: {key} = {formula[key]}]")
    if problems:
        raise AssertionError("\n".join(problems))
