"""The Diplomacy tab: agreements in force (leave), proposals to answer (accept / reject), and new proposals.

Everything here drafts orders in the rules' notation (``propose``, ``accept``, ``reject``, ``leave``);
nothing is sent before "End turn", and the agreements change at the end of the turn.
Demilitarised zones name hexes: "Pick hexes" makes map clicks add or remove hexes.
"""

from __future__ import annotations

from functools import partial

import pygame
import pygame_gui

from game.client import keys
from game.client.narrate import AGREEMENT_HELP, a, AGREEMENT_NAMES, agreement_name, agreement_text, proposal_text
from game.client.screens.panels.base import Panel
from game.client.widgets.theme import wrap
from game.client.widgets.theme import DIM, TEXT, WARN
from game.rules.hexgrid import format_hex
from game.rules.state import AGREEMENT_KINDS


CAP_SLIDER_MAX = 12  # a cap above a dozen units near a border caps nothing in practice


class DiplomacyPanel(Panel):
    title = "Diplomacy"
    key_name = "F3"

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.kind = "non_aggression"
        self.target: int | None = None
        self.cap = 3
        self.problem: str | None = None
        self._problem_turn: int | None = None
        self.list_box: pygame_gui.elements.UIScrollingContainer | None = None
        self.kind_menu: pygame_gui.elements.UIDropDownMenu | None = None
        self.target_menu: pygame_gui.elements.UIDropDownMenu | None = None
        self.cap_slider: pygame_gui.elements.UIHorizontalSlider | None = None
        self.form_top = self.option_y = self.help_y = 0
        self.compact = False
        self.rows: list[tuple[int, str, tuple[int, int, int], int]] = []  # (y in the list, text, colour, width)

    @property
    def picking(self) -> bool:
        return self.screen.picking_hexes

    def names(self) -> dict[int, str]:
        view = self.session.view
        return {r.id: r.name for r in view.rivals} if view is not None else {}

    def update(self) -> None:
        view = self.session.view
        if view is not None and view.turn != self._problem_turn:  # a refusal is about the turn it was made in
            self._problem_turn, self.problem = view.turn, None
        super().update()

    def signature(self) -> tuple:
        session, view = self.session, self.session.view
        if view is None:
            return ()
        draft = session.draft
        return (view.turn, view.version, view.agreements, view.proposals, tuple(sorted(draft.answers.items())),
                tuple(sorted(draft.leaves)), tuple(sorted(draft.proposals)), self.kind, self.target, self.picking,
                tuple(self.screen.picked_hexes), self.problem)

    # --- widgets -------------------------------------------------------------------------------

    def build(self) -> None:
        session, view, px = self.session, self.session.view, self.px
        self.list_box = self.kind_menu = self.target_menu = self.cap_slider = None
        if view is None:
            return
        me, names = view.player, self.names()
        targets = [r.id for r in view.rivals if not r.is_eliminated]
        if self.target not in targets:
            self.target = targets[0] if targets else None
        pad = px(10)
        x, width = self.rect.x + pad, self.rect.w - 2 * pad
        row = px(28)
        form_height = px(26) + 3 * (row + px(6)) + self.line_height(16) * 3 + px(8)
        # A window too small for both: the list keeps the room (keys K, R, S still make proposals).
        self.compact = self.rect.h < form_height + px(120)
        self.form_top = self.rect.bottom if self.compact else self.rect.bottom - pad - form_height
        # The list: what is in force, what is asked of you, what you asked.
        box = pygame.Rect(x, self.rect.y + pad, width, self.form_top - self.rect.y - 2 * pad)
        self.list_box = self.add(pygame_gui.elements.UIScrollingContainer(box, self.manager, allow_scroll_x=False))
        inner = self.list_box
        self.rows = []
        y = 0
        text_width = width - px(20)
        line = self.line_height(16)
        button_w = px(74)

        def heading(text: str) -> None:
            nonlocal y
            y += px(4)
            self.rows.append((y, text, TEXT, 0))
            y += self.line_height(19) + px(2)

        def entry(text: str, colour=TEXT, buttons: int = 0) -> None:
            nonlocal y
            room = text_width - buttons * (button_w + px(4)) - px(8)
            self.rows.append((y, text, colour, room))
            y += line * min(3, len(wrap(text, self.font_size(16), room))) + px(4)

        heading("Agreements in force")
        if not view.agreements:
            entry("none", DIM)
        for agreement in view.agreements:
            leaving = agreement.id in session.draft.leaves
            top = y
            entry(agreement_text(agreement, me, names) + (" - you leave it this turn" if leaving else ""),
                  WARN if leaving else TEXT, buttons=1)
            self.button(pygame.Rect(text_width - button_w, top, button_w, row - px(4)), "Stay" if leaving else "Leave",
                        partial(self.leave, agreement.id, not leaving), container=inner,
                        tip="Leaving takes effect at the end of the turn; the other side sees it.")
            y = max(y, top + row)
        heading("Proposals to you")
        asked = [p for p in view.proposals if p.target == me]
        if not asked:
            entry("none", DIM)
        for proposal in asked:
            answer = session.draft.answers.get(proposal.id)
            top = y
            note = {True: " - you accept", False: " - you reject", None: ""}[answer]
            entry(proposal_text(proposal, me, names) + note, buttons=2)
            self.button(pygame.Rect(text_width - 2 * button_w - px(4), top, button_w, row - px(4)), "Accept",
                        partial(self.answer, proposal.id, None if answer is True else True), container=inner,
                        selected=answer is True)
            self.button(pygame.Rect(text_width - button_w, top, button_w, row - px(4)), "Reject",
                        partial(self.answer, proposal.id, None if answer is False else False), container=inner,
                        selected=answer is False)
            y = max(y, top + row)
        mine = [p for p in view.proposals if p.proposer == me]
        drafted = sorted(session.draft.proposals.items())
        heading("Your proposals")
        if not mine and not drafted:
            entry("none", DIM)
        for proposal in mine:
            entry(proposal_text(proposal, me, names) + ", waiting for an answer", DIM)
        for (kind, target), order in drafted:
            top = y
            what = agreement_name(kind, order.cap)
            if order.hexes:
                what += " on " + " ".join(format_hex(h) for h in order.hexes)
            entry(f"you will propose {a(what)} to {names.get(target, target)}", buttons=1)
            self.button(pygame.Rect(text_width - button_w, top, button_w, row - px(4)), "Withdraw",
                        partial(self.withdraw, kind, target), container=inner)
            y = max(y, top + row)
        self.list_box.set_scrollable_area_dimensions((width - px(16), y + px(4)))
        if self.compact:
            return
        # The form for a new proposal.
        y = self.form_top + px(26)
        half = (width - px(6)) // 2
        kinds: list[str | tuple[str, str]] = [AGREEMENT_NAMES[k] for k in AGREEMENT_KINDS]
        self.kind_menu = self.add(pygame_gui.elements.UIDropDownMenu(
            kinds, AGREEMENT_NAMES[self.kind], pygame.Rect(x, y, half, row), self.manager, object_id="#drop_up"))
        rivals: list[str | tuple[str, str]] = [names.get(t, str(t)) for t in targets]
        if rivals:
            self.target_menu = self.add(pygame_gui.elements.UIDropDownMenu(
                rivals, names.get(self.target, str(self.target)) if self.target is not None else rivals[0],
                pygame.Rect(x + half + px(6), y, half, row), self.manager, object_id="#drop_up"))
        y += row + px(6)
        self.option_y = y
        if self.kind == "arms_cap":
            limit = min(view.scenario.ruleset.agreements.max_arms_cap, CAP_SLIDER_MAX)
            self.cap = max(0, min(limit, self.cap))
            self.cap_slider = self.add(pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(x + px(110), y, width - px(110), row - px(4)), self.cap, (0, limit), self.manager))
        elif self.kind == "demilitarised":
            self.button(pygame.Rect(x, y, half, row - px(2)), "Done picking" if self.picking else "Pick hexes on map",
                        self.toggle_picking, selected=self.picking,
                        tip="Then click hexes on the map to add or remove them from the zone.")
            self.button(pygame.Rect(x + half + px(6), y, half, row - px(2)), "Clear hexes",
                        self.screen.picked_hexes.clear, enabled=bool(self.screen.picked_hexes))
        y += row + px(6)
        self.button(pygame.Rect(x, y, width, row), "Propose (sent with your orders)", self.propose,
                    enabled=self.target is not None and not view.is_over, object_id="#primary")
        self.help_y = y + row + px(4)

    def draw(self, surface: pygame.Surface) -> None:
        view, px = self.session.view, self.px
        if view is None or self.list_box is None:
            return
        pad = px(10)
        x, width = self.rect.x + pad, self.rect.w - 2 * pad
        # The list's text is drawn under its (transparent) container, clipped to it and scrolled with it.
        area = self.list_box.get_container().get_rect() if hasattr(self.list_box, "get_container") else self.list_box.rect
        scroll_y = area.y
        clip = surface.get_clip()
        surface.set_clip(self.list_box.rect)
        for top, line, colour, room in self.rows:
            if room == 0:
                self.text(surface, line, (x, scroll_y + top), 19, TEXT, bold=True)
            else:
                self.wrapped(surface, line, (x + px(6), scroll_y + top + px(3)), room, 16, colour, 3)
        surface.set_clip(clip)
        if self.compact:
            return
        y = self.form_top
        pygame.draw.line(surface, (70, 74, 82), (x, y - px(4)), (x + width, y - px(4)))
        self.text(surface, "New proposal: what, and to whom", (x, y), 19, TEXT, bold=True)
        if self.kind == "arms_cap":
            self.text(surface, f"cap: {self.cap} units", (x, self.option_y + px(4)), 17)
        y = self.help_y
        hexes = " ".join(format_hex(h) for h in self.screen.picked_hexes)
        help_text = AGREEMENT_HELP[self.kind]
        if self.kind == "demilitarised":
            help_text += f". Picked: {hexes or 'none yet'}. Rings on the map: green, zones in force; pink, proposed."
        if self.problem:
            help_text = self.problem
        self.wrapped(surface, help_text, (x, y), width, 16, WARN if self.problem else DIM, 3)

    # --- actions -------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.kind_menu:
                chosen = event.text if isinstance(event.text, str) else event.text[0]
                self.kind = next(k for k, name in AGREEMENT_NAMES.items() if name == chosen)
                self.problem = None
                if self.kind != "demilitarised":
                    self.screen.picking_hexes = False
                return True
            if event.ui_element is self.target_menu:
                chosen = event.text if isinstance(event.text, str) else event.text[0]
                self.target = next((i for i, name in self.names().items() if name == chosen), self.target)
                self.problem = None
                return True
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.cap_slider:
            self.cap = int(round(event.value))
            return True
        return super().handle(event)

    def key(self, key: int) -> bool:
        """Y / N answer the first proposal still waiting; K and R pick the kind and rival of a new one; S proposes;
        X leaves the next agreement in force."""
        session, view = self.session, self.session.view
        if view is None:
            return False
        waiting = [p for p in view.proposals if p.target == view.player and p.id not in session.draft.answers]
        action = keys.action_for(key, where="diplomacy")
        if action in ("accept", "reject") and waiting:
            self.answer(waiting[0].id, action == "accept")
        elif action == "next_kind":
            self.kind = AGREEMENT_KINDS[(AGREEMENT_KINDS.index(self.kind) + 1) % len(AGREEMENT_KINDS)]
            self.problem = None
        elif action == "next_rival":
            targets = [r.id for r in view.rivals if not r.is_eliminated]
            if targets:
                self.target = targets[(targets.index(self.target) + 1) % len(targets)] if self.target in targets else targets[0]
                self.problem = None
        elif action == "propose":
            if self.kind == "demilitarised" and not self.screen.picked_hexes:
                self.screen.picking_hexes = True  # S on a zone with no hexes yet: pick them first
                self.problem = "Pick the zone's hexes: move the map cursor (shift + arrows), Space picks; then S."
            else:
                self.propose()
        elif action == "pick_zone":
            self.kind = "demilitarised"
            self.problem = None
            self.toggle_picking()
        elif action in ("cap_down", "cap_up"):
            self.kind = "arms_cap"
            limit = min(view.scenario.ruleset.agreements.max_arms_cap, CAP_SLIDER_MAX)
            self.cap = max(0, min(limit, self.cap + (1 if action == "cap_up" else -1)))
            if self.cap_slider is not None:
                self.cap_slider.set_current_value(self.cap)
            self.problem = None
        elif action == "leave":
            # X: leave the agreements in force one by one (each press marks the next; X on the last one
            # when all are marked takes every leave back).
            ids = [a.id for a in view.agreements if view.player in a.parties]
            staying = [a for a in ids if a not in session.draft.leaves]
            if staying:
                self.leave(staying[0], True)
            else:
                for agreement in ids:
                    self.leave(agreement, False)
        else:
            return False
        return True

    def leave(self, agreement: str, leaving: bool) -> None:
        self.session.order_leave(agreement, leaving)

    def answer(self, proposal: str, accepted: bool | None) -> None:
        self.session.order_answer(proposal, accepted)

    def withdraw(self, kind: str, target: int) -> None:
        self.session.cancel_proposal(kind, target)

    def toggle_picking(self) -> None:
        self.screen.picking_hexes = not self.screen.picking_hexes

    def propose(self) -> None:
        if self.target is None:
            return
        hexes = tuple(self.screen.picked_hexes)
        self.problem = self.session.order_propose(self.kind, self.target, cap=self.cap, hexes=hexes)
        if self.problem is None and self.kind == "demilitarised":
            self.screen.picked_hexes.clear()
            self.screen.picking_hexes = False
