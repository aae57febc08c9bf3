"""Drawing the hex map: terrain in colour *and* pattern, rivers, roads, cities, units, signatures, fog,
and the offense-defense overlay.

The map is drawn in square tiles of ``TILE`` pixels, per zoom level, only where the camera looks:
a *base* tile holds the static map (terrain, rivers, roads, cities and their owners) and a
*composed* tile adds, to a copy of it, the balance overlay when it is shown, the fog, and the
view's signatures and units (they change once a turn, like the fog). A frame blits the few opaque
composed tiles under the map area. Tiles are drawn again only when what they show changes (a city
changes hands, the palette, the visible set, the view, the overlay) and are kept, least recently
used first out, within ``TILE_CACHE_BYTES``: the largest zoom of the 2,400-hex map would be an
80 MB surface, and a zoom step draws a screenful of tiles, never the whole map. A frame with no
tile to draw draws one the camera may need next (``PREFETCH_TILES``).

Terrain and fog are stamped from one hex sprite per terrain and zoom; units and signatures are
sprites too, cached under everything they show (their own look is painted by ``_paint_unit`` and
``_paint_sighting``). The map view draws the selected and ordered units again on top, marked.

The parts: ``palette`` (colours, the overlay's scale), ``layout`` (hex positions), ``tiles`` (the
cache), ``sprites`` (terrain patterns, counters, signatures), ``labels`` (where text goes so none
overlaps); ``view`` is the map area of the game screen (camera, marks, input).
"""


from __future__ import annotations

import math
from typing import Callable, Hashable, Iterator, Mapping, Sequence

import pygame

from game.client.map import palette
from game.client.map.layout import SQRT3, ZOOM_LEVELS, Layout
from game.client.map.palette import (BACKGROUND, BALANCE_ALPHA, BALANCE_READABLE, FOG, HEX_EDGE, RIVER, ROAD,
                                     SPRITE_KEY, TERRAIN_COLOURS, UNKNOWN_TERRAIN, balance_colour, format_ratio,
                                     ink_on, player_colour)
from game.client.map.labels import Label, Placer, around
from game.client.map.sprites import (SPRITE_CACHE_SIZE, paint_pattern, sighting_label_image, sighting_label_text,
                                     sighting_sprite, unit_sprite, view_markers)
from game.client.map.tiles import TILE, TILE_CACHE_BYTES, Generation, TileCache, for_display, overlapping
from game.rules import PlayerView, Scenario
from game.rules.hexgrid import Hex
from game.rules.preview import balance_ratio
from game.rules.state import Sighting, Unit

LABELS_PER_FRAME = 24  # labels placed a frame at most (a new zoom or turn places them over a few frames)
NEW_LABEL_IMAGES_PER_FRAME = 6  # label pictures made a frame at most
PREFETCH_TILES = 1  # tiles drawn ahead in a frame that had none to draw (more: a higher p95)


class MapRenderer:
    """Cached map tiles for one scenario; ``draw_map`` blits those under a window rectangle.

    ``renders`` counts how many times a layer (the base map, or the fog and overlay over it) had
    to be drawn again for a zoom level because what it shows changed or the zoom is new; tests
    check the cache with it. ``tiles_drawn`` counts single tiles drawn.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.tiles = scenario.map.tiles
        self.cities = {c.at: c for c in scenario.map.cities}
        self._hexes = frozenset(self.tiles)
        self._terrains = frozenset(self.tiles.values())
        self._rows = sorted(self.tiles, key=lambda h: (h[1], h[0]))  # drawing order: row by row
        self._layouts: dict[int, Layout] = {}
        self._fonts: dict[int, pygame.font.Font] = {}
        self._bases = TileCache(TILE_CACHE_BYTES)
        self._composed = TileCache(TILE_CACHE_BYTES)
        self._layer_stamps: dict[tuple[str, int], Hashable] = {}
        self._owners = Generation()
        self._visible = Generation()
        self._scratch: dict[tuple[int, int], pygame.Surface] = {}
        self._hex_sprites: dict[tuple, pygame.Surface] = {}
        self._tile_buckets: dict[tuple[Hashable, ...], dict[tuple[int, int], list[int]]] = {}
        self._stamp_positions: dict[int, dict[Hex, tuple[int, int]]] = {}
        self._segments: dict[int, list[tuple[pygame.Rect, tuple, tuple, tuple, int]]] = {}
        self._city_boxes: dict[int, list[tuple[pygame.Rect, Hex]]] = {}
        self._ratios: dict[Hex, float] | None = None
        self._view: PlayerView | None = None  # whose units and signatures are in the composed tiles
        self._view_number = 0
        self._placements: dict[int, tuple[list, list]] = {}
        self.stack_tops: frozenset[str] = frozenset()  # the units drawn last on their hex: their strength is written
        self._fixed: dict[tuple[int, int], list[pygame.Rect]] = {}
        self._placers: dict[tuple[int, int], Placer] = {}
        self._label_styles: dict[tuple[int, int], dict[Hashable, tuple]] = {}
        self._label_images: dict[Hashable, pygame.Surface] = {}
        self._advances: dict[int, dict[str, int]] = {}
        self._busy = False  # the last frame drew tiles
        self._labels_pending = False  # labels of the zoom shown are still being placed or drawn
        self._images_pending = False
        self._texts: dict[tuple[str, int, tuple], pygame.Surface] = {}
        self.renders = 0
        self.tiles_drawn = 0
        self.prefetch = True  # draw tiles ahead in frames that drew none (tests may turn it off)
        self._nearby: tuple[Hashable, list[tuple[int, int, int]]] | None = None  # the tiles to draw ahead, by camera

    def layout(self, size: int) -> Layout:
        if size not in self._layouts:
            self._layouts[size] = Layout(self._hexes, size)  # one set of hexes shared by every zoom
        return self._layouts[size]

    def font(self, size: int) -> pygame.font.Font:
        size = max(8, size)
        if size not in self._fonts:
            self._fonts[size] = pygame.font.Font(None, size)
        return self._fonts[size]

    def balance_ratios(self) -> dict[Hex, float]:
        """``balance_ratio`` for every hex a unit can stand on (the map and rules never change)."""
        if self._ratios is None:
            found = ((h, balance_ratio(self.scenario, h)) for h in self.tiles)
            self._ratios = {h: ratio for h, ratio in found if ratio is not None}
        return self._ratios

    # --- the frame -----------------------------------------------------------------------------

    def draw_map(self, surface: pygame.Surface, size: int, area: pygame.Rect, offset: Sequence[float],
                 city_owner: Mapping[Hex, int | None], visible: frozenset[Hex], balance: bool = False,
                 view: PlayerView | None = None) -> int:
        """Blit the map at zoom ``size`` into ``area`` of ``surface``; ``offset`` is the map pixel at
        ``area``'s top-left. With a ``view``, its units and signatures are drawn into the tiles too
        (they change once a turn, like the fog). Returns how many tiles were blitted."""
        layout = self.layout(size)
        base_stamp = (self._owners.of(city_owner), palette.player_colours())
        if view is not self._view:
            self._view, self._placements = view, {}
            self._view_number += 1
        top_stamp = (base_stamp, self._visible.of(visible), balance, self._view_number)
        self._count_layer("base", size, base_stamp)
        self._count_layer("fog", size, top_stamp)
        ox, oy = math.floor(offset[0]), math.floor(offset[1])
        columns = (layout.width + TILE - 1) // TILE
        rows = (layout.height + TILE - 1) // TILE
        first_x, last_x = max(0, ox // TILE), min(columns - 1, (ox + area.w - 1) // TILE)
        first_y, last_y = max(0, oy // TILE), min(rows - 1, (oy + area.h - 1) // TILE)
        blits = []
        drawn = self.tiles_drawn
        for ty in range(first_y, last_y + 1):
            for tx in range(first_x, last_x + 1):
                tile = self._composed.get((size, tx, ty), top_stamp)
                if tile is None:
                    tile = self._compose(size, tx, ty, base_stamp, top_stamp, city_owner, visible, balance)
                blits.append((tile, (area.x + tx * TILE - ox, area.y + ty * TILE - oy)))
        surface.fblits(blits)
        # A frame that drew tiles does no label work; a quiet one places labels while a zoom or a turn
        # has some left to place, else draws tiles ahead (either costs a millisecond or two).
        self._busy = self.tiles_drawn != drawn
        placer = self._placers.get((size, self._view_number))
        self._labels_pending = placer is None or not placer.done or self._images_pending
        if self.prefetch and not self._busy and not self._labels_pending:
            # A quiet frame: draw up to PREFETCH_TILES tiles the camera may need next (so panning
            # and zooming find them ready), nearest first.
            centre = (ox + area.w // 2, oy + area.h // 2)
            key = (size, centre[0] // TILE, centre[1] // TILE, area.size)
            if self._nearby is None or self._nearby[0] != key:
                self._nearby = (key, list(self._nearby_tiles(size, centre, area.size)))
            budget = PREFETCH_TILES
            for tile_size, tx, ty in self._nearby[1]:
                if not self._composed.has((tile_size, tx, ty), top_stamp):
                    self._compose(tile_size, tx, ty, base_stamp, top_stamp, city_owner, visible, balance)
                    budget -= 1
                    if not budget:
                        break
        return len(blits)

    def _nearby_tiles(self, size: int, centre: tuple[float, float],
                      shown: tuple[int, int]) -> Iterator[tuple[int, int, int]]:
        """Tiles just off screen at this zoom, then those on screen at the next zoom levels, in and out."""
        index = ZOOM_LEVELS.index(size) if size in ZOOM_LEVELS else None
        levels = [(size, 1)]
        if index is not None:
            levels += [(ZOOM_LEVELS[i], 0) for i in (index + 1, index - 1) if 0 <= i < len(ZOOM_LEVELS)]
        for level, margin in levels:
            layout = self.layout(level)
            ratio = level / size
            cx, cy = centre[0] * ratio, centre[1] * ratio
            columns = (layout.width + TILE - 1) // TILE
            rows = (layout.height + TILE - 1) // TILE
            first_x = max(0, int(cx - shown[0] / 2) // TILE - margin)
            last_x = min(columns - 1, int(cx + shown[0] / 2) // TILE + margin)
            first_y = max(0, int(cy - shown[1] / 2) // TILE - margin)
            last_y = min(rows - 1, int(cy + shown[1] / 2) // TILE + margin)
            found = [(level, tx, ty) for ty in range(first_y, last_y + 1) for tx in range(first_x, last_x + 1)]
            found.sort(key=lambda t: abs((t[1] + 0.5) * TILE - cx) + abs((t[2] + 0.5) * TILE - cy))
            yield from found

    def marker_font(self, size: int) -> pygame.font.Font:
        """The font of unit strengths and signature labels at zoom ``size``."""
        return self.font(max(12, size // 2 + 4))

    def placements(self, size: int) -> tuple[list[tuple[float, float, Sighting, int]], list[tuple[float, float, Unit]]]:
        """The last view's signatures (oldest first) and unit counters (stacks fanned out) at their
        positions on the map surface at zoom ``size``."""
        found = self._placements.get(size)
        if found is None:
            layout = self.layout(size)
            markers, counters = [], []
            if self._view is not None:
                markers = [(*layout.centre(sighting.at), sighting, age) for sighting, age in view_markers(self._view)]
                stacks: dict[Hex, int] = {}
                tops: dict[Hex, str] = {}
                for unit in self._view.units:
                    n = stacks.get(unit.at, 0)
                    stacks[unit.at] = n + 1
                    tops[unit.at] = unit.id
                    x, y = layout.centre(unit.at)
                    counters.append((x + n * size * 0.2, y - n * size * 0.2, unit))
                self.stack_tops = frozenset(tops.values())
            found = self._placements[size] = (markers, counters)
        return found

    def city_box(self, size: int, h: Hex) -> pygame.Rect:
        """A city's square on the map surface at zoom ``size``."""
        cx, cy = self.layout(size).centre(h)
        half = size * (0.5 if self.cities[h].is_capital else 0.4)
        rect = pygame.Rect(0, 0, 2 * half, 2 * half)
        rect.center = (int(cx), int(cy))
        return rect

    def labels(self, size: int, budget: int | None = None) -> list[tuple[tuple, pygame.Rect]]:
        """The map's words at zoom ``size`` for the last view, each (what it says, its box), placed so
        that none covers another (``labels.Placer``): city names (from zoom 18) and signatures' ranges
        (from zoom 14: smaller, they would hide the map; the hex info has them), clear of the strengths
        painted on own counters. Placed from the texts' sizes only; ``label_image`` draws those shown.
        With a ``budget``, only that many more are placed now (the window places a few a frame, so a
        new zoom or a new turn costs no frame more than a millisecond or two); those placed are final."""
        key = (size, self._view_number)
        placer = self._placers.get(key)
        if placer is None:
            if len(self._placers) > 16:
                self._placers.clear()
            placer = self._placers[key] = self._placer(size)
        if not placer.done:
            placer.step(len(placer.queue) if budget is None else budget)
        return [(self._label_styles[key][k], rect) for k, rect in placer.placed.items()]

    def _placer(self, size: int) -> Placer:
        markers, counters = self.placements(size)
        if size < 14:
            markers = []
        font_size, city_size = max(12, size // 2 + 4), max(12, size // 2 + 6)
        wanted: list[Label] = []
        styles: dict[Hashable, tuple] = {}
        boxes: list[pygame.Rect] = []
        if size >= 18:
            for h, city in self.cities.items():
                styles[("city", h)] = ("text", city.name, city_size, (20, 20, 20), (245, 245, 235))
                box = self.city_box(size, h)
                boxes.append(box)
                extent = self.text_size(city.name, city_size)
                wanted.append(Label(("city", h), extent, around(box, extent), box, 0))
        fixed = []
        for x, y, unit in counters:
            # A counter's strength is painted on its sprite at its bottom-right corner (on the top
            # counter of a stack only): the other labels keep clear of it.
            w, hgt = int(size * 1.2), int(size * 0.85)
            box = pygame.Rect(int(x) - w // 2, int(y) - hgt // 2, w, hgt)
            boxes.append(box)
            if unit.id in self.stack_tops:
                extent = self.text_size(str(unit.strength), font_size)
                fixed.append(pygame.Rect(box.right - 2, box.bottom - extent[1] // 2, *extent))
        for i, (x, y, sighting, age) in enumerate(markers):
            r = int(size * 0.6)
            box = pygame.Rect(int(x) - r, int(y) - r, 2 * r, 2 * r)
            boxes.append(box)
            styles[("seen", i)] = ("seen", sighting, age, font_size)
            extent = self.text_size(sighting_label_text(sighting, age), font_size)
            wanted.append(Label(("seen", i), extent, around(box, extent, above_first=True), box, 2 + min(age, 5)))
        self._label_styles[(size, self._view_number)] = styles
        self._fixed[(size, self._view_number)] = fixed
        return Placer(wanted, boxes, fixed)

    def settle_labels(self, size: int) -> None:
        """Place every label at zoom ``size`` and make every picture now (for screenshots and tools; the
        window does it a few a frame)."""
        for style, _ in self.labels(size):
            self.label_image(style)
        self._images_pending = False

    def label_boxes(self, size: int) -> list[pygame.Rect]:
        """Every label's box at zoom ``size``: those placed and the strengths painted on counters."""
        placed = [rect for _, rect in self.labels(size)]
        return placed + self._fixed[(size, self._view_number)]

    def text_size(self, line: str, font_size: int) -> tuple[int, int]:
        """A label's box: the sum of its characters' advances (measured once a font and character, as
        measuring each label with ``Font.size`` would cost a frame at every new zoom) and a margin
        for the last glyph's overhang; the picture is cut to this box (``label_image``)."""
        advances = self._advances.get(font_size)
        if advances is None:
            advances = self._advances[font_size] = {"": self.font(font_size).get_height()}
        missing = "".join(sorted({c for c in line if c not in advances}))
        if missing:  # one call for the characters not measured yet
            advances.update((c, m[4] if m else 0) for c, m in zip(missing, self.font(font_size).metrics(missing)))
        return sum(advances[c] for c in line) + 4, advances[""]

    @staticmethod
    def _image_key(style: tuple) -> tuple:
        return style if style[0] == "text" else ("seen", sighting_label_text(style[1], style[2]), style[2], style[3])

    def label_image(self, style: tuple) -> pygame.Surface:
        """A label's picture, exactly its box's size (made when first shown, then kept)."""
        key = self._image_key(style)
        image = self._label_images.get(key)
        if image is None:
            if len(self._label_images) > SPRITE_CACHE_SIZE:
                self._label_images.clear()
            if style[0] == "text":
                _, line, font_size, colour, background = style
                text = self.font(font_size).render(line, True, colour, background)
                image = pygame.Surface(self.text_size(line, font_size))
                image.fill(background)
            else:
                _, sighting, age, font_size = style
                text = sighting_label_image(self.font(font_size), sighting, age)
                image = pygame.Surface(self.text_size(sighting_label_text(sighting, age), font_size), pygame.SRCALPHA)
            image.blit(text, (2, 0))
            image = self._label_images[key] = for_display(image, alpha=style[0] != "text")
        return image

    def draw_labels(self, surface: pygame.Surface, size: int, area: pygame.Rect, offset: Sequence[float]) -> None:
        """Blit the labels that fall in ``area`` (whose top-left shows map pixel ``offset``), over
        everything; a few more are placed and drawn each frame until all are (``LABELS_PER_FRAME``)."""
        ox, oy = area.x - math.floor(offset[0]), area.y - math.floor(offset[1])
        view = area.move(-ox, -oy)
        key = (size, self._view_number)
        if self._busy and key not in self._placers:
            return
        new_images = 0 if self._busy else NEW_LABEL_IMAGES_PER_FRAME
        blits = []
        self._images_pending = False
        for style, rect in self.labels(size, 0 if self._busy else LABELS_PER_FRAME):
            if rect.colliderect(view):
                image = self._label_images.get(self._image_key(style))
                if image is None:
                    if not new_images:
                        self._images_pending = True
                        continue  # drawn in a coming frame
                    new_images -= 1
                    image = self.label_image(style)
                blits.append((image, (rect.x + ox, rect.y + oy)))
        surface.fblits(blits)

    def _draw_markers(self, target: pygame.Surface, size: int, area: pygame.Rect) -> None:
        """The view's signatures, then its units, that reach into ``area``, drawn at ``-area.topleft``.

        Markers are bucketed by tile from a bound on their sprite's size, and their sprites made
        only when a tile needs them: a new zoom makes a screenful of sprites, not the map's."""
        markers, counters = self.placements(size)
        reach = 3 * size // 2 + 24  # no marker reaches farther from its centre (see _unit_extent, _sighting_extent)

        def boxes() -> list[pygame.Rect]:
            return [pygame.Rect(int(x) - reach, int(y) - reach, 2 * reach, 2 * reach)
                    for x, y, *_ in markers + counters]

        buckets = self._buckets(("markers", size, self._view_number), boxes)
        font = self.marker_font(size)
        x0, y0, x1, y1 = area.left, area.top, area.right, area.bottom
        stamps = []
        for i in overlapping(buckets, area):
            if i < len(markers):
                x, y, sighting, age = markers[i]
                sprite, dx, dy = sighting_sprite(font, sighting, size, age, labelled=False)
            else:
                x, y, unit = counters[i - len(markers)]
                sprite, dx, dy = unit_sprite(font, unit, size, labelled=unit.id in self.stack_tops)
            left, top = int(x) + dx, int(y) + dy
            if left < x1 and top < y1 and left + sprite.get_width() > x0 and top + sprite.get_height() > y0:
                stamps.append((sprite, (left - x0, top - y0)))
        target.fblits(stamps)

    def _buckets(self, key: tuple[Hashable, ...], boxes: Callable[[], list[pygame.Rect]]) -> dict[tuple[int, int], list[int]]:
        """For each tile, the indices (in order) of the ``boxes()`` that reach into it (cached under ``key``)."""
        found = self._tile_buckets.get(key)
        if found is None:
            if key[0] == "markers":  # a new view: the last one's are of no more use
                for old in [k for k in self._tile_buckets if k[0] == "markers" and k[-1] != key[-1]]:
                    del self._tile_buckets[old]
            found = {}
            for i, box in enumerate(boxes()):
                for ty in range(box.top // TILE, (box.bottom - 1) // TILE + 1):
                    for tx in range(box.left // TILE, (box.right - 1) // TILE + 1):
                        found.setdefault((tx, ty), []).append(i)
            self._tile_buckets[key] = found
        return found

    def _count_layer(self, layer: str, size: int, stamp: Hashable) -> None:
        if self._layer_stamps.get((layer, size)) != stamp:
            self._layer_stamps[(layer, size)] = stamp
            self.renders += 1

    def _tile_area(self, size: int, tx: int, ty: int) -> pygame.Rect:
        layout = self.layout(size)
        x, y = tx * TILE, ty * TILE
        return pygame.Rect(x, y, min(TILE, layout.width - x), min(TILE, layout.height - y))

    def _compose(self, size: int, tx: int, ty: int, base_stamp: Hashable, top_stamp: Hashable,
                 city_owner: Mapping[Hex, int | None], visible: frozenset[Hex], balance: bool) -> pygame.Surface:
        area = self._tile_area(size, tx, ty)
        base = self._bases.get((size, tx, ty), base_stamp)
        if base is None:
            base = pygame.Surface(area.size)
            base.fill(BACKGROUND)
            self._draw_base(base, size, area, city_owner)
            base = for_display(base)
            self._bases.put((size, tx, ty), base_stamp, base)
        tile = base.copy()
        if balance:
            self._draw_balance_tint(tile, size, area)
            self._draw_balance_numbers(tile, size, area)
            self._draw_features(tile, size, area, city_owner)  # cities keep their owner's colour
        self._draw_fog(tile, size, area, visible)
        if self._view is not None:
            self._draw_markers(tile, size, area)
        self._composed.put((size, tx, ty), top_stamp, tile)
        self.tiles_drawn += 1
        return tile

    def _scratch_for(self, area: pygame.Rect) -> pygame.Surface:
        scratch = self._scratch.get(area.size)
        if scratch is None:
            scratch = self._scratch[area.size] = pygame.Surface(area.size, pygame.SRCALPHA)
        scratch.fill((0, 0, 0, 0))
        return scratch

    # --- the layers, drawn for one rectangle of the map surface ----------------------------------

    def _draw_base(self, target: pygame.Surface, size: int, area: pygame.Rect,
                   city_owner: Mapping[Hex, int | None]) -> None:
        """Terrain, roads, rivers and cities that overlap ``area``, drawn at ``-area.topleft``."""
        dx, dy = -area.x, -area.y
        tiles, stamps = self.tiles, self._stamps(size)
        sprites = {terrain: self._hex_sprite(("terrain", terrain), size) for terrain in self._terrains}
        target.fblits([(sprites[tiles[h]], (stamps[h][0] + dx, stamps[h][1] + dy)) for h in self._hexes_in(size, area)])
        self._draw_features(target, size, area, city_owner)

    def _draw_features(self, target: pygame.Surface, size: int, area: pygame.Rect,
                       city_owner: Mapping[Hex, int | None]) -> None:
        """Roads, rivers and cities that overlap ``area`` (drawn again over the balance overlay)."""
        layout = self.layout(size)
        dx, dy = -area.x, -area.y
        segments = self._map_segments(size)
        for i in overlapping(self._buckets(("segments", size), lambda: [box for box, *_ in segments]), area):
            box, colour, start, end, width = segments[i]
            if box.colliderect(area):
                pygame.draw.line(target, colour, (start[0] + dx, start[1] + dy), (end[0] + dx, end[1] + dy), width)
        cities = self._city_areas(size)
        for i in overlapping(self._buckets(("cities", size), lambda: [box for box, _ in cities]), area):
            box, h = cities[i]
            if not box.colliderect(area):
                continue
            city = self.cities[h]
            owner = city_owner.get(h)
            cx, cy = layout.centre(h)
            cx, cy = cx + dx, cy + dy
            half = size * (0.5 if city.is_capital else 0.4)
            rect = pygame.Rect(0, 0, 2 * half, 2 * half)
            rect.center = (int(cx), int(cy))
            pygame.draw.rect(target, player_colour(owner), rect)
            pygame.draw.rect(target, (0, 0, 0), rect, max(2, size // 10))
            if city.is_capital:
                pygame.draw.circle(target, (0, 0, 0), rect.center, max(2, size // 6))

    def _map_segments(self, size: int) -> list[tuple[pygame.Rect, tuple, tuple, tuple, int]]:
        """Roads then rivers, as (bounding box, colour, start, end, width) on the map surface."""
        if size not in self._segments:
            layout = self.layout(size)
            segments = []
            for a, b in self.scenario.map.roads:
                segments.append((ROAD, layout.centre(a), layout.centre(b), max(2, size // 6)))
            for a, b in self.scenario.map.rivers:
                ca, cb = layout.corners(a), layout.corners(b)
                shared = sorted(ca, key=lambda p: min(math.dist(p, q) for q in cb))[:2]
                segments.append((RIVER, shared[0], shared[1], max(3, size // 5)))
            boxed = []
            for colour, start, end, width in segments:
                box = pygame.Rect(min(start[0], end[0]), min(start[1], end[1]), abs(end[0] - start[0]) + 1,
                                  abs(end[1] - start[1]) + 1).inflate(2 * width + 4, 2 * width + 4)
                boxed.append((box, colour, start, end, width))
            self._segments[size] = boxed
        return self._segments[size]

    def _city_areas(self, size: int) -> list[tuple[pygame.Rect, Hex]]:
        """Each city's square, as a bounding box on the map surface (names are labels, drawn on top)."""
        if size not in self._city_boxes:
            layout = self.layout(size)
            boxes = []
            for h in self.cities:
                cx, cy = layout.centre(h)
                box = pygame.Rect(0, 0, 2 * size + 4, 2 * size + 4)
                box.center = (int(cx), int(cy))
                boxes.append((box, h))
            self._city_boxes[size] = boxes
        return self._city_boxes[size]

    def _hex_sprite(self, kind: tuple, size: int) -> pygame.Surface:
        """One hex, stamped wherever it is needed: ("terrain", class) with its colour, pattern and
        edge; ("fog",) a dark translucent hex; ("tint", colour) the balance overlay's hex."""
        key = (kind, size)
        sprite = self._hex_sprites.get(key)
        if sprite is None:
            width, height = math.ceil(SQRT3 * size) + 4, 2 * size + 4
            centre = (width / 2, height / 2)
            layout = self.layout(size)

            def hexagon(radius: float) -> list[tuple[float, float]]:
                return [(centre[0] + radius * c, centre[1] + radius * s) for c, s in layout._unit_corners]

            if kind[0] == "terrain":
                colour = TERRAIN_COLOURS.get(kind[1], UNKNOWN_TERRAIN)
                sprite = pygame.Surface((width, height))
                sprite.fill(SPRITE_KEY)
                sprite.set_colorkey(SPRITE_KEY)
                pygame.draw.polygon(sprite, colour, hexagon(size + 0.75))  # a little over: no gaps between stamps
                paint_pattern(sprite, kind[1], centre, size, colour)
                pygame.draw.polygon(sprite, HEX_EDGE, hexagon(size), 1)
                sprite = for_display(sprite)
            else:
                sprite = pygame.Surface((width, height), pygame.SRCALPHA)
                if kind[0] == "fog":
                    pygame.draw.polygon(sprite, FOG, hexagon(size + 0.75))
                else:
                    pygame.draw.polygon(sprite, (*kind[1], BALANCE_ALPHA), hexagon(size - 1))
                sprite = for_display(sprite, alpha=True)
            self._hex_sprites[key] = sprite
        return sprite

    def _hexes_in(self, size: int, area: pygame.Rect) -> list[Hex]:
        """The hexes that overlap ``area``, row by row (looked up by tile)."""
        layout, rows = self.layout(size), self._rows

        def boxes() -> list[pygame.Rect]:
            found = []
            for h in rows:
                cx, cy = layout.centre(h)
                box = pygame.Rect(0, 0, math.ceil(SQRT3 * size) + 4, 2 * size + 4)
                box.center = (int(cx), int(cy))
                found.append(box)
            return found

        return [rows[i] for i in overlapping(self._buckets(("hexes", size), boxes), area)]

    def _stamps(self, size: int) -> dict[Hex, tuple[int, int]]:
        """Where each hex sprite's top-left goes on the map surface (the hex centre is mid-sprite)."""
        stamps = self._stamp_positions.get(size)
        if stamps is None:
            layout = self.layout(size)
            half_width, half_height = (math.ceil(SQRT3 * size) + 4) / 2, (2 * size + 4) / 2
            stamps = {}
            for h in self.tiles:
                cx, cy = layout.centre(h)
                stamps[h] = (round(cx - half_width), round(cy - half_height))
            self._stamp_positions[size] = stamps
        return stamps

    def _draw_fog(self, target: pygame.Surface, size: int, area: pygame.Rect, visible: frozenset[Hex]) -> None:
        hidden = [h for h in self._hexes_in(size, area) if h not in visible]
        if not hidden:
            return
        scratch = self._scratch_for(area)
        dx, dy = -area.x, -area.y
        fog, stamps = self._hex_sprite(("fog",), size), self._stamps(size)
        # The hex stamps overlap by a pixel so that no seam shows; taking the maximum (not blending)
        # keeps the overlaps as dark as the rest.
        scratch.fblits([(fog, (stamps[h][0] + dx, stamps[h][1] + dy)) for h in hidden], pygame.BLEND_RGBA_MAX)
        target.blit(scratch, (0, 0))

    def _draw_balance_tint(self, target: pygame.Surface, size: int, area: pygame.Rect) -> None:
        ratios = self.balance_ratios()
        dx, dy = -area.x, -area.y
        stamps = self._stamps(size)
        target.fblits([(self._hex_sprite(("tint", balance_colour(ratios[h])), size),
                        (stamps[h][0] + dx, stamps[h][1] + dy)) for h in self._hexes_in(size, area) if h in ratios])

    def _draw_balance_numbers(self, target: pygame.Surface, size: int, area: pygame.Rect) -> None:
        if size < BALANCE_READABLE:
            return
        layout = self.layout(size)
        ratios = self.balance_ratios()
        font = self.font(max(12, size // 2 + 4))
        for h in self._hexes_in(size, area):
            ratio = ratios.get(h)
            if ratio is None:
                continue
            colour = balance_colour(ratio)
            text = self._text(format_ratio(ratio), font, ink_on(colour), colour)
            cx, cy = layout.centre(h)
            # In the hex's top corner: a unit counter covers the middle.
            target.blit(text, text.get_rect(center=(cx - area.x, cy - area.y - size * 0.68)))

    def _text(self, line: str, font: pygame.font.Font, colour: tuple, background: tuple) -> pygame.Surface:
        key = (line, id(font), colour + background)
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) > SPRITE_CACHE_SIZE:
                self._texts.clear()
            text = self._texts[key] = font.render(line, True, colour, background)
        return text

    # --- whole-map layers (for screenshots and tools; the window draws tiles) --------------------

    def base(self, size: int, city_owner: Mapping[Hex, int | None]) -> pygame.Surface:
        """The static map at zoom ``size`` as one surface (not cached: it can be very large)."""
        layout = self.layout(size)
        surface = pygame.Surface((layout.width, layout.height))
        surface.fill(BACKGROUND)
        self._draw_base(surface, size, surface.get_rect(), city_owner)
        return surface

    def fog(self, size: int, visible: frozenset[Hex]) -> pygame.Surface:
        """The fog over the whole map at zoom ``size``, as one transparent surface (not cached)."""
        layout = self.layout(size)
        surface = pygame.Surface((layout.width, layout.height), pygame.SRCALPHA)
        self._draw_fog(surface, size, surface.get_rect(), visible)
        return surface

    def cached_bytes(self) -> int:
        """Memory held by cached tiles (both kinds)."""
        return self._bases.bytes + self._composed.bytes

