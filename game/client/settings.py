"""The player's settings: UI scale, colour palette, full screen, name, last server, and the host
form's port and who may join; kept as JSON.

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
REMEMBERED_SEATS = 20  # seats taken by join code, newest last, to come back to after closing the window
Seat = tuple[str, str, str, str]  # (server address, join or class code, match, seat token)
PALETTES = ("okabe-ito", "tol-bright", "high-contrast")
HOST_NETWORKS = ("0.0.0.0", "127.0.0.1")

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
    host_port: int = 8765  # the host form's port (0: any free port)
    host_network: str = "0.0.0.0"  # who may join a match hosted from the window: the local network, or this machine
    seats: tuple[Seat, ...] = ()  # a seat token is this player's key to their seat: kept like a cookie
    last_class: tuple[str, ...] = ()  # the class this window teaches: (address, session, teacher token, code)

    def checked(self) -> Settings:
        """The same settings with any value out of range replaced by its default."""
        default = Settings()
        return replace(
            self,
            ui_scale=self.ui_scale if self.ui_scale in UI_SCALES else default.ui_scale,
            palette=self.palette if self.palette in PALETTES else default.palette,
            fullscreen=bool(self.fullscreen),
            name=(str(self.name).strip()[:24] or default.name),
            last_address=str(self.last_address)[:200] or default.last_address,
            host_port=(self.host_port if type(self.host_port) is int and 0 <= self.host_port <= 65535
                       else default.host_port),
            host_network=self.host_network if self.host_network in HOST_NETWORKS else default.host_network,
            seats=tuple(tuple(entry) for entry in (self.seats if isinstance(self.seats, (list, tuple)) else ())
                        if isinstance(entry, (list, tuple)) and len(entry) == 4
                        and all(isinstance(part, str) and len(part) <= 200 for part in entry)
                        )[-REMEMBERED_SEATS:],  # type: ignore[arg-type]
            last_class=tuple(self.last_class) if isinstance(self.last_class, (list, tuple)) and len(self.last_class) == 4
            and all(isinstance(part, str) and len(part) <= 200 for part in self.last_class) else (),
        )

    def seat_for(self, address: str, code: str) -> tuple[str, str] | None:
        """The (match, token) of the seat last taken with ``code`` on ``address``, if remembered."""
        found = [(match, token) for where, known, match, token in self.seats if (where, known) == (address, code)]
        return found[-1] if found else None

    def with_seat(self, address: str, code: str, match: str, token: str) -> Settings:
        """These settings remembering one more seat (the oldest forgotten past ``REMEMBERED_SEATS``)."""
        kept = tuple(entry for entry in self.seats if entry[:2] != (address, code))
        return replace(self, seats=(kept + ((address, code, match, token),))[-REMEMBERED_SEATS:])

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
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
