"""Bots negotiate arms caps and demilitarised zones through the ordinary agreement orders, in character.

Seeded duels: the seed deals the aims (duel seeds 1 and 2 make seat 0 revisionist and
seat 1 a security seeker).
"""

from __future__ import annotations

import dataclasses

from game.bots import diplomacy, make_bot
from game.rules.orders import Move
from game.rules.setup import new_game
from game.rules.state import Agreement
from game.rules.views import view_for
from game.selfplay import play_match


def _events(record, kind: str) -> list:  # type: ignore[no-untyped-def]
    return [e for t in record.turns for e in t.events if e.kind == kind]


def test_a_dove_offers_a_calm_neighbour_a_cap_and_a_zone_and_keeps_them(duel) -> None:
    record = play_match(duel, 3, [make_bot("dove"), make_bot("dove")], max_turns=10)
    offered = {(e.agreement_kind, e.proposer) for e in _events(record, "proposed")}
    assert {("arms_cap", 0), ("demilitarised", 0)} <= offered
    caps = [e for e in _events(record, "proposed") if e.agreement_kind == "arms_cap"]
    assert all(e.cap >= diplomacy.MIN_CAP for e in caps)
    assert {"arms_cap", "demilitarised"} <= {e.agreement_kind for e in _events(record, "agreed")}
    # Two doves of security aim keep what they signed.
    assert [p.aim for p in record.final_state.players] == ["security", "security"]
    assert not _events(record, "violation")


def test_a_revisionist_signs_a_cap_then_breaks_it_when_it_marches(duel) -> None:
    record = play_match(duel, 1, [make_bot("revisionist"), make_bot("dove")])
    assert record.final_state.players[0].aim == "revisionist"
    agreed = {e.agreement_kind for e in _events(record, "agreed") if e.proposer == 1}
    assert {"arms_cap", "demilitarised"} <= agreed
    broken = {e.agreement_kind for e in _events(record, "violation") if e.by == 0}
    assert {"arms_cap", "demilitarised"} & broken


def test_a_pact_keeper_leaves_every_agreement_with_its_target_before_it_marches(duel) -> None:
    # The security personality of revisionist aim keeps its word: it leaves first, then attacks.
    record = play_match(duel, 1, [make_bot("security"), make_bot("dove")])
    left = {e.agreement_kind for e in _events(record, "left") if e.by == 0}
    assert {"non_aggression", "arms_cap"} <= left
    assert not [e for e in _events(record, "violation") if e.by == 0]


def test_the_reciprocator_signs_a_cap_it_is_offered(duel) -> None:
    record = play_match(duel, 3, [make_bot("dove"), make_bot("reciprocator")], max_turns=4)
    agreed = {e.agreement_kind for e in _events(record, "agreed") if e.target == 1}
    assert "arms_cap" in agreed


def test_the_fearful_never_offers_a_cap_or_a_zone(duel) -> None:
    record = play_match(duel, 3, [make_bot("fearful"), make_bot("fearful")])
    assert not [e for e in _events(record, "proposed") if e.agreement_kind in diplomacy.CAP_KINDS]


def test_keeping_drops_moves_into_a_demilitarised_zone_or_beyond_a_cap(duel) -> None:
    view = view_for(new_game(duel, 3), 0)
    unit = next(u for u in view.units if u.kind == "infantry")
    border = sorted(h for h in diplomacy.zone(view, 1) if h not in {u.at for u in view.units})
    assert border and diplomacy.units_in(view, diplomacy.zone(view, 1)) == 0
    into = Move(unit.id, border[0])
    zone = Agreement("1.0.1.9", "demilitarised", (0, 1), 1, hexes=(border[0],))
    assert diplomacy.keep(dataclasses.replace(view, agreements=(zone,)), [into], set()) == []
    assert diplomacy.keep(dataclasses.replace(view, agreements=(zone,)), [into], {zone.id}) == [into]
    tight, loose = (Agreement("1.0.1.8", "arms_cap", (0, 1), 1, cap=cap) for cap in (0, 1))
    assert diplomacy.keep(dataclasses.replace(view, agreements=(tight,)), [into], set()) == []
    assert diplomacy.keep(dataclasses.replace(view, agreements=(loose,)), [into], set()) == [into]


def test_a_pact_keeper_leaves_the_pact_its_partner_broke(duel) -> None:
    record = play_match(duel, 1, [make_bot("revisionist"), make_bot("reciprocator")])
    broken_by_rival = min(e.turn for e in _events(record, "violation") if e.by == 0)
    left = [e for e in _events(record, "left") if e.by == 1 and e.agreement_kind == "non_aggression"]
    assert left and left[0].turn <= broken_by_rival + 1
