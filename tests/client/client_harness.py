"""An embedded server on port 0 and a session pumped over a real socket, without a window."""

from __future__ import annotations

from typing import Any, Callable

from game.assets import load_scenario
from game.client.protocol.transport import Connection
from game.client.protocol.session import Session
from game.play_command import EmbeddedServer


class Pump:
    """Moves frames between a Session and its Connection; waits block on the queue (no sleeps)."""

    def __init__(self, session: Session, connection: Connection) -> None:
        self.session, self.connection = session, connection
        self.received: list[Any] = []  # the typed messages

    def flush(self) -> None:
        self.connection.send_all(self.session.data_to_send())

    def until(self, wanted: Callable[[Any], bool], timeout: float = 20.0) -> Any:
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


def game_screen(session: Session, folder):
    """A game screen in a real ``App`` (dummy video) showing ``session``; the test's pump moves its frames."""
    from game.client.app import App
    from game.client.screens.game_screen import GameScreen
    from game.client.protocol.link import Link
    from game.client.settings import Settings
    from game.play_command import services

    app = App(services(folder), (1280, 800), settings=Settings(), settings_path=folder / "settings.json")
    app.link = Link("ws://127.0.0.1:1", session)  # never pumped by the app: the test's Pump does it
    screen = GameScreen(app)
    app.show(screen)
    return screen


def open_local(tmp_path, local) -> tuple[EmbeddedServer, Pump]:
    server = EmbeddedServer(tmp_path / "log.sqlite3")
    server.start()
    connection = Connection(server.url).start()
    session = Session(load_scenario)
    session.start_local(local)
    return server, Pump(session, connection)


def settle(app) -> None:
    """Before a screenshot: the game screen's map labels all placed and drawn (the window places a
    few a frame), then a frame."""
    screen = app.scene
    renderer = getattr(getattr(screen, "map", None), "renderer", None)
    if renderer is not None:
        renderer.settle_labels(screen.map.size)
        app.step([])
