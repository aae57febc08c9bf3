"""Checked reading of plain mappings (parsed TOML) into values.

Parsers take a ``Problems`` collector and keep going after a bad field, so a
broken asset file reports every problem at once, each with its file and key.
"""

from __future__ import annotations

from typing import Any, Mapping

from game.rules.errors import AssetError

_MISSING = object()


class Problems:
    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.found.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.found:
            raise AssetError(self.found)


def _number_ok(value: Any, kind: type) -> bool:
    if isinstance(value, bool):
        return kind is bool
    if kind is float:
        return isinstance(value, (int, float))
    return isinstance(value, kind)


def field(
    problems: Problems,
    mapping: Mapping[str, Any],
    key: str,
    kind: type,
    where: str,
    *,
    default: Any = _MISSING,
    low: float | None = None,
    high: float | None = None,
) -> Any:
    """Read ``mapping[key]`` as ``kind`` within ``[low, high]``.

    On a problem, records it and returns the default (or a neutral value), so
    parsing can continue and report the rest.
    """
    neutral = default if default is not _MISSING else kind()
    if key not in mapping:
        if default is _MISSING:
            problems.add(f"{where}.{key}", "missing")
        return neutral
    value = mapping[key]
    if not _number_ok(value, kind):
        problems.add(f"{where}.{key}", f"expected {kind.__name__}, got {value!r}")
        return neutral
    if kind is float:
        value = float(value)
    if low is not None and value < low:
        problems.add(f"{where}.{key}", f"{value!r} is below the minimum {low}")
        return neutral
    if high is not None and value > high:
        problems.add(f"{where}.{key}", f"{value!r} is above the maximum {high}")
        return neutral
    return value


def table(problems: Problems, mapping: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = mapping.get(key)
    if not isinstance(value, Mapping):
        problems.add(f"{where}.{key}", "missing table" if value is None else f"expected a table, got {value!r}")
        return {}
    return value


def unknown_keys(problems: Problems, mapping: Mapping[str, Any], allowed: set[str], where: str) -> None:
    """Typos in data files are problems, not silently ignored keys."""
    for key in sorted(set(mapping) - allowed):
        problems.add(f"{where}.{key}", "unknown key")
