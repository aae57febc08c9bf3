"""What a newcomer trips over in a first match (issue 12), driven as a player would: pygame events
in, the scene's state or its pixels out."""

from __future__ import annotations

import os

import pygame
import pytest

from game.client.map import sprites
from game.rules.state import Sighting, Unit
from tests.client.client_harness import game_screen
from tests.client.test_client_scenes import synced_session

KINDS = ("infantry", "armor", "artillery", "recon", "fortification")


@pytest.fixture
def window():
    pygame.display.init()
    pygame.font.init()
    yield
    pygame.quit()


def frame(app) -> None:
    app.step(pygame.event.get())


def tap(screen, h, mod: int = 0) -> None:
    x, y = screen.screen_of(h)
    pos = (int(x), int(y))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, mod=mod))
    frame(screen.app)


def press(screen, key: int, mod: int = 0, text: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text))
    frame(screen.app)


# --- 1. clicking one of your own units selects it -----------------------------------------------

def test_clicking_an_own_unit_selects_it_even_where_the_selected_one_could_move(window, tmp_path):
    session = synced_session("duel", 7)
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    view = session.view
    a1 = view.unit_by_id["a1"]
    a2 = view.unit_by_id["a2"]  # the infantry west of Aster
    assert a2.at in session.destinations("a1")  # a1 could move there: the old trap
    tap(screen, a1.at)
    assert screen.selected_unit == "a1"
    empty = next(h for h in sorted(session.destinations("a1")) if not any(u.at == h for u in view.units))
    tap(screen, empty)
    assert session.draft.moves["a1"] == (empty, False)  # a plain click on an outlined empty hex moves
    tap(screen, a2.at)
    assert screen.selected_unit == "a2"  # selected, not a1 moved onto it
    assert session.draft.moves["a1"] == (empty, False)
    # Ctrl-click moves the selected unit onto a hex its own side holds.
    tap(screen, a1.at)
    press(screen, pygame.K_TAB)  # Tab: the next unit, a2
    assert screen.selected_unit == "a2"
    tap(screen, a1.at, mod=pygame.KMOD_CTRL)
    assert session.draft.moves["a2"] == (a1.at, False)


# --- 2. every unit type has its own symbol, the same on counters and signatures -----------------

def symbol_mask(kind: str) -> bytes:
    surface = pygame.Surface((60, 40), pygame.SRCALPHA)
    sprites.symbol(surface, kind, surface.get_rect(), (255, 255, 255, 255))
    return pygame.image.tobytes(surface, "RGBA")


def sighting_of(kind: str, reliability: float = 0.9) -> Sighting:
    return Sighting((0, 0), 1, kind, reliability, 3, 6, False, 1)


def test_every_unit_type_has_its_own_symbol(window):
    masks = {kind: symbol_mask(kind) for kind in KINDS}
    assert len(set(masks.values())) == len(KINDS)


@pytest.mark.parametrize("size", (18, 32, 56))
def test_signatures_show_the_apparent_types_symbol_not_a_shared_letter(window, size):
    font = pygame.font.Font(None, max(12, size // 2 + 4))
    painted = {}
    for kind in KINDS:
        canvas = pygame.Surface((4 * size, 4 * size), pygame.SRCALPHA)
        sprites._paint_sighting(canvas, font, sighting_of(kind), (2 * size, 2 * size), size, 0)
        painted[kind] = pygame.image.tobytes(canvas, "RGBA")
    assert len(set(painted.values())) == len(KINDS)  # armor and artillery no longer both read "A"
    # The symbol in the diamond is the counter's symbol: drawn by the same function into the same box
    # (its pixels, in black, are exactly where the symbol function puts them).
    r = int(size * 0.6)
    box = pygame.Rect(0, 0, int(r * 1.4), int(r * 0.95))
    box.center = (2 * size, 2 * size)
    for kind in KINDS:
        reference = pygame.Surface((4 * size, 4 * size), pygame.SRCALPHA)
        sprites.symbol(reference, kind, box, (0, 0, 0, 255), max(2, size // 12))
        canvas = pygame.Surface((4 * size, 4 * size), pygame.SRCALPHA)
        sprites._paint_sighting(canvas, font, sighting_of(kind), (2 * size, 2 * size), size, 0)
        for x in range(box.left, box.right):
            for y in range(box.top, box.bottom):
                if reference.get_at((x, y)).a:
                    assert canvas.get_at((x, y))[:3] == (0, 0, 0), (kind, x, y)


def test_counters_differ_by_type_only_in_their_symbol(window):
    font = pygame.font.Font(None, 20)
    images = set()
    for kind in KINDS:
        canvas = pygame.Surface((120, 120), pygame.SRCALPHA)
        sprites._paint_unit(canvas, font, Unit("a1", 0, kind, (0, 0), 7, False), (60, 60), 32)
        images.add(pygame.image.tobytes(canvas, "RGBA"))
    assert len(images) == len(KINDS)


def test_screenshot_of_the_symbols(window):
    folder = os.environ.get("SPIRAL_SCREENSHOTS")
    if not folder:
        pytest.skip("SPIRAL_SCREENSHOTS not set")
    font = pygame.font.Font(None, 22)
    sheet = pygame.Surface((5 * 90, 180))
    sheet.fill((222, 212, 160))
    for i, kind in enumerate(KINDS):
        sprites._paint_unit(sheet, font, Unit("a1", 0, kind, (0, 0), 7, False), (45 + 90 * i, 50), 36)
        sprites._paint_sighting(sheet, font, sighting_of(kind, 0.6 if i % 2 else 0.9), (45 + 90 * i, 130), 36, 0)
    pygame.image.save(sheet, os.path.join(folder, "unit-symbols.png"))


# --- 3. the outlined area is where a unit really gets, and the report says what blocked it -----

def test_hexes_behind_an_own_planned_move_are_not_outlined_and_cannot_be_ordered(window, tmp_path):
    session = synced_session("duel", 7)
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    view = session.view
    tap(screen, view.unit_by_id["a1"].at)
    tap(screen, (4, 4))
    assert session.draft.moves["a1"] == ((4, 4), False)
    tap(screen, view.unit_by_id["a3"].at)
    assert screen.selected_unit == "a3"
    assert (5, 4) in session.destinations("a3") and (5, 4) not in session.reachable("a3")
    before = pygame.image.tobytes(screen.app.window, "RGB")
    tap(screen, (5, 4))  # not outlined: a click there inspects it, it does not order a doomed move
    assert "a3" not in session.draft.moves
    assert session.planned("a3")[(5, 4)].by == "a1"
    # Taking a1's order back opens the way east of Aster again (a1 stays put, and still blocks 5,4).
    tap(screen, view.unit_by_id["a1"].at)
    press(screen, pygame.K_BACKSPACE)
    assert "a1" not in session.draft.moves
    assert before != pygame.image.tobytes(screen.app.window, "RGB")


def test_the_report_says_what_blocked_a_move_and_where():
    from game.client.narrate import describe
    from game.rules.events import Stopped

    own = Stopped(turn=1, at=(3, 4), unit="a3", reason="blocked", into=(4, 4), by="a1")
    assert describe(own, 0, {}) == "Your unit a3 was stopped at 3,4: blocked entering 4,4 by your own a1 in the way."
    rival = Stopped(turn=1, at=(2, 1), unit="a1", reason="blocked", into=(3, 1))
    assert "entering 3,1 by a unit standing there" in describe(rival, 0, {})
    old = Stopped(turn=1, at=(2, 1), unit="a1", reason="bounced")  # a record from before the hex was kept
    assert "bounced" in describe(old, 0, {})


# --- 4. hovering or clicking a hex says what it is; an attack is previewed before it is ordered --

def session_with_rival_near(looks: str = "armor"):
    """Duel, seed 7, turn 1, with a rival force seen at 2,3, in a1's reach."""
    from dataclasses import replace

    from game.assets import load_scenario
    from game.rules import new_game, view_for
    from game.client.protocol.session import Session

    view = view_for(new_game(load_scenario("duel"), 7), 0)
    seen = Sighting((2, 3), 1, looks, 0.6, 4, 8, False, view.turn)
    view = replace(view, sightings=(seen,), visible=view.visible | {(2, 3)})
    session = Session(load_scenario)
    session.receive({"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "running", "deadline": None,
                     "view": view.to_mapping(), "orders": "", "ready": False, "seats": [], "chat": [], "reveal": None})
    return session


def hover(screen, h) -> None:
    x, y = screen.screen_of(h)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(int(x), int(y)), rel=(1, 0), buttons=(0, 0, 0)))
    frame(screen.app)


def test_hovering_a_hex_shows_its_terrain_and_what_it_does(window, tmp_path):
    session = synced_session("duel", 7)
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    view = session.view
    hills = next(h for h, t in sorted(view.scenario.map.tiles.items()) if t == "hills" and h in view.visible
                 and screen.map_rect.collidepoint(screen.screen_of(h)))
    plain = pygame.image.tobytes(screen.app.window, "RGB")
    hover(screen, hills)
    assert screen.hovered == hills and screen.info_box is not None
    assert pygame.image.tobytes(screen.app.window, "RGB") != plain
    info = screen.info_for(hills)
    assert info.title.startswith("Hills")
    hills_class = view.scenario.board.terrain[hills]
    assert info.lines[0] == (f"Hills: defenders x{hills_class.defence:g}; entering costs "
                             f"{hills_class.move_cost / 2:g} move points")
    river = next(h for h in sorted(view.scenario.map.tiles) if any(h in e for e in view.scenario.map.rivers - view.scenario.map.roads))
    assert any("river on its" in line and "attacks across it strike at x0.6" in line
               for line in screen.info_for(river).lines)
    # Clicking a hex holding nothing of yours puts the same words in the Orders tab.
    tap(screen, hills)
    assert screen.inspected == hills and screen.panel.inspected_lines(hills)[1] == info.lines[0]


def test_an_attack_is_previewed_with_losses_that_carry_the_signatures_uncertainty(window, tmp_path):
    session = session_with_rival_near("armor")
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    tap(screen, session.view.unit_by_id["a1"].at)
    hover(screen, (2, 3))
    info = screen.info_for((2, 3))
    preview = info.preview
    assert preview is not None and preview.attackers == ("a1",)
    # The armor it looks like, or what else could look like armor.
    assert preview.candidates == ("armor", "infantry", "artillery")
    assert preview.defence[0] < preview.defence[1]  # a range: types and strengths it may really have
    low, high = preview.defender_losses
    assert 0 <= low < high <= 8
    assert any(line.startswith("Attack with a1") for line in info.lines)
    assert any("expected losses: yours" in line for line in info.lines)
    folder = os.environ.get("SPIRAL_SCREENSHOTS")
    if folder:
        pygame.image.save(screen.app.window, os.path.join(folder, "game-attack-preview.png"))
    # A fortification signature may be artillery dug in behind a line (RULES 9.4): both are candidates.
    fort = session_with_rival_near("fortification")
    screen = game_screen(fort, tmp_path)
    frame(screen.app)
    tap(screen, fort.view.unit_by_id["a1"].at)
    assert screen.info_for((2, 3)).preview.candidates == ("fortification", "artillery")


# --- 7. what happened last turn: alerts at the start of a turn, a report of every turn ----------

def sync(session, view) -> None:
    session.receive({"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "running", "deadline": None,
                     "view": view.to_mapping(), "orders": "", "ready": False, "seats": [], "chat": [], "reveal": None})


def test_a_lost_city_an_attack_and_a_broken_pact_alert_at_the_start_of_the_turn(window, tmp_path):
    from dataclasses import replace

    from game.assets import load_scenario
    from game.rules import new_game, view_for
    from game.rules.events import Battle, BattleUnit, Captured, Income, RivalSide, Violation

    view = view_for(new_game(load_scenario("duel"), 7), 0)
    session = synced_session("duel", 7)
    session.notices.append("The match has started.")
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    assert screen.alerts == []
    cobble = (-1, 6)
    report = (
        Battle(turn=1, at=(0, 4), form="assault", units=(BattleUnit("a1", 0, "infantry", "defender", 10, 0),),
               rivals=(RivalSide(1, "attacker", 2, (2, 5), 0),)),
        Violation(turn=1, agreement="1.0.1.0", agreement_kind="non_aggression", by=1,
                  what="player 1 attacked player 0"),
        Captured(turn=1, at=cobble, city="Cobble", taken_from=0, by=1),
        Income(turn=1, income=14, military=6, development=7, intelligence=1, spent=0, treasury=14),
    )
    rival = view.rivals[0].name
    sync(session, replace(view, turn=2, version=1, report=report))
    frame(screen.app)
    texts = [text for text, _ in screen.alerts]
    assert texts[0] == f"{rival} attacked you at 0,4: infantry a1 destroyed."
    assert texts[1].startswith(f"{rival} broke the non-aggression pact")
    assert texts[2] == f"You lost Cobble to {rival}."
    shot = pygame.image.tobytes(screen.app.window, "RGB")
    folder = os.environ.get("SPIRAL_SCREENSHOTS")
    if folder:
        pygame.image.save(screen.app.window, os.path.join(folder, "game-alerts.png"))
    # A click on the alert about Cobble shows Cobble and closes the alerts.
    line = next(rect for rect, at in screen.alert_rects if at == cobble)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=line.center, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=line.center, button=1, mod=0))
    frame(screen.app)
    assert screen.alerts == [] and screen.highlight == cobble
    assert pygame.image.tobytes(screen.app.window, "RGB") != shot
    # The Report tab keeps every turn, newest first, and this turn's notices only.
    from game.client.screens.panels.report import report_html

    sync(session, replace(view, turn=3, version=2, report=()))
    html = report_html(session)
    assert html.index("<b>Turn 2</b>") < html.index("You lost Cobble")
    assert "You lost Cobble" in html and "The match has started." not in html
    # Esc closes alerts before anything else (it does not open the game menu).
    sync(session, replace(view, turn=4, version=3, report=report))
    frame(screen.app)
    assert screen.alerts
    press(screen, pygame.K_ESCAPE)
    assert screen.alerts == [] and screen.app.overlay is None


# --- 5. labels never overlap ---------------------------------------------------------------------

def crowded_view(name: str):
    """A view at the start of ``name`` with a signature beside every own unit and city, and a ghost
    on top of some: the crowding of a real mid-match map, made worse."""
    from dataclasses import replace

    from game.assets import load_scenario
    from game.rules import new_game, view_for
    from game.rules.hexgrid import neighbours

    view = view_for(new_game(load_scenario(name), 3), 0)
    tiles = view.scenario.map.tiles
    rival = view.rivals[0].id
    near = sorted({n for u in view.units for n in neighbours(u.at) if n in tiles} |
                  {n for h in view.city_owner for n in neighbours(h)[:2] if n in tiles})
    seen = tuple(Sighting(h, rival, KINDS[i % 4], 0.6, 3, 10, False, view.turn) for i, h in enumerate(near))
    ghosts = tuple(Sighting(h, rival, "armor", 0.5, 2, 7, False, view.turn - 1 - i % 3)
                   for i, h in enumerate(near[::3]))
    return replace(view, sightings=seen, ghosts=ghosts, turn=view.turn + 3)


@pytest.mark.parametrize("name", ["duel", "world"])
def test_no_two_labels_intersect_at_any_zoom(window, name):
    from game.client.map.layout import ZOOM_LEVELS
    from game.client.map.renderer import MapRenderer

    view = crowded_view(name)
    renderer = MapRenderer(view.scenario)
    renderer.draw_map(pygame.Surface((64, 64)), ZOOM_LEVELS[0], pygame.Rect(0, 0, 64, 64), (0, 0),
                      view.city_owner, view.visible, False, view)  # the renderer takes the view
    for size in ZOOM_LEVELS:
        boxes = renderer.label_boxes(size)  # city names, signatures' ranges, own units' strengths
        for i, a in enumerate(boxes):
            assert a.collidelist(boxes[i + 1:]) == -1, (name, size, a)
        if size >= 18:  # every city is named, first of all
            assert len(boxes) >= len(renderer.cities)
        if size >= 32:  # with room, every strength is written too
            assert len(boxes) == len(renderer.cities) + len(renderer.stack_tops) + len(view.sightings) + len(view.ghosts)


def test_labels_are_drawn_over_the_outlines(window, tmp_path):
    # "Cobble" read "Gobble" under a reachable outline: the words now come after the marks.
    session = synced_session("duel", 7)
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    tap(screen, session.view.unit_by_id["a3"].at)
    cobble = (-1, 6)
    assert cobble in session.reachable("a3")
    renderer = screen.map.renderer
    style, rect = next((style, rect) for style, rect in renderer.labels(screen.map.size) if style[1] == "Cobble")
    image = renderer.label_image(style)
    ox, oy = screen.map.origin
    shown = screen.app.window.subsurface(rect.move(int(ox), int(oy)))
    assert pygame.image.tobytes(shown, "RGB") == pygame.image.tobytes(image, "RGB")
