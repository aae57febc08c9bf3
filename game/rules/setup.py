"""Setting up a match: ``new_game(scenario, seed) -> GameState``.

The seed decides how many seats are revisionist (within the scenario's range)
and which ones; everything else starts as the scenario says. Starting units
stand on and around each player's capital (its first home city).
"""

from __future__ import annotations

from game.rules import randomness
from game.rules.economy import default_budget
from game.rules.errors import RulesError
from game.rules.hexgrid import Hex
from game.rules.observation import observe
from game.rules.scenario import Scenario
from game.rules.state import PLAYER_LETTERS, GameState, Knowledge, Player, Unit

MAX_SEED = 2**63 - 1


AIMS = ("scenario", "security")


def new_game(scenario: Scenario, seed: int, *, aims: str = "scenario") -> GameState:
    """The state at the start of turn 1.

    ``aims`` is ``"scenario"`` (the seed draws the revisionists within the scenario's range,
    section 1.1) or ``"security"`` (every seat is a security seeker; the draws are still made,
    so nothing else about the match changes, and the public range stays what the scenario says:
    the lab's way of asking what security seekers alone make of a world).

    Raises:
        RulesError: (code ``bad-seed``) if the seed is not an int in 0..2**63-1; (code
            ``bad-scenario``) if ``aims`` is not one of ``AIMS``.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise RulesError(f"a seed is a whole number from 0 to {MAX_SEED}, got {seed!r}", code="bad-seed")
    if aims not in AIMS:
        raise RulesError(f"aims are one of {', '.join(AIMS)}, got {aims!r}", code="bad-scenario")
    low, high = scenario.revisionists
    count = low + randomness.below(seed, high - low + 1, "setup", "revisionists")
    seats = list(range(scenario.players))
    revisionist = set(randomness.shuffled(seed, seats, "setup", "aims")[:count])
    if aims == "security":
        revisionist = set()
    empty = Knowledge(frozenset(), (), ())
    budget = default_budget(scenario.ruleset)
    units: dict[str, Unit] = {}
    occupied: set[Hex] = set()
    players = []
    full = scenario.ruleset.combat.strength_max
    for seat in seats:
        serial = 1
        spots = _spots(scenario, seat, occupied)
        if len(spots) < len(scenario.starting_units):
            raise RulesError(f"{scenario.name}: no room for {len(scenario.starting_units)} starting units near "
                             f"player {seat}'s capital", code="bad-scenario")
        for kind, at in zip(scenario.starting_units, spots):
            unit = Unit(f"{PLAYER_LETTERS[seat]}{serial}", seat, kind, at, full)
            units[unit.id] = unit
            occupied.add(at)
            serial += 1
        players.append(Player(
            id=seat, name=scenario.player_names[seat], aim="revisionist" if seat in revisionist else "security",
            treasury=scenario.starting_treasury, development=0, intel_stock=0, budget=budget,
            next_serial=serial, eliminated=False, knowledge=empty,
        ))
    state = GameState(
        scenario=scenario, turn=1, version=0, seed=seed, players=tuple(players),
        city_owner={c.at: c.home for c in scenario.map.cities}, units=units,
        proposals=(), agreements=(), events=(),
    )
    return observe(state)


def _spots(scenario: Scenario, seat: int, taken: set[Hex]) -> list[Hex]:
    """Free passable hexes nearest the seat's capital, in a fixed order."""
    board = scenario.board
    homes = scenario.map.homes_of(seat)
    capital = next((c for c in homes if c.is_capital), homes[0]).at
    spots = []
    for radius in range(0, scenario.ruleset.setup.starting_radius + 1):
        for h in board.within(capital, radius):
            if h not in spots and h not in taken and board.is_passable(h) and (h == capital or h not in board.cities):
                spots.append(h)
    return spots
