"""Injects: scenario events a teacher sends into a running match (docs/RULES.md §11.5).

An inject is news, not force: ``inject(state, kind, about)`` adds one ``Inject`` event to the
state's events and to every player's report, each player's copy worded for that player, and
changes nothing else (no unit, purse, agreement, turn or version: orders already given stay
good). Its wording is built only from public facts — the seats' names, the border zone between
two seats (which city ownership decides) and the nearest city's name — so a copy tells no player
anything hidden. A rumour in particular says nothing about the truth: the teacher chose it, and
it may be false.

Which seat an inject is about (when the teacher names none), which neighbour shares the border
and which border hex are keyed draws (``inject, turn, index, ...``; the index counts this turn's
injects), so the same records replay to the same state on any machine.

The kinds are data (assets/injects.toml), parsed by ``parse_inject_kinds``; an ``InjectKind``
also travels in the server's log record, so a replay needs no asset file.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, Mapping

from game.rules import randomness
from game.rules.errors import RulesError
from game.rules.events import Inject
from game.rules.fields import Problems, field, unknown_keys
from game.rules.hexgrid import distance, format_hex
from game.rules.state import GameState, Knowledge, Player, PlayerId
from game.rules.territory import border_zone

INJECT_CATEGORIES = ("incident", "rumour")
PLACEHOLDERS = frozenset({"subject", "other", "near", "hex"})
_TEXTS = ("text", "subject_text", "other_text")
MAX_TEXT = 400


@dataclass(frozen=True, slots=True)
class InjectKind:
    """One kind of inject: its title and its wording for the seat it is about, the neighbour named
    with it, and everyone else. Texts may name ``{subject}``, ``{other}``, ``{near}`` (the city
    nearest the border hex) and ``{hex}``."""

    name: str
    category: str  # one of INJECT_CATEGORIES
    title: str
    text: str  # told to every other seat (and spectators)
    subject_text: str  # told to the seat it is about
    other_text: str  # told to the neighbour it names

    def to_mapping(self) -> dict[str, Any]:
        return {"name": self.name, "category": self.category, "title": self.title, "text": self.text,
                "subject_text": self.subject_text, "other_text": self.other_text}

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "inject",
                     problems: Problems | None = None) -> InjectKind:
        """A kind from its mapping (``to_mapping``'s, or a table of assets/injects.toml with its name).

        Raises:
            AssetError: every problem found, each with its key (unless ``problems`` collects them).
        """
        own = problems is None
        problems = problems or Problems()
        if not isinstance(data, Mapping):
            problems.add(where, f"expected a table, got {data!r:.40}")
            data = {}
        unknown_keys(problems, data, {"name", "category", "title", *_TEXTS}, where)
        name = field(problems, data, "name", str, where)
        category = field(problems, data, "category", str, where)
        if category and category not in INJECT_CATEGORIES:
            problems.add(f"{where}.category", f"expected one of {', '.join(INJECT_CATEGORIES)}, got {category!r}")
        title = field(problems, data, "title", str, where)
        texts = {}
        for key in _TEXTS:
            text = texts[key] = field(problems, data, key, str, where)
            if not text.strip() and key in data:
                problems.add(f"{where}.{key}", "empty")
            if len(text) > MAX_TEXT:
                problems.add(f"{where}.{key}", f"longer than {MAX_TEXT} characters")
            try:
                named = {part[1] for part in string.Formatter().parse(text) if part[1] is not None}
            except ValueError as error:
                problems.add(f"{where}.{key}", f"a broken placeholder ({error})")
                continue
            for placeholder in sorted(named - PLACEHOLDERS):
                problems.add(f"{where}.{key}", f"unknown placeholder {{{placeholder}}} (known: "
                                                f"{', '.join(sorted(PLACEHOLDERS))})")
        if own:
            problems.raise_if_any()
        return cls(name, category, title, texts["text"], texts["subject_text"], texts["other_text"])


def parse_inject_kinds(data: Mapping[str, Any], *, where: str = "injects.toml") -> dict[str, InjectKind]:
    """The kinds of an injects file, by name: each top-level table is one kind, named by its key.

    Raises:
        AssetError: every problem in the file at once, each with its key.
    """
    problems = Problems()
    kinds = {}
    for name, table in data.items():
        entry = dict(table) if isinstance(table, Mapping) else table
        if isinstance(entry, dict):
            entry["name"] = name
        kinds[name] = InjectKind.from_mapping(entry, where=f"{where}.{name}", problems=problems)
    if not kinds:
        problems.add(where, "no inject kinds")
    problems.raise_if_any()
    return kinds


def inject(state: GameState, kind: InjectKind, about: PlayerId | None = None) -> GameState:
    """The state with one inject told to every player (``about``: the seat it is about; None: drawn).

    Raises:
        RulesError: (code ``game-over``) if the match is over; (code ``bad-inject``) if ``about`` is
            not a seat still in, or it shares a border with no other seat still in.
    """
    if state.is_over:
        raise RulesError("the match is over", code="game-over")
    alive = [p.id for p in state.players if not p.eliminated]
    index = sum(1 for e in state.events if isinstance(e, Inject) and e.turn == state.turn)
    key = ("inject", state.turn, index)
    if about is None:
        bordered = [p for p in alive if _neighbours(state, p, alive)]
        if not bordered:
            raise RulesError("no two seats still in share a border", code="bad-inject")
        subject = bordered[randomness.below(state.seed, len(bordered), *key, "about")]
    elif about not in alive:
        raise RulesError(f"seat {about} is not a seat still in the match", code="bad-inject")
    else:
        subject = about
    neighbours = _neighbours(state, subject, alive)
    if not neighbours:
        raise RulesError(f"{state.players[subject].name} shares a border with no seat still in", code="bad-inject")
    other = neighbours[randomness.below(state.seed, len(neighbours), *key, "other")]
    zone = sorted(border_zone(state, subject, other))
    at = zone[randomness.below(state.seed, len(zone), *key, "hex")]
    words = {"subject": state.players[subject].name, "other": state.players[other].name,
             "near": _nearest_city(state, at), "hex": format_hex(at)}
    true = Inject(turn=state.turn, at=at, name=kind.name, category=kind.category, subject=subject, other=other,
                  title=kind.title, text=kind.text.format(**words))
    told = {subject: true.worded(kind.subject_text.format(**words)),
            other: true.worded(kind.other_text.format(**words))}
    players = []
    for player in state.players:
        k = player.knowledge
        copy = told.get(player.id, true)
        players.append(Player(player.id, player.name, player.aim, player.treasury, player.development,
                              player.intel_stock, player.budget, player.next_serial, player.eliminated,
                              Knowledge(k.visible, k.sightings, (*k.report, copy))))
    return GameState(state.scenario, state.turn, state.version, state.seed, tuple(players), state.city_owner,
                     state.units, state.proposals, state.agreements, (*state.events, true))


def _neighbours(state: GameState, seat: PlayerId, alive: list[PlayerId]) -> list[PlayerId]:
    return [p for p in alive if p != seat and border_zone(state, seat, p)]


def _nearest_city(state: GameState, at: tuple[int, int]) -> str:
    names = {c.at: c.name for c in state.scenario.map.cities}
    nearest = sorted(state.scenario.board.nearest_cities.get(at, ()))
    if nearest:
        return names[nearest[0]]
    # Beyond every city's territory radius: the nearest city by distance, ties by hex.
    return names[min(names, key=lambda c: (distance(c, at), c))]
