"""Non-interference at the wire: what seat 0 cannot see never changes a byte it is sent.

Two four-seat matches are played side by side with the same ids, seed and clock. In
the second, the other seats do things seat 0 has no right to know about: private
chat between two rivals, orders revised several times before settling on the same
final ones, ready toggled, syncs and history requested, a failed rejoin, a spectator. (A rival's
reconnect is announced to everyone, by design: it is not in this list.) Seat 0 does the
same things in both, and receives exactly the same bytes, from join to the reveal.
"""

from __future__ import annotations

from tests.server.server_harness import Harness

SCENARIO = "doubly-dangerous"
FINAL_ORDERS = {1: "budget 50/40/10", 2: "budget 30/60/10", 3: "budget 20/70/10"}


def play(noisy: bool) -> list[bytes]:
    h = Harness(seed=42)
    host = h.connect()
    created = h.call(host, "create", scenario=SCENARIO, seats=[None, None, None, None], seed=5, turn_seconds=30,
                     max_missed=100)
    match = created["match"]
    seats = {}
    for seat in range(4):
        connection = h.connect()
        joined = h.call(connection, "join", code=created["code"], name=f"player{seat}", seat=seat)
        seats[seat] = (connection, joined["token"])
    h.call(host, "host", match=match, token=created["host_token"], action="start")
    me = seats[0][0]
    state = h.lobby.matches[match]
    turn = 0
    while state.phase != "over":
        turn += 1
        turn_no, version = state.state.turn, state.state.version
        stamp = {"match": match, "turn": turn_no, "version": version}
        h.call(me, "chat", match=match, text=f"seat 0 says {turn}")
        if noisy:
            connection2, _ = seats[2]
            h.call(connection2, "chat", match=match, to=3, text="secret plan")
            h.call(seats[1][0], "orders", orders="budget 90/0/10", **stamp)
            h.call(seats[1][0], "orders", orders="budget 0/90/10", **stamp)
            h.call(seats[3][0], "ready", ready=True, **stamp)
            h.call(seats[3][0], "ready", ready=False, **stamp)
            h.call(seats[1][0], "sync", match=match)
            h.call(seats[2][0], "history", match=match)
        for seat, text in FINAL_ORDERS.items():
            h.call(seats[seat][0], "orders", orders=text, **stamp)
        if noisy and turn == 1:
            h.call(h.connect(), "rejoin", match=match, token="0" * 48)  # a failed attempt on someone's seat
            h.call(h.connect(), "spectate", code=created["code"])
        h.call(me, "orders", orders="budget 40/50/10", **stamp)
        h.call(me, "sync", match=match)
        h.advance(30)
    h.call(me, "history", match=match)
    return h.inbox[me]


def test_seat_zero_receives_identical_bytes_from_join_to_the_reveal():
    quiet, noisy = play(noisy=False), play(noisy=True)
    assert len(quiet) > 100 and b"reveal" in quiet[-2]
    assert quiet == noisy
