"""The player's settings: UI scale, colour palette, full screen, name and last server; kept as JSON.

Settings live in ``$SPIRAL_CONFIG`` if set, else ``$XDG_CONFIG_HOME/spiral/settings.json`` (by
default ``~/.config/spiral/settings.json``). A missing or unreadable file gives the defaults: a
broken settings file must never stop the game from starting.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger("spiral.client")

UI_SCALES = (1.0, 1.25, 1.5)
PALETTES = ("okabe-ito", "tol-bright", "high-contrast")

# What every key does, for the settings screen and the help overlay (one source for both).
KEY_BINDINGS: tuple[tuple[str, str], ...] = (
    ("click", "select a unit or one of your cities; click a highlighted hex to move there; "
              "click a rival's mark to see what you know of it"),
    ("shift-click / A", "attack (A toggles attack mode)"),
    ("right-click / Backspace", "cancel the selected unit's order or the selected city's build"),
    ("Tab", "select your next unit"),
    ("C", "select your next city"),
    ("P", "toggle the selected unit's posture (entrenched / mobile)"),
    ("1-9", "build at the selected city (the Orders tab shows what each costs)"),
    ("M / D / I", "shift 10% of the budget to military / development / intelligence"),
    ("O", "show the offense-defense overlay"),
    ("Enter", "end the turn (orders can be changed until it resolves)"),
    ("F2-F6", "side panel tabs: orders, diplomacy, chat, intent, report"),
    ("T", "write a chat message (Enter sends it, Esc leaves the text field)"),
    ("R", "in the Chat tab: the next recipient; in the Diplomacy tab: the next rival to propose to"),
    ("Y / N", "in the Diplomacy tab: accept / reject the first proposal waiting for your answer"),
    ("K, S", "in the Diplomacy tab: the next kind of agreement; propose it"),
    ("X", "in the Diplomacy tab: leave the next agreement in force (again on the last: stay in all)"),
    ("E", "in the Intent tab: the evidence about the next rival"),
    ("L", "in the Report tab: show the next event on the map"),
    ("wheel, + / -", "zoom"),
    ("drag, arrow keys", "pan"),
    ("shift + arrows, Space", "move the map cursor; Space clicks the hex under it (shift + Space attacks)"),
    ("F1 or ?", "help: the rules in brief"),
    ("Esc", "stop picking hexes, else clear the selection; with nothing selected, the game menu"),
)


def default_path() -> Path:
    if os.environ.get("SPIRAL_CONFIG"):
        return Path(os.environ["SPIRAL_CONFIG"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "spiral" / "settings.json"


@dataclass(frozen=True, slots=True)
class Settings:
    ui_scale: float = 1.0
    palette: str = "okabe-ito"
    fullscreen: bool = False
    name: str = "you"
    last_address: str = "ws://127.0.0.1:8765"

    def checked(self) -> "Settings":
        """The same settings with any value out of range replaced by its default."""
        default = Settings()
        return replace(
            self,
            ui_scale=self.ui_scale if self.ui_scale in UI_SCALES else default.ui_scale,
            palette=self.palette if self.palette in PALETTES else default.palette,
            fullscreen=bool(self.fullscreen),
            name=(str(self.name).strip()[:24] or default.name),
            last_address=str(self.last_address)[:200] or default.last_address,
        )

    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        path = path or default_path()
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as problem:
            log.warning("ignored the settings file %s: %s", path, problem)
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known}).checked()
        except TypeError:
            return cls()

    def save(self, path: Path | None = None) -> None:
        """Write atomically (a temporary file, then a rename), so a crash never leaves half a file."""
        path = path or default_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
            temporary.replace(path)
        except OSError as problem:
            log.warning("could not save the settings to %s: %s", path, problem)
