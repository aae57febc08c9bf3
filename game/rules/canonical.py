"""The canonical text of a state, written out directly for the state hash.

A state's canonical form is ``canonical_bytes(state.to_mapping())``: the state as
plain data, encoded as compact JSON with sorted keys. Self-play hashes every
state it makes, and building that mapping (a dict per unit, per sighting, a
formatted string per visible hex) and encoding it cost about as much as
resolving the turn. ``canonical_text`` writes the same bytes straight from the
state's values: the records with a fixed shape (units, sightings, players, the
visible hexes) from templates whose keys are already in sorted order, and the
rest (events, agreements, proposals, city owners) through the same JSON
encoder as ``canonical_bytes``. Tests check it against ``canonical_bytes`` on
many states; a change to either ``*_to_mapping`` function or to the state must
change the template here too.

Whole-number fields are written with ``str`` (as json writes an ``int``): the
engine keeps them ``int``, never ``bool`` or ``float``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii as _quoted  # JSON's own string escaping (ensure_ascii)
from typing import TYPE_CHECKING, Any, Callable, Iterable

from game.rules.hexgrid import HexTexts

if TYPE_CHECKING:
    from game.rules.board import Board
    from game.rules.hexgrid import Hex
    from game.rules.state import Event, GameState, Player, Sighting, Unit

_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)
_encode = _ENCODER.encode
_BOOL = {True: "true", False: "false"}


def _make_encode_one() -> Callable[[Any], str]:
    # _encode sets up the C encoder anew on every call, which costs more than encoding a small
    # event; events are encoded one by one (a report repeats most of the true events), so the C
    # encoder is made once, with _ENCODER's settings. Without the C module, _encode it is.
    sample = {"b": [1.5, None, "\u00e9", {"d": 1, "c": False}], "a": True}
    make = getattr(json.encoder, "c_make_encoder", None)  # None where the C module is missing
    try:
        one = make(None, _ENCODER.default, _quoted, None, ":", ",", True, False, True)  # type: ignore[misc]
        if "".join(one(sample, 0)) != _encode(sample):
            return _encode
    except Exception:  # no C encoder, or another signature
        return _encode
    return lambda value: "".join(one(value, 0))


_encode_one = _make_encode_one()


def canonical_text(state: GameState, event_to_mapping: Any, agreement_to_mapping: Any,
                   proposal_to_mapping: Any) -> str:
    """``canonical_bytes(state.to_mapping())`` as text, built without the intermediate mapping.

    The ``*_to_mapping`` functions of the records it encodes generically are passed in
    (they live in ``state``, which imports this module).
    """
    board = state.scenario.board
    texts = board.hex_text
    cities = _encode([[texts[h], owner] for h, owner in sorted(state.city_owner.items())])
    # Each event's text by the event's id: the players' reports hold the very same Event objects
    # as the true events (all but the battles, which each report redacts), so each is encoded
    # once. The events stay alive while this runs, so their ids cannot be reused meanwhile.
    events = _Events(event_to_mapping)
    # Keys in sorted order, as json.dumps(sort_keys=True) writes them.
    return "".join((
        '{"agreements":', _encode([agreement_to_mapping(a) for a in state.agreements]),
        ',"cities":', cities,
        ',"events":', events.list_text(state.events),
        ',"fingerprint":', _quoted(state.scenario.fingerprint),
        ',"players":[', ",".join([_player(p, board, events) for p in state.players]),
        '],"proposals":', _encode([proposal_to_mapping(p) for p in state.proposals]),
        ',"scenario":', _quoted(state.scenario.name),
        ',"seed":', str(state.seed),
        ',"turn":', str(state.turn),
        ',"units":[', ",".join([_unit(u, texts) for u in state.units.values()]),
        '],"version":', str(state.version),
        "}",
    ))


def _float(value: float) -> str:
    # json writes a finite float with float.__repr__ (an int as an int; NaN and infinities by name).
    if value.__class__ is float and value - value == 0:
        return float.__repr__(value)
    return _encode(value)


def _unit(u: Unit, texts: HexTexts) -> str:
    # unit_to_mapping: at, entrenched, id, kind, owner, strength.
    return (f'{{"at":"{texts[u.at]}","entrenched":{_BOOL[u.entrenched]},"id":{_quoted(u.id)},'
            f'"kind":{_quoted(u.kind)},"owner":{u.owner},"strength":{u.strength}}}')


def _sighting(s: Sighting, texts: HexTexts) -> str:
    # sighting_to_mapping(s, 0): age (0 - seen_turn), at, entrenched, looks, owner, reliability, strength.
    return (f'{{"age":{-s.seen_turn},"at":"{texts[s.at]}","entrenched":{_BOOL[s.entrenched]},'
            f'"looks":{_quoted(s.looks)},"owner":{s.owner},"reliability":{_float(s.reliability)},'
            f'"strength":[{s.strength_low},{s.strength_high}]}}')


def _visible(hexes: Iterable[Hex], board: Board) -> str:
    # sorted(format_hex(h) for h in hexes), written as a JSON list (a hex's text needs no escaping).
    # Sorting the hexes' places in that order (small ints) is quicker than sorting their texts.
    place, texts = _text_order(board)
    try:
        found = [texts[i] for i in sorted(map(place.__getitem__, hexes))]
    except KeyError:  # a hex off the map (a state made by hand)
        found = sorted(map(board.hex_text.__getitem__, hexes))
    return '["' + '","'.join(found) + '"]' if found else "[]"


def _text_order(board: Board) -> tuple[dict[Hex, int], tuple[str, ...]]:
    # The map's hexes in the order of their texts: each hex's place, and the texts in order.
    found = board.cache.get(("canonical-text-order",))
    if found is None:
        in_order = sorted(board.hex_text.items(), key=lambda pair: pair[1])
        place = {h: i for i, (h, _) in enumerate(in_order)}
        found = board.cache[("canonical-text-order",)] = (place, tuple(text for _, text in in_order))
    return found  # type: ignore[return-value]


class _Events:
    __slots__ = ("to_mapping", "texts")

    def __init__(self, event_to_mapping: Callable[[Event], dict[str, Any]]) -> None:
        self.to_mapping = event_to_mapping
        self.texts: dict[int, str] = {}

    def list_text(self, events: tuple[Event, ...]) -> str:
        texts = self.texts
        parts = []
        for e in events:
            text = texts.get(id(e))
            if text is None:
                text = texts[id(e)] = _encode_one(self.to_mapping(e))
            parts.append(text)
        return "[" + ",".join(parts) + "]"


def _player(p: Player, board: Board, events: _Events) -> str:
    # player_to_mapping: aim, budget, development, eliminated, id, intel_stock, knowledge
    # (report, sightings, visible), name, next_serial, treasury.
    k = p.knowledge
    texts = board.hex_text
    return "".join((
        '{"aim":', _quoted(p.aim),
        ',"budget":', _quoted(str(p.budget)),
        ',"development":', str(p.development),
        ',"eliminated":', _BOOL[p.eliminated],
        ',"id":', str(p.id),
        ',"intel_stock":', str(p.intel_stock),
        ',"knowledge":{"report":', events.list_text(k.report),
        ',"sightings":[', ",".join([_sighting(s, texts) for s in k.sightings]),
        '],"visible":', _visible(k.visible, board),
        '},"name":', _quoted(p.name),
        ',"next_serial":', str(p.next_serial),
        ',"treasury":', str(p.treasury),
        "}",
    ))

