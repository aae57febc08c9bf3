"""Typed readers for plain data from outside (the wire, files): each checks one value's type.

Used by ``PlayerView.from_mapping``; a malformed value raises ``ValueError`` naming it, so a bad
view is refused where it is read instead of failing later, in the middle of drawing a frame.
"""

from __future__ import annotations

from typing import Any, Mapping

from game.rules.hexgrid import Hex, parse_hex


def read_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r:.40}")
    return value


def read_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(f"expected a number, got {value!r:.40}")
    return float(value)


def read_str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r:.40}")
    return value


def read_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r:.40}")
    return value


def read_hex(value: Any) -> Hex:
    return parse_hex(read_str(value))


def read_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {value!r:.40}")
    return value


def read_map(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a map, got {value!r:.40}")
    return value


def read_owner(value: Any) -> int | None:
    return None if value is None else read_int(value)
