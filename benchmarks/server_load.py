"""Load on `spiral serve`: bot-like clients over loopback websockets, and a bare echo baseline.

    python benchmarks/server_load.py [--matches 200] [--seconds 10] [--idle 10000]

The server runs in its own process (as `spiral serve` would, with a large rate limit and a
probe of its event-loop lag); the clients run in this process. Each of the 4 seats of each
match revises its orders in a closed loop (send, wait for the ack: the order-to-ack latency,
acks only after the SQLite commit), marking itself ready every few orders, so turns resolve
too (turn-to-view latency: from the last seat's ready to each seat's new view). Then idle
connections are opened to measure the server's memory per connection, and a bare websockets
echo server is measured with the same number of clients and frame size.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import connect  # noqa: E402

from game.wire import PROTOCOL_VERSION, decode_server_frame, encode  # noqa: E402

ORDERS_PER_READY = 8
SCENARIO = "doubly-dangerous"

SERVER_CHILD = r"""
import asyncio, signal, sys, time
from server.app import SpiralServer
from server.lobby import Lobby
from server.storage import Store

async def main():
    server = SpiralServer(Store(sys.argv[1]), lobby=Lobby(rate=1e6, burst=1e6))
    port = await server.start("127.0.0.1", 0)
    print(port, flush=True)
    lags = []
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async def probe():
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - start - 0.01)
    task = asyncio.create_task(probe())
    await stop.wait()
    task.cancel()
    lags.sort()
    print(f"lag {lags[len(lags)//2]*1000:.2f} {lags[int(len(lags)*0.99)]*1000:.2f} {lags[-1]*1000:.2f}", flush=True)
    await server.stop()

asyncio.run(main())
"""

ECHO_CHILD = r"""
import asyncio
from websockets.asyncio.server import serve

async def echo(ws):
    async for m in ws:
        await ws.send(m)

async def main():
    async with serve(echo, "127.0.0.1", 0, compression=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()

asyncio.run(main())
"""


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


class Seat:
    def __init__(self, socket, match: str, stats: dict, turn_marks: dict) -> None:
        self.socket, self.match, self.stats, self.turn_marks = socket, match, stats, turn_marks
        self.next_id = 0

    async def play(self, view: dict, until: float) -> None:
        turn, version = view["turn"], view["version"]
        while time.perf_counter() < until:
            for _ in range(ORDERS_PER_READY):
                self.next_id += 1
                sent = time.perf_counter()
                await self.socket.send(encode({"type": "orders", "id": self.next_id, "match": self.match,
                                               "turn": turn, "version": version, "orders": "budget 40/50/10"}))
                message = await self._until_reply(self.next_id)
                if message["type"] == "ack":
                    self.stats["ack"].append(time.perf_counter() - sent)
                elif message.get("code") == "stale-orders":
                    break
            self.next_id += 1
            marks = self.turn_marks.setdefault((self.match, turn), [])
            marks.append(time.perf_counter())
            await self.socket.send(encode({"type": "ready", "id": self.next_id, "match": self.match, "turn": turn,
                                           "version": version, "ready": True}))
            new_view = await self._until_turn()
            if new_view is None:
                return
            self.stats["turn"].append(time.perf_counter() - max(marks))
            turn, version = new_view["turn"], new_view["version"]

    async def _until_reply(self, request: int) -> dict:
        while True:
            message = decode_server_frame(await self.socket.recv())
            if message.get("id") == request:
                return message
            if message["type"] == "turn":
                self.pending_turn = message

    async def _until_turn(self) -> dict | None:
        if getattr(self, "pending_turn", None) is not None:
            message, self.pending_turn = self.pending_turn, None
            return message["view"]
        while True:
            message = decode_server_frame(await self.socket.recv())
            if message["type"] == "turn":
                return message["view"]
            if message["type"] == "reveal":
                return None


async def open_client(port: int):
    socket = await connect(f"ws://127.0.0.1:{port}", compression=None, max_size=None, open_timeout=60)
    await socket.send(encode({"type": "hello", "id": 0, "protocol": PROTOCOL_VERSION}))
    decode_server_frame(await socket.recv())
    return socket


async def set_up_match(port: int, stats: dict, marks: dict) -> list[tuple[Seat, dict]]:
    host = await open_client(port)
    await host.send(encode({"type": "create", "id": 1, "scenario": SCENARIO, "seats": [None] * 4,
                            "turn_seconds": 0, "public": False}))
    created = decode_server_frame(await host.recv())
    seats = []
    for seat in range(4):
        socket = await open_client(port)
        await socket.send(encode({"type": "join", "id": 1, "code": created["code"], "name": f"s{seat}"}))
        decode_server_frame(await socket.recv())
        sync = decode_server_frame(await socket.recv())
        seats.append((Seat(socket, created["match"], stats, marks), sync["view"]))
    await host.send(encode({"type": "host", "id": 2, "match": created["match"], "token": created["host_token"],
                            "action": "start"}))
    await host.close()
    return seats


async def load(port: int, matches: int, seconds: float) -> dict:
    stats: dict = {"ack": [], "turn": []}
    marks: dict = {}
    seats = []
    for group in range(0, matches, 20):
        for result in await asyncio.gather(*(set_up_match(port, stats, marks)
                                             for _ in range(min(20, matches - group)))):
            seats += result
    lags: list[float] = []

    async def probe(until: float) -> None:
        while time.perf_counter() < until:
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - start - 0.01)

    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(probe(until), *(seat.play(view, until) for seat, view in seats))
    elapsed = time.perf_counter() - start
    for seat, _ in seats:
        await seat.socket.close()
    stats["elapsed"] = elapsed
    stats["client_lag"] = lags
    return stats


async def idle_connections(port: int, count: int) -> list:
    sockets = []
    for group in range(0, count, 200):
        sockets += await asyncio.gather(*(open_client(port) for _ in range(min(200, count - group))))
    return sockets


async def echo_load(port: int, clients: int, seconds: float, frame: bytes) -> float:
    count = 0

    async def client(until: float) -> None:
        nonlocal count
        async with connect(f"ws://127.0.0.1:{port}", compression=None, open_timeout=60) as socket:
            while time.perf_counter() < until:
                await socket.send(frame)
                await socket.recv()
                count += 1

    start = time.perf_counter()
    await asyncio.gather(*(client(start + seconds) for _ in range(clients)))
    return count / (time.perf_counter() - start)


def child(code: str, *args: str) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    return process, int(process.stdout.readline())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--matches", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--idle", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server, port = child(SERVER_CHILD, str(Path(folder) / "load.sqlite3"))
        try:
            base = rss_kib(server.pid)
            cpu_before = cpu_seconds(server.pid)
            stats = asyncio.run(load(port, args.matches, args.seconds))
            server_cpu = cpu_seconds(server.pid) - cpu_before
            busy = rss_kib(server.pid)

            async def idle() -> None:
                before = rss_kib(server.pid)
                sockets = await idle_connections(port, args.idle)
                await asyncio.sleep(1)
                after = rss_kib(server.pid)
                print(f"idle connections: {len(sockets)}, server memory {(after - before) / len(sockets):.1f} KiB "
                      f"per connection (RSS {before} -> {after} KiB)")
                for socket in sockets:
                    await socket.close()

            if args.idle:
                asyncio.run(idle())
        finally:
            server.send_signal(signal.SIGTERM)
            lag_line = server.stdout.readline().split()
            server.wait(timeout=60)
    acks, turns = stats["ack"], stats["turn"]
    connections = args.matches * 4
    print(f"matches {args.matches} x 4 seats = {connections} connections, {stats['elapsed']:.1f} s of load")
    print(f"acknowledged (committed) orders: {len(acks)}, {len(acks) / stats['elapsed']:.0f}/s")
    print(f"order-to-ack latency: p50 {percentile(acks, 0.5) * 1000:.1f} ms, p99 {percentile(acks, 0.99) * 1000:.1f} ms")
    print(f"turn-to-view latency (last ready -> view): p50 {percentile(turns, 0.5) * 1000:.1f} ms, "
          f"p99 {percentile(turns, 0.99) * 1000:.1f} ms, turns seen by seats {len(turns)}")
    if lag_line and lag_line[0] == "lag":
        print(f"server event-loop lag: p50 {lag_line[1]} ms, p99 {lag_line[2]} ms, max {lag_line[3]} ms")
    print(f"client event-loop lag: p99 {percentile(stats['client_lag'], 0.99) * 1000:.1f} ms")
    print(f"server RSS: {base} KiB at start, {busy} KiB after the load; server CPU {server_cpu:.1f} s "
          f"(set-up and load), {server_cpu / max(1, len(acks)) * 1e6:.0f} us per acknowledged order")
    frame = encode({"type": "orders", "id": 1, "match": "x" * 18, "turn": 1, "version": 0, "orders": "budget 40/50/10"})
    echo, echo_port = child(ECHO_CHILD)
    try:
        rate = asyncio.run(echo_load(echo_port, connections, args.seconds, frame))
    finally:
        echo.send_signal(signal.SIGTERM)
        echo.wait(timeout=30)
    print(f"bare websockets echo, {connections} clients: {rate:.0f} round trips/s; "
          f"durable acks are {len(acks) / stats['elapsed'] / rate:.0%} of that")


if __name__ == "__main__":
    main()
