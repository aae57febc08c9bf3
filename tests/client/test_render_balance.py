"""The offense-defense overlay: the force ratio needed to take each hex, from the rules' combat
formula (docs/RULES.md section 6.2), drawn as a tint with the number and a legend."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from game.assets import load_scenario
from game.client import render
from game.client.mapview import MapView, Marks
from game.client.render import BALANCE_READABLE, ZOOM_LEVELS, balance_colour, balance_ratio
from game.rules import new_game, view_for
from game.rules.hexgrid import edge, neighbours

MAP_AREA = pygame.Rect(0, 0, 940, 800)


@pytest.fixture
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.Surface((1280, 800))
    pygame.quit()


def first_hex(scenario, terrain: str, city: bool = False):
    cities = {c.at for c in scenario.map.cities}
    return next(h for h, t in sorted(scenario.map.tiles.items()) if t == terrain and (h in cities) == city)


@pytest.mark.parametrize("name, era", [("duel", "balanced"), ("doubly-dangerous", "offence"), ("doubly-safe", "defence")])
def test_the_ratio_is_the_rules_defence_over_attack_multipliers(name, era):
    scenario = load_scenario(name)
    rules = scenario.ruleset
    assert rules.technology == era
    # Section 6.2 with the era's numbers (section 6.1): terrain x entrenched, and x city on a city.
    dug_in = rules.combat.entrenched_defence
    for terrain in ("plains", "forest", "hills", "mountains", "marsh"):
        if terrain not in scenario.map.tiles.values():
            continue
        h = first_hex(scenario, terrain)
        assert balance_ratio(scenario, h) == pytest.approx(rules.terrain[terrain].defence * dug_in)
    city = next(c for c in scenario.map.cities if scenario.map.tiles[c.at] == "plains")
    assert balance_ratio(scenario, city.at) == pytest.approx(rules.combat.city_defence * dug_in)
    assert balance_ratio(scenario, first_hex(scenario, "water")) is None


def test_the_eras_make_ground_cheap_or_dear_to_take():
    ratios = {name: balance_ratio(s, first_hex(s, "hills")) for name in ("doubly-dangerous", "duel", "doubly-safe")
              for s in [load_scenario(name)]}
    assert ratios["doubly-dangerous"] < ratios["duel"] < ratios["doubly-safe"]


def test_a_hex_behind_rivers_on_every_side_needs_the_river_factor_more():
    scenario = load_scenario("duel")
    h = first_hex(scenario, "plains")
    land = [n for n in neighbours(h) if scenario.board.is_passable(n)]
    guarded = replace(scenario, map=replace(scenario.map, rivers=scenario.map.rivers | {edge(h, n) for n in land},
                                            roads=frozenset(e for e in scenario.map.roads if h not in e)))
    assert balance_ratio(guarded, h) == pytest.approx(1.5 / 0.6)
    one_open = replace(guarded, map=replace(guarded.map, rivers=guarded.map.rivers - {edge(h, land[0])}))
    assert balance_ratio(one_open, h) == pytest.approx(1.5)  # the attacker takes the open side


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
