"""What the menus say about a scenario and the bots: its knobs in plain words, its seats, the
bots' characters and the default mix of opponents."""

from __future__ import annotations

import html

from game.rules import Scenario

# The bots' characters in a few words (a bot not listed here is shown by its name alone).
BOT_WORDS = {
    "security": "defensive realist: arms against the threats it sees, keeps to its borders",
    "revisionist": "offensive realist: builds strength and strikes when it pays",
    "fearful": "worst-case thinker: reads every rival by its most dangerous guess",
    "reciprocator": "tit for tat on arms: answers arming with arming, restraint with restraint",
    "dove": "hopes for the best; signals restraint with forts and inspections",
    "basic": "plain rule-based play of its secret aim",
    "planner": "looks ahead by sampling what it cannot see (strong, slower)",
    "cooperate": "never arms or fights: the all-cooperate benchmark",
    "random": "random legal orders",
}
# The default opponents: a mix of characters, so that a first match shows how they differ.
DEFAULT_MIX = ("reciprocator", "security", "fearful", "revisionist", "dove", "basic", "security-hard",
               "reciprocator-hard")
MAX_SEED = 2**63 - 1


def bot_words(name: str) -> str:
    base, _, level = name.partition("-")
    words = BOT_WORDS.get(name) or BOT_WORDS.get(base, "")
    return f"{words} ({level})" if words and level else words


def default_bots(players: int, names: tuple[str, ...]) -> list[str]:
    """A bot per seat (the player's seat's entry is not used): the default mix, from the bots known."""
    known = [name for name in DEFAULT_MIX if name in names] or list(names[:1]) or ["basic"]
    return [known[(i - 1) % len(known)] for i in range(players)]  # seat 0, the player's by default, skipped


def balance_words(scenario: Scenario) -> str:
    """The offence-defence balance in plain words: the scenario's technology era and what it does to a battle."""
    rules = scenario.ruleset
    armor, infantry = rules.units["armor"], rules.units["infantry"]
    numbers = (f"armor attacks at {armor.attack} and moves {armor.move}; infantry defends at {infantry.defence}, "
               f"x{rules.combat.entrenched_defence:g} dug in, x{rules.combat.city_defence:g} in a city")
    if rules.technology == "offence" or (rules.technology != "defence" and scenario.offense_defense < 0):
        return (f"Attack is favoured ({numbers}). Taking ground is cheap and striking first pays, so any "
                f"army near you is a threat and waiting is dangerous.")
    if rules.technology == "defence" or scenario.offense_defense > 0:
        return (f"Defence is favoured ({numbers}). Holding ground is cheap, so a state can be safe "
                f"without threatening its neighbours.")
    return (f"Neither is favoured ({numbers}): terrain decides (mountains, forests, rivers and cities help "
            "the defender; plains and roads the attacker).")


def distinguishability_words(scenario: Scenario) -> str:
    """The distinguishability knob in plain words: can offensive forces be told from defensive ones."""
    value = scenario.distinguishability
    base = scenario.ruleset.signatures.base_reliability
    reliability = base + (1 - base) * value
    seen = f"a unit seen up close in the open shows its true type {reliability:.0%} of the time"
    if value >= 0.7:
        return (f"Offensive forces can be told from defensive ones ({seen}): a rival's build-up shows "
                f"what it is for.")
    if value <= 0.3:
        return (f"Offensive and defensive forces look alike ({seen}, less at a distance or in cover): "
                f"a rival's defence can look like an attack in preparation.")
    return f"Forces can be told apart only partly ({seen}, less at a distance or in cover)."


def scenario_html(scenario: Scenario) -> str:
    """What the picker and the host screen show about a scenario."""
    escape = html.escape
    low, high = scenario.revisionists
    aims = (f"{low} to {high} of the {scenario.players} states are secretly revisionist; the others seek only "
            f"security. Nobody knows the others' aims.")
    return (f"<b>{escape(scenario.title)}</b><br>"
            f"{scenario.players} players, {scenario.turns} turns, map {escape(scenario.map.name)} "
            f"({len(scenario.map.tiles)} hexes)<br><br>"
            f"<b>Attack or defence?</b> {escape(balance_words(scenario))}<br><br>"
            f"<b>Can forces be told apart?</b> {escape(distinguishability_words(scenario))}<br><br>"
            f"{escape(scenario.description)} {escape(aims)}")


def seat_label(scenario: Scenario, seat: int) -> str:
    names = scenario.player_names
    return f"{names[seat] if seat < len(names) else 'player'} (seat {seat})"
