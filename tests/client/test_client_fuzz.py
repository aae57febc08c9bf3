"""A client never crashes on a server message: fuzzed frames and views are logged and ignored.

Hypothesis sends the session random frames of every message type, and real views with one value
swapped for junk; the session must not raise, and whatever view it kept must still draw.
"""

from __future__ import annotations

import copy
import dataclasses
import types
import typing
from dataclasses import fields
import tempfile
from pathlib import Path

import pygame
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from game.assets import load_scenario
from game.client.protocol.session import _HANDLERS, Session
from game.rules import new_game, view_for
from game.wire import SERVER_MESSAGES, encode
from game.wire import WireError
from game.wire.class_messages import CLASS_MESSAGES, SEAT_STATUSES, SeatStatus
from game.wire.server_messages import MatchReveal
from game.wire.server_messages import to_mapping as wire_mapping
from tests.client.client_harness import game_screen

JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=True) | st.text(max_size=12)
    | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
MESSAGE_TYPES = sorted({*SERVER_MESSAGES.values(), *CLASS_MESSAGES.values()}, key=lambda cls: cls.TYPE)
TYPES = st.sampled_from([cls.TYPE for cls in MESSAGE_TYPES] + ["from-the-future", ""])
# Every field any server message has, so that junk often lands on a real field.
FIELDS = tuple(sorted({f.name for cls in MESSAGE_TYPES for f in fields(cls)} | {"from", "bogus"}))


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
    if session.receive({"type": kind, **body}) is None and kind not in CLASS_ONLY:
        assert "cannot read" in session.notices[-1]  # the player is told; the log says the same


CLASS_ONLY = {cls.TYPE for cls in CLASS_MESSAGES.values() if cls not in _HANDLERS}


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
            "view": VIEW, "orders": "", "ready": False, "seats": [], "chat": [], "seed": None, "reveal": None}
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
    reveal["history"] = [{"turn": t, "budgets": ["40/50/10", "60/30/10"], "strength": [30, 30 + t], "attacks": [[1, 0]]}
                         for t in (1, 2)]
    return reveal


REVEAL = real_reveal()
REVEAL_PATHS = [p for p in paths({k: REVEAL[k] for k in ("players", "scores", "history")}) if p]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(REVEAL_PATHS), junk=JUNK)
def test_a_reveal_with_a_junk_value_is_ignored_or_shown(where, junk):
    from game.client.screens.end_screen import EndScreen

    session = Session(load_scenario)
    session.receive({"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "running", "deadline": None,
                     "view": VIEW, "orders": "", "ready": False, "seats": [], "chat": [], "seed": None, "reveal": None})
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
            "view": VIEW, "orders": "", "ready": False, "seats": SEATS, "chat": CHAT, "seed": None, "reveal": None}
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


def _reveal_or_real(mapping: dict) -> MatchReveal:
    try:
        return MatchReveal.from_mapping(mapping)
    except WireError:
        return MatchReveal.from_mapping(REVEAL)


def strategy_for(hint) -> st.SearchStrategy:
    """Any value of a wire type: messages and their parts field by field, maps as junk or a real view."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is typing.Any:
        return JUNK
    if origin is typing.Union or origin is types.UnionType:
        return st.one_of(*[strategy_for(arg) for arg in args])
    if origin is list:
        return st.lists(strategy_for(args[0]), max_size=3)
    if origin is dict:
        junk = st.dictionaries(strategy_for(args[0]), strategy_for(args[1]), max_size=4)
        return st.one_of(st.just(VIEW), junk) if args[1] is typing.Any else junk
    if hint is MatchReveal:
        return st.builds(swapped, st.just(REVEAL), st.sampled_from(REVEAL_PATHS), JUNK).map(_reveal_or_real)
    if hint is SeatStatus:
        return st.builds(SeatStatus, st.integers(0, 7), st.text(max_size=8), st.none() | st.text(max_size=8),
                         st.none() | st.text(max_size=8), st.sampled_from(SEAT_STATUSES))
    if dataclasses.is_dataclass(hint):
        hints = {key: value for key, value in typing.get_type_hints(hint).items()
                 if typing.get_origin(value) is not typing.ClassVar}
        return st.builds(hint, **{f.name: strategy_for(hints[f.name]) for f in fields(hint)})
    return {int: st.integers(-2**63, 2**63 - 1), float: st.floats(), str: st.text(max_size=12),
            bool: st.booleans(), type(None): st.none()}[hint]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=st.one_of(*[strategy_for(cls) for cls in MESSAGE_TYPES]))
def test_well_formed_messages_with_arbitrary_contents_are_applied_or_refused_with_a_notice(message):
    """Every message type, each field of its own type but any value (views and reveals: junk maps)."""
    session = Session(load_scenario)
    session.start_join("ABCD", "ann")  # requests pending, so answers with ids take the paths that use them
    mapping = message.to_mapping() if hasattr(message, "to_mapping") else wire_mapping(message)
    assume(_encodable(mapping))  # MessagePack holds 64-bit integers at most
    frame = encode(mapping)
    notices = len(session.notices)
    got = session.receive_frame(frame)
    assert got is None or type(got) is type(message)
    assert got is not None or type(message) not in _HANDLERS or "cannot read" in session.notices[notices]


