"""The map's small pictures: terrain patterns, unit counters and rival signatures, each painted once
and kept as a sprite under everything it shows.

A unit's counter is NATO-style in its owner's colour with the type's symbol and its strength; a
signature is a diamond in the owner's colour with the apparent type's symbol, the strength range
and the reliability (the filled share of a bar); ghosts fade with age and show it.
"""

from __future__ import annotations

import math
from typing import Hashable

import pygame

from game.client.map.palette import player_colour
from game.client.map.tiles import for_display
from game.rules import PlayerView
from game.rules.state import Sighting, Unit

SPRITE_CACHE_SIZE = 2048  # unit counters, signature markers and labels kept (cleared when full)


def paint_pattern(surface: pygame.Surface, terrain: str, centre: tuple[float, float], size: int, colour) -> None:
    """A terrain's pattern, drawn darker than its colour so it reads without colour."""
    cx, cy = centre
    ink = tuple(max(0, c - 70) for c in colour)
    s = size
    width = max(1, s // 12)
    if terrain == "forest":  # small trees (triangles)
        for dx, dy in ((-0.35, 0.15), (0.3, 0.2), (0.0, -0.3)):
            x, y = cx + dx * s, cy + dy * s
            pygame.draw.polygon(surface, ink, [(x, y - 0.22 * s), (x - 0.16 * s, y + 0.12 * s), (x + 0.16 * s, y + 0.12 * s)])
    elif terrain == "hills":  # arcs
        for dx, dy in ((-0.3, 0.1), (0.25, -0.15)):
            rect = pygame.Rect(0, 0, 0.5 * s, 0.36 * s)
            rect.center = (int(cx + dx * s), int(cy + dy * s))
            pygame.draw.arc(surface, ink, rect, 0.2, math.pi - 0.2, max(1, s // 10))
    elif terrain == "mountains":  # peaks
        pygame.draw.polygon(surface, ink, [(cx - 0.5 * s, cy + 0.3 * s), (cx - 0.1 * s, cy - 0.45 * s),
                                           (cx + 0.3 * s, cy + 0.3 * s)], width + 1)
        pygame.draw.polygon(surface, ink, [(cx, cy + 0.3 * s), (cx + 0.3 * s, cy - 0.2 * s),
                                           (cx + 0.55 * s, cy + 0.3 * s)], width + 1)
    elif terrain == "marsh":  # short dashes and tufts
        for dy in (-0.25, 0.05, 0.35):
            pygame.draw.line(surface, ink, (cx - 0.35 * s, cy + dy * s), (cx + 0.35 * s, cy + dy * s), width)
        pygame.draw.line(surface, ink, (cx, cy - 0.1 * s), (cx, cy - 0.4 * s), width)
    elif terrain == "water":  # waves
        light = tuple(min(255, c + 60) for c in colour)
        for dy in (-0.2, 0.2):
            points = [(cx + (i / 6 - 0.5) * 0.9 * s, cy + dy * s + math.sin(i * math.pi / 1.5) * 0.07 * s) for i in range(7)]
            pygame.draw.lines(surface, light, False, points, width)
    else:  # plains: a sparse dot grid
        for dx, dy in ((-0.3, -0.2), (0.3, -0.2), (0.0, 0.3)):
            pygame.draw.circle(surface, ink, (cx + dx * s, cy + dy * s), max(1, s // 14))



_sprites: dict[Hashable, tuple[pygame.Surface, int, int]] = {}  # key -> (sprite, dx, dy from the centre)


def _sprite(key: Hashable, extent: pygame.Rect, paint) -> tuple[pygame.Surface, int, int]:
    """A marker painted once on a transparent canvas; ``extent`` is what it covers around its centre
    (0, 0). Returns the sprite and where its top-left is from the centre."""
    found = _sprites.get(key)
    if found is None:
        if len(_sprites) >= SPRITE_CACHE_SIZE:
            _sprites.clear()
        canvas = pygame.Surface(extent.size, pygame.SRCALPHA)
        paint(canvas, (-extent.x, -extent.y))
        found = _sprites[key] = (for_display(canvas, alpha=True), extent.x, extent.y)
    return found


def _unit_extent(font: pygame.font.Font, unit: Unit, size: int) -> pygame.Rect:
    """What ``_paint_unit`` covers around the centre: the counter, its strength label below right,
    the entrenchment line and the order dot at its top-left corner (with a pixel to spare)."""
    w, h = int(size * 1.2), int(size * 0.85)
    rect = pygame.Rect(-(w // 2), -(h // 2), w, h)
    text_w, text_h = font.size(str(unit.strength))
    dot = max(3, size // 7) + 1
    label = pygame.Rect(rect.right - 2, rect.bottom - text_h // 2, text_w, text_h)
    return rect.inflate(2 * dot, 2 * dot).union(label).union(rect.inflate(0, 10)).inflate(2, 2)


def _sighting_extent(font: pygame.font.Font, label: str, size: int) -> pygame.Rect:
    """What ``_paint_sighting`` covers around the centre: its layer and the label above."""
    box, r = int(size * 1.8), int(size * 0.6)
    layer = pygame.Rect(-(box // 2), -(box // 2), box, box)
    text_w, text_h = font.size(label)
    return layer.union(pygame.Rect(-(text_w // 2) - 1, -r - text_h - 1, text_w + 2, text_h + 2)).inflate(2, 2)


def unit_sprite(font: pygame.font.Font, unit: Unit, size: int, *, selected: bool = False,
                ordered: bool = False, labelled: bool = True) -> tuple[pygame.Surface, int, int]:
    """A unit's counter (see ``draw_unit``) and where its top-left is from the counter's centre;
    without ``labelled``, no strength (the map places it with the other labels, ``labels``)."""
    key = ("unit", unit.kind, player_colour(unit.owner), unit.strength if labelled else None, unit.entrenched,
           selected, ordered, size, id(font))
    found = _sprites.get(key)
    if found is not None:
        return found
    return _sprite(key, _unit_extent(font, unit, size),
                   lambda canvas, at: _paint_unit(canvas, font, unit, at, size, selected=selected, ordered=ordered,
                                                  labelled=labelled))


def draw_unit(surface: pygame.Surface, font: pygame.font.Font, unit: Unit, centre: tuple[float, float], size: int,
              *, selected: bool = False, ordered: bool = False, labelled: bool = True) -> None:
    """A NATO-style counter in the owner's colour: the type's symbol and the strength."""
    sprite, dx, dy = unit_sprite(font, unit, size, selected=selected, ordered=ordered, labelled=labelled)
    surface.blit(sprite, (int(centre[0]) + dx, int(centre[1]) + dy))


def _paint_unit(surface: pygame.Surface, font: pygame.font.Font, unit: Unit, centre: tuple[float, float], size: int,
                *, selected: bool = False, ordered: bool = False, labelled: bool = True) -> None:
    w, h = int(size * 1.2), int(size * 0.85)
    rect = pygame.Rect(0, 0, w, h)
    rect.center = (int(centre[0]), int(centre[1]))
    pygame.draw.rect(surface, player_colour(unit.owner), rect, border_radius=max(2, size // 8))
    pygame.draw.rect(surface, (255, 255, 255) if selected else (0, 0, 0), rect, 3 if selected else 1,
                     border_radius=max(2, size // 8))
    symbol(surface, unit.kind, rect, (255, 255, 255))
    if labelled:
        text = font.render(str(unit.strength), True, (0, 0, 0), (255, 255, 255))
        surface.blit(text, text.get_rect(topleft=(rect.right - 2, rect.bottom - text.get_height() // 2)))
    if unit.entrenched:
        pygame.draw.line(surface, (0, 0, 0), (rect.left, rect.bottom + 2), (rect.right, rect.bottom + 2), 3)
    if ordered:
        pygame.draw.circle(surface, (255, 255, 255), rect.topleft, max(3, size // 7))
        pygame.draw.circle(surface, (0, 0, 0), rect.topleft, max(3, size // 7), 1)


def symbol(surface: pygame.Surface, kind: str, rect: pygame.Rect, ink, width: int | None = None) -> None:
    """The unit type's own symbol (NATO-like: infantry a cross, armor an oval, artillery a dot, recon a
    slash, a fortification a wedge) inside ``rect``; the same on counters and on signatures."""
    inner = rect.inflate(-rect.w // 3, -rect.h // 3)
    width = max(1, rect.h // 10) if width is None else width
    if kind == "infantry":
        pygame.draw.line(surface, ink, inner.topleft, inner.bottomright, width)
        pygame.draw.line(surface, ink, inner.bottomleft, inner.topright, width)
    elif kind == "armor":
        pygame.draw.ellipse(surface, ink, inner, width)
    elif kind == "artillery":
        pygame.draw.circle(surface, ink, inner.center, max(2, inner.h // 3))
    elif kind == "recon":
        pygame.draw.line(surface, ink, inner.bottomleft, inner.topright, width)
    elif kind == "fortification":
        pygame.draw.polygon(surface, ink, [inner.bottomleft, inner.midtop, inner.bottomright], width)
    else:
        pygame.draw.rect(surface, ink, inner, width)


def sighting_sprite(font: pygame.font.Font, sighting: Sighting, size: int, age: int,
                    labelled: bool = True) -> tuple[pygame.Surface, int, int]:
    """A signature's marker (see ``draw_sighting``) and where its top-left is from the hex centre;
    without ``labelled``, no strength range (the map places it with the other labels)."""
    r = int(size * 0.6)
    key = ("sighting", player_colour(sighting.owner), sighting.looks, sighting.reliability < 0.75,
           int(2 * r * sighting.reliability), (sighting.strength_low, sighting.strength_high) if labelled else None, age,
           size, id(font))
    found = _sprites.get(key)
    if found is not None:
        return found
    return _sprite(key, _sighting_extent(font, sighting_label_text(sighting, age), size),
                   lambda canvas, at: _paint_sighting(canvas, font, sighting, at, size, age, labelled))


def draw_sighting(surface: pygame.Surface, font: pygame.font.Font, sighting: Sighting, centre: tuple[float, float],
                  size: int, age: int, labelled: bool = True) -> None:
    """A rival signature: a diamond in the owner's colour with the apparent type, strength range and
    reliability (the filled share of the bar); ghosts fade with age and show it."""
    sprite, dx, dy = sighting_sprite(font, sighting, size, age, labelled)
    surface.blit(sprite, (int(centre[0]) + dx, int(centre[1]) + dy))


def _paint_sighting(surface: pygame.Surface, font: pygame.font.Font, sighting: Sighting, centre: tuple[float, float],
                    size: int, age: int, labelled: bool = True) -> None:
    alpha = 255 if age == 0 else max(60, 200 - 45 * age)
    box = int(size * 1.8)
    layer = pygame.Surface((box, box), pygame.SRCALPHA)
    mid = box // 2
    r = int(size * 0.6)
    diamond = [(mid, mid - r), (mid + r, mid), (mid, mid + r), (mid - r, mid)]
    colour = player_colour(sighting.owner)
    pygame.draw.polygon(layer, (*colour, alpha), diamond)
    pygame.draw.polygon(layer, (0, 0, 0, alpha), diamond, 2 if age == 0 else 1)
    # The apparent type's own symbol, the same as on a unit's counter (never a letter: armor and
    # artillery share one), with a "?" beside it when the eyes that saw it are unreliable.
    box_w, box_h = int(r * 1.4), int(r * 0.95)
    symbol_rect = pygame.Rect(0, 0, box_w, box_h)
    symbol_rect.center = (mid, mid)
    symbol(layer, sighting.looks, symbol_rect, (0, 0, 0, alpha), max(2, size // 12))
    if sighting.reliability < 0.75:
        mark = font.render("?", True, (0, 0, 0))
        mark.set_alpha(alpha)
        layer.blit(mark, mark.get_rect(midleft=(mid + r // 2 + 1, mid - r // 2)))
    bar = pygame.Rect(mid - r, mid + r + 1, 2 * r, max(3, size // 8))
    pygame.draw.rect(layer, (255, 255, 255, alpha), bar)
    pygame.draw.rect(layer, (0, 0, 0, alpha), (bar.x, bar.y, int(bar.w * sighting.reliability), bar.h))
    surface.blit(layer, layer.get_rect(center=(int(centre[0]), int(centre[1]))))
    if labelled:
        text = sighting_label_image(font, sighting, age)
        surface.blit(text, text.get_rect(midbottom=(centre[0], centre[1] - r)))


def sighting_label_image(font: pygame.font.Font, sighting: Sighting, age: int) -> pygame.Surface:
    """A signature's strength range (and age), black on white, faded as the marker is for a ghost."""
    alpha = 255 if age == 0 else max(60, 200 - 45 * age)
    text = font.render(sighting_label_text(sighting, age), True, (0, 0, 0), (255, 255, 255))
    if alpha < 255:  # as per-pixel alpha, which blends the same onto a sprite's transparent canvas
        faded = pygame.Surface(text.get_size(), pygame.SRCALPHA)
        faded.blit(text, (0, 0))
        faded.fill((255, 255, 255, alpha), special_flags=pygame.BLEND_RGBA_MULT)
        text = faded
    return text


def sighting_label_text(sighting: Sighting, age: int) -> str:
    return f"{sighting.strength_low}-{sighting.strength_high}" + (f" t-{age}" if age else "")


def view_markers(view: PlayerView) -> list[tuple[Sighting, int]]:
    """Sightings of this turn (age 0) and ghosts with their age, oldest first so fresh ones draw on top."""
    ghosts = sorted(((g, view.turn - g.seen_turn) for g in view.ghosts), key=lambda item: -item[1])
    return ghosts + [(s, 0) for s in view.sightings]
