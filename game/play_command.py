"""``spiral play``: a local match against bots, in a window.

An embedded ``spiral serve`` runs on 127.0.0.1 (an ephemeral port) in a background thread with
its event log in a temporary directory; the window connects to it over the real protocol,
creates a match with bots in the other seats, joins the remaining seat and starts it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the client is imported only when a window opens
    from game.client.app import Services


class EmbeddedServer:
    """A ``SpiralServer`` in its own thread and event loop; ``port`` is set once listening.

    It listens on ``host`` (loopback unless hosting for others) at ``port`` (0: any free port).
    """

    def __init__(self, db: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.db = db
        self.host = host
        self.port: int | None = None
        self._wanted_port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: Any = None
        self._ready = threading.Event()
        self._problem: BaseException | None = None
        self._stopped: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="spiral-embedded-server", daemon=True)

    def start(self, timeout: float = 10.0) -> int:
        self._thread.start()
        if not self._ready.wait(timeout) or self.port is None:
            raise RuntimeError(f"the embedded server did not start: {self._problem!r}")
        return self.port

    @property
    def url(self) -> str:
        """Where this machine reaches it."""
        return f"ws://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is not None and self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as problem:  # reported by start()
            self._problem = problem
            self._ready.set()

    async def _main(self) -> None:
        from server.app import SpiralServer
        from server.storage import Store

        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        self._server = SpiralServer(Store(self.db))
        self.port = await self._server.start(self.host, self._wanted_port)
        self._ready.set()
        try:
            await self._stopped.wait()
        finally:
            await self._server.stop()


def add_command(subparsers: Any) -> None:
    from game.bots import bot_names

    parser = subparsers.add_parser("play", help="play a match against bots in a window")
    parser.add_argument("--scenario", default="duel", help="scenario name (see 'spiral scenarios')")
    parser.add_argument("--seed", default=None, help="a whole number from 0 to 2**63-1 (default: random)")
    parser.add_argument("--seat", default="0", help="which seat you play (0 is the first)")
    parser.add_argument("--bots", default="basic", help="bot names for the other seats, comma-separated, one per "
                                                        f"other seat or one for all (known: {', '.join(bot_names())})")
    parser.add_argument("--name", default="you", help="your name in the match")
    parser.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    parser.set_defaults(run=run)


def seats_for(players: int, seat: int, bots: str) -> tuple[str | None, ...]:
    """One entry per seat: None for the player's, a bot name for every other."""
    from game.bots import bot_names

    names = [b.strip() for b in bots.split(",") if b.strip()]
    if not 0 <= seat < players:
        raise ValueError(f"--seat must be from 0 to {players - 1}, got {seat}")
    if len(names) == 1:
        names = names * (players - 1)
    if len(names) != players - 1:
        raise ValueError(f"--bots needs one name or {players - 1} names, got {len(names)}")
    unknown = [b for b in names if b not in bot_names()]
    if unknown:
        raise ValueError(f"unknown bot {unknown[0]!r} (known: {', '.join(bot_names())})")
    seats: list[str | None] = list(names)
    seats.insert(seat, None)
    return tuple(seats)


def services(data_dir: Path) -> Services:
    """What the window gets from outside the client layer: assets, bot names, a way to start servers."""
    from game.assets import load_all_scenarios, load_scenario
    from game.bots import bot_names
    from game.client.app import Services

    made = iter(range(1, 10**6))

    def start_server(host: str = "127.0.0.1", port: int = 0, db: Path | None = None) -> EmbeddedServer:
        server = EmbeddedServer(db or data_dir / f"server-{next(made)}.sqlite3", host, port)
        server.start()
        return server

    return Services(scenario=load_scenario, catalogue=load_all_scenarios, bot_names=tuple(bot_names()),
                    start_server=start_server)


def window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"--size must be WIDTHxHEIGHT, e.g. 1280x800, got {text!r}") from None
    return width, height


def run(args: argparse.Namespace) -> int:
    from game.assets import load_scenario
    from game.client.protocol.session import LocalMatch

    scenario = load_scenario(args.scenario)
    try:
        seat = int(args.seat)
        seed = int(args.seed) if args.seed is not None else None
    except ValueError:
        raise ValueError("--seat and --seed must be whole numbers") from None
    size = window_size(args.size)
    if seed is not None and not 0 <= seed < 2**63:
        raise ValueError(f"--seed must be from 0 to 2**63-1, got {seed}")
    local = LocalMatch(scenario.name, seats_for(scenario.players, seat, args.bots), seed, args.name)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout
    from game.client.app import run_app

    with tempfile.TemporaryDirectory(prefix="spiral-play-") as folder:
        return run_app(services(Path(folder)), lambda app: app.play_local(local), size=size)
