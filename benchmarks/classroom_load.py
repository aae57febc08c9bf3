"""A class on one `spiral serve`: simulated students and a teacher over loopback websockets.

    python benchmarks/classroom_load.py [--students 60] [--matches 15] [--seconds 40] [--think 1.5]

The server is a real `spiral serve` process (default rate limits, no cap on connections from one
address since every student here is 127.0.0.1, its event log in a temporary folder). A teacher
creates a class session of ``--matches`` matches over the four worlds with
``students / matches`` student seats each (bots play the rest); the students join with the class
code. Then, for ``--seconds``, each student plays like a person: thinks (uniform, mean ``--think``
seconds), records its beliefs for the turn, sends orders (the order-to-ack latency is measured:
acks come only after the SQLite commit), and marks itself ready every third order. Meanwhile the
teacher paces every match at once — pause, resume, extend, advance, an announcement, an inject —
every few seconds, and for each command the time from sending it until *every* student has received
its effect (the event, or the new turn's view) is measured.

Targets (issue 10): order-ack p99 <= 100 ms; every pacing command applied to all matches within 1 s.
The load generator shares the machine's cores with the server: the output starts with the load.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import connect  # noqa: E402

from game.wire import PROTOCOL_VERSION, decode_server_frame, encode  # noqa: E402

WORLDS = ["doubly-dangerous", "aggression-possible", "compatible-security", "doubly-safe"]
PACING = [("pause", {}), ("resume", {}), ("extend", {"seconds": 60}), ("advance", {}),
          ("announce", {"text": "Record your read of each neighbour"}), ("inject", {"inject": "border-incident"})]
EFFECT = {"pause": "pause", "resume": "resume", "extend": "extend", "announce": "announcement", "inject": "inject"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Peer:
    """One websocket: requests matched to replies by id; everything else stamped and kept."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.waiting: dict[int, asyncio.Future] = {}
        self.unasked: list[tuple[float, dict]] = []
        self.changed = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, port: int) -> Peer:
        peer = cls(await connect(f"ws://127.0.0.1:{port}", compression=None, open_timeout=30, max_queue=None))
        await peer.call("hello", protocol=PROTOCOL_VERSION)
        return peer

    async def _read(self) -> None:
        async for frame in self.socket:
            message = decode_server_frame(frame)
            future = self.waiting.pop(message.get("id"), None) if message.get("id") is not None else None
            if future is not None:
                future.set_result(message)
            else:
                self.unasked.append((time.perf_counter(), message))
                self.changed.set()

    async def call(self, kind: str, **fields) -> dict:
        request = next(self.ids)
        future = asyncio.get_running_loop().create_future()
        self.waiting[request] = future
        await self.socket.send(encode({"type": kind, "id": request, **fields}))
        return await future

    def seen_since(self, start: float, wanted) -> float | None:
        return next((at for at, message in self.unasked if at >= start and wanted(message)), None)


async def student(peer: Peer, joined: dict, until: float, think: float, rng: random.Random, acks: list[float],
                  refused: list[str]) -> None:
    match, orders = joined["match"], 0
    while time.perf_counter() < until:
        await asyncio.sleep(rng.uniform(0, 2 * think))
        sync = await peer.call("sync", match=match)
        if sync.get("phase") != "running":
            continue
        view = sync["view"]
        reads = [[r["id"], rng.randrange(5), rng.random() < 0.3] for r in view["rivals"]]
        await peer.call("beliefs", match=match, turn=view["turn"], intent=rng.choice(["defend", "deter"]),
                        reads=reads)
        military = rng.choice([20, 30, 40, 50, 60])
        started = time.perf_counter()
        answer = await peer.call("orders", match=match, turn=view["turn"], version=view["version"],
                                 orders=f"budget {military}/{90 - military}/10")
        if answer["type"] == "ack":
            acks.append(time.perf_counter() - started)
            orders += 1
            if orders % 3 == 0:
                await peer.call("ready", match=match, turn=view["turn"], version=view["version"], ready=True)
        else:
            refused.append(answer.get("code", "?"))  # stale: the turn moved on meanwhile (advance)


async def pace(teacher: Peer, created: dict, students: list[Peer], until: float, every: float,
               applied: dict[str, list[float]]) -> None:
    session, token = created["session"], created["teacher_token"]
    for action, fields in itertools.cycle(PACING):
        await asyncio.sleep(every)
        if time.perf_counter() >= until:
            return
        started = time.perf_counter()
        await teacher.call("class-teach", session=session, token=token, action=action, **fields)
        if action == "advance":  # its effect is the next turn's view

            def wanted(message, _=None):
                return message.get("type") == "turn"
        else:
            kind = EFFECT[action]

            def wanted(message, kind=kind):
                return message.get("type") == "event" and message.get("kind") == kind
        deadline = started + 10
        while time.perf_counter() < deadline:
            seen = [peer.seen_since(started, wanted) for peer in students]
            if all(at is not None for at in seen):
                applied.setdefault(action, []).append(max(seen) - started)  # type: ignore[type-var]
                break
            await asyncio.sleep(0.005)
        else:
            applied.setdefault(action, []).append(float("inf"))


async def main(args: argparse.Namespace) -> None:
    folder = tempfile.mkdtemp(prefix="spiral-classroom-load-")
    # Every simulated student connects from 127.0.0.1: the per-address connection cap is lifted, as a
    # teacher whose students reach the server through one NAT address would (docs/TEACHING.md).
    server = subprocess.Popen([sys.executable, "-m", "game.cli", "serve", "--port", "0", "--db",
                               os.path.join(folder, "class.sqlite3"), "--connections-per-address", "0"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()  # "spiral: serving ws://127.0.0.1:PORT (...)"
        port = int(line.split("ws://127.0.0.1:")[1].split()[0])
        rng = random.Random(1)
        teacher = await Peer.open(port)
        created = await teacher.call("class-create", scenarios=WORLDS, matches=args.matches,
                                     seats=-(-args.students // args.matches), turn_seconds=300, name="load")
        students, joined = [], []
        for i in range(args.students):
            peer = await Peer.open(port)
            answer = await peer.call("join", code=created["code"], name=f"student{i:03}")
            assert answer["type"] == "joined", answer
            students.append(peer)
            joined.append(answer)
        started = time.perf_counter()
        await teacher.call("class-teach", session=created["session"], token=created["teacher_token"], action="start")
        while not all(p.seen_since(started, lambda m: m.get("kind") == "start") for p in students):
            await asyncio.sleep(0.005)
        start_applied = time.perf_counter() - started
        acks: list[float] = []
        refused: list[str] = []
        applied: dict[str, list[float]] = {"start": [start_applied]}
        until = time.perf_counter() + args.seconds
        cpu_before = os.times()
        await asyncio.gather(*(student(p, j, until, args.think, random.Random(rng.random()), acks, refused)
                               for p, j in zip(students, joined)),
                             pace(teacher, created, students, until, args.pace_every, applied))
        cpu_after = os.times()
        status = await teacher.call("class-status", session=created["session"], token=created["teacher_token"])
        turns = sorted(m["turn"] for m in status["matches"])
        load = os.getloadavg()
        print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
              f"(the load generator itself used {cpu_after.user - cpu_before.user:.1f} s of CPU)")
        print(f"class: {args.students} students in {args.matches} matches ({created['code']}), "
              f"{args.seconds:.0f} s, think {args.think} s; turns reached {turns[0]}-{turns[-1]}")
        print(f"orders acknowledged: {len(acks)} ({len(acks) / args.seconds:.1f}/s), stale (turn moved on): "
              f"{len(refused)}")
        print(f"order-ack latency ms: p50 {percentile(acks, 0.5) * 1000:.1f}  p95 {percentile(acks, 0.95) * 1000:.1f}  "
              f"p99 {percentile(acks, 0.99) * 1000:.1f}  max {max(acks) * 1000:.1f}   (target p99 <= 100)")
        for action, times in applied.items():
            print(f"teacher {action:<8} applied to every student: worst {max(times) * 1000:.0f} ms over "
                  f"{len(times)} command(s)   (target <= 1000)")
        for peer in [teacher, *students]:
            await peer.socket.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--matches", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--think", type=float, default=1.5, help="mean seconds a student thinks between orders")
    parser.add_argument("--pace-every", type=float, default=3.0, help="seconds between the teacher's commands")
    asyncio.run(main(parser.parse_args()))
