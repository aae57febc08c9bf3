"""Hidden states that agree with one seat's view (determinization, for look-ahead).

``sample_state(view, beliefs, rng)`` builds a whole ``GameState`` the seat
cannot tell apart from what it has seen: its own units, purse and agreements
exactly; city owners (public) exactly; a rival unit for every signature it sees
now (and for every ghost no older than ``GHOST_AGE``), its type drawn through the
signature's reliability and its strength within the signature's range; each
rival's aim drawn from the seat's P(revisionist). What the seat cannot know —
rivals' purses, units it has never seen — is filled with neutral guesses. The
sample's random seed comes from the caller's ``rng``, never from the match.
"""

from __future__ import annotations

import random
from typing import Callable, Mapping

from game.intel.beliefs import Beliefs
from game.rules.economy import default_budget
from game.rules.legal import LegalOrders, legal_orders
from game.rules.observation import observe
from game.rules.orders import Order
from game.rules.resolve import resolve
from game.rules.state import PLAYER_LETTERS, GameState, Knowledge, Player, PlayerId, Sighting, Unit, unit_order
from game.rules.validation import HOLD, check_orders, order_problems
from game.rules.views import PlayerView, view_for

GHOST_AGE = 2
SERIAL_BASE = 1000  # sampled rival units get serials from here, clear of anything real
MAX_SEED = 2**63 - 1


def sample_state(view: PlayerView, beliefs: Beliefs, rng: random.Random) -> GameState:
    """One hidden state consistent with the view, drawn with the seat's beliefs."""
    scenario = view.scenario
    units_by_type = scenario.ruleset.units
    p_revisionist = beliefs.revisionist_probabilities(view)
    units: dict[str, Unit] = {u.id: u for u in view.units}
    taken = {u.at for u in view.units}
    serials = {r.id: SERIAL_BASE for r in view.rivals}
    seen = list(view.sightings) + [g for g in view.ghosts if view.turn - g.seen_turn <= GHOST_AGE]
    for s in seen:
        if s.at in taken or s.owner not in serials or not scenario.board.is_passable(s.at):
            continue
        kind = _draw_type(s, units_by_type, rng)
        uid = f"{PLAYER_LETTERS[s.owner]}{serials[s.owner]}"
        serials[s.owner] += 1
        units[uid] = Unit(uid, s.owner, kind, s.at, rng.randint(s.strength_low, max(s.strength_low, s.strength_high)),
                          s.entrenched and units_by_type[kind].can_move)
        taken.add(s.at)
    empty = Knowledge(frozenset(), (), ())
    budget = default_budget(scenario.ruleset)
    players = []
    eliminated = {r.id: r.is_eliminated for r in view.rivals}
    for seat in range(scenario.players):
        if seat == view.player:
            players.append(Player(seat, scenario.player_names[seat], view.aim, view.treasury,  # type: ignore[arg-type]
                                  view.development, 0, view.budget, SERIAL_BASE * 2, view.is_eliminated, empty))
            continue
        aim = "revisionist" if rng.random() < p_revisionist.get(seat, 0.0) else "security"
        players.append(Player(seat, scenario.player_names[seat], aim, scenario.starting_treasury,  # type: ignore[arg-type]
                              view.development, 0, budget, serials[seat], eliminated.get(seat, False), empty))
    state = GameState(
        scenario=scenario, turn=view.turn, version=view.version, seed=rng.randint(0, MAX_SEED),
        players=tuple(players), city_owner=dict(view.city_owner),
        units={uid: units[uid] for uid in sorted(units, key=unit_order)},
        proposals=tuple(view.proposals), agreements=tuple(view.agreements), events=(),
    )
    return observe(state)


def _draw_type(s: Sighting, units_by_type, rng: random.Random) -> str:  # type: ignore[no-untyped-def]
    if s.reliability >= 1 or rng.random() < s.reliability:
        return s.looks
    mistaken = sorted(name for name, t in units_by_type.items() if s.looks in t.looks_like)
    return rng.choice(mistaken) if mistaken else s.looks


Decide = Callable[[PlayerView, LegalOrders, int], list[Order]]


def play_out(state: GameState, deciders: Mapping[PlayerId, Decide], turns: int) -> GameState:
    """Play a sampled state forward: each seat's decider gets that seat's view of the sample.

    A decider is called as ``decide(view, legal, step)``. Orders that do not fit the
    sample (a plan made for the real view may name a hex a sampled unit now holds)
    are dropped for that seat, which then holds, as a missing order would.
    """
    for step in range(turns):
        if state.is_over:
            break
        checked = {}
        for player in state.players:
            if player.eliminated or player.id not in deciders:
                continue
            seat_view = view_for(state, player.id)
            orders = deciders[player.id](seat_view, legal_orders(seat_view), step)
            checked[player.id] = HOLD if order_problems(seat_view, orders) else check_orders(seat_view, orders)
        state = resolve(state, checked).state
    return state
