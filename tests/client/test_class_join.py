"""A student in the window: joining with a class code, recording beliefs, and coming back to the same seat
after closing the window (the seat token is remembered in the settings)."""

from __future__ import annotations

from game.client.app import App
from game.client.protocol.transport import Connection
from game.client.settings import Settings
from game.play_command import services
from game.wire import PROTOCOL_VERSION, decode_server_frame, encode
from tests.client.menu_harness import SIZE, settle


def teacher_creates(url: str):
    """The teacher's ``class-create`` over a connection of its own (raw frames: no window needed)."""
    connection = Connection(url).start()
    connection.send_all([encode({"type": "hello", "id": 1, "protocol": PROTOCOL_VERSION}),
                         encode({"type": "class-create", "id": 2, "scenarios": ["doubly-safe"], "seats": 2,
                                 "turn_seconds": 0})])
    while True:
        message = decode_server_frame(connection.incoming.get(timeout=20))
        if message.get("id") == 2:
            assert message["type"] == "class-created", message
            return connection, message


def test_a_student_joins_by_class_code_and_comes_back_to_the_same_seat_after_closing_the_window(app, tmp_path):
    server = app.services.start_server()
    app.servers.append(server)
    connection, created = teacher_creates(server.url)
    try:
        session = app.join(server.url, created["code"], "owl")
        settle(app, lambda: session.view is not None and session.seat is not None)
        first = (session.match, session.seat, session.token)
        assert session.records_beliefs and first[0] == created["matches"][0]["match"]
        settle(app, lambda: app.settings.seat_for(server.url, created["code"]) == (first[0], first[2]))
        assert Settings.load(tmp_path / "settings.json").seat_for(server.url, created["code"]) == (first[0], first[2])
        app.disconnect()
        # A new window (same settings file): the same code brings the same seat back, not "name taken".
        again = App(services(tmp_path), SIZE, settings=Settings.load(tmp_path / "settings.json"),
                    settings_path=tmp_path / "settings.json")
        again.servers.append(server)
        try:
            session = again.join(server.url, created["code"], "owl")
            settle(again, lambda: session.view is not None and session.seat is not None)
            assert (session.match, session.seat, session.token) == first and session.failure is None
            # A seat the server no longer knows (another server, same address): the code joins afresh.
            again.settings = again.settings.with_seat(server.url, created["code"], first[0], "0" * 48)
            session = again.join(server.url, created["code"], "owl2")
            settle(again, lambda: session.view is not None and session.seat is not None)
            assert session.seat != first[1] and session.failure is None
        finally:
            again.servers.remove(server)
            again.close()
    finally:
        connection.close()


def test_remembered_seats_are_checked_and_bounded():
    settings = Settings(seats=[["ws://a", "CODE", "m", "t"], ["bad"], "junk", [1, 2, 3, 4]]).checked()  # type: ignore[arg-type]
    assert settings.seats == (("ws://a", "CODE", "m", "t"),)
    for i in range(30):
        settings = settings.with_seat("ws://a", f"C{i}", "m", "t")
    assert len(settings.seats) == 20 and settings.seat_for("ws://a", "C29") == ("m", "t")
    assert settings.seat_for("ws://a", "CODE") is None
