"""The session's drafting for the game screen (postures, diplomacy, chat, revisions after End turn),
the budget forecast, and the report's plain-language lines: pure, no window and no server."""

from __future__ import annotations

from game.client.forecast import forecast, income_from, rebalanced
from game.client.screens.game_screen import deadline_text, shifted_budget
from game.client.protocol.model import Draft
from game.client.narrate import describe
from game.client.protocol.session import seconds_left
from game.rules import parse_orders
from game.rules.economy import split_income
from game.rules.hexgrid import parse_hex
from game.rules.events import (
    EVENT_TYPES,
    Caught,
    Agreed,
    Battle,
    BattleUnit,
    BuildFailed,
    Built,
    Captured,
    Eliminated,
    Expired,
    GameOver,
    Income,
    Inject,
    Left,
    MoleReport,
    Proposed,
    Rejected,
    RivalSide,
    Stopped,
    Violation,
)
from game.rules.state import Budget
from game.wire import decode_frame, encode
from game.wire.server_messages import ChatLine, SeatInfo
from tests.client.test_client_scenes import synced_session


def sent(session) -> list[dict]:
    return [decode_frame(frame) for frame in session.data_to_send()]


def acknowledge(session, request: int) -> None:
    session.receive({"type": "ack", "id": request, "match": "m1", "turn": session.view.turn,
                     "version": session.view.version, "orders": session.draft.to_text()})


def test_the_draft_text_round_trips_through_the_rules_notation():
    text = ("budget 30/60/10\nbuild infantry at 0,4\nattack a1 to 3,4\nposture a2 entrenched\n"
            "propose arms_cap to 1 cap 2\npropose demilitarised to 1 hexes 2,3 3,3\naccept 2.1.0.0\nleave 1.0.1.0\n"
            "conceal a3")
    draft = Draft.from_text(text)
    assert draft.to_text() == text
    assert [str(o) for o in parse_orders(draft.to_text())] == text.splitlines()


def test_posture_toggles_and_entrenching_drops_the_move():
    session = synced_session("duel")
    unit = next(u for u in session.view.units if session.destinations(u.id))
    to = next(iter(session.destinations(unit.id)))
    assert session.order_move(unit.id, to)
    assert session.toggle_posture(unit.id) and session.posture_of(unit.id)
    assert session.draft.postures == {unit.id: True} and unit.id not in session.draft.moves
    assert session.toggle_posture(unit.id) and not session.posture_of(unit.id)
    assert session.draft.postures == {}  # back to how it stands: no order
    assert not session.toggle_posture("nobody")


def test_a_unit_can_be_concealed_only_under_an_inspection():
    from dataclasses import replace as evolve

    from game.rules.orders import Conceal

    session = synced_session("duel")
    unit = session.view.units[0]
    assert session.legal is not None and not session.legal.conceals
    assert not session.toggle_conceal(unit.id)  # no inspection in force: nothing to game
    session.legal = evolve(session.legal, conceals=(unit.id,))
    assert session.toggle_conceal(unit.id) and Conceal(unit.id) in session.draft.orders()
    assert session.toggle_conceal(unit.id) and not session.draft.conceals


def test_changes_after_end_turn_are_sent_again_until_the_turn_resolves():
    session = synced_session("duel")
    session.order_budget(Budget(60, 30, 10))
    request = session.end_turn()
    assert [m["type"] for m in sent(session)] == ["orders"]
    assert session.end_turn_pending and session.revise() is None  # nothing again before the ack
    acknowledge(session, request)
    ready = sent(session)
    assert [m["type"] for m in ready] == ["ready"] and ready[0]["ready"] is True
    session.receive({"type": "ready-ack", "id": ready[0]["id"], "match": "m1", "turn": 1, "version": 0, "ready": True})
    assert session.is_ready and session.revise() is None  # unchanged: nothing to send
    session.order_budget(Budget(50, 40, 10))
    request = session.revise()
    again = sent(session)
    assert [m["type"] for m in again] == ["orders"] and again[0]["orders"] == "budget 50/40/10"
    acknowledge(session, request)
    assert sent(session) == [] and session.revise() is None  # still ready; no second "ready"


def test_a_resync_with_orders_on_the_server_drafts_from_them_and_sends_nothing():
    session = synced_session("duel")
    view = session.view
    fresh = synced_session("duel")
    fresh.view = None  # a new client after a restart: the server still holds this turn's orders
    fresh.receive({"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "running", "deadline": None,
                   "view": view.to_mapping(), "orders": "budget 70/20/10", "ready": True, "seats": [], "chat": [],
                   "seed": None, "reveal": None})
    assert fresh.draft.budget == Budget(70, 20, 10) and fresh.is_ready
    assert fresh.revise() is None and fresh.data_to_send() == []


def test_diplomacy_orders_are_checked_by_the_rules_before_they_are_drafted():
    session = synced_session("duel")
    rival = session.view.rivals[0].id
    assert session.order_propose("non_aggression", rival) is None
    assert session.order_propose("arms_cap", rival, cap=-1) is not None  # out of the rules' range
    assert session.order_propose("demilitarised", rival) is not None  # a zone needs hexes
    assert session.order_propose("demilitarised", rival, hexes=(session.view.units[0].at,)) is None
    session.cancel_proposal("non_aggression", rival)
    assert sorted(session.draft.proposals) == [("demilitarised", rival)]
    session.order_answer("9.9.9.9", True)
    assert any("no open proposal" in p for p in session.draft_problems())
    session.order_answer("9.9.9.9", None)
    session.order_leave("8.8.8.8")
    assert any("no agreement" in p for p in session.draft_problems())
    session.order_leave("8.8.8.8", leaving=False)
    assert session.draft_problems() == []


def test_chat_is_sent_public_or_private_and_the_echo_is_kept():
    session = synced_session("duel")
    assert session.send_chat("   ") is None
    session.send_chat(" hello ")
    session.send_chat("just you", to=1)
    public, private = sent(session)
    assert public["text"] == "hello" and "to" not in public
    assert private["to"] == 1
    session.receive_frame(encode({"type": "chat", "id": None, "match": "m1",
                                  "line": {"turn": 1, "from": 1, "to": None, "text": "hi"}}))
    assert session.chat[-1] == ChatLine(turn=1, sender=1, to=None, text="hi")


def test_the_forecast_is_the_rules_split_of_the_income_from_the_view():
    session = synced_session("duel")
    view = session.view
    budget = Budget(50, 30, 20)
    result = forecast(view, budget, spent=3)
    assert result.split == split_income(income_from(view), budget)
    assert result.treasury == view.treasury - 3 + result.split.military
    assert result.development == view.development + result.split.development
    assert income_from(view) > 0


def test_budget_helpers_keep_the_sum_at_100():
    for start in (Budget(40, 50, 10), Budget(100, 0, 0), Budget(0, 0, 100)):
        for share in ("military", "development", "intelligence"):
            for value in (0, 35, 100):
                b = rebalanced(start, share, value)
                assert b.military + b.development + b.intelligence == 100 and getattr(b, share) == value
    assert rebalanced(Budget(40, 50, 10), "military", 45, step=5) == Budget(45, 45, 10)
    assert shifted_budget(Budget(40, 50, 10), "military") == Budget(50, 40, 10)


def test_the_clock_reads_the_servers_deadline():
    assert deadline_text(None, 1000.0) == "no time limit"
    assert deadline_text(1125.0, 1000.0) == "2:05 left"
    assert deadline_text(900.0, 1000.0) == "0:00 left"
    assert seconds_left(1030.5, 1000.0) == 30.5


def test_report_lines_read_as_sentences():
    names = {1: "Dunmore"}
    battle = Battle(turn=5, at=parse_hex("6,4"), form="assault", units=(BattleUnit("a5", 0, "infantry", "attacker", 10, 5),),
                    rivals=(RivalSide(1, "defender", 1, (1, 2), 0),))
    assert describe(battle, 0, names) == ("Battle at 6,4: your infantry a5 (attacker) lost 5, 5 left; "
                                          "Dunmore's 1 defender(s) lost about 1-2.")
    violation = Violation(turn=5, agreement="1.0.1.0", agreement_kind="non_aggression", by=1,
                          what="player 1 attacked player 0")
    assert describe(violation, 0, names) == "Dunmore broke the non-aggression pact: Dunmore attacked you."
    captured = Captured(turn=8, at=parse_hex("3,6"), city="Hollin", taken_from=None, by=0)
    assert describe(captured, 0, names) == "You took neutral city Hollin at 3,6."
    mole = MoleReport(turn=6, rival=1, budget=Budget(52, 49, 6))
    assert "Dunmore's budget split as about 52/49/6" in describe(mole, 0, names)


def test_every_kind_of_event_reads_as_a_sentence():
    names = {1: "Dunmore"}
    examples = [
        Built(turn=1, at=(0, 1), unit="a9", unit_kind="infantry"),
        BuildFailed(turn=1, at=(0, 1), unit_kind="armor", reason="cannot afford"),
        Stopped(turn=1, at=(0, 1), unit="a1", reason="blocked"),
        Battle(turn=1, at=(2, 2), form="meeting", units=(), rivals=(RivalSide(1, "meeting", 2, (3, 3), 1),)),
        Captured(turn=1, at=(3, 6), city="Hollin", taken_from=1, by=0),
        Eliminated(turn=1, player=1),
        Violation(turn=1, agreement="1.0.1.0", agreement_kind="arms_cap", by=0, what="player 0 has 4 units"),
        Left(turn=1, agreement="1.0.1.0", agreement_kind="inspection", by=1),
        Proposed(turn=1, proposal="1.0.1.0", agreement_kind="arms_cap", proposer=0, target=1, cap=3),
        Agreed(turn=1, proposal="1.0.1.0", agreement_kind="non_aggression", proposer=1, target=0),
        Rejected(turn=1, proposal="1.0.1.0", agreement_kind="demilitarised", proposer=0, target=1),
        Expired(turn=1, proposal="1.0.1.0", agreement_kind="inspection", proposer=0, target=1),
        Income(turn=1, income=10, military=4, development=5, intelligence=1, spent=3, treasury=11),
        MoleReport(turn=1, rival=1, builds=("armor", "armor")),
        GameOver(turn=1, turns_played=20),
        Caught(turn=1, at=(4, 1), agreement="1.0.1.0", by=1, inspector=0, unit_kind="armor"),
        Inject(turn=1, at=(2, 3), name="rumour-massing", category="rumour", subject=1, other=0, title="Rumour",
               text="A rumour reaches you: Dunmore is massing forces near Hollin, on its border with you."),
    ]
    assert {type(e) for e in examples} == set(EVENT_TYPES)
    lines = [describe(e, 0, names) for e in examples]
    assert all(line[0].isupper() and line.endswith(".") for line in lines), lines
    assert lines[4] == "You took Dunmore's city Hollin at 3,6."
    assert lines[8] == "You proposed an arms cap (3 units) to Dunmore."
    assert lines[11] == "The inspection agreement you proposed to Dunmore expired (no answer)."
    assert lines[13] == "A mole reports Dunmore built: armor, armor."
    assert lines[15] == "You caught Dunmore hiding an armor at 4,1 from the inspection: the disguise was a lie."
    assert lines[16] == "Rumour: A rumour reaches you: Dunmore is massing forces near Hollin, on its border with you."


def test_a_timed_match_saves_the_draft_on_the_server_once_it_is_still():
    from tests.client.client_harness import game_screen
    import pygame

    pygame.display.init()
    pygame.font.init()
    try:
        session = synced_session("duel")
        session.deadline = 10_000.0
        import tempfile
        from pathlib import Path

        screen = game_screen(session, Path(tempfile.mkdtemp()))
        session.order_budget(Budget(60, 30, 10))
        screen.update(100.0)  # the change is seen
        screen.update(100.5)
        assert session.data_to_send() == []  # not yet: the player may still be clicking
        screen.update(102.0)
        frames = sent(session)
        assert [m["type"] for m in frames] == ["orders"] and frames[0]["orders"] == "budget 60/30/10"
        acknowledge(session, frames[0]["id"])
        assert session.draft_is_saved and not session.is_ready and session.data_to_send() == []
        screen.update(110.0)
        assert session.data_to_send() == []  # unchanged: nothing more
    finally:
        pygame.quit()


def test_drafted_orders_read_as_sentences():
    from game.client.narrate import order_sentence

    session = synced_session("duel")
    view = session.view
    unit = view.units[0]
    rival = view.rivals[0]
    text = (f"budget 50/40/10\nbuild armor at 0,4\nattack {unit.id} to 1,4\nposture {unit.id} mobile\n"
            f"propose arms_cap to {rival.id} cap 3")
    lines = [order_sentence(order, view) for order in parse_orders(text)]
    assert lines[0] == "Budget: 50% military, 40% development, 10% intelligence"
    assert lines[1].startswith("Build an armor at ") and lines[1].endswith("(cost 5)")
    assert lines[2].startswith(f"{unit.id} ({unit.kind}) attacks ")
    assert lines[3] == f"{unit.id} ({unit.kind}) leaves its works (mobile)"
    assert lines[4] == f"Propose an arms cap (3 units) to {rival.name}"


def test_seat_events_keep_the_seats_list_true():
    session = synced_session("duel")
    session.seats = [SeatInfo(seat=0, name="ann", bot=None, taken=True, missed=0),
                     SeatInfo(seat=1, name=None, bot=None, taken=False, missed=0)]
    session.receive({"type": "event", "id": None, "match": "m1", "kind": "joined", "seat": 1, "name": "bo"})
    assert session.seats[1].name == "bo" and session.seats[1].taken
    assert session.notices[-1] == "bo joined (seat 1)."
    session.receive({"type": "event", "id": None, "match": "m1", "kind": "bot", "seat": 1, "deadline": None,
                     "phase": "running"})
    assert session.seats[1].bot == "basic" and session.seats[1].name is None
    session.receive({"type": "event", "id": None, "match": "m1", "kind": "left", "seat": 1})
    assert not session.seats[1].taken and session.seats[1].bot is None


def test_evidence_turns_are_grouped():
    from game.client.screens.panels.intent import turns_text

    assert turns_text([3]) == "turn 3"
    assert turns_text([5, 2, 3, 4]) == "turns 2-5"
    assert turns_text([1, 3, 5, 7, 9]) == "turns 3, 5, 7, 9 (and 1 earlier)"
