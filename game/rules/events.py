"""What a resolution reports: one frozen type an event kind, read by attribute.

Every event has the turn it happened in, the hex it happened at (or None) and
its *audience*: who may learn of it (None: everyone). The state keeps the true
events of the last resolution; each player's report holds its own copies, in
which a battle is redacted (its own units exact, each rival side summed up as
``RivalSide``).

The wire form (``Event.to_mapping``) is ``{"kind", "turn", "at", "details"}``
with the kind's fields under ``details``, by the names listed in docs/RULES.md
§11; ``event_from_mapping`` is its checked inverse. Fields whose wire names are
Python words or clash with ``kind`` are renamed here: ``from``/``to`` are
``proposer``/``target`` (``taken_from`` for a capture), a unit or agreement
``kind`` is ``unit_kind`` or ``agreement_kind``, a battle's ``type`` is ``form``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, ClassVar, Mapping

from game.rules.budget import Budget
from game.rules.hexgrid import Hex, format_hex, parse_hex

PlayerId = int
UnitId = str

BATTLE_ROLES = ("attacker", "defender", "meeting")
BATTLE_FORMS = ("assault", "meeting")


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something that happened during a resolution (the common part of every kind)."""

    kind: ClassVar[str] = ""
    turn: int
    at: Hex | None = None
    audience: frozenset[PlayerId] | None = None

    def is_seen_by(self, player: PlayerId) -> bool:
        return self.audience is None or player in self.audience

    def told_to(self, audience: frozenset[PlayerId] | None) -> Event:
        """The same event with another audience."""
        return replace(self, audience=audience)

    def details(self) -> dict[str, Any]:
        """The kind's own fields in their wire form."""
        raise NotImplementedError

    def to_mapping(self) -> dict[str, Any]:
        result: dict[str, Any] = {"kind": self.kind, "turn": self.turn,
                                  "at": format_hex(self.at) if self.at else None, "details": self.details()}
        if self.audience is not None:
            result["audience"] = sorted(self.audience)
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class Built(Event):
    kind: ClassVar[str] = "built"
    unit: UnitId
    unit_kind: str

    def details(self) -> dict[str, Any]:
        return {"unit": self.unit, "kind": self.unit_kind}


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildFailed(Event):
    kind: ClassVar[str] = "build-failed"
    unit_kind: str
    reason: str  # "cannot afford" or "no room"

    def details(self) -> dict[str, Any]:
        return {"kind": self.unit_kind, "reason": self.reason}


@dataclass(frozen=True, slots=True, kw_only=True)
class Stopped(Event):
    kind: ClassVar[str] = "stopped"
    unit: UnitId
    reason: str  # "blocked", "bounced" or "contested"
    into: Hex | None = None  # the hex it could not enter
    by: UnitId = ""  # its owner's unit in the way there ("": a rival's, or none)

    def details(self) -> dict[str, Any]:
        details: dict[str, Any] = {"unit": self.unit, "reason": self.reason}
        if self.into is not None:
            details["into"] = format_hex(self.into)
            details["by"] = self.by
        return details


@dataclass(frozen=True, slots=True)
class BattleUnit:
    """One unit in a battle, exact: in the true event, or in its owner's copy."""

    unit: UnitId
    owner: PlayerId
    kind: str
    role: str  # one of BATTLE_ROLES
    before: int
    after: int  # 0 if destroyed

    @property
    def loss(self) -> int:
        return self.before - self.after

    @property
    def is_destroyed(self) -> bool:
        return self.after <= 0

    def to_mapping(self) -> dict[str, Any]:
        return {"unit": self.unit, "owner": self.owner, "kind": self.kind, "role": self.role,
                "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class RivalSide:
    """A rival's units of one role in a battle, as a player's report sums them up."""

    owner: PlayerId
    role: str  # one of BATTLE_ROLES
    units: int
    losses: tuple[int, int]  # an honest range around the true total loss
    destroyed: int

    def to_mapping(self) -> dict[str, Any]:
        return {"owner": self.owner, "role": self.role, "units": self.units, "losses": list(self.losses),
                "destroyed": self.destroyed}


@dataclass(frozen=True, slots=True, kw_only=True)
class Battle(Event):
    """A battle. The true event lists every unit; a player's copy lists its own and sums up the rivals'."""

    kind: ClassVar[str] = "battle"
    form: str  # one of BATTLE_FORMS
    units: tuple[BattleUnit, ...]
    rivals: tuple[RivalSide, ...] = ()

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(u.role for u in self.units)

    def details(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": self.form, "units": [u.to_mapping() for u in self.units]}
        if self.rivals:
            result["rivals"] = [r.to_mapping() for r in self.rivals]
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class Captured(Event):
    kind: ClassVar[str] = "captured"
    city: str  # its name
    taken_from: PlayerId | None  # None: it was neutral
    by: PlayerId

    def details(self) -> dict[str, Any]:
        return {"city": self.city, "from": self.taken_from, "by": self.by}


@dataclass(frozen=True, slots=True, kw_only=True)
class Eliminated(Event):
    kind: ClassVar[str] = "eliminated"
    player: PlayerId

    def details(self) -> dict[str, Any]:
        return {"player": self.player}


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation(Event):
    kind: ClassVar[str] = "violation"
    agreement: str
    agreement_kind: str
    by: PlayerId
    what: str  # in words, players named by seat ("player 0 attacked player 1")

    def details(self) -> dict[str, Any]:
        return {"agreement": self.agreement, "kind": self.agreement_kind, "by": self.by, "what": self.what}


@dataclass(frozen=True, slots=True, kw_only=True)
class Left(Event):
    kind: ClassVar[str] = "left"
    agreement: str
    agreement_kind: str
    by: PlayerId  # who left it (or was eliminated)

    def details(self) -> dict[str, Any]:
        return {"agreement": self.agreement, "kind": self.agreement_kind, "by": self.by}


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposalEvent(Event):
    """The common part of what happens to a proposal: proposed, agreed, rejected, expired."""

    proposal: str
    agreement_kind: str
    proposer: PlayerId
    target: PlayerId

    def details(self) -> dict[str, Any]:
        return {"proposal": self.proposal, "kind": self.agreement_kind, "from": self.proposer, "to": self.target}


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposed(ProposalEvent):
    kind: ClassVar[str] = "proposed"
    cap: int | None = None
    hexes: tuple[Hex, ...] = ()

    def details(self) -> dict[str, Any]:
        result = ProposalEvent.details(self)
        if self.cap is not None:
            result["cap"] = self.cap
        if self.hexes:
            result["hexes"] = [format_hex(h) for h in self.hexes]
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreed(ProposalEvent):
    kind: ClassVar[str] = "agreed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected(ProposalEvent):
    kind: ClassVar[str] = "rejected"


@dataclass(frozen=True, slots=True, kw_only=True)
class Expired(ProposalEvent):
    kind: ClassVar[str] = "expired"
    reason: str | None = None  # None: no answer in time

    def details(self) -> dict[str, Any]:
        result = ProposalEvent.details(self)
        if self.reason is not None:
            result["reason"] = self.reason
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class Income(Event):
    kind: ClassVar[str] = "income"
    income: int
    military: int
    development: int
    intelligence: int
    spent: int  # on this turn's builds
    treasury: int  # after building and earning

    def details(self) -> dict[str, Any]:
        return {"income": self.income, "military": self.military, "development": self.development,
                "intelligence": self.intelligence, "spent": self.spent, "treasury": self.treasury}


@dataclass(frozen=True, slots=True, kw_only=True)
class MoleReport(Event):
    """A leak about a rival: its budget split (noisy, so it need not sum to 100) or what it built."""

    kind: ClassVar[str] = "mole"
    rival: PlayerId
    budget: Budget | None = None
    builds: tuple[str, ...] | None = None  # unit kinds, sorted

    def details(self) -> dict[str, Any]:
        result: dict[str, Any] = {"rival": self.rival}
        if self.budget is not None:
            result["budget"] = str(self.budget)
        if self.builds is not None:
            result["builds"] = list(self.builds)
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class Caught(Event):
    """An inspecting partner caught a unit concealed from the inspection (RULES §10.5); told to both."""

    kind: ClassVar[str] = "caught"
    agreement: str  # the inspection's id
    by: PlayerId  # who concealed the unit
    inspector: PlayerId  # who caught it
    unit_kind: str  # its true type, which the inspector now sees

    def details(self) -> dict[str, Any]:
        return {"agreement": self.agreement, "by": self.by, "inspector": self.inspector, "kind": self.unit_kind}


@dataclass(frozen=True, slots=True, kw_only=True)
class Inject(Event):
    """News a teacher sent into the match (RULES §11.5), worded for each reader; it changes nothing else.

    The true event carries the wording for onlookers; the seat it is ``subject`` of and the
    neighbour named with it (``other``) each get their own wording (``worded``).
    """

    kind: ClassVar[str] = "inject"
    name: str  # the inject kind (assets/injects.toml)
    category: str  # "incident" or "rumour"
    subject: PlayerId
    other: PlayerId
    title: str
    text: str

    def worded(self, text: str) -> Inject:
        return replace(self, text=text)

    def details(self) -> dict[str, Any]:
        return {"inject": self.name, "category": self.category, "about": self.subject, "other": self.other,
                "title": self.title, "text": self.text}


@dataclass(frozen=True, slots=True, kw_only=True)
class GameOver(Event):
    kind: ClassVar[str] = "game-over"
    turns_played: int

    def details(self) -> dict[str, Any]:
        return {"turns_played": self.turns_played}


EVENT_TYPES: tuple[type[Event], ...] = (Built, BuildFailed, Stopped, Battle, Captured, Eliminated, Violation, Left,
                                        Proposed, Agreed, Rejected, Expired, Income, MoleReport, Caught, Inject, GameOver)
EVENT_KINDS: tuple[str, ...] = tuple(t.kind for t in EVENT_TYPES)


# -- the checked inverse of to_mapping ------------------------------------------------------------

def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r:.40}")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r:.40}")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"expected a list, got {value!r:.40}")
    return list(value)


def _map(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a map, got {value!r:.40}")
    return value


def _one_of(value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"expected one of {', '.join(allowed)}, got {value!r:.40}")
    return str(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _battle_unit(data: Any) -> BattleUnit:
    d = _map(data)
    return BattleUnit(_str(d["unit"]), _int(d["owner"]), _str(d["kind"]), _one_of(d["role"], BATTLE_ROLES),
                      _int(d["before"]), _int(d["after"]))


def _rival_side(data: Any) -> RivalSide:
    d = _map(data)
    losses = _list(d["losses"])
    if len(losses) != 2:
        raise ValueError(f"expected losses as [low, high], got {losses!r:.40}")
    return RivalSide(_int(d["owner"]), _one_of(d["role"], BATTLE_ROLES), _int(d["units"]),
                     (_int(losses[0]), _int(losses[1])), _int(d["destroyed"]))


def _proposal_fields(d: Mapping[str, Any]) -> dict[str, Any]:
    return {"proposal": _str(d["proposal"]), "agreement_kind": _str(d["kind"]), "proposer": _int(d["from"]),
            "target": _int(d["to"])}


_READERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "built": lambda d: {"unit": _str(d["unit"]), "unit_kind": _str(d["kind"])},
    "build-failed": lambda d: {"unit_kind": _str(d["kind"]), "reason": _str(d["reason"])},
    "stopped": lambda d: {"unit": _str(d["unit"]), "reason": _str(d["reason"]),
                          "into": parse_hex(_str(d["into"])) if d.get("into") is not None else None,
                          "by": _str(d.get("by", ""))},
    "battle": lambda d: {"form": _one_of(d["type"], BATTLE_FORMS),
                         "units": tuple(_battle_unit(u) for u in _list(d["units"])),
                         "rivals": tuple(_rival_side(r) for r in _list(d.get("rivals", [])))},
    "captured": lambda d: {"city": _str(d["city"]), "taken_from": _optional_int(d["from"]), "by": _int(d["by"])},
    "eliminated": lambda d: {"player": _int(d["player"])},
    "violation": lambda d: {"agreement": _str(d["agreement"]), "agreement_kind": _str(d["kind"]),
                            "by": _int(d["by"]), "what": _str(d["what"])},
    "left": lambda d: {"agreement": _str(d["agreement"]), "agreement_kind": _str(d["kind"]), "by": _int(d["by"])},
    "proposed": lambda d: {**_proposal_fields(d), "cap": _optional_int(d.get("cap")),
                           "hexes": tuple(parse_hex(_str(h)) for h in _list(d.get("hexes", [])))},
    "agreed": _proposal_fields,
    "rejected": _proposal_fields,
    "expired": lambda d: {**_proposal_fields(d), "reason": None if d.get("reason") is None else _str(d["reason"])},
    "income": lambda d: {name: _int(d[name]) for name in
                         ("income", "military", "development", "intelligence", "spent", "treasury")},
    "mole": lambda d: {"rival": _int(d["rival"]),
                       "budget": None if d.get("budget") is None else Budget.parse(_str(d["budget"])),
                       "builds": None if d.get("builds") is None else tuple(_str(k) for k in _list(d["builds"]))},
    "caught": lambda d: {"agreement": _str(d["agreement"]), "by": _int(d["by"]), "inspector": _int(d["inspector"]),
                         "unit_kind": _str(d["kind"])},
    "inject": lambda d: {"name": _str(d["inject"]), "category": _str(d["category"]), "subject": _int(d["about"]),
                         "other": _int(d["other"]), "title": _str(d["title"]), "text": _str(d["text"])},
    "game-over": lambda d: {"turns_played": _int(d["turns_played"])},
}
_TYPES: dict[str, type[Event]] = {t.kind: t for t in EVENT_TYPES}


def event_from_mapping(data: Any) -> Event:
    """The event that ``Event.to_mapping`` (or a seat's copy, without the audience) made ``data`` from.

    Raises:
        ValueError: if ``data`` is not an event's wire form (an unknown kind, a missing or mistyped field).
    """
    try:
        d = _map(data)
        kind = _one_of(d["kind"], EVENT_KINDS)
        at = d.get("at")
        audience = d.get("audience")
        fields = _READERS[kind](_map(d.get("details") or {}))
        return _TYPES[kind](turn=_int(d["turn"]), at=None if at is None else parse_hex(_str(at)),
                            audience=None if audience is None else frozenset(_int(p) for p in _list(audience)),
                            **fields)
    except KeyError as missing:
        raise ValueError(f"an event without its {missing} field") from None
    except TypeError as error:
        raise ValueError(f"a malformed event: {error}") from None
