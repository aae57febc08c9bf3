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
                     "view": view.to_mapping(), "orders": "", "ready": False, "seats": [], "chat": [],
                     "seed": None, "reveal": None})
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
    bridgeless = view.scenario.map.rivers - view.scenario.map.roads
    river = next(h for h in sorted(view.scenario.map.tiles) if any(h in e for e in bridgeless))
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
                     "view": view.to_mapping(), "orders": "", "ready": False, "seats": [], "chat": [],
                     "seed": None, "reveal": None})


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


# --- 9. an order that would break an agreement says so before the turn ends ---------------------

def test_attacking_a_pact_partner_warns_which_agreement_it_breaks(window, tmp_path):
    from dataclasses import replace

    from game.client.protocol.session import Session
    from game.rules.state import Agreement

    view = session_with_rival_near("armor").view
    partner = view.rivals[0]
    pact = Agreement("1.0.1.0", "non_aggression", (0, partner.id), 1)
    from game.assets import load_scenario

    session = Session(load_scenario)
    sync(session, replace(view, agreements=(pact,)))
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    tap(screen, session.view.unit_by_id["a1"].at)
    hover(screen, (2, 3))
    info = screen.info_for((2, 3))
    assert f"Warning: a1 attacking 2,3 breaks your non-aggression pact with {partner.name}" in info.lines
    plain = pygame.image.tobytes(screen.app.window.subsurface(pygame.Rect(0, 0, 400, 30)), "RGB")
    tap(screen, (2, 3), mod=pygame.KMOD_SHIFT)  # shift-click: the attack is ordered, and flagged at once
    assert session.draft.moves["a1"] == ((2, 3), True)
    assert screen.warning == f"a1 attacking 2,3 breaks your non-aggression pact with {partner.name}"
    assert pygame.image.tobytes(screen.app.window.subsurface(pygame.Rect(0, 0, 400, 30)), "RGB") != plain
    from game.client.screens.panels.orders import summary_html

    assert "breaks your non-aggression pact" in summary_html(session)
    # A move that is not an attack breaks nothing.
    tap(screen, session.view.unit_by_id["a2"].at)
    empty = next(h for h in sorted(session.reachable("a2")) if h != (2, 3))
    tap(screen, empty)
    assert screen.warning is None


# --- 10. every action by keyboard: zone picking, the arms cap, a cursor that stands out ----------

def test_a_zone_and_an_arms_cap_by_keyboard_alone(window, tmp_path):
    from game.client.screens.panels.diplomacy import DiplomacyPanel

    session = synced_session("duel", 7)
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    press(screen, pygame.K_F3)
    panel = screen.panel
    assert isinstance(panel, DiplomacyPanel)
    rival = session.view.rivals[0].id
    # ] raises the arms cap (and chooses the arms cap), S proposes it with that cap.
    cap = panel.cap
    press(screen, pygame.K_RIGHTBRACKET)
    press(screen, pygame.K_RIGHTBRACKET)
    press(screen, pygame.K_LEFTBRACKET)
    assert panel.kind == "arms_cap" and panel.cap == cap + 1
    press(screen, pygame.K_s)
    assert session.draft.proposals[("arms_cap", rival)].cap == cap + 1
    # Z starts picking; the cursor walks, Space picks; S proposes the zone (no cap in it).
    press(screen, pygame.K_z)
    assert screen.picking_hexes and panel.kind == "demilitarised"
    press(screen, pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    first = screen.cursor
    press(screen, pygame.K_SPACE)
    press(screen, pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    press(screen, pygame.K_SPACE)
    assert screen.picked_hexes == [first, screen.cursor]
    press(screen, pygame.K_s)
    zone = session.draft.proposals[("demilitarised", rival)]
    assert zone.hexes == (first, (first[0] + 1, first[1])) and zone.cap is None
    assert not screen.picking_hexes and panel.problem is None


def test_a_refusal_does_not_outlive_its_turn_and_the_cursor_stands_out(window, tmp_path):
    from dataclasses import replace

    session = synced_session("duel", 7)
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    press(screen, pygame.K_F3)
    screen.panel.problem = "only an arms cap takes a cap"
    view = session.view
    sync(session, replace(view, turn=view.turn + 1, version=view.version + 1))
    frame(screen.app)
    assert screen.panel.problem is None
    # The map cursor: thick yellow, unlike any other outline on the map.
    press(screen, pygame.K_F2)
    press(screen, pygame.K_TAB)
    before = pygame.image.tobytes(screen.app.window, "RGB")
    press(screen, pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    x, y = screen.screen_of(screen.cursor)
    size = screen.map.size
    yellow = sum(1 for dx in range(-size, size + 1) for dy in range(-size, size + 1)
                 if screen.app.window.get_at((int(x) + dx, int(y) + dy))[:3] == (240, 228, 66))
    assert yellow > 6 * size  # a ring several pixels thick
    assert before != pygame.image.tobytes(screen.app.window, "RGB")


def test_a_teachers_inject_mid_turn_is_an_alert_of_its_own_and_a_line_of_the_report(window, tmp_path):
    from game.assets import load_inject_kinds, load_scenario
    from game.client.screens.panels.report import report_html
    from game.rules import new_game, view_for
    from game.rules.injects import inject

    state = new_game(load_scenario("duel"), 7)
    session = synced_session("duel", 7)
    screen = game_screen(session, tmp_path)
    frame(screen.app)
    assert screen.alerts == []
    told = inject(state, load_inject_kinds()["rumour-massing"], about=1)
    sync(session, view_for(told, 0))  # the same turn and version, one more line in the report
    frame(screen.app)
    news = view_for(told, 0).report[-1]
    assert [text for text, _ in screen.alerts] == [f"Rumour: {news.text}"]
    folder = os.environ.get("SPIRAL_SCREENSHOTS")
    if folder:
        pygame.image.save(screen.app.window, os.path.join(folder, "game-inject-alert.png"))
    assert news.text.startswith("A rumour reaches you:")  # seat 0 is the neighbour named with seat 1
    assert f"Rumour: {news.text}" in report_html(session).replace("&#x27;", "'")
