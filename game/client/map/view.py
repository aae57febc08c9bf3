"""The map area of the game screen: where the camera is (zoom, pan) and what is drawn on the map.

``MapView`` knows the window rectangle it draws into, the zoom level and the pan offset, turns
window positions into hexes and back, and draws one frame: the cached map tiles (terrain, fog,
the offense-defense overlay when ``show_balance`` is on, rival signatures and ghosts, the
player's own units: see ``render``), then the player's marks over them (legal destinations,
drafted orders, the selected and ordered units drawn again marked). It holds no game logic:
what to mark comes in ``Marks``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pygame

from game.client.map.layout import ZOOM_LEVELS
from game.client.map.palette import balance_legend
from game.client.map.renderer import MapRenderer
from game.client.map.sprites import draw_sighting, draw_unit
from game.rules import PlayerView
from game.rules.hexgrid import Hex

SELECTED_CITY = (86, 180, 233)
ATTACK = (213, 94, 0)
MOVE = (255, 255, 255)
BUILD_LABEL = (240, 228, 66)
CURSOR = (240, 228, 66)  # the keyboard's map cursor
START_ZOOM = 3  # index into ZOOM_LEVELS


@dataclass
class Marks:
    """What the player is doing, drawn over the map."""

    selected_unit: str | None = None
    selected_city: Hex | None = None
    destinations: dict[Hex, bool] = field(default_factory=dict)  # hex -> needs an attack
    attack_mode: bool = False
    moves: dict[str, tuple[Hex, bool]] = field(default_factory=dict)  # unit -> (destination, attack)
    builds: dict[Hex, str] = field(default_factory=dict)
    highlight: Hex | None = None  # e.g. the hex of a report line the player clicked
    cursor: Hex | None = None  # the keyboard's place on the map (shift + arrows; Space clicks it)


class MapView:
    def __init__(self, rect: pygame.Rect) -> None:
        self.rect = rect
        self.renderer: MapRenderer | None = None
        self.zoom = START_ZOOM
        self.offset = [0.0, 0.0]  # map-surface pixel at the map area's top-left
        self.framed = False  # the first frame places the camera once
        # The offense-defense overlay: over each hex, the force ratio needed to take it (see
        # render.balance_ratio), with a legend in the map's corner.
        self.show_balance = False
        self._legend: pygame.Surface | None = None

    @property
    def size(self) -> int:
        return ZOOM_LEVELS[self.zoom]

    def renderer_for(self, view: PlayerView) -> MapRenderer:
        if self.renderer is None or self.renderer.scenario is not view.scenario:
            self.renderer = MapRenderer(view.scenario)
            self.framed = False
            self._legend = None
        return self.renderer

    # --- camera --------------------------------------------------------------------------------

    def centre_on(self, h: Hex) -> None:
        if self.renderer is None:
            return
        x, y = self.renderer.layout(self.size).centre(h)
        self.offset = [x - self.rect.w / 2, y - self.rect.h / 2]

    @property
    def origin(self) -> tuple[int, int]:
        """Where the map surface's top-left is in the window (whole pixels: the tiles are blitted there)."""
        return self.rect.x - math.floor(self.offset[0]), self.rect.y - math.floor(self.offset[1])

    def screen_of(self, h: Hex) -> tuple[float, float]:
        """Where a hex's centre is in the window."""
        assert self.renderer is not None
        x, y = self.renderer.layout(self.size).centre(h)
        left, top = self.origin
        return x + left, y + top

    def hex_under(self, pos: tuple[int, int]) -> Hex | None:
        if self.renderer is None or not self.rect.collidepoint(pos):
            return None
        left, top = self.origin
        h = self.renderer.layout(self.size).hex_at(pos[0] - left, pos[1] - top)
        return h if h in self.renderer.tiles else None

    def zoom_at(self, step: int, pos: tuple[int, int]) -> None:
        """Zoom in (step > 0) or out, keeping the map point under ``pos`` where it is."""
        new = max(0, min(len(ZOOM_LEVELS) - 1, self.zoom + step))
        if self.renderer is None or new == self.zoom:
            return
        ratio = ZOOM_LEVELS[new] / ZOOM_LEVELS[self.zoom]
        px, py = pos[0] - self.rect.x, pos[1] - self.rect.y
        self.offset = [(self.offset[0] + px) * ratio - px, (self.offset[1] + py) * ratio - py]
        self.zoom = new

    def pan(self, dx: float, dy: float) -> None:
        self.offset[0] += dx
        self.offset[1] += dy

    def frame(self, view: PlayerView) -> None:
        """Place the camera: the whole map if it fits at a readable zoom, else centred on one's own forces."""
        renderer = self.renderer_for(view)
        self.framed = True
        area = self.rect
        fitting = [i for i, size in enumerate(ZOOM_LEVELS)
                   if renderer.layout(size).width <= area.w - 24 and renderer.layout(size).height <= area.h - 24]
        if fitting and ZOOM_LEVELS[fitting[-1]] >= 18:
            self.zoom = fitting[-1]
            layout = renderer.layout(self.size)
            self.offset = [(layout.width - area.w) / 2, (layout.height - area.h) / 2]
            return
        self.zoom = START_ZOOM
        own = [u.at for u in view.units] or [h for h, o in view.city_owner.items() if o == view.player]
        if own:
            self.centre_on(own[len(own) // 2])

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, view: PlayerView, marks: Marks) -> None:
        renderer = self.renderer_for(view)
        if not self.framed:
            self.frame(view)
        size = self.size
        previous_clip = surface.get_clip()
        surface.set_clip(self.rect)
        ox, oy = self.origin
        # The map, the fog, the overlay, the units and the signatures: cached tiles (see render).
        renderer.draw_map(surface, size, self.rect, self.offset, view.city_owner, view.visible, self.show_balance,
                          view)
        layout = renderer.layout(size)
        font = renderer.marker_font(size)
        # Marks whose hex centre is this far outside the map area can still reach into it.
        shown = self.rect.inflate(4 * size + 80, 4 * size + 80)

        def at(h: Hex) -> tuple[float, float]:
            x, y = layout.centre(h)
            return x + ox, y + oy

        def on_screen(h: Hex) -> bool:
            return shown.collidepoint(at(h))

        def outline(h: Hex, colour, width: int, shrink: float = 0.0) -> None:
            pygame.draw.polygon(surface, colour, [(x + ox, y + oy) for x, y in layout.corners(h, shrink=shrink)], width)

        for h, needs_attack in marks.destinations.items():
            if on_screen(h):
                outline(h, ATTACK if needs_attack or marks.attack_mode else MOVE, max(2, size // 10), size * 0.15)
        if marks.selected_city is not None:
            outline(marks.selected_city, SELECTED_CITY, 3)
        if marks.highlight is not None:
            outline(marks.highlight, BUILD_LABEL, max(3, size // 6))
        if marks.cursor is not None:  # thick yellow on black, unlike any other outline: found at a glance
            outline(marks.cursor, (0, 0, 0), max(7, size // 4), size * 0.1)
            outline(marks.cursor, CURSOR, max(4, size // 7), size * 0.1)
        units = view.unit_by_id if marks.moves else {}
        for unit_id, (to, attack) in marks.moves.items():  # ordered moves: an arrow to the destination
            if unit_id in units:
                start, end = at(units[unit_id].at), at(to)
                colour = ATTACK if attack else MOVE
                pygame.draw.line(surface, (0, 0, 0), start, end, 6)
                pygame.draw.line(surface, colour, start, end, 3)
                # An arrowhead at the destination (which way the order goes, where lines cross).
                dx, dy = end[0] - start[0], end[1] - start[1]
                length = math.hypot(dx, dy) or 1.0
                ux, uy = dx / length, dy / length
                head = max(8, size // 3)
                tip = (end[0] - ux * size * 0.25, end[1] - uy * size * 0.25)
                base = (tip[0] - ux * head, tip[1] - uy * head)
                wing = (-uy * head * 0.6, ux * head * 0.6)
                arrow = [tip, (base[0] + wing[0], base[1] + wing[1]), (base[0] - wing[0], base[1] - wing[1])]
                pygame.draw.polygon(surface, colour, arrow)
                pygame.draw.polygon(surface, (0, 0, 0), arrow, 2)
        # The tiles hold every marker as it is when nothing is selected or ordered. Drawn again on
        # top: the selected and ordered units, marked, and what stands on an outlined destination.
        signatures, counters = renderer.placements(size)
        if marks.destinations:
            for x, y, sighting, age in signatures:
                if sighting.at in marks.destinations and shown.collidepoint(x + ox, y + oy):
                    draw_sighting(surface, font, sighting, (x + ox, y + oy), size, age, labelled=False)
        for x, y, unit in counters:
            selected, ordered = unit.id == marks.selected_unit, unit.id in marks.moves
            if (selected or ordered or unit.at in marks.destinations) and shown.collidepoint(x + ox, y + oy):
                draw_unit(surface, font, unit, (x + ox, y + oy), size, selected=selected, ordered=ordered,
                          labelled=unit.id in renderer.stack_tops)
        # The words last, over the outlines and arrows, where the label layout put them (none overlaps).
        renderer.draw_labels(surface, size, self.rect, self.offset)
        for city, kind in marks.builds.items():
            x, y = at(city)
            text = font.render(f"+{kind}", True, (0, 0, 0), BUILD_LABEL)
            surface.blit(text, text.get_rect(midbottom=(x, y - size * 0.5)))
        if self.show_balance:
            legend = self._balance_legend()
            surface.blit(legend, legend.get_rect(bottomleft=(self.rect.x + 10, self.rect.bottom - 10)))
        surface.set_clip(previous_clip)

    def _balance_legend(self) -> pygame.Surface:
        """The overlay's key: the colour scale with its ratios, and what the number means."""
        if self._legend is None:
            assert self.renderer is not None
            self._legend = balance_legend(self.renderer.font(18), self.renderer.scenario.ruleset.combat.river_attack)
        return self._legend
