"""The game screen: the map, the side panel (orders, intent, turn report) and the end-of-match reveal.

``GameScreen`` takes pygame events and draws itself from the session's model; it never touches
the socket (the app's link does). The map area is a ``MapView``; the panel is drawn here.

Controls: left-click a unit to select it (its legal destinations are outlined), left-click
a destination to move there (shift-click or ``A`` for attack); click one of your cities and
press 1-5 (or click a row) to build; ``M``/``D``/``I`` shift 10% of the budget to military,
development or intelligence; right-click or ``Backspace`` cancels the selected unit's order;
``Enter`` or the button ends the turn; wheel zooms; drag or arrow keys pan.
"""

from __future__ import annotations

import pygame

from game.client.mapview import Marks, MapView
from game.client.render import player_colour
from game.client.scene import Scene
from game.client.session import Session
from game.client.ui import ACCENT, DIM, PANEL, TEXT, WARN, render_text
from game.client.ui import text as text_at
from game.rules.hexgrid import Hex, format_hex
from game.rules.state import Budget

PANEL_WIDTH = 340
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
    """The game: the map on the left, the side panel on the right."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.map = MapView(self.map_rect)
        self.selected_unit: str | None = None
        self.selected_city: Hex | None = None
        self.highlight: Hex | None = None
        self.attack_mode = False
        self.end_turn_button = pygame.Rect(0, 0, 0, 0)
        self.build_rows: list[tuple[pygame.Rect, str]] = []
        self.report_rows: list[tuple[pygame.Rect, Hex]] = []
        self._press: tuple[int, int] | None = None
        self._dragging = False

    @property
    def session(self) -> Session:
        session = self.app.session
        assert session is not None, "the game screen needs a session"
        return session

    @property
    def size(self) -> tuple[int, int]:
        return self.app.window.get_size()

    @property
    def map_rect(self) -> pygame.Rect:
        return pygame.Rect(0, 0, self.size[0] - PANEL_WIDTH, self.size[1])

    def enter(self) -> None:
        self.map.rect = self.map_rect  # the window may have another size now

    # --- geometry (the map view's, for tests and the panel) ------------------------------------

    def centre_on(self, h: Hex) -> None:
        self.map.centre_on(h)

    def screen_of(self, h: Hex) -> tuple[float, float]:
        return self.map.screen_of(h)

    def hex_under(self, pos: tuple[int, int]) -> Hex | None:
        return self.map.hex_under(pos)

    # --- input ---------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEWHEEL:
            self.map.zoom_at(1 if event.y > 0 else -1, pygame.mouse.get_pos())
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._press, self._dragging = event.pos, False
        elif event.type == pygame.MOUSEMOTION and self._press is not None and event.buttons[0]:
            if self._dragging or max(abs(event.pos[0] - self._press[0]), abs(event.pos[1] - self._press[1])) > DRAG_THRESHOLD:
                self._dragging = True
                self.map.pan(-event.rel[0], -event.rel[1])
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            was_drag, self._press, self._dragging = self._dragging, None, False
            if not was_drag:
                self.click(event.pos, shift=bool(pygame.key.get_mods() & pygame.KMOD_SHIFT))
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 3:
            self.cancel()
        elif event.type == pygame.KEYDOWN:
            self.key(event.key, event.mod)

    def key(self, key: int, mod: int = 0) -> None:
        session = self.session
        pans = {pygame.K_LEFT: (-PAN_STEP, 0), pygame.K_RIGHT: (PAN_STEP, 0), pygame.K_UP: (0, -PAN_STEP),
                pygame.K_DOWN: (0, PAN_STEP)}
        if key in pans:
            self.map.pan(*pans[key])
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.map.zoom_at(1, self.map_rect.center)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.map.zoom_at(-1, self.map_rect.center)
        elif key == pygame.K_a:
            self.attack_mode = not self.attack_mode
        elif key in (pygame.K_m, pygame.K_d, pygame.K_i) and session.view is not None:
            towards = {pygame.K_m: "military", pygame.K_d: "development", pygame.K_i: "intelligence"}[key]
            session.order_budget(shifted_budget(session.draft.budget or session.view.budget, towards))
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            session.end_turn()
        elif key in (pygame.K_BACKSPACE, pygame.K_DELETE):
            self.cancel()
        elif key == pygame.K_ESCAPE:
            self.selected_unit = self.selected_city = None
        elif key == pygame.K_TAB:
            self._next_unit()
        elif pygame.K_1 <= key <= pygame.K_9 and self.selected_city is not None and session.legal is not None:
            kinds = session.legal.builds.get(self.selected_city, ())
            index = key - pygame.K_1
            if index < len(kinds):
                session.order_build(self.selected_city, kinds[index])

    def _next_unit(self) -> None:
        view = self.session.view
        if view is None or not view.units:
            return
        ids = [u.id for u in view.units]
        index = (ids.index(self.selected_unit) + 1) % len(ids) if self.selected_unit in ids else 0
        self.selected_unit, self.selected_city = ids[index], None
        self.centre_on(view.unit_by_id[ids[index]].at)

    def cancel(self) -> None:
        if self.selected_unit is not None:
            self.session.cancel_unit(self.selected_unit)
        elif self.selected_city is not None:
            self.session.draft.builds.pop(self.selected_city, None)

    def click(self, pos: tuple[int, int], shift: bool = False) -> None:
        session, view = self.session, self.session.view
        if self.end_turn_button.collidepoint(pos):
            session.end_turn()
            return
        for rect, kind in self.build_rows:
            if rect.collidepoint(pos) and self.selected_city is not None:
                session.order_build(self.selected_city, kind)
                return
        for rect, at in self.report_rows:
            if rect.collidepoint(pos):
                self.centre_on(at)
                self.highlight = at
                return
        h = self.hex_under(pos)
        if view is None or h is None:
            return
        if self.selected_unit is not None and h in session.destinations(self.selected_unit):
            session.order_move(self.selected_unit, h, attack=shift or self.attack_mode)
            return
        here = [u.id for u in view.units if u.at == h]
        if here:
            # Clicking a stack again cycles through its units.
            index = (here.index(self.selected_unit) + 1) % len(here) if self.selected_unit in here else 0
            self.selected_unit, self.selected_city = here[index], None
        elif view.city_owner.get(h) == view.player:
            self.selected_unit, self.selected_city = None, h
        else:
            self.selected_unit = self.selected_city = None

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
                      destinations=self.session.destinations(self.selected_unit) if self.selected_unit else {},
                      attack_mode=self.attack_mode, moves=self.session.draft.moves, builds=self.session.draft.builds,
                      highlight=self.highlight)
        self.map.draw(surface, view, marks)
        self._draw_panel(surface)
        banner = self.app.link.banner() if self.app.link is not None else None
        if banner:
            strip = pygame.Rect(0, 0, self.map_rect.w, 34)
            pygame.draw.rect(surface, (213, 94, 0), strip)
            self._text(surface, banner[:110], (12, 8), 24)
        if self.session.reveal is not None:
            self._draw_reveal(surface)

    def _text(self, surface: pygame.Surface, text: str, pos: tuple[int, int], size: int = 22,
              colour=TEXT) -> pygame.Rect:
        return text_at(surface, text, pos, size, colour)

    def _draw_panel(self, surface: pygame.Surface) -> None:
        session, view = self.session, self.session.view
        assert view is not None
        left = self.size[0] - PANEL_WIDTH
        pygame.draw.rect(surface, PANEL, (left, 0, PANEL_WIDTH, self.size[1]))
        x, y = left + 14, 12
        name = view.scenario.player_names[view.player] if view.player < len(view.scenario.player_names) else "you"
        pygame.draw.rect(surface, player_colour(view.player), (x, y + 2, 16, 16))
        self._text(surface, f"{name} - turn {min(view.turn, view.scenario.turns)} of {view.scenario.turns}", (x + 24, y), 26)
        y += 28
        self._text(surface, f"aim: {view.aim}   treasury {view.treasury}   dev {view.development}   "
                            f"intel {view.intel_level}", (x, y), 20, DIM)
        y += 24
        budget = session.draft.budget or view.budget
        self._text(surface, f"budget  M {budget.military}  D {budget.development}  I {budget.intelligence}"
                            f"{'  (changed)' if session.draft.budget else ''}", (x, y), 22)
        y += 20
        self._text(surface, "keys M / D / I shift 10% to that share", (x, y), 18, DIM)
        y += 26
        # Selection.
        self.build_rows = []
        if self.selected_unit is not None and self.selected_unit in view.unit_by_id:
            unit = view.unit_by_id[self.selected_unit]
            self._text(surface, f"unit {unit.id}: {unit.kind}, strength {unit.strength}"
                                f"{', entrenched' if unit.entrenched else ''}", (x, y), 22, ACCENT)
            y += 20
            mode = "ATTACK" if self.attack_mode else "move"
            self._text(surface, f"click a hex to {mode} (A toggles, shift-click attacks)", (x, y), 18, DIM)
            y += 24
        elif self.selected_city is not None and session.legal is not None:
            city = self.map.renderer.cities.get(self.selected_city) if self.map.renderer else None
            self._text(surface, f"city {city.name if city else format_hex(self.selected_city)}: build", (x, y), 22, ACCENT)
            y += 22
            costs = view.scenario.ruleset.units
            for i, kind in enumerate(session.legal.builds.get(self.selected_city, ())):
                rect = self._text(surface, f"  {i + 1}. {kind} (cost {costs[kind].cost})", (x, y), 20)
                self.build_rows.append((rect, kind))
                y += 20
            y += 6
        else:
            self._text(surface, "click a unit (Tab: next) or one of your cities", (x, y), 18, DIM)
            y += 24
        # Orders.
        self._text(surface, "orders this turn", (x, y), 22)
        y += 22
        lines = session.draft.to_text().splitlines() or ["(none: units hold)"]
        for line in lines[:8]:
            self._text(surface, "  " + line, (x, y), 18, TEXT)
            y += 17
        if len(lines) > 8:
            self._text(surface, f"  ... and {len(lines) - 8} more", (x, y), 18, DIM)
            y += 17
        y += 8
        self.end_turn_button = pygame.Rect(x, y, PANEL_WIDTH - 28, 36)
        waiting = session.is_ready or view.is_over
        pygame.draw.rect(surface, (70, 74, 82) if waiting else (0, 114, 178), self.end_turn_button, border_radius=6)
        label = "waiting for the others..." if session.is_ready else ("match over" if view.is_over else "End turn (Enter)")
        image = render_text(label, 24)
        surface.blit(image, image.get_rect(center=self.end_turn_button.center))
        y += 46
        y = self._draw_intent(surface, x, y)
        # Turn report.
        self.report_rows = []
        self._text(surface, "last turn's report (click to locate)", (x, y), 22)
        y += 22
        for event in view.report[:14]:
            if y > self.size[1] - 90:
                break
            where = f" at {format_hex(event.at)}" if event.at else ""
            details = ", ".join(f"{k} {v}" for k, v in list(event.details.items())[:3] if k != event.kind)
            rect = self._text(surface, f"  {event.kind}{where}: {details}"[:54], (x, y), 17)
            if event.at:
                self.report_rows.append((rect, event.at))
            y += 16
        if not view.report:
            self._text(surface, "  (nothing yet)", (x, y), 17, DIM)
        legend = ("squares: cities (owner's colour; dot: capital)",
                  "diamonds: rival signatures - apparent type",
                  "(? unsure), strength range, bar: reliability;",
                  "faded: last seen t-N turns ago",
                  "wheel/+/- zoom, drag/arrows pan, Tab: next unit,",
                  "A: attack mode, right-click/Backspace: cancel")
        for i, line in enumerate(legend):
            self._text(surface, line, (x, self.size[1] - 170 + 16 * i), 16, DIM)
        for i, notice in enumerate(session.notices[-3:]):
            self._text(surface, notice[:56], (x, self.size[1] - 66 + 18 * i), 17, WARN)

    def _draw_intent(self, surface: pygame.Surface, x: int, y: int) -> int:
        """Per rival: P(revisionist) as a bar with its 80% band, its trend, P(attack soon), the latest evidence."""
        view = self.session.view
        assert view is not None
        estimates = self.session.estimates
        if not estimates:
            return y
        self._text(surface, "intent (your estimate from what you saw)", (x, y), 20)
        y += 22
        width = PANEL_WIDTH - 28
        names = {r.id: r.name for r in view.rivals}
        for rival, estimate in sorted(estimates.items())[:4]:
            pygame.draw.rect(surface, player_colour(rival), (x, y + 3, 12, 12))
            rev, attack = estimate.revisionist, estimate.attack
            self._text(surface, f"{names.get(rival, rival)}: revisionist {rev.p:.0%}, attacks soon {attack.p:.0%}",
                       (x + 18, y), 18)
            y += 17
            bar = pygame.Rect(x, y, width // 2, 10)
            pygame.draw.rect(surface, (70, 74, 82), bar)
            band = pygame.Rect(bar.x + int(bar.w * rev.low), bar.y, max(2, int(bar.w * (rev.high - rev.low))), bar.h)
            pygame.draw.rect(surface, (120, 90, 60), band)
            pygame.draw.line(surface, (230, 159, 0), (bar.x + bar.w * rev.p, bar.y - 2), (bar.x + bar.w * rev.p, bar.bottom + 1), 3)
            points = self.session.trend.get(rival, [])[-20:]
            if len(points) >= 2:
                left = bar.right + 12
                span = width - (left - x)
                line = [(left + span * i / (len(points) - 1), bar.bottom - bar.h * p) for i, (_, p) in enumerate(points)]
                pygame.draw.lines(surface, (230, 159, 0), False, line, 2)
            y += 13
            if rev.evidence:
                latest = rev.evidence[-1]
                self._text(surface, f"  t{latest.turn}: {latest.text}"[:54], (x, y), 16, DIM)
                y += 15
            y += 4
        return y + 4

    def _draw_reveal(self, surface: pygame.Surface) -> None:
        reveal = self.session.reveal or {}
        area = self.map_rect.inflate(-120, -120)
        shade = pygame.Surface(area.size, pygame.SRCALPHA)
        shade.fill((10, 12, 18, 225))
        surface.blit(shade, area)
        x, y = area.x + 24, area.y + 20
        self._text(surface, "The match is over: aims revealed", (x, y), 36, TEXT)
        y += 48
        scores = dict((int(p), s) for p, s in reveal.get("scores", []))
        players = reveal.get("players") or []
        for player in players:
            pid = player.get("id")
            pygame.draw.rect(surface, player_colour(pid), (x, y + 3, 18, 18))
            you = " (you)" if pid == self.session.seat else ""
            self._text(surface, f"{player.get('name')}{you}: aim {player.get('aim')}, score {scores.get(pid, '?')}",
                        (x + 28, y), 26)
            y += 30
        if not players:
            for pid, score in scores.items():
                self._text(surface, f"player {pid}: score {score}", (x, y), 26)
                y += 30


