"""The client core against a real embedded server on port 0: join, view, orders, next turn."""

from __future__ import annotations

from game.client.protocol.session import LocalMatch, Session
from game.rules import parse_orders
from tests.client.client_harness import open_local


def test_join_order_and_the_next_turn_arrives(tmp_path):
    server, pump = open_local(tmp_path, LocalMatch("duel", (None, "basic"), 7))
    session = pump.session
    try:
        pump.until(lambda m: m.TYPE == "sync")
        view = session.view
        assert view is not None and session.seat == 0 and view.turn == 1
        unit = view.units[0]
        destination = next(iter(session.destinations(unit.id)))
        assert session.order_move(unit.id, destination)
        session.order_budget(type(view.budget)(50, 40, 10))
        sent = session.draft.to_text()
        session.end_turn()
        ack = pump.until(lambda m: m.TYPE == "ack")
        assert [str(o) for o in parse_orders(ack.orders)] == [str(o) for o in parse_orders(sent)]
        pump.until(lambda m: m.TYPE == "turn")
        assert session.view.turn == 2 and session.draft.to_text() == "" and not session.is_ready
    finally:
        pump.connection.close()
        server.stop()


def test_messages_the_client_cannot_use_are_ignored(caplog):
    session = Session(lambda name: (_ for _ in ()).throw(KeyError(name)))
    session.receive_frame(b"\xc1 not msgpack")
    session.receive({"type": "from-the-future", "id": None})
    session.receive({"type": "turn", "id": None, "view": {"scenario": "nowhere"}})
    session.receive({"type": "ack", "id": 99})
    assert session.view is None and session.data_to_send() == []
    assert len([r for r in caplog.records if r.levelname == "WARNING"]) == 4
    assert len(session.notices) == 4 and all("cannot read (ignored)" in notice for notice in session.notices)
    assert "no server message type 'from-the-future'" in session.notices[1]
    assert "'match' is missing" in session.notices[3]
