"""The game screen: the map on the left, the side panel on the right (tabs: orders, diplomacy, chat,
intent, report), the End turn button under it; when the reveal arrives, the end screen.

``GameScreen`` takes pygame events and draws itself from the session's model; it never touches
the socket (the app's link does). The map area is a ``MapView``; each tab is a ``Panel`` from
``game.client.screens.panels``; the header (who, turn, deadline, purse) is drawn here.

Controls (the table is ``keys.BINDINGS``): left-click a unit to select it (its legal
destinations are outlined), left-click a destination to move there (shift-click or ``A`` for
attack); ``P`` entrenches or brings out the selected unit; click one of your cities and press
1-9 (or a button) to build; ``M``/``D``/``I`` shift 10% of the budget (or drag the sliders);
right-click or ``Backspace`` cancels; ``Enter`` or the button ends the turn (changes after that
are sent again until the turn resolves); ``F2``-``F6`` open the tabs, ``T`` the chat line;
wheel zooms; drag or arrow keys pan; shift + arrows move the map cursor and ``Space`` clicks under
it; ``O`` shows the offense-defense overlay; ``Esc`` deselects, or with nothing selected opens the
game menu.
"""

from __future__ import annotations

import logging
import time
from typing import Callable

import pygame
import pygame_gui

from game.client import keys
from game.client.hex_info import HexInfo, agreement_warnings, hex_info
from game.client.narrate import alerts
from game.client.map.view import Marks, MapView
from game.client.screens.panels import TABS, ChatPanel, DiplomacyPanel, Panel, ReportPanel
from game.client.map.palette import player_colour
from game.client.scene import Scene
from game.client.protocol.session import Session, seconds_left
from game.client.widgets.theme import ACCENT, DIM, PANEL, TEXT, WARN, render_text, wrap
from game.rules.hexgrid import Hex
from game.rules.state import Budget

log = logging.getLogger("spiral.client")

PANEL_WIDTH = 380  # at UI scale 1; it widens with the scale, up to half the window
PICKED = (86, 180, 233)  # hexes being picked for a demilitarised zone
ZONE_AGREED = (0, 158, 115)  # demilitarised zones in force (shown with the Diplomacy tab)
ZONE_PROPOSED = (204, 121, 167)  # and proposed
SAVE_AFTER = 1.5  # seconds a draft must stay unchanged before a timed match's draft is sent to the server
PAN_STEP = 40
DRAG_THRESHOLD = 5


def shifted_budget(budget: Budget, towards: str) -> Budget:
    """Move 10 points to one share, taken from the largest of the other two."""
    shares = {"military": budget.military, "development": budget.development, "intelligence": budget.intelligence}
    others = sorted((k for k in shares if k != towards), key=lambda k: -shares[k])
    source = next((k for k in others if shares[k] >= 10), None)
    if source is None:
        return budget
    shares[towards] += 10
    shares[source] -= 10
    return Budget(shares["military"], shares["development"], shares["intelligence"])


class GameScreen(Scene):
    """The game: the map on the left, the side panel on the right.

    ``review`` is for looking at the final map after the end screen (no switch back to it).
    ``clock`` is the epoch clock the deadline is counted against (tests pass their own).
    """
    scene_name = "game"  # its name in the app's scene registry

    def __init__(self, app, *, review: bool = False, clock: Callable[[], float] = time.time) -> None:
        super().__init__(app)
        self.review = review
        self.clock = clock
        self.map = MapView(self.map_rect)
        self.selected_unit: str | None = None
        self.selected_city: Hex | None = None
        self.highlight: Hex | None = None
        self.cursor: Hex | None = None  # the keyboard's place on the map
        self._cursor_right = False  # straight up or down alternates between the two hexes above or below
        self.inspected: Hex | None = None  # a hex clicked that holds nothing of one's own
        self.hovered: Hex | None = None  # the hex under the mouse (or the keyboard's cursor): its info is shown
        self._info: tuple[tuple, HexInfo] | None = None
        self.alerts: list[tuple[str, Hex | None]] = []  # shown over the map at the start of a turn until dismissed
        self._alerts_turn: tuple[int, int] | None = None  # (turn, report length) the alerts were made for
        self._alerts_seen: list[tuple[str, Hex | None]] = []
        self.alert_rects: list[tuple[pygame.Rect, Hex | None]] = []
        self.alert_box = pygame.Rect(0, 0, 0, 0)
        self.warning: str | None = None  # the last order would break an agreement in force: said over the map
        self.info_box: pygame.Rect | None = None  # where the hex info was last drawn
        self.attack_mode = False
        self.picking_hexes = False  # map clicks pick hexes for a demilitarised zone
        self.picked_hexes: list[Hex] = []
        self.panels: list[Panel] = [tab(self) for tab in TABS]
        self.tab = 0
        self.chat_seen = 0  # chat lines the player has had in front of them
        self.report_seen = 0  # the turn whose report the player has opened
        self._draft_text, self._draft_changed = "", 0.0  # the draft as last seen, and when it last changed
        self.tab_buttons: list[pygame_gui.elements.UIButton] = []
        self._tab_state: tuple[list[str], int] | None = None
        self.end_button: pygame_gui.elements.UIButton | None = None
        self.menu_button: pygame_gui.elements.UIButton | None = None
        self._press: tuple[int, int] | None = None
        self._dragging = False

    @property
    def session(self) -> Session:
        session = self.app.session
        assert session is not None, "the game screen needs a session"
        return session

    @property
    def panel(self) -> Panel:
        return self.panels[self.tab]

    # --- geometry ------------------------------------------------------------------------------

    @property
    def size(self) -> tuple[int, int]:
        return self.app.window.get_size()

    @property
    def panel_width(self) -> int:
        return min(self.app.px(PANEL_WIDTH), self.size[0] // 2)

    @property
    def map_rect(self) -> pygame.Rect:
        return pygame.Rect(0, 0, self.size[0] - self.panel_width, self.size[1])

    @property
    def panel_rect(self) -> pygame.Rect:
        return pygame.Rect(self.size[0] - self.panel_width, 0, self.panel_width, self.size[1])

    @property
    def header_height(self) -> int:
        return self.app.px(58)

    @property
    def tabs_rect(self) -> pygame.Rect:
        panel = self.panel_rect
        return pygame.Rect(panel.x + self.app.px(6), self.header_height, panel.w - self.app.px(12), self.app.px(30))

    @property
    def footer_rect(self) -> pygame.Rect:
        panel = self.panel_rect
        height = self.app.px(74)
        return pygame.Rect(panel.x, panel.bottom - height, panel.w, height)

    @property
    def content_rect(self) -> pygame.Rect:
        top = self.tabs_rect.bottom + self.app.px(2)
        return pygame.Rect(self.panel_rect.x, top, self.panel_rect.w, self.footer_rect.y - top)

    def centre_on(self, h: Hex) -> None:
        self.map.centre_on(h)

    def screen_of(self, h: Hex) -> tuple[float, float]:
        return self.map.screen_of(h)

    def hex_under(self, pos: tuple[int, int]) -> Hex | None:
        return self.map.hex_under(pos)

    # --- widgets -------------------------------------------------------------------------------

    def enter(self) -> None:
        if self.map.rect.size != self.map_rect.size:
            self.map.framed = False  # the window or the panel has another size now: frame the map again
        self.map.rect = self.map_rect
        if self.session.view is not None:  # until the match's first view, only "Connecting..." shows
            self._build_widgets()

    def _build_widgets(self) -> None:
        px, manager = self.app.px, self.app.manager
        self.tab_buttons, self._tab_state = [], None
        footer = self.footer_rect
        pad = px(10)
        menu_w = px(64)
        self.end_button = pygame_gui.elements.UIButton(
            pygame.Rect(footer.x + pad, footer.y + px(6), footer.w - 3 * pad - menu_w + pad, px(38)), "End turn (Enter)",
            manager, object_id="#primary", tool_tip_text="Send your orders and say you are ready. You can still "
                                                         "change them until the turn resolves.")
        self.menu_button = pygame_gui.elements.UIButton(
            pygame.Rect(footer.right - pad - menu_w, footer.y + px(6), menu_w, px(38)), "Menu", manager,
            tool_tip_text="Leave the match for the main menu")
        self._refresh_buttons()
        for panel in self.panels:
            panel.kill()
        self.panel.ensure(self.content_rect)

    def leave(self) -> None:
        for panel in self.panels:
            panel.kill()
        for widget in (*self.tab_buttons, self.end_button, self.menu_button):
            if widget is not None:
                widget.kill()
        self.tab_buttons, self.end_button, self.menu_button = [], None, None

    def show_tab(self, index: int) -> None:
        if index == self.tab:
            return
        self.panel.kill()
        self.tab = index
        if self.end_button is not None:  # built: build the new tab's widgets now
            self.panel.ensure(self.content_rect)
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        session = self.session
        if isinstance(self.panel, ChatPanel):
            self.chat_seen = len(session.chat)
        if isinstance(self.panel, ReportPanel) and session.view is not None:
            self.report_seen = session.view.turn
        if self.end_button is None:  # not shown (yet): no widgets to bring up to date
            return
        labels = [self._tab_label(panel) for panel in self.panels]
        if (labels, self.tab) != self._tab_state:
            # Made again rather than relabelled: a relabelled selected button may keep its old image.
            self._tab_state = (labels, self.tab)
            self._build_tabs(labels)
        if self.end_button is not None:
            view = session.view
            label, enabled = "End turn (Enter)", True
            if view is None:
                label, enabled = "Waiting for the match...", False
            elif self.review and session.reveal is not None:
                label = "Back to the results"
            elif view.is_over or self.review:
                label, enabled = "The match is over", False
            elif view.is_eliminated:
                label, enabled = "You are out of the match", False
            elif session.is_ready:
                label, enabled = "Ready - waiting for the others", False
            elif session.end_turn_pending:
                label, enabled = "Sending...", False
            if self.end_button.text != label:
                self.end_button.set_text(label)
            if enabled != self.end_button.is_enabled:
                self.end_button.enable() if enabled else self.end_button.disable()

    def _tab_label(self, panel: Panel) -> str:
        """The tab's title, flagged when something waits there: new messages, proposals to answer, a new report."""
        session, view = self.session, self.session.view
        waiting = 0
        if isinstance(panel, ChatPanel):
            waiting = len(session.chat) - self.chat_seen
        elif isinstance(panel, DiplomacyPanel) and view is not None:
            waiting = sum(1 for p in view.proposals if p.target == view.player and p.id not in session.draft.answers)
        elif isinstance(panel, ReportPanel) and view is not None and view.turn > 1 and view.turn != self.report_seen:
            return f"{panel.title}*"
        return f"{panel.title} ({waiting})" if waiting > 0 else panel.title

    def _build_tabs(self, labels: list[str]) -> None:
        """The tab buttons, each as wide as its label needs (the longest must not be cut)."""
        for button in self.tab_buttons:
            button.kill()
        tabs, px = self.tabs_rect, self.app.px
        weights = [len(label) + 3 for label in labels]
        x = tabs.x
        self.tab_buttons = []
        for i, (panel, label, weight) in enumerate(zip(self.panels, labels, weights)):
            width = tabs.w * weight // sum(weights)
            button = pygame_gui.elements.UIButton(pygame.Rect(x, tabs.y, width - px(3), tabs.h), label, self.app.manager,
                                                  tool_tip_text=f"{panel.title} ({panel.key_name})")
            if i == self.tab:
                button.select()
            self.tab_buttons.append(button)
            x += width

    def update(self, now: float) -> None:
        session = self.session
        if session.reveal is not None and not self.review:
            self.app.go("end")
            return
        session.revise()
        self._save_draft(now)
        if self.end_button is None:
            if session.view is None:
                return
            self._build_widgets()
        self.panel.ensure(self.content_rect)
        self.panel.update()
        self._refresh_buttons()

    def _save_draft(self, now: float) -> None:
        """In a timed match, send the draft once it has been still for a moment (not on every click)."""
        session = self.session
        text = session.draft.to_text()
        if text != self._draft_text:
            self._draft_text, self._draft_changed = text, now
        elif session.deadline is not None and not session.is_ready and now - self._draft_changed >= SAVE_AFTER:
            session.save_draft()

    # --- actions (from keys, clicks and the panels' buttons) -----------------------------------

    def end_turn(self) -> None:
        if self.review:
            if self.session.reveal is not None:
                self.app.go("end")
            return
        self.session.end_turn()

    def toggle_posture(self) -> None:
        if self.selected_unit is not None:
            self.session.toggle_posture(self.selected_unit)

    def toggle_conceal(self) -> None:
        if self.selected_unit is not None:
            self.session.toggle_conceal(self.selected_unit)

    def build(self, kind: str) -> None:
        if self.selected_city is not None:
            self.session.order_build(self.selected_city, kind)

    def locate(self, h: Hex) -> None:
        self.centre_on(h)
        self.highlight = h

    def cancel(self) -> None:
        if self.selected_unit is not None:
            self.session.cancel_unit(self.selected_unit)
        elif self.selected_city is not None:
            self.session.draft.builds.pop(self.selected_city, None)

    def toggle_attack(self) -> None:
        self.attack_mode = not self.attack_mode

    def toggle_overlay(self) -> None:
        self.map.show_balance = not getattr(self.map, "show_balance", False)

    def main_menu(self) -> None:
        """The game menu (resume, settings, help, leave; the host's controls) over the map."""
        self.app.go_overlay("pause")

    # --- input ---------------------------------------------------------------------------------

    def typing(self) -> bool:
        """Whether a text field has the keyboard (then keys are characters, not commands)."""
        focused = self.app.manager.get_focus_set() or ()
        return any(isinstance(e, pygame_gui.elements.UITextEntryLine) for e in focused)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element in self.tab_buttons:
                self.show_tab(self.tab_buttons.index(event.ui_element))
                return
            if event.ui_element is self.end_button:
                self.end_turn()
                return
            if event.ui_element is self.menu_button:
                self.main_menu()
                return
        if self.panel.handle(event):
            return
        in_map = hasattr(event, "pos") and self.map_rect.collidepoint(event.pos)
        if event.type == pygame.MOUSEWHEEL:
            if self.map_rect.collidepoint(pygame.mouse.get_pos()):
                self.map.zoom_at(1 if event.y > 0 else -1, pygame.mouse.get_pos())
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and in_map:
            self._press, self._dragging = event.pos, False
        if event.type == pygame.MOUSEMOTION:
            self.hovered = self.hex_under(event.pos) if in_map and not event.buttons[0] else None
        if event.type == pygame.MOUSEMOTION and self._press is not None and event.buttons[0]:
            if self._dragging or max(abs(event.pos[0] - self._press[0]), abs(event.pos[1] - self._press[1])) > DRAG_THRESHOLD:
                self._dragging = True
                self.map.pan(-event.rel[0], -event.rel[1])
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            was_drag, pressed = self._dragging, self._press
            self._press, self._dragging = None, False
            if pressed is not None and not was_drag and in_map and self._click_alert(event.pos):
                pass
            elif pressed is not None and not was_drag and in_map:
                mods = getattr(event, "mod", None)  # tests post it; a real click reads the keyboard
                mods = pygame.key.get_mods() if mods is None else mods
                self.click(event.pos, shift=bool(mods & pygame.KMOD_SHIFT), onto_own=bool(mods & pygame.KMOD_CTRL))
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 3 and in_map:
            self.cancel()
        elif event.type == pygame.KEYDOWN:
            if not self.typing():
                self.key(event.key, event.mod)
            elif event.key == pygame.K_ESCAPE:  # Esc leaves the text field; the game keys work again
                self.app.manager.set_focus_set(None)

    def key(self, key: int, mod: int = 0) -> None:
        """A key press on the game screen: the open tab's keys first, then the map's (``keys.BINDINGS``)."""
        if self.panel.key(key):
            return
        action = keys.action_for(key, mod)
        handler = self._key_handlers().get(action) if action is not None else None
        if handler is not None:
            handler(key, mod)

    def _key_handlers(self) -> dict[str, Callable[[int, int], None]]:
        session = self.session
        pans = {pygame.K_LEFT: (-PAN_STEP, 0), pygame.K_RIGHT: (PAN_STEP, 0), pygame.K_UP: (0, -PAN_STEP),
                pygame.K_DOWN: (0, PAN_STEP)}

        def shift_budget(towards: str) -> Callable[[int, int], None]:
            def shift(key: int, mod: int) -> None:
                if session.view is not None:
                    session.order_budget(shifted_budget(session.draft.budget or session.view.budget, towards))
            return shift

        return {
            "cursor": lambda key, mod: self.move_cursor(key),
            "cursor_click": lambda key, mod: self.click_hex(self.cursor_or_start(), shift=bool(mod & pygame.KMOD_SHIFT),
                                                            onto_own=bool(mod & pygame.KMOD_CTRL)),
            "pan": lambda key, mod: self.map.pan(*pans[key]),
            "tab": lambda key, mod: self.show_tab(keys.keys_of("tab").index(key)),
            "chat": lambda key, mod: self.open_chat(),
            "zoom_in": lambda key, mod: self.map.zoom_at(1, self.map_rect.center),
            "zoom_out": lambda key, mod: self.map.zoom_at(-1, self.map_rect.center),
            "attack_mode": lambda key, mod: self.toggle_attack(),
            "posture": lambda key, mod: self.toggle_posture(),
            "conceal": lambda key, mod: self.toggle_conceal(),
            "overlay": lambda key, mod: self.toggle_overlay(),
            "budget_military": shift_budget("military"),
            "budget_development": shift_budget("development"),
            "budget_intelligence": shift_budget("intelligence"),
            "end_turn": lambda key, mod: self.end_turn(),
            "cancel": lambda key, mod: self.cancel(),
            "escape": lambda key, mod: self.escape(),
            "next_unit": lambda key, mod: self._next_unit(),
            "next_city": lambda key, mod: self._next_city(),
            "build": lambda key, mod: self.build_by_number(keys.keys_of("build").index(key)),
        }

    def open_chat(self) -> None:
        self.show_tab(next(i for i, p in enumerate(self.panels) if isinstance(p, ChatPanel)))
        chat = self.panel
        if isinstance(chat, ChatPanel):
            chat.focus_entry()

    def escape(self) -> None:
        """Esc closes what is open: the turn's alerts, hex picking, then the selection; with nothing open,
        the game menu."""
        if self.alerts:
            self.alerts = []
        elif self.picking_hexes:
            self.picking_hexes = False
        elif self.selected_unit or self.selected_city or self.highlight or self.inspected:
            self.selected_unit = self.selected_city = None
            self.highlight = self.inspected = None
        else:
            self.main_menu()

    def build_by_number(self, index: int) -> None:
        """The selected city builds the ``index``-th unit type (keys 1-9)."""
        session = self.session
        if self.selected_city is None or session.view is None:
            return
        kinds = list(session.view.scenario.ruleset.units)
        if index < len(kinds):
            session.order_build(self.selected_city, kinds[index])

    def _next_unit(self) -> None:
        view = self.session.view
        if view is None or not view.units:
            return
        ids = [u.id for u in view.units]
        index = (ids.index(self.selected_unit) + 1) % len(ids) if self.selected_unit in ids else 0
        self.selected_unit, self.selected_city, self.inspected = ids[index], None, None
        self.cursor = view.unit_by_id[ids[index]].at
        self.centre_on(self.cursor)

    def _next_city(self) -> None:
        view = self.session.view
        if view is None:
            return
        cities = sorted(h for h, owner in view.city_owner.items() if owner == view.player)
        if not cities:
            return
        index = (cities.index(self.selected_city) + 1) % len(cities) if self.selected_city in cities else 0
        self.selected_unit, self.selected_city, self.inspected = None, cities[index], None
        self.cursor = cities[index]
        self.centre_on(cities[index])

    # --- the keyboard's cursor on the map ------------------------------------------------------

    def cursor_or_start(self) -> Hex | None:
        """The cursor, or (the first time) the selected unit's or city's hex, or the map's centre."""
        if self.cursor is None:
            view = self.session.view
            unit = view.unit_by_id.get(self.selected_unit) if view and self.selected_unit else None
            self.cursor = unit.at if unit else self.selected_city or self.hex_under(self.map_rect.center)
        return self.cursor

    def move_cursor(self, key: int) -> None:
        """Shift + an arrow: the cursor to the neighbouring hex that way (pointy-top hexes have no
        straight up or down neighbour, so those alternate between the two, keeping a straight line)."""
        self.hovered = None  # the info box follows the cursor now
        start = self.cursor_or_start()
        if start is None or self.map.renderer is None:
            return
        q, r = start
        if key in (pygame.K_UP, pygame.K_DOWN):
            self._cursor_right = not self._cursor_right
            step = {(pygame.K_UP, False): (0, -1), (pygame.K_UP, True): (1, -1),
                    (pygame.K_DOWN, False): (-1, 1), (pygame.K_DOWN, True): (0, 1)}[(key, self._cursor_right)]
        else:
            step = (-1, 0) if key == pygame.K_LEFT else (1, 0)
        target = (q + step[0], r + step[1])
        if target in self.map.renderer.tiles:
            self.cursor = target
            if not self.map_rect.inflate(-80, -80).collidepoint(self.screen_of(target)):
                self.centre_on(target)

    def click(self, pos: tuple[int, int], shift: bool = False, onto_own: bool = False) -> None:
        self.click_hex(self.hex_under(pos), shift, onto_own)

    def click_hex(self, h: Hex | None, shift: bool = False, onto_own: bool = False) -> None:
        """A click on a hex, by mouse or by the keyboard's cursor (Space).

        A click on one of your own units selects it, even with another unit selected that could move
        there (as in Wesnoth and Freeciv); ``onto_own`` (ctrl-click) moves the selected unit onto a hex
        your own units hold instead. An attack (shift or attack mode) always goes to the hex."""
        session, view = self.session, self.session.view
        if view is None or h is None:
            return
        if self.picking_hexes:
            self._pick(h)
            return
        here = [u.id for u in view.units if u.at == h]
        attack = shift or self.attack_mode
        if self.selected_unit is not None and h in session.reachable(self.selected_unit) and \
                (attack or onto_own or not here):
            session.order_move(self.selected_unit, h, attack=attack)
            move = {self.selected_unit: session.draft.moves[self.selected_unit]}
            self.warning = next(iter(agreement_warnings(view, move)), None)  # said at once, over the map
            return
        if here:
            # Clicking a stack again cycles through its units.
            index = (here.index(self.selected_unit) + 1) % len(here) if self.selected_unit in here else 0
            self.selected_unit, self.selected_city = here[index], None
        elif view.city_owner.get(h) == view.player:
            self.selected_unit, self.selected_city = None, h
        else:
            self.selected_unit = self.selected_city = None
        # Whatever else is there (a rival force, a ghost, a foreign city) is described in the Orders tab.
        self.inspected = h if not here and view.city_owner.get(h) != view.player else None

    def _pick(self, h: Hex) -> None:
        view = self.session.view
        assert view is not None
        if h in self.picked_hexes:
            self.picked_hexes.remove(h)
        elif view.scenario.board.is_passable(h) and \
                len(self.picked_hexes) < view.scenario.ruleset.agreements.max_demilitarised_hexes:
            self.picked_hexes.append(h)

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        view = self.session.view
        if view is None:
            self._text(surface, "Connecting to the match...", (40, 40), 32)
            for i, notice in enumerate(self.session.notices[-6:]):
                self._text(surface, notice, (40, 90 + 24 * i), 22, WARN)
            return
        self.map.rect = self.map_rect
        marks = Marks(selected_unit=self.selected_unit, selected_city=self.selected_city,
                      destinations=self.session.reachable(self.selected_unit) if self.selected_unit else {},
                      attack_mode=self.attack_mode, moves=self.session.draft.moves, builds=self.session.draft.builds,
                      highlight=self.inspected if self.inspected is not None else self.highlight,
                      cursor=self.cursor)
        self.map.draw(surface, view, marks)
        self._draw_picked(surface)
        self._draw_hex_info(surface)
        self._draw_alerts(surface)
        pygame.draw.rect(surface, PANEL, self.panel_rect)
        self._draw_header(surface)
        surface.set_clip(self.content_rect)  # a tab's text stays in its place, however small the window
        self.panel.draw(surface)
        surface.set_clip(None)
        self._draw_footer(surface)
        banner = self.app.link.banner() if self.app.link is not None else None
        if banner:
            strip = pygame.Rect(0, 0, self.map_rect.w, self.app.px(30))
            pygame.draw.rect(surface, (213, 94, 0), strip)
            self._text(surface, banner[:110], (12, self.app.px(6)), 22)
        elif self.warning and self.warning in agreement_warnings(view, self.session.draft.moves):
            strip = pygame.Rect(0, 0, self.map_rect.w, self.app.px(30))
            pygame.draw.rect(surface, (230, 159, 0), strip)
            self._text(surface, f"Warning: {self.warning} (Backspace cancels the order)"[:120],
                       (12, self.app.px(6)), 22, (0, 0, 0))
        elif self.picking_hexes:
            strip = pygame.Rect(0, 0, self.map_rect.w, self.app.px(30))
            pygame.draw.rect(surface, (0, 90, 140), strip)
            self._text(surface, "Click hexes for the demilitarised zone; Esc or 'Done picking' when done.",
                       (12, self.app.px(6)), 22)

    def _text(self, surface: pygame.Surface, text: str, pos: tuple[int, int], size: int = 22,
              colour=TEXT, bold: bool = False) -> pygame.Rect:
        return surface.blit(render_text(text, self.app.px(size), colour, bold), pos)

    def info_for(self, h: Hex) -> HexInfo:
        """What the player knows of ``h``; with a unit selected that can reach it, the attack preview."""
        session, view = self.session, self.session.view
        assert view is not None
        attackers = []
        if self.selected_unit is not None and h in session.destinations(self.selected_unit):
            attackers.append(view.unit_by_id[self.selected_unit])
        attackers += [view.unit_by_id[uid] for uid, (to, attack) in sorted(session.draft.moves.items())
                      if to == h and attack and uid != self.selected_unit and uid in view.unit_by_id]
        key = (h, view.turn, view.version, tuple(u.id for u in attackers))
        if self._info is None or self._info[0] != key:
            self._info = (key, hex_info(view, h, tuple(attackers)))
        return self._info[1]

    def _draw_hex_info(self, surface: pygame.Surface) -> None:
        """A box by the hovered hex (or the map cursor's): its terrain, what is there, an attack's preview."""
        h = self.hovered if self.hovered is not None else self.cursor
        view = self.session.view
        if h is None or view is None or h not in view.scenario.board.terrain or self.picking_hexes:
            return
        info = self.info_for(h)
        px = self.app.px
        width = min(px(420), self.map_rect.w - px(20))
        rows: list[tuple[str, int, tuple[int, int, int]]] = [(info.title, px(19), ACCENT)]
        for i, line in enumerate(info.lines):
            colour = WARN if info.preview is not None and i >= len(info.lines) - 2 else TEXT
            rows += [(part, px(16), colour) for part in wrap(line, px(16), width - px(16))]
        height = sum(size + px(3) for _, size, _ in rows) + px(12)
        x, y = self.screen_of(h)
        box = pygame.Rect(int(x + self.map.size), int(y + self.map.size), width, height)
        if box.right > self.map_rect.right - px(6):
            box.right = int(x - self.map.size)
        if box.bottom > self.map_rect.bottom - px(6):
            box.bottom = int(y - self.map.size)
        box.clamp_ip(self.map_rect)
        shade = pygame.Surface(box.size, pygame.SRCALPHA)
        shade.fill((20, 24, 30, 255))
        surface.blit(shade, box.topleft)
        pygame.draw.rect(surface, DIM, box, 1)
        ty = box.y + px(6)
        for line, size, colour in rows:
            surface.blit(render_text(line, size, colour), (box.x + px(8), ty))
            ty += size + px(3)
        self.info_box = box

    def _check_alerts(self) -> None:
        view = self.session.view
        # A teacher's inject adds to the report while the turn runs: its news is an alert of its own.
        if view is not None and (view.turn, len(view.report)) != self._alerts_turn:
            every = alerts(view.report, view.player, {r.id: r.name for r in view.rivals})
            if self._alerts_turn is not None and self._alerts_turn[0] == view.turn:  # the same turn: add the news
                self.alerts = [*self.alerts, *(a for a in every if a not in self._alerts_seen)]
            else:
                self.alerts = every
            self._alerts_turn, self._alerts_seen = (view.turn, len(view.report)), every

    def _draw_alerts(self, surface: pygame.Surface) -> None:
        """The turn's alerts, over the top of the map: each a link to its place; Esc or a click closes them."""
        self._check_alerts()
        self.alert_rects = []
        if not self.alerts:
            return
        px = self.app.px
        width = min(px(560), self.map_rect.w - px(40))
        rows: list[tuple[str, Hex | None, int, tuple[int, int, int]]] = [
            ("This turn - press Esc or click here to close", None, px(17), DIM)]
        for text, at in self.alerts[:6]:
            rows += [(part, at, px(19), WARN) for part in wrap(text, px(19), width - px(24))]
        height = sum(size + px(4) for _, _, size, _ in rows) + px(14)
        box = pygame.Rect(0, 0, width, height)
        box.midtop = (self.map_rect.centerx, self.map_rect.y + px(40))
        pygame.draw.rect(surface, (40, 20, 16), box, border_radius=px(6))
        pygame.draw.rect(surface, (213, 94, 0), box, 2, border_radius=px(6))
        y = box.y + px(7)
        for text, at, size, colour in rows:
            line = pygame.Rect(box.x + px(12), y, width - px(24), size + px(4))
            surface.blit(render_text(text, size, colour), line.topleft)
            self.alert_rects.append((line, at))
            y += size + px(4)
        self.alert_box = box

    def _click_alert(self, pos: tuple[int, int]) -> bool:
        """A click on the alerts: a line with a place shows it; the alerts close either way."""
        if not self.alerts or not self.alert_rects or not self.alert_box.collidepoint(pos):
            return False
        for rect, at in self.alert_rects:
            if rect.collidepoint(pos) and at is not None:
                self.locate(at)
        self.alerts = []
        return True

    def _draw_picked(self, surface: pygame.Surface) -> None:
        """Hexes being picked for a zone; with the Diplomacy tab open, the zones agreed and proposed too."""
        view = self.session.view
        if self.map.renderer is None or view is None:
            return
        rings: list[tuple[Hex, tuple[int, int, int]]] = [(h, PICKED) for h in self.picked_hexes]
        if isinstance(self.panel, DiplomacyPanel):
            rings += [(h, ZONE_AGREED) for agreement in view.agreements for h in agreement.hexes]
            rings += [(h, ZONE_PROPOSED) for proposal in view.proposals for h in proposal.hexes]
            rings += [(h, ZONE_PROPOSED) for proposal in self.session.draft.proposals.values() for h in proposal.hexes]
        if not rings:
            return
        surface.set_clip(self.map_rect)
        radius = max(6, int(self.map.size * 0.55))
        for h, colour in rings:
            x, y = self.screen_of(h)
            pygame.draw.circle(surface, (0, 0, 0), (x, y), radius + 2, 4)
            pygame.draw.circle(surface, colour, (x, y), radius, 3)
        surface.set_clip(None)

    def _draw_header(self, surface: pygame.Surface) -> None:
        session, view, px = self.session, self.session.view, self.app.px
        assert view is not None
        panel = self.panel_rect
        x, y = panel.x + px(10), px(6)
        names = view.scenario.player_names
        name = names[view.player] if view.player < len(names) else "you"
        pygame.draw.rect(surface, player_colour(view.player), (x, y + px(3), px(16), px(16)))
        left = seconds_left(session.deadline, self.clock())
        image = render_text(deadline_text(session.deadline, self.clock()), px(20),
                            WARN if left is not None and left < 60 else DIM)
        clock = surface.blit(image, image.get_rect(topright=(panel.right - px(10), y + px(2))))
        surface.set_clip(pygame.Rect(panel.x, 0, clock.x - px(8) - panel.x, self.header_height))
        self._text(surface, f"{name} - turn {min(view.turn, view.scenario.turns)} of {view.scenario.turns}",
                   (x + px(24), y), 24, TEXT, bold=True)
        surface.set_clip(panel)
        y += px(26)
        aim = "security seeker" if view.aim == "security" else view.aim
        self._text(surface, f"{aim}  |  treasury {view.treasury}  |  development {view.development}  |  "
                            f"intel {view.intel_level}", (x, y), 18, DIM)
        surface.set_clip(None)

    def _draw_footer(self, surface: pygame.Surface) -> None:
        session, view, px = self.session, self.session.view, self.app.px
        assert view is not None
        footer = self.footer_rect
        y = footer.y + px(48)
        problems = session.draft_problems()
        if view.is_over or self.review:
            status, colour = "The match is over.", DIM
        elif session.is_ready:
            status, colour = "Orders sent; changes are sent again until the turn ends.", DIM
        elif problems:
            status, colour = f"The rules would refuse: {problems[0]}", WARN
        else:
            count = len(session.draft.orders())
            if session.draft_is_saved and count:
                status = f"{count} order(s) saved on the server; End turn when you are done."
            elif count:
                status = f"{count} order(s) drafted, not sent yet."
            else:
                status = "No orders yet: units hold."
            colour = DIM
        if session.last_error is not None:
            status, colour = session.last_error, WARN
        image = render_text(status, px(16), colour)
        clip = surface.get_clip()
        surface.set_clip(footer)
        surface.blit(image, (footer.x + px(10), y))
        surface.set_clip(clip)


def deadline_text(deadline: float | None, now: float) -> str:
    """The header's clock: "m:ss left" on the server's deadline, or "no time limit"."""
    left = seconds_left(deadline, now)
    if left is None:
        return "no time limit"
    minutes, seconds = divmod(int(left + 0.999), 60)
    return f"{minutes}:{seconds:02d} left"
