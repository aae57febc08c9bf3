"""``spiral lab`` and ``spiral dilemma``: the command-line faces of the lab.

    spiral lab --scenarios A,B,... --games N [--jobs J] [--bots MIX] [--seed S] [--aims scenario|security] --out DIR
    spiral dilemma --scenarios A,B,... --games N --seed S [--jobs J] [--json] [--revisionist BOT]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from game.arguments import whole_number
from game.lab import dilemma
from game.lab.lab import LabSettings, bot_table, format_table, run_lab
from game.rules.setup import AIMS

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
    lab.add_argument("--aims", default="scenario", choices=AIMS,
                     help="scenario: aims drawn as the scenario says (default); security: every seat a security "
                          "seeker (the public range of revisionists is unchanged)")
    lab.set_defaults(run=run)
    table = subparsers.add_parser(
        "dilemma", help="the empirical game of each world: restrain or arm, against rivals that restrain or arm")
    table.add_argument("--scenarios", default=WORLDS, help=f"comma-separated scenario names (default {WORLDS})")
    table.add_argument("--games", default="40", help="games per scenario (each is four matches, one per cell)")
    table.add_argument("--seed", default="1", help="the first match seed; game g uses seed S+g")
    table.add_argument("--jobs", default=None, help="worker processes (default: one per CPU)")
    table.add_argument("--json", action="store_true", help="print one JSON list instead of the table")
    table.add_argument("--technology", default=None,
                       help="ablation: play every scenario with this era of assets/technology.toml")
    table.add_argument("--distinguishability", default=None,
                       help="ablation: play every scenario with this distinguishability (0 to 1)")
    table.add_argument("--revisionist", default=None, metavar="BOT",
                       help="the other way to be wrong: draw aims as the scenario says and let its revisionist "
                            "seats play BOT (e.g. revisionist); the focal seat is a security seeker")
    table.set_defaults(run=run_dilemma)


def run_dilemma(args: argparse.Namespace) -> int:
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    if not scenarios:
        raise ValueError("--scenarios needs at least one name")
    games = whole_number(args.games, "--games", 1)
    seed = whole_number(args.seed, "--seed", 0)
    jobs = whole_number(args.jobs, "--jobs", 1) or max(1, os.cpu_count() or 1)
    readable = None
    if args.distinguishability is not None:
        try:
            readable = float(args.distinguishability)
        except ValueError:
            raise ValueError(f"--distinguishability must be a number from 0 to 1, got {args.distinguishability!r}") from None
    ablation = dilemma.Ablation(args.technology, readable)
    rows = dilemma.run_dilemma(scenarios, games, seed, jobs, progress=sys.stderr,  # type: ignore[arg-type]
                               ablation=ablation, revisionist=args.revisionist)
    print(json.dumps(rows, indent=2) if args.json else dilemma.format_table(rows))
    return 0


def run(args: argparse.Namespace) -> int:
    scenarios = tuple(s.strip() for s in args.scenarios.split(",") if s.strip())
    bots = tuple(b.strip() for b in args.bots.split(",") if b.strip())
    if not scenarios or not bots:
        raise ValueError("--scenarios and --bots each need at least one name")
    settings = LabSettings(
        scenarios=scenarios,
        games=whole_number(args.games, "--games", 1),  # type: ignore[arg-type]
        jobs=whole_number(args.jobs, "--jobs", 1) or max(1, os.cpu_count() or 1),
        bots=bots,
        seed=whole_number(args.seed, "--seed", 0),  # type: ignore[arg-type]
        out=Path(args.out),
        aims=args.aims,
    )
    summary = run_lab(settings, progress=sys.stderr)
    print(format_table(summary))
    print()
    print(bot_table(settings.out))
    print(f"wrote {settings.out / 'turns.csv'}, {settings.out / 'summary.csv'}, {settings.out / 'seats.csv'}, "
          f"{settings.out / 'bots.csv'} and charts")
    return 0
