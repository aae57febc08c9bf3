"""``spiral menu`` and ``spiral join``: the window on the main menu, or on the join form.

    spiral menu [--size WxH]
    spiral join ws://HOST:PORT [CODE] [--name NAME] [--size WxH]

``join`` fills the form with the address (and the code and name, if given) and, with a code,
joins at once; a name given here is remembered in the settings like one typed in the form.
Matches against bots from the menu run on an embedded server with its records in a temporary
folder, as with ``spiral play``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any, Callable


def add_command(subparsers: Any) -> None:
    menu = subparsers.add_parser("menu", help="open the window on the main menu (play, join, host, settings)")
    menu.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    menu.set_defaults(run=run_menu)
    join = subparsers.add_parser("join", help="join a match on a server: spiral join ws://HOST:PORT [CODE]")
    join.add_argument("address", help="the server's address, e.g. ws://192.168.1.20:8765")
    join.add_argument("code", nargs="?", default="", help="the match's join code (from the host) or a class code "
                                                          "(from the teacher); without it, the join form opens "
                                                          "filled in")
    join.add_argument("--name", default=None, help="your name in the match (default: the one in your settings)")
    join.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    join.set_defaults(run=run_join)


def open_join(address: str, code: str = "", name: str | None = None) -> Callable[[Any], None]:
    """What ``spiral join`` shows first: the join form filled in (and, with a code, joining).

    Raises:
        ValueError: if the address is not one a server could have.
    """
    from game.client.protocol.address import normalise_address, normalise_code

    url = normalise_address(address)

    def first(app: Any) -> None:
        from game.client.screens.connect import ConnectScreen

        screen = ConnectScreen(app, address=url, code=normalise_code(code), name=name)
        app.show(screen)
        if screen.code:
            screen.join()

    return first


def open_menu(app: Any) -> None:
    app.main_menu()


def _run(first: Callable[[Any], None], size_text: str) -> int:
    from game.play_command import services, window_size

    size = window_size(size_text)
    from game.client.app import run_app

    with tempfile.TemporaryDirectory(prefix="spiral-menu-") as folder:
        return run_app(services(Path(folder)), first, size=size)


def run_menu(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout
    return _run(open_menu, args.size)


def run_join(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    return _run(open_join(args.address, args.code, args.name), args.size)
