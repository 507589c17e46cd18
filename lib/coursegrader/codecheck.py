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
"""

from __future__ import annotations

import ast

__all__ = ["python_loops_over_data", "last_binding"]

LOOP_FUNCTIONS = {"map", "filter", "reduce", "starmap", "accumulate"}  # loops with tainted arguments
ALWAYS_LOOPS = {"vectorize", "apply_along_axis", "apply_over_axes", "frompyfunc", "fromiter", "fromfunction"}
UNFOLLOWABLE = {"exec", "eval", "compile", "__import__"}


def _parse(source):
    """The cell's module AST; IPython's magics and shell lines are blanked first. None if not Python."""
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


def python_loops_over_data(sources, name, _seen=None) -> list:
    """Why the function ``name`` of the student's cells is not vectorized: a list of reasons (empty if it is).

    Parameters
    ----------
    sources : list of str
        The student's cells, in the order they ran.
    name : str
        The function's name in the notebook.
    """
    seen = set() if _seen is None else _seen
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

    def depends(expr):
        return bool(_names_in(expr) & tainted) and not isinstance(expr, (ast.Tuple, ast.List))

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
                    reasons += [f"in {called}, {r}" for r in python_loops_over_data(sources, called, seen)]
                elif helper is not None and not isinstance(helper, (ast.Import, ast.ImportFrom)):
                    reasons.append(
                        f"line {sub.lineno}: `{called}` is not a plain `def` of the notebook, so its code cannot be checked"
                    )
    return list(dict.fromkeys(reasons))
