"""Revisionist bots take cover: fortify, sign inspections and conceal (RULES §10.5), in character."""

from __future__ import annotations

from collections import Counter

from game.assets import load_scenario
from game.bots import make_bot
from game.bots.character import CHARACTERS
from game.rules.orders import parse_orders
from game.selfplay import play_match

MIX = ["revisionist", "dove", "security", "reciprocator"]


def _tally(seeds: range) -> Counter:
    scenario = load_scenario("doubly-safe")
    seen: Counter = Counter()
    for seed in seeds:
        record = play_match(scenario, seed, [make_bot(n) for n in MIX])
        assert record.final_state is not None
        aims = [p.aim for p in record.final_state.players]
        for turn in record.turns:
            seen["caught"] += sum(1 for e in turn.events if e.kind == "caught")
            for player, text in turn.orders.items():
                for order in parse_orders(text):
                    word = str(order).split()[0]
                    if word == "conceal":
                        seen["conceal", aims[player]] += 1
                    elif word == "build" and "fortification" in str(order):
                        seen["fortify", aims[player]] += 1
                    elif word == "propose" and "inspection" in str(order):
                        seen["offer inspection", aims[player]] += 1
    return seen


def test_revisionists_sometimes_fortify_offer_inspections_and_conceal_and_get_caught() -> None:
    seen = _tally(range(1, 7))
    assert seen["fortify", "revisionist"] > 0
    assert seen["offer inspection", "revisionist"] > 0
    assert seen["conceal", "revisionist"] > 0 and seen["caught"] > 0
    # Security seekers never conceal (they have nothing to hide), and fortify more than they fake.
    assert seen["conceal", "security"] == 0
    assert seen["fortify", "security"] > seen["fortify", "revisionist"]


def test_the_revisionist_character_takes_cover_most_when_it_prepares_a_campaign() -> None:
    revisionist = CHARACTERS["revisionist"]
    assert revisionist.cover_preparing > revisionist.cover
    assert all(0 <= c.cover <= 1 and 0 <= c.cover_preparing <= 1 for c in CHARACTERS.values())
