"""A minimal protocol client over a real websocket, for the socket and recovery tests."""

from __future__ import annotations

import itertools
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from game.wire import PROTOCOL_VERSION, decode_server_frame, encode


class Client:
    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.seen: list[dict[str, Any]] = []

    @classmethod
    async def open(cls, port: int, **options: Any) -> Client:
        client = cls(await connect(f"ws://127.0.0.1:{port}", compression=None, open_timeout=5, **options))
        assert (await client.call("hello", protocol=PROTOCOL_VERSION))["type"] == "welcome"
        return client

    async def call(self, kind: str, **fields: Any) -> dict[str, Any]:
        request = next(self.ids)
        await self.socket.send(encode({"type": kind, "id": request, **fields}))
        return await self.until(lambda m: m.get("id") == request)

    async def until(self, wanted) -> dict[str, Any]:
        while True:
            message = decode_server_frame(await self.socket.recv())
            self.seen.append(message)
            if wanted(message):
                return message

    async def close(self) -> None:
        await self.socket.close()
