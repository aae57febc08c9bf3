"""A team's window (class teams: several connections on one seat) follows the orders a team-mate sent."""

from __future__ import annotations

from game.client.protocol.model import Draft
from tests.client.test_client_scenes import synced_session


def ack(orders: str) -> dict:
    return {"type": "ack", "id": None, "match": "m1", "turn": 1, "version": 0, "orders": orders}


def test_a_team_mates_orders_replace_a_clean_draft_and_are_noted():
    session = synced_session("duel")
    session.receive(ack("budget 70/20/10"))
    assert session.acked_orders == "budget 70/20/10" and session.draft.to_text() == "budget 70/20/10"
    assert session.notices[-1] == "Your seat's orders are now: budget 70/20/10"
    assert session.draft_is_saved


def test_a_draft_with_unsent_changes_is_kept_but_the_seats_orders_are_shown():
    session = synced_session("duel")
    session.draft = Draft.from_text("budget 10/80/10")  # drafted here, not sent yet
    session.receive(ack("budget 70/20/10"))
    assert session.draft.to_text() == "budget 10/80/10" and session.acked_orders == "budget 70/20/10"
    assert not session.draft_is_saved and "budget 70/20/10" in session.notices[-1]


def test_unreadable_orders_in_an_ack_never_crash_the_window():
    session = synced_session("duel")
    session.receive(ack("budget lots"))
    assert session.draft.to_text() == "" and session.acked_orders == "budget lots"
