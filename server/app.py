"""The websockets adapter: a thin pump between sockets and the Sans-I/O ``Lobby``.

Each frame goes to ``Lobby.receive``; what it returns is queued, in order, behind a
group commit: the committer writes every record made since its last round in one
SQLite transaction, then hands the frames to each connection: straight to its socket
when nothing waits before the frame and the socket's buffer has room (the usual case: no
task switch per frame), else to its bounded outbox, emptied by a writer task. A
connection whose outbox overflows, or whose socket takes longer than ``SEND_TIMEOUT`` to
accept a frame (a client that stopped reading), is cut off. Bots think in a worker
thread, deadlines are checked by a timer task, and the clock is injectable so tests
control time.

There is no commit timer: a round starts as soon as something waits, so a lone order
waits for one commit and a crowd shares one. The commit runs on the event loop: in WAL
mode it appends to the ``-wal`` file, about a tenth of a millisecond, less than handing it
to a thread and back (measured at up to 5-10 ms each way on a busy machine). The slow
part of SQLite's durability, the checkpoint and its fsync, runs in a thread of its own
(``_note_commit``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import itertools
import logging
import socket as stdlib_socket
import ssl
import time
from functools import partial
from typing import Any, Callable

from websockets.asyncio.server import Server as WebSocketServer
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

from game.wire import MAX_CLIENT_FRAME
from server.lobby import Lobby, Result
from server.records import AnyRecord
from server.match import BotJob
from server.storage import Store

log = logging.getLogger("spiral.server")

SEND_TIMEOUT = 5.0  # seconds a frame may wait for the socket before the client is cut off
OUTBOX_LIMIT = 256  # frames waiting for one connection
OPEN_TIMEOUT = 5.0  # a handshake slower than this is dropped
WRITE_LIMIT = 64 * 1024  # bytes buffered by websockets before send() waits
TICK = 0.5  # seconds between deadline checks at most
CHECKPOINT_PAGES = 256  # about this many WAL pages written, a checkpoint starts in its thread
# Under steady load the background checkpoints never find the WAL at rest, so it would never start
# over; past this length (4 KiB pages: 8 MiB) the loop restarts it: about 5 ms, as the background
# checkpoints left little to copy (SQLite's own checkpoint in a commit: 10-40 ms each 1000 pages).
WAL_LIMIT_PAGES = 2048
# The kernel's send buffer per connection, capped: left to autotuning, it grows to megabytes on
# loopback, holding memory and hiding a client that stopped reading from the send timeout.
SEND_BUFFER = 64 * 1024


# Python's cycle collector stops the event loop while it scans: a scan of the oldest generation
# took 80-180 ms with 200 busy matches (benchmarks/server_load.py), most of the slowest acks.
# Young scans run 70 times less often (each up to about 8 ms, when the young objects survive),
# so far fewer objects grow old and full scans become rare; and what exists once the server is
# up (modules, restored matches) is moved out of every scan.
YOUNG_GC_THRESHOLD = 50_000
OLDER_GC_THRESHOLD = 20


def tune_garbage_collector() -> None:
    """Fewer, and shorter, cycle-collector pauses for a long-running server process.

    Call it once the server is started (``spiral serve`` does): it freezes every object that
    exists then (they live as long as the process; refcounting still frees what is not in a
    cycle) and makes young collections rarer. Process-wide, so never called on import.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GC_THRESHOLD, OLDER_GC_THRESHOLD, OLDER_GC_THRESHOLD)


class SpiralServer:
    def __init__(self, store: Store, *, lobby: Lobby | None = None, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.lobby = lobby or Lobby()
        self.clock = clock
        for match, reason in self.lobby.restore(store.load()).items():
            log.error("match %s is not resumed: %s", match, reason)
        self._ids = itertools.count(1)
        self._sockets: dict[int, ServerConnection] = {}
        self._outboxes: dict[int, asyncio.Queue[bytes | None]] = {}
        self._pipeline: list[Result] = []
        self._pending_records: list[tuple[str, AnyRecord]] = []
        self._pending_drops: list[str] = []
        self._pipeline_ready = asyncio.Event()
        self._bots_running: set[tuple[str, int, int]] = set()
        self._checkpoint_thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="spiral-checkpoint")
        self._checkpoint: asyncio.Future[int] | None = None
        self._pages_since_checkpoint = 0
        self._wal_pages = 0  # the WAL's length at the last checkpoint
        store.take_over_checkpoints()
        self._bot_threads = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="spiral-bots")
        self._tasks: list[asyncio.Task[Any]] = []
        self.ws_server: WebSocketServer | None = None

    # --- life cycle ----------------------------------------------------------------------------

    async def start(self, host: str, port: int, *, ssl_context: ssl.SSLContext | None = None) -> int:
        """Listen; return the port (useful with port 0)."""
        self._tasks = [asyncio.create_task(self._committer()), asyncio.create_task(self._timer())]
        self.ws_server = await serve(
            self._handle, host, port, ssl=ssl_context, max_size=MAX_CLIENT_FRAME, max_queue=16,
            write_limit=WRITE_LIMIT, open_timeout=OPEN_TIMEOUT, ping_interval=20, ping_timeout=20,
            close_timeout=2, compression=None,
        )
        self._enqueue(self.lobby.tick(self.clock()))  # deadlines that passed while the server was down
        self._schedule_bots()
        return int(self.ws_server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stop listening, close every connection, commit what is pending, close the database."""
        if self.ws_server is not None:
            self.ws_server.close()
            await self.ws_server.wait_closed()
        await self._flush()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._bot_threads.shutdown(wait=True, cancel_futures=True)
        self._checkpoint_thread.shutdown(wait=True)
        self.store.close()

    # --- connections ---------------------------------------------------------------------------

    async def _handle(self, socket: ServerConnection) -> None:
        connection = next(self._ids)
        raw = socket.transport.get_extra_info("socket")
        if raw is not None:
            raw.setsockopt(stdlib_socket.SOL_SOCKET, stdlib_socket.SO_SNDBUF, SEND_BUFFER)
        self._sockets[connection] = socket
        outbox: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._outboxes[connection] = outbox
        address = socket.remote_address[0] if socket.remote_address else None
        writer = asyncio.create_task(self._writer(connection, socket, outbox))
        self._enqueue(self.lobby.connect(connection, self.clock(), address))
        try:
            async for frame in socket:
                self._enqueue(self.lobby.receive(connection, frame, self.clock()))
        except ConnectionClosed:
            pass
        except Exception:  # a bug: this connection is closed, the server and other matches go on
            log.exception("connection %d: unexpected error", connection)
        finally:
            self._enqueue(self.lobby.disconnect(connection, self.clock()))
            self._sockets.pop(connection, None)
            self._outboxes.pop(connection, None)
            outbox.put_nowait(None)
            await writer

    async def _writer(self, connection: int, socket: ServerConnection, outbox: asyncio.Queue[bytes | None]) -> None:
        while True:
            frame = await outbox.get()
            if frame is None:
                return
            try:
                async with asyncio.timeout(SEND_TIMEOUT):  # cheaper than wait_for: no task per frame
                    await socket.send(frame)
            except TimeoutError:
                log.info("connection %d is not reading: cut off", connection)
                socket.transport.abort()
                return
            except ConnectionClosed:
                return

    def _deliver(self, result: Result) -> None:
        for connection, frame in result.sends:
            outbox = self._outboxes.get(connection)
            if outbox is None:
                continue
            if outbox.empty() and _write_now(self._sockets[connection], frame):
                continue
            if outbox.qsize() >= OUTBOX_LIMIT:
                socket = self._sockets.get(connection)
                if socket is not None:
                    socket.transport.abort()
                continue
            outbox.put_nowait(frame)
        for connection, reason in result.closes:
            socket = self._sockets.get(connection)
            if socket is not None:
                asyncio.ensure_future(socket.close(1008, reason))

    # --- the pipeline: commit, then send -------------------------------------------------------

    def _enqueue(self, result: Result) -> None:
        for error in result.failures:
            log.error("handling a message failed; its changes were undone", exc_info=error)
        self._pending_records += self.lobby.take_records()
        self._pending_drops += self.lobby.take_dropped()
        if result.sends or result.closes or self._pending_records or self._pending_drops:
            self._pipeline.append(result)
            self._pipeline_ready.set()
        self._schedule_bots()

    async def _committer(self) -> None:
        while True:
            await self._pipeline_ready.wait()
            self._pipeline_ready.clear()
            try:
                self._commit_round()
            except Exception:  # a bug: this round's answers are lost, but later rounds must go on
                log.exception("a commit round failed")

    def _commit_round(self) -> None:
        results, self._pipeline = self._pipeline, []
        records, self._pending_records = self._pending_records, []
        drops, self._pending_drops = self._pending_drops, []
        if records or drops:
            try:
                if drops:
                    self.store.append(records, drop=tuple(drops))
                else:
                    self.store.append(records)
            except Exception:
                # Nothing of this batch was committed, so nothing of it is acknowledged.
                log.exception("committing %d records failed; their answers are not sent", len(records))
                return
            self._note_commit(len(records))
        for result in results:
            self._deliver(result)

    def _note_commit(self, records: int) -> None:
        # A commit writes a page, and about one more per 32 small records.
        self._pages_since_checkpoint += 1 + records // 32
        if self._checkpoint is not None:
            return
        if self._wal_pages + self._pages_since_checkpoint >= WAL_LIMIT_PAGES:
            self._wal_pages = self._pages_since_checkpoint = 0
            try:
                self.store.restart_wal()
            except Exception:  # the records are committed all the same; the WAL just grows on
                log.exception("restarting the event log's WAL failed (it is tried again later)")
        elif self._pages_since_checkpoint >= CHECKPOINT_PAGES:
            self._pages_since_checkpoint = 0
            self._checkpoint = asyncio.get_running_loop().run_in_executor(self._checkpoint_thread,
                                                                          self.store.checkpoint)
            self._checkpoint.add_done_callback(self._checkpoint_done)

    def _checkpoint_done(self, future: asyncio.Future[int]) -> None:
        self._checkpoint = None
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.error("checkpointing the event log failed (commits go on; it is tried again)", exc_info=error)
            return
        self._wal_pages = future.result()

    async def _flush(self) -> None:
        self._commit_round()

    # --- time and bots -------------------------------------------------------------------------

    async def _timer(self) -> None:
        while True:
            now = self.clock()
            deadline = self.lobby.next_deadline()
            wait = TICK if deadline is None else min(TICK, max(0.0, deadline - now))
            await asyncio.sleep(wait)
            try:
                self._enqueue(self.lobby.tick(self.clock()))
            except Exception:  # a bug in a resolution must not stop every other match's clock
                log.exception("ending a turn failed")

    def _schedule_bots(self) -> None:
        loop = asyncio.get_running_loop()
        for job in self.lobby.bot_jobs():
            key = (job.match, job.seat, job.state.version)
            if key in self._bots_running:
                continue
            self._bots_running.add(key)
            future = loop.run_in_executor(self._bot_threads, job.run)
            future.add_done_callback(partial(self._bot_done, job, key))

    def _bot_done(self, job: BotJob, key: tuple[str, int, int], future: asyncio.Future[str]) -> None:
        self._bots_running.discard(key)
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.error("bot %s failed in match %s seat %d: %r", job.bot, job.match, job.seat, error)
            return
        self._enqueue(self.lobby.bot_orders(job, future.result(), self.clock()))


def _write_now(socket: ServerConnection, frame: bytes) -> bool:
    """Write ``frame`` to the socket at once if it is open and its buffer is under ``WRITE_LIMIT``.

    This is what ``socket.send`` does without its wait for the buffer to drain, which is needed
    only past the limit (then the caller queues the frame for the writer task). It goes through
    the connection's Sans-I/O ``protocol`` (``send_binary``, ``data_to_send``), as the websockets
    library itself does; it only runs on the event loop, so frames cannot interleave.
    """
    transport = socket.transport
    if socket.protocol.state is not State.OPEN or transport.is_closing():
        return False
    if transport.get_write_buffer_size() >= WRITE_LIMIT:
        return False
    socket.protocol.send_binary(frame)
    for data in socket.protocol.data_to_send():
        transport.write(data)
    return True
