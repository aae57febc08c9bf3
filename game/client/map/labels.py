"""Where the map's words go so that none covers another: city names, unit strengths, the strength
ranges of rival signatures.

As map renderers do, each label has a few candidate places around what it names, in order of
preference; labels are placed by priority (city names first, then your units' strengths, then
signatures, fresh before old), each at its first candidate that intersects no label already placed
and, if it can, no marker (a city square, a counter, a diamond) other than its own. A label with no
free place is left out (its marker still shows, and the hex info tells the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Sequence

import pygame


@dataclass(frozen=True, slots=True)
class Label:
    key: Hashable  # what it names (a city's hex, a unit's id, a signature's index)
    size: tuple[int, int]  # the text's box, in pixels
    candidates: tuple[tuple[int, int], ...]  # top-left corners to try, in order of preference
    owner_box: pygame.Rect  # the marker it names (it may touch its own marker)
    priority: int  # lower first


def place(labels: Sequence[Label], markers: Sequence[pygame.Rect]) -> dict[Hashable, pygame.Rect]:
    """Each label's box, none intersecting another; labels that find no room are left out."""
    placed: dict[Hashable, pygame.Rect] = {}
    boxes: list[pygame.Rect] = []
    for label in sorted(labels, key=lambda item: item.priority):
        fallback = None
        for x, y in label.candidates:
            box = pygame.Rect(x, y, *label.size)
            if box.collidelist(boxes) != -1:
                continue
            covers = [m for m in (box.collidelistall(markers)) if markers[m] != label.owner_box]
            if not covers:
                placed[label.key] = box
                break
            if fallback is None:
                fallback = box  # free of labels but over a marker: better than nothing
        else:
            if fallback is not None:
                placed[label.key] = fallback
        if label.key in placed:
            boxes.append(placed[label.key])
    return placed


def around(box: pygame.Rect, size: tuple[int, int], gap: int = 1, above_first: bool = False) -> tuple[tuple[int, int], ...]:
    """Places for a text of ``size`` around ``box``: below (or above first), above, right, left, then the corners."""
    w, h = size
    cx, cy = box.centerx, box.centery
    below, above = (cx - w // 2, box.bottom + gap), (cx - w // 2, box.top - h - gap)
    return ((above, below) if above_first else (below, above)) + ((box.right + gap, cy - h // 2),
            (box.left - w - gap, cy - h // 2), (box.right + gap, box.bottom + gap), (box.left - w - gap, box.top - h - gap),
            (box.right + gap, box.top - h - gap), (box.left - w - gap, box.bottom + gap))


def corners(box: pygame.Rect, size: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """Places for a small number at ``box``'s corners: bottom right (overhanging), top right, bottom
    left, top left, then beside it."""
    w, h = size
    return ((box.right - 2, box.bottom - h // 2), (box.right - 2, box.top - h // 2), (box.left - w + 2, box.bottom - h // 2),
            (box.left - w + 2, box.top - h // 2), (box.right + 1, box.centery - h // 2), (box.left - w - 1, box.centery - h // 2),
            (box.centerx - w // 2, box.bottom + 1), (box.centerx - w // 2, box.top - h - 1))
