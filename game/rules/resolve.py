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
from game.rules.movement import plan_movers, resolve_movement
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
from game.rules.state import GameState, Player, PlayerId, Unit, unit_order
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
    scenario = state.scenario
    rules = scenario.ruleset
    turn = state.turn
    seed = state.seed
    alive = [p for p in state.players if not p.eliminated]
    orders = {p.id: orders.get(p.id, HOLD) for p in alive}
    events: list[Event] = []

    # 1-2. Budgets and builds. Each player's new record is built once, in step 8
    # (dataclasses.replace is slow and this runs every turn): until then, its
    # budget, serial and purse after building are kept here.
    players = {p.id: p for p in state.players}
    budgets = {p.id: p.budget if orders[p.id].budget is None else orders[p.id].budget for p in alive}
    serials: dict[PlayerId, int] = {}
    units: dict[str, Unit] = dict(state.units)
    occupied = {u.at for u in units.values()}
    spent: dict[PlayerId, int] = {p.id: 0 for p in alive}
    built: dict[PlayerId, list[str]] = {p.id: [] for p in alive}
    for p in alive:
        serial = p.next_serial
        for build in orders[p.id].builds:
            cost = rules.units[build.kind].cost
            spot = _placement(state, build.at, occupied)
            why = "cannot afford" if spent[p.id] + cost > p.treasury else "no room" if spot is None else None
            if why is not None or spot is None:
                events.append(BuildFailed(turn=turn, at=build.at, unit_kind=build.kind, reason=why,
                                          audience=frozenset({p.id})))
                continue
            unit = Unit(f"{p.letter}{serial}", p.id, build.kind, spot, rules.combat.strength_max)
            serial += 1
            units[unit.id] = unit
            occupied.add(spot)
            spent[p.id] += cost
            built[p.id].append(build.kind)
            events.append(Built(turn=turn, at=spot, unit=unit.id, unit_kind=unit.kind, audience=frozenset({p.id})))
        serials[p.id] = serial

    # 3. Movement.
    moving_players = [p.id for p in alive]
    movers = plan_movers(scenario.board, rules.units, units, {p: orders[p].moves for p in moving_players},
                         moving_players)
    movement = resolve_movement(units, movers)
    for uid, at in movement.positions.items():
        if at != units[uid].at:
            units[uid] = units[uid].moved_to(at)
    for uid, why in sorted(movement.stops.items()):
        if why != "fought":
            u = units[uid]
            # Where it could not go and, if one of its own units was in the way, which (a rival's unit
            # is not named: the owner learns only that something stood there).
            into, by = movement.obstacles.get(uid, (None, None))
            events.append(Stopped(turn=turn, at=u.at, unit=uid, reason=why, into=into,
                                  by=by if by is not None and units[by].owner == u.owner else "",
                                  audience=frozenset({u.owner})))

    # 4. Battles, all at once.
    attacking = {m.unit.id for m in movers if m.is_attack}
    outcomes: list[BattleOutcome] = [
        fight_assault(scenario, seed, turn, battle, units) for _, battle in sorted(movement.assaults.items())
    ] + [fight_meeting(scenario, seed, turn, battle, units, attacking) for battle in movement.meetings]
    before = {uid: units[uid].strength for outcome in outcomes for uid in outcome.roles}
    total_damage: dict[str, int] = {}
    for outcome in outcomes:
        for uid, loss in outcome.damage.items():
            total_damage[uid] = total_damage.get(uid, 0) + loss
    for uid, loss in total_damage.items():
        units[uid] = units[uid].with_strength(units[uid].strength - loss)
    destroyed = {uid for uid, u in units.items() if u.strength <= 0}
    aggressions: set[tuple[PlayerId, PlayerId]] = set()
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
                    aggressions.add((units[uid].owner, victim))
        events.append(Battle(turn=turn, at=outcome.at, form=outcome.kind, units=tuple(fighters),
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

    # 5. Captures and eliminations.
    city_owner = dict(state.city_owner)
    # Only units standing on cities can capture; they are taken in id order.
    on_cities = [u for u in units.values() if u.at in city_owner]
    for u in sorted(on_cities, key=lambda u: unit_order(u.id)):
        previous = city_owner.get(u.at, u.owner)
        if previous != u.owner:
            city_owner[u.at] = u.owner
            if previous is not None:
                aggressions.add((u.owner, previous))
            events.append(Captured(turn=turn, at=u.at, city=scenario.board.cities[u.at].name, taken_from=previous,
                                   by=u.owner))
    holding = set(city_owner.values())
    eliminated = {p.id for p in alive if p.id not in holding}
    for pid in sorted(eliminated):
        for uid in [uid for uid, u in units.items() if u.owner == pid]:
            del units[uid]
        events.append(Eliminated(turn=turn, player=pid))

    # 6. Compliance with the agreements in force this turn.
    interim = GameState(state.scenario, turn, state.version, seed, state.players, city_owner, units,
                        state.proposals, state.agreements, state.events)
    events.extend(violations(interim, units, aggressions, turn))

    # 7. Healing and digging in.
    fought = set(before)
    heal = rules.combat.heal_per_turn
    full = rules.combat.strength_max
    for uid, u in units.items():
        if u.strength < full and uid not in fought and territory_owner(interim, u.at) == u.owner:
            units[uid] = u.with_strength(min(full, u.strength + heal))  # no new key: iterating stays safe
    # A posture order counts for the ordering player's own units that did not move.
    for pid, player_orders in orders.items():
        for uid, posture in player_orders.postures.items():
            u = units.get(uid)
            if u is not None and u.owner == pid and uid not in movement.moved:
                units[uid] = u.with_posture(posture)

    # 8. Economy and intelligence.
    for p in alive:
        budget, treasury = budgets[p.id], p.treasury - spent[p.id]
        if p.id in eliminated:
            players[p.id] = Player(p.id, p.name, p.aim, treasury, p.development, p.intel_stock, budget,
                                   serials[p.id], True, p.knowledge)
            continue
        split = split_income(income_of(interim, p), budget)
        treasury += split.military
        players[p.id] = Player(p.id, p.name, p.aim, treasury, p.development + split.development,
                               decayed_intel(state, p.intel_stock) + split.intelligence, budget, serials[p.id],
                               p.eliminated, p.knowledge)
        events.append(Income(turn=turn, income=split.income, military=split.military, development=split.development,
                             intelligence=split.intelligence, spent=spent[p.id], treasury=treasury,
                             audience=frozenset({p.id})))
    events.extend(_mole_reports(state, players, built, eliminated))

    # 9. Agreements made, answered, left, expired.
    proposals, agreements, agreement_events = settle(state, orders, eliminated, turn)
    events.extend(agreement_events)

    # 10. Next turn.
    # Kept units keep their places in the dict, so units already in id order stay so unless some were built.
    if any(built.values()) or not state._units_in_order:
        units = {uid: units[uid] for uid in sorted(units, key=unit_order)}
    next_state = GameState(scenario, turn + 1, state.version + 1, seed, tuple(players[p.id] for p in state.players),
                           city_owner, units, proposals, agreements, ())
    if next_state.is_over:
        events.append(GameOver(turn=turn, turns_played=turn))
    next_state = observe(GameState(scenario, turn + 1, state.version + 1, seed, next_state.players,
                                   city_owner, units, proposals, agreements, tuple(events)))
    object.__setattr__(next_state, "_units_in_order", True)
    return Resolution(next_state, next_state.events)


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
    events = []
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
                leaked = [min(100, max(0, share + randomness.below(seed, 2 * noise + 1, "mole-noise", turn, spy.id, rival.id, i) - noise))
                          for i, share in enumerate((b.military, b.development, b.intelligence))]
                events.append(MoleReport(turn=turn, rival=rival.id, budget=Budget(*leaked), audience=frozenset({spy.id})))
            else:
                events.append(MoleReport(turn=turn, rival=rival.id, builds=tuple(sorted(built.get(rival.id, []))),
                                         audience=frozenset({spy.id})))
    return events
