"""``spiral report``: the debrief of a class session or a match, from a server's event log.

    spiral report --db PATH (--session ID | --match ID) --out DIR

Writes ``turns.csv`` (a row per match, turn and seat), ``reads.csv``, ``worlds.csv``, PNG charts
and ``report.html`` (self-contained) into DIR. Bad input (a missing or foreign database, an
unknown session or match, an unwritable DIR) ends with one line on standard error and exit
status 2, and nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("report", help="write the debrief of a class session or a match (HTML, CSV, PNG)")
    parser.add_argument("--db", required=True, help="the server's event log (spiral serve --db)")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", help="a class session (its id or class code)")
    which.add_argument("--match", help="one match (its id or join code)")
    parser.add_argument("--out", required=True, help="the folder to write (replaced if it exists)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from game.assets import load_scenario
    from game.debrief.analysis import debrief
    from game.debrief.log import DebriefError, match_log, read_log, session_log
    from game.debrief.report import write_report

    records = read_log(args.db)
    if args.session:
        session = session_log(records, args.session)
        matches, title = list(session.matches), f"{session.name}: class {session.code}"
    else:
        matches, title = [args.match], "Match debrief"
    debriefs = []
    for match in matches:
        log = match_log(records, match)
        try:
            debriefs.append(debrief(log, load_scenario(log.scenario)))
        except ValueError as problem:
            raise DebriefError(f"match {log.match} does not replay under today's rules ({problem})") from None
    if args.match:
        title = f"Match {debriefs[0].log.match[:8]}: {debriefs[0].scenario.title}"
    try:
        written = write_report(Path(args.out), title, debriefs)
    except OSError as problem:
        raise DebriefError(f"cannot write {args.out}: {problem.strerror or problem}") from None
    print(f"spiral report: {len(written)} files in {args.out} (open {Path(args.out) / 'report.html'})")
    return 0
