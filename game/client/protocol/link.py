"""A session's link to its server: pump frames both ways, and reconnect by itself when dropped.

``Link.pump(now)`` is called once a frame by the window: it hands what arrived to the session,
sends what the session queued, and — once the socket closed — either gives up (the seat was
never taken: the connect screen shows why) or reconnects after a growing pause and takes the
seat back with its token. ``now`` is passed in (not read from a clock) so the reconnect policy
is tested without waiting.
"""

from __future__ import annotations

import logging
import queue
from typing import Callable

from game.client.protocol.transport import Connection
from game.client.protocol.session import Session

log = logging.getLogger("spiral.client")

RETRY_PAUSES = (0.5, 1.0, 2.0, 4.0, 5.0)  # seconds before each reconnect attempt; the last repeats


class Link:
    """``state`` is ``connecting``, ``open``, ``reconnecting``, ``failed`` or ``closed``."""

    def __init__(self, url: str, session: Session, connect: Callable[[str], Connection] | None = None) -> None:
        self.url = url
        self.session = session
        self._connect = connect or (lambda address: Connection(address).start())
        self.connection: Connection | None = None
        self.state = "connecting"
        self.problem: str | None = None  # why the last connection closed
        self.attempts = 0  # reconnect attempts since the last frame arrived
        self.retry_at: float | None = None

    def open(self) -> Link:
        self.connection = self._connect(self.url)
        return self

    @property
    def seated(self) -> bool:
        """Whether the session holds a seat it can take back after a drop."""
        return self.session.match is not None and self.session.token is not None

    def pump(self, now: float, wait: float = 0.0) -> None:
        """Move frames both ways; with ``wait`` > 0, first block up to that long for one to arrive."""
        session = self.session
        if self.connection is not None:
            block = wait > 0
            while True:
                try:
                    frame = self.connection.incoming.get(timeout=wait) if block else self.connection.incoming.get_nowait()
                except queue.Empty:
                    break
                block = False
                if frame is None:
                    self._dropped(now)
                    break
                if self.state != "open":
                    self.state, self.attempts = "open", 0
                session.receive_frame(frame)
            if self.connection is not None:
                self.connection.send_all(session.data_to_send())
        elif self.state == "reconnecting" and self.retry_at is not None and now >= self.retry_at:
            self.attempts += 1
            self.retry_at = None
            log.info("reconnecting to %s (attempt %d)", self.url, self.attempts)
            if session.resume():
                self.state = "connecting"
                self.connection = self._connect(self.url)
                self.connection.send_all(session.data_to_send())
            else:
                self.state = "failed"

    def _dropped(self, now: float) -> None:
        assert self.connection is not None
        self.problem = self.connection.closed
        self.connection = None
        over = self.session.reveal is not None
        if self.state == "closed" or over:
            self.state = "closed"
        elif self.seated:
            self.state = "reconnecting"
            self.retry_at = now + RETRY_PAUSES[min(self.attempts, len(RETRY_PAUSES) - 1)]
            self.session.notices.append(f"connection lost ({self.problem}); reconnecting...")
        else:
            self.state = "failed"
            if self.session.failure is None:
                self.session.failure = f"Could not reach {self.url}: {self.problem}"

    def close(self) -> None:
        """Close the link for good; frames the session queued (a ``leave``) are sent first."""
        self.state = "closed"
        if self.connection is not None:
            self.connection.send_all(self.session.data_to_send())
            self.connection.close()
            self.connection = None

    def banner(self) -> str | None:
        """One line for the top of the game screen while the link is not healthy."""
        if self.state == "reconnecting":
            return f"Connection lost - reconnecting (attempt {self.attempts + 1})..."
        if self.state == "connecting" and self.attempts:
            return f"Reconnecting (attempt {self.attempts})..."
        if self.state == "failed":
            return f"Disconnected: {self.session.failure or self.problem}"
        return None
