"""Each tab of the game screen's side panel renders from a synced view (no server), its widgets stay inside
the panel at 1280x800 and at UI scale 1.5, and the end screen renders from a reveal."""

from __future__ import annotations

import os

from dataclasses import replace

import pygame
import pytest

from game.assets import load_scenario
from game.client.screens.end_screen import EndScreen, military_series
from game.client.screens.panels import ChatPanel, DiplomacyPanel, IntentPanel, OrdersPanel, ReportPanel
from game.rules import new_game, omniscient_view
from game.rules.state import Agreement, Proposal
from game.wire.server_messages import ChatLine, MatchReveal, SeatInfo
from tests.client.client_harness import settle, game_screen
from tests.client.test_client_scenes import synced_session

TABS = (OrdersPanel, DiplomacyPanel, ChatPanel, IntentPanel, ReportPanel)


def distinct_colours(surface: pygame.Surface, box: pygame.Rect | None = None) -> int:
    part = surface.subsurface(box) if box is not None else surface
    small = pygame.transform.scale(part, (80, 100))
    return len({tuple(small.get_at((x, y)))[:3] for x in range(80) for y in range(100)})


def busy_session():
    """A synced duel with an agreement, a proposal to answer, chat and a report to show."""
    session = synced_session("duel")
    view = session.view
    rival = view.rivals[0].id
    session.view = replace(view, agreements=(Agreement("1.1.0.0", "arms_cap", (view.player, rival), 1, cap=3),),
                           proposals=(Proposal("2.1.0.0", "non_aggression", rival, view.player, 2),))
    session.seats = [SeatInfo(seat=0, name="ann", bot=None, taken=True, missed=0),
                     SeatInfo(seat=1, name=None, bot="basic", taken=True, missed=1)]
    session.chat = [ChatLine(turn=1, sender=rival, to=None, text="We mean no harm."),
                    ChatLine(turn=1, sender=view.player, to=rival, text="Then keep your armour home.")]
    return session


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_tab_renders_and_keeps_its_widgets_inside_the_panel(display, tmp_path, scale):
    session = busy_session()
    screen = game_screen(session, tmp_path)
    app = screen.app
    if scale != 1.0:
        app.apply_settings(replace(app.settings, ui_scale=scale))
    unit = session.view.units[0]
    screen.selected_unit = unit.id
    for index, tab in enumerate(TABS):
        screen.show_tab(index)
        app.step([])
        app.step([])
        panel = screen.panel
        assert isinstance(panel, tab) and panel.widgets, tab.title
        content = screen.content_rect
        for widget in panel.widgets:
            if widget.visible:
                assert content.contains(widget.rect), (tab.title, widget, widget.rect, content)
        assert screen.end_button is not None and screen.footer_rect.contains(screen.end_button.rect)
        assert distinct_colours(app.window, screen.panel_rect) > 8, tab.title
        folder = os.environ.get("SPIRAL_SCREENSHOTS")
        if folder and scale == 1.5:
            settle(app)
            pygame.image.save(app.window, os.path.join(folder, f"game-scale-1.5-{tab.title.lower()}.png"))


def test_the_diplomacy_tab_drafts_answers_leaves_and_proposals(display, tmp_path):
    session = busy_session()
    screen = game_screen(session, tmp_path)
    app = screen.app
    screen.show_tab(1)
    app.step([])
    panel = screen.panel
    buttons = {w.text: w for w in panel.widgets if hasattr(w, "text") and isinstance(w.text, str)}
    for label in ("Leave", "Accept"):
        buttons[label].spiral_command()  # what a click on the button runs
    rival = session.view.rivals[0].id
    panel.kind = "arms_cap"
    panel.cap = 2
    panel.propose()
    assert session.draft.to_text().splitlines() == [f"propose arms_cap to {rival} cap 2", "accept 2.1.0.0",
                                                    "leave 1.1.0.0"]
    panel.cap = 1
    panel.propose()  # the same kind to the same rival again: it replaces the drafted one
    assert panel.problem is None and session.draft.proposals[("arms_cap", rival)].cap == 1
    panel.kind = "non_aggression"
    panel.propose()  # the rival has proposed one already: the rules refuse, the panel says why
    assert panel.problem is not None and "is open" in panel.problem
    panel.kind = "demilitarised"
    panel.propose()
    assert panel.problem is not None and "hexes" in panel.problem
    screen.picking_hexes = True
    h = session.view.units[0].at
    screen._pick(h)
    panel.propose()
    assert panel.problem is None and (("demilitarised", rival) in session.draft.proposals)
    assert not screen.picking_hexes and not screen.picked_hexes
    app.step([])


def test_the_end_screen_renders_from_a_reveal(display, tmp_path):
    session = synced_session("duel")
    state = new_game(load_scenario("duel"), 5)
    reveal = omniscient_view(state)
    reveal["scores"] = [[p, s] for p, s in sorted(reveal["scores"].items())]
    reveal["history"] = [{"turn": t, "budgets": ["40/50/10", f"{20 + 5 * t}/70/10"], "strength": [30, 30 + t],
                          "attacks": []} for t in range(1, 6)]
    session.trend = {1: [(t, 0.3 + 0.05 * t) for t in range(1, 7)]}
    session.reveal = MatchReveal.from_mapping(reveal)
    screen = game_screen(session, tmp_path)
    app = screen.app
    app.step([])  # the game screen sees the reveal
    assert isinstance(app.scene, EndScreen)
    app.step([])
    assert distinct_colours(app.window) > 12
    lessons = app.scene.lessons(app.scene.names(), app.scene.aims())
    assert any("revisionist" in line for line in lessons)
    assert len(military_series(session.reveal, app.scene.names())) == 2
    del reveal["history"]  # an older server: no history, the chart says so
    assert military_series(MatchReveal.from_mapping(reveal), app.scene.names()) == []
    app.step([])


def test_a_resized_window_keeps_every_tab_usable_and_report_lines_locate(display, tmp_path):
    import pygame_gui

    from game.rules.events import Built

    session = busy_session()
    at = session.view.units[0].at
    session.view = replace(session.view, turn=2, report=(Built(turn=1, at=at, unit="a9", unit_kind="infantry"),))
    screen = game_screen(session, tmp_path)
    app = screen.app
    app.resize((900, 600))  # the smallest window the app allows is 800x560
    for index in range(len(TABS)):
        screen.show_tab(index)
        app.step([])
        for widget in screen.panel.widgets:
            if widget.visible:
                assert screen.content_rect.contains(widget.rect), (screen.panel.title, widget.rect)
        assert screen.map_rect.w >= 450
    report = screen.panel
    assert isinstance(report, ReportPanel) and "Infantry" not in report._text and "a9" in report._text
    screen.handle(pygame.event.Event(pygame_gui.UI_TEXT_BOX_LINK_CLICKED, ui_element=report.box,
                                     link_target=f"{at[0]},{at[1]}"))
    assert screen.highlight == at


def test_tabs_flag_what_waits_and_the_menu_button_and_esc_open_the_game_menu(display, tmp_path):
    import pygame_gui

    session = busy_session()
    screen = game_screen(session, tmp_path)
    app = screen.app
    app.step([])
    labels = [b.text for b in screen.tab_buttons]
    assert labels[1] == "Diplomacy (1)" and labels[2] == "Chat (2)"
    screen.show_tab(2)
    session.order_answer("2.1.0.0", False)
    app.step([])
    assert [b.text for b in screen.tab_buttons][1:3] == ["Diplomacy", "Chat"]
    from game.client.screens.pause import PauseMenu

    menu = pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=screen.menu_button)
    screen.handle(menu)  # the Menu button opens the game menu over the map...
    assert isinstance(app.overlay, PauseMenu)
    app.show_overlay(None)
    screen.selected_unit = session.view.units[0].id
    screen.key(pygame.K_ESCAPE)  # ...and so does Esc, once nothing is selected
    assert app.overlay is None and screen.selected_unit is None
    screen.key(pygame.K_ESCAPE)
    assert isinstance(app.overlay, PauseMenu)


def test_the_tabs_answer_to_keys(display, tmp_path):
    from game.rules.events import Built

    session = busy_session()
    at = session.view.units[0].at
    session.view = replace(session.view, turn=2, report=(Built(turn=1, at=at, unit="a9", unit_kind="infantry"),))
    screen = game_screen(session, tmp_path)
    app = screen.app
    rival = session.view.rivals[0].id

    def press(key: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
        app.step(pygame.event.get())

    press(pygame.K_F3)
    press(pygame.K_y)
    assert session.draft.answers == {"2.1.0.0": True}
    press(pygame.K_k)  # non-aggression -> arms cap
    press(pygame.K_s)
    assert ("arms_cap", rival) in session.draft.proposals
    press(pygame.K_F4)
    press(pygame.K_r)
    assert screen.panel.to == rival
    press(pygame.K_F6)
    press(pygame.K_l)
    assert screen.highlight == at
    press(pygame.K_F5)
    assert isinstance(screen.panel, IntentPanel) and screen.panel.rival == rival


def test_a_rival_hex_is_described_and_c_walks_through_ones_cities(display, tmp_path):
    session = busy_session()
    view = session.view
    screen = game_screen(session, tmp_path)
    app = screen.app
    app.step([])
    rival_city = next(h for h, owner in view.city_owner.items() if owner == view.rivals[0].id)
    screen.click(tuple(int(v) for v in screen.screen_of(rival_city)))
    assert screen.inspected == rival_city and screen.selected_unit is None
    lines = screen.panel.inspected_lines(rival_city)
    assert any(line.startswith(f"city ({view.rivals[0].name}): income") for line in lines)
    assert lines[1].startswith(view.scenario.board.terrain[rival_city].name.capitalize())  # the terrain first
    app.step([])
    mine = sorted(h for h, owner in view.city_owner.items() if owner == view.player)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_c, mod=0, unicode="c"))
    app.step(pygame.event.get())
    assert screen.selected_city == mine[0] and screen.inspected is None
    assert set(screen.panel.build_buttons) == set(view.scenario.ruleset.units)


def test_the_recipient_menu_sends_a_private_line(display, tmp_path):
    import pygame_gui

    from game.wire import decode_frame

    session = busy_session()
    screen = game_screen(session, tmp_path)
    app = screen.app
    screen.show_tab(2)
    app.step([])
    chat = screen.panel
    rival = session.view.rivals[0]
    screen.handle(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=chat.menu,
                                     text=f"to {rival.name} only"))
    assert chat.to == rival.id
    app.step([])  # rebuilt with the new recipient
    chat = screen.panel
    chat.entry.set_text("between us")
    chat.send()
    sent = [decode_frame(frame) for frame in session.data_to_send()]
    assert sent[-1]["type"] == "chat" and sent[-1]["to"] == rival.id and sent[-1]["text"] == "between us"
    assert chat.entry.get_text() == ""


def test_the_smallest_window_at_the_largest_scale_keeps_widgets_off_the_footer(display, tmp_path):
    session = busy_session()
    screen = game_screen(session, tmp_path)
    app = screen.app
    app.apply_settings(replace(app.settings, ui_scale=1.5))
    app.resize((800, 560))
    screen.selected_city = next(h for h, owner in session.view.city_owner.items() if owner == session.view.player)
    for index in range(len(TABS)):
        screen.show_tab(index)
        app.step([])
        for widget in screen.panel.widgets:
            if widget.visible:
                assert screen.content_rect.contains(widget.rect), (screen.panel.title, widget.rect)
    assert screen.end_button.visible and screen.footer_rect.contains(screen.end_button.rect)
