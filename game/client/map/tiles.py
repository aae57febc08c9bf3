"""The map's tile cache: square tiles of ``TILE`` pixels kept by key and the stamp of what they
show, least recently used dropped past a byte budget; and the small helpers the renderer keys
and buckets them with."""

from __future__ import annotations

from collections import OrderedDict
from typing import Hashable

import pygame

TILE = 128  # side of a cached map tile, in pixels
TILE_CACHE_BYTES = 40 * 2**20  # per kind of tile (base, composed): about three zoom levels' screens and margins


class TileCache:
    """Surfaces by key, each with the stamp of what it shows; least recently used dropped past ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.bytes = 0
        self._items: OrderedDict[Hashable, tuple[Hashable, pygame.Surface]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, stamp: Hashable) -> pygame.Surface | None:
        item = self._items.get(key)
        if item is None or item[0] != stamp:
            return None
        self._items.move_to_end(key)
        return item[1]

    def has(self, key: Hashable, stamp: Hashable) -> bool:
        item = self._items.get(key)
        return item is not None and item[0] == stamp

    def put(self, key: Hashable, stamp: Hashable, surface: pygame.Surface) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= surface_bytes(old[1])
        self._items[key] = (stamp, surface)
        self.bytes += surface_bytes(surface)
        while self.bytes > self.budget and len(self._items) > 1:
            _, (_, dropped) = self._items.popitem(last=False)
            self.bytes -= surface_bytes(dropped)

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0


def surface_bytes(surface: pygame.Surface) -> int:
    return surface.get_width() * surface.get_height() * surface.get_bytesize()


def for_display(surface: pygame.Surface, alpha: bool = False) -> pygame.Surface:
    """The surface in the window's pixel format (fastest to blit), when there is a window."""
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        return surface.convert_alpha() if alpha else surface.convert()
    return surface


def overlapping(buckets: dict[tuple[int, int], list[int]], area: pygame.Rect) -> list[int]:
    """The indices bucketed under the tiles that ``area`` covers, in order, each once."""
    keys = [(tx, ty) for ty in range(area.top // TILE, (area.bottom - 1) // TILE + 1)
            for tx in range(area.left // TILE, (area.right - 1) // TILE + 1)]
    if len(keys) == 1:
        return buckets.get(keys[0], [])
    return sorted(set().union(*(buckets.get(key, ()) for key in keys)))


class Generation:
    """A small number that changes exactly when a compared value changes (cheap per-frame cache keys)."""

    def __init__(self) -> None:
        self.value: object = None
        self.number = 0

    def of(self, value: object) -> int:
        if value is not self.value:
            if value != self.value:
                self.number += 1
            self.value = value  # the next frame's same object is found by identity
        return self.number

