"""A parsed checklist as plain JSON data, and back, for a cache of parsed checklists.

Parsing and validating a checklist's YAML takes about 0.1 s (most of the first
document of a command-line process); rebuilding the same immutable model from its
JSON takes a few milliseconds.  The data is never trusted: :func:`from_data` rebuilds
every value through the model's own types (a wrong type or an unknown code is an
error) and the result must have the content hash the caller expects — the hash the
workspace recorded when the YAML was validated on installation.  Anything else and
the caller parses the YAML again.
"""
from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from functools import cache
from typing import Any

from checklists.model import Checklist

FORMAT = 1


def to_json(checklist: Checklist) -> bytes:
    return json.dumps({"format": FORMAT, "checklist": dataclasses.asdict(checklist)},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def from_json(data: bytes, expected_hash: str) -> Checklist:
    """The checklist in ``data``; ValueError unless it is whole, well-typed and hashes
    to ``expected_hash``."""
    from checklists.hashing import content_hash

    try:
        outer = json.loads(data)
        if not isinstance(outer, dict) or outer.get("format") != FORMAT:
            raise ValueError("not a compiled checklist of this format")
        checklist = _build(Checklist, outer["checklist"])
    except (KeyError, TypeError, RecursionError, UnicodeDecodeError) as exc:
        raise ValueError(f"malformed compiled checklist: {exc!r}") from None
    if checklist.hash != expected_hash or content_hash(checklist) != expected_hash:
        raise ValueError("compiled checklist does not match its hash")
    return checklist


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type, value: Any):
    if not isinstance(value, dict):
        raise TypeError(f"{cls.__name__}: expected an object")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    if set(value) - names:
        raise TypeError(f"{cls.__name__}: unknown fields {sorted(set(value) - names)}")
    return cls(**{name: _value(hints[name], item) for name, item in value.items()})


def _value(hint: Any, value: Any):
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(hint):
            return None
        kinds = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value(kinds[0], value) if len(kinds) == 1 else _plain(kinds, value)
    if origin is tuple:
        if not isinstance(value, list):
            raise TypeError("expected a list")
        element = typing.get_args(hint)[0]
        return tuple(_value(element, v) for v in value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    return _plain([hint], value)


def _plain(kinds: list, value: Any):
    """A str, int, float or bool of one of ``kinds`` (bool is not taken for a number)."""
    for kind in kinds:
        if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(kind, type) and type(value) is kind:
            return value
    raise TypeError(f"expected {kinds}, got {type(value).__name__}")
