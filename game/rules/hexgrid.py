"""Hex geometry in axial coordinates.

A hex is a plain ``(q, r)`` tuple of ints: tuples hash and compare fast, and the
engine touches hexes in every inner loop. The third cube coordinate is
``s = -q - r``. An *edge* between two neighbouring hexes is the sorted pair of
the two hexes, so both sides name it the same way.

Text notation: ``"q,r"`` (for example ``"3,-2"``); edges are ``"q,r|q,r"``.
"""

from __future__ import annotations

from typing import Iterator, TypeAlias

Hex: TypeAlias = tuple[int, int]
Edge: TypeAlias = tuple[Hex, Hex]

# Counter-clockwise from east (north up); the order is part of the rules (it breaks ties).
DIRECTIONS: tuple[Hex, ...] = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))


def neighbours(h: Hex) -> tuple[Hex, ...]:
    q, r = h
    return tuple((q + dq, r + dr) for dq, dr in DIRECTIONS)


def distance(a: Hex, b: Hex) -> int:
    """Steps between two hexes: max(|dq|, |dr|, |dq + dr|), written as branches (bots and
    the intent model call this hundreds of thousands of times a lab run; abs() calls cost more)."""
    aq, ar = a
    bq, br = b
    dq = aq - bq
    dr = ar - br
    if dq >= 0:
        if dr >= 0:
            return dq + dr
        return dq if dq >= -dr else -dr
    if dr <= 0:
        return -dq - dr
    return -dq if -dq >= dr else dr


def are_adjacent(a: Hex, b: Hex) -> bool:
    return distance(a, b) == 1


def edge(a: Hex, b: Hex) -> Edge:
    """The edge between two adjacent hexes, named the same from either side."""
    return (a, b) if a <= b else (b, a)


def disk(centre: Hex, radius: int) -> Iterator[Hex]:
    """Every hex within ``radius`` of ``centre`` (the centre included)."""
    cq, cr = centre
    for dq in range(-radius, radius + 1):
        for dr in range(max(-radius, -dq - radius), min(radius, -dq + radius) + 1):
            yield (cq + dq, cr + dr)


def offset_to_axial(col: int, row: int) -> Hex:
    """Convert "odd-r" offset coordinates (text map rows) to axial."""
    return (col - (row - (row & 1)) // 2, row)


def axial_to_offset(h: Hex) -> tuple[int, int]:
    q, r = h
    return (q + (r - (r & 1)) // 2, r)


def format_hex(h: Hex) -> str:
    return f"{h[0]},{h[1]}"


class HexTexts(dict):  # type: ignore[type-arg]
    """``format_hex`` as a lookup table (a map's hexes, filled in by the board), for code that
    formats hundreds of hexes a turn (the state hash, views): ``map(texts.__getitem__, hexes)``
    runs in C. A hex not in the table is formatted on the spot and not stored."""

    def __missing__(self, h: Hex) -> str:
        return format_hex(h)


def parse_hex(text: str) -> Hex:
    """Parse ``"q,r"``.

    Raises:
        ValueError: if the text is not two comma-separated integers.
    """
    parts = text.strip().split(",")
    if len(parts) != 2:
        raise ValueError(f"not a hex (expected 'q,r'): {text!r}")
    try:
        return (int(parts[0]), int(parts[1]))
    except ValueError:
        raise ValueError(f"not a hex (expected 'q,r'): {text!r}") from None


def format_edge(e: Edge) -> str:
    return f"{format_hex(e[0])}|{format_hex(e[1])}"


def parse_edge(text: str) -> Edge:
    """Parse ``"q,r|q,r"`` naming two adjacent hexes.

    Raises:
        ValueError: if either hex is malformed or the two are not adjacent.
    """
    left, sep, right = text.partition("|")
    if not sep:
        raise ValueError(f"not an edge (expected 'q,r|q,r'): {text!r}")
    a, b = parse_hex(left), parse_hex(right)
    if not are_adjacent(a, b):
        raise ValueError(f"edge joins hexes that are not adjacent: {text!r}")
    return edge(a, b)
