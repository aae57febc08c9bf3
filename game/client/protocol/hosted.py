"""The match this player hosts, kept in the data directory so a crash never locks them out of it.

The host token and the host's own seat token are given once, by the server; if the window (or
the server it ran) dies, the player would find "every seat is taken" in their own match. So the
window writes them to ``$XDG_DATA_HOME/spiral/hosted-match.json`` (by default
``~/.local/share/spiral/hosted-match.json``) as soon as it holds both, and the main menu offers
"Return to your match" on the next start: it starts the window's server again if it ran one, and
takes the seat back with ``rejoin``. The file is removed when the match ends or the host leaves it.
Like the server's database, the file grants the seat: it is written readable by its owner only.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("spiral.client")


def data_directory() -> Path:
    """Spiral's folder in the user's data directory: ``$XDG_DATA_HOME/spiral``."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "spiral"


def default_path() -> Path:
    return data_directory() / "hosted-match.json"


def host_database() -> Path:
    """Where a server the window hosts keeps its records: ``$XDG_DATA_HOME/spiral/host.sqlite3``."""
    return data_directory() / "host.sqlite3"


@dataclass(frozen=True, slots=True)
class HostedMatch:
    url: str  # the server's address, as the window connects to it
    match: str
    code: str
    host_token: str
    seat: int
    seat_token: str
    scenario: str
    listen: str | None = None  # set when the window ran the server itself: its listening address...
    port: int | None = None  # ...and port, to start it again on the same database

    def to_mapping(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_mapping(cls, data: Any) -> HostedMatch:
        """Raises: ValueError if ``data`` is not what ``to_mapping`` writes."""
        if not isinstance(data, dict) or set(data) != {f for f in cls.__dataclass_fields__}:
            raise ValueError("not a hosted match")
        for name in ("url", "match", "code", "host_token", "seat_token", "scenario"):
            if not isinstance(data[name], str) or not data[name]:
                raise ValueError(f"{name} must be a text")
        if type(data["seat"]) is not int or data["seat"] < 0:
            raise ValueError("seat must be a seat number")
        if data["listen"] is not None and data["listen"] not in ("0.0.0.0", "127.0.0.1"):
            raise ValueError("listen must be 0.0.0.0 or 127.0.0.1")
        if data["port"] is not None and (type(data["port"]) is not int or not 0 < data["port"] <= 65535):
            raise ValueError("port must be from 1 to 65535")
        return cls(**data)


def load(path: Path | None = None) -> HostedMatch | None:
    """The hosted match kept, or None (none kept, or a file that cannot be read: logged)."""
    path = path or default_path()
    try:
        return HostedMatch.from_mapping(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as problem:
        log.warning("ignored the hosted match in %s: %s", path, problem)
        return None


def save(hosted: HostedMatch, path: Path | None = None) -> None:
    """Write atomically and readable by the owner only (it holds the tokens)."""
    path = path or default_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(hosted.to_mapping(), file, indent=2)
        temporary.replace(path)
    except OSError as problem:
        log.warning("could not keep the hosted match in %s: %s", path, problem)


def forget(path: Path | None = None) -> None:
    path = path or default_path()
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as problem:
        log.warning("could not remove %s: %s", path, problem)
