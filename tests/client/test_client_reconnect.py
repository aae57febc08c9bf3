"""The link reconnects by itself: the server restarts mid-turn, the seat is taken back with its token,
the view is synced again, the drafted orders survive, and the match goes on.

The reconnect pauses are driven with an explicit ``now`` (no sleeping); frames are awaited on the
connection's queue with a bounded timeout.
"""

from __future__ import annotations

from game.assets import load_scenario
from game.client.protocol.link import RETRY_PAUSES, Link
from game.client.protocol.session import LocalMatch, Session
from game.play_command import EmbeddedServer


def pump_until(link: Link, now: float, wanted, rounds: int = 60) -> None:
    """Pump until ``wanted()``; each round waits (bounded) for a frame, so a lost one fails, not hangs."""
    for _ in range(rounds):
        if wanted():
            return
        link.pump(now, wait=1.0)
    session = link.session
    assert wanted(), (f"gave up waiting; link {link.state} ({link.problem}), turn "
                      f"{session.view.turn if session.view else None}, ready {session.is_ready}, "
                      f"notices {session.notices[-4:]}")


def test_a_server_restart_mid_turn_is_survived(tmp_path):
    db = tmp_path / "log.sqlite3"
    server = EmbeddedServer(db)
    port = server.start()
    session = Session(load_scenario)
    link = Link(server.url, session).open()
    session.start_local(LocalMatch("duel", (None, "basic"), 5))
    pump_until(link, 0.0, lambda: session.view is not None and session.phase == "running")
    assert link.state == "open" and link.seated
    unit = next(u for u in session.view.units if session.destinations(u.id))
    target = next(iter(session.destinations(unit.id)))
    assert session.order_move(unit.id, target)

    server.stop()  # the host's server goes away mid-turn...
    pump_until(link, 10.0, lambda: link.state == "reconnecting")
    assert link.banner().startswith("Connection lost")
    link.pump(10.0)  # too early for the first retry: nothing happens
    assert link.state == "reconnecting" and link.connection is None

    restarted = EmbeddedServer(db, port=port)  # ...and comes back on the same address with the same log
    restarted.start()
    try:
        pump_until(link, 10.0 + RETRY_PAUSES[0], lambda: link.state == "open" and session.views_received >= 2)
        assert session.view.turn == 1
        assert session.draft.moves == {unit.id: (target, session.draft.moves[unit.id][1])}  # the draft survived
        assert link.banner() is None
        session.end_turn()
        pump_until(link, 20.0, lambda: session.view.turn == 2)
    finally:
        link.close()
        restarted.stop()


class DeadConnection:
    """A connection that closed at once (the server is unreachable)."""

    def __init__(self, url: str) -> None:
        import queue

        self.incoming = queue.Queue()
        self.incoming.put(None)
        self.closed = "ConnectionRefusedError: [Errno 111] Connect call failed"

    def send_all(self, frames) -> None:
        pass

    def close(self) -> None:
        pass


def test_an_unreachable_server_fails_with_a_reason_when_no_seat_was_taken():
    session = Session(load_scenario)
    link = Link("ws://127.0.0.1:9", session, connect=DeadConnection).open()
    session.start_join("K7QM2XPA", "ann")
    link.pump(0.0)
    assert link.state == "failed"
    assert "Could not reach ws://127.0.0.1:9" in session.failure and "refused" in session.failure.lower()


def test_reconnect_attempts_back_off_and_keep_trying_while_the_server_is_down():
    session = Session(load_scenario)
    session.match, session.token = "m1", "t" * 32  # a seat was taken before the drop
    attempts = []

    def connect(url: str) -> DeadConnection:
        attempts.append(url)
        return DeadConnection(url)

    link = Link("ws://127.0.0.1:9", session, connect=connect).open()
    now = 0.0
    link.pump(now)
    retries = []
    for _ in range(7):
        assert link.state == "reconnecting"
        retries.append(link.retry_at - now)
        now = link.retry_at
        link.pump(now)  # the attempt...
        link.pump(now)  # ...fails at once
    assert retries == [*RETRY_PAUSES, RETRY_PAUSES[-1], RETRY_PAUSES[-1]]
    assert len(attempts) == 8 and link.state == "reconnecting"


def test_a_local_match_whose_start_was_lost_is_started_after_the_rejoin():
    from game.wire import decode_frame as decode_client_frame, encode

    session = Session(load_scenario)
    session.start_local(LocalMatch("duel", (None, "basic"), 5))
    session.data_to_send()
    session.match, session.seat, session.token, session.host_token, session.phase = "m1", 0, "t" * 32, "h" * 32, "lobby"
    assert session.resume()
    sent = [decode_client_frame(f)["type"] for f in session.data_to_send()]
    assert sent == ["hello", "rejoin"]
    session.receive_frame(encode({"type": "joined", "id": 2, "match": "m1", "seat": 0, "token": None}))
    asked = [decode_client_frame(f) for f in session.data_to_send()]
    assert [(m["type"], m.get("action")) for m in asked] == [("host", "start")]
    session.phase = "running"  # once running, a later reconnect never starts it again
    assert session.resume()
    session.data_to_send()
    session.receive_frame(encode({"type": "joined", "id": 4, "match": "m1", "seat": 0, "token": None}))
    assert session.data_to_send() == []
