"""The Orders tab: what is selected (posture, build buttons), the budget sliders and their effect, the orders so far."""

from __future__ import annotations

from functools import partial

import pygame
import pygame_gui

from game.client.forecast import forecast, rebalanced
from game.client.hex_info import agreement_warnings
from game.client.narrate import order_sentence
from game.client.screens.panels.base import Panel, escape
from game.client.widgets.theme import ACCENT, DIM, TEXT, WARN
from game.rules.hexgrid import format_hex

SHARES = ("military", "development", "intelligence")
BUDGET_STEP = 5


class OrdersPanel(Panel):
    title = "Orders"
    key_name = "F2"

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.sliders: dict[str, pygame_gui.elements.UIHorizontalSlider] = {}
        self.summary: pygame_gui.elements.UITextBox | None = None
        self._summary_text = ""
        self.build_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.posture_button: pygame_gui.elements.UIButton | None = None
        self.attack_button: pygame_gui.elements.UIButton | None = None
        self.selection_top = 0
        self.budget_top = 0
        self.summary_top = 0

    def signature(self) -> tuple:
        session, screen = self.session, self.screen
        view = session.view
        if view is None:
            return ()
        return (view.turn, view.version, view.treasury, screen.selected_unit, screen.selected_city, screen.inspected,
                tuple(sorted(session.draft.builds.items())), screen.selected_unit and session.posture_of(screen.selected_unit),
                screen.attack_mode, screen.selected_unit in session.draft.moves,
                session.is_ready)

    # --- widgets -------------------------------------------------------------------------------

    def build(self) -> None:
        session, view, px = self.session, self.session.view, self.px
        self.sliders, self.build_buttons, self.posture_button, self.summary = {}, {}, None, None
        if view is None:
            return
        pad = px(10)
        x, width = self.rect.x + pad, self.rect.w - 2 * pad
        y = self.rect.y + pad
        self.selection_top = y
        y += self.line_height(20) + self.line_height(17) + px(4)
        row = px(30)
        unit = view.unit_by_id.get(self.screen.selected_unit or "")
        city = self.screen.selected_city
        if unit is not None:
            third = (width - 2 * px(6)) // 3
            entrenched = session.posture_of(unit.id)
            self.posture_button = self.button(
                pygame.Rect(x, y, third, row), "Go mobile (P)" if entrenched else "Entrench (P)",
                lambda: self.screen.toggle_posture(), enabled=unit.id in (session.legal.postures if session.legal else {}),
                tip="Entrenched: stronger in defence, cannot move. Takes effect at the end of the turn.")
            self.attack_button = self.button(
                pygame.Rect(x + third + px(6), y, third, row), "Attack (A)", self.screen.toggle_attack,
                selected=self.screen.attack_mode, enabled=bool(session.destinations(unit.id)),
                tip="Attack mode: the next move fights whatever foreign unit it meets (shift-click does it once).")
            self.button(pygame.Rect(x + 2 * (third + px(6)), y, third, row), "Cancel (Bksp)", self.screen.cancel,
                        enabled=unit.id in session.draft.moves or unit.id in session.draft.postures,
                        tip="Cancel this unit's order: it holds")
        elif city is not None and view.city_owner.get(city) == view.player:
            kinds = list(view.scenario.ruleset.units.values())
            spent_elsewhere = sum(view.scenario.ruleset.units[k].cost for h, k in session.draft.builds.items() if h != city)
            left = view.treasury - spent_elsewhere
            half = (width - px(6)) // 2
            for i, kind in enumerate(kinds):
                cell = pygame.Rect(x + (i % 2) * (half + px(6)), y + (i // 2) * (row + px(4)), half, row)
                can_build = kind.cost <= left and not view.is_over
                self.build_buttons[kind.name] = self.button(
                    cell, f"{i + 1} {kind.name}  {kind.cost}", partial(self.screen.build, kind.name),
                    enabled=can_build, selected=session.draft.builds.get(city) == kind.name,
                    tip=f"{kind.name}: attack {kind.attack}, defence {kind.defence}, move {kind.move}, "
                        f"sight {kind.sight}; costs {kind.cost} (you have {left} to spend)")
            i = len(kinds)
            cell = pygame.Rect(x + (i % 2) * (half + px(6)), y + (i // 2) * (row + px(4)), half, row)
            self.button(cell, "No build (Bksp)", self.screen.cancel, enabled=city in session.draft.builds)
        if unit is not None:
            rows = 1
        elif city is not None and view.city_owner.get(city) == view.player:
            rows = (len(view.scenario.ruleset.units) + 2) // 2
        else:
            rows = 0
        y += rows * (row + px(4)) + (0 if rows else 5 * self.line_height(17)) + px(6)
        # Budget.
        self.budget_top = y
        y += self.line_height(20) + px(2)
        budget = session.draft.budget or view.budget
        label_width = px(140)
        for share in SHARES:
            slider = pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(x + label_width, y, width - label_width, px(24)), getattr(budget, share), (0, 100),
                self.manager, click_increment=BUDGET_STEP)
            if view.is_over or view.is_eliminated:
                slider.disable()
            self.sliders[share] = self.add(slider)
            y += px(28)
        y += 3 * self.line_height(17) + px(8)
        # The orders so far.
        self.summary_top = y
        y += self.line_height(20) + px(2)
        height = self.rect.bottom - pad - y
        if height > px(40):
            self._summary_text = ""
            self.summary = self.add(pygame_gui.elements.UITextBox("", pygame.Rect(x, y, width, height), self.manager))
        self.update()

    def update(self) -> None:
        session, view = self.session, self.session.view
        if view is None:
            return
        budget = session.draft.budget or view.budget
        for share, slider in self.sliders.items():
            if not slider.is_focused and round(slider.get_current_value()) != getattr(budget, share):
                slider.set_current_value(getattr(budget, share), warn=False)
        if self.summary is not None:
            text = summary_html(session)
            if text != self._summary_text:
                self._summary_text = text
                self.summary.set_text(text)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            for share, slider in self.sliders.items():
                if event.ui_element is slider:
                    self.set_share(share, int(event.value))
                    return True
        return super().handle(event)

    def set_share(self, share: str, value: int) -> None:
        view = self.session.view
        if view is None:
            return
        value = int(round(value / BUDGET_STEP) * BUDGET_STEP)
        current = self.session.draft.budget or view.budget
        self.session.order_budget(rebalanced(current, share, value, BUDGET_STEP))
        for other, slider in self.sliders.items():
            if other != share:
                slider.set_current_value(getattr(self.session.draft.budget or view.budget, other), warn=False)

    def inspected_lines(self, h) -> list[str]:
        """What this seat knows of a hex clicked that holds nothing of its own: a title, then details."""
        info = self.screen.info_for(h)
        return [info.title, *info.lines]

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        session, view, px = self.session, self.session.view, self.px
        if view is None:
            return
        pad = px(10)
        x, width = self.rect.x + pad, self.rect.w - 2 * pad
        y = self.selection_top
        unit = view.unit_by_id.get(self.screen.selected_unit or "")
        city = self.screen.selected_city
        if unit is not None:
            entrenched = session.posture_of(unit.id)
            self.text(surface, f"Unit {unit.id}: {unit.kind}, strength {unit.strength}", (x, y), 20, ACCENT)
            y += self.line_height(20)
            order = session.draft.moves.get(unit.id)
            if order is not None:
                doing = f"{'attacks' if order[1] else 'moves'} to {format_hex(order[0])}"
            elif unit.id in session.draft.postures:
                doing = "entrenches" if entrenched else "leaves its works"
            else:
                doing = "entrenched, holds" if unit.entrenched else "holds (click a highlighted hex to move)"
            mode = "  - attack mode (A)" if self.screen.attack_mode else ""
            self.text(surface, f"{doing}{mode}", (x, y), 17, DIM)
        elif city is not None and view.city_owner.get(city) == view.player:
            site = view.scenario.board.cities.get(city)
            name = site.name if site is not None else format_hex(city)
            self.text(surface, f"City {name}: build one unit (keys 1-{len(view.scenario.ruleset.units)})", (x, y), 20, ACCENT)
            y += self.line_height(20)
            spent = sum(view.scenario.ruleset.units[k].cost for k in session.draft.builds.values())
            left = view.treasury - spent
            self.text(surface, f"treasury {view.treasury}, {left} left after the builds ordered", (x, y), 17, DIM)
        elif self.screen.inspected is not None:
            rows = self.inspected_lines(self.screen.inspected)
            self.text(surface, rows[0], (x, y), 20, ACCENT)
            y += self.line_height(20)
            for line in rows[1:5]:
                y = self.wrapped(surface, line, (x, y), width, 17, DIM, 2)
        else:
            self.text(surface, "Select a unit or one of your cities", (x, y), 20, ACCENT)
            y += self.line_height(20)
            hint = ("Click a unit (Tab: next) to move, attack (A) or entrench (P) it; a city of yours (C) to "
                    "build. Diamonds: rival forces as you make them out (? unsure, strength, bar: reliability; "
                    "faded: seen turns ago). F1: help.")
            self.wrapped(surface, hint, (x, y), width, 17, DIM, 5)
        # Budget.
        y = self.budget_top
        changed = " (changed)" if session.draft.budget else ""
        self.text(surface, f"Budget: shares of this turn's income{changed}", (x, y), 20)
        y += self.line_height(20) + px(2)
        budget = session.draft.budget or view.budget
        for share in SHARES:
            self.text(surface, f"{share.capitalize()} {getattr(budget, share)}%", (x, y + px(4)), 18)
            y += px(28)
        spent = sum(view.scenario.ruleset.units[k].cost for k in session.draft.builds.values())
        future = forecast(view, budget, spent)
        lines = (f"Income {future.split.income}: treasury {view.treasury} - {spent} builds + {future.split.military}"
                 f" = {future.treasury}",
                 f"development +{future.split.development} (to {future.development}); "
                 f"intelligence +{future.intel_points} points",
                 f"(a level each {future.points_per_level} points, which decay; keys M/D/I: +10%)")
        for line in lines:
            self.text(surface, line, (x, y), 17, DIM if line.startswith("(") else TEXT)
            y += self.line_height(17)
        y = self.summary_top
        problems = session.draft_problems()
        self.text(surface, "Your orders this turn" + (f" - {len(problems)} problem(s)" if problems else ""), (x, y), 20,
                  WARN if problems else TEXT)


def summary_html(session) -> str:
    """The draft in words (each with the order text that will be sent), then what the rules would refuse."""
    view = session.view
    parts = [f"{escape(order_sentence(order, view))} <font color='#96a0aa'>({escape(str(order))})</font>"
             for order in session.draft.orders()] or ["<i>none yet: your units hold, the budget stays</i>"]
    for problem in session.draft_problems():
        parts.append(f"<font color='#f0e442'>{escape(problem)}</font>")
    for warning in agreement_warnings(view, session.draft.moves):
        parts.append(f"<font color='#e69f00'><b>Warning:</b> {escape(warning)}</font>")
    if session.is_ready:
        parts.append("<font color='#96a0aa'>sent; any change is sent again until the turn ends</font>")
    return "<br>".join(parts)
