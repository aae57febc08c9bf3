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

from game.rules.events import Built, Income, Stopped
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
    events = _Events(event_to_mapping, texts)
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
        ',"units":[', _units(state.units.values(), board),
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


def _units(units: Iterable[Unit], board: Board) -> str:
    # The units' texts joined. A unit that neither moved nor changed this turn is the very same
    # object as last turn (resolve copies the dict, not the units): its text is kept (see _kept).
    known = _kept(board, "canonical-units")
    texts = board.hex_text
    parts = []
    for u in units:
        found = known.get(id(u))
        if found is None or found[0] is not u:
            if len(known) >= _TEXTS_KEPT:
                known.clear()
            found = known[id(u)] = (u, _unit(u, texts))
        parts.append(found[1])
    return ",".join(parts)


def _sightings(sightings: Iterable[Sighting], board: Board) -> str:
    # The sightings' texts joined; a ghost is the very sighting object of an earlier turn (see _units).
    known = _kept(board, "canonical-sightings")
    texts = board.hex_text
    parts = []
    for s in sightings:
        found = known.get(id(s))
        if found is None or found[0] is not s:
            if len(known) >= _TEXTS_KEPT:
                known.clear()
            found = known[id(s)] = (s, _sighting(s, texts))
        parts.append(found[1])
    return ",".join(parts)


_TEXTS_KEPT = 4096


def _kept(board: Board, tag: str) -> dict[int, tuple[Any, str]]:
    # Texts of immutable records kept by the record's id, each with the record itself, so that
    # the id cannot be reused by another object while its text is kept (dropped all at once when full).
    found = board.cache.get((tag,))
    if found is None:
        found = board.cache[(tag,)] = {}
    return found  # type: ignore[return-value]


def _sighting(s: Sighting, texts: HexTexts) -> str:
    # sighting_to_mapping(s, 0): age (0 - seen_turn), at, entrenched, looks, owner, reliability, strength.
    return (f'{{"age":{-s.seen_turn},"at":"{texts[s.at]}","entrenched":{_BOOL[s.entrenched]},'
            f'"looks":{_quoted(s.looks)},"owner":{s.owner},"reliability":{_float(s.reliability)},'
            f'"strength":[{s.strength_low},{s.strength_high}]}}')


def _visible(hexes: frozenset[Hex], board: Board) -> str:
    # sorted(format_hex(h) for h in hexes), written as a JSON list (a hex's text needs no escaping).
    # A player whose eyes stayed put sees the same hexes as last turn: the text is kept per set
    # of hexes (equal sets, equal texts), for the last few hundred sets.
    if hexes.__class__ is not frozenset:  # a state made by hand
        return _visible_text(hexes, board)
    known = _visible_texts(board)
    text = known.get(hexes)
    if text is None:
        if len(known) >= _VISIBLE_TEXTS_KEPT:
            known.clear()
        text = known[hexes] = _visible_text(hexes, board)
    return text


def _visible_text(hexes: Iterable[Hex], board: Board) -> str:
    # Sorting the hexes' places in text order (small ints) is quicker than sorting their texts.
    place, texts = _text_order(board)
    try:
        found = list(map(texts.__getitem__, sorted(map(place.__getitem__, hexes))))
    except KeyError:  # a hex off the map
        found = sorted(map(board.hex_text.__getitem__, hexes))
    return '["' + '","'.join(found) + '"]' if found else "[]"


_VISIBLE_TEXTS_KEPT = 256


def _visible_texts(board: Board) -> dict[frozenset[Hex], str]:
    found = board.cache.get(("canonical-visible",))
    if found is None:
        found = board.cache[("canonical-visible",)] = {}
    return found  # type: ignore[return-value]


def _text_order(board: Board) -> tuple[dict[Hex, int], tuple[str, ...]]:
    # The map's hexes in the order of their texts: each hex's place, and the texts in order.
    found = board.cache.get(("canonical-text-order",))
    if found is None:
        in_order = sorted(board.hex_text.items(), key=lambda pair: pair[1])
        place = {h: i for i, (h, _) in enumerate(in_order)}
        found = board.cache[("canonical-text-order",)] = (place, tuple(text for _, text in in_order))
    return found  # type: ignore[return-value]


class _Events:
    __slots__ = ("to_mapping", "texts", "hex_texts")

    def __init__(self, event_to_mapping: Callable[[Event], dict[str, Any]], hex_texts: HexTexts) -> None:
        self.to_mapping = event_to_mapping
        self.texts: dict[int, str] = {}
        self.hex_texts = hex_texts

    def list_text(self, events: tuple[Event, ...]) -> str:
        texts = self.texts
        parts = []
        for e in events:
            text = texts.get(id(e))
            if text is None:
                written = _WRITTEN.get(e.__class__)
                text = texts[id(e)] = (_encode_one(self.to_mapping(e)) if written is None
                                       else written(e, self.hex_texts))
            parts.append(text)
        return "[" + ",".join(parts) + "]"


# The commonest events (a random match's turn has a dozen or more stopped units, a build or
# two and an income per player), written from templates as ``to_mapping`` + the encoder
# would write them: keys sorted, "audience" only when not None, "at" null when there is none.

def _event_head(e: Event, texts: HexTexts) -> str:
    # '{"at":…,' and the audience, up to "details".
    at = "null" if e.at is None else f'"{texts[e.at]}"'
    if e.audience is None:
        return '{"at":' + at + ',"details":'
    return '{"at":' + at + ',"audience":[' + ",".join(map(str, sorted(e.audience))) + '],"details":'


def _stopped(e: Stopped, texts: HexTexts) -> str:
    # details: by and into (only with into), reason, unit.
    into = "" if e.into is None else f'"by":{_quoted(e.by)},"into":"{texts[e.into]}",'
    return (f'{_event_head(e, texts)}{{{into}"reason":{_quoted(e.reason)},"unit":{_quoted(e.unit)}}},'
            f'"kind":"stopped","turn":{e.turn}}}')


def _built(e: Built, texts: HexTexts) -> str:
    return (f'{_event_head(e, texts)}{{"kind":{_quoted(e.unit_kind)},"unit":{_quoted(e.unit)}}},'
            f'"kind":"built","turn":{e.turn}}}')


def _income(e: Income, texts: HexTexts) -> str:
    return (f'{_event_head(e, texts)}{{"development":{e.development},"income":{e.income},'
            f'"intelligence":{e.intelligence},"military":{e.military},"spent":{e.spent},"treasury":{e.treasury}}},'
            f'"kind":"income","turn":{e.turn}}}')


_WRITTEN: dict[type, Callable[..., str]] = {Stopped: _stopped, Built: _built, Income: _income}


def _player(p: Player, board: Board, events: _Events) -> str:
    # player_to_mapping: aim, budget, development, eliminated, id, intel_stock, knowledge
    # (report, sightings, visible), name, next_serial, treasury.
    k = p.knowledge
    return "".join((
        '{"aim":', _quoted(p.aim),
        ',"budget":', _quoted(str(p.budget)),
        ',"development":', str(p.development),
        ',"eliminated":', _BOOL[p.eliminated],
        ',"id":', str(p.id),
        ',"intel_stock":', str(p.intel_stock),
        ',"knowledge":{"report":', events.list_text(k.report),
        ',"sightings":[', _sightings(k.sightings, board),
        '],"visible":', _visible(k.visible, board),
        '},"name":', _quoted(p.name),
        ',"next_serial":', str(p.next_serial),
        ',"treasury":', str(p.treasury),
        "}",
    ))

