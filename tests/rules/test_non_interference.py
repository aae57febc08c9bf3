"""Non-interference: what a player cannot see never changes a byte of what it is shown.

Two levels. ``view_for`` must read only a seat's own part of the state, so
changing a rival's secrets leaves ``canonical_bytes(view_for(state, P).to_mapping())``
unchanged. But a seat's knowledge is itself computed from the whole state by
``observation.observe`` at the end of every resolution, so the same changes are
also pushed through ``observe`` (with P's knowledge from before that step) and
must again leave P's view unchanged: the observation step does not leak either.

States come from real bot matches a few turns in; hypothesis picks the state,
the seat and the change. Whole matches are compared too: a rival's hidden
actions (a build at a far city, a pact with a third player) must leave P's view
identical turn by turn for as long as none of the difference comes into P's sight.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from game.bots.basic import BasicBot
from game.bots.random_bot import RandomBot
from game.rules import check_orders, legal_orders, new_game, omniscient_view, resolve, spectator_view, view_for
from game.rules.events import Built, Eliminated, MoleReport
from game.rules.hexgrid import Hex, distance
from game.rules.observation import observe
from game.rules.orders import Answer, Build, Move, Order, Propose, SetBudget, SetPosture
from game.rules.scenario import Scenario
from game.rules.state import (
    AIMS,
    PLAYER_LETTERS,
    Agreement,
    Budget,
    GameState,
    Knowledge,
    PlayerId,
    Proposal,
    Sighting,
    Unit,
    canonical_bytes,
)
from game.rules.territory import border_zone
from game.selfplay import play_match

MATCH_SEEDS = (11, 12, 13)
DUEL_TURNS = 8
STANDARD_TURNS = 5

# --- Sample states from real matches -------------------------------------------------------------

_played: dict[tuple[str, int], list[GameState]] = {}


def match_states(scenario: Scenario, seed: int, turns: int) -> list[GameState]:
    """The states of a bot match, the initial one first (played once per session)."""
    key = (scenario.name, seed)
    if key not in _played:
        bots = [BasicBot() if seat % 2 == 0 else RandomBot() for seat in range(scenario.players)]
        states = [new_game(scenario, seed)]
        play_match(scenario, seed, bots, max_turns=turns, on_turn=lambda state, _: states.append(state))
        _played[key] = states
    return _played[key]


def view_bytes(state: GameState, player: PlayerId) -> bytes:
    return canonical_bytes(view_for(state, player).to_mapping())


def replace_player(state: GameState, player: PlayerId, **changes: Any) -> GameState:
    players = list(state.players)
    players[player] = replace(players[player], **changes)
    return replace(state, players=tuple(players))


def detected_by(state: GameState, player: PlayerId) -> set[Hex]:
    """Hexes where ``player`` would detect a foreign unit, worked out from docs/RULES.md 9.1-9.2
    rather than the engine's own code: an eye (a unit or a city) of range r at distance d detects
    a unit on a hex if d <= r and r - d >= the hex's hide, or if d == 1."""
    rules = state.scenario.ruleset
    board = state.scenario.board
    intel = rules.intelligence
    level = min(intel.max_level, state.players[player].intel_stock // intel.points_per_level)
    bonus = level // intel.levels_per_sight if intel.levels_per_sight else 0
    eyes = [(h, intel.city_sight + bonus) for h in state.cities_of(player)]
    eyes += [(u.at, rules.units[u.kind].sight + bonus) for u in state.units_of(player)]
    found = set()
    for centre, radius in eyes:
        for h in board.within(centre, radius):
            d = distance(h, centre)
            if d == 1 or radius - d >= board.terrain[h].hide:
                found.add(h)
    return found


def concealed_from(state: GameState, player: PlayerId) -> list[Hex]:
    """Passable hexes where ``player`` cannot make out a unit now: out of sight, or hidden by terrain,
    and outside the border zones its inspection agreements open to it. Cities are left out, so that
    a moved unit never stands on a city it does not own."""
    board = state.scenario.board
    detected = detected_by(state, player)
    opened: set[Hex] = set()
    for agreement in state.agreements_of(player):
        if agreement.kind == "inspection":
            opened |= border_zone(state, player, agreement.other(player))
    return sorted(
        h for h, terrain in board.terrain.items()
        if terrain.is_passable and h not in board.cities and h not in opened
        and h not in detected
    )


def reobserve(state: GameState, previous: GameState) -> GameState:
    """Run the observation step again, from each player's knowledge before it (in ``previous``)."""
    players = tuple(replace(p, knowledge=old.knowledge) for p, old in zip(state.players, previous.players))
    return observe(replace(state, players=players))


# --- Changes to things the seat cannot see -------------------------------------------------------
# Each takes (state, seat, draw) and returns the changed state; where it finds nothing to change
# in this state, it rejects the example with ``assume``.

Change = Callable[[GameState, PlayerId, Callable[..., Any]], GameState]


def _rival(state: GameState, me: PlayerId, draw) -> PlayerId:  # type: ignore[no-untyped-def]
    return draw(st.sampled_from([p.id for p in state.players if p.id != me]))


def rival_aim(state, me, draw):  # type: ignore[no-untyped-def]
    rival = _rival(state, me, draw)
    return replace_player(state, rival, aim=AIMS[1 - AIMS.index(state.players[rival].aim)])


def rival_purse(state, me, draw):  # type: ignore[no-untyped-def]
    rival = _rival(state, me, draw)
    military = draw(st.integers(0, 100))
    development = draw(st.integers(0, 100 - military))
    return replace_player(
        state, rival, treasury=draw(st.integers(0, 500)), development=draw(st.integers(0, 500)),
        intel_stock=draw(st.integers(0, 60)), budget=Budget(military, development, 100 - military - development),
    )


def secret_seed(state, me, draw):  # type: ignore[no-untyped-def]
    return replace(state, seed=draw(st.integers(0, 2**63 - 1).filter(lambda s: s != state.seed)))


def rival_knowledge(state, me, draw):  # type: ignore[no-untyped-def]
    rival = _rival(state, me, draw)
    old = state.players[rival].knowledge
    board = state.scenario.board
    fake = Sighting(draw(st.sampled_from(sorted(board.terrain))), me, "armor", 0.5, 1, 10, False, state.turn - 1)
    knowledge = draw(st.sampled_from([
        Knowledge(frozenset(), (), ()),
        Knowledge(frozenset(board.terrain), old.sightings, old.report),
        Knowledge(old.visible, (fake,), old.report),
        Knowledge(old.visible, old.sightings, old.report + (MoleReport(turn=state.turn - 1, rival=me, builds=()),)),
    ]))
    return replace_player(state, rival, knowledge=knowledge)


def hidden_events(state, me, draw):  # type: ignore[no-untyped-def]
    rival = _rival(state, me, draw)
    hidden = [e for e in state.events if not e.is_seen_by(me)]
    visible = [e for e in state.events if e.is_seen_by(me)]
    where = concealed_from(state, me)
    invented = Built(turn=state.turn - 1, at=where[0] if where else None, unit="zz", unit_kind="armor",
                     audience=frozenset({rival}))
    how = draw(st.sampled_from(["drop", "add", "rewrite"]))
    if how == "drop":
        assume(hidden)
        return replace(state, events=tuple(visible))
    if how == "add":
        return replace(state, events=state.events + (invented,))
    assume(hidden)
    # Each hidden event told as something else that happened elsewhere.
    rewritten = [e if e.is_seen_by(me) else Eliminated(turn=e.turn, at=where[0] if where else None, player=rival,
                                                      audience=e.audience) for e in state.events]
    return replace(state, events=tuple(rewritten))


def others_diplomacy(state, me, draw):  # type: ignore[no-untyped-def]
    others = [p.id for p in state.players if p.id != me and not p.eliminated]
    assume(len(others) >= 2)
    a, b = sorted(draw(st.permutations(others))[:2])
    mine_a = [x for x in state.agreements if x.binds(me)]
    mine_p = [x for x in state.proposals if me in (x.proposer, x.target)]
    kind = draw(st.sampled_from(["non_aggression", "arms_cap", "demilitarised", "inspection"]))
    hexes = tuple(concealed_from(state, me)[:2]) if kind == "demilitarised" else ()
    cap = 1 if kind == "arms_cap" else None
    how = draw(st.sampled_from(["drop", "add"]))
    if how == "drop":
        assume(len(mine_a) < len(state.agreements) or len(mine_p) < len(state.proposals))
        return replace(state, agreements=tuple(mine_a), proposals=tuple(mine_p))
    pid = f"{state.turn - 1}.{a}.{b}.0"
    return replace(
        state,
        agreements=state.agreements + (Agreement(pid[:-1] + "1", kind, (a, b), state.turn - 1, cap, hexes),),
        proposals=state.proposals + (Proposal(pid, kind, a, b, state.turn - 1, cap, hexes),),
    )


def hidden_units(state, me, draw):  # type: ignore[no-untyped-def]
    strength_max = state.scenario.ruleset.combat.strength_max
    where = concealed_from(state, me)
    free = [h for h in where if h not in state.unit_at]
    rivals = [p.id for p in state.players if p.id != me and not p.eliminated]
    hidden = [u for u in state.units.values() if u.owner != me and u.at in set(where)]
    how = draw(st.sampled_from(["move", "alter", "add", "delete"]))
    units = dict(state.units)
    players = list(state.players)
    if how == "add":
        assume(free and rivals)
        owner = draw(st.sampled_from(rivals))
        serial = players[owner].next_serial
        uid = f"{PLAYER_LETTERS[owner]}{serial}"
        kind = draw(st.sampled_from(sorted(state.scenario.ruleset.units)))
        units[uid] = Unit(uid, owner, kind, draw(st.sampled_from(free)), draw(st.integers(1, strength_max)))
        players[owner] = replace(players[owner], next_serial=serial + 1)
    else:
        # Units where P remembers an old sighting (a ghost) are where a leak is likeliest.
        ghosts = {s.at for s in state.players[me].knowledge.sightings if s.seen_turn != state.turn}
        haunted = [u for u in hidden if u.at in ghosts]
        pool = draw(st.sampled_from([hidden, haunted])) if haunted else hidden
        assume(pool)
        unit = draw(st.sampled_from(pool))
        if how == "delete":
            del units[unit.id]
        elif how == "move":
            assume(free)
            units[unit.id] = replace(unit, at=draw(st.sampled_from(free)), entrenched=False)
        else:
            kind = draw(st.sampled_from(sorted(state.scenario.ruleset.units)))
            units[unit.id] = replace(unit, kind=kind, strength=draw(st.integers(1, strength_max)),
                                     entrenched=draw(st.booleans()))
    ordered = dict(sorted(units.items(), key=lambda item: (item[0][0], int(item[0][1:]))))
    return replace(state, units=ordered, players=tuple(players))


CHANGES: list[Change] = [rival_aim, rival_purse, secret_seed, rival_knowledge, hidden_events, others_diplomacy, hidden_units]
OBSERVED_CHANGES = [c for c in CHANGES if c is not secret_seed]  # the seed is the noise of P's own sightings


def _check_change(  # type: ignore[no-untyped-def]
    scenario: Scenario, turns: int, data, change: Change, *, through_observe: bool
) -> None:
    states = match_states(scenario, data.draw(st.sampled_from(MATCH_SEEDS), label="seed"), turns)
    index = data.draw(st.integers(1, len(states) - 1), label="turn")
    previous, state = states[index - 1], states[index]
    me = data.draw(st.sampled_from([p.id for p in state.players if not p.eliminated]), label="seat")
    changed = change(state, me, data.draw)
    expected = view_bytes(state, me)
    if through_observe:
        assert view_bytes(reobserve(state, previous), me) == expected  # observing is reproducible
        assert view_bytes(reobserve(changed, previous), me) == expected, f"{change.__name__} leaks through observe"
    else:
        assert view_bytes(changed, me) == expected, f"{change.__name__} leaks through view_for"
        assert canonical_bytes(spectator_view(changed)) == canonical_bytes(spectator_view(state))


def _cases(changes: list[Change]) -> list:  # type: ignore[type-arg]
    # Diplomacy between others needs a third player: not in a duel.
    return [pytest.param(name, turns, change, id=f"{name}-{change.__name__}")
            for name, turns in (("duel", DUEL_TURNS), ("standard", STANDARD_TURNS))
            for change in changes if not (name == "duel" and change is others_diplomacy)]


@pytest.mark.parametrize("name, turns, change", _cases(CHANGES))
@settings(max_examples=25)
@given(data=st.data())
def test_view_ignores_what_the_seat_cannot_see(name, turns, change, request, data):
    _check_change(request.getfixturevalue(name), turns, data, change, through_observe=False)


@pytest.mark.parametrize("name, turns, change", _cases(OBSERVED_CHANGES))
@settings(max_examples=25)
@given(data=st.data())
def test_observation_ignores_what_the_seat_cannot_see(name, turns, change, request, data):
    _check_change(request.getfixturevalue(name), turns, data, change, through_observe=True)


def test_every_kind_of_change_applies_somewhere(duel, standard):
    # Guard against a vacuous property: each change must find something to change in the samples.
    for scenario, turns in ((duel, DUEL_TURNS), (standard, STANDARD_TURNS)):
        states = [s for seed in MATCH_SEEDS for s in match_states(scenario, seed, turns)[1:]]
        assert any(concealed_from(s, 0) and any(u.owner != 0 and u.at in set(concealed_from(s, 0))
                                                  for u in s.units.values()) for s in states)
        assert any(not e.is_seen_by(0) for s in states for e in s.events)
    states = [s for seed in MATCH_SEEDS for s in match_states(standard, seed, STANDARD_TURNS)]
    assert any(not a.binds(0) for s in states for a in s.agreements)
    assert any(0 not in (p.proposer, p.target) for s in states for p in s.proposals)


# --- Ids shown to a seat -------------------------------------------------------------------------


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in _strings(key) + _strings(value)]
    if isinstance(data, (list, tuple)):
        return [s for item in data for s in _strings(item)]
    return []


@pytest.mark.parametrize("name", ["duel", "standard"])
def test_a_view_names_no_rival_unit(name, request):
    # A unit id counts its owner's builds; a rival's ids would tell P how many it has built.
    scenario = request.getfixturevalue(name)
    for seed in MATCH_SEEDS:
        for state in match_states(scenario, seed, DUEL_TURNS if name == "duel" else STANDARD_TURNS):
            for player in state.players:
                rival_letters = PLAYER_LETTERS[:scenario.players].replace(player.letter, "")
                foreign = re.compile(f"[{rival_letters}][0-9]+")
                shown = _strings(view_for(state, player.id).to_mapping())
                assert not [s for s in shown if foreign.fullmatch(s)]


def test_a_battle_report_does_not_depend_on_rival_unit_serials(duel):
    # Player 1 attacks a1 with an armor and a weakened infantry, both built where player 0 never
    # saw them. In one world the armor was built first (b8, b9), in the other second (b9, b8).
    # The battle is the same; player 0's report of it must be the same too.
    start = new_game(duel, 5)

    def world(armor: str, infantry: str) -> GameState:
        units = {"a1": Unit("a1", 0, "armor", (3, 4), 10),
                 armor: Unit(armor, 1, "armor", (4, 3), 10),
                 infantry: Unit(infantry, 1, "infantry", (2, 5), 5)}
        players = (replace(start.players[0], next_serial=2), replace(start.players[1], next_serial=10))
        state = observe(replace(start, units=dict(sorted(units.items(), key=lambda i: (i[0][0], int(i[0][1:])))),
                                players=players))
        orders = [Move(armor, (3, 4), is_attack=True), Move(infantry, (3, 4), is_attack=True)]
        return resolve(state, {1: check_orders(view_for(state, 1), orders)}).state

    def battle(state: GameState, rename: dict[str, str]) -> list[str]:
        return sorted(str(replace(u, unit=rename.get(u.unit, u.unit)))
                      for e in state.events if e.kind == "battle" for u in e.units)

    first, second = world("b8", "b9"), world("b9", "b8")
    assert battle(first, {}) and battle(first, {}) == battle(second, {"b8": "b9", "b9": "b8"})  # the same battle
    assert view_bytes(second, 0) == view_bytes(first, 0)


# --- Whole matches where a rival acts out of sight -----------------------------------------------


def _toward(state: GameState, player: PlayerId, unit: Unit, goal: Hex) -> Move | None:
    view = view_for(state, player)
    options = legal_orders(view).moves.get(unit.id, ())
    if not options:
        return None
    best = min(options, key=lambda d: (distance(d.to, goal), d.to))
    return Move(unit.id, best.to, is_attack=True) if distance(best.to, goal) < distance(unit.at, goal) else None


def _script(state: GameState, me: PlayerId, rival: PlayerId, third: PlayerId | None, far: Hex,
            is_secret: bool) -> dict[PlayerId, list[Order]]:
    """This turn's orders. P builds and digs in; the rival marches on P's capital, and in the secret
    world also builds at its far city (and leaves that unit there) and makes a pact with a third player."""
    turn = state.turn
    home = capital_of(state.scenario, me)
    rival_home = next(h for h in sorted(state.cities_of(rival)) if h != far)
    orders: dict[PlayerId, list[Order]] = {me: [], rival: []}
    orders[me].append(SetBudget(Budget(50, 50, 0)))  # no intelligence: no moles to learn of secret builds
    if turn == 1:
        orders[me].append(Build("infantry", home))
    orders[me] += [SetPosture(u.id, True) for u in state.units_of(me) if not u.entrenched]
    if turn == 1 and is_secret:
        orders[rival].append(Build("infantry", far))
    if turn == 2:
        orders[rival].append(Build("armor", rival_home))
    if turn == 1:
        if third is not None and is_secret:
            orders[rival].append(Propose("non_aggression", third))
        orders[rival].append(Propose("non_aggression", me))
    secret_unit = f"{PLAYER_LETTERS[rival]}{len(state.scenario.starting_units) + 1}"  # its first build
    for unit in state.units_of(rival):
        if is_secret and unit.id == secret_unit:
            continue
        move = _toward(state, rival, unit, home)
        if move is not None:
            orders[rival].append(move)
    if third is not None and is_secret and turn == 2:
        orders[third] = [Answer(p.id, True) for p in state.proposals if p.target == third]
    return orders


def capital_of(scenario: Scenario, player: PlayerId) -> Hex:
    homes = scenario.map.homes_of(player)
    return next((c.at for c in homes if c.is_capital), homes[0].at)


def _secret_hexes(secret: GameState, plain: GameState) -> set[Hex]:
    """Where the two worlds' units differ (by position, kind, strength or posture, ignoring ids)."""
    def facts(state: GameState) -> set[tuple]:
        return {(u.owner, u.kind, u.at, u.strength, u.entrenched) for u in state.units.values()}
    return {f[2] for f in facts(secret) ^ facts(plain)}


def compare_worlds(scenario: Scenario, seed: int, me: PlayerId, turns: int) -> tuple[int, bool]:
    """Play the secret and the plain world side by side and compare P's views turn by turn, until
    the difference comes into P's sight. Returns the turns compared and whether P fought in them."""
    start = new_game(scenario, seed)
    mine = start.cities_of(me)
    candidates = [(min(distance(c, m) for m in mine), c, p.id)
                  for p in start.players if p.id != me for c in start.cities_of(p.id) if c not in start.unit_at]
    _, far, rival = max(candidates)
    third = next((p.id for p in start.players if p.id not in (me, rival)), None)
    worlds = {True: start, False: start}
    compared, fought = 0, False
    for _ in range(turns):
        for is_secret, state in list(worlds.items()):
            orders = _script(state, me, rival, third, far, is_secret)
            checked = {p: check_orders(view_for(state, p), o) for p, o in orders.items()}
            worlds[is_secret] = resolve(state, checked).state
        secret, plain = worlds[True], worlds[False]
        if _secret_hexes(secret, plain) & detected_by(secret, me):
            break  # the difference came into P's sight: from here on P may rightly see more
        assert view_bytes(secret, me) == view_bytes(plain, me), f"turn {secret.turn - 1}"
        if secret.turn == 2:
            # The rival's proposal to P is named the same although, in the secret world, the
            # rival also made one (first) to a third player.
            assert f"1.{rival}.{me}.0" in {p.id for p in view_for(secret, me).proposals}
        compared += 1
        fought |= any(e.kind == "battle" for e in secret.players[me].knowledge.report)
    # The worlds really differed: a hidden unit, and with a third player a pact P is not party to.
    assert _secret_hexes(secret, plain)
    if third is not None:
        assert any(set(a.parties) == {rival, third} for a in secret.agreements)
    return compared, fought


@pytest.mark.parametrize("name, turns", [("duel", 10), ("standard", 6)])
def test_a_rivals_unseen_actions_leave_the_view_unchanged(name, turns, request):
    scenario: Scenario = request.getfixturevalue(name)
    compared, fought = compare_worlds(scenario, 3, 0, turns)
    assert compared >= 3
    # In the duel the rival's later units, whose ids differ between the worlds, also fight P.
    assert fought or scenario.players > 2


# --- Spectators and the reveal -------------------------------------------------------------------

PRIVATE_KEYS = {"aim", "treasury", "development", "intel_stock", "budget", "units", "seed", "knowledge",
                "sightings", "ghosts", "report", "audience", "proposals", "agreements", "visible", "next_serial"}


def _keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in _keys(value)}
    if isinstance(data, (list, tuple)):
        return {k for item in data for k in _keys(item)}
    return set()


@pytest.mark.parametrize("name", ["duel", "standard"])
def test_a_spectator_sees_only_public_facts(name, request):
    scenario = request.getfixturevalue(name)
    for seed in MATCH_SEEDS:
        for state in match_states(scenario, seed, DUEL_TURNS if name == "duel" else STANDARD_TURNS):
            shown = spectator_view(state)
            assert not _keys(shown) & PRIVATE_KEYS
            assert len(shown["events"]) == sum(1 for e in state.events if e.audience is None)
            secretless = replace(state, seed=state.seed + 1, units={}, events=tuple(
                e for e in state.events if e.audience is None), players=tuple(
                replace(p, aim="security", treasury=0, development=0, intel_stock=0,
                        knowledge=Knowledge(frozenset(), (), ())) for p in state.players),
                proposals=(), agreements=())
            assert canonical_bytes(spectator_view(secretless)) == canonical_bytes(shown)


@pytest.mark.parametrize("name", ["duel", "standard"])
def test_the_reveal_holds_everything_but_the_seed(name, request):
    scenario = request.getfixturevalue(name)
    state = match_states(scenario, MATCH_SEEDS[0], DUEL_TURNS if name == "duel" else STANDARD_TURNS)[-1]
    state = replace(state, seed=2**62 + 987654321)  # a seed too long to turn up by chance
    shown = omniscient_view(state)
    assert "seed" not in _keys(shown) and str(state.seed) not in canonical_bytes(shown).decode()
    assert {"players", "units", "events", "scores"} <= set(shown)
    assert canonical_bytes(omniscient_view(replace(state, seed=state.seed ^ 1))) == canonical_bytes(shown)
