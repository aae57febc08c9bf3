"""Every key of the game screen in one table: the handlers look actions up in it, and the help and
the settings screen list it, so what a key does and what the help says it does cannot drift apart.

A ``Binding`` names an action, the keys that do it (pygame key codes, with or without shift), where
it works (the map, or one tab of the side panel) and the words shown to the player. Mouse-only
entries (clicking, the wheel, dragging) have no key codes and are listed for the help only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pygame

ANYWHERE = "map"  # the game screen's own keys (they work whatever tab is open)


@dataclass(frozen=True, slots=True)
class Binding:
    action: str  # what the handler does, e.g. "end_turn"
    shown: str  # the keys as the help writes them, e.g. "Enter"
    what: str  # what they do, in words
    keys: tuple[int, ...] = ()  # pygame key codes (none: a mouse action, listed for the help)
    shift: bool | None = None  # True: only with shift held; False: only without; None: either
    where: str = ANYWHERE  # "map", or the side panel's tab it works in ("diplomacy", "chat"...)

    def matches(self, key: int, mod: int = 0) -> bool:
        if key not in self.keys:
            return False
        shifted = bool(mod & pygame.KMOD_SHIFT)
        return self.shift is None or self.shift == shifted


_DIGITS = tuple(range(pygame.K_1, pygame.K_9 + 1))
_ARROWS = (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN)

BINDINGS: tuple[Binding, ...] = (
    Binding("click", "click", "select a unit or one of your cities (clicking another of yours selects it); click an "
                              "outlined hex to move there; click any hex to see its terrain and what is there"),
    Binding("move_onto_own", "ctrl-click", "move the selected unit onto a hex your own units hold (a plain click "
                                           "there selects the unit you clicked)"),
    Binding("attack_mode", "shift-click / A", "attack (A toggles attack mode)", (pygame.K_a,)),
    Binding("cancel", "right-click / Backspace", "cancel the selected unit's order or the selected city's build",
            (pygame.K_BACKSPACE, pygame.K_DELETE)),
    Binding("next_unit", "Tab", "select your next unit", (pygame.K_TAB,)),
    Binding("next_city", "C", "select your next city", (pygame.K_c,)),
    Binding("posture", "P", "toggle the selected unit's posture (entrenched / mobile)", (pygame.K_p,)),
    Binding("build", "1-9", "build at the selected city (the Orders tab shows what each costs)", _DIGITS),
    Binding("budget_military", "M", "shift 10% of the budget to military", (pygame.K_m,)),
    Binding("budget_development", "D", "shift 10% of the budget to development", (pygame.K_d,)),
    Binding("budget_intelligence", "I", "shift 10% of the budget to intelligence", (pygame.K_i,)),
    Binding("overlay", "O", "show the offense-defense overlay", (pygame.K_o,)),
    Binding("end_turn", "Enter", "end the turn (orders can be changed until it resolves)",
            (pygame.K_RETURN, pygame.K_KP_ENTER)),
    Binding("tab", "F2-F6", "side panel tabs: orders, diplomacy, chat, intent, report",
            (pygame.K_F2, pygame.K_F3, pygame.K_F4, pygame.K_F5, pygame.K_F6)),
    Binding("chat", "T", "write a chat message (Enter sends it, Esc leaves the text field)", (pygame.K_t,)),
    Binding("next_recipient", "R", "in the Chat tab: the next recipient", (pygame.K_r,), where="chat"),
    Binding("next_rival", "R", "in the Diplomacy tab: the next rival to propose to", (pygame.K_r,), where="diplomacy"),
    Binding("accept", "Y", "in the Diplomacy tab: accept the first proposal waiting for your answer", (pygame.K_y,),
            where="diplomacy"),
    Binding("reject", "N", "in the Diplomacy tab: reject the first proposal waiting for your answer", (pygame.K_n,),
            where="diplomacy"),
    Binding("next_kind", "K", "in the Diplomacy tab: the next kind of agreement", (pygame.K_k,), where="diplomacy"),
    Binding("propose", "S", "in the Diplomacy tab: propose it", (pygame.K_s,), where="diplomacy"),
    Binding("pick_zone", "Z", "in the Diplomacy tab: pick hexes for a demilitarised zone (map cursor + Space picks, Z "
                              "or Esc stops); S then proposes it", (pygame.K_z,), where="diplomacy"),
    Binding("cap_down", "[", "in the Diplomacy tab: the arms cap one unit lower", (pygame.K_LEFTBRACKET,),
            where="diplomacy"),
    Binding("cap_up", "]", "in the Diplomacy tab: the arms cap one unit higher", (pygame.K_RIGHTBRACKET,),
            where="diplomacy"),
    Binding("leave", "X", "in the Diplomacy tab: leave the next agreement in force (again on the last: stay in all)",
            (pygame.K_x,), where="diplomacy"),
    Binding("next_evidence", "E", "in the Intent tab: the evidence about the next rival", (pygame.K_e,),
            where="intent"),
    Binding("locate", "L", "in the Report tab: show the next event on the map", (pygame.K_l,), where="report"),
    Binding("zoom_in", "+", "zoom in", (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)),
    Binding("zoom_out", "-", "zoom out (the wheel zooms too)", (pygame.K_MINUS, pygame.K_KP_MINUS)),
    Binding("pan", "drag, arrow keys", "pan", _ARROWS, shift=False),
    Binding("cursor", "shift + arrows", "move the map cursor", _ARROWS, shift=True),
    Binding("cursor_click", "Space",
            "click the hex under the map cursor (shift + Space attacks, ctrl + Space moves onto your own)", (pygame.K_SPACE,)),
    Binding("help", "F1 or ?", "help: the rules in brief", (pygame.K_F1,)),
    Binding("escape", "Esc", "stop picking hexes, else clear the selection; with nothing selected, the game menu",
            (pygame.K_ESCAPE,)),
)
BY_ACTION = {binding.action: binding for binding in BINDINGS}


def action_for(key: int, mod: int = 0, where: str = ANYWHERE) -> str | None:
    """The action a key press does in ``where`` (the map, or a side-panel tab), if any."""
    for binding in BINDINGS:
        if binding.where == where and binding.matches(key, mod):
            return binding.action
    return None


def keys_of(action: str) -> tuple[int, ...]:
    """The key codes bound to ``action``.

    Raises:
        KeyError: if no binding has that action.
    """
    return BY_ACTION[action].keys


def bindings_html() -> str:
    """The table for the help and the settings screen (a ``UITextBox``'s small HTML)."""
    return "<br>".join(f"<b>{html.escape(b.shown)}</b>: {html.escape(b.what)}" for b in BINDINGS)
