"""PNG charts of the lab's results (matplotlib, imported only when charts are drawn)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from game.lab.runner import MatchResult

# No date or version stamps in the files: the same results give the same bytes.
PNG_METADATA = {"Software": None}


def military_share_by_turn(results: list[MatchResult], aim: str | None = None) -> tuple[list[int], list[float]]:
    totals: dict[int, list[float]] = {}
    for result in results:
        for row in result.rows:
            if aim is None or row["aim"] == aim:
                totals.setdefault(int(row["turn"]), []).append(float(row["military_share"]))
    turns = sorted(totals)
    return turns, [sum(totals[t]) / len(totals[t]) for t in turns]


def write_charts(out: Path, results: list[MatchResult], scenarios: tuple[str, ...]) -> list[Path]:
    """One chart per scenario (mean military share by turn, all players and by aim) and one comparing them."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("spiral lab: matplotlib is not installed; no charts drawn", file=sys.stderr)
        return []
    written = []
    for name in scenarios:
        mine = [r for r in results if r.task.scenario == name]
        figure, axes = plt.subplots(figsize=(7, 4))
        for aim, style in ((None, "-"), ("security", "--"), ("revisionist", ":")):
            turns, shares = military_share_by_turn(mine, aim)
            if turns:
                axes.plot(turns, shares, style, label=aim or "all players")
        _finish(axes, f"{name}: military share of budget ({len(mine)} matches)")
        path = out / f"military_share_{name}.png"
        figure.savefig(path, dpi=100, metadata=PNG_METADATA)
        plt.close(figure)
        written.append(path)
    figure, axes = plt.subplots(figsize=(7, 4))
    for name in scenarios:
        turns, shares = military_share_by_turn([r for r in results if r.task.scenario == name])
        if turns:
            axes.plot(turns, shares, label=name)
    _finish(axes, "military share of budget, all players, by scenario")
    path = out / "military_share.png"
    figure.savefig(path, dpi=100, metadata=PNG_METADATA)
    plt.close(figure)
    written.append(path)
    return written


def _finish(axes: Any, title: str) -> None:
    axes.set_title(title)
    axes.set_xlabel("turn")
    axes.set_ylabel("mean military share")
    axes.set_ylim(0, 1)
    axes.grid(alpha=0.3)
    axes.legend()
    axes.figure.tight_layout()
