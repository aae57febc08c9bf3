"""Agreements: proposals, answers, leaving, and compliance checks.

Nothing enforces an agreement. The server only records it and checks, each
turn, whether the parties kept it; a violation becomes an event that both
parties see. Agreements made, answered or left in a turn take effect at its
end, so an attack in the same turn as leaving still breaks the pact.

* ``non_aggression``: neither party attacks the other's units or cities;
* ``arms_cap``: each party keeps at most ``cap`` units in the border zone between them;
* ``demilitarised``: neither party has a unit on any of the named hexes;
* ``inspection``: each sees the other's true unit types in the border zone.
"""

from __future__ import annotations

from typing import TypedDict

from game.rules.hexgrid import format_hex
from game.rules.territory import border_zone
from game.rules.events import Agreed, Event, Expired, Left, Proposed, Rejected, Violation
from game.rules.state import Agreement, GameState, PlayerId, Proposal, Unit
from game.rules.validation import PlayerOrders


def violations(
    state: GameState, units: dict[str, Unit], aggressions: set[tuple[PlayerId, PlayerId]], turn: int
) -> list[Event]:
    """Violations of the agreements in force during this turn.

    ``aggressions`` holds (attacker, victim) pairs: attacks on units and captures of cities.
    """
    events: list[Event] = []
    for agreement in state.agreements:
        a, b = agreement.parties
        breakers: list[tuple[PlayerId, str]] = []
        if agreement.kind == "non_aggression":
            for attacker, victim in sorted(aggressions):
                if {attacker, victim} == {a, b}:
                    breakers.append((attacker, f"player {attacker} attacked player {victim}"))
        elif agreement.kind == "arms_cap":
            zone = border_zone(state, a, b)
            for party in (a, b):
                count = sum(1 for u in units.values() if u.owner == party and u.at in zone)
                if count > (agreement.cap or 0):
                    breakers.append((party, f"player {party} has {count} units in the border zone (cap {agreement.cap})"))
        elif agreement.kind == "demilitarised":
            for party in (a, b):
                inside = sorted(u.at for u in units.values() if u.owner == party and u.at in agreement.hexes)
                if inside:
                    where = " ".join(format_hex(h) for h in inside)
                    breakers.append((party, f"player {party} has units in the demilitarised zone at {where}"))
        for breaker, what in breakers:
            events.append(Violation(turn=turn, agreement=agreement.id, agreement_kind=agreement.kind, by=breaker,
                                    what=what, audience=frozenset(agreement.parties)))
    return events


def settle(
    state: GameState, orders: dict[PlayerId, PlayerOrders], eliminated: set[PlayerId], turn: int
) -> tuple[tuple[Proposal, ...], tuple[Agreement, ...], list[Event]]:
    """Apply this turn's leaves, answers and new proposals; expire old proposals."""
    events: list[Event] = []
    lifetime = state.scenario.ruleset.agreements.proposal_lifetime
    leaving = {(p, leave.agreement) for p, o in orders.items() for leave in o.leaves}
    agreements = []
    for agreement in state.agreements:
        quitter = next((p for p in agreement.parties if (p, agreement.id) in leaving), None)
        gone = [p for p in agreement.parties if p in eliminated]
        if quitter is not None or gone:
            events.append(Left(turn=turn, agreement=agreement.id, agreement_kind=agreement.kind,
                               by=quitter if quitter is not None else gone[0], audience=frozenset(agreement.parties)))
        else:
            agreements.append(agreement)
    answers = {answer.proposal: answer.is_accepted for p, o in orders.items() for answer in o.answers}
    proposals = []
    for proposal in state.proposals:
        parties = frozenset((proposal.proposer, proposal.target))
        if proposal.proposer in eliminated or proposal.target in eliminated:
            continue
        if proposal.id in answers:
            duplicate = proposal.kind in ("non_aggression", "inspection") and any(
                a.kind == proposal.kind and set(a.parties) == parties for a in agreements)
            if answers[proposal.id] and duplicate:
                # Both sides proposed the same pact and both accepted: it is made once.
                events.append(Expired(**_about(proposal, turn), reason="already agreed"))
            elif answers[proposal.id]:
                agreements.append(Agreement(proposal.id, proposal.kind, (proposal.proposer, proposal.target), turn,
                                            proposal.cap, proposal.hexes))
                events.append(Agreed(**_about(proposal, turn)))
            else:
                events.append(Rejected(**_about(proposal, turn)))
        elif turn - proposal.made_turn >= lifetime:
            events.append(Expired(**_about(proposal, turn)))
        else:
            proposals.append(proposal)
    for player, player_orders in sorted(orders.items()):
        if player in eliminated:
            continue
        per_target: dict[PlayerId, int] = {}
        for propose in player_orders.proposals:
            if propose.target in eliminated:
                continue
            # The id counts only proposals to the same target: it must not tell the
            # target how many proposals went to others.
            index = per_target[propose.target] = per_target.get(propose.target, -1) + 1
            pid = f"{turn}.{player}.{propose.target}.{index}"
            proposal = Proposal(pid, propose.kind, player, propose.target, turn, propose.cap, propose.hexes)
            proposals.append(proposal)
            events.append(Proposed(turn=turn, proposal=pid, agreement_kind=propose.kind, proposer=player,
                                   target=propose.target, cap=propose.cap, hexes=propose.hexes,
                                   audience=frozenset((player, propose.target))))
    return tuple(proposals), tuple(agreements), events


class _ProposalFields(TypedDict):
    turn: int
    proposal: str
    agreement_kind: str
    proposer: PlayerId
    target: PlayerId
    audience: frozenset[PlayerId]


def _about(proposal: Proposal, turn: int) -> _ProposalFields:
    """The fields every event about ``proposal`` carries (told to both parties)."""
    return _ProposalFields(turn=turn, proposal=proposal.id, agreement_kind=proposal.kind, proposer=proposal.proposer,
                           target=proposal.target, audience=frozenset((proposal.proposer, proposal.target)))
