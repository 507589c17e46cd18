"""The grader's agent in the student's kernel: it answers the trusted test process.

While a notebook is autograded, the test cells run in a trusted process
(:mod:`coursegrader.trusted`), never in the student's kernel. When a test needs the student's
work (the value of ``answer_q1``, a call of ``linear_forward``, ``a.grad`` of a ``Value``), the
trusted process runs :func:`serve` in the student's kernel, as a silent cell, and sends it
requests over the kernel's stdin channel: each message of this side is the prompt of an
``input()`` call, each reply of the trusted side the text typed in. Messages are JSON
(:mod:`coursegrader.wire`).

Requests (from the trusted process)::

    {"do": "lookup", "names": [...]}                 the values of these names of the notebook
    {"do": "op", "op": "call", "args": [f, ...], "kwargs": {...}}
                                                     f(*args, **kwargs), or another operation of OPS
    {"do": "setglobal", "name": n, "value": v}       bind a name of the notebook (a test's stand-in)
    {"do": "end"}                                    the test cell is done: return

Answers (from here): ``{"ok": value, "after": [args, kwargs], "out": printed text, "warnings": [...]}``
or ``{"err": {"type", "msg", "tb"}, "out": ...}``. An operation runs with the test's NumPy error
handling (``"np_err"``) and its warnings are sent back for the test to see; and, while a student's function runs, calls of
a test's function that it was given: ``{"cb": id, "args": [...], "kwargs": {...}}``, answered
with ``ok`` or ``err`` (or with nested requests first). Every message carries ``"sync"``, the
mirrored arrays changed in place (see :mod:`coursegrader.wire`).

Plain data crosses by value; any other object of the student's (a function, a class, a
``Value``, a model) stays here behind a handle ``{"H": id, ...}``, and the trusted side's
operations on it come back as requests.

Nothing here is trusted: the student's code runs in this process and may replace any of it.
All it could gain by that is to answer a test with other values, which its own functions
could do anyway; the trusted side checks every answer (:mod:`coursegrader.trusted`).
"""

from __future__ import annotations

import builtins
import contextlib
import inspect
import io
import operator
import sys
import traceback
import warnings

import numpy as np

from coursegrader import wire

__all__ = ["serve", "OPS"]

MAX_OUTPUT = 20_000  # characters of the student's printed output sent back per answer
MAX_WARNINGS = 20  # warnings sent back per answer
NP_ERR, NP_ERR_MODES = ("divide", "over", "under", "invalid"), ("ignore", "warn", "raise", "call", "print", "log")


def _call(function, *args, **kwargs):
    return function(*args, **kwargs)


# what the trusted side may ask to do with the student's objects
OPS = {
    "call": _call,
    "getattr": getattr,
    "setattr": setattr,
    "delattr": delattr,
    "isinstance": isinstance,
    "issubclass": issubclass,
    "repr": repr,
    "str": str,
    "format": format,
    "bool": bool,
    "len": len,
    "iter": iter,
    "next": next,
    "float": float,
    "int": int,
    "index": operator.index,
    "contains": operator.contains,
    "getitem": operator.getitem,
    "setitem": operator.setitem,
    "delitem": operator.delitem,
    **{
        name: getattr(operator, name)
        for name in (
            "add sub mul truediv floordiv mod pow matmul neg pos abs invert "
            "lt le eq ne gt ge and_ or_ xor lshift rshift"
        ).split()
    },
}


def _namespace() -> dict:
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else vars(sys.modules["__main__"])


class _Agent:
    """The state of the agent in this kernel: handles, callbacks, mirrored arrays."""

    def __init__(self):
        self.objects = {}  # handle id -> object
        self.handle_of = {}  # id(object) -> handle id
        self.mirrors = wire.Mirrors("s", self._encode_object, self._decode_object)
        self.warnings = []  # [category name, message] of the warnings of the last operation

    # --- handles -------------------------------------------------------------------------
    def _encode_object(self, value):
        if isinstance(value, _Callback):
            return {"CB": value.cid}
        hid = self.handle_of.get(id(value))
        if hid is None or self.objects.get(hid) is not value:
            hid = len(self.objects) + 1
            while hid in self.objects:
                hid += 1
            self.objects[hid] = value
            self.handle_of[id(value)] = hid
        cls = value if isinstance(value, type) else type(value)
        mro = [[getattr(c, "__module__", "?"), getattr(c, "__qualname__", "?")] for c in getattr(cls, "__mro__", [cls])]
        name = getattr(value, "__name__", None) if isinstance(value, type) or callable(value) else None
        return {
            "H": hid,
            "mro": [[str(m), str(q)] for m, q in mro][:20],
            "isclass": isinstance(value, type),
            "callable": callable(value),
            "name": name if type(name) is str else None,
            "sig": self._signature(value) if callable(value) else None,
        }

    def _signature(self, value):
        try:
            signature = inspect.signature(value)
        except (TypeError, ValueError):
            return None
        out = []
        for p in signature.parameters.values():
            if p.default is inspect.Parameter.empty:
                default = {"none": 1}
            else:
                try:
                    default = {"value": self.mirrors.encode(p.default)}
                except wire.WireError:
                    default = {"opaque": 1}
            out.append([p.name, int(p.kind), default])
        return out

    def _decode_object(self, obj):
        if "H" in obj:
            if obj["H"] not in self.objects:
                raise wire.WireError("the test used an object of an earlier kernel (the kernel was restarted)")
            return self.objects[obj["H"]]
        if "CB" in obj:
            return _Callback(self, obj["CB"], obj.get("name"))
        raise wire.WireError("unknown tag")

    # --- messages ------------------------------------------------------------------------
    def exchange(self, message) -> dict:
        """Send ``message`` (with the arrays changed here) and return the next message from the tests."""
        message["sync"] = self.mirrors.changes()
        text = builtins.input(wire.dumps(message))
        incoming = wire.loads(text)
        self.mirrors.apply(incoming.get("sync", {}))
        for hid in incoming.get("release", []):
            value = self.objects.pop(hid, None)
            if value is not None and self.handle_of.get(id(value)) == hid:
                del self.handle_of[id(value)]
        return incoming

    def answer(self, request) -> dict:
        """Do what ``request`` asks; return the answer message."""
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                answer = self._do(request)
        except Exception as exc:
            answer = {"err": _describe(exc)}
        except KeyboardInterrupt:  # the trusted side interrupted a call that ran too long
            answer = {"err": {"type": "KeyboardInterrupt", "msg": "interrupted: it ran past the time limit", "tb": ""}}
        if self.warnings:
            answer["warnings"], self.warnings = self.warnings, []
        printed = out.getvalue()
        if printed:
            answer["out"] = printed[:MAX_OUTPUT] + ("\n[... output cut]" if len(printed) > MAX_OUTPUT else "")
        return answer

    def _do(self, request):
        action = request.get("do")
        if action == "lookup":
            namespace, values = _namespace(), {}
            for name in request.get("names", []):
                if type(name) is str and name in namespace:
                    try:
                        values[name] = self.mirrors.encode(namespace[name])
                    except wire.WireError as exc:
                        values[name] = {"X": str(exc)}
            return {"ok": {"D": [[k, v] for k, v in values.items()]}}
        if action == "setglobal":
            _namespace()[str(request["name"])] = self.mirrors.decode(request["value"])
            return {"ok": None}
        if action == "op":
            function = OPS[request["op"]]
            args = self.mirrors.decode(request.get("args", {"T": []}))
            kwargs = self.mirrors.decode(request.get("kwargs", {"D": []}))
            # NumPy's error handling and the warnings as the test has them: the test sees the warnings
            errstate = {k: v for k, v in dict(request.get("np_err", {})).items() if k in NP_ERR and v in NP_ERR_MODES}
            with warnings.catch_warnings(record=True) as caught, np.errstate(**errstate):
                warnings.simplefilter("always")
                try:
                    result = function(*args, **kwargs)
                finally:
                    self.warnings = [[w.category.__name__, str(w.message)[:500]] for w in caught][:MAX_WARNINGS]
            answer = {"ok": self.mirrors.encode(result)}
            if wire.has_mutable([args, kwargs]):
                answer["after"] = self.mirrors.encode((args, kwargs))
            return answer
        raise wire.WireError(f"unknown request {action!r:.40}")

    def serve(self) -> None:
        request = self.exchange({"hello": 1})
        while request.get("do") != "end":
            request = self.exchange(self.answer(request))


class _Callback:
    """Stands for a function of the test (a loss handed to ``numerical_gradient``): calling it asks the tests."""

    def __init__(self, agent, cid, name):
        self._agent, self.cid = agent, cid
        self.__name__ = self.__qualname__ = str(name or "function_of_the_test")

    def __call__(self, *args, **kwargs):
        agent = self._agent
        reply = agent.exchange(
            {"cb": self.cid, "args": agent.mirrors.encode(args), "kwargs": agent.mirrors.encode(kwargs)}
        )
        while "do" in reply:  # the test's function uses the student's work in turn
            reply = agent.exchange(agent.answer(reply))
        if "err" in reply:
            error = reply["err"] if isinstance(reply["err"], dict) else {}
            kind = getattr(builtins, str(error.get("type")), None)
            kind = kind if isinstance(kind, type) and issubclass(kind, Exception) else RuntimeError
            raise kind(f"(in the test's function {self.__name__}) {error.get('msg', '')}")
        if "after" in reply:
            after_args, after_kwargs = agent.mirrors.decode(reply["after"])
            wire.copy_back(args, after_args)
            wire.copy_back(kwargs, after_kwargs)
        return agent.mirrors.decode(reply["ok"])

    def __repr__(self):
        return f"<function {self.__name__} of the test>"


def _describe(exc) -> dict:
    """The student's exception as plain data: its nearest built-in type, message and traceback."""
    builtin = next((c.__name__ for c in type(exc).__mro__ if getattr(builtins, c.__name__, None) is c), "Exception")
    try:
        message = str(exc)
    except Exception:
        message = "(its message could not be read)"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(("agent.py", "wire.py"))]
    text = "".join(traceback.format_list(frames)) + f"{type(exc).__name__}: {message}\n"
    return {"type": builtin, "name": type(exc).__name__, "msg": message, "tb": text[-5000:]}


_AGENT = None


def serve() -> None:
    """Answer the trusted test process until it says the test cell is done."""
    global _AGENT
    if _AGENT is None:
        _AGENT = _Agent()
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        if kernel is not None:  # large messages copied, not sent zero-copy: that needs a thread of pyzmq's,
            kernel.session.copy_threshold = 1 << 40  # which a kernel at its process limit cannot start
    _AGENT.serve()
