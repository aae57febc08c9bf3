"""How to play: the rules in brief and the keys, in a scrolling box over whatever is showing.

F1 or ? opens and closes it (``App.toggle_help``); Esc closes it; the arrows and Page Up/Down
scroll. The full rule book is docs/RULES.md.
"""

from __future__ import annotations

import html

import pygame
import pygame_gui

from game.client.widgets.form import FormScene
from game.client.keys import bindings_html
from game.client.widgets.theme import PANEL, draw_backdrop

RULES_HTML = """\
<b>What the game is about.</b> Spiral is about the security dilemma: what one state does to feel \
safer makes its neighbours less safe, so states that only want security can still arm, race and \
fight. Can you stay safe without starting a spiral?<br><br>\
<b>Your aim is secret.</b> Each state is secretly a <i>security seeker</i> (it wants to keep its \
home cities and grow prosperous) or a <i>revisionist</i> (it wants other states' cities). The \
scenario says how many revisionists there may be. You know only your own aim; all aims are \
revealed at the end.<br><br>\
<b>Turns happen at once.</b> Every turn each player gives orders in secret; then the server resolves \
them all together. End your turn with Enter: you may still change your orders until the turn \
resolves (when everyone is ready, or the turn timer runs out).<br><br>\
<b>Budget.</b> Each turn your cities' income (plus 1 for every 15 development) is split as you \
choose: <i>military</i> goes to your treasury and pays for units; <i>development</i> is prosperity: \
it scores and raises your income; <i>intelligence</i> widens your sight, sharpens what you see, and \
now and then brings a mole's report on a rival's budget or builds.<br><br>\
<b>Units</b> (attack / defence): infantry 2/3; armor 4/2, fast; artillery 3/3, slow; recon 0/1, \
sees far; fortification 0/5, which can never move: the clearly defensive build, a costly signal \
where rivals can read it (where forces look alike it may pass for artillery). These are the base \
numbers: a world's technology era changes some of them. Build at your own cities, one unit per city a turn. An \
<i>entrenched</i> unit defends \
x1.5 but cannot move; digging in and leaving the works each take a turn. Moving onto a rival's \
unit or city is an attack; a city changes hands when another state's unit stands on it after the \
battles, and a state with no city left is out.<br><br>\
<b>Fog and signatures.</b> You see the hexes near your units and cities. A rival's unit shows as a \
<i>signature</i>: the type it looks like (which may be wrong), a strength range, and how reliable \
the sighting is; whether it is dug in is read the same way. Reliability rises with the scenario's \
<i>distinguishability</i> and your \
intelligence, and falls with distance and cover (forest, hills, marsh, mountains). Faded marks are \
ghosts: what was last seen there, and how many turns ago.<br><br>\
<b>Attack or defence.</b> The world's technology era sets how cheap it is to take ground: where \
attack has the edge armor is faster and harder-hitting and works are weak; where defence has it \
armies are slow and works, cities, rivers and rough ground are strong. Mountains, hills, forests, marsh, cities, \
entrenchment and attacking across a river \
help the defender; plains and roads (cheap, fast movement) help the attacker.<br><br>\
<b>Reading intentions.</b> The intent panel estimates, for each rival, how likely it is to be \
revisionist, from what you have seen: build-ups near your border, offensive-looking forces, \
agreements kept or broken, attacks. It is a guess with an uncertainty band, not the truth.<br><br>\
<b>Agreements.</b> Non-aggression pacts, arms caps near a common border, demilitarised hexes and \
inspections (each side sees the other's true forces near the border). Nothing enforces them: \
anyone may break one, and the victim sees the violation. With the Diplomacy tab open, the map rings \
demilitarised zones: green for those in force, pink for those proposed. An order that would break \
an agreement in force is flagged at once (over the map and in your orders).<br><br>\
<b>The map.</b> Counters are your units: a cross infantry, an oval armor, a dot artillery, a slash \
recon, a wedge a fortification, with the strength beside. Diamonds are rivals' signatures with the \
type they look like in the same symbols (? when unsure), the strength range above and the \
reliability as a bar below. Hover a hex (or move the map cursor onto it) for its terrain, what is \
there and, with a unit selected, the odds of attacking it.<br><br>\
<b>Scoring.</b> Prosperity (development / 10), counted only in the share of your home cities you \
still hold (lose your homeland and your wealth goes with it), plus: a security seeker gets 20 for each \
of its home cities it holds and 20 for each rival home city it took; a revisionist gets 12 for each \
city it holds that was not its own home. The \
match ends after the scenario's last turn, or when only one state is left. The debrief compares the \
total with what everyone would have scored had nobody armed: the price of the dilemma.<br><br>\
"""


def help_html() -> str:
    return (RULES_HTML + "<b>Keys</b><br>" + bindings_html()
            + "<br><br><i>" + html.escape("The full rule book: docs/RULES.md.") + "</i>")


class HelpOverlay(FormScene):
    scene_name = "help"  # its name in the app's scene registry
    hint = "Up/Down, Page Up/Down: scroll   Esc or F1: close"

    def __init__(self, app, back_to=None) -> None:
        super().__init__(app)
        self.back_to = back_to  # the overlay to show again on closing (e.g. the game's menu)
        self.scrolled = 0.0  # how far down the text is scrolled, 0 to 1 (kept across rebuilds)
        self.box: pygame_gui.elements.UITextBox | None = None

    def build(self) -> None:
        width, height = self.size
        self.panel = pygame.Rect(0, 0, min(width - self.px(40), self.px(900)), height - self.px(60))
        self.panel.center = (width // 2, height // 2 - self.px(8))
        inner = self.panel.inflate(-self.px(32), -self.px(32))
        self.label((inner.x, inner.y, inner.w - self.px(140), self.px(48)), "How to play", "#title")
        self.button((inner.right - self.px(130), inner.y + self.px(4), self.px(130), self.px(40)), "Close  [Esc]",
                    self.back)
        self.box = self.text_box((inner.x, inner.y + self.px(56), inner.w, inner.h - self.px(56)), help_html())
        self._scroll_to(self.scrolled)

    def _scroll_to(self, fraction: float) -> None:
        bar = getattr(self.box, "scroll_bar", None)
        if bar is None:
            return
        top = max(0.0, 1.0 - bar.visible_percentage)
        self.scrolled = max(0.0, min(top, fraction))
        bar.set_scroll_from_start_percentage(self.scrolled)

    def scroll(self, pages: float) -> None:
        bar = getattr(self.box, "scroll_bar", None)
        if bar is None:
            return
        self._scroll_to(bar.start_percentage + pages * bar.visible_percentage)

    def key(self, event: pygame.event.Event) -> None:
        steps = {pygame.K_DOWN: 0.15, pygame.K_UP: -0.15, pygame.K_PAGEDOWN: 0.9, pygame.K_PAGEUP: -0.9,
                 pygame.K_SPACE: 0.9, pygame.K_END: 100.0, pygame.K_HOME: -100.0}
        if event.key in steps:
            self.scroll(steps[event.key])
        elif event.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER):
            self.back()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            self.key(event)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            super().handle(event)

    def back(self) -> None:
        self.app.show_overlay(self.back_to)

    def update(self, now: float) -> None:
        bar = getattr(self.box, "scroll_bar", None)
        if bar is not None:  # the wheel or the scroll bar moved it
            self.scrolled = bar.start_percentage

    def draw(self, surface: pygame.Surface) -> None:
        draw_backdrop(surface)
        pygame.draw.rect(surface, PANEL, self.panel, border_radius=self.px(8))
        super().draw(surface)
