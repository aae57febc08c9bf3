"""The planner's own plans and the value it puts on a play-out's end (seeded, no clocks)."""

from __future__ import annotations

import dataclasses
import random

from game.bots import make_bot, planner
from game.rules.hexgrid import distance
from game.rules.legal import legal_orders
from game.rules.orders import Build, Move, SetBudget
from game.rules.scoring import scores
from game.rules.setup import new_game
from game.rules.views import view_for
from game.selfplay import play_match


def test_expand_sends_free_units_towards_the_neutral_cities(duel) -> None:
    view = view_for(new_game(duel, 1), 0)
    orders = planner._expand(view, legal_orders(view), [])
    moves = [o for o in orders if isinstance(o, Move)]
    assert 1 <= len(moves) <= planner.EXPANDERS
    neutral = [h for h, owner in view.city_owner.items() if owner is None]
    units = view.unit_by_id
    for move in moves:
        assert not move.is_attack
        assert min(distance(move.to, c) for c in neutral) < min(distance(units[move.unit].at, c) for c in neutral)


def test_develop_puts_everything_into_development_and_builds_nothing(duel) -> None:
    view = view_for(new_game(duel, 1), 0)
    orders = make_bot("security").decide(view, legal_orders(view), random.Random(1))
    develop = planner._develop(orders)
    assert [o.budget.development for o in develop if isinstance(o, SetBudget)] == [100]
    assert not [o for o in develop if isinstance(o, Build)]


def test_an_empty_city_next_to_a_rival_unit_counts_against_the_value(duel) -> None:
    state = new_game(duel, 1)
    me = 0
    city = next(h for h, owner in state.city_owner.items() if owner == me)
    units = {uid: u for uid, u in state.units.items() if u.at != city}
    rival = next(u for u in units.values() if u.owner != me)
    beside = next(h for h in duel.board.within(city, 1) if h != city and duel.board.is_passable(h))
    units[rival.id] = dataclasses.replace(rival, at=beside)
    exposed = planner._exposed(dataclasses.replace(state, units=units), me)
    assert exposed > 0
    assert planner._exposed(state, me) == 0


def test_the_planner_beats_random_in_a_seeded_duel(duel) -> None:
    record = play_match(duel, 13, [make_bot("random"), make_bot("planner")])
    assert record.final_state is not None
    final = scores(record.final_state)
    assert final[1] > final[0]
