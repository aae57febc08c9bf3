"""``spiral lab``: the command-line face of the lab.

    spiral lab --scenarios A,B,... --games N [--jobs J] [--bots MIX] [--seed S] --out DIR
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from game.lab.lab import LabSettings, format_table, run_lab

WORLDS = "doubly-dangerous,compatible-security,aggression-possible,doubly-safe"
DEFAULT_MIX = "security,revisionist,fearful,reciprocator,dove,random"


def add_command(subparsers: Any) -> None:
    lab = subparsers.add_parser("lab", help="run many seeded bot matches and write CSV files and charts")
    lab.add_argument("--scenarios", default=WORLDS, help=f"comma-separated scenario names (default {WORLDS})")
    lab.add_argument("--games", default="10", help="matches per scenario")
    lab.add_argument("--jobs", default=None, help="worker processes (default: one per CPU)")
    lab.add_argument("--bots", default=DEFAULT_MIX,
                     help="the bot population, comma-separated; rotated over the seats by seed")
    lab.add_argument("--seed", default="1", help="the first match seed; matches use seeds S, S+1, ...")
    lab.add_argument("--out", required=True, help="directory for turns.csv, summary.csv and the charts")
    lab.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from game.cli import _whole_number  # the CLI's own argument check (imported late: the CLI imports us)

    scenarios = tuple(s.strip() for s in args.scenarios.split(",") if s.strip())
    bots = tuple(b.strip() for b in args.bots.split(",") if b.strip())
    if not scenarios or not bots:
        raise ValueError("--scenarios and --bots each need at least one name")
    settings = LabSettings(
        scenarios=scenarios,
        games=_whole_number(args.games, "--games", 1),  # type: ignore[arg-type]
        jobs=_whole_number(args.jobs, "--jobs", 1) or max(1, os.cpu_count() or 1),
        bots=bots,
        seed=_whole_number(args.seed, "--seed", 0),  # type: ignore[arg-type]
        out=Path(args.out),
    )
    summary = run_lab(settings, progress=sys.stderr)
    print(format_table(summary))
    print(f"wrote {settings.out / 'turns.csv'}, {settings.out / 'summary.csv'} and charts")
    return 0
