"""An embedded server on port 0 and a session pumped over a real socket, without a window."""

from __future__ import annotations

from typing import Callable

from game.assets import load_scenario
from game.client.net import Connection
from game.client.session import Session
from game.play_command import EmbeddedServer


class Pump:
    """Moves frames between a Session and its Connection; waits block on the queue (no sleeps)."""

    def __init__(self, session: Session, connection: Connection) -> None:
        self.session, self.connection = session, connection
        self.received: list[dict] = []

    def flush(self) -> None:
        self.connection.send_all(self.session.data_to_send())

    def until(self, wanted: Callable[[dict], bool], timeout: float = 20.0) -> dict:
        self.flush()
        while True:
            frame = self.connection.incoming.get(timeout=timeout)
            assert frame is not None, self.connection.closed
            message = self.session.receive_frame(frame)
            self.flush()
            if message is not None:
                self.received.append(message)
                if wanted(message):
                    return message


def open_local(tmp_path, local) -> tuple[EmbeddedServer, Pump]:
    server = EmbeddedServer(tmp_path / "log.sqlite3")
    server.start()
    connection = Connection(server.url).start()
    session = Session(load_scenario)
    session.start_local(local)
    return server, Pump(session, connection)
