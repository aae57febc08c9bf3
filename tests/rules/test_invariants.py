"""Property tests: invariants that hold after every resolve, the order notation, and legal orders.

Matches are played seat by seat exactly as ``game.selfplay.play_match`` plays
them (each bot sees only its view and the legal orders listed from it, and its
orders are checked), but every state is checked as soon as it is resolved, so a
failure names the turn that broke the rule. Hypothesis draws the seed and the
mix of bots; ``AgitatorBot`` adds orders the stock bots rarely give (postures,
every kind of proposal, answers, leaving), so agreements and their checks run too.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.bots import make_bot
from game.rules import (
    IllegalOrderError,
    OrderSyntaxError,
    check_orders,
    format_orders,
    legal_orders,
    new_game,
    order_problems,
    parse_order,
    parse_orders,
    resolve,
    view_for,
)
from game.rules.events import Battle
from game.rules.hexgrid import distance, format_hex
from game.rules.legal import LegalOrders
from game.rules.orders import Answer, Build, Leave, Move, Order, Propose, SetBudget, SetPosture
from game.rules.scenario import Scenario
from game.rules.state import AGREEMENT_KINDS, PLAYER_LETTERS, Budget, GameState
from game.rules.views import PlayerView
from game.bots.seat import SeatBot
from game.selfplay import replay

DUEL_TURNS = 20  # a whole duel
STANDARD_TURNS = 5


# --- A bot that gives every kind of legal order --------------------------------------------------


class AgitatorBot:
    """Random legal orders of every kind, including the ones ``RandomBot`` seldom or never gives.

    It drafts orders from the legal lists, then keeps each only if the orders kept so far
    and it pass validation together (the lists promise legality one order at a time).
    """

    name = "agitator"

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        kept: list[Order] = []
        for order in self._draft(view, legal, rng):
            if not order_problems(view, kept + [order]):
                kept.append(order)
        return kept

    def _draft(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        orders: list[Order] = []
        if legal.budgets and rng.random() < 0.5:
            orders.append(SetBudget(rng.choice(legal.budgets)))
        money = view.treasury
        units = view.scenario.ruleset.units
        for city, kinds in legal.builds.items():
            affordable = [k for k in kinds if units[k].cost <= money]
            if affordable and rng.random() < 0.4:
                kind = rng.choice(affordable)
                money -= units[kind].cost
                orders.append(Build(kind, city))
        for unit_id in legal.postures:
            destinations = legal.moves.get(unit_id, ())
            roll = rng.random()
            if destinations and roll < 0.5:
                d = rng.choice(destinations)
                orders.append(Move(unit_id, d.to, is_attack=d.needs_attack or rng.random() < 0.5))
            elif roll < 0.75:
                orders.append(SetPosture(unit_id, rng.choice(legal.postures[unit_id])))
        passable = sorted(h for h, t in view.scenario.board.terrain.items() if t.is_passable)
        for target in legal.proposal_targets:
            if rng.random() < 0.3:
                kind = rng.choice(AGREEMENT_KINDS)
                if kind == "arms_cap":
                    orders.append(Propose(kind, target, cap=rng.randint(0, 6)))
                elif kind == "demilitarised":
                    orders.append(Propose(kind, target, hexes=tuple(rng.sample(passable, rng.randint(1, 4)))))
                else:
                    orders.append(Propose(kind, target))
        answered = set()
        for answer in legal.answers:
            if answer.proposal not in answered and rng.random() < 0.7:
                answered.add(answer.proposal)
                orders.append(Answer(answer.proposal, rng.random() < 0.6))
        orders += [leave for leave in legal.leaves if rng.random() < 0.1]
        return orders


def bot(name: str):  # type: ignore[no-untyped-def]
    return AgitatorBot() if name == "agitator" else make_bot(name)


# --- Playing a match with checks after every resolve ---------------------------------------------


@dataclass
class Played:
    states: list[GameState]  # the initial state, then the state after each turn
    orders: list[dict[int, str]]  # canonical order text per seat, per turn


def play_checked(scenario: Scenario, seed: int, bot_names: list[str], turns: int) -> Played:
    bots = [bot(name) for name in bot_names]
    state = new_game(scenario, seed)
    check_state(state)
    played = Played([state], [])
    seats = [SeatBot(b, seed, seat) for seat, b in enumerate(bots)]
    while not state.is_over and len(played.orders) < turns:
        checked, texts = {}, {}
        for player in state.players:
            if player.eliminated:
                continue
            view = view_for(state, player.id)
            orders = seats[player.id].play(view)
            checked[player.id] = check_orders(view, orders)
            texts[player.id] = format_orders(orders)
        after = resolve(state, checked).state
        check_transition(state, after)
        check_state(after)
        played.states.append(after)
        played.orders.append(texts)
        state = after
    return played


def check_state(state: GameState) -> None:
    """Everything that must be true of any state, at the start of any turn."""
    scenario = state.scenario
    board = scenario.board
    strength_max = scenario.ruleset.combat.strength_max
    lifetime = scenario.ruleset.signatures.ghost_lifetime
    seats = {p.id for p in state.players}
    eliminated = {p.id for p in state.players if p.eliminated}
    assert [p.id for p in state.players] == list(range(scenario.players))

    for uid, unit in state.units.items():
        assert uid == unit.id, f"unit {unit} filed under {uid}"
        assert re.fullmatch(r"[a-h][1-9][0-9]*", uid), f"malformed unit id {uid!r}"
        assert unit.owner in seats and uid[0] == PLAYER_LETTERS[unit.owner], f"{uid} is owned by {unit.owner}"
        assert int(uid[1:]) < state.players[unit.owner].next_serial, f"{uid} is beyond its owner's serials"
        assert unit.at in board.terrain, f"{uid} is off the map at {format_hex(unit.at)}"
        assert board.is_passable(unit.at), f"{uid} stands on impassable {board.terrain[unit.at].name}"
        assert 1 <= unit.strength <= strength_max, f"{uid} has strength {unit.strength}"
        assert unit.kind in scenario.ruleset.units
        assert unit.owner not in eliminated, f"{uid} belongs to eliminated player {unit.owner}"
    hexes = [u.at for u in state.units.values()]
    assert len(hexes) == len(set(hexes)), "two units on one hex"
    assert dict(state.unit_at) == {u.at: u for u in state.units.values()}

    assert set(state.city_owner) == set(board.cities)
    for city, owner in state.city_owner.items():
        assert owner is None or owner in seats, f"city {format_hex(city)} owned by {owner!r}"
        assert owner not in eliminated, f"eliminated player {owner} holds {format_hex(city)}"

    for player in state.players:
        assert player.treasury >= 0 and player.development >= 0 and player.intel_stock >= 0
        budget = player.budget
        assert budget.military + budget.development + budget.intelligence == 100
        if player.eliminated:
            assert not state.units_of(player.id) and not state.cities_of(player.id)
        check_knowledge(state, player.id, lifetime)

    for proposal in state.proposals:
        assert proposal.proposer != proposal.target and {proposal.proposer, proposal.target} <= seats - eliminated
    for agreement in state.agreements:
        assert len(set(agreement.parties)) == 2 and set(agreement.parties) <= seats - eliminated


def check_knowledge(state: GameState, player: int, lifetime: int) -> None:
    knowledge = state.players[player].knowledge
    own = {u.at for u in state.units_of(player)}
    at = [s.at for s in knowledge.sightings]
    assert at == sorted(set(at)), "sightings are one per hex, in hex order"
    for s in knowledge.sightings:
        assert s.owner != player, f"player {player} has a sighting of its own unit at {format_hex(s.at)}"
        assert s.at not in own, f"player {player} has a sighting where its own unit stands"
        assert 0 <= state.turn - s.seen_turn <= lifetime, f"a sighting from turn {s.seen_turn} on turn {state.turn}"
        assert 0 < s.reliability <= 1 and 1 <= s.strength_low <= s.strength_high
        if s.seen_turn == state.turn:
            truth = state.unit_at.get(s.at)
            assert truth is not None and truth.owner == s.owner, f"a sighting of nothing at {format_hex(s.at)}"
            assert s.strength_low <= truth.strength <= s.strength_high, "a strength range that misses the truth"
            if s.reliability == 1.0:
                assert s.looks == truth.kind
    truth_seen = [e for e in state.events if e.is_seen_by(player)]
    assert len(knowledge.report) == len(truth_seen)
    for mine, true in zip(knowledge.report, truth_seen):
        assert mine.is_seen_by(player) and (mine.kind, mine.turn, mine.at) == (true.kind, true.turn, true.at)
        if isinstance(mine, Battle):
            assert mine.units == tuple(u for u in true.units if u.owner == player)
            for side in mine.rivals:
                real = [u for u in true.units if (u.owner, u.role) == (side.owner, side.role)]
                low, high = side.losses
                assert side.units == len(real)
                assert low <= sum(u.before - u.after for u in real) <= high


def check_transition(before: GameState, after: GameState) -> None:
    """What must hold between a state and the one resolved from it."""
    assert after.turn == before.turn + 1
    assert after.version == before.version + 1
    assert after.seed == before.seed and after.scenario is before.scenario
    costs = {name: t.cost for name, t in before.scenario.ruleset.units.items()}
    for old, new in zip(before.players, after.players):
        assert new.next_serial >= old.next_serial
        assert new.development >= old.development
        assert not (old.eliminated and not new.eliminated), f"player {old.id} came back"
        if new.eliminated:
            continue
        [income] = [e for e in after.events if e.kind == "income" and e.audience == frozenset({new.id})]
        spent, military = income.spent, income.military
        assert new.treasury == old.treasury - spent + military, (
            f"player {new.id}: {old.treasury} - {spent} + {military} != {new.treasury}"
        )
        assert income.treasury == new.treasury
        assert 0 <= spent <= old.treasury
        built = [e for e in after.events if e.kind == "built" and e.audience == frozenset({new.id})]
        assert spent == sum(costs[e.unit_kind] for e in built)
    for uid, unit in after.units.items():
        if uid in before.units:
            old_unit = before.units[uid]
            assert (unit.owner, unit.kind) == (old_unit.owner, old_unit.kind)
        else:
            assert int(uid[1:]) >= before.players[unit.owner].next_serial, f"unit id {uid} was reused"
            assert any(e.kind == "built" and e.unit == uid for e in after.events)


# --- Whole matches -------------------------------------------------------------------------------

BOT_NAMES = st.sampled_from(["random", "basic", "agitator"])
SEEDS = st.integers(min_value=0, max_value=2**63 - 1)


@settings(max_examples=15)
@given(seed=SEEDS, names=st.lists(BOT_NAMES, min_size=2, max_size=2), turns=st.integers(1, DUEL_TURNS))
def test_invariants_hold_after_every_resolve_in_duels(request, seed, names, turns):
    duel = request.getfixturevalue("duel")  # not a test argument: hypothesis would print all of it
    played = play_checked(duel, seed, names, turns)
    assert replay(duel, seed, played.orders) == [s.state_hash() for s in played.states[1:]]


@settings(max_examples=6)
@given(seed=SEEDS, names=st.lists(BOT_NAMES, min_size=4, max_size=4))
def test_invariants_hold_after_every_resolve_on_the_four_player_map(request, seed, names):
    standard = request.getfixturevalue("standard")
    played = play_checked(standard, seed, names, STANDARD_TURNS)
    assert replay(standard, seed, played.orders) == [s.state_hash() for s in played.states[1:]]


def test_a_long_aggressive_duel_keeps_the_invariants(duel):
    # Two agitators fight often; a whole match exercises battles, captures and agreements.
    played = play_checked(duel, 2, ["agitator", "agitator"], DUEL_TURNS)
    kinds = {e.kind for s in played.states for e in s.events}
    assert {"battle", "built", "captured", "agreed", "violation", "left"} <= kinds
    assert replay(duel, 2, played.orders) == [s.state_hash() for s in played.states[1:]]


@pytest.mark.parametrize("name", ["duel", "standard"])
def test_starting_units_stand_around_the_capital(name, request):
    # Regression: setup once used the first home city in hex order, not the one marked capital.
    scenario = request.getfixturevalue(name)
    state = new_game(scenario, 1)
    for player in state.players:
        [capital] = [c.at for c in scenario.map.homes_of(player.id) if c.is_capital]
        units = state.units_of(player.id)
        # The first unit stands on the capital itself, the others as near it as there is room.
        assert units[0].at == capital, f"{units[0].id} starts at {format_hex(units[0].at)}, not {format_hex(capital)}"
        assert all(distance(u.at, capital) <= scenario.ruleset.setup.starting_radius for u in units)


def test_the_unit_index_follows_replace(duel):
    state = new_game(duel, 1)
    assert state.unit_at  # computed, and cached on the state
    emptied = replace(state, units={})
    assert dict(emptied.unit_at) == {}


# --- The order notation --------------------------------------------------------------------------

HEXES = st.tuples(st.integers(-60, 60), st.integers(-60, 60))
UNIT_IDS = st.builds(lambda letter, serial: f"{letter}{serial}", st.sampled_from(PLAYER_LETTERS), st.integers(1, 999))
PROPOSAL_IDS = st.builds(lambda *parts: ".".join(map(str, parts)),
                         st.integers(1, 500), st.integers(0, 7), st.integers(0, 7), st.integers(0, 9))
TARGETS = st.integers(0, 7)


@st.composite
def budgets(draw):  # type: ignore[no-untyped-def]
    military = draw(st.integers(0, 100))
    development = draw(st.integers(0, 100 - military))
    return Budget(military, development, 100 - military - development)


@st.composite
def proposals(draw):  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(AGREEMENT_KINDS))
    target = draw(TARGETS)
    if kind == "arms_cap":
        return Propose(kind, target, cap=draw(st.integers(0, 100)))
    if kind == "demilitarised":
        return Propose(kind, target, hexes=tuple(draw(st.lists(HEXES, min_size=1, max_size=12))))
    return Propose(kind, target)


ORDERS = st.one_of(
    st.builds(SetBudget, budgets()),
    st.builds(Build, st.sampled_from(["infantry", "armor", "artillery", "recon", "fortification"]), HEXES),
    st.builds(Move, UNIT_IDS, HEXES, st.booleans()),
    st.builds(SetPosture, UNIT_IDS, st.booleans()),
    proposals(),
    st.builds(Answer, PROPOSAL_IDS, st.booleans()),
    st.builds(Leave, PROPOSAL_IDS),
)

WORDS = ["budget", "build", "move", "attack", "to", "at", "posture", "entrenched", "mobile", "propose", "cap",
         "hexes", "accept", "reject", "leave", *AGREEMENT_KINDS, "infantry", "a1", "3,4", "-2,5", "3,", ",",
         "40/50/10", "1/2", "//", "3.0.1.0", "-1", "x", "#", ";", "\n", "\u0663", "\uff11", "1_0", "9" * 5000]


@settings(max_examples=300)
@given(order=ORDERS)
def test_an_order_parses_back_from_its_text(order):
    assert parse_order(str(order)) == order


@settings(max_examples=100)
@given(orders=st.lists(ORDERS, max_size=8))
def test_a_list_of_orders_parses_back_from_its_text(orders):
    assert parse_orders(format_orders(orders)) == orders


@settings(max_examples=300)
@given(text=st.one_of(st.text(), st.lists(st.sampled_from(WORDS), max_size=7).map(" ".join)))
def test_junk_raises_nothing_but_order_syntax_errors(text):
    for parse in (parse_order, parse_orders):
        try:
            parse(text)
        except OrderSyntaxError:
            pass


# --- Legal orders pass validation ----------------------------------------------------------------


def every_legal_order(legal: LegalOrders) -> list[Order]:
    orders: list[Order] = [SetBudget(b) for b in legal.budgets]
    orders += [Build(kind, city) for city, kinds in legal.builds.items() for kind in kinds]
    for unit_id, destinations in legal.moves.items():
        for d in destinations:
            orders.append(Move(unit_id, d.to, is_attack=True))
            if not d.needs_attack:
                orders.append(Move(unit_id, d.to, is_attack=False))
    orders += [SetPosture(unit_id, value) for unit_id, values in legal.postures.items() for value in values]
    orders += list(legal.proposals) + list(legal.answers) + list(legal.leaves)
    return orders


@settings(max_examples=8)
@given(seed=SEEDS, names=st.lists(BOT_NAMES, min_size=2, max_size=2), turns=st.integers(0, 12))
def test_every_listed_legal_order_passes_validation_on_its_own(request, seed, names, turns):
    duel = request.getfixturevalue("duel")
    state = play_checked(duel, seed, names, turns).states[-1]
    for player in state.players:
        if player.eliminated:
            continue
        view = view_for(state, player.id)
        legal = legal_orders(view)
        for order in every_legal_order(legal):
            check_orders(view, [order])
            assert parse_order(str(order)) == order  # and the recorded text of it replays
        # The listed destinations are all of them: any other hex is refused.
        for unit in view.units:
            listed = {d.to for d in legal.moves.get(unit.id, ())}
            for h in sorted(view.scenario.board.terrain)[::7]:
                if h not in listed:
                    with pytest.raises(IllegalOrderError):
                        check_orders(view, [Move(unit.id, h, is_attack=True)])


def test_every_listed_legal_order_passes_validation_on_the_four_player_map(standard):
    state = play_checked(standard, 3, ["agitator", "basic", "random", "agitator"], 3).states[-1]
    for player in state.players:
        view = view_for(state, player.id)
        for order in every_legal_order(legal_orders(view)):
            check_orders(view, [order])


def test_validation_refuses_an_unknown_agreement_kind(duel):
    view = view_for(new_game(duel, 1), 0)
    with pytest.raises(IllegalOrderError):
        check_orders(view, [Propose("alliance", 1)])


def test_orders_whose_text_would_say_less_are_refused(duel):
    # A cap on a non-aggression pact would vanish from the recorded text, and the replay
    # would reach another state: such orders are refused instead.
    state = new_game(duel, 1)
    with pytest.raises(IllegalOrderError) as error:
        check_orders(view_for(state, 0), [Propose("non_aggression", 1, cap=3)])
    assert error.value.code == "bad-proposal"
    orders = [Propose("arms_cap", 1, cap=3)]
    after = resolve(state, {0: check_orders(view_for(state, 0), orders)}).state
    assert replay(duel, 1, [{0: format_orders(orders)}]) == [after.state_hash()]
