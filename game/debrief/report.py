"""Writing a debrief out: CSV files, PNG charts and one self-contained HTML report.

``write_report(out, title, debriefs)`` writes everything into a fresh folder beside ``out`` and
renames it into place only when every file is written, so a failure leaves nothing half-written.
The HTML holds its charts as ``data:`` images and its style inline: no network, no other file.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from game.debrief.analysis import MatchDebrief

TURN_FIELDS = ("match", "scenario", "turn", "seat", "player", "played_by", "aim", "military_share",
               "development_share", "intelligence_share", "forces", "units", "cities", "development", "attacked",
               "intent")
READ_FIELDS = ("match", "turn", "observer", "rival", "recorded_p_revisionist", "recorded_will_attack",
               "model_p_revisionist", "rival_aim", "seen_units", "seen_strength_low", "seen_strength_high")
WORLD_FIELDS = ("match", "scenario", "title", "turns_played", "mean_military_share", "war_rate", "first_war_turn",
                "welfare", "misperception", "spiral_steps", "deterrence_failures", "agreements_made",
                "agreements_broken")
PNG_METADATA = {"Software": None}  # the same debrief gives the same bytes


def world_row(d: MatchDebrief) -> dict[str, Any]:
    return {"match": d.log.match, "scenario": d.scenario.name, "title": d.scenario.title,
            "turns_played": d.turns_played, "mean_military_share": round(d.mean_military_share, 1),
            "war_rate": round(d.war_rate, 3), "first_war_turn": d.first_war_turn if d.first_war_turn else "",
            "welfare": round(d.welfare, 3), "misperception": round(d.misperception, 3),
            "spiral_steps": d.spiral_steps, "deterrence_failures": d.deterrence_failures,
            "agreements_made": d.agreements_made, "agreements_broken": d.agreements_broken}


def write_report(out: Path, title: str, debriefs: list[MatchDebrief]) -> list[Path]:
    """Write ``turns.csv``, ``reads.csv``, ``worlds.csv``, the PNG charts and ``report.html`` into ``out``.

    ``out`` may exist (it is replaced only once the new files are complete).

    Raises:
        OSError: ``out`` or its parent cannot be written (nothing is left behind).
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        _write_all(staging, title, debriefs)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
            os.rename(out, old / "report")
            os.rename(staging, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(out.iterdir())


def _write_all(folder: Path, title: str, debriefs: list[MatchDebrief]) -> None:
    with open(folder / "turns.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, TURN_FIELDS)
        writer.writeheader()
        for d in debriefs:
            for row in d.rows:
                writer.writerow({name: (" ".join(map(str, row.attacked)) if name == "attacked" else getattr(row, name))
                                 for name in TURN_FIELDS})
    with open(folder / "reads.csv", "w", newline="") as file:
        reads = csv.writer(file)
        reads.writerow(READ_FIELDS)
        for d in debriefs:
            for r in d.reads:
                reads.writerow([r.match, r.turn, r.observer, r.rival, "" if r.recorded is None else r.recorded,
                                "" if r.recorded_attack is None else str(r.recorded_attack).lower(), r.model, r.truth,
                                r.seen_units, *r.seen_strength])
    with open(folder / "worlds.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, WORLD_FIELDS)
        writer.writeheader()
        for d in debriefs:
            writer.writerow(world_row(d))
    charts = _charts(debriefs)
    for name, data in charts.items():
        (folder / name).write_bytes(data)
    (folder / "report.html").write_text(render_html(title, debriefs, charts), encoding="utf-8")


# --- charts ---------------------------------------------------------------------------------------

def _charts(debriefs: list[MatchDebrief]) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts = {}
    for index, d in enumerate(debriefs, 1):
        figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
        for seat, name in enumerate(d.players):
            mine = [r for r in d.rows if r.seat == seat]
            style = "-" if d.aims[seat] == "security" else "--"
            label = f"{name} ({d.aims[seat]})"
            left.plot([r.turn for r in mine], [r.military_share for r in mine], style, label=label)
            right.plot([r.turn for r in mine], [r.forces for r in mine], style, label=label)
        left.set(title="Military share of budget (%)", xlabel="turn", ylim=(0, 100))
        right.set(title="Forces (total strength)", xlabel="turn")
        left.legend(fontsize=7)
        figure.suptitle(f"{d.scenario.title}: match {d.log.match[:8]}")
        figure.tight_layout()
        charts[f"match-{index}.png"] = _png(figure, plt)
    figure, axes = plt.subplots(1, 3, figsize=(11, 3.4))
    labels = [f"{d.scenario.title}\n{d.log.match[:6]}" for d in debriefs]
    for axis, values, name in ((axes[0], [d.mean_military_share for d in debriefs], "Mean military share (%)"),
                               (axes[1], [d.war_rate * 100 for d in debriefs], "War rate (% of seat-turns)"),
                               (axes[2], [d.welfare * 100 for d in debriefs], "Welfare (% of all-cooperate)")):
        axis.bar(range(len(values)), values, color="#4a7fb5")
        axis.set_xticks(range(len(values)), labels, fontsize=6)
        axis.set_title(name, fontsize=9)
    figure.tight_layout()
    charts["worlds.png"] = _png(figure, plt)
    return charts


def _png(figure: Any, plt: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, metadata=PNG_METADATA)
    plt.close(figure)
    return buffer.getvalue()


# --- HTML -----------------------------------------------------------------------------------------

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:.25em .5em;font-size:.9em}
th{background:#eef}li.spiral{color:#b00;font-weight:bold}li.deterrence-failure{color:#a50;font-weight:bold}
li.first-strike{color:#700}li.announcement,li.inject{color:#555;font-style:italic}.tag{font-size:.75em;padding:0 .4em;
border-radius:.3em;background:#ddd;margin-right:.4em}img{max-width:100%}.revisionist{color:#b00}
""".strip()


def _e(value: Any) -> str:
    return html.escape(str(value))


def _table(head: list[str], rows: list[list[Any]], css: str = "") -> str:
    out = [f'<table class="{css}"><tr>' + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows]
    return "".join(out) + "</table>"


def _img(charts: dict[str, bytes], name: str, alt: str) -> str:
    data = base64.b64encode(charts[name]).decode()
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def _step_through(d: MatchDebrief) -> str:
    """The match turn by turn, each turn folded: the truth, then what each seat saw and read."""
    parts = ["<h3>Step through the match</h3><p>Open a turn: the truth, then each player's view of its "
             "rivals at the start of that turn (the units it saw, their strength as it could bound it) and its "
             "read of them.</p>"]
    for t in range(1, d.turns_played + 1):
        rows = [r for r in d.rows if r.turn == t]
        truth = _table(["State", "Aim", "Budget (mil/dev/int)", "Units (strength)", "Cities", "Development",
                        "Attacked"],
                       [[d.players[r.seat], r.aim, f"{r.military_share}/{r.development_share}/{r.intelligence_share}",
                         f"{r.units} ({r.forces})", r.cities, r.development,
                         ", ".join(d.players[v] for v in r.attacked) or "-"] for r in rows])
        seen = _table(["Seen by", "Of", "Units seen (strength)", "Read: recorded", "Read: model", "Truth"],
                      [[d.players[r.observer], d.players[r.rival],
                        f"{r.seen_units} ({r.seen_strength[0]}-{r.seen_strength[1]})" if r.seen_units else "none",
                        "-" if r.recorded is None else f"{r.recorded:.0%}" + (" (will attack)" if r.recorded_attack
                                                                             else ""),
                        f"{r.model:.0%}", r.truth] for r in d.reads if r.turn == t])
        steps = "".join(f"<li>{_e(s.text)}</li>" for s in d.timeline if s.turn == t)
        parts.append(f"<details><summary>Turn {t}</summary>{truth}{seen}"
                     f"{'<ul>' + steps + '</ul>' if steps else ''}</details>")
    return "".join(parts)


def render_html(title: str, debriefs: list[MatchDebrief], charts: dict[str, bytes]) -> str:
    """The whole report as one HTML page (charts inline)."""
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}</title>",
             f"<style>{STYLE}</style></head><body><h1>{_e(title)}</h1>"]
    parts.append("<h2 id='worlds'>The worlds compared</h2>")
    head = ["World", "Match", "Turns", "Mean military share", "War rate", "First war turn", "Welfare",
            "Misperception", "Spiral steps", "Deterrence failures", "Agreements made / broken"]
    rows = [[d.scenario.title, d.log.match[:8], d.turns_played, f"{d.mean_military_share:.0f}%",
             f"{d.war_rate:.0%}", d.first_war_turn or "none", f"{d.welfare:.0%}", f"{d.misperception:.2f}",
             d.spiral_steps, d.deterrence_failures, f"{d.agreements_made} / {d.agreements_broken}"] for d in debriefs]
    parts.append(_table(head, rows, "worlds"))
    parts.append(_img(charts, "worlds.png", "the worlds compared"))
    for index, d in enumerate(debriefs, 1):
        parts.append(f"<h2 id='match-{index}'>{_e(d.scenario.title)}: match {_e(d.log.match[:8])}</h2>")
        parts.append(f"<p>{_e(d.scenario.description)}</p>")
        parts.append("<h3>Who was who</h3>")
        parts.append(_table(["Seat", "Player", "Played by", "Aim (revealed)", "Score"],
                            [[s, d.players[s], d.log.players[s], d.aims[s], d.scores[s]]
                             for s in range(len(d.players))]))
        parts.append("<h3>The spiral, as it happened</h3><ol class='timeline'>")
        for step in d.timeline:
            parts.append(f"<li class='{_e(step.kind)}'><span class='tag'>{_e(step.kind)}</span>{_e(step.text)}</li>")
        if not d.timeline:
            parts.append("<li>Nobody armed, fought or made an agreement.</li>")
        parts.append("</ol>")
        parts.append(_img(charts, f"match-{index}.png", f"military share and forces, match {index}"))
        parts.append("<h3>Misperception matrix (final turn): each row's read of each column, against the truth</h3>")
        head = ["read by \\ of"] + [f"{n} ({a})" for n, a in zip(d.players, d.aims)]
        matrix = []
        for observer in range(len(d.players)):
            cells: list[Any] = [d.players[observer]]
            for rival in range(len(d.players)):
                r = d.final_read(observer, rival)
                if observer == rival or r is None:
                    cells.append("—")
                else:
                    recorded = "" if r.recorded is None else f"recorded {r.recorded:.0%}, "
                    cells.append(f"{recorded}model {r.model:.0%}")
            matrix.append(cells)
        parts.append(_table(head, matrix, "matrix"))
        parts.append(f"<p>Agreements made: {d.agreements_made}; broken or left: {d.agreements_broken}. "
                     f"Welfare: {sum(d.scores)} points against {d.benchmark} had everyone cooperated "
                     f"({d.welfare:.0%}).</p>")
        parts.append("<h3>Turn by turn (true budgets and forces)</h3>")
        parts.append(_table(["Turn"] + [f"{n} mil% / forces" for n in d.players],
                            [[t] + [f"{r.military_share}% / {r.forces}" for r in d.rows if r.turn == t]
                             for t in range(1, d.turns_played + 1)]))
        parts.append(_step_through(d))
    parts.append("<p>Files: turns.csv (a row per match, turn and seat), reads.csv, worlds.csv, PNG charts.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
