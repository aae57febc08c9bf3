"""Where hexes are on the map surface: pointy-top hexes of a radius (one per zoom level)."""

from __future__ import annotations

import math
from typing import Iterable, Iterator

import pygame

from game.rules.hexgrid import Hex

SQRT3 = math.sqrt(3.0)
ZOOM_LEVELS = (10, 14, 18, 24, 32, 42, 56)  # hex radius in pixels


class Layout:
    """Pointy-top hexes of radius ``size``; pixel positions on the whole-map surface."""

    def __init__(self, hexes: Iterable[Hex], size: int) -> None:
        self.size = size
        self.hexes = frozenset(hexes)
        xs, ys = zip(*(self._raw(h) for h in self.hexes))
        self.left = min(xs) - SQRT3 * size / 2 - 2
        self.top = min(ys) - size - 2
        self.width = int(max(xs) - self.left + SQRT3 * size / 2 + 3)
        self.height = int(max(ys) - self.top + size + 3)
        self._unit_corners = [(math.cos(math.radians(60 * i - 30)), math.sin(math.radians(60 * i - 30)))
                              for i in range(6)]

    def _raw(self, h: Hex) -> tuple[float, float]:
        q, r = h
        return self.size * SQRT3 * (q + r / 2), self.size * 1.5 * r

    def centre(self, h: Hex) -> tuple[float, float]:
        q, r = h
        return self.size * SQRT3 * (q + r / 2) - self.left, self.size * 1.5 * r - self.top

    def corners(self, h: Hex, shrink: float = 0.0) -> list[tuple[float, float]]:
        cx, cy = self.centre(h)
        radius = self.size - shrink
        return [(cx + radius * c, cy + radius * s) for c, s in self._unit_corners]

    def hex_at(self, x: float, y: float) -> Hex:
        """The hex under a point of the map surface (cube rounding)."""
        px, py = x + self.left, y + self.top
        q = (SQRT3 / 3 * px - py / 3) / self.size
        r = (2 / 3 * py) / self.size
        s = -q - r
        rq, rr, rs = round(q), round(r), round(s)
        dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - s)
        if dq > dr and dq > ds:
            rq = -rr - rs
        elif dr > ds:
            rr = -rq - rs
        return (int(rq), int(rr))

    def hexes_in(self, area: pygame.Rect) -> Iterator[Hex]:
        """The map's hexes that overlap ``area`` (a rectangle of the map surface), row by row."""
        size = self.size
        row_height, col_width = 1.5 * size, SQRT3 * size
        first = math.floor((area.top + self.top - size) / row_height)
        last = math.ceil((area.bottom + self.top + size) / row_height)
        hexes = self.hexes
        for r in range(first, last + 1):
            low = math.floor((area.left + self.left - col_width / 2) / col_width - r / 2)
            high = math.ceil((area.right + self.left + col_width / 2) / col_width - r / 2)
            for q in range(low, high + 1):
                if (q, r) in hexes:
                    yield (q, r)

