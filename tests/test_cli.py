"""The ``spiral`` command as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_scenarios_json_lists_names_players_turns_and_knobs(capsys):
    code, out, _ = run(capsys, "scenarios", "--json")
    rows = json.loads(out)
    assert code == 0
    for row in rows:
        assert {"name", "players", "turns", "offense_defense", "distinguishability"} <= set(row)
    assert {"duel", "doubly-dangerous", "compatible-security", "aggression-possible", "doubly-safe"} <= {
        r["name"] for r in rows}


def test_scenarios_table_is_readable(capsys):
    code, out, _ = run(capsys, "scenarios")
    assert code == 0 and "doubly-safe" in out and "distinguishability" in out


def test_selfplay_json_has_the_promised_fields_and_repeats_exactly(capsys):
    code, out, _ = run(capsys, "selfplay", "--scenario", "duel", "--seed", "3", "--turns", "6", "--json")
    first = json.loads(out)
    assert code == 0
    assert {"scenario", "seed", "turns", "final_hash", "battles", "players"} <= set(first)
    for player in first["players"]:
        assert {"id", "aim", "score", "military_share_mean", "cities_end", "eliminated"} <= set(player)
    _, again, _ = run(capsys, "selfplay", "--scenario", "duel", "--seed", "3", "--turns", "6", "--json")
    assert json.loads(again)["final_hash"] == first["final_hash"]


def test_selfplay_prints_a_turn_by_turn_log(capsys):
    code, out, _ = run(capsys, "selfplay", "--scenario", "duel", "--seed", "2", "--turns", "3", "--bots", "random,basic")
    assert code == 0 and "turn   1" in out and "Aims revealed" in out and "final state hash" in out


@pytest.mark.parametrize("argv, message", [
    (["selfplay", "--scenario", "atlantis"], "unknown scenario 'atlantis'"),
    (["selfplay", "--seed", "-4"], "--seed must be at least 0"),
    (["selfplay", "--seed", "many"], "--seed must be a whole number"),
    (["selfplay", "--turns", "0"], "--turns must be at least 1"),
    (["selfplay", "--bots", "basic,basic,basic"], "--bots names 3 bots"),
    (["selfplay", "--bots", "genius"], "unknown bot 'genius'"),
])
def test_user_errors_are_one_line_with_exit_status_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and err.count("\n") == 1


def test_a_corrupt_asset_file_is_one_line_without_a_traceback(tmp_path):
    import shutil

    assets = tmp_path / "assets"
    shutil.copytree(ROOT / "assets", assets)
    (assets / "rules.toml").write_text("[combat\n")
    done = subprocess.run([sys.executable, "-m", "game.cli", "scenarios"], cwd=ROOT, capture_output=True, text=True,
                          env={"SPIRAL_ASSETS": str(assets), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 2
    assert "rules.toml: not valid TOML" in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
