"""A seat's bot runs one way everywhere (game/bots/seat.py): one bot object a match, one keyed stream a turn."""

from __future__ import annotations

import pytest

from game.bots import bot_names, make_bot
from game.bots.seat import SeatBot, bot_rng
from game.rules.legal import legal_orders
from game.rules.orders import format_orders
from game.rules.setup import new_game
from game.rules.views import view_for
from game.selfplay import play_match

TURNS = 8


def _played(scenario, seed, names):  # type: ignore[no-untyped-def]
    states = [new_game(scenario, seed)]
    record = play_match(scenario, seed, [make_bot(n) for n in names], max_turns=TURNS,
                        on_turn=lambda state, _turn: states.append(state))
    return states, record


@pytest.mark.parametrize("name", [n for n in bot_names() if n != "planner"] + ["planner"])
def test_a_bot_made_afresh_catches_up_and_plays_as_if_it_had_been_there(duel, name):
    names = [name, "revisionist"]
    seed = 5
    states, record = _played(duel, seed, names)
    late = TURNS - 1
    fresh = SeatBot(name, seed, 0)
    orders = fresh.orders(late, lambda turn: view_for(states[turn - 1], 0))
    assert format_orders(orders) == record.turns[late - 1].orders[0]
    # And on from there, turn by turn, as the original did.
    following = fresh.orders(late + 1, lambda turn: view_for(states[turn - 1], 0))
    assert format_orders(following) == record.turns[late].orders[0]


def test_memory_matters_a_bot_made_every_turn_plays_otherwise(duel):
    # What the server did before: a new bot each turn forgets its beliefs and campaigns.
    seed, names = 3, ["fearful", "revisionist"]
    states, record = _played(duel, seed, names)
    forgetful = []
    for turn in range(1, TURNS + 1):
        view = view_for(states[turn - 1], 0)
        forgetful.append(format_orders(make_bot("fearful").decide(view, legal_orders(view), bot_rng(seed, 0, "fearful", turn))))
    assert forgetful != [t.orders[0] for t in record.turns]


def test_the_same_turn_asked_again_gets_the_same_orders_and_an_earlier_one_is_refused(duel):
    state = new_game(duel, 1)
    seat = SeatBot("security", 1, 0)
    first = seat.orders(1, lambda _turn: view_for(state, 0))
    assert seat.orders(1, lambda _turn: pytest.fail("no view is needed to answer again")) == first
    assert seat.next_turn == 2
    with pytest.raises(ValueError):
        seat.orders(0, lambda _turn: view_for(state, 0))


def test_streams_are_keyed_by_seed_seat_bot_and_turn():
    draws = {(s, p, b, t): bot_rng(s, p, b, t).random() for s in (1, 2) for p in (0, 1) for b in ("a", "b") for t in (1, 2)}
    assert len(set(draws.values())) == len(draws)
    assert bot_rng(1, 0, "a", 1).random() == draws[(1, 0, "a", 1)]


def test_play_shows_the_bot_each_turn_as_it_comes_and_refuses_to_skip_one(duel):
    state = new_game(duel, 1)
    seat = SeatBot("security", 1, 0)
    assert seat.play(view_for(state, 0)) == seat.orders(1, lambda _turn: view_for(state, 0))
    later = SeatBot("security", 1, 0)
    from dataclasses import replace
    with pytest.raises(ValueError, match="missed turn 1"):
        later.play(replace(view_for(state, 0), turn=3))
