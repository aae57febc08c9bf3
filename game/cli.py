"""The ``spiral`` command: the one place that wires the packages together.

    spiral scenarios [--json]
    spiral selfplay --scenario NAME --seed N [--turns T] [--bots B,B,...] [--json] [--pace SECONDS]

Problems a user can cause (an unknown scenario, a bad seed, a broken asset
file) end with one line on standard error and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from typing import Any, NoReturn, Sequence

from game.arguments import whole_number
from game.assets import load_all_scenarios, load_scenario
from game.bots import bot_names, make_bot
from game.rules.errors import RulesError
from game.rules.events import Agreed, Battle, Captured, Eliminated, Violation
from game.rules.setup import AIMS
from game.rules.state import GameState
from game.selfplay import TurnRecord, play_match, summary

EXIT_USAGE = 2

# Modules that add subcommands: each has ``add_command(subparsers)``, which registers a
# parser whose ``run`` default is called with the parsed arguments and returns an exit code.
COMMAND_MODULES: tuple[str, ...] = ("server.command", "game.lab.command", "game.play_command", "game.menu_command",
                                    "game.classroom_command", "game.report_command")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"spiral: {message} (see 'spiral --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="spiral", description="Spiral: a strategy game about the security dilemma.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    listing = commands.add_parser("scenarios", help="list the scenarios and their knobs")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    selfplay = commands.add_parser("selfplay", help="watch bots play a whole match in the terminal")
    selfplay.add_argument("--scenario", default="duel", help="scenario name (see 'spiral scenarios')")
    selfplay.add_argument("--seed", default="1", help="a whole number from 0 to 2**63-1")
    selfplay.add_argument("--turns", default=None, help="stop after this many turns")
    selfplay.add_argument("--bots", default="basic", help="bot names, comma-separated, one per seat or one for all "
                                                           f"(known: {', '.join(bot_names())})")
    selfplay.add_argument("--json", action="store_true", help="print one JSON object instead of the turn-by-turn log")
    selfplay.add_argument("--pace", default="0", help="seconds to wait after each turn, to watch the match unfold")
    selfplay.add_argument("--aims", default="scenario", choices=AIMS,
                          help="scenario: aims drawn as the scenario says (default); security: every seat a "
                               "security seeker (the public range of revisionists is unchanged)")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "scenarios":
            return _scenarios(args.json)
        if args.command == "selfplay":
            return _selfplay(args)
        return int(args.run(args))
    except (RulesError, ValueError) as error:
        print(f"spiral: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("spiral: interrupted", file=sys.stderr)
        return 130


def _scenarios(as_json: bool) -> int:
    rows: list[dict[str, Any]] = [
        {"name": s.name, "title": s.title, "players": s.players, "turns": s.turns, "map": s.map.name,
         "hexes": len(s.map.tiles), "offense_defense": s.offense_defense,
         "distinguishability": s.distinguishability, "technology": s.ruleset.technology,
         "description": s.description, "lesson": s.lesson}
        for s in load_all_scenarios()
    ]
    if as_json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'name':22} {'players':>7} {'turns':>5} {'offense-defense':>15} {'technology':>10} "
          f"{'distinguishability':>18}  map")
    for r in rows:
        balance = "defence" if r["offense_defense"] > 0 else "offence" if r["offense_defense"] < 0 else "even"
        print(f"{r['name']:22} {r['players']:>7} {r['turns']:>5} {r['offense_defense']:>+8.2f} {balance:>6} "
              f"{r['technology']:>10} {r['distinguishability']:>18.2f}  {r['map']} ({r['hexes']} hexes)")
        if r["lesson"]:
            print(f"{'':22} lesson: {r['lesson']}")
    print("offense-defense: below 0 attack has the edge, above 0 defence (the technology era's numbers make it so);\n"
          "distinguishability: 0 to 1, how reliably a rival's unit types and postures can be read.")
    return 0


def _selfplay(args: argparse.Namespace) -> int:
    seed = whole_number(args.seed, "--seed", 0)
    turns = whole_number(args.turns, "--turns", 1)
    try:
        pace = float(args.pace)
    except ValueError:
        raise ValueError(f"--pace must be a number of seconds, got {args.pace!r}") from None
    scenario = load_scenario(args.scenario)
    names = [n.strip() for n in args.bots.split(",") if n.strip()]
    if len(names) == 1:
        names = names * scenario.players
    if len(names) != scenario.players:
        raise ValueError(f"--bots names {len(names)} bots but {scenario.name} has {scenario.players} seats")
    bots = [make_bot(n) for n in names]
    if not args.json:
        print(f"{scenario.title} ({scenario.name}): {scenario.players} players, up to {scenario.turns} turns, "
              f"offense-defense {scenario.offense_defense:+.2f}, distinguishability {scenario.distinguishability:.2f}, "
              f"seed {seed}")
        print("bots: " + ", ".join(f"{name} ({bot})" for name, bot in zip(scenario.player_names, names)))
    def show(state: GameState, turn: TurnRecord) -> None:
        _print_turn(state, turn)
        if pace > 0:
            time.sleep(pace)

    record = play_match(scenario, seed, bots, max_turns=turns,  # type: ignore[arg-type]
                        on_turn=None if args.json else show, aims=args.aims)
    result = summary(record)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print()
    print(f"After {result['turns']} turns: {result['battles']} battles, {result['captures']} captures, "
          f"{result['violations']} agreement violations. Aims revealed:")
    print(f"  {'player':12} {'aim':12} {'score':>5} {'cities':>6} {'military share':>14}")
    for p in result["players"]:
        status = "  (eliminated)" if p["eliminated"] else ""
        print(f"  {p['name']:12} {p['aim']:12} {p['score']:>5} {p['cities_end']:>6} {p['military_share_mean']:>14.0%}{status}")
    print(f"final state hash {result['final_hash']}")
    return 0


def _print_turn(state: GameState, turn: TurnRecord) -> None:
    names = [p.name for p in state.players]
    budgets = " ".join(f"{names[p][:3]} {share:.0%}" for p, share in sorted(turn.military_share.items())
                       if p in turn.orders)
    battles = sum(1 for e in turn.events if isinstance(e, Battle))
    notes = []
    for e in turn.events:
        if isinstance(e, Captured):
            notes.append(f"{names[e.by]} took {e.city}")
        elif isinstance(e, Eliminated):
            notes.append(f"{names[e.player]} is eliminated")
        elif isinstance(e, Agreed):
            notes.append(f"{names[e.proposer]}-{names[e.target]} {e.agreement_kind.replace('_', '-')}")
        elif isinstance(e, Violation):
            notes.append(f"{names[e.by]} broke a {e.agreement_kind.replace('_', '-')}")
    units = " ".join(f"{names[p.id][:3]} {len(state.units_of(p.id))}" for p in state.players)
    line = f"turn {turn.turn:>3} | military {budgets} | units {units} | battles {battles}"
    print(line + (" | " + "; ".join(notes) if notes else ""))


if __name__ == "__main__":
    sys.exit(main())
