"""Driving a Lobby without sockets: connections are numbers, time is a number we move."""

from __future__ import annotations

import random
from typing import Any

from game.wire import PROTOCOL_VERSION, decode_server_frame, encode
from server.lobby import Lobby, Result


def seeded_bytes(seed: int):
    rng = random.Random(seed)
    return lambda n: rng.randbytes(n)


class Harness:
    def __init__(self, seed: int = 0, **options: Any) -> None:
        self.lobby = Lobby(random_bytes=seeded_bytes(seed), **options)
        self.now = 1000.0
        self.inbox: dict[int, list[bytes]] = {}
        self.closed: dict[int, str] = {}
        self.records: list[tuple[str, dict[str, Any]]] = []  # the records' maps, as the Store writes them
        self.typed_records: list[tuple[str, Any]] = []
        self._next = 0
        self._requests: dict[int, int] = {}

    def connect(self, greet: bool = True, address: str | None = None) -> int:
        self._next += 1
        self.inbox[self._next] = []
        self.deliver(self.lobby.connect(self._next, self.now, address))
        if greet:
            self.call(self._next, "hello", protocol=PROTOCOL_VERSION)
        return self._next

    def deliver(self, result: Result) -> None:
        taken = self.lobby.take_records()
        self.typed_records += taken  # for a Store
        self.records += [(match, record.to_mapping()) for match, record in taken]  # as stored
        for connection, frame in result.sends:
            self.inbox.setdefault(connection, []).append(frame)
        for connection, reason in result.closes:
            self.closed[connection] = reason

    def send_raw(self, connection: int, frame: bytes) -> list[dict[str, Any]]:
        start = len(self.inbox[connection])
        self.deliver(self.lobby.receive(connection, frame, self.now))
        return [decode_server_frame(f) for f in self.inbox[connection][start:]]

    def call(self, connection: int, kind: str, **fields: Any) -> dict[str, Any]:
        """Send a request; return the reply that answers it (by request id)."""
        request = self._requests[connection] = self._requests.get(connection, 0) + 1
        replies = self.send_raw(connection, encode({"type": kind, "id": request, **fields}))
        answers = [r for r in replies if r.get("id") == request]
        assert answers, replies
        return answers[0]

    def messages(self, connection: int) -> list[dict[str, Any]]:
        return [decode_server_frame(f) for f in self.inbox[connection]]

    def run_bots(self) -> None:
        """Every pending bot decision, done synchronously (the adapter does them in a thread)."""
        while True:
            jobs = self.lobby.bot_jobs()
            if not jobs:
                return
            for job in jobs:
                self.deliver(self.lobby.bot_orders(job, job.run(), self.now))

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.deliver(self.lobby.tick(self.now))
