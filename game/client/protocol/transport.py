"""The thin websockets pump: a background thread owns the socket; the window thread owns the session.

``Connection.send(frame)`` may be called from any thread; frames received are put on
``incoming`` (a thread-safe queue) for the window thread to hand to ``Session.receive_frame``.
When the socket closes, ``None`` is put on the queue and ``closed`` says why.
"""

from __future__ import annotations

import asyncio
import queue
import threading

from websockets.asyncio.client import connect

SEND_RATE = 15.0  # frames a second, below the server's 20
SEND_BURST = 30


class Connection:
    def __init__(self, url: str) -> None:
        self.url = url
        self.incoming: queue.Queue[bytes | None] = queue.Queue()
        self.closed: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: asyncio.Queue[bytes | None] | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="spiral-client-net", daemon=True)

    def start(self, timeout: float = 10.0) -> Connection:
        self._thread.start()
        if not self._started.wait(timeout):
            raise TimeoutError(f"could not start the connection to {self.url}")
        return self

    def send(self, frame: bytes) -> None:
        if self._loop is not None and self._outbox is not None and self.closed is None:
            self._loop.call_soon_threadsafe(self._outbox.put_nowait, frame)

    def send_all(self, frames: list[bytes]) -> None:
        for frame in frames:
            self.send(frame)

    def close(self, timeout: float = 5.0) -> None:
        if self._loop is not None and self._outbox is not None:
            self._loop.call_soon_threadsafe(self._outbox.put_nowait, None)
        self._thread.join(timeout)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        loop = self._loop = asyncio.get_running_loop()
        self._outbox = asyncio.Queue()
        self._started.set()
        try:
            async with connect(self.url, compression=None, open_timeout=5, max_size=2**22) as socket:
                async def reader() -> None:
                    async for frame in socket:
                        self.incoming.put(frame if isinstance(frame, bytes) else frame.encode())

                reading = asyncio.create_task(reader())
                tokens, last = float(SEND_BURST), loop.time()
                while True:
                    # Wait for a frame to send or for the server to close the socket, whichever first:
                    # a client that only waited on its outbox would never notice a server going away.
                    getting = asyncio.create_task(self._outbox.get())
                    await asyncio.wait({getting, reading}, return_when=asyncio.FIRST_COMPLETED)
                    if not getting.done():
                        getting.cancel()
                        break
                    frame = getting.result()
                    if frame is None:
                        break
                    # Stay under the server's rate limit (docs/PROTOCOL.md: 20 a second, bursts of 40):
                    # a dropped "ready" would leave the turn waiting.
                    now = loop.time()
                    tokens = min(float(SEND_BURST), tokens + (now - last) * SEND_RATE)
                    last = now
                    if tokens < 1:
                        await asyncio.sleep((1 - tokens) / SEND_RATE)
                        tokens, last = 1.0, loop.time()
                    tokens -= 1
                    await socket.send(frame)
                reading.cancel()
                if socket.close_code is not None and socket.close_code != 1000:
                    self.closed = f"closed by the server (code {socket.close_code}: {socket.close_reason or 'no reason'})"
                    return
            self.closed = "closed"
        except Exception as problem:  # unreachable, refused, dropped: the window shows it
            self.closed = f"{type(problem).__name__}: {problem}"
        finally:
            self.incoming.put(None)
