"""The data that crosses between the trusted test process and the student's kernel.

Both sides of a graded notebook (:mod:`coursegrader.trusted`, the tests; :mod:`coursegrader.agent`,
in the student's kernel) exchange JSON messages. Only *plain data* crosses by value:

=====================================  =========================================================
Python value                           on the wire
=====================================  =========================================================
``None``, ``bool``, ``int``, ``float``  JSON literals (``NaN`` and ``Infinity`` allowed)
``str``                                a JSON string
``complex``                            ``{"C": [real, imag]}``
``list`` / ``tuple`` / ``dict``        ``{"L": [...]}`` / ``{"T": [...]}`` / ``{"D": [[key, value], ...]}``
``np.ndarray`` (numbers or booleans)   ``{"A": mirror id, "dtype", "shape", "data": base64 of the bytes}``
NumPy scalar                           ``{"S": dtype, "data": base64}``
``np.random.Generator``                ``{"G": bit generator name, "state": its state}`` (a copy)
=====================================  =========================================================

Only exact types count (a ``str`` subclass is not plain data); dtypes are limited to booleans,
integers, floats and complex numbers, so nothing that crosses is ever unpickled or evaluated.
Everything else is encoded by a hook of each side (a handle to an object, a callback) and
rejected by the other side's decoder unless it knows the tag.

Mirrored arrays. An array that crosses keeps an id (``"t3"`` if the trusted side sent it
first, ``"s7"`` if the student's side did). Each side remembers, weakly, the arrays of every
id it sent or received and a snapshot of their bytes. Every message carries the arrays that
changed in place on the sender's side since the last message (``"sync"``), and the receiver
writes them into its own array of that id. So an argument that the student's function
changes in place is changed for the test too, a function that reads an array through a
closure sees the student's in-place perturbation, and an array that comes back is the same
object that went (``cache[0] is X``).

Limits: a message is at most :data:`MAX_MESSAGE` bytes and nests at most :data:`MAX_DEPTH`
levels; anything else is a :class:`WireError`.
"""

from __future__ import annotations

import base64
import json
import weakref

import numpy as np

__all__ = ["MAX_MESSAGE", "MAX_DEPTH", "WireError", "Mirrors", "dumps", "loads"]

MAX_MESSAGE = 64 * 1024 * 1024  # bytes of one JSON message
MAX_DEPTH = 40
_DTYPE_KINDS = "biufc"  # bool, int, uint, float, complex: no objects, strings or records


class WireError(Exception):
    """A value cannot cross (not plain data, too large, too deep) or a message is malformed."""


def dumps(message) -> str:
    text = json.dumps(message, allow_nan=True, separators=(",", ":"))
    if len(text) > MAX_MESSAGE:
        raise WireError(f"a message of {len(text) / 2**20:.0f} MiB is over the limit of {MAX_MESSAGE // 2**20} MiB")
    return text


def loads(text):
    if not isinstance(text, str) or len(text) > MAX_MESSAGE:
        raise WireError("a message is not text or is over the size limit")
    try:
        message = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"a message is not valid JSON: {exc}") from None
    if not isinstance(message, dict):
        raise WireError("a message is not a JSON object")
    return message


def _dtype(name):
    try:
        dtype = np.dtype(name)
    except (TypeError, ValueError):
        raise WireError(f"unknown dtype {name!r:.40}") from None
    if dtype.kind not in _DTYPE_KINDS or dtype.hasobject or dtype.fields:
        raise WireError(f"arrays of dtype {dtype} do not cross (numbers and booleans only)")
    return dtype


def _bytes_of(array) -> np.ndarray:
    """The raw bytes of ``array`` as a flat uint8 array (a copy)."""
    return np.ascontiguousarray(array).reshape(-1).view(np.uint8).copy()


def _array_from(data, dtype, shape) -> np.ndarray:
    raw = base64.b64decode(data, validate=True)
    if not isinstance(shape, list) or not all(isinstance(s, int) and 0 <= s for s in shape):
        raise WireError("malformed array shape")
    if len(raw) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
        raise WireError("array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


class Mirrors:
    """One side's codec: plain data to JSON and back, and its registry of mirrored arrays.

    Parameters
    ----------
    side : str
        ``"t"`` (the trusted test process) or ``"s"`` (the student's kernel): the prefix of the
        ids of the arrays this side sends first.
    encode_other : callable, optional
        ``encode_other(value)`` for a value that is not plain data: returns its JSON encoding
        or raises :class:`WireError`.
    decode_other : callable, optional
        ``decode_other(obj)`` for a JSON object with a tag that is not plain data.
    """

    def __init__(self, side, encode_other=None, decode_other=None):
        self.side = side
        self.encode_other = encode_other
        self.decode_other = decode_other
        self._count = 0
        self._arrays = {}  # id -> (weakref to the array, snapshot of its bytes)
        self._id_of = {}  # id(array) -> mirror id, for the arrays alive

    # --- arrays --------------------------------------------------------------------------
    def _register(self, array, mid):
        key = id(array)

        def forget(_):
            self._arrays.pop(mid, None)
            if self._id_of.get(key) == mid:
                del self._id_of[key]

        self._arrays[mid] = (weakref.ref(array, forget), _bytes_of(array))
        self._id_of[id(array)] = mid

    def _mirror_id(self, array):
        mid = self._id_of.get(id(array))
        if mid is not None and self._arrays.get(mid, (lambda: None,))[0]() is array:
            return mid
        self._count += 1
        mid = f"{self.side}{self._count}"
        self._register(array, mid)
        return mid

    def _encode_array(self, array):
        if array.dtype.kind not in _DTYPE_KINDS or array.dtype.hasobject or array.dtype.fields:
            raise WireError(f"arrays of dtype {array.dtype} do not cross (numbers and booleans only)")
        mid = self._mirror_id(array)
        self._arrays[mid] = (self._arrays[mid][0], _bytes_of(array))
        return {
            "A": mid,
            "dtype": array.dtype.str,
            "shape": list(array.shape),
            "data": base64.b64encode(_bytes_of(array)).decode("ascii"),
            "ro": not array.flags.writeable,
        }

    def _decode_array(self, obj):
        dtype = _dtype(obj.get("dtype"))
        fresh = _array_from(obj.get("data", ""), dtype, obj.get("shape"))
        mid = obj.get("A")
        if not isinstance(mid, str) or mid[:1] not in ("t", "s") or not mid[1:].isdigit():
            raise WireError("malformed array id")
        entry = self._arrays.get(mid)
        mine = entry[0]() if entry else None
        if mine is not None and mine.shape == fresh.shape and mine.dtype == fresh.dtype:
            if mine.flags.writeable:
                mine[...] = fresh
            self._arrays[mid] = (entry[0], _bytes_of(mine))
            return mine
        if obj.get("ro"):
            fresh.flags.writeable = False
        self._register(fresh, mid)
        return fresh

    def changes(self) -> dict:
        """The arrays changed in place since they last crossed: ``{id: encoding}`` (snapshots updated)."""
        changed = {}
        for mid, (ref, snapshot) in list(self._arrays.items()):
            array = ref()
            if array is not None and not np.array_equal(_bytes_of(array), snapshot):
                changed[mid] = self._encode_array(array)
        return changed

    def apply(self, changes) -> None:
        """Write the other side's in-place changes into this side's arrays of the same ids."""
        if not isinstance(changes, dict):
            raise WireError("malformed sync")
        for mid, obj in changes.items():
            if isinstance(obj, dict) and obj.get("A") == mid and mid in self._arrays:
                self._decode_array(obj)

    # --- values --------------------------------------------------------------------------
    def encode(self, value, depth=0):
        """The JSON encoding of ``value`` (see the module's table)."""
        if depth > MAX_DEPTH:
            raise WireError(f"the value nests more than {MAX_DEPTH} levels deep")
        kind = type(value)
        if value is None or kind in (bool, int, float, str):
            return value
        if kind is complex:
            return {"C": [value.real, value.imag]}
        if kind in (list, tuple):
            return {"L" if kind is list else "T": [self.encode(v, depth + 1) for v in value]}
        if kind is dict:
            return {"D": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]}
        if kind is np.ndarray and value.dtype.kind in _DTYPE_KINDS and not value.dtype.fields:
            return self._encode_array(value)
        if isinstance(value, np.generic) and type(value).__module__ == "numpy":
            array = np.asarray(value)
            if array.dtype.kind not in _DTYPE_KINDS:
                raise WireError(f"NumPy scalars of dtype {array.dtype} do not cross")
            return {"S": array.dtype.str, "data": base64.b64encode(array.tobytes()).decode("ascii")}
        if kind is np.random.Generator:
            bit_generator = value.bit_generator
            return {"G": type(bit_generator).__name__, "state": self.encode(bit_generator.state, depth + 1)}
        if self.encode_other is not None:
            return self.encode_other(value)
        raise WireError(f"a {kind.__name__} is not plain data")

    def decode(self, obj, depth=0):
        """The value of a JSON encoding; raises :class:`WireError` for anything unexpected."""
        if depth > MAX_DEPTH:
            raise WireError(f"the value nests more than {MAX_DEPTH} levels deep")
        if obj is None or type(obj) in (bool, int, float, str):
            return obj
        if type(obj) is not dict or not obj:
            raise WireError("malformed value")
        tag = next(iter(obj))
        try:
            if tag == "L":
                return [self.decode(v, depth + 1) for v in obj["L"]]
            if tag == "T":
                return tuple(self.decode(v, depth + 1) for v in obj["T"])
            if tag == "D":
                return {self.decode(k, depth + 1): self.decode(v, depth + 1) for k, v in obj["D"]}
            if tag == "C":
                real, imag = obj["C"]
                return complex(float(real), float(imag))
            if tag == "A":
                return self._decode_array(obj)
            if tag == "S":
                dtype = _dtype(obj["S"])
                return _array_from(obj["data"], dtype, [])[()]
            if tag == "G":
                bit_generator = getattr(np.random, str(obj["G"]), None)
                if bit_generator not in (
                    np.random.PCG64,
                    np.random.PCG64DXSM,
                    np.random.MT19937,
                    np.random.Philox,
                    np.random.SFC64,
                ):
                    raise WireError(f"unknown bit generator {obj['G']!r:.40}")
                generator = np.random.Generator(bit_generator())
                generator.bit_generator.state = self.decode(obj["state"], depth + 1)
                return generator
        except WireError:
            raise
        except (TypeError, ValueError, KeyError, OverflowError, AttributeError) as exc:
            raise WireError(f"malformed value: {exc}") from None
        if self.decode_other is not None:
            return self.decode_other(obj)
        raise WireError(f"unknown tag {tag!r:.20}")


_KEPT = (dict, list, np.random.Generator)  # the objects copy_back refills in place inside a dict or a list


def copy_back(original, after) -> None:
    """Make the mutable containers in ``original`` (dicts, lists, generators) hold ``after``'s contents.

    ``after`` is the decoded state of the same argument on the other side once the call
    returned: a function that fills a ``state`` dict, appends to a list or draws from a
    generator changes the caller's object, as it would in one process. Arrays inside are
    already synced (:meth:`Mirrors.apply`); tuples are looked into. A generator inside a dict
    or a list (``f(X, rng=rng)``: the keyword arguments are a dict) keeps its object, with
    the new state.
    """
    if type(original) is dict and type(after) is dict:
        old = dict(original)
        original.clear()
        for key, value in after.items():
            if key in old and type(old[key]) in _KEPT and type(value) is type(old[key]):
                copy_back(old[key], value)
                value = old[key]
            original[key] = value
    elif type(original) is list and type(after) is list:
        old = list(original)
        for i, value in enumerate(after):
            if i < len(old) and type(old[i]) in _KEPT and type(value) is type(old[i]):
                copy_back(old[i], value)
                after[i] = old[i]
        original[:] = after
    elif type(original) is tuple and type(after) is tuple and len(original) == len(after):
        for o, a in zip(original, after):
            copy_back(o, a)
    elif type(original) is np.random.Generator and type(after) is np.random.Generator:
        if type(original.bit_generator) is type(after.bit_generator):
            original.bit_generator.state = after.bit_generator.state


def has_mutable(values) -> bool:
    """True if ``values`` holds a dict, list or generator (whose changes :func:`copy_back` returns)."""
    stack = list(values)
    while stack:
        value = stack.pop()
        if type(value) in (dict, list) or type(value) is np.random.Generator:
            return True
        if type(value) is tuple:
            stack.extend(value)
    return False
