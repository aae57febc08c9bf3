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


class Placer:
    """The greedy placement, resumable: ``step(n)`` places the next ``n`` labels by priority. Each
    label's place depends only on those before it, so what is placed is final: a window can place
    a few dozen a frame and draw those already placed."""

    def __init__(self, labels: Sequence[Label], markers: Sequence[pygame.Rect], fixed: Sequence[pygame.Rect] = ()) -> None:
        self.queue = sorted(labels, key=lambda item: item.priority)
        self.markers = list(markers)
        self.boxes: list[pygame.Rect] = list(fixed)
        self.placed: dict[Hashable, pygame.Rect] = {}
        self.next = 0

    @property
    def done(self) -> bool:
        return self.next >= len(self.queue)

    def step(self, count: int) -> None:
        markers, boxes = self.markers, self.boxes
        for label in self.queue[self.next:self.next + count]:
            chosen = fallback = None
            for x, y in label.candidates:
                box = pygame.Rect(x, y, *label.size)
                if box.collidelist(boxes) != -1:
                    continue
                if all(markers[m] == label.owner_box for m in box.collidelistall(markers)):
                    chosen = box
                    break
                if fallback is None:
                    fallback = box  # free of labels but over a marker: better than nothing
            chosen = chosen or fallback
            if chosen is not None:
                self.placed[label.key] = chosen
                boxes.append(chosen)
        self.next += count


def place(labels: Sequence[Label], markers: Sequence[pygame.Rect],
          fixed: Sequence[pygame.Rect] = ()) -> dict[Hashable, pygame.Rect]:
    """Each label's box, none intersecting another nor a ``fixed`` one (text already there); labels
    that find no room are left out."""
    placer = Placer(labels, markers, fixed)
    placer.step(len(placer.queue))
    return placer.placed


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
