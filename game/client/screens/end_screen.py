"""The end of a match: aims revealed, scores, and two charts of how it went.

* **Military share of the budget over time**, per player, from the reveal's per-turn history (the
  server adds it to the reveal: each player's true budget split every turn; it is sent only once
  the match is over). A server without it is asked for this seat's own past views (``history``),
  and the charts show, labelled so, what this seat saw: its own share and forces, and the rivals'
  forces as the strength ranges of the signatures it saw.
* **What you believed against the truth**: this seat's P(revisionist) for each rival over the
  turns (``session.trend``, from its own views only) and, dashed, the aim the reveal shows.
* **The spiral, as it happened** (button or T, in place of the charts): the timeline of the class
  debrief (``game.debrief.timeline``) from the reveal (true budgets, attacks, aims) and this seat's
  own reads (its recorded beliefs, else its intent model): who armed, the spiral steps this seat
  took part in, who struck first, deterrence failures against this seat.

Buttons: look at the final map, the spiral, the main menu, quit.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from game.client.widgets.charts import Series, draw_chart
from game.debrief.timeline import Facts, Reading, Step, spiral_timeline
from game.rules.economy import default_budget
from game.client.map.palette import player_colour
from game.client.scene import Scene
from game.client.protocol.session import Session
from game.client.widgets.theme import DIM, PANEL, TEXT, WARN, render_text, wrap
from game.rules.budget import Budget
from game.rules.events import Inject
from game.wire.server_messages import MatchReveal, TurnRecord


def aim_name(aim: Any) -> str:
    return {"security": "security seeker", "revisionist": "revisionist"}.get(str(aim), str(aim))


def military_series(reveal: MatchReveal | None, names: dict[int, str]) -> list[Series]:
    """Per player, (turn, military % of the budget) from the reveal's history (empty if it has none)."""
    series: dict[int, list[tuple[float, float]]] = {}
    for row in _history(reveal):
        for player, budget in enumerate(row.budgets):  # checked by the wire: each one parses
            series.setdefault(player, []).append((float(row.turn), float(Budget.parse(budget).military)))
    return [Series(names.get(p, f"player {p}"), player_colour(p), tuple(points)) for p, points in sorted(series.items())]


def seen_series(session: Session, names: dict[int, str]) -> tuple[list[Series], list[Series]]:
    """From this seat's own past views (``session.history``), as it saw them: its own military share,
    and the forces (own units' strength; rivals' as the midpoints of the strength ranges seen)."""
    views = session.history or []
    if not views:
        return [], []
    me = views[-1].player
    name = names.get(me, "you")
    military = [Series(f"{name} (you)", player_colour(me), tuple((float(v.turn), float(v.budget.military))
                                                               for v in views))]
    forces: dict[int, list[tuple[float, float]]] = {me: []}
    for view in views:
        forces[me].append((float(view.turn), float(sum(u.strength for u in view.units))))
        seen: dict[int, float] = {}
        for sighting in view.sightings:
            seen[sighting.owner] = seen.get(sighting.owner, 0.0) + (sighting.strength_low + sighting.strength_high) / 2
        for owner, total in seen.items():
            forces.setdefault(owner, []).append((float(view.turn), total))
    strength = [Series(names.get(p, f"player {p}") + ("" if p == me else " (seen)"), player_colour(p), tuple(points))
                for p, points in sorted(forces.items())]
    return military, strength


def strength_series(reveal: MatchReveal | None, names: dict[int, str]) -> list[Series]:
    """Per player, (turn, total strength of its units at the end of the turn) from the reveal's history."""
    series: dict[int, list[tuple[float, float]]] = {}
    for row in _history(reveal):
        for player, strength in enumerate(row.strength):
            series.setdefault(player, []).append((float(row.turn), float(strength)))
    return [Series(names.get(p, f"player {p}"), player_colour(p), tuple(points)) for p, points in sorted(series.items())]


def belief_series(session: Session, aims: dict[int, str], names: dict[int, str]) -> list[Series]:
    """Per rival, what this seat believed (P revisionist, 0-1) and, dashed, the truth (1: revisionist)."""
    found = []
    for rival, points in sorted(session.trend.items()):
        name = names.get(rival, f"player {rival}")
        found.append(Series(f"{name}: your read", player_colour(rival), tuple((float(t), p) for t, p in points)))
        if rival in aims and points:
            truth = 1.0 if aims[rival] == "revisionist" else 0.0
            first, last = points[0][0], points[-1][0]
            found.append(Series(f"{name}: truth ({aim_name(aims[rival])})", player_colour(rival),
                                ((float(first), truth), (float(last), truth)), dashed=True))
    return found


STEP_COLOURS = {"spiral": (230, 97, 97), "deterrence-failure": (230, 159, 0), "first-strike": (213, 94, 0),
                "attack": (213, 94, 0), "agreed": (0, 158, 115), "broke": (204, 121, 167)}


def _history(reveal: MatchReveal | None) -> list[TurnRecord]:
    return (reveal.history if reveal is not None else None) or []


def seat_timeline(session: Session, reveal: MatchReveal | None, names: dict[int, str]) -> tuple[Step, ...]:
    """The spiral timeline of the match as this seat can tell it: the reveal's true budgets and attacks,
    the revealed aims, and this seat's own reads (recorded, else its intent model's)."""
    rows = _history(reveal)
    aims = {p.id: p.aim for p in reveal.players} if reveal is not None else {}
    players = sorted(aims)
    if not rows or not players:
        return ()
    shares: dict[tuple[int, int], int] = {}
    if session.view is not None:
        start = default_budget(session.view.scenario.ruleset).military
        shares.update({(0, seat): start for seat in players})
    attacks: dict[int, frozenset[tuple[int, int]]] = {}
    for row in rows:
        for seat, budget in enumerate(row.budgets):
            shares[(row.turn, seat)] = Budget.parse(budget).military
        attacks[row.turn] = frozenset((a, v) for a, v in row.attacks)
    me = session.seat
    reads: dict[tuple[int, int, int], Reading] = {}
    intents: dict[tuple[int, int], str] = {}
    if me is not None:
        for rival, points in session.trend.items():
            for turn, p in points:
                reads[(turn, me, rival)] = Reading(p, "your model")
        for turn, (intent, recorded) in session.recorded_beliefs.items():
            intents[(turn, me)] = intent
            for rival, step, attack in recorded:
                reads[(turn, me, rival)] = Reading(step / 4, "your record", attack)
    label = tuple(names.get(seat, f"player {seat}") + (" (you)" if seat == me else "") for seat in players)
    # A teacher's injects, as this seat was told them (class matches): the news the spiral ran through.
    injects = tuple(sorted({(e.turn, f"{e.title}: {e.text}") for report in session.reports.values() for e in report
                            if isinstance(e, Inject)}))
    return spiral_timeline(Facts(label, tuple(aims.get(seat, "?") for seat in players), len(rows), shares,
                                 intents, reads, attacks, injects=injects))


class EndScreen(Scene):
    scene_name = "end"  # its name in the app's scene registry
    def __init__(self, app) -> None:
        super().__init__(app)
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.show_timeline = False
        self.scroll = 0  # timeline lines scrolled past

    @property
    def session(self) -> Session | None:
        return self.app.session

    @property
    def reveal(self) -> MatchReveal | None:
        session = self.session
        return session.reveal if session is not None else None

    def names(self) -> dict[int, str]:
        names = {p.id: p.name for p in self.reveal.players} if self.reveal is not None else {}
        session = self.session
        if session is not None and session.view is not None:
            for i, name in enumerate(session.view.scenario.player_names):
                names.setdefault(i, name)
        return names

    def aims(self) -> dict[int, str]:
        return {p.id: p.aim for p in self.reveal.players} if self.reveal is not None else {}

    def enter(self) -> None:
        session = self.session
        if session is not None and not _history(self.reveal) and session.history is None:
            session.request_history()  # an older server: chart what this seat saw instead
        px = self.app.px
        width, height = self.app.window.get_size()
        w, h = px(190), px(40)
        gap = px(12)
        y = height - h - px(16)
        x = width - 4 * w - 3 * gap - px(24)
        manager = self.app.manager
        self.buttons = {
            "spiral": pygame_gui.elements.UIButton(pygame.Rect(x - w - gap, y, w, h), "The spiral  [T]", manager),
            "map": pygame_gui.elements.UIButton(pygame.Rect(x, y, w, h), "See the final map", manager),
            "menu": pygame_gui.elements.UIButton(pygame.Rect(x + w + gap, y, w, h), "Main menu", manager,
                                                 object_id="#primary"),
            "quit": pygame_gui.elements.UIButton(pygame.Rect(x + 2 * (w + gap), y, w, h), "Quit", manager),
            "charts": pygame_gui.elements.UIButton(pygame.Rect(x - w - gap, y, w, h), "The charts  [T]", manager),
        }
        self._show_toggle()

    def leave(self) -> None:
        for button in self.buttons.values():
            button.kill()
        self.buttons = {}

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for name, button in self.buttons.items():
                if event.ui_element is button:
                    self.choose(name)
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_m, pygame.K_ESCAPE):
                self.choose("map")
            elif event.key == pygame.K_q:
                self.choose("quit")
            elif event.key == pygame.K_t:
                self.choose("charts" if self.show_timeline else "spiral")
            elif event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN) and self.show_timeline:
                self.scroll += 1 if event.key == pygame.K_DOWN else 10
            elif event.key in (pygame.K_UP, pygame.K_PAGEUP) and self.show_timeline:
                self.scroll = max(0, self.scroll - (1 if event.key == pygame.K_UP else 10))
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.choose("menu")
        elif event.type == pygame.MOUSEWHEEL and self.show_timeline:
            self.scroll = max(0, self.scroll - 3 * event.y)

    def choose(self, name: str) -> None:
        if name == "map" and self.session is not None and self.session.view is not None:
            self.app.go("game", review=True)
        elif name == "menu":
            self.app.main_menu()
        elif name == "quit":
            self.app.running = False
        elif name in ("spiral", "charts"):
            self.show_timeline, self.scroll = name == "spiral", 0
            self._show_toggle()

    def _show_toggle(self) -> None:
        """One of "The spiral" / "The charts" at a time, in the same place."""
        for name in ("spiral", "charts"):
            button = self.buttons.get(name)
            if button is not None:
                (button.hide if (name == "spiral") == self.show_timeline else button.show)()

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        width, height = surface.get_size()
        reveal, names, aims = self.reveal, self.names(), self.aims()
        session = self.session
        me = session.seat if session is not None else None
        x, y = px(28), px(20)
        surface.blit(render_text("The match is over: the aims revealed", px(40), TEXT, bold=True), (x, y))
        y += px(48)
        scores = dict(reveal.scores) if reveal is not None else {}
        left_w = min(px(430), width // 3)
        box = pygame.Rect(x - px(10), y - px(6), left_w, height - y - px(80))
        pygame.draw.rect(surface, PANEL, box, border_radius=6)
        surface.blit(render_text("Scores", px(24), TEXT, bold=True), (x, y))
        y += px(30)
        players = sorted(set(names) | set(scores) | set(aims))
        best = max(scores.values()) if scores else None
        for pid in players:
            pygame.draw.rect(surface, player_colour(pid), (x, y + px(3), px(16), px(16)))
            you = " (you)" if pid == me else ""
            line = f"{names.get(pid, pid)}{you}: {aim_name(aims.get(pid, '?'))}"
            surface.blit(render_text(line, px(24), TEXT, bold=pid == me), (x + px(24), y))
            score = render_text(f"{scores.get(pid, '?')}", px(24), WARN if scores.get(pid) == best else TEXT, bold=True)
            surface.blit(score, score.get_rect(topright=(box.right - px(12), y)))
            y += px(28)
        y += px(12)
        for line in self.lessons(names, aims):
            for part in wrap(line, px(20), box.w - px(20)):
                if y > box.bottom - px(24):
                    break
                surface.blit(render_text(part, px(20), DIM), (x, y))
                y += px(21)
            y += px(6)
        strength, title = strength_series(reveal, names), "Forces: total unit strength"
        if not strength and session is not None:
            _, strength = seen_series(session, names)
            title = "Forces as you saw them (rivals: signatures seen)"
        if strength and box.bottom - y > px(180):
            peak = max(value for s in strength for _, value in s.points) or 1
            draw_chart(surface, pygame.Rect(x, y + px(8), box.w - px(20), box.bottom - y - px(16)), title, strength,
                       y_max=-(-peak * 1.1 // 20) * 20, text_size=px(16))
        # The charts, or the spiral timeline in their place.
        chart_x = box.right + px(24)
        chart_w = width - chart_x - px(24)
        top = px(68)
        chart_h = (height - top - px(90)) // 2
        if self.show_timeline and session is not None:
            self.draw_timeline(surface, pygame.Rect(chart_x, top, chart_w, height - top - px(80)),
                               seat_timeline(session, reveal, names))
            return
        military, title = military_series(reveal, names), "Military share of the budget (%)"
        if not military and session is not None:  # a server without the history in its reveal: as this seat saw it
            military, _ = seen_series(session, names)
            title = "Your military share of the budget (%), as you saw it"
        draw_chart(surface, pygame.Rect(chart_x, top, chart_w, chart_h - px(8)), title, military, y_max=100,
                   text_size=px(16), note=None if military else "waiting for the match's history...")
        if session is not None:
            beliefs = belief_series(session, aims, names)
            draw_chart(surface, pygame.Rect(chart_x, top + chart_h + px(8), chart_w, chart_h - px(8)),
                       "What you believed: P(revisionist) per rival, against the truth", beliefs, y_max=1.0,
                       y_format="{:.2f}", text_size=px(16), note="solid: your estimate; dashed: the truth")

    def draw_timeline(self, surface: pygame.Surface, area: pygame.Rect, steps: tuple[Step, ...]) -> None:
        px = self.app.px
        pygame.draw.rect(surface, PANEL, area, border_radius=6)
        x, y = area.x + px(12), area.y + px(8)
        surface.blit(render_text("The spiral, as it happened", px(24), TEXT, bold=True), (x, y))
        y += px(30)
        note = ("Spiral step: a defensively meant build read as a threat and answered with arms. Deterrence failure: "
                "a revisionist read as a security seeker, who then attacked. Reads are yours (recorded, else your "
                "intent model's); the class debrief has every player's.")
        for part in wrap(note, px(16), area.w - px(24))[:3]:
            surface.blit(render_text(part, px(16), DIM), (x, y))
            y += px(18)
        y += px(6)
        lines: list[tuple[str, tuple[int, int, int], bool]] = []
        for step in steps:
            colour = STEP_COLOURS.get(step.kind, TEXT)
            for n, part in enumerate(wrap(f"[{step.kind}] {step.text}" if step.kind != "armed" else step.text,
                                          px(18), area.w - px(36))):
                lines.append(("    " + part if n else part, colour, step.kind in ("spiral", "deterrence-failure")))
        if not lines:
            lines = [("Nobody armed or fought: no spiral to show.", DIM, False)]
        room = max(1, (area.bottom - y - px(8)) // px(21))
        self.scroll = min(self.scroll, max(0, len(lines) - room))
        for text, colour, bold in lines[self.scroll:self.scroll + room]:
            surface.blit(render_text(text, px(18), colour, bold), (x, y))
            y += px(21)
        if len(lines) > room:
            more = f"lines {self.scroll + 1}-{min(len(lines), self.scroll + room)} of {len(lines)}: arrows or wheel"
            image = render_text(more, px(15), DIM)
            surface.blit(image, image.get_rect(bottomright=(area.right - px(10), area.bottom - px(4))))

    def lessons(self, names: dict[int, str], aims: dict[int, str]) -> list[str]:
        """A few plain sentences on how the reads compared with the truth (the misperceptions)."""
        session = self.session
        if session is None:
            return []
        lines = []
        for rival, points in sorted(session.trend.items()):
            if not points or rival not in aims:
                continue
            belief = points[-1][1]
            truth = aims[rival]
            right = (belief >= 0.5) == (truth == "revisionist")
            lines.append(f"You ended reading {names.get(rival, rival)} as {belief:.0%} likely revisionist; "
                         f"it was a {aim_name(truth)}: {'a fair read' if right else 'a misperception'}.")
        if not lines:
            lines.append("No reads of rivals were recorded on this client.")
        lines.append("Security seekers score development plus home cities held; revisionists score development "
                     "plus cities taken.")
        return lines



