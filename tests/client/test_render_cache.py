"""The map's cached tiles: drawn again exactly when what they show changes, culled to the screen,
bounded in memory; unit and signature sprites look like the markers they stand for."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from game.assets import load_scenario
from game.client.map import palette, sprites, tiles
from game.client.map.layout import ZOOM_LEVELS
from game.client.map.view import MapView, Marks
from game.client.map.palette import player_colour
from game.client.map.renderer import MapRenderer
from game.client.map.tiles import TILE, TileCache
from game.rules import new_game, view_for
from game.rules.state import Sighting, Unit

MAP_AREA = pygame.Rect(0, 0, 940, 800)


@pytest.fixture
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.Surface((1280, 800))
    palette.set_palette("okabe-ito")
    pygame.quit()


def start_view(name: str = "duel", seed: int = 5, player: int = 0):
    return view_for(new_game(load_scenario(name), seed), player)


def drawn(view, zoom: int | None = None, mapview: MapView | None = None, surface=None) -> tuple[MapView, pygame.Surface]:
    mapview = mapview or MapView(MAP_AREA.copy())
    surface = surface or pygame.Surface((1280, 800))
    mapview.renderer_for(view).prefetch = False
    if zoom is not None:
        mapview.framed = True
        mapview.zoom = zoom
    mapview.draw(surface, view, Marks())
    return mapview, surface


def pixel(surface: pygame.Surface, pos) -> tuple[int, int, int]:
    return tuple(surface.get_at((int(pos[0]), int(pos[1]))))[:3]


def city_pixel(mapview: MapView, surface: pygame.Surface, city) -> tuple[int, int, int]:
    """A point inside the city's square, off its capital dot and border."""
    x, y = mapview.screen_of(city)
    return pixel(surface, (x - mapview.size * 0.25, y - mapview.size * 0.25))


def test_panning_reuses_the_tiles_and_a_zoom_draws_both_layers_again(screen):
    view = start_view()
    mapview, _ = drawn(view, mapview=None, surface=screen)
    renders = mapview.renderer.renders
    mapview.pan(40, 30)
    mapview.draw(screen, view, Marks())
    assert mapview.renderer.renders == renders
    mapview.zoom_at(1, MAP_AREA.center)
    mapview.draw(screen, view, Marks())
    assert mapview.renderer.renders == renders + 2


def test_a_city_changing_hands_is_drawn_in_its_new_owners_colour(screen):
    view = start_view()
    city = next(h for h, owner in view.city_owner.items() if owner is None)  # a neutral city
    view = replace(view, visible=view.visible | {city})
    mapview, _ = drawn(view, surface=screen)
    mapview.centre_on(city)
    mapview.draw(screen, view, Marks())
    assert city_pixel(mapview, screen, city) == palette.NEUTRAL
    renders = mapview.renderer.renders
    mapview.draw(screen, replace(view, city_owner={**view.city_owner, city: 1}), Marks())
    assert mapview.renderer.renders == renders + 2  # the base map, and the fog and markers over it
    assert city_pixel(mapview, screen, city) == player_colour(1)


def test_the_fog_follows_the_visible_set(screen):
    view = start_view()
    mapview, _ = drawn(view, surface=screen)
    seen = next(h for h in sorted(view.visible) if h not in view.city_owner and not any(u.at == h for u in view.units))
    mapview.centre_on(seen)
    mapview.draw(screen, view, Marks())
    x, y = mapview.screen_of(seen)
    probe = (x + mapview.size * 0.55, y + mapview.size * 0.1)  # inside the hex, off its pattern's middle
    clear = pixel(screen, probe)
    renders = mapview.renderer.renders
    blind = replace(view, visible=frozenset(h for h in view.visible if h != seen))
    mapview.draw(screen, blind, Marks())
    assert mapview.renderer.renders == renders + 1  # the fog layer, not the base map
    fogged = pixel(screen, probe)
    assert sum(fogged) < sum(clear)
    mapview.draw(screen, blind, Marks())
    assert mapview.renderer.renders == renders + 1


def test_a_new_palette_redraws_the_cities_and_the_units(screen):
    view = start_view()
    mapview, _ = drawn(view, surface=screen)
    unit = view.units[0]
    mapview.centre_on(unit.at)
    mapview.draw(screen, view, Marks())
    x, y = mapview.screen_of(unit.at)
    probe = (x - mapview.size * 0.5, y)  # inside the counter, left of its symbol
    assert pixel(screen, probe) == palette.PALETTES["okabe-ito"][unit.owner]
    capital = next(h for h, c in mapview.renderer.cities.items() if c.is_capital and view.city_owner.get(h) == 0)
    palette.set_palette("tol-bright")
    mapview.centre_on(capital)
    mapview.draw(screen, view, Marks())
    assert city_pixel(mapview, screen, capital) == palette.PALETTES["tol-bright"][0]
    mapview.centre_on(unit.at)
    mapview.draw(screen, view, Marks())
    assert pixel(screen, probe) == palette.PALETTES["tol-bright"][unit.owner]


def test_every_unit_on_screen_is_drawn_and_tiles_are_drawn_only_where_the_camera_looks(screen):
    view = start_view("world", 3)
    mapview, _ = drawn(view, zoom=6, surface=screen)
    renderer = mapview.renderer
    layout = renderer.layout(mapview.size)
    whole = ((layout.width + TILE - 1) // TILE) * ((layout.height + TILE - 1) // TILE)
    under = (MAP_AREA.w // TILE + 2) * (MAP_AREA.h // TILE + 2)
    for unit in view.units:
        mapview.centre_on(unit.at)
        before = renderer.tiles_drawn
        mapview.draw(screen, view, Marks())
        assert renderer.tiles_drawn - before <= under  # at most the tiles under the map area
        x, y = mapview.screen_of(unit.at)
        shown = [u for u in view.units if u.at == unit.at]
        if shown[0].id == unit.id:  # the bottom of a stack (others are fanned out over it)
            assert pixel(screen, (x - mapview.size * 0.5, y)) == player_colour(unit.owner)
    assert renderer.tiles_drawn < whole / 2


def test_units_off_screen_are_not_drawn_but_appear_when_the_camera_comes(screen):
    view = start_view("world", 3)
    mapview, _ = drawn(view, zoom=6, surface=screen)
    far = max(view.units, key=lambda u: abs(u.at[0] - view.units[0].at[0]) + abs(u.at[1] - view.units[0].at[1]))
    near = view.units[0]
    mapview.centre_on(near.at)
    mapview.draw(screen, view, Marks())
    assert not MAP_AREA.collidepoint(mapview.screen_of(far.at)) or far.owner == near.owner
    mapview.centre_on(far.at)
    mapview.draw(screen, view, Marks())
    x, y = mapview.screen_of(far.at)
    assert pixel(screen, (x - mapview.size * 0.5, y)) == player_colour(far.owner)


def test_the_selected_and_ordered_units_are_drawn_marked_over_the_tiles(screen):
    view = start_view()
    mapview, _ = drawn(view, surface=screen)
    unit = view.units[0]
    mapview.centre_on(unit.at)
    mapview.draw(screen, view, Marks())
    x, y = mapview.screen_of(unit.at)
    w = int(mapview.size * 1.2)
    edge = (int(x) - w // 2, int(y))  # on the counter's border
    assert pixel(screen, edge) == (0, 0, 0)
    renders = mapview.renderer.renders
    mapview.draw(screen, view, Marks(selected_unit=unit.id))
    assert pixel(screen, edge) == (255, 255, 255)
    assert mapview.renderer.renders == renders  # selecting does not redraw the tiles


def test_the_tile_cache_drops_the_least_recently_used_past_its_budget():
    pygame.display.init()
    try:
        cache = TileCache(budget=3 * 16 * 16 * 4)
        for i in range(5):
            cache.put(i, "s", pygame.Surface((16, 16), depth=32))
            cache.get(0, "s")  # kept in use
        assert len(cache) == 3 and cache.bytes <= cache.budget
        assert cache.get(0, "s") is not None and cache.get(1, "s") is None and cache.get(4, "s") is not None
        assert cache.get(4, "other stamp") is None
    finally:
        pygame.quit()


def test_memory_stays_bounded_over_every_zoom_of_the_large_map(screen):
    view = start_view("world", 3)
    mapview, _ = drawn(view, surface=screen)
    renderer = mapview.renderer
    renderer.prefetch = True
    for zoom in range(len(ZOOM_LEVELS)):
        mapview.zoom = zoom
        layout = renderer.layout(mapview.size)
        for x in range(0, layout.width, 900):
            for y in range(0, layout.height, 800):
                mapview.offset = [x, y]
                mapview.draw(screen, view, Marks())
    assert renderer.cached_bytes() <= 2 * tiles.TILE_CACHE_BYTES + 2 * TILE * TILE * 4


def sighting(owner=1, reliability=0.6, age_turn=0) -> Sighting:
    return Sighting(at=(2, 2), owner=owner, looks="armor", reliability=reliability, strength_low=4, strength_high=8,
                    entrenched=False, seen_turn=age_turn)


@pytest.mark.parametrize("size", [10, 24, 56])
def test_unit_sprites_look_like_the_painted_counter(screen, size):
    font = pygame.font.Font(None, max(12, size // 2 + 4))
    for unit, selected, ordered in ((Unit("b3", 1, "armor", (0, 0), 7, True), False, False),
                                    (Unit("a1", 0, "infantry", (0, 0), 10, False), True, True)):
        painted = pygame.Surface((300, 300))
        painted.fill((50, 60, 70))
        stamped = painted.copy()
        sprites._paint_unit(painted, font, unit, (150.4, 150.6), size, selected=selected, ordered=ordered)
        sprites.draw_unit(stamped, font, unit, (150.4, 150.6), size, selected=selected, ordered=ordered)
        assert pygame.image.tobytes(painted, "RGB") == pygame.image.tobytes(stamped, "RGB")


@pytest.mark.parametrize("age", [0, 2])
def test_signature_sprites_look_like_the_painted_marker(screen, age):
    size = 32
    font = pygame.font.Font(None, size // 2 + 4)
    painted = pygame.Surface((300, 300))
    painted.fill((200, 190, 150))
    stamped = painted.copy()
    sprites._paint_sighting(painted, font, sighting(), (150, 150), size, age)
    sprites.draw_sighting(stamped, font, sighting(), (150, 150), size, age)
    differences = [abs(a - b) for a, b in zip(pygame.image.tobytes(painted, "RGB"), pygame.image.tobytes(stamped, "RGB"))]
    assert max(differences) <= 3  # translucent ghosts: rounding of one blend against two


def test_the_whole_map_layers_still_draw(screen):
    view = start_view()
    renderer = MapRenderer(view.scenario)
    base = renderer.base(24, view.city_owner)
    fog = renderer.fog(24, view.visible)
    layout = renderer.layout(24)
    assert base.get_size() == fog.get_size() == (layout.width, layout.height)
    hidden = next(h for h in renderer.tiles if h not in view.visible)
    assert fog.get_at(tuple(int(c) for c in layout.centre(hidden))).a == palette.FOG[3]


@pytest.mark.parametrize("size", ZOOM_LEVELS)
def test_marker_extents_hold_everything_painted(screen, size):
    """The sprites are cut to an extent worked out from the geometry: nothing painted falls outside
    it, and no marker reaches farther than the tile buckets allow."""
    font = pygame.font.Font(None, max(12, size // 2 + 4))
    reach = 3 * size // 2 + 24
    side = 2 * reach + 40
    middle = side // 2

    def painted_box(paint) -> pygame.Rect:  # type: ignore[no-untyped-def]
        canvas = pygame.Surface((side, side), pygame.SRCALPHA)
        paint(canvas, (middle, middle))
        return canvas.get_bounding_rect().move(-middle, -middle)

    for kind in ("infantry", "armor", "artillery", "recon", "fortification"):
        for strength in (1, 10):
            for flags in ((False, False, False), (True, True, True)):
                unit = Unit("a1", 0, kind, (0, 0), strength, flags[0])
                extent = sprites._unit_extent(font, unit, size)
                box = painted_box(lambda c, at: sprites._paint_unit(c, font, unit, at, size, selected=flags[1],
                                                                   ordered=flags[2]))
                assert extent.contains(box) and abs(extent.x) <= reach and extent.right <= reach
    for age in (0, 6):
        seen = Sighting(at=(0, 0), owner=1, looks="armor", reliability=0.95, strength_low=10, strength_high=10,
                        entrenched=False, seen_turn=0)
        extent = sprites._sighting_extent(font, sprites.sighting_label_text(seen, age), size)
        box = painted_box(lambda c, at: sprites._paint_sighting(c, font, seen, at, size, age))
        assert extent.contains(box) and abs(extent.x) <= reach and abs(extent.y) <= reach and extent.bottom <= reach
