"""The deterrence model (RULES §13.2): one real revisionist, and it goes for the weakest."""

from __future__ import annotations

from dataclasses import replace

from game.assets import load_scenario
from game.bots import make_bot
from game.bots.personality import RivalRead
from game.rules.hexgrid import distance
from game.rules.setup import new_game
from game.rules.state import Sighting, Unit
from game.rules.views import view_for


def test_the_deterrence_scenario_has_exactly_one_revisionist_and_says_its_lesson() -> None:
    scenario = load_scenario("deterrence")
    assert scenario.revisionists == (1, 1) and scenario.players == 4
    assert "appeas" in scenario.lesson
    for seed in range(5):
        assert sum(p.aim == "revisionist" for p in new_game(scenario, seed).players) == 1


def _ready_revisionist_view(guarded: int | None):  # type: ignore[no-untyped-def]
    """The revisionist seat's first view, with an army big enough to march and, if given, many
    of rival ``guarded``'s units seen around its cities."""
    scenario = load_scenario("deterrence")
    state = new_game(scenario, 3)
    me = next(p.id for p in state.players if p.aim == "revisionist")
    view = view_for(state, me)
    home = next(h for h, owner in sorted(view.city_owner.items()) if owner == me)
    army = tuple(Unit(f"{'abcd'[me]}{50 + i}", me, "infantry", home, 10) for i in range(12))
    sightings: tuple[Sighting, ...] = ()
    if guarded is not None:
        cities = [h for h, owner in view.city_owner.items() if owner == guarded]
        board = scenario.board
        ring = sorted({h for c in cities for h in board.within_set(c, 2) if board.is_passable(h)})
        sightings = tuple(Sighting(h, guarded, "infantry", 0.9, 8, 10, True, view.turn) for h in ring[:12])
    return replace(view, units=view.units + army, sightings=sightings), me


def test_a_revisionist_goes_for_the_nearest_calm_rival_unless_it_is_guarded() -> None:
    view, me = _ready_revisionist_view(None)
    rivals = [r.id for r in view.rivals]
    reads = {r: RivalRead(0.3, 0.05, 0.3, 0.05) for r in rivals}
    bot = make_bot("revisionist")
    chosen = bot._choose_campaign(view, reads, [])  # type: ignore[attr-defined]
    assert chosen is not None
    mine = [h for h, o in view.city_owner.items() if o == me]

    def near(r: int) -> int:
        return min(distance(a, b) for a in mine for b in (h for h, o in view.city_owner.items() if o == r))
    assert near(chosen) == min(near(r) for r in rivals)
    guarded_view, _ = _ready_revisionist_view(chosen)
    other = make_bot("revisionist")._choose_campaign(guarded_view, reads, [])  # type: ignore[attr-defined]
    assert other is not None and other != chosen  # deterred: it turns to a weaker prey
