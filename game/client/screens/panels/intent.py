"""The Intent tab: per rival, how likely it is revisionist (a bar with its 80% band), the trend over the
turns, how likely it attacks soon, and, for the rival picked (click it, or E), the evidence behind it.

In a class session with belief recording on, the bottom of the tab is the student's own record
for the turn: their intent (defend, deter, cooperate, expand) and, per rival, P(revisionist) on a
5-step scale and "attacks me?"; "Record" sends it (it may be sent again until the turn ends).

The estimate is computed from this seat's own views only, by the model the bots use: it can be
wrong, and the debrief shows how wrong.
"""

from __future__ import annotations

from functools import partial

import pygame
import pygame_gui

from game.client import keys
from game.client.screens.panels.base import Panel, escape
from game.client.map.palette import player_colour
from game.client.widgets.theme import ACCENT, DIM, TEXT
from game.wire.messages import BELIEF_STEPS, INTENTS

BAR = (70, 74, 82)
BAND = (120, 90, 60)
MARK = (230, 159, 0)


class IntentPanel(Panel):
    title = "Intent"
    key_name = "F5"

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.rival: int | None = None
        self.rows: list[tuple[pygame.Rect, int]] = []
        self.evidence: pygame_gui.elements.UITextBox | None = None
        self.evidence_top = 0

    def rivals(self) -> list[int]:
        return sorted(self.session.estimates)

    def signature(self) -> tuple:
        view, session = self.session.view, self.session
        recording = (session.records_beliefs, session.belief_intent, tuple(sorted(session.belief_reads.items())),
                     session.beliefs_are_recorded()) if self.is_recording() else None
        return (view.turn if view is not None else None, tuple(self.rivals()), self.rival, recording)

    def is_recording(self) -> bool:
        return self.session.records_beliefs and self.session.view is not None and self.session.phase != "over"

    def record_height(self) -> int:
        """The height of the belief form: a title, the intent row, a row per rival, the Record button."""
        return self.line_height(17) + self.px(6) + (len(self.rivals()) + 2) * self.px(30)

    def block_height(self) -> int:
        return self.line_height(18) + self.px(32) + self.line_height(16) + self.px(14)

    def build(self) -> None:
        px = self.px
        rivals = self.rivals()
        if self.rival not in rivals:
            self.rival = rivals[0] if rivals else None
        pad = px(10)
        x, width = self.rect.x + pad, self.rect.w - 2 * pad
        shown = self.shown_rivals()
        self.evidence_top = self.rect.y + pad + self.line_height(19) + px(4) + len(shown) * self.block_height() + px(4)
        y = self.evidence_top + self.line_height(19) + px(2)
        bottom = self.rect.bottom - pad
        if self.is_recording():
            bottom -= self.record_height()
            self._build_record(x, bottom + px(4), width)
        height = bottom - y
        self.evidence = None
        if self.rival is not None and height > px(50):
            self.evidence = self.add(pygame_gui.elements.UITextBox(evidence_html(self.session, self.rival),
                                                                   pygame.Rect(x, y, width, height), self.manager))

    def _build_record(self, x: int, top: int, width: int) -> None:
        session, px = self.session, self.px
        row = px(30)
        y = top + self.line_height(17) + px(6)
        label = px(78)
        step = width // len(INTENTS)
        for i, intent in enumerate(INTENTS):
            self.button(pygame.Rect(x + i * step, y, step - px(3), row - px(4)), intent,
                        partial(setattr, session, "belief_intent", intent),
                        selected=session.belief_intent == intent, tip=f"This turn I mean to {intent}")
        names = {r.id: r.name for r in session.view.rivals} if session.view is not None else {}
        attack_width = px(76)
        cell = (width - label - attack_width) // BELIEF_STEPS
        for n, rival in enumerate(self.rivals()):
            y = top + self.line_height(17) + px(6) + (n + 1) * row
            chosen, attack = session.belief_reads.get(rival, (None, False))
            for k in range(BELIEF_STEPS):
                self.button(pygame.Rect(x + label + k * cell, y, cell - px(3), row - px(4)), f"{k * 25}",
                            partial(session.set_belief_read, rival, step=k),
                            selected=chosen == k, tip=f"P({names.get(rival, rival)} is revisionist) = {k * 25}%")
            self.button(pygame.Rect(x + label + BELIEF_STEPS * cell, y, attack_width, row - px(4)), "attacks?",
                        partial(session.set_belief_read, rival, attack=not attack),
                        selected=attack, tip="Will this rival attack you? (click to switch yes/no)")
        y = top + self.line_height(17) + px(6) + (len(self.rivals()) + 1) * row
        done = session.beliefs_are_recorded()
        self.button(pygame.Rect(x + width - px(150), y, px(150), row - px(4)), "Recorded" if done else "Record",
                    session.send_beliefs, enabled=session.belief_record() is not None and not done,
                    tip="Send your intent and reads for this turn to the teacher's debrief")

    def shown_rivals(self) -> list[int]:
        """At most as many rivals as fit above a useful evidence box (the rest: E cycles through them)."""
        rivals = self.rivals()
        room = (self.rect.h - self.px(160)) // max(1, self.block_height())
        room = max(1, room)
        if len(rivals) <= room:
            return rivals
        start = max(0, min(rivals.index(self.rival) if self.rival in rivals else 0, len(rivals) - room))
        return rivals[start:start + room]

    def key(self, key: int) -> bool:
        if keys.action_for(key, where="intent") == "next_evidence" and self.rivals():
            rivals = self.rivals()
            index = (rivals.index(self.rival) + 1) % len(rivals) if self.rival in rivals else 0
            self.rival = rivals[index]
            return True
        return False

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for rect, rival in self.rows:
                if rect.collidepoint(event.pos):
                    self.rival = rival
                    return True
        return super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        session, view, px = self.session, self.session.view, self.px
        if view is None:
            return
        pad = px(10)
        x, width = self.rect.x + pad, self.rect.w - 2 * pad
        y = self.rect.y + pad
        self.text(surface, "Their intentions, as you read them", (x, y), 19, TEXT, bold=True)
        y += self.line_height(19) + px(4)
        names = {r.id: r.name for r in view.rivals}
        self.rows = []
        if not session.estimates:
            self.text(surface, "No rival to read.", (x, y), 16, DIM)
        for rival in self.shown_rivals():
            estimate = session.estimates[rival]
            block = pygame.Rect(x - px(4), y - px(3), width + px(8), self.block_height() - px(6))
            self.rows.append((block, rival))
            if rival == self.rival:
                pygame.draw.rect(surface, (52, 58, 70), block, border_radius=4)
                pygame.draw.rect(surface, ACCENT, block, 1, border_radius=4)
            rev, attack = estimate.revisionist, estimate.attack
            pygame.draw.rect(surface, player_colour(rival), (x, y + px(3), px(11), px(11)))
            self.text(surface, f"{names.get(rival, rival)}: revisionist {rev.p:.0%}  (80%: {rev.low:.0%}-{rev.high:.0%})",
                      (x + px(16), y), 18)
            y += self.line_height(18) + px(2)
            bar = pygame.Rect(x, y + px(6), width // 2, px(12))
            pygame.draw.rect(surface, BAR, bar)
            band = pygame.Rect(bar.x + int(bar.w * rev.low), bar.y, max(2, int(bar.w * (rev.high - rev.low))), bar.h)
            pygame.draw.rect(surface, BAND, band)
            mark = bar.x + bar.w * rev.p
            pygame.draw.line(surface, MARK, (mark, bar.y - px(3)), (mark, bar.bottom + px(2)), max(2, px(3)))
            self.text(surface, "0", (bar.x, bar.bottom), 12, DIM)
            self.text(surface, "1", (bar.right - px(5), bar.bottom), 12, DIM)
            self._trend(surface, rival, pygame.Rect(bar.right + px(12), y, width - bar.w - px(12), px(26)))
            y += px(30)
            self.text(surface, f"attacks you within two turns: {attack.p:.0%}", (x, y), 16, DIM)
            y += self.line_height(16) + px(12)
        y = self.evidence_top
        if self.rival is not None:
            more = "  (E: next rival)" if len(self.rivals()) > 1 else ""
            self.text(surface, f"Evidence about {names.get(self.rival, self.rival)}{more}", (x, y), 19, TEXT, bold=True)
        if self.is_recording():
            top = self.rect.bottom - pad - self.record_height() + px(4)
            done = "  (recorded)" if session.beliefs_are_recorded() else ""
            self.text(surface, f"Your own read, turn {view.turn}: I mean to...{done}", (x, top), 17, ACCENT, bold=True)
            row = px(30)
            y = top + self.line_height(17) + px(6)
            self.text(surface, "% revisionist", (x, y + row + px(4) - self.line_height(12)), 12, DIM)
            for n, rival in enumerate(self.rivals()):
                self.text(surface, str(names.get(rival, rival)), (x, y + (n + 1) * row + px(4)), 15, TEXT)

    def _trend(self, surface: pygame.Surface, rival: int, area: pygame.Rect) -> None:
        points = self.session.trend.get(rival, [])[-30:]
        pygame.draw.rect(surface, (44, 48, 58), area)
        middle = area.y + area.h // 2
        pygame.draw.line(surface, (70, 74, 82), (area.x, middle), (area.right, middle))
        if len(points) < 2:
            self.text(surface, "trend: after turn 2", (area.x + self.px(4), area.y + self.px(6)), 13, DIM)
            return
        line = [(area.x + area.w * i / (len(points) - 1), area.bottom - area.h * p) for i, (_, p) in enumerate(points)]
        pygame.draw.lines(surface, MARK, False, line, 2)


def evidence_html(session, rival: int) -> str:
    """The evidence behind the estimates about ``rival``, newest first, with the way each item pushed."""
    estimate = session.estimates.get(rival)
    if estimate is None:
        return ""
    parts = []
    for title, found in (("revisionist aim", estimate.revisionist.evidence), ("attack soon", estimate.attack.evidence)):
        parts.append(f"<b>{title}</b>")
        if not found:
            parts.append("<font color='#96a0aa'>nothing seen yet: the estimate is the prior</font>")
        # The same finding turn after turn is one line with its turns, newest first.
        grouped: dict[tuple[str, bool], list[int]] = {}
        for item in found:
            grouped.setdefault((item.text, item.shift > 0), []).append(item.turn)
        for (text, raises), turns in sorted(grouped.items(), key=lambda entry: -max(entry[1]))[:40]:
            colour, sign = ("#e69f00", "raises it") if raises else ("#56b4e9", "lowers it")
            parts.append(f"<font color='#96a0aa'>{turns_text(turns)}:</font> {escape(text)} "
                         f"<font color='{colour}'>({sign})</font>")
    return "<br>".join(parts)


def turns_text(turns: list[int]) -> str:
    """"turn 3", or "turns 2-5" for a run, or "turns 2, 4, 7" (at most four named, then how many more)."""
    unique = sorted(set(turns))
    if len(unique) == 1:
        return f"turn {unique[0]}"
    if unique == list(range(unique[0], unique[-1] + 1)):
        return f"turns {unique[0]}-{unique[-1]}"
    named = ", ".join(str(t) for t in unique[-4:])
    return f"turns {named}" + (f" (and {len(unique) - 4} earlier)" if len(unique) > 4 else "")
