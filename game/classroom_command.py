"""``spiral classroom``: a teacher's commands for a class session on a ``spiral serve`` (docs/TEACHING.md).

    spiral classroom create --server ws://HOST:PORT --scenarios A,B,... [--matches M] [--seats N]
                            [--turn-seconds S] [--press MODE] [--beliefs on|off] [--name TITLE]
                            [--aims scenario|security|revisionist:SEAT[+SEAT],...] [--teams]
    spiral classroom status|start|pause|resume|advance|end --server URL --session ID --token T [--match ID]
    spiral classroom extend ... --seconds S      spiral classroom announce ... --text "..."
    spiral classroom inject KIND [--about SEAT] ...  (KIND: border-incident, rumour-massing, rumour-peace)
    spiral classroom assign NAME --match ID [--seat N] ...  (a student by hand: now, or when they join)

``create`` prints the class code (for the students: ``spiral join ws://HOST:PORT CODE --name NAME``),
the session id and the teacher token, and saves them in ``--save`` (default: ``class-SESSION.txt``
in the current folder) so that later commands and a new terminal need nothing typed again
(``--from FILE``). A server that refuses says why on one line, with exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
from pathlib import Path
from typing import Any, TypeVar

from game.arguments import whole_number
from game.wire.class_messages import (BeliefsAck, ClassAck, ClassCreated, ClassMessage, ClassStatusReport, ClassView,
                                      parse_any_server_message)
from game.wire.class_messages import to_mapping as class_mapping
from game.wire.server_messages import ErrorReply, ServerMessage, to_mapping

ACTIONS = ("status", "start", "pause", "resume", "extend", "advance", "end", "announce", "inject", "assign",
           "watch")


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("classroom", help="run a class session: create it, pace it, watch it")
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    create = actions.add_parser("create", help="create a class session and print its class code and teacher token")
    create.add_argument("--server", required=True, help="the server's address, e.g. ws://192.168.1.20:8765")
    create.add_argument("--scenarios", required=True, help="the worlds, comma-separated (see 'spiral scenarios')")
    create.add_argument("--matches", default=None, help="how many matches (default: one a scenario; they cycle "
                                                        "through the scenarios)")
    create.add_argument("--seats", default=None, help="seats of each match open to students (default: all); "
                                                      "bots play the rest")
    create.add_argument("--turn-seconds", default="180", help="seconds a turn lasts (0: until every seat is ready)")
    create.add_argument("--press", default="full", choices=("full", "public", "none"), help="chat allowed")
    create.add_argument("--beliefs", default="on", choices=("on", "off"), help="students record beliefs each turn")
    create.add_argument("--name", default=None, help="a title for the session (e.g. 'IR 101, Tuesday')")
    create.add_argument("--aims", default=None,
                        help="the secret aims, per match (comma-separated, cycled like --scenarios): 'scenario' "
                             "(the world's seed draws them; the default), 'security' (every state), or "
                             "'revisionist:SEAT' (that seat revisionist, the others security; seats count from 0, "
                             "'revisionist:0+2' names two)")
    create.add_argument("--teams", action="store_true",
                        help="students may share a state in teams: every member joins with the team's one "
                             "pseudonym; each sees the seat's orders, and the last sent stand")
    create.add_argument("--save", default=None, help="file to keep the session id and token in "
                                                     "(default: class-SESSION.txt here)")
    create.set_defaults(run=run_create)
    for action in ACTIONS:
        command = actions.add_parser(action, help=f"{action} (all matches, or --match ID)")
        command.add_argument("--from", dest="saved", default=None, help="the file 'create' saved")
        command.add_argument("--server", default=None, help="the server's address (or --from)")
        command.add_argument("--session", default=None, help="the session id (or --from)")
        command.add_argument("--token", default=None, help="the teacher token (or --from)")
        command.add_argument("--match", default=None, help="one match only (its id, as 'status' lists)")
        command.add_argument("--json", action="store_true", help="print the server's answer as JSON")
        if action == "extend":
            command.add_argument("--seconds", default="60", help="seconds to add to the turn")
        if action == "announce":
            command.add_argument("--text", required=True, help="what every student's window shows")
        if action == "assign":
            command.add_argument("student", help="the student's pseudonym (joined already, or yet to join)")
            command.add_argument("--seat", default=None, help="the seat in --match, from 0 (default: its first "
                                                              "free student seat)")
        if action == "inject":
            command.add_argument("kind", help="the inject (assets/injects.toml): border-incident, rumour-massing, "
                                              "rumour-peace")
            command.add_argument("--about", default=None, help="the seat it is about, from 0 (default: drawn in "
                                                               "each match among the seats still in)")
        command.set_defaults(run=run_action)


def _address(text: str) -> str:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the form's module imports pygame
    from game.client.protocol.address import normalise_address

    return normalise_address(text)


def run_create(args: argparse.Namespace) -> int:
    url = _address(args.server)
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    if not scenarios:
        raise ValueError("--scenarios names no scenario")
    fields: dict[str, Any] = {"scenarios": scenarios, "press": args.press, "beliefs": args.beliefs == "on",
                              "turn_seconds": whole_number(args.turn_seconds, "--turn-seconds", 0)}
    for key, text, low in (("matches", args.matches, 1), ("seats", args.seats, 1)):
        value = whole_number(text, f"--{key}", low)
        if value is not None:
            fields[key] = value
    if args.name:
        fields["name"] = args.name
    if args.aims:
        fields["aims"] = [a.strip() for a in args.aims.split(",") if a.strip()]
    if args.teams:
        fields["teams"] = True
    created = _expect(ClassCreated, asyncio.run(_exchange(url, [("class-create", fields)]))[0])
    saved = Path(args.save or f"class-{created.session}.txt")
    saved.write_text(json.dumps({"server": url, "session": created.session, "token": created.teacher_token,
                                 "code": created.code}) + "\n")
    print(f"Class code: {created.code}   (students: spiral join {url} {created.code} --name PSEUDONYM)")
    print(f"Session:    {created.session}")
    print(f"Teacher token (keep it to yourself): {created.teacher_token}")
    for match in created.matches:
        print(f"  match {match.match}  {match.scenario}")
    if args.aims:
        print(f"Secret aims (per match, cycled): {args.aims}")
    if args.teams:
        print("Teams: the members of a team all join with the team's pseudonym (one state, one set of orders)")
    print(f"Saved to {saved}: later commands take --from {saved}")
    return 0


def run_action(args: argparse.Namespace) -> int:
    saved: dict[str, str] = {}
    if args.saved:
        try:
            saved = json.loads(Path(args.saved).read_text())
        except (OSError, ValueError) as problem:
            raise ValueError(f"cannot read {args.saved}: {problem}") from None
    server, session, token = (args.server or saved.get("server"), args.session or saved.get("session"),
                              args.token or saved.get("token"))
    if not (server and session and token):
        raise ValueError("name the session: --from FILE, or --server, --session and --token")
    url = _address(server)
    common = {"session": session, "token": token}
    if args.action == "status":
        request = ("class-status", common)
    elif args.action == "watch":
        if args.match is None:
            raise ValueError("watch needs --match ID (see 'status')")
        request = ("class-watch", {**common, "match": args.match})
    else:
        fields: dict[str, Any] = {**common, "action": args.action}
        if args.match:
            fields["match"] = args.match
        if args.action == "extend":
            fields["seconds"] = whole_number(args.seconds, "--seconds", 1)
        if args.action == "announce":
            fields["text"] = args.text
        if args.action == "assign":
            if args.match is None:
                raise ValueError("assign needs --match ID (see 'status')")
            fields["student"] = args.student
            chosen = whole_number(args.seat, "--seat", 0)
            if chosen is not None:
                fields["seat"] = chosen
        if args.action == "inject":
            fields["inject"] = args.kind
            about = whole_number(args.about, "--about", 0)
            if about is not None:
                fields["about"] = about
        request = ("class-teach", fields)
    answer = asyncio.run(_exchange(url, [request]))[0]
    if args.json:
        data = class_mapping(answer) if isinstance(answer, CLASS_TYPES) else to_mapping(answer)
        print(json.dumps(data, indent=2, sort_keys=True))
    elif args.action == "status":
        print(format_status(_expect(ClassStatusReport, answer)))
    elif args.action == "watch":
        from game.client.protocol.teacher import watched_from_view  # (after _address: no pygame banner)

        watched = watched_from_view(_expect(ClassView, answer))
        print(f"match {watched.match}: {watched.phase}, turn {watched.turn}")
        for player, seat in zip(watched.players, _expect(ClassView, answer).seats):
            print(f"  {player.name:<10} {player.aim:<12} {seat.status:<12} {seat.student or ''}")
    else:
        ack = _expect(ClassAck, answer)
        skipped = f" (skipped, not in a fitting phase: {len(ack.skipped)})" if ack.skipped else ""
        print(f"{args.action}: {len(ack.matches)} match(es){skipped}")
    return 0


def format_status(status: ClassStatusReport) -> str:
    """The roster and every match's seats, as the teacher reads them in a terminal."""
    lines = [f"{status.name}  class code {status.code}  {len(status.roster)} student(s)"]
    for match in status.matches:
        lines.append(f"match {match.match}  {match.scenario}  {match.phase}  turn {match.turn}")
        for seat in match.seats:
            who = seat.student or (f"bot {seat.bot}" if seat.bot else "-")
            lines.append(f"    {seat.player:<10} {who:<20} {seat.status}")
    return "\n".join(lines)


T = TypeVar("T")
CLASS_TYPES = (ClassCreated, ClassAck, ClassStatusReport, ClassView, BeliefsAck)


def _expect(kind: type[T], answer: object) -> T:
    if not isinstance(answer, kind):
        raise ValueError(f"the server answered with {type(answer).__name__}, not {kind.__name__}")
    return answer


async def _exchange(url: str, requests: list[tuple[str, dict[str, Any]]]) -> list[ServerMessage | ClassMessage]:
    """Say hello, send each request, return each answer (typed: ``game.wire``'s server and class messages).

    Raises:
        ValueError: the server cannot be reached, refuses (its message, one line), or answers with a
            frame that is not a message of the protocol.
    """
    from websockets.asyncio.client import connect
    from websockets.exceptions import WebSocketException

    from game.wire import PROTOCOL_VERSION, decode_server_frame, encode

    ids = itertools.count(1)
    answers: list[ServerMessage | ClassMessage] = []
    try:
        async with asyncio.timeout(15):
            async with connect(url, compression=None, open_timeout=10) as socket:
                for kind, fields in [("hello", {"protocol": PROTOCOL_VERSION}), *requests]:
                    request = next(ids)
                    await socket.send(encode({"type": kind, "id": request, **fields}))
                    while True:
                        frame = await socket.recv()
                        if isinstance(frame, str):
                            raise ValueError("the server sent a text frame, not MessagePack")
                        answer = parse_any_server_message(decode_server_frame(frame))  # a WireError is a ValueError
                        if answer.id == request:
                            break
                    if isinstance(answer, ErrorReply):
                        raise ValueError(f"the server refused: {answer.message} ({answer.code})")
                    if kind != "hello":
                        answers.append(answer)
    except (OSError, TimeoutError, WebSocketException) as problem:
        raise ValueError(f"could not reach a Spiral server at {url} ({problem or 'no answer'})") from None
    return answers
