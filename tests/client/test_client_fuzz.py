"""A client never crashes on a server message: fuzzed frames and views are logged and ignored.

Hypothesis sends the session random frames of every message type, and real views with one value
swapped for junk; the session must not raise, and whatever view it kept must still draw.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pygame
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.assets import load_scenario
from game.client.protocol.session import _HANDLERS, Session
from game.rules import new_game, view_for
from game.wire import encode
from tests.client.client_harness import game_screen

JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=True) | st.text(max_size=12)
    | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
TYPES = st.sampled_from(sorted(_HANDLERS) + ["from-the-future", ""])
FIELDS = ("id", "match", "seat", "view", "deadline", "orders", "ready", "seats", "chat", "reveal", "line", "code",
          "message", "token", "host_token", "kind", "flagged", "scenarios", "bots")


def real_view() -> dict:
    state = new_game(load_scenario("duel"), 3)
    return view_for(state, 0).to_mapping()


VIEW = real_view()


def paths(value, prefix=()):
    """Every place in a nested map/list where a value can be swapped."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, prefix + (index,))


VIEW_PATHS = [p for p in paths(VIEW) if p]


def swapped(view: dict, path: tuple, junk) -> dict:
    changed = copy.deepcopy(view)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = junk
    return changed


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=TYPES, body=st.dictionaries(st.sampled_from(FIELDS), JUNK, max_size=6))
def test_random_messages_of_every_type_are_survived(kind, body):
    session = Session(load_scenario)
    session.receive_frame(encode({"type": kind, **body}, ) if _encodable(body) else b"\x91\x01")
    session.receive({"type": kind, **body})


def _encodable(body) -> bool:
    try:
        encode(body)
        return True
    except Exception:
        return False


_screen = {}


def screen_for(session: Session):
    """One window for the whole test (a new App per example would be slow); the session is swapped in."""
    if "screen" not in _screen:
        pygame.display.init()
        pygame.font.init()
        _screen["screen"] = game_screen(session, Path(tempfile.mkdtemp(prefix="spiral-fuzz-")))
    screen = _screen["screen"]
    screen.app.link.session = session
    return screen


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(VIEW_PATHS), junk=JUNK, as_turn=st.booleans())
def test_a_view_with_a_junk_value_is_ignored_or_drawn(where, junk, as_turn):
    session = Session(load_scenario)
    good = {"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "running", "deadline": None,
            "view": VIEW, "orders": "", "ready": False, "seats": [], "chat": [], "reveal": None}
    session.receive(good)
    bad = swapped(VIEW, where, junk)
    if as_turn:
        session.receive({"type": "turn", "id": None, "match": "m1", "view": bad, "deadline": None, "flagged": []})
    else:
        session.receive({**good, "view": bad})
    assert session.view is not None  # the good view, or the junk one if it was still a view
    screen = screen_for(session)
    screen.draw(screen.app.window)


def real_reveal() -> dict:
    from game.rules import omniscient_view

    reveal = omniscient_view(new_game(load_scenario("duel"), 3))
    reveal["scores"] = [[p, s] for p, s in sorted(reveal["scores"].items())]
    reveal["history"] = [{"turn": t, "budgets": ["40/50/10", "60/30/10"], "strength": [30, 30 + t]} for t in (1, 2)]
    return reveal


REVEAL = real_reveal()
REVEAL_PATHS = [p for p in paths({k: REVEAL[k] for k in ("players", "scores", "history")}) if p]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(REVEAL_PATHS), junk=JUNK)
def test_a_reveal_with_a_junk_value_is_ignored_or_shown(where, junk):
    from game.client.screens.end_screen import EndScreen

    session = Session(load_scenario)
    session.receive({"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "running", "deadline": None,
                     "view": VIEW, "orders": "", "ready": False, "seats": [], "chat": [], "reveal": None})
    session.receive({"type": "reveal", "id": None, "match": "m1", "reveal": swapped(REVEAL, where, junk)})
    screen = screen_for(session)
    app = screen.app
    app.show(EndScreen(app) if session.reveal is not None else screen)
    app.step([])
    app.show(screen)


SEATS = [{"seat": 0, "name": "ann", "bot": None, "taken": True, "missed": 0},
         {"seat": 1, "name": None, "bot": "basic", "taken": True, "missed": 1}]
CHAT = [{"turn": 1, "from": 1, "to": None, "text": "We mean no harm."},
        {"turn": 1, "from": 0, "to": 1, "text": "Then keep your armour home."}]
SYNC_PATHS = [p for p in paths({"seats": SEATS, "chat": CHAT, "deadline": 0, "phase": "running"}) if p]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(SYNC_PATHS), junk=JUNK, tab=st.integers(0, 4))
def test_junk_seats_chat_and_clock_are_ignored_or_drawn_on_every_tab_and_the_lobby(where, junk, tab):
    from game.client.screens.lobby import LobbyScreen

    good = {"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "running", "deadline": None,
            "view": VIEW, "orders": "", "ready": False, "seats": SEATS, "chat": CHAT, "reveal": None}
    session = Session(load_scenario)
    session.receive(swapped(good, where, junk))
    session.receive({"type": "chat", "id": None, "match": "m1", "line": junk})
    session.receive({"type": "event", "id": None, "match": "m1", "kind": "joined", "seat": 1, "name": junk})
    screen = screen_for(session)
    app = screen.app
    app.show(screen)
    if session.view is not None:
        screen.show_tab(tab)
    app.step([])
    app.show(LobbyScreen(app, hosting=True, listen="127.0.0.1"))
    app.step([])
    app.show(screen)
