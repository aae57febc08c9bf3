"""The help's rules in brief quote numbers from the rules: they must be the numbers in assets/."""

from __future__ import annotations

import re

from game.assets import load_ruleset
from game.client.screens.help import RULES_HTML


def test_the_help_quotes_the_rules_numbers():
    rules = load_ruleset()
    for kind, unit in rules.units.items():
        assert f"{kind} {unit.attack}/{unit.defence}" in RULES_HTML, kind
    assert f"x{rules.combat.entrenched_defence:g} but cannot move" in RULES_HTML
    assert f"plus 1 for every {rules.economy.development_per_income} development" in RULES_HTML
    assert f"development / {rules.scoring.development_per_point}" in RULES_HTML
    assert f"gets {rules.scoring.home_city_points} for each of its home" in RULES_HTML
    assert f"{rules.scoring.buffer_city_points} for each rival home city" in RULES_HTML
    assert f"gets {rules.scoring.captured_city_points} for each city it holds" in RULES_HTML
    assert not re.search(r"<b>[^<]*$", RULES_HTML)  # every bold span is closed
