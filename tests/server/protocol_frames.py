"""Real server frames of every kind, for checking docs/PROTOCOL.md against what the server sends.

``session_frames()`` plays one scripted session on the Sans-I/O lobby: hello, create, list,
join, spectate, orders (good and bad), ready, chat, sync, history, every host action, leave,
rejoin, a replaced connection, an expired lobby and a whole match to its reveal, and returns
every frame each connection received, decoded. ``structures(frames)`` sorts the maps found in
them by the structure PROTOCOL.md names them by (``PlayerView``, ``Unit``, ``Event``...).
"""

from __future__ import annotations

from typing import Any, Iterator

from server.limits import Limits
from tests.server.server_harness import Harness

Frame = dict[str, Any]


def session_frames() -> list[Frame]:
    h = session_harness()
    return [frame for connection in sorted(h.inbox) for frame in h.messages(connection)]


def session_harness() -> Harness:
    """The harness after the scripted session (its ``records`` hold every record it made)."""
    h = Harness(limits=Limits(lobby_expiry=600))
    host = h.connect()
    h.call(host, "create", scenario="duel", seats=[None, None], turn_seconds=0)  # left to expire
    watcher0 = h.connect()
    h.call(watcher0, "spectate", code=h.call(host, "list")["matches"][0]["code"])
    created = h.call(host, "create", scenario="duel", seats=[None, None], turn_seconds=60, press="full", seed=5)
    match, token = created["match"], created["host_token"]
    ann, bob, watcher = h.connect(), h.connect(), h.connect()
    joined = h.call(ann, "join", code=created["code"], name="ann")
    h.call(bob, "join", code=created["code"], name="bob")
    h.call(watcher, "spectate", code=match)
    h.call(host, "list")
    h.call(host, "host", match=match, token=token, action="start")

    def stamp(connection: int) -> dict[str, Any]:
        view = [m["view"] for m in h.messages(connection) if m["type"] in ("sync", "turn")][-1]
        return {"match": match, "turn": view["turn"], "version": view["version"]}

    h.call(ann, "orders", orders="budget 40/40/20\npropose non_aggression to 1", **stamp(ann))
    h.call(ann, "orders", orders="move zz9 to 0,0", **stamp(ann))  # an error with a detail
    h.call(ann, "chat", match=match, text="hello all")
    h.call(ann, "chat", match=match, text="just you", to=1)
    h.call(ann, "ready", ready=True, **stamp(ann))
    h.call(host, "host", match=match, token=token, action="pause")
    h.call(host, "host", match=match, token=token, action="resume")
    h.call(host, "host", match=match, token=token, action="extend", seconds=30)
    h.call(host, "host", match=match, token=token, action="advance")
    h.advance(1)
    proposal = [m["view"] for m in h.messages(bob) if m["type"] == "turn"][-1]["proposals"][0]["id"]
    h.call(bob, "orders", orders=f"accept {proposal}", **stamp(bob))
    h.call(host, "host", match=match, token=token, action="advance")
    h.advance(1)
    h.call(bob, "leave", match=match)
    h.call(h.connect(), "join", code=created["code"], name="cy")
    again = h.connect()
    h.call(again, "rejoin", match=match, token=joined["token"])  # ann's old connection is replaced
    h.call(host, "host", match=match, token=token, action="kick", seat=1)
    h.call(host, "host", match=match, token=token, action="bot", seat=1, bot="random")
    h.advance(600)  # the first lobby expires
    game = h.lobby.matches[match]
    while game.phase != "over":
        h.advance(1)
        h.run_bots()
        h.call(again, "orders", orders="budget 20/70/10", **stamp(again))
        h.call(again, "ready", ready=True, **stamp(again))
    teacher, student = h.connect(), h.connect()
    lesson = h.call(teacher, "class-create", scenarios=["duel"], turn_seconds=60)
    h.call(student, "join", code=lesson["code"], name="dee")
    h.call(teacher, "class-teach", session=lesson["session"], token=lesson["teacher_token"], action="announce",
           text="ten minutes left")
    h.call(teacher, "class-teach", session=lesson["session"], token=lesson["teacher_token"], action="end")
    h.call(again, "sync", match=match)
    h.call(again, "history", match=match)
    h.call(watcher, "sync", match=match)
    return h


# Where each structure of PROTOCOL.md is found: (structure, path from a message or a structure).
# ``[]`` steps into each item of a list.
PLACES: list[tuple[str, str, str]] = [
    ("sync", "view", "View"), ("turn", "view", "View"), ("history", "views[]", "PlayerView"),
    ("sync", "seats[]", "Seat"), ("sync", "chat[]", "ChatLine"), ("chat", "line", "ChatLine"),
    ("sync", "reveal", "Reveal"), ("reveal", "reveal", "Reveal"), ("matches", "matches[]", "ListedMatch"),
    ("ListedMatch", "seats[]", "Seat"),
    ("PlayerView", "units[]", "Unit"), ("PlayerView", "sightings[]", "Sighting"),
    ("PlayerView", "ghosts[]", "Sighting"), ("PlayerView", "report[]", "Event"),
    ("PlayerView", "agreements[]", "Agreement"), ("PlayerView", "proposals[]", "Proposal"),
    ("PlayerView", "rivals[]", "PublicPlayer"), ("SpectatorView", "players[]", "PublicPlayer"),
    ("SpectatorView", "events[]", "Event"),
    ("Reveal", "players[]", "RevealPlayer"), ("Reveal", "units[]", "Unit"), ("Reveal", "events[]", "Event"),
    ("Reveal", "agreements[]", "Agreement"), ("Reveal", "proposals[]", "Proposal"),
    ("Reveal", "history[]", "HistoryRow"), ("RevealPlayer", "knowledge", "Knowledge"),
    ("Knowledge", "sightings[]", "Sighting"), ("Knowledge", "report[]", "Event"),
]


def _at(value: Any, path: str) -> Iterator[Any]:
    head, _, rest = path.partition(".")
    is_list = head.endswith("[]")
    key = head[:-2] if is_list else head
    if not isinstance(value, dict) or value.get(key) is None:
        return
    items = value[key] if is_list else [value[key]]
    for item in items:
        if rest:
            yield from _at(item, rest)
        else:
            yield item


def structures(frames: list[Frame]) -> dict[str, list[dict[str, Any]]]:
    """Every map in ``frames`` by the name PROTOCOL.md gives it: the message types, then the
    structures inside them (a ``View`` is a ``PlayerView`` if it has a ``player``, else a ``SpectatorView``)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for frame in frames:
        found.setdefault(frame["type"], []).append(frame)
    for owner, path, name in PLACES:
        for item in [i for parent in found.get(owner, []) for i in _at(parent, path)]:
            if name == "View":
                name_here = "PlayerView" if "player" in item else "SpectatorView"
            else:
                name_here = name
            found.setdefault(name_here, []).append(item)
    return found
