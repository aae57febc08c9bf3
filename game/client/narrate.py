"""Plain-language lines for the turn report, the agreements and the seats (no pygame here).

``describe(event, me, names)`` turns one event of a seat's report into a sentence a newcomer
can read ("Your infantry a5 attacked at 6,4: it lost 5 strength; Dunmore's defender lost 1-2");
``agreement_text`` and ``proposal_text`` do the same for the diplomacy panel. Names come from
the scenario; ``me`` is the reader's seat, so its own doings read as "you".
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from game.rules import PlayerView
from game.rules.hexgrid import Hex, format_hex
from game.rules.orders import Answer, Build, Conceal, Leave, Move, Order, Propose, SetBudget, SetPosture
from game.rules.events import (
    Agreed,
    Battle,
    BuildFailed,
    Built,
    Captured,
    Caught,
    Eliminated,
    Event,
    Expired,
    GameOver,
    Income,
    Inject,
    Left,
    MoleReport,
    ProposalEvent,
    Proposed,
    Rejected,
    Stopped,
    Violation,
)
from game.rules.state import Agreement, Proposal

AGREEMENT_NAMES = {
    "non_aggression": "non-aggression pact",
    "arms_cap": "arms cap",
    "demilitarised": "demilitarised zone",
    "inspection": "inspection agreement",
}

AGREEMENT_HELP = {
    "non_aggression": "neither side attacks the other's units or cities",
    "arms_cap": "each side keeps at most N units in the border zone between you",
    "demilitarised": "neither side puts a unit on the named hexes",
    "inspection": "each side sees the other's true unit types near the common border",
}


def who(player: Any, me: int, names: Mapping[int, str]) -> str:
    if player is None:
        return "nobody"
    if player == me:
        return "you"
    return names.get(int(player), f"player {player}")


def whose(player: Any, me: int, names: Mapping[int, str]) -> str:
    return "your" if player == me else f"{who(player, me, names)}'s"


def agreement_name(kind: str, cap: int | None = None) -> str:
    name = AGREEMENT_NAMES.get(kind, kind.replace("_", " "))
    return f"{name} ({cap} units)" if kind == "arms_cap" and cap is not None else name


def a(noun: str) -> str:
    """``noun`` with its indefinite article."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def agreement_text(agreement: Agreement, me: int, names: Mapping[int, str]) -> str:
    other = next((p for p in agreement.parties if p != me), agreement.parties[0])
    text = f"{agreement_name(agreement.kind, agreement.cap)} with {who(other, me, names)}, since turn {agreement.since_turn}"
    if agreement.hexes:
        text += ": " + " ".join(format_hex(h) for h in agreement.hexes)
    return text


def proposal_text(proposal: Proposal, me: int, names: Mapping[int, str]) -> str:
    what = agreement_name(proposal.kind, proposal.cap)
    if proposal.hexes:
        what += " on " + " ".join(format_hex(h) for h in proposal.hexes)
    if proposal.proposer == me:
        return f"you proposed {a(what)} to {who(proposal.target, me, names)} (turn {proposal.made_turn})"
    return f"{who(proposal.proposer, me, names)} proposes {a(what)} (turn {proposal.made_turn})"


def describe(event: Event, me: int, names: Mapping[int, str]) -> str:
    """One report event as a sentence."""
    where = f" at {format_hex(event.at)}" if event.at is not None else ""
    return _TELLERS[type(event)](event, me, names, where)


def _built(e: Built, me: int, names: Mapping[int, str], where: str) -> str:
    return f"{a('new ' + e.unit_kind).capitalize()} ({e.unit}) is ready{where}."


def _build_failed(e: BuildFailed, me: int, names: Mapping[int, str], where: str) -> str:
    return f"Could not build {e.unit_kind}{where}: {e.reason}."


def _stopped(e: Stopped, me: int, names: Mapping[int, str], where: str) -> str:
    """Why a unit stopped short, and where: what was in the way, on which hex (RULES.md section 5)."""
    target = f" {format_hex(e.into)}" if e.into is not None else " the next hex"
    if e.reason == "blocked":
        blocker = f"your own {e.by} in the way" if e.by else "a unit standing there"
        why = f"blocked entering{target} by {blocker}"
    elif e.reason == "bounced":
        why = f"it bounced off a rival's unit moving into{target} at the same time (neither attacked)"
    elif e.reason == "contested":
        why = f"a battle closed{target} for the rest of the turn"
    else:
        why = e.reason
    return f"Your unit {e.unit} was stopped{where}: {why}."


def _battle(e: Battle, me: int, names: Mapping[int, str], where: str) -> str:
    parts = []
    for unit in e.units:
        fate = "destroyed" if unit.is_destroyed else f"lost {unit.loss}, {unit.after} left"
        parts.append(f"your {unit.kind} {unit.unit} ({unit.role}) {fate}")
    for side in e.rivals:
        low, high = side.losses
        lost = f"{low}" if low == high else f"{low}-{high}"
        text = f"{whose(side.owner, me, names)} {side.units} {side.role}(s) lost about {lost}"
        if side.destroyed:
            text += f", {side.destroyed} destroyed"
        parts.append(text)
    return f"Battle{where}: " + ("; ".join(parts) or "seen from afar") + "."


def _captured(e: Captured, me: int, names: Mapping[int, str], where: str) -> str:
    before = "neutral" if e.taken_from is None else whose(e.taken_from, me, names)
    return f"{who(e.by, me, names).capitalize()} took {before} city {e.city}{where}."


def _eliminated(e: Eliminated, me: int, names: Mapping[int, str], where: str) -> str:
    return f"{who(e.player, me, names).capitalize()} {'are' if e.player == me else 'is'} out of the match."


def _income(e: Income, me: int, names: Mapping[int, str], where: str) -> str:
    return (f"Income {e.income}: {e.military} to the treasury (now {e.treasury}, "
            f"{e.spent} spent on builds), {e.development} to development, "
            f"{e.intelligence} to intelligence.")


def _mole(e: MoleReport, me: int, names: Mapping[int, str], where: str) -> str:
    rival = who(e.rival, me, names)
    if e.budget is not None:
        return f"A mole reports {rival}'s budget split as about {e.budget} (military/development/intel)."
    return f"A mole reports {rival} built: {', '.join(e.builds or ()) or 'nothing'}."


def _proposal(e: ProposalEvent, me: int, names: Mapping[int, str], where: str) -> str:
    what = agreement_name(e.agreement_kind, e.cap if isinstance(e, Proposed) else None)
    by, to = who(e.proposer, me, names), who(e.target, me, names)
    if isinstance(e, Proposed):
        return f"{by.capitalize()} proposed {a(what)} to {to}."
    if isinstance(e, Agreed):
        return f"The {what} between {by} and {to} is in force."
    if isinstance(e, Rejected):
        return f"The {what} {by} proposed to {to} was rejected."
    reason = e.reason if isinstance(e, Expired) and e.reason is not None else "no answer"
    return f"The {what} {by} proposed to {to} expired ({reason})."


def _left(e: Left, me: int, names: Mapping[int, str], where: str) -> str:
    return f"{who(e.by, me, names).capitalize()} left the {agreement_name(e.agreement_kind)}."


def _violation(e: Violation, me: int, names: Mapping[int, str], where: str) -> str:
    breaker = who(e.by, me, names)
    return f"{breaker.capitalize()} broke the {agreement_name(e.agreement_kind)}: {_players_named(e.what, me, names)}."


def _caught(e: Caught, me: int, names: Mapping[int, str], where: str) -> str:
    inspector, concealer = who(e.inspector, me, names), who(e.by, me, names)
    place = f" at {format_hex(e.at)}" if e.at is not None else ""
    return (f"{inspector.capitalize()} caught {concealer} hiding {a(e.unit_kind)}{place} from the inspection: "
            f"the disguise was a lie.")


def _inject(e: Inject, me: int, names: Mapping[int, str], where: str) -> str:
    # Worded for this seat by the rules (RULES §11.5); a rumour may be false.
    return f"{e.title}: {e.text}"


def _game_over(e: GameOver, me: int, names: Mapping[int, str], where: str) -> str:
    return f"The match is over after {e.turns_played} turns."


_TELLERS: dict[type[Event], Callable[[Any, int, Mapping[int, str], str], str]] = {
    Built: _built, BuildFailed: _build_failed, Stopped: _stopped, Battle: _battle, Captured: _captured,
    Eliminated: _eliminated, Income: _income, MoleReport: _mole, Proposed: _proposal, Agreed: _proposal,
    Rejected: _proposal, Expired: _proposal, Left: _left, Violation: _violation, GameOver: _game_over,
    Caught: _caught, Inject: _inject,
}


def _players_named(text: str, me: int, names: Mapping[int, str]) -> str:
    # The rules word violations with seat numbers ("player 0 attacked player 1"): use names.
    for player in sorted(set(names) | {me}, reverse=True):
        text = text.replace(f"player {player}", who(player, me, names))
    return text


def importance(event: Event) -> int:
    """Sort key: a teacher's news, battles, captures and broken agreements first; income last."""
    order = {"inject": 0, "battle": 0, "captured": 0, "eliminated": 0, "violation": 1, "caught": 1, "left": 1,
             "mole": 2, "agreed": 2, "proposed": 3, "rejected": 3, "expired": 3, "built": 4, "build-failed": 4,
             "stopped": 4, "income": 6}
    return order.get(event.kind, 5)


def order_sentence(order: Order, view: PlayerView) -> str:
    """One drafted order in words, for the order summary ("a1 (infantry) attacks 4,5")."""
    names = {r.id: r.name for r in view.rivals}
    units = view.unit_by_id

    def unit(uid: str) -> str:
        found = units.get(uid)
        return f"{uid} ({found.kind})" if found is not None else uid

    def place(h: Hex) -> str:
        city = view.scenario.board.cities.get(h)
        return f"{city.name} ({format_hex(h)})" if city is not None else format_hex(h)

    if isinstance(order, SetBudget):
        b = order.budget
        return f"Budget: {b.military}% military, {b.development}% development, {b.intelligence}% intelligence"
    if isinstance(order, Build):
        cost = view.scenario.ruleset.units[order.kind].cost if order.kind in view.scenario.ruleset.units else "?"
        return f"Build {a(order.kind)} at {place(order.at)} (cost {cost})"
    if isinstance(order, Move):
        return f"{unit(order.unit)} {'attacks' if order.is_attack else 'moves to'} {place(order.to)}"
    if isinstance(order, SetPosture):
        return f"{unit(order.unit)} {'entrenches' if order.entrenched else 'leaves its works (mobile)'}"
    if isinstance(order, Propose):
        what = agreement_name(order.kind, order.cap)
        if order.hexes:
            what += " on " + " ".join(format_hex(h) for h in order.hexes)
        return f"Propose {a(what)} to {who(order.target, view.player, names)}"
    if isinstance(order, Answer):
        proposal = next((p for p in view.proposals if p.id == order.proposal), None)
        what = (f"{who(proposal.proposer, view.player, names)}'s {agreement_name(proposal.kind, proposal.cap)}"
                if proposal is not None else f"proposal {order.proposal}")
        return f"{'Accept' if order.is_accepted else 'Reject'} {what}"
    if isinstance(order, Conceal):
        cost = view.scenario.ruleset.agreements.concealment_cost
        return f"Conceal {unit(order.unit)} from inspections (cost {cost}, may be caught)"
    if isinstance(order, Leave):
        agreement = next((x for x in view.agreements if x.id == order.agreement), None)
        return f"Leave the {agreement_text(agreement, view.player, names)}" if agreement is not None else \
            f"Leave agreement {order.agreement}"
    return str(order)


def alerts(report: tuple[Event, ...] | list[Event], me: int, names: Mapping[int, str]) -> list[tuple[str, Hex | None]]:
    """What must not be missed at the start of a turn, with where it happened: a city lost or taken,
    an attack on the player's units, an agreement broken (by anyone), a player out, a teacher's inject."""
    found: list[tuple[str, Hex | None]] = []
    for event in report:
        if isinstance(event, Captured) and me in (event.taken_from, event.by):
            if event.by == me:
                found.append((f"You took {event.city}.", event.at))
            else:
                found.append((f"You lost {event.city} to {who(event.by, me, names)}.", event.at))
        elif isinstance(event, Battle) and any(u.role == "defender" for u in event.units):
            attackers = sorted({side.owner for side in event.rivals if side.role == "attacker"})
            by = ", ".join(who(owner, me, names) for owner in attackers) or "a rival"
            where = f" at {format_hex(event.at)}" if event.at is not None else ""
            lost = [u for u in event.units if u.role == "defender"]
            fate = "; ".join(f"{u.kind} {u.unit} " + ("destroyed" if u.is_destroyed else f"lost {u.loss}")
                             for u in lost)
            found.append((f"{by.capitalize()} attacked you{where}: {fate}.", event.at))
        elif isinstance(event, Violation):
            found.append((_violation(event, me, names, ""), event.at))
        elif isinstance(event, Caught):
            found.append((_caught(event, me, names, ""), event.at))
        elif isinstance(event, Eliminated):
            found.append((_eliminated(event, me, names, ""), event.at))
        elif isinstance(event, Inject):
            found.append((_inject(event, me, names, ""), event.at))
    return found
