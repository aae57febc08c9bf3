"""The offense-defense overlay: the force ratio needed to take each hex, from the rules' combat
formula (docs/RULES.md section 6.2), drawn as a tint with the number and a legend."""

from __future__ import annotations

import pygame
import pytest

from game.assets import load_scenario
from game.client.map import palette as render
from game.client.map.view import MapView, Marks
from game.client.map.layout import ZOOM_LEVELS
from game.client.map.palette import BALANCE_READABLE, balance_colour
from game.rules import new_game, view_for

MAP_AREA = pygame.Rect(0, 0, 940, 800)


@pytest.fixture
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.Surface((1280, 800))
    pygame.quit()


def test_the_colour_scale_darkens_as_the_ratio_rises():
    ratios = [0.5, 0.9, 1.5, 2.5, 4.0, 8.0]
    lightness = [sum(balance_colour(r)) for r in ratios]
    assert lightness == sorted(lightness, reverse=True) and len(set(lightness)) == len(ratios)
    assert balance_colour(0.1) == balance_colour(0.5) and balance_colour(50) == balance_colour(8.0)


def draw(mapview: MapView, surface: pygame.Surface, view) -> None:
    mapview.renderer_for(view).prefetch = False
    surface.fill((24, 28, 34))  # as the window is, each frame
    mapview.draw(surface, view, Marks())


def test_the_overlay_is_off_by_default_and_changes_the_map_when_shown(screen):
    view = view_for(new_game(load_scenario("doubly-safe"), 5), 0)
    mapview = MapView(MAP_AREA.copy())
    assert mapview.show_balance is False
    draw(mapview, screen, view)
    plain = screen.copy()
    renders = mapview.renderer.renders
    mapview.show_balance = True
    draw(mapview, screen, view)
    assert mapview.renderer.renders == renders + 1  # the layer over the base map, not the base
    shown = screen.copy()
    h = next(h for h in sorted(view.visible) if mapview.renderer.balance_ratios().get(h)
             and MAP_AREA.collidepoint(mapview.screen_of(h)) and h not in view.city_owner
             and not any(u.at == h for u in view.units) and not any(s.at == h for s in view.sightings))
    x, y = mapview.screen_of(h)
    probe = (int(x + mapview.size * 0.6), int(y + mapview.size * 0.2))
    assert plain.get_at(probe) != shown.get_at(probe)
    # The legend, in the map's bottom-left corner.
    corner = pygame.Rect(MAP_AREA.x, MAP_AREA.bottom - 80, 250, 80)
    assert pygame.image.tobytes(shown.subsurface(corner), "RGB") != pygame.image.tobytes(plain.subsurface(corner), "RGB")
    mapview.show_balance = False
    draw(mapview, screen, view)
    assert pygame.image.tobytes(screen, "RGB") == pygame.image.tobytes(plain, "RGB")


def test_numbers_are_written_at_readable_zooms_only(screen):
    view = view_for(new_game(load_scenario("duel"), 5), 0)
    mapview = MapView(MAP_AREA.copy())
    mapview.show_balance = True
    draw(mapview, screen, view)
    renderer = mapview.renderer
    texts = {line for line, _, _ in renderer._texts}
    mapview.zoom = ZOOM_LEVELS.index(BALANCE_READABLE) - 1
    draw(mapview, screen, view)
    assert {line for line, _, _ in renderer._texts} == texts  # small hexes: the tint only
    mapview.zoom = ZOOM_LEVELS.index(BALANCE_READABLE)
    draw(mapview, screen, view)
    written = {line for line, _, _ in renderer._texts} - texts
    assert {"1.5", "2.0", "2.2", "3.0"} <= written | texts  # plains, forest, hills, mountains at knob 0


def test_the_overlay_is_drawn_again_on_zoom_and_keeps_the_city_owners_colour(screen):
    view = view_for(new_game(load_scenario("duel"), 5), 0)
    mapview = MapView(MAP_AREA.copy())
    mapview.show_balance = True
    draw(mapview, screen, view)
    city = next(h for h, owner in view.city_owner.items() if owner == 0 and not any(u.at == h for u in view.units))
    mapview.centre_on(city)
    draw(mapview, screen, view)
    x, y = mapview.screen_of(city)
    assert tuple(screen.get_at((int(x - mapview.size * 0.25), int(y - mapview.size * 0.25))))[:3] == \
        render.player_colour(0)
    renders = mapview.renderer.renders
    mapview.zoom_at(1, MAP_AREA.center)
    draw(mapview, screen, view)
    assert mapview.renderer.renders == renders + 2
