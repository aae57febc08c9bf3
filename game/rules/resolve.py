"""Resolution: ``resolve(state, orders) -> Resolution(state, events)``.

The order of steps is part of the rules (docs/RULES.md, section 4):

1. budgets are set (missing orders keep last turn's);
2. builds are paid for and placed;
3. all movement is resolved in ticks (entrenched units do not move);
4. battles are fought, all at once; winners of assaults that destroyed the defender advance;
5. cities with a foreign unit on them change hands; players with no city are eliminated;
6. agreements in force are checked; violations are reported to both parties;
7. units that did not fight heal in their own territory; posture orders of units
   that did not move take effect (digging in, or leaving the works, takes the turn);
8. income is earned and split; intelligence stocks decay and grow; moles report;
9. agreements are made, answered, left or expire;
10. the turn advances and every player observes the new state.

``resolve`` is the unchecked *apply* step: orders must already have passed
``validation.check_orders`` against the player's view. ``resolve_checked``
does both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from game.rules import randomness
from game.rules.agreements import settle, violations
from game.rules.combat import BattleOutcome, fight_assault, fight_meeting
from game.rules.economy import decayed_intel, income_of, intel_level, split_income
from game.rules.errors import GameOverError
from game.rules.hexgrid import DIRECTIONS, Hex
from game.rules.movement import Mover, MovementResult, plan_movers, resolve_movement
from game.rules.observation import observe
from game.rules.orders import Order
from game.rules.budget import Budget
from game.rules.events import (
    Battle,
    BattleUnit,
    BuildFailed,
    Built,
    Captured,
    Eliminated,
    Event,
    GameOver,
    Income,
    MoleReport,
    Stopped,
)
from game.rules.state import Agreement, GameState, Player, PlayerId, Proposal, Unit, unit_order
from game.rules.validation import HOLD, PlayerOrders, check_orders
from game.rules.territory import territory_owner
from game.rules.views import view_for


@dataclass(frozen=True, slots=True)
class Resolution:
    state: GameState
    events: tuple[Event, ...]


def resolve_checked(state: GameState, orders: Mapping[PlayerId, list[Order]]) -> Resolution:
    """Check each player's orders against its view, then resolve.

    Raises:
        GameOverError, IllegalOrderError: from the first player whose orders fail.
    """
    checked = {player: check_orders(view_for(state, player), player_orders)
               for player, player_orders in sorted(orders.items())}
    return resolve(state, checked)


def resolve(state: GameState, orders: Mapping[PlayerId, PlayerOrders]) -> Resolution:
    """Resolve one turn. Players without orders hold, with last turn's budget.

    Raises:
        GameOverError: if the match has already ended.
    """
    if state.is_over:
        raise GameOverError("the match is over; there is no turn to resolve")
    turn = _Turn(state, orders)
    _set_budgets(turn)  # 1
    _place_builds(turn)  # 2
    _move(turn)  # 3
    _fight(turn)  # 4
    _capture(turn)  # 5
    _check_compliance(turn)  # 6
    _heal_and_dig_in(turn)  # 7
    _earn(turn)  # 8
    _settle_agreements(turn)  # 9
    return _next_turn(turn)  # 10


class _Turn:
    """The work in progress of one resolution, handed from step to step.

    Each player's new record is built once, in step 8 (dataclasses.replace is slow and
    this runs every turn): until then its budget, serial and purse after building are kept here.
    """

    __slots__ = ("state", "number", "alive", "orders", "events", "players", "budgets", "serials", "units",
                 "spent", "built", "movers", "movement", "fought", "aggressions", "city_owner", "eliminated",
                 "interim", "proposals", "agreements")

    def __init__(self, state: GameState, orders: Mapping[PlayerId, PlayerOrders]) -> None:
        self.state = state
        self.number = state.turn
        self.alive = [p for p in state.players if not p.eliminated]
        self.orders = {p.id: orders.get(p.id, HOLD) for p in self.alive}
        self.events: list[Event] = []
        self.players = {p.id: p for p in state.players}
        self.budgets: dict[PlayerId, Budget] = {}
        self.serials: dict[PlayerId, int] = {}
        self.units: dict[str, Unit] = dict(state.units)
        self.spent: dict[PlayerId, int] = {p.id: 0 for p in self.alive}
        self.built: dict[PlayerId, list[str]] = {p.id: [] for p in self.alive}
        self.movers: list[Mover] = []
        self.movement: MovementResult | None = None
        self.fought: set[str] = set()  # units in a battle this turn
        self.aggressions: set[tuple[PlayerId, PlayerId]] = set()  # (attacker, victim): attacks and captures
        self.city_owner: dict[Hex, PlayerId | None] = dict(state.city_owner)
        self.eliminated: set[PlayerId] = set()
        self.interim = state  # the state after captures, which compliance, healing and income read
        self.proposals: tuple[Proposal, ...] = state.proposals
        self.agreements: tuple[Agreement, ...] = state.agreements


def _set_budgets(turn: _Turn) -> None:
    """Step 1: this turn's budget split; a player without a budget order keeps last turn's."""
    for p in turn.alive:
        ordered = turn.orders[p.id].budget
        turn.budgets[p.id] = p.budget if ordered is None else ordered


def _place_builds(turn: _Turn) -> None:
    """Step 2: builds are paid for and placed, seat by seat (RULES §8.4)."""
    state, units, number = turn.state, turn.units, turn.number
    rules = state.scenario.ruleset
    occupied = {u.at for u in units.values()}
    for p in turn.alive:
        serial = p.next_serial
        for build in turn.orders[p.id].builds:
            cost = rules.units[build.kind].cost
            spot = _placement(state, build.at, occupied)
            is_affordable = turn.spent[p.id] + cost <= p.treasury
            if not is_affordable or spot is None:
                turn.events.append(BuildFailed(turn=number, at=build.at, unit_kind=build.kind,
                                               reason="no room" if is_affordable else "cannot afford",
                                               audience=frozenset({p.id})))
                continue
            unit = Unit(f"{p.letter}{serial}", p.id, build.kind, spot, rules.combat.strength_max)
            serial += 1
            units[unit.id] = unit
            occupied.add(spot)
            turn.spent[p.id] += cost
            turn.built[p.id].append(build.kind)
            turn.events.append(Built(turn=number, at=spot, unit=unit.id, unit_kind=unit.kind,
                                     audience=frozenset({p.id})))
        turn.serials[p.id] = serial


def _move(turn: _Turn) -> None:
    """Step 3: all movement at once, in ticks (RULES §5); units stopped on the way are told why."""
    scenario, units = turn.state.scenario, turn.units
    moving_players = [p.id for p in turn.alive]
    turn.movers = plan_movers(scenario.board, scenario.ruleset.units, units,
                              {p: turn.orders[p].moves for p in moving_players}, moving_players)
    movement = turn.movement = resolve_movement(units, turn.movers)
    for uid, at in movement.positions.items():
        if at != units[uid].at:
            units[uid] = units[uid].moved_to(at)
    for uid, why in sorted(movement.stops.items()):
        if why != "fought":
            u = units[uid]
            # Where it could not go and, if one of its own units was in the way, which (a rival's unit
            # is not named: the owner learns only that something stood there).
            into, by = movement.obstacles.get(uid, (None, None))
            turn.events.append(Stopped(turn=turn.number, at=u.at, unit=uid, reason=why, into=into,
                                       by=by if by is not None and units[by].owner == u.owner else "",
                                       audience=frozenset({u.owner})))


def _fight(turn: _Turn) -> None:
    """Step 4: every battle at once, from the strengths before any; winners of assaults advance (RULES §6)."""
    state, units, number = turn.state, turn.units, turn.number
    scenario, seed = state.scenario, state.seed
    movement = turn.movement
    assert movement is not None
    attacking = {m.unit.id for m in turn.movers if m.is_attack}
    outcomes: list[BattleOutcome] = [
        fight_assault(scenario, seed, number, battle, units) for _, battle in sorted(movement.assaults.items())
    ] + [fight_meeting(scenario, seed, number, battle, units, attacking) for battle in movement.meetings]
    before = {uid: units[uid].strength for outcome in outcomes for uid in outcome.roles}
    turn.fought = set(before)
    total_damage: dict[str, int] = {}
    for outcome in outcomes:
        for uid, loss in outcome.damage.items():
            total_damage[uid] = total_damage.get(uid, 0) + loss
    for uid, loss in total_damage.items():
        units[uid] = units[uid].with_strength(units[uid].strength - loss)
    destroyed = {uid for uid, u in units.items() if u.strength <= 0}
    for outcome in outcomes:
        fighters = []
        for uid, role in outcome.roles.items():
            u = units[uid]
            fighters.append(BattleUnit(uid, u.owner, u.kind, role, before[uid], max(0, u.strength)))
        # Listed by what an observer could know, ids last: a rival's hidden serial numbers
        # must not decide where its units stand in another player's report.
        fighters.sort(key=lambda f: (f.owner, f.role, f.kind, f.before, f.after, unit_order(f.unit)))
        owners = {units[uid].owner for uid in outcome.roles}
        # Attackers wrong the defender (or, in a meeting, every other side) but not
        # each other: joining the same assault is no attack on a partner.
        victims = {units[uid].owner for uid, role in outcome.roles.items() if role in ("defender", "meeting")}
        for uid in outcome.roles:
            if uid in attacking:
                for victim in victims - {units[uid].owner}:
                    turn.aggressions.add((units[uid].owner, victim))
        turn.events.append(Battle(turn=number, at=outcome.at, form=outcome.kind, units=tuple(fighters),
                                  audience=frozenset(owners)))
    for uid in sorted(destroyed):
        del units[uid]
    held = {u.at for u in units.values()} if movement.assaults else set()
    for at, battle in sorted(movement.assaults.items()):
        if battle.defender in destroyed and at not in held:
            survivors = [units[a] for a in battle.attackers if a in units]
            if survivors:
                winner = min(survivors, key=lambda u: (-u.strength, unit_order(u.id)))
                units[winner.id] = winner.moved_to(at, entrenched=False)
                held.discard(winner.at)
                held.add(at)


def _capture(turn: _Turn) -> None:
    """Step 5: cities with a foreign unit on them change hands; players left with none are out (RULES §7)."""
    units, city_owner, cities = turn.units, turn.city_owner, turn.state.scenario.board.cities
    # Only units standing on cities can capture; they are taken in id order.
    on_cities = [u for u in units.values() if u.at in city_owner]
    for u in sorted(on_cities, key=lambda u: unit_order(u.id)):
        previous = city_owner.get(u.at, u.owner)
        if previous != u.owner:
            city_owner[u.at] = u.owner
            if previous is not None:
                turn.aggressions.add((u.owner, previous))
            turn.events.append(Captured(turn=turn.number, at=u.at, city=cities[u.at].name, taken_from=previous,
                                        by=u.owner))
    holding = set(city_owner.values())
    turn.eliminated = {p.id for p in turn.alive if p.id not in holding}
    for pid in sorted(turn.eliminated):
        for uid in [uid for uid, u in units.items() if u.owner == pid]:
            del units[uid]
        turn.events.append(Eliminated(turn=turn.number, player=pid))
    state = turn.state
    turn.interim = GameState(state.scenario, turn.number, state.version, state.seed, state.players, city_owner,
                             units, state.proposals, state.agreements, state.events)


def _check_compliance(turn: _Turn) -> None:
    """Step 6: every agreement in force during the turn is checked (RULES §10.4)."""
    turn.events.extend(violations(turn.interim, turn.units, turn.aggressions, turn.number))


def _heal_and_dig_in(turn: _Turn) -> None:
    """Step 7: units that did not fight heal in their own territory; postures of units that stayed take effect."""
    units, combat = turn.units, turn.state.scenario.ruleset.combat
    heal, full = combat.heal_per_turn, combat.strength_max
    for uid, u in units.items():
        if u.strength < full and uid not in turn.fought and territory_owner(turn.interim, u.at) == u.owner:
            units[uid] = u.with_strength(min(full, u.strength + heal))  # no new key: iterating stays safe
    moved = turn.movement.moved if turn.movement is not None else set()
    # A posture order counts for the ordering player's own units that did not move.
    for pid, player_orders in turn.orders.items():
        for uid, posture in player_orders.postures.items():
            ordered = units.get(uid)
            if ordered is not None and ordered.owner == pid and uid not in moved:
                units[uid] = ordered.with_posture(posture)


def _earn(turn: _Turn) -> None:
    """Step 8: income is earned and split, intelligence decays and grows, moles report (RULES §8, §9)."""
    state, players = turn.state, turn.players
    for p in turn.alive:
        budget, treasury = turn.budgets[p.id], p.treasury - turn.spent[p.id]
        if p.id in turn.eliminated:
            players[p.id] = Player(p.id, p.name, p.aim, treasury, p.development, p.intel_stock, budget,
                                   turn.serials[p.id], True, p.knowledge)
            continue
        split = split_income(income_of(turn.interim, p), budget)
        treasury += split.military
        players[p.id] = Player(p.id, p.name, p.aim, treasury, p.development + split.development,
                               decayed_intel(state, p.intel_stock) + split.intelligence, budget, turn.serials[p.id],
                               p.eliminated, p.knowledge)
        turn.events.append(Income(turn=turn.number, income=split.income, military=split.military,
                                  development=split.development, intelligence=split.intelligence,
                                  spent=turn.spent[p.id], treasury=treasury, audience=frozenset({p.id})))
    turn.events.extend(_mole_reports(state, players, turn.built, turn.eliminated))


def _settle_agreements(turn: _Turn) -> None:
    """Step 9: agreements are left, proposals answered or expired, new ones made (RULES §10)."""
    turn.proposals, turn.agreements, events = settle(turn.state, turn.orders, turn.eliminated, turn.number)
    turn.events.extend(events)


def _next_turn(turn: _Turn) -> Resolution:
    """Step 10: the turn and version go up by one and every player observes the new state."""
    state, units = turn.state, turn.units
    # Kept units keep their places in the dict, so units already in id order stay so unless some were built.
    if any(turn.built.values()) or not state._units_in_order:
        units = {uid: units[uid] for uid in sorted(units, key=unit_order)}
    players = tuple(turn.players[p.id] for p in state.players)
    following = GameState(state.scenario, turn.number + 1, state.version + 1, state.seed, players, turn.city_owner,
                          units, turn.proposals, turn.agreements, ())
    if following.is_over:
        turn.events.append(GameOver(turn=turn.number, turns_played=turn.number))
    observed = observe(GameState(state.scenario, turn.number + 1, state.version + 1, state.seed, players,
                                 turn.city_owner, units, turn.proposals, turn.agreements, tuple(turn.events)))
    object.__setattr__(observed, "_units_in_order", True)
    return Resolution(observed, observed.events)


def _placement(state: GameState, city: Hex, occupied: set[Hex]) -> Hex | None:
    """Where a unit built at ``city`` appears: the city, or the first free neighbour."""
    board = state.scenario.board
    if city not in occupied:
        return city
    q, r = city
    for dq, dr in DIRECTIONS:
        h = (q + dq, r + dr)
        if board.is_passable(h) and h not in occupied and h not in board.cities:
            return h
    return None


def _mole_reports(
    state: GameState, players: dict[PlayerId, Player], built: dict[PlayerId, list[str]], eliminated: set[PlayerId]
) -> list[Event]:
    """Now and then intelligence turns up a leak: a rival's budget split (noisy) or its builds."""
    rules = state.scenario.ruleset.intelligence
    events: list[Event] = []
    seed, turn = state.seed, state.turn
    living = [p for p in players.values() if not p.eliminated and p.id not in eliminated]
    for spy in living:
        level = intel_level(state.scenario.ruleset, spy.intel_stock)
        for rival in living:
            if level == 0 or rival.id == spy.id:
                continue
            if randomness.uniform(seed, "mole", turn, spy.id, rival.id) >= level * rules.mole_chance_per_level:
                continue
            if randomness.uniform(seed, "mole-kind", turn, spy.id, rival.id) < rules.mole_budget_share:
                noise = rules.mole_noise
                b = rival.budget
                shares = (b.military, b.development, b.intelligence)
                draws = [randomness.below(seed, 2 * noise + 1, "mole-noise", turn, spy.id, rival.id, i) for i in range(3)]
                leaked = [min(100, max(0, share + draw - noise)) for share, draw in zip(shares, draws)]
                events.append(MoleReport(turn=turn, rival=rival.id, budget=Budget(*leaked), audience=frozenset({spy.id})))
            else:
                events.append(MoleReport(turn=turn, rival=rival.id, builds=tuple(sorted(built.get(rival.id, []))),
                                         audience=frozenset({spy.id})))
    return events
