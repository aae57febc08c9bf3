"""Every bot: plays legal orders through whole matches, deterministically, from its view alone."""

from __future__ import annotations

import ast
import dataclasses
import random
from pathlib import Path

import pytest

from game.bots import bot_names, make_bot
from game.bots.character import CHARACTERS, with_difficulty
from game.bots.personality import TurnIntent
from game.rules.legal import LegalOrders
from game.rules.state import GameState, Player
from game.rules.views import PlayerView
from game.selfplay import play_match

BOTS = Path(__file__).resolve().parents[2] / "game" / "bots"
# What would let a bot reach the true state (or another seat's view) instead of its own view.
FORBIDDEN_IMPORTS = {"game.rules.setup", "game.rules.observation", "game.selfplay", "gc", "inspect", "ctypes"}
FORBIDDEN_NAMES = {"view_for", "omniscient_view", "spectator_view", "new_game", "_getframe", "get_referrers"}


def test_every_personality_is_registered_at_every_difficulty() -> None:
    names = set(bot_names())
    for character in CHARACTERS:
        assert {character, f"{character}-easy", f"{character}-hard"} <= names
    assert {"random", "basic"} <= names


@pytest.mark.parametrize("name", bot_names())
def test_bot_plays_a_duel_legally_and_deterministically(duel, name: str) -> None:
    # play_match checks every order with check_orders: an illegal one raises.
    first = play_match(duel, 3, [make_bot(name), make_bot("security")], max_turns=8)
    again = play_match(duel, 3, [make_bot(name), make_bot("security")], max_turns=8)
    assert first.final_state is not None and again.final_state is not None
    assert first.final_state.state_hash() == again.final_state.state_hash()


def test_the_personalities_play_a_whole_four_player_match(standard) -> None:
    bots = [make_bot(n) for n in ("revisionist", "fearful", "reciprocator-hard", "dove-easy")]
    record = play_match(standard, 2, bots)
    assert record.final_state is not None and record.final_state.is_over


def _reachable_types(value: object, seen: set[int]) -> set[type]:
    if id(value) in seen or isinstance(value, (int, float, str, bool, bytes, type(None))):
        return set()
    seen.add(id(value))
    found = {type(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        children = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, dict):
        children = list(value.keys()) + list(value.values())
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    else:
        children = []
    for child in children:
        found |= _reachable_types(child, seen)
    return found


class _Inspecting:
    """Wraps a bot and checks everything it is handed."""

    def __init__(self, bot) -> None:  # type: ignore[no-untyped-def]
        self.bot = bot
        self.name = bot.name
        self.calls = 0

    def decide(self, view, legal, rng):  # type: ignore[no-untyped-def]
        assert type(view) is PlayerView and type(legal) is LegalOrders and type(rng) is random.Random
        reachable = _reachable_types(view, set()) | _reachable_types(legal, set())
        assert GameState not in reachable and Player not in reachable
        self.calls += 1
        return self.bot.decide(view, legal, rng)


def test_bots_are_handed_only_their_view_legal_orders_and_rng(duel) -> None:
    bots = [_Inspecting(make_bot("fearful")), _Inspecting(make_bot("random"))]
    play_match(duel, 4, bots, max_turns=3)  # type: ignore[arg-type]
    assert all(b.calls == 3 for b in bots)


def test_bot_modules_cannot_reach_the_true_state() -> None:
    problems = []
    for path in sorted(BOTS.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {node.module or ""} | {f"{node.module}.{a.name}" for a in node.names}
                if any(a.name in FORBIDDEN_NAMES for a in node.names):
                    problems.append(f"{path.name} imports {[a.name for a in node.names]}")
            elif isinstance(node, (ast.Name, ast.Attribute)):
                word = node.id if isinstance(node, ast.Name) else node.attr
                if word in FORBIDDEN_NAMES:
                    problems.append(f"{path.name}:{node.lineno} uses {word}")
                continue
            else:
                continue
            problems += [f"{path.name} imports {n}" for n in names if n in FORBIDDEN_IMPORTS]
    assert not problems, "\n".join(problems)


def test_a_personality_records_its_intent_and_read_of_each_rival(standard) -> None:
    bot = make_bot("security")
    records: list[TurnIntent] = []
    bots = [bot] + [make_bot("revisionist") for _ in range(3)]
    play_match(standard, 6, bots, max_turns=6, on_turn=lambda _s, _t: records.append(bot.last_record))
    assert [r.turn for r in records] == list(range(1, 7))
    for record in records:
        assert set(record.reads) == {1, 2, 3}
        assert record.intent
        assert 0 <= record.military <= 100
        for read in record.reads.values():
            assert 0 <= read.p_revisionist <= 1 and 0 <= read.p_attack <= 1


def test_doves_sign_pacts_with_each_other(duel) -> None:
    record = play_match(duel, 1, [make_bot("dove"), make_bot("dove")], max_turns=4)
    kinds = {e.agreement_kind for t in record.turns for e in t.events if e.kind == "agreed"}
    assert "non_aggression" in kinds


def test_difficulty_changes_judgement_only() -> None:
    normal = CHARACTERS["fearful"]
    easy, hard = with_difficulty(normal, "easy"), with_difficulty(normal, "hard")
    assert easy.prior_weight > normal.prior_weight > hard.prior_weight
    assert easy.lens == normal.lens == hard.lens
    with pytest.raises(ValueError, match="difficulty"):
        with_difficulty(normal, "impossible")
