"""Plain-language lines for the turn report, the agreements and the seats (no pygame here).

``describe(event, me, names)`` turns one event of a seat's report into a sentence a newcomer
can read ("Your infantry a5 attacked at 6,4: it lost 5 strength; Dunmore's defender lost 1-2");
``agreement_text`` and ``proposal_text`` do the same for the diplomacy panel. Names come from
the scenario; ``me`` is the reader's seat, so its own doings read as "you".
"""

from __future__ import annotations

from typing import Any, Mapping

from game.rules import PlayerView
from game.rules.hexgrid import Hex, format_hex
from game.rules.orders import Answer, Build, Leave, Move, Order, Propose, SetBudget, SetPosture
from game.rules.state import Agreement, Event, Proposal

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
    d = event.details
    where = f" at {format_hex(event.at)}" if event.at is not None else ""
    kind = event.kind
    if kind == "built":
        return f"{a('new ' + str(d.get('kind'))).capitalize()} ({d.get('unit')}) is ready{where}."
    if kind == "build-failed":
        return f"Could not build {d.get('kind')}{where}: {d.get('reason')}."
    if kind == "stopped":
        return stopped_sentence(d, where)
    if kind == "battle":
        parts = []
        for unit in d.get("units", ()):
            lost = unit.get("before", 0) - unit.get("after", 0)
            fate = "destroyed" if unit.get("after", 1) <= 0 else f"lost {lost}, {unit.get('after')} left"
            parts.append(f"your {unit.get('kind', 'unit')} {unit.get('unit', '')} ({unit.get('role')}) {fate}")
        for side in d.get("rivals", ()):
            low, high = side.get("losses", (0, 0))
            lost = f"{low}" if low == high else f"{low}-{high}"
            text = f"{whose(side.get('owner'), me, names)} {side.get('units')} {side.get('role')}(s) lost about {lost}"
            if side.get("destroyed"):
                text += f", {side['destroyed']} destroyed"
            parts.append(text)
        return f"Battle{where}: " + ("; ".join(parts) or "seen from afar") + "."
    if kind == "captured":
        before = "neutral" if d.get("from") is None else whose(d.get("from"), me, names)
        return f"{who(d.get('by'), me, names).capitalize()} took {before} city {d.get('city')}{where}."
    if kind == "eliminated":
        return f"{who(d.get('player'), me, names).capitalize()} {'are' if d.get('player') == me else 'is'} out of the match."
    if kind == "income":
        return (f"Income {d.get('income')}: {d.get('military')} to the treasury (now {d.get('treasury')}, "
                f"{d.get('spent')} spent on builds), {d.get('development')} to development, "
                f"{d.get('intelligence')} to intelligence.")
    if kind == "mole":
        rival = who(d.get("rival"), me, names)
        if "budget" in d:
            return f"A mole reports {rival}'s budget split as about {d['budget']} (military/development/intel)."
        builds = d.get("builds") or []
        return f"A mole reports {rival} built: {', '.join(map(str, builds)) or 'nothing'}."
    if kind in ("proposed", "agreed", "rejected", "expired"):
        what = agreement_name(str(d.get("kind")), d.get("cap"))
        by, to = who(d.get("from"), me, names), who(d.get("to"), me, names)
        if kind == "proposed":
            return f"{by.capitalize()} proposed {a(what)} to {to}."
        if kind == "agreed":
            return f"The {what} between {by} and {to} is in force."
        if kind == "rejected":
            return f"The {what} {by} proposed to {to} was rejected."
        return f"The {what} {by} proposed to {to} expired ({d.get('reason', 'no answer')})."
    if kind == "left":
        return f"{who(d.get('by'), me, names).capitalize()} left the {agreement_name(str(d.get('kind')))}."
    if kind == "violation":
        breaker = who(d.get("by"), me, names)
        return f"{breaker.capitalize()} broke the {agreement_name(str(d.get('kind')))}: {_players_named(str(d.get('what')), me, names)}."
    if kind == "game-over":
        return f"The match is over after {d.get('turns_played')} turns."
    rest = ", ".join(f"{k} {v}" for k, v in d.items())
    return f"{kind}{where}: {rest}" if rest else f"{kind}{where}"


def _players_named(text: str, me: int, names: Mapping[int, str]) -> str:
    # The rules word violations with seat numbers ("player 0 attacked player 1"): use names.
    for player in sorted(set(names) | {me}, reverse=True):
        text = text.replace(f"player {player}", who(player, me, names))
    return text


def importance(event: Event) -> int:
    """Sort key: battles, captures and broken agreements first; income last."""
    order = {"battle": 0, "captured": 0, "eliminated": 0, "violation": 1, "left": 1, "mole": 2, "agreed": 2,
             "proposed": 3, "rejected": 3, "expired": 3, "built": 4, "build-failed": 4, "stopped": 4, "income": 6}
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
    if isinstance(order, Leave):
        agreement = next((x for x in view.agreements if x.id == order.agreement), None)
        return f"Leave the {agreement_text(agreement, view.player, names)}" if agreement is not None else \
            f"Leave agreement {order.agreement}"
    return str(order)


def stopped_sentence(details: Mapping[str, Any], where: str) -> str:
    """Why a unit stopped short, and where: what was in the way, on which hex (RULES.md section 5)."""
    unit, reason = details.get("unit"), details.get("reason")
    into = details.get("into")
    by = details.get("by")
    target = f" {into}" if into else " the next hex"
    if reason == "blocked":
        blocker = f"your own {by} in the way" if by else "a unit standing there"
        why = f"blocked entering{target} by {blocker}"
    elif reason == "bounced":
        why = f"it bounced off a rival's unit moving into{target} at the same time (neither attacked)"
    elif reason == "contested":
        why = f"a battle closed{target} for the rest of the turn"
    else:
        why = str(reason)
    return f"Your unit {unit} was stopped{where}: {why}."
