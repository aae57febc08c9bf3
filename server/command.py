"""``spiral serve``: host matches over WebSockets (see docs/HOSTING.md)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import ssl
import sys
from pathlib import Path
from typing import Any

from server.limits import Limits


def default_db_path() -> Path:
    """An SQLite file in the user's data directory."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "spiral" / "server.sqlite3"


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="host matches over WebSockets (docs/PROTOCOL.md)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for every interface)")
    parser.add_argument("--port", default="8765", help="port to listen on (0: any free port)")
    parser.add_argument("--db", default=None, help=f"the SQLite event log (default: {default_db_path()})")
    parser.add_argument("--certfile", default=None, help="TLS certificate (PEM): serve wss://")
    parser.add_argument("--keyfile", default=None, help="TLS private key (PEM), with --certfile")
    parser.add_argument("--rate", default="20", help="messages a second one connection may send (bursts of twice that)")
    defaults = Limits()
    limits = parser.add_argument_group("limits", "what clients may hold (counts: 0 for no limit; see docs/HOSTING.md)")
    limits.add_argument("--matches-per-connection", default=str(defaults.matches_per_connection),
                        help="unfinished matches one connection may have created (default: %(default)s)")
    limits.add_argument("--matches-per-address", default=str(defaults.matches_per_address),
                        help="unfinished matches one IP address may have created (default: %(default)s)")
    limits.add_argument("--open-lobbies", default=str(defaults.open_lobbies),
                        help="matches waiting to start on the whole server (default: %(default)s)")
    limits.add_argument("--lobby-expiry", default=f"{defaults.lobby_expiry:g}",
                        help="seconds after which a lobby no player sits in is dropped (default: %(default)s)")
    limits.add_argument("--connections-per-address", default=str(defaults.connections_per_address),
                        help="open connections from one IP address (default: %(default)s)")
    limits.add_argument("--hello-timeout", default=f"{defaults.hello_timeout:g}",
                        help="seconds a new connection has to say hello (default: %(default)s)")
    parser.set_defaults(run=run)


def limits_from(args: argparse.Namespace) -> Limits:
    """The ``Limits`` the command line asks for.

    Raises:
        ValueError: naming the flag, for a value that is not a number or out of range.
    """
    values: dict[str, Any] = {}
    for name in ("matches_per_connection", "matches_per_address", "open_lobbies", "connections_per_address"):
        flag, text = "--" + name.replace("_", "-"), getattr(args, name)
        try:
            values[name] = int(text)
        except ValueError:
            raise ValueError(f"{flag} must be a whole number, got {text!r}") from None
        if values[name] < 0:
            raise ValueError(f"{flag} must be 0 (no limit) or more, got {values[name]}")
    for name in ("lobby_expiry", "hello_timeout"):
        flag, text = "--" + name.replace("_", "-"), getattr(args, name)
        try:
            values[name] = float(text)
        except ValueError:
            raise ValueError(f"{flag} must be a number of seconds, got {text!r}") from None
        if not 0 < values[name] < float("inf"):
            raise ValueError(f"{flag} must be above 0 seconds, got {text}")
    return Limits(**values)


def run(args: argparse.Namespace) -> int:
    try:
        port = int(args.port)
    except ValueError:
        raise ValueError(f"--port must be a whole number, got {args.port!r}") from None
    if not 0 <= port <= 65535:
        raise ValueError(f"--port must be from 0 to 65535, got {port}")
    if bool(args.certfile) != bool(args.keyfile):
        raise ValueError("--certfile and --keyfile go together")
    context = None
    if args.certfile:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.certfile, args.keyfile)
    try:
        rate = float(args.rate)
    except ValueError:
        raise ValueError(f"--rate must be a number, got {args.rate!r}") from None
    if not rate > 0:
        raise ValueError(f"--rate must be above 0, got {rate}")
    limits = limits_from(args)
    db = Path(args.db) if args.db else default_db_path()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    asyncio.run(_serve(args.host, port, db, context, rate, limits))
    return 0


async def _serve(host: str, port: int, db: Path, context: ssl.SSLContext | None, rate: float,
                 limits: Limits) -> None:
    # Imported here: the command's module stays cheap to import for `spiral --help`.
    from server.app import SpiralServer, tune_garbage_collector
    from server.lobby import Lobby
    from server.storage import Store

    server = SpiralServer(Store(db), lobby=Lobby(rate=rate, burst=2 * rate, limits=limits))
    bound = await server.start(host, port, ssl_context=context)
    tune_garbage_collector()
    scheme = "wss" if context else "ws"
    print(f"spiral: serving {scheme}://{host}:{bound} (event log {db}, {len(server.lobby.matches)} matches)",
          flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except NotImplementedError:  # Windows: Ctrl-C still raises KeyboardInterrupt
            pass
    await stop.wait()
    print("spiral: shutting down", flush=True)
    await server.stop()
