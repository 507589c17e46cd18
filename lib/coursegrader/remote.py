"""The trusted side's view of the student's kernel: a channel to its agent, and proxies.

:class:`StudentKernel` talks to :mod:`coursegrader.agent` in the student's (sandboxed) kernel
over that kernel's stdin channel (the protocol is in the agent's docstring). A test cell
sees the student's work through it:

- plain data (numbers, strings, arrays, lists, ...) arrives as a copy of exact built-in types
  (:mod:`coursegrader.wire`): a ``str`` subclass that equals every letter arrives as a ``str``;
- any other object of the student's is a :class:`Remote`: calling it, reading or setting an
  attribute, indexing, comparing, ``+``, ``*``, ... are requests answered by the student's
  kernel, with plain data or another :class:`Remote`. ``isinstance(remote, Sequential)`` asks
  which classes the student's object says it has, and only classes of ``dlf`` and of the
  instructor's cells are recognized (a student's class can subclass them anyway);
- a function of the test passed to the student's code (a loss handed to
  ``numerical_gradient``) stays here: the student's code calls it through the channel.

Every answer is checked: what is not plain data, a known handle or an allowed exception is a
:class:`StudentKernelError`. A request waits at most until the test cell's deadline; then the
kernel is interrupted, and if it does not answer, it is marked broken (the grader restarts
it and replays the student's cells before the next cell).
"""

from __future__ import annotations

import builtins
import inspect
import re
import sys
import time
import warnings
import weakref

import numpy as np
import zmq

from coursegrader import wire

__all__ = ["StudentKernel", "Remote", "StudentKernelError", "CellTimeout", "AGENT_CODE"]

AGENT_CODE = "__import__('coursegrader.agent', fromlist=['serve']).serve()"
HELLO_TIMEOUT = 30.0  # seconds for the agent to start (the first import in a fresh kernel)
INTERRUPT_GRACE = 5.0  # seconds a kernel has to answer after an interrupt

# the student's exceptions that keep their type in the test (a test may expect them);
# anything else (SystemExit, KeyboardInterrupt, ...) never crosses as itself
_EXCEPTIONS = {
    name: getattr(builtins, name)
    for name in (
        "Exception ArithmeticError AssertionError AttributeError FloatingPointError ImportError IndexError KeyError "
        "LookupError MemoryError ModuleNotFoundError NameError NotImplementedError OSError OverflowError "
        "RecursionError RuntimeError StopIteration TypeError UnboundLocalError UnicodeError ValueError "
        "ZeroDivisionError"
    ).split()
}


class StudentKernelError(Exception):
    """The student's kernel did not answer a test properly (it died, hung, or sent something else)."""


class CellTimeout(StudentKernelError):
    """The student's code ran past the test cell's time limit."""


class StudentKernel:
    """The trusted side of the channel to the student's kernel, for one graded notebook.

    Parameters
    ----------
    kernel_manager : jupyter_client.AsyncKernelManager
        The manager of the student's kernel (started).
    local_class : callable, optional
        ``local_class(module, qualname)``: the trusted class a student's object may claim to
        be an instance of (for ``isinstance``), or None.
    """

    def __init__(self, kernel_manager, local_class=None):
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.km = kernel_manager
        self.local_class = local_class or (lambda module, qualname: None)
        self.client = kernel_manager.blocking_client()
        self.client.start_channels(shell=True, iopub=False, stdin=True, hb=False, control=False)
        self.poller = zmq.Poller()
        self.poller.register(self.client.stdin_channel.socket, zmq.POLLIN)
        self.poller.register(self.client.shell_channel.socket, zmq.POLLIN)
        self.mirrors = wire.Mirrors("t", self._encode_object, self._decode_object)
        self.broken = None  # why the kernel must be restarted, or None
        self._remotes = weakref.WeakValueDictionary()  # handle id -> Remote
        self._released = []
        self._callbacks = {}
        self._msg_id = None
        self.agent_error = "did the notebook change `input`?"
        self.deadline = None
        self.printed = None  # a function that receives the student's printed output

    def close(self):
        self.client.stop_channels()

    # --- one test cell -------------------------------------------------------------------
    def begin_cell(self, timeout, printed):
        self.deadline = time.monotonic() + timeout
        self.printed = printed

    def end_cell(self):
        """Close the agent's session of this cell; its handles stay valid, its callbacks do not."""
        if self._msg_id is not None and self.broken is None:
            try:
                self._send({"do": "end"})
                end = time.monotonic() + INTERRUPT_GRACE
                while self._msg_id is not None:
                    message = self._receive(until=end)  # an agent inside a callback answers "end" with an error
                    if message is not None:
                        self._send({"do": "end"})
            except StudentKernelError as exc:
                self.broken = self.broken or str(exc)
        self._msg_id = None
        self._callbacks.clear()
        self.agent_error = "did the notebook change `input`?"
        self.deadline = None

    # --- requests ------------------------------------------------------------------------
    def lookup(self, names) -> dict:
        """``{name: value}`` of the names defined in the student's notebook (missing names are left out).

        A value that cannot cross is ``wire.WireError`` (the reason) instead.
        """
        reply = self._request({"do": "lookup", "names": sorted(names)})
        if "err" in reply:
            raise _student_exception(reply["err"])
        found = reply.get("ok")
        if type(found) is not dict or type(found.get("D")) is not list:
            raise StudentKernelError("the student's kernel sent a malformed answer")
        values = {}
        for name, encoded in found["D"]:
            try:
                if isinstance(encoded, dict) and "X" in encoded:
                    raise wire.WireError(str(encoded["X"]))
                values[name] = self.mirrors.decode(encoded)
            except wire.WireError as exc:
                values[name] = exc
        return values

    def set_global(self, name, value) -> None:
        """Bind ``name`` in the student's notebook (a test's stand-in for one of its functions)."""
        self._answer(self._request({"do": "setglobal", "name": name, "value": self.mirrors.encode(value)}), (), {})

    def op(self, name, *args, **kwargs):
        """Run ``agent.OPS[name](*args, **kwargs)`` in the student's kernel; return the answer."""
        request = {"do": "op", "op": name, "args": self.mirrors.encode(args), "kwargs": self.mirrors.encode(kwargs)}
        request["np_err"] = np.geterr()  # the test's NumPy error handling applies to the student's code
        return self._answer(self._request(request), args, kwargs)

    def _answer(self, reply, args, kwargs):
        told = reply.get("warnings")
        for category, message in (
            [w for w in told if isinstance(w, list) and len(w) == 2][:20] if isinstance(told, list) else []
        ):
            # as if the student's code had run here
            kind = getattr(builtins, str(category), None)
            kind = kind if isinstance(kind, type) and issubclass(kind, Warning) else UserWarning
            warnings.warn(str(message), kind, stacklevel=3)
        if "err" in reply:
            raise _student_exception(reply["err"])
        if "ok" not in reply:
            raise StudentKernelError("the student's kernel sent an answer without a result")
        try:
            if "after" in reply:
                after_args, after_kwargs = self.mirrors.decode(reply["after"])
                wire.copy_back(args, after_args)
                wire.copy_back(kwargs, after_kwargs)
            return self.mirrors.decode(reply["ok"])
        except (wire.WireError, ValueError, TypeError) as exc:
            raise StudentKernelError(
                f"the student's code answered with something that is not plain data ({exc})"
            ) from None

    def _request(self, message) -> dict:
        if self.broken:
            raise StudentKernelError(f"the student's kernel is not answering any more: {self.broken}")
        if self.deadline is None:
            raise StudentKernelError("the student's work can only be used while a test cell runs")
        if self._msg_id is None:
            self._open()
        self._send(message)
        while True:
            incoming = self._receive(until=self.deadline)
            if incoming is None:
                raise StudentKernelError(f"the student's kernel stopped answering the grader ({self.agent_error})")
            if "out" in incoming and self.printed is not None:
                self.printed(str(incoming["out"]))
            if "cb" in incoming:
                self._send(self._run_callback(incoming))
                continue
            return incoming

    def _open(self):
        self._msg_id = self.client.execute(
            AGENT_CODE, silent=True, store_history=False, allow_stdin=True, stop_on_error=False
        )
        try:
            hello = self._receive(until=min(self.deadline, time.monotonic() + HELLO_TIMEOUT))
        except StudentKernelError:
            self.broken = self.broken or "the grader's agent did not start in time"  # restart before the next cell
            raise
        if hello is None or "hello" not in hello:
            self._msg_id = None
            raise StudentKernelError("the grader's agent did not start in the student's kernel")

    def _send(self, message):
        message["sync"] = self.mirrors.changes()
        if self._released:
            message["release"], self._released = self._released, []
        self.client.input(wire.dumps(message))

    def _receive(self, until):
        """The next message of the agent, or None when its cell ended; raises at the deadline."""
        interrupted = None
        while True:
            now = time.monotonic()
            if now >= until and interrupted is None:
                if until != self.deadline:
                    raise StudentKernelError("the student's kernel did not answer in time")
                interrupted = now
                self._run_sync(self.km.interrupt_kernel)()
            if interrupted is not None and now >= interrupted + INTERRUPT_GRACE:
                self.broken = "it did not stop when interrupted"
                raise CellTimeout("the student's code ran past the time limit per cell and was stopped")
            wait = (interrupted + INTERRUPT_GRACE if interrupted else until) - now
            ready = dict(self.poller.poll(int(1000 * min(max(wait, 0.001), 1.0))))
            if self.client.shell_channel.socket in ready:
                reply = self.client.shell_channel.get_msg(timeout=0)
                if reply["parent_header"].get("msg_id") == self._msg_id:
                    self._msg_id = None
                    if interrupted is not None:
                        raise CellTimeout("the student's code ran past the time limit per cell and was stopped")
                    content = reply.get("content", {})
                    if content.get("status") == "error":
                        self.agent_error = f"{content.get('ename')}: {content.get('evalue')}"[:300]
                    return None
            if self.client.stdin_channel.socket in ready:
                request = self.client.stdin_channel.get_msg(timeout=0)
                if request["header"]["msg_type"] != "input_request":
                    continue
                try:
                    message = wire.loads(request["content"].get("prompt"))
                    self.mirrors.apply(message.get("sync", {}))
                except wire.WireError as exc:
                    self.broken = f"it sent a malformed message ({exc})"
                    raise StudentKernelError(f"the student's kernel sent a malformed message ({exc})") from None
                if interrupted is not None:
                    raise CellTimeout("the student's code ran past the time limit per cell and was stopped")
                return message
            if not ready and not self._run_sync(self.km.is_alive)():
                self.broken = "the kernel died"
                raise StudentKernelError("the student's kernel died (a crash, or out of memory) while a test used it")

    # --- the test's functions, called by the student's code -----------------------------
    def _run_callback(self, message) -> dict:
        function = self._callbacks.get(message.get("cb"))
        if function is None:
            return {"err": {"type": "RuntimeError", "msg": "this function of a test is no longer available"}}
        try:
            args = self.mirrors.decode(message.get("args", {"T": []}))
            kwargs = self.mirrors.decode(message.get("kwargs", {"D": []}))
            if type(args) is not tuple or type(kwargs) is not dict or not all(type(k) is str for k in kwargs):
                raise wire.WireError("malformed arguments")
        except wire.WireError as exc:
            return {"err": {"type": "TypeError", "msg": f"the arguments cannot be passed to a test's function: {exc}"}}
        try:
            result = function(*args, **kwargs)
            reply = {"ok": self.mirrors.encode(result)}
            if wire.has_mutable([args, kwargs]):
                reply["after"] = self.mirrors.encode((args, kwargs))
            return reply
        except Exception as exc:
            name = next((c.__name__ for c in type(exc).__mro__ if c.__name__ in _EXCEPTIONS), "Exception")
            return {"err": {"type": name, "msg": str(exc)}}

    # --- encoding of what is not plain data ----------------------------------------------
    def _encode_object(self, value):
        if isinstance(value, Remote):
            if object.__getattribute__(value, "_kernel") is not self:
                raise wire.WireError("an object of another notebook")
            return {"H": object.__getattribute__(value, "_hid")}
        if callable(value):
            cid = f"c{len(self._callbacks) + 1}"
            self._callbacks[cid] = value
            return {"CB": cid, "name": str(getattr(value, "__name__", "function"))}
        raise wire.WireError(
            f"a {type(value).__name__} of the test cannot be given to the student's code (only plain data and functions)"
        )

    def _decode_object(self, obj):
        if "CB" in obj:  # one of this cell's callbacks, handed back
            if obj["CB"] not in self._callbacks:
                raise wire.WireError("an unknown function of the test")
            return self._callbacks[obj["CB"]]
        if "H" not in obj or type(obj["H"]) is not int:
            raise wire.WireError("unknown tag")
        remote = self._remotes.get(obj["H"])
        if remote is None:
            remote = _proxy_type(obj)(self, obj)
            self._remotes[obj["H"]] = remote
        return remote

    def release(self, hid):
        self._released.append(hid)


def _student_exception(error) -> Exception:
    """The exception a test sees for an exception of the student's code (a plain description)."""
    if not isinstance(error, dict):
        return StudentKernelError("the student's kernel sent a malformed error")
    kind, message = str(error.get("type")), str(error.get("msg", ""))[:5000]
    if kind == "KeyboardInterrupt":
        return CellTimeout("the student's code ran past the time limit per cell and was stopped")
    base = _EXCEPTIONS.get(kind, Exception)
    name = str(error.get("name", kind))
    if name != base.__name__ and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,60}", name):
        base = type(name, (base,), {"__module__": "student"})  # keeps the student's class name in messages
    exc = base(message) if message else base()
    exc.student_traceback = str(error.get("tb", ""))[-5000:]
    return exc


# --- proxies ------------------------------------------------------------------------------


def _kernel_of(remote) -> StudentKernel:
    return object.__getattribute__(remote, "_kernel")


class Remote:
    """An object that lives in the student's kernel; every operation on it is a request there."""

    __slots__ = ("_kernel", "_hid", "_info", "__weakref__")
    __array_ufunc__ = None  # NumPy defers to the reflected operators below (array * remote)
    __hash__ = object.__hash__

    def __init__(self, kernel, info):
        object.__setattr__(self, "_kernel", kernel)
        object.__setattr__(self, "_hid", info["H"])
        object.__setattr__(self, "_info", info)

    def __del__(self):
        try:
            _kernel_of(self).release(object.__getattribute__(self, "_hid"))
        except Exception:
            pass

    @property
    def __class__(self):
        # isinstance(remote, Sequential): the nearest class of dlf or of the instructor's cells it claims
        kernel, info = _kernel_of(self), object.__getattribute__(self, "_info")
        for module, qualname in info.get("mro", []):
            cls = kernel.local_class(str(module), str(qualname))
            if cls is not None:
                return cls
        return type(self)

    @property
    def __name__(self):
        return object.__getattribute__(self, "_info").get("name") or type(self).__name__

    @property
    def __signature__(self):
        described = object.__getattribute__(self, "_info").get("sig")
        if described is None:
            raise AttributeError("__signature__")
        kernel, parameters = _kernel_of(self), []
        for name, kind, default in described:
            value = inspect.Parameter.empty
            if "value" in default:
                value = kernel.mirrors.decode(default["value"])
            elif "opaque" in default:
                value = "<a default value of the student's>"
            parameters.append(inspect.Parameter(str(name), inspect._ParameterKind(int(kind)), default=value))
        return inspect.Signature(parameters)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # NumPy, inspect and copy probe these; they are not the student's attributes
        return _kernel_of(self).op("getattr", self, name)

    def __setattr__(self, name, value):
        _kernel_of(self).op("setattr", self, name, value)

    def __delattr__(self, name):
        _kernel_of(self).op("delattr", self, name)

    def __call__(self, *args, **kwargs):
        return _kernel_of(self).op("call", self, *args, **kwargs)

    def __repr__(self):
        try:
            return _kernel_of(self).op("repr", self)
        except Exception:
            return f"<{type(self).__name__} of the student>"

    def __str__(self):
        try:
            return _kernel_of(self).op("str", self)
        except Exception:
            return repr(self)

    def __format__(self, spec):
        return _kernel_of(self).op("format", self, spec)

    def __bool__(self):
        return _kernel_of(self).op("bool", self)

    def __len__(self):
        return _kernel_of(self).op("len", self)

    def __iter__(self):
        kernel = _kernel_of(self)
        iterator = kernel.op("iter", self)
        while True:
            try:
                yield kernel.op("next", iterator)
            except StopIteration:
                return

    def __instancecheck__(self, obj):  # isinstance(x, StudentClass)
        return isinstance(obj, Remote) and _kernel_of(self).op("isinstance", obj, self)

    def __subclasscheck__(self, cls):
        return isinstance(cls, Remote) and _kernel_of(self).op("issubclass", cls, self)


def _forward(op, reflected=False):
    if reflected:
        return lambda self, other: _kernel_of(self).op(op, other, self)
    return lambda self, *args: _kernel_of(self).op(op, self, *args)


for _name, _op in {
    "contains": "contains", "getitem": "getitem", "setitem": "setitem", "delitem": "delitem",
    "float": "float", "int": "int", "index": "index", "neg": "neg", "pos": "pos", "abs": "abs", "invert": "invert",
    "lt": "lt", "le": "le", "eq": "eq", "ne": "ne", "gt": "gt", "ge": "ge",
    "add": "add", "sub": "sub", "mul": "mul", "truediv": "truediv", "floordiv": "floordiv", "mod": "mod",
    "pow": "pow", "matmul": "matmul", "and": "and_", "or": "or_", "xor": "xor", "lshift": "lshift", "rshift": "rshift",
}.items():  # fmt: skip
    setattr(Remote, f"__{_name}__", _forward(_op))
    if _name in (
        "add",
        "sub",
        "mul",
        "truediv",
        "floordiv",
        "mod",
        "pow",
        "matmul",
        "and",
        "or",
        "xor",
        "lshift",
        "rshift",
    ):
        setattr(Remote, f"__r{_name}__", _forward(_op, reflected=True))

_PROXY_TYPES = {}


def _proxy_type(info) -> type:
    """A subclass of :class:`Remote` named like the student's class (``type(x).__name__`` in messages)."""
    mro = info.get("mro") or [["?", "object"]]
    name = str(mro[0][1]).rsplit(".", 1)[-1]
    if info.get("isclass"):
        name = "type"
    elif not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,60}", name):
        name = "Remote"
    if name not in _PROXY_TYPES:
        _PROXY_TYPES[name] = type(name, (Remote,), {"__slots__": (), "__module__": "student"})
    return _PROXY_TYPES[name]


def dlf_class(module, qualname):
    """The class ``module.qualname`` if ``module`` is ``dlf`` or one of its modules, already imported."""
    if not (module == "dlf" or module.startswith("dlf.")) or module not in sys.modules:
        return None
    value = sys.modules[module]
    for part in qualname.split("."):
        value = getattr(value, part, None)
    return value if isinstance(value, type) else None
