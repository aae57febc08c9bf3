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
from game.rules.state import AIMS as PLAYER_AIMS
from game.rules.state import PLAYER_LETTERS, GameState, Knowledge, Player, Unit

MAX_SEED = 2**63 - 1


AIMS = ("scenario", "security")  # the named choices; a tuple of one aim a seat is the third


def new_game(scenario: Scenario, seed: int, *, aims: str | tuple[str, ...] = "scenario") -> GameState:
    """The state at the start of turn 1.

    ``aims`` is ``"scenario"`` (the seed draws the revisionists within the scenario's range,
    section 1.1), ``"security"`` (every seat is a security seeker: the lab's way of asking what
    security seekers alone make of a world), or one aim a seat, ``"security"`` or
    ``"revisionist"`` (a teacher's choice, section 1.1). The draws are made in every case, so
    nothing else about the match changes, and the public range stays what the scenario says.

    Raises:
        RulesError: (code ``bad-seed``) if the seed is not an int in 0..2**63-1; (code
            ``bad-scenario``) if ``aims`` is neither one of ``AIMS`` nor one aim for each seat.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise RulesError(f"a seed is a whole number from 0 to {MAX_SEED}, got {seed!r}", code="bad-seed")
    seats = list(range(scenario.players))
    if isinstance(aims, tuple):
        if len(aims) != scenario.players or any(aim not in PLAYER_AIMS for aim in aims):
            raise RulesError(f"aims for {scenario.name} are one of security or revisionist for each of its "
                             f"{scenario.players} seats, got {aims!r}", code="bad-scenario")
    elif aims not in AIMS:
        raise RulesError(f"aims are one of {', '.join(AIMS)}, or one aim a seat; got {aims!r}", code="bad-scenario")
    low, high = scenario.revisionists
    count = low + randomness.below(seed, high - low + 1, "setup", "revisionists")
    revisionist = set(randomness.shuffled(seed, seats, "setup", "aims")[:count])
    if aims == "security":
        revisionist = set()
    elif isinstance(aims, tuple):
        revisionist = {seat for seat in seats if aims[seat] == "revisionist"}
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


def parse_aims(text: str, players: int) -> str | tuple[str, ...]:
    """A teacher's choice of aims, in words, as ``new_game`` takes it: ``"scenario"`` (the seed draws),
    ``"security"`` (every seat), or ``"revisionist:S"`` (seat S revisionist, every other a security
    seeker; ``"revisionist:0+2"`` names two). Seats count from 0.

    Raises:
        RulesError: (code ``bad-aims``) naming what is wrong with ``text``.
    """
    words = text.strip().lower()
    if words in AIMS:
        return words
    head, colon, seats_text = words.partition(":")
    if head != "revisionist" or not colon:
        raise RulesError(f"aims are scenario, security or revisionist:SEAT, got {text!r}", code="bad-aims")
    seats = set()
    for part in seats_text.split("+"):
        if not part.strip().isdigit() or not 0 <= int(part) < players:
            raise RulesError(f"{text!r}: a seat is a number from 0 to {players - 1}", code="bad-aims")
        seats.add(int(part))
    return tuple("revisionist" if seat in seats else "security" for seat in range(players))


def format_aims(aims: str | tuple[str, ...]) -> str:
    """``parse_aims``'s inverse: the words for a choice of aims."""
    if isinstance(aims, str):
        return aims
    return "revisionist:" + "+".join(str(seat) for seat, aim in enumerate(aims) if aim == "revisionist") \
        if "revisionist" in aims else "security"
