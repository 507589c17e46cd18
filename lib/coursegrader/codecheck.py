"""Checks about the student's code itself, read from the notebook's text (never run).

A test that asks "is ``linear_forward`` vectorized?" cannot measure it inside the student's
kernel: the student's code controls that process and could report anything. So the trusted
test process reads the function's source from the notebook's cells, as text, with :mod:`ast`.

:func:`python_loops_over_data` finds, in the ``def`` that binds a name last in the student's
cells (and in the notebook's functions it calls with the data), the Python loops whose number
of iterations can grow with the data: a ``for`` or a comprehension over an expression that
depends on an argument (``for x in X``, ``range(X.shape[0])``, ``zip(X, y)``; a literal tuple
like ``(X, W, b)`` is fine), a ``while`` whose condition depends on one, recursion, and the
loops in disguise (``map``, ``filter``, ``np.vectorize``, ``np.apply_along_axis``, ...). Code
it cannot follow (``exec``, ``eval``, a function that is not bound by a plain ``def``) is
reported as such: the grader never guesses in the student's favour.

:func:`numerical_derivatives` finds finite differences where a task asks for the analytic
derivative: the same function called at ``x`` and at ``x + h`` with a small step ``h``, an
entry nudged in place (``x[i] += h``), a division by a small step, ``np.gradient``.
:func:`library_uses` finds the names a function (and the notebook's functions it calls) takes
from a library the task forbids (``scipy.special.expit`` for a sigmoid, ``sklearn`` for a
classifier), also through an import inside the function.
"""

from __future__ import annotations

import ast
import functools

__all__ = ["python_loops_over_data", "last_binding", "numerical_derivatives", "library_uses"]

LOOP_FUNCTIONS = {"map", "filter", "reduce", "starmap", "accumulate"}  # loops with tainted arguments
ALWAYS_LOOPS = {"vectorize", "apply_along_axis", "apply_over_axes", "frompyfunc", "fromiter", "fromfunction"}
UNFOLLOWABLE = {"exec", "eval", "compile", "__import__"}


@functools.lru_cache(maxsize=512)
def _parse(source):
    """The cell's module AST; IPython's magics and shell lines are blanked first. None if not Python.

    Cached: a check looks up several names in the same cells (in JupyterLab, IPython's whole history);
    the trees are only read, never changed.
    """
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _module_statements(body):
    """The statements of a module that run at its top level (inside if/try/with/for, not inside def/class)."""
    for node in body:
        yield node
        if isinstance(node, (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.AsyncFor, ast.AsyncWith)):
            for field in ("body", "orelse", "finalbody"):
                yield from _module_statements(getattr(node, field, []))
            for handler in getattr(node, "handlers", []):
                yield from _module_statements(handler.body)


def _binds(node, name) -> bool:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name == name
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names)
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
        targets = [node.target]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in node.items if item.optional_vars is not None]
    return any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t))


def last_binding(sources, name):
    """The statement of the student's cells that binds ``name`` last (in cell order), or None."""
    found = None
    for source in sources:
        tree = _parse(source)
        if tree is None:
            continue
        for node in _module_statements(tree.body):
            if _binds(node, name):
                found = node
            elif isinstance(node, ast.Expr) or isinstance(node, ast.Assign):
                for call in ast.walk(node):  # globals()["f"] = ..., exec(...) at the top level
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Name)
                        and call.func.id in UNFOLLOWABLE | {"globals"}
                    ):
                        found = call
    return found


def _names_in(node) -> set:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _called_name(call):
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def python_loops_over_data(sources, name, skip=(), _seen=None) -> list:
    """Why the function ``name`` of the student's cells is not vectorized: a list of reasons (empty if it is).

    Parameters
    ----------
    sources : list of str
        The student's cells, in the order they ran.
    name : str
        The function's name in the notebook.
    skip : iterable of str
        Notebook functions that ``name`` calls and that are not followed (another task's).
    """
    seen = set(skip) - {name} if _seen is None else _seen
    if name in seen:
        return []
    seen.add(name)
    node = last_binding(sources, name)
    if node is None:
        return [f"no `def {name}` found in the notebook"]
    if not isinstance(node, ast.FunctionDef):
        return [f"`{name}` is not bound by a plain `def {name}(...)` statement, so its code cannot be checked"]
    if node.decorator_list:
        return [f"`{name}` has a decorator, so the code that runs cannot be checked"]
    args = node.args
    tainted = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    tainted |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    assigns = [n for n in ast.walk(node) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr))]
    changed = True
    while changed:  # a name computed from the data depends on the data (N = X.shape[0])
        changed = False
        for assign in assigns:
            value = assign.value
            if value is None or not _names_in(value) & tainted:
                continue
            targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
            new = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)} - tainted
            if new:
                tainted |= new
                changed = True

    # a name bound only to a literal list or tuple (layers = [(W1, b1), (W2, b2)]) has a fixed length
    fixed = {
        t.id
        for a in assigns
        if isinstance(a, ast.Assign) and isinstance(a.value, (ast.Tuple, ast.List))
        for t in a.targets
        if isinstance(t, ast.Name)
    }
    fixed -= {
        t.id
        for a in assigns
        if not (isinstance(a, ast.Assign) and isinstance(a.value, (ast.Tuple, ast.List)))
        for t in (a.targets if isinstance(a, ast.Assign) else [a.target])
        if isinstance(t, ast.Name)
    }
    grown = {  # layers.append(...), layers.extend(...): the length is no longer fixed
        c.func.value.id
        for c in ast.walk(node)
        if isinstance(c, ast.Call)
        and isinstance(c.func, ast.Attribute)
        and isinstance(c.func.value, ast.Name)
        and c.func.attr in {"append", "extend", "insert", "__iadd__"}
    }
    fixed -= grown

    def depends(expr):
        if isinstance(expr, (ast.Tuple, ast.List)) or (isinstance(expr, ast.Name) and expr.id in fixed):
            return False
        return bool(_names_in(expr) & tainted)

    def show(expr):
        return ast.unparse(expr)[:70]

    reasons = []
    for sub in ast.walk(node):
        if isinstance(sub, (ast.For, ast.AsyncFor)) and depends(sub.iter):
            reasons.append(f"line {sub.lineno}: `for {show(sub.target)} in {show(sub.iter)}` loops over the data")
        elif isinstance(sub, ast.While) and depends(sub.test):
            reasons.append(f"line {sub.lineno}: `while {show(sub.test)}` loops as long as the data lasts")
        elif isinstance(sub, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for gen in sub.generators:
                if depends(gen.iter):
                    reasons.append(f"line {sub.lineno}: the comprehension `{show(sub)}` loops over the data")
        elif isinstance(sub, ast.Call):
            called = _called_name(sub)
            uses_data = any(_names_in(a) & tainted for a in [*sub.args, *(k.value for k in sub.keywords)])
            if called in UNFOLLOWABLE:
                reasons.append(f"line {sub.lineno}: `{called}(...)` runs code that cannot be checked")
            elif called in ALWAYS_LOOPS or (called in LOOP_FUNCTIONS and uses_data):
                reasons.append(f"line {sub.lineno}: `{show(sub)}` calls a Python function once per element")
            elif called == name and isinstance(sub.func, ast.Name) and uses_data:
                reasons.append(f"line {sub.lineno}: `{name}` calls itself (recursion over the data)")
            elif isinstance(sub.func, ast.Name) and uses_data and called not in seen:
                helper = last_binding(sources, called)
                if isinstance(helper, ast.FunctionDef):  # a function of the notebook: check it too
                    reasons += [f"in {called}, {r}" for r in python_loops_over_data(sources, called, _seen=seen)]
                elif helper is not None and not isinstance(helper, (ast.Import, ast.ImportFrom)):
                    reasons.append(
                        f"line {sub.lineno}: `{called}` is not a plain `def` of the notebook, so its code cannot be checked"
                    )
    return list(dict.fromkeys(reasons))


# --- finite differences and libraries ---------------------------------------------------

SMALL_STEP = 1e-2  # |h| at most this, and not 0: a finite-difference step, not a constant of a formula
DIFFERENCE_FUNCTIONS = {"gradient", "approx_fprime", "check_grad", "derivative"}
DIFFERENCE_NAMES = ("numerical", "central_diff", "finite_diff", "numgrad", "num_grad")  # e.g. the notebook's own helper


def _function_and_helpers(sources, name, skip=()):
    """``def name`` (or ``class name``) and the notebook's plain ``def``s it calls, transitively: {name: node}.

    The names in ``skip`` are not followed (a helper the test replaces with a reference).
    """
    found, todo = {}, [name]
    while todo:
        current = todo.pop()
        node = last_binding(sources, current)
        if current in found or (current != name and current in skip):
            continue
        if not isinstance(node, ast.FunctionDef) and not (current == name and isinstance(node, ast.ClassDef)):
            continue
        found[current] = node
        # only plain calls f(...) reach the notebook's functions; np.tanh(...) is NumPy's, not the notebook's tanh
        todo += [c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)]
    return found


def _module_constants(sources) -> dict:
    """Names bound at the top level of the student's cells to a number: {name: value} (the last binding)."""
    values = {}
    for source in sources:
        tree = _parse(source)
        for node in _module_statements(tree.body if tree else []):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        values[target.id] = _number(node.value, {})
    return {k: v for k, v in values.items() if v is not None}


def _number(expr, known):
    """The value of a numeric constant expression (``1e-5``, ``-h``, ``2 * h``, ``10 ** -6``), or None.

    Only numbers, names of ``known`` and + - * / ** are followed: the student's text is read, never run.
    """
    operators = {ast.Add: float.__add__, ast.Sub: float.__sub__, ast.Mult: float.__mul__, ast.Div: float.__truediv__}
    if isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float)) and not isinstance(expr.value, bool):
        return float(expr.value)
    if isinstance(expr, ast.Name):
        return known.get(expr.id)
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
        value = _number(expr.operand, known)
        return None if value is None else (-value if isinstance(expr.op, ast.USub) else value)
    if isinstance(expr, ast.BinOp):
        left, right = _number(expr.left, known), _number(expr.right, known)
        if left is None or right is None:
            return None
        try:
            if isinstance(expr.op, ast.Pow):
                return float(left**right) if abs(right) <= 64 and left != 0 else None
            return operators[type(expr.op)](left, right) if type(expr.op) in operators else None
        except (ZeroDivisionError, OverflowError, TypeError):
            return None
    return None


def _is_small(expr, known) -> bool:
    value = _number(expr, known)
    return value is not None and 0 < abs(value) <= SMALL_STEP


def _local_constants(func, known) -> dict:
    """``known`` plus the names the function binds to numbers (``h = 1e-5``, defaults like ``eps=1e-6``)."""
    known = dict(known)
    args = func.args
    positional = args.posonlyargs + args.args
    for arg, default in zip(positional[len(positional) - len(args.defaults) :], args.defaults):
        if (value := _number(default, known)) is not None:
            known[arg.arg] = value
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        if default is not None and (value := _number(default, known)) is not None:
            known[arg.arg] = value
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if (value := _number(node.value, known)) is not None:
                known[node.targets[0].id] = value
    return known


def _shifted(expr, known) -> bool:
    """``x + h`` or ``x - h`` with a small step ``h``."""
    return (
        isinstance(expr, ast.BinOp)
        and isinstance(expr.op, (ast.Add, ast.Sub))
        and (_is_small(expr.right, known) or _is_small(expr.left, known))
    )


def numerical_derivatives(sources, name, skip=()) -> list:
    """Where the function ``name`` (or a notebook function it calls) differentiates numerically.

    Returns a list of reasons (empty if none), each with its line: a function called both at a
    point and at that point plus or minus a small step (``f(x + h)`` and ``f(x)``), an entry
    nudged in place by a small step (``x[i] += h``), a division by a small step
    (``/ (2 * h)``), or a library's numerical derivative (``np.gradient``, ``approx_fprime``).
    NumPy's own functions at a shifted point (``np.sqrt(var + eps)``, ``np.log(p + 1e-12)``)
    are stable formulas, not differences, and are not reported.
    """
    module = _module_constants(sources)
    reasons = []
    followed = _function_and_helpers(sources, name, skip)
    for fname, func in followed.items():
        known = _local_constants(func, module)
        where = "" if fname == name else f"in {fname}, "

        calls = {}
        for node in ast.walk(func):
            if isinstance(node, ast.Call):
                func_node = node.func
                if isinstance(func_node, ast.Attribute) and isinstance(func_node.value, ast.Name):
                    if func_node.value.id in {"np", "numpy", "math"} and func_node.attr != "gradient":
                        continue
                called = _called_name(node)
                named = called is not None and any(part in called.lower() for part in DIFFERENCE_NAMES)
                if (called in DIFFERENCE_FUNCTIONS or named) and called not in followed and called not in skip:
                    reasons.append(f"{where}line {node.lineno}: `{ast.unparse(node)[:70]}` is a numerical derivative")
                calls.setdefault(ast.unparse(func_node), []).append(node)
            elif isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Sub)):
                if isinstance(node.target, ast.Subscript) and _is_small(node.value, known):
                    reasons.append(f"{where}line {node.lineno}: `{ast.unparse(node)}` nudges an entry by a small step")
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript) for t in node.targets):
                if _shifted(node.value, known):
                    reasons.append(f"{where}line {node.lineno}: `{ast.unparse(node)}` nudges an entry by a small step")
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                right = node.right
                if _is_small(right, known):
                    reasons.append(f"{where}line {node.lineno}: `{ast.unparse(node)[:70]}` divides by a small step")
        for callee, nodes in calls.items():
            args = [a for c in nodes for a in [*c.args, *(k.value for k in c.keywords)]]
            if len(nodes) >= 2 and any(_shifted(a, known) for a in args):
                line = min(c.lineno for c in nodes)
                reasons.append(
                    f"{where}line {line}: `{callee}` is evaluated at a point and at a point shifted by a small "
                    "step (a finite difference)"
                )
    return list(dict.fromkeys(reasons))


def _import_roots(node) -> dict:
    """{name bound: the module it comes from} for an import statement."""
    if isinstance(node, ast.Import):
        return {(a.asname or a.name.split(".")[0]): a.name for a in node.names}
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return {(a.asname or a.name): node.module for a in node.names}
    return {}


def library_uses(sources, name, modules, skip=()) -> list:
    """Where the function ``name`` (or a notebook function it calls) uses one of the ``modules``.

    Parameters
    ----------
    sources : list of str
        The student's cells, in the order they ran.
    name : str
        The function's name in the notebook.
    modules : iterable of str
        Top-level packages the task forbids, e.g. ``("scipy", "sklearn")``.
    skip : iterable of str
        Notebook functions not to follow (another task's function, which its own test checks).

    Returns a list of reasons, each with its line. Code that imports by name at run time
    (``__import__``, ``importlib``, ``exec``) is reported too: it cannot be checked.
    """
    forbidden = set(modules)

    def is_forbidden(module):
        return module.split(".")[0] in forbidden

    reasons = []
    for fname, func in _function_and_helpers(sources, name, skip).items():
        where = "" if fname == name else f"in {fname}, "
        local = set()
        for node in ast.walk(func):
            for bound, module in _import_roots(node).items():
                local.add(bound)
                if is_forbidden(module):
                    reasons.append(f"{where}line {node.lineno}: `{ast.unparse(node)}`")
            if isinstance(node, ast.Call) and _called_name(node) in UNFOLLOWABLE | {"import_module"}:
                reasons.append(
                    f"{where}line {node.lineno}: `{ast.unparse(node)[:70]}` imports code that cannot be checked"
                )
        used = {n.id for n in ast.walk(func) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - local
        for used_name in sorted(used):
            binding = last_binding(sources, used_name)
            module = _import_roots(binding).get(used_name) if binding is not None else None
            if module and is_forbidden(module):
                reasons.append(f"{where}`{used_name}` comes from `{ast.unparse(binding)}`")
    return list(dict.fromkeys(reasons))
