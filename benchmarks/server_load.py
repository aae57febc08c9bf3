"""Load on `spiral serve`: bot-like clients over loopback websockets, and a bare echo baseline.

    python benchmarks/server_load.py [--matches 200] [--seconds 10] [--think 1.0] [--idle 10000]

(``SPIRAL_SERVER_PROFILE=FILE`` runs the server under cProfile and writes its statistics to FILE.)

The server runs in its own process (as `spiral serve` would, with a large rate limit and a
probe of its event-loop lag); the clients run in this process. Each of the 4 seats of each
match sends orders (and waits for each ack: the order-to-ack latency, acks only after the
SQLite commit), marking itself ready every few orders, so turns resolve too (turn-to-view
latency: from the last seat's ready to each seat's new view). Two phases on the same matches:

1. *paced*: after each ack a seat thinks for a random time (uniform, mean ``--think`` seconds)
   before its next message, as a player or bot does. Its latencies are the ones the target
   speaks of: what each of the connections sees under that load.
2. *closed loop*: no thinking, every seat sends its next order as soon as the ack arrives. This
   saturates the server, so its figure is the throughput (acknowledged orders a second); its
   latencies are mostly time spent queued behind the other seats' orders (Little's law: about
   connections / throughput).

The closed loop is measured in ``SLICES`` slices, each followed by a slice of the same length
against a bare websockets echo server (its own process, the same number of connections, opened
beforehand, and frame size, closed-loop too): the two rates are compared under the same machine
load, which other programs may change from minute to minute. Then idle connections are opened
to measure the server's memory per connection. The load generator and the server share the
machine's cores, so every figure depends on the machine; the output starts with its load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
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
SLICES = 4  # the closed loop alternates with the echo baseline this many times
SCENARIO = "doubly-dangerous"

SERVER_CHILD = r"""
import asyncio, signal, sys, time
from server.app import SpiralServer, tune_garbage_collector
from server.limits import Limits
from server.lobby import Lobby
from server.storage import Store

async def main():  # as `spiral serve` runs it (server/command.py), with no rate limit and, as every
    # client comes from 127.0.0.1, no per-address limits (a server behind a proxy runs so too)
    limits = Limits(matches_per_connection=0, matches_per_address=0, open_lobbies=0, connections_per_address=0)
    server = SpiralServer(Store(sys.argv[1]), lobby=Lobby(rate=1e6, burst=1e6, limits=limits))
    port = await server.start("127.0.0.1", 0)
    if sys.argv[2] == "tuned-gc":
        tune_garbage_collector()
    print(port, flush=True)
    lags = []
    stop = asyncio.Event()
    def report():  # SIGUSR1: the lag since the last report
        ordered = sorted(lags) or [0.0]
        print(f"lag {ordered[len(ordered)//2]*1000:.2f} {ordered[int(len(ordered)*0.99)]*1000:.2f} "
              f"{ordered[-1]*1000:.2f}", flush=True)
        lags.clear()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, report)
    async def probe():
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - start - 0.01)
    task = asyncio.create_task(probe())
    await stop.wait()
    task.cancel()
    await server.stop()

import os
if os.environ.get("SPIRAL_SERVER_PROFILE"):  # a cProfile of the server's whole run, written on SIGTERM
    import cProfile
    cProfile.run("asyncio.run(main())", os.environ["SPIRAL_SERVER_PROFILE"])
else:
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


def own_cpu_seconds() -> float:
    """The load generator's (this process's) CPU time, user and system."""
    times = os.times()
    return times.user + times.system


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


class Seat:
    """One seat's client, playing across phases: it stops when a phase's time is up, even while
    it waits for a turn (the turn then arrives in the next phase)."""

    def __init__(self, socket, match: str, view: dict, rng: random.Random) -> None:
        self.socket, self.match, self.rng = socket, match, rng
        self.turn, self.version = view["turn"], view["version"]
        self.next_id = 0
        self.orders_sent = 0  # this turn
        self.ready_at: float | None = None  # set: ready was sent, the turn is awaited
        self.pending_turn: dict | None = None
        self.is_over = False

    async def play(self, stats: dict, until: float, think: float) -> None:
        while not self.is_over:
            if self.ready_at is not None:
                message = await self._until_turn(until)
                if message is None:
                    return  # time is up
                if message["type"] == "reveal":
                    self.is_over = True
                    return
                last_ready = max(stats["ready"].get((self.match, self.turn), [self.ready_at]))
                stats["turn"].append(time.perf_counter() - max(last_ready, self.ready_at))
                self.turn, self.version = message["view"]["turn"], message["view"]["version"]
                self.orders_sent, self.ready_at = 0, None
            if not await self._think(think, until):
                return
            self.next_id += 1
            if self.orders_sent < ORDERS_PER_READY:
                sent = time.perf_counter()
                await self.socket.send(encode({"type": "orders", "id": self.next_id, "match": self.match,
                                               "turn": self.turn, "version": self.version,
                                               "orders": "budget 40/50/10"}))
                message = await self._until_reply(self.next_id)
                self.orders_sent += 1
                if message["type"] == "ack":
                    stats["ack"].append(time.perf_counter() - sent)
                elif message.get("code") == "stale-orders":
                    self.orders_sent = ORDERS_PER_READY
            else:
                self.ready_at = time.perf_counter()
                stats["ready"].setdefault((self.match, self.turn), []).append(self.ready_at)
                await self.socket.send(encode({"type": "ready", "id": self.next_id, "match": self.match,
                                               "turn": self.turn, "version": self.version, "ready": True}))

    async def _think(self, think: float, until: float) -> bool:
        """Pause as a player would; whether there is time left for another message."""
        if think > 0:
            await asyncio.sleep(min(self.rng.uniform(0, 2 * think), max(0.0, until - time.perf_counter())))
        return time.perf_counter() < until

    async def _until_reply(self, request: int) -> dict:
        while True:
            message = decode_server_frame(await self.socket.recv())
            if message.get("id") == request:
                return message
            if message["type"] in ("turn", "reveal"):
                self.pending_turn = message

    async def _until_turn(self, until: float) -> dict | None:
        """The ``turn`` (or ``reveal``) message, or None if it has not come when time is up."""
        if self.pending_turn is not None:
            message, self.pending_turn = self.pending_turn, None
            return message
        try:
            async with asyncio.timeout(max(0.0, until - time.perf_counter())):
                while True:  # recv() may be cancelled safely: an unread frame stays for the next call
                    message = decode_server_frame(await self.socket.recv())
                    if message["type"] in ("turn", "reveal"):
                        return message
        except TimeoutError:
            return None


async def open_client(port: int):
    socket = await connect(f"ws://127.0.0.1:{port}", compression=None, max_size=None, open_timeout=60)
    await socket.send(encode({"type": "hello", "id": 0, "protocol": PROTOCOL_VERSION}))
    decode_server_frame(await socket.recv())
    return socket


async def set_up_match(port: int, rng: random.Random) -> list[Seat]:
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
        seats.append(Seat(socket, created["match"], sync["view"], random.Random(rng.random())))
    await host.send(encode({"type": "host", "id": 2, "match": created["match"], "token": created["host_token"],
                            "action": "start"}))
    await host.close()
    return seats


async def set_up(port: int, matches: int) -> list[Seat]:
    rng = random.Random(1)
    seats: list[Seat] = []
    for group in range(0, matches, 20):
        for result in await asyncio.gather(*(set_up_match(port, rng) for _ in range(min(20, matches - group)))):
            seats += result
    return seats


async def run_phase(seats: list[Seat], seconds: float, think: float) -> dict:
    """Every seat plays for ``seconds``; acks, turn latencies and the client's event-loop lag."""
    stats: dict = {"ack": [], "turn": [], "ready": {}}
    lags: list[float] = []

    async def probe(until: float) -> None:
        while time.perf_counter() < until:
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - start - 0.01)

    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(probe(until), *(seat.play(stats, until, think) for seat in seats))
    stats["elapsed"] = time.perf_counter() - start
    stats["client_lag"] = lags
    return stats


async def idle_connections(port: int, count: int) -> list:
    sockets = []
    for group in range(0, count, 200):
        sockets += await asyncio.gather(*(open_client(port) for _ in range(min(200, count - group))))
    return sockets


async def open_echo_clients(port: int, clients: int) -> list:
    sockets = []
    for group in range(0, clients, 200):
        sockets += await asyncio.gather(*(connect(f"ws://127.0.0.1:{port}", compression=None, open_timeout=60)
                                          for _ in range(min(200, clients - group))))
    return sockets


async def echo_round_trips(sockets: list, frame: bytes, seconds: float) -> int:
    """Round trips made by every client, each sending its next frame when the echo comes back."""
    count = 0

    async def client(socket, until: float) -> None:
        nonlocal count
        while time.perf_counter() < until:
            await socket.send(frame)
            await socket.recv()
            count += 1

    until = time.perf_counter() + seconds
    await asyncio.gather(*(client(socket, until) for socket in sockets))
    return count


def child(code: str, *args: str) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    return process, int(process.stdout.readline())


def server_lag(server: subprocess.Popen) -> str:
    """The server's event-loop lag since the last call (its child prints it on SIGUSR1)."""
    server.send_signal(signal.SIGUSR1)
    fields = server.stdout.readline().split()
    return f"p50 {fields[1]} ms, p99 {fields[2]} ms, max {fields[3]} ms"


def merged(parts: list[dict]) -> dict:
    return {"ack": [a for p in parts for a in p["ack"]], "turn": [t for p in parts for t in p["turn"]],
            "client_lag": [c for p in parts for c in p["client_lag"]], "elapsed": sum(p["elapsed"] for p in parts)}


def report_phase(title: str, stats: dict, cpu: float, lag: str) -> None:
    acks, turns = stats["ack"], stats["turn"]
    print(title)
    print(f"  acknowledged (committed) orders: {len(acks)} in {stats['elapsed']:.1f} s, "
          f"{len(acks) / stats['elapsed']:.0f}/s")
    print(f"  order-to-ack latency: p50 {percentile(acks, 0.5) * 1000:.1f} ms, "
          f"p99 {percentile(acks, 0.99) * 1000:.1f} ms, max {max(acks, default=float('nan')) * 1000:.1f} ms")
    print(f"  turn-to-view latency (last ready -> view): p50 {percentile(turns, 0.5) * 1000:.1f} ms, "
          f"p99 {percentile(turns, 0.99) * 1000:.1f} ms, turns seen by seats {len(turns)}")
    print(f"  server event-loop lag: {lag}; client event-loop lag p99 "
          f"{percentile(stats['client_lag'], 0.99) * 1000:.1f} ms")
    print(f"  server CPU {cpu:.1f} s, {cpu / max(1, len(acks)) * 1e6:.0f} us per acknowledged order "
          f"({cpu / stats['elapsed']:.0%} of one core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--matches", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a seat thinks between messages in the paced phase (0: skip it)")
    parser.add_argument("--idle", type=int, default=10000)
    parser.add_argument("--default-gc", action="store_true",
                        help="leave Python's garbage collector as it is (spiral serve tunes it)")
    args = parser.parse_args()
    connections = args.matches * 4
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"{args.matches} matches x 4 seats = {connections} connections; "
          f"server garbage collector {'default' if args.default_gc else 'tuned as by spiral serve'}")
    frame = encode({"type": "orders", "id": 1, "match": "x" * 18, "turn": 1, "version": 0, "orders": "budget 40/50/10"})
    with tempfile.TemporaryDirectory() as folder:
        server, port = child(SERVER_CHILD, str(Path(folder) / "load.sqlite3"),
                             "default-gc" if args.default_gc else "tuned-gc")
        echo, echo_port = child(ECHO_CHILD)
        try:
            base = rss_kib(server.pid)

            async def phases() -> None:
                """Both phases on one event loop (the connections live in it)."""
                seats = await set_up(port, args.matches)
                echo_sockets = await open_echo_clients(echo_port, connections)
                server_lag(server)
                if args.think > 0:
                    cpu = cpu_seconds(server.pid)
                    stats = await run_phase(seats, args.seconds, args.think)
                    report_phase(f"paced: each seat thinks {args.think:g} s on average (uniform 0-{2 * args.think:g} s) "
                                 f"before each message", stats, cpu_seconds(server.pid) - cpu, server_lag(server))
                parts, cpu, lags, echoed, echo_time = [], 0.0, [], 0, 0.0
                echo_cpu = client_cpu = echo_client_cpu = 0.0
                for _ in range(SLICES):
                    server_lag(server)  # what the idle echo slice left
                    before, mine = cpu_seconds(server.pid), own_cpu_seconds()
                    parts.append(await run_phase(seats, args.seconds / SLICES, 0.0))
                    cpu += cpu_seconds(server.pid) - before
                    client_cpu += own_cpu_seconds() - mine
                    lags.append(server_lag(server))
                    start, before, mine = time.perf_counter(), cpu_seconds(echo.pid), own_cpu_seconds()
                    echoed += await echo_round_trips(echo_sockets, frame, args.seconds / SLICES)
                    echo_time += time.perf_counter() - start
                    echo_cpu += cpu_seconds(echo.pid) - before
                    echo_client_cpu += own_cpu_seconds() - mine
                stats = merged(parts)
                report_phase(f"closed loop: each seat sends its next message as soon as the answer arrives "
                             f"(throughput; latency is queueing); {SLICES} slices", stats, cpu,
                             "per slice " + " | ".join(lags))
                acked = len(stats["ack"])
                rate, echo_rate = acked / stats["elapsed"], echoed / echo_time
                print(f"bare websockets echo, {connections} clients, closed loop, in slices between those: "
                      f"{echo_rate:.0f} round trips/s; closed-loop durable acks are {rate / echo_rate:.0%} of that")
                # CPU time does not depend on what else runs on the machine as wall-clock rates do: the
                # servers' CPU per answer is what each could do with a core of its own.
                server_us, echo_us = cpu / max(1, acked) * 1e6, echo_cpu / max(1, echoed) * 1e6
                client_us, echo_client_us = client_cpu / max(1, acked) * 1e6, echo_client_cpu / max(1, echoed) * 1e6
                print(f"CPU per answer: durable server {server_us:.0f} us per ack, echo server {echo_us:.0f} us per "
                      f"round trip: with a core each, durable acks would be {echo_us / server_us:.0%} of the echo's rate; "
                      f"load generator {client_us:.0f} us per ack, {echo_client_us:.0f} us per echo; server and "
                      f"clients together: {(echo_us + echo_client_us) / (server_us + client_us):.0%}")
                for socket in [*(seat.socket for seat in seats), *echo_sockets]:
                    await socket.close()

            asyncio.run(phases())
            print(f"server RSS: {base} KiB at start, {rss_kib(server.pid)} KiB after the load")

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
            echo.send_signal(signal.SIGTERM)
            server.send_signal(signal.SIGTERM)
            echo.wait(timeout=30)
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
