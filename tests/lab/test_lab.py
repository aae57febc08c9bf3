"""The lab: same arguments, same files; the summary's numbers follow from the rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from game.cli import main
from game.lab.lab import LabSettings, run_lab
from game.lab.runner import Task, bots_for, run_task


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_arguments_give_the_same_files_in_parallel_or_not(tmp_path: Path) -> None:
    common = dict(scenarios=("duel",), games=2, bots=("security", "revisionist"), seed=4)
    run_lab(LabSettings(jobs=1, out=tmp_path / "one", **common), progress=None)  # type: ignore[arg-type]
    run_lab(LabSettings(jobs=2, out=tmp_path / "two", **common), progress=None)  # type: ignore[arg-type]
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert {"turns.csv", "summary.csv"} <= set(one)
    assert one == two


def test_turn_rows_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lab", "--scenarios", "duel", "--games", "2", "--jobs", "1", "--bots", "fearful,dove",
                 "--seed", "9", "--out", str(tmp_path)])
    assert code == 0
    out, err = capsys.readouterr()
    assert "duel" in out and "matches" in err  # the table on stdout, the progress bar on stderr
    rows = list(csv.DictReader(open(tmp_path / "turns.csv")))
    assert {r["seed"] for r in rows} == {"9", "10"}
    for row in rows:
        assert row["aim"] in ("security", "revisionist") and row["in_battle"] in ("0", "1")
        own = f"p_revisionist_{row['player']}"
        rival = f"p_revisionist_{1 - int(row['player'])}"
        assert row[own] == "" and 0 <= float(row[rival]) <= 1
    (summary,) = list(csv.DictReader(open(tmp_path / "summary.csv")))
    assert summary["scenario"] == "duel" and summary["matches"] == "2"
    shares = [float(r["military_share"]) for r in rows]
    assert float(summary["mean_military_share"]) == pytest.approx(sum(shares) / len(shares), abs=1e-3)
    battles = [int(r["in_battle"]) for r in rows]
    assert float(summary["war_rate"]) == pytest.approx(sum(battles) / len(battles), abs=1e-3)
    assert 0 <= float(summary["misperception_rate"]) <= 1 and float(summary["welfare"]) > 0


def test_the_mix_rotates_over_the_seats() -> None:
    assert bots_for(["a", "b", "c"], 0, 2) == ("a", "b")
    assert bots_for(["a", "b", "c"], 1, 2) == ("b", "c")


def test_the_cooperate_benchmark_never_fights() -> None:
    result = run_task(Task("duel", 3, ("cooperate", "cooperate"), is_benchmark=True))
    assert result.first_battle_turn is None and result.total_score > 0


def test_unknown_names_are_refused_before_any_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lab", "--scenarios", "duel", "--bots", "nobody", "--out", str(tmp_path)]) == 2
    assert "unknown bot" in capsys.readouterr().err


def test_seats_and_the_table_by_bot_and_aim_follow_from_the_final_states(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lab", "--scenarios", "duel", "--games", "2", "--jobs", "1", "--bots", "security,dove",
                 "--seed", "3", "--out", str(tmp_path)])
    assert code == 0
    out, _ = capsys.readouterr()
    assert "homes lost" in out
    seats = list(csv.DictReader(open(tmp_path / "seats.csv")))
    assert len(seats) == 4 and {s["seed"] for s in seats} == {"3", "4"}
    # Each seat row is the truth at the end of its match.
    for seed in (3, 4):
        result = run_task(Task("duel", seed, bots_for(["security", "dove"], seed, 2)))
        final = {int(s["player"]): s for s in seats if s["seed"] == str(seed)}
        for seat in result.seats:
            assert final[seat["player"]]["score"] == str(seat["score"])
            assert final[seat["player"]]["home_cities"] == str(seat["home_cities"]) == "3"
    groups = list(csv.DictReader(open(tmp_path / "bots.csv")))
    assert sum(int(g["seats"]) for g in groups) == 4
    for group in groups:
        mine = [s for s in seats if (s["bot"], s["aim"]) == (group["bot"], group["aim"])]
        lost = sum(int(s["home_cities"]) - int(s["home_cities_held"]) for s in mine) / len(mine)
        assert float(group["home_cities_lost"]) == pytest.approx(lost, abs=0.01)
        assert float(group["mean_score"]) == pytest.approx(sum(int(s["score"]) for s in mine) / len(mine), abs=0.1)
