"""Rules section 6: combat (docs/RULES.md)."""

from game.rules.combat import attack_power, defence_power
from game.rules.state import Unit
from tests.rules.builders import events_of, hx, make_scenario, start, turn

A, B = 0, 1
HILLS = """
. . . . . . .
 . . . h . . .
. . . . . . .
"""


def unit(kind, at, owner=1, strength=10, entrenched=False):
    return Unit("b1" if owner else "a1", owner, kind, at, strength, entrenched)


def test_6_1_terrain_cities_and_entrenchment_multiply_defence():
    plain = make_scenario()
    hills = make_scenario(HILLS)
    infantry = unit("infantry", (3, 1))
    rules = plain.ruleset
    assert defence_power(hills, infantry, (3, 1)) == defence_power(plain, infantry, (3, 1)) * rules.terrain["hills"].defence
    dug_in = unit("infantry", (3, 1), entrenched=True)
    assert defence_power(plain, dug_in, (3, 1)) == defence_power(plain, infantry, (3, 1)) * rules.combat.entrenched_defence
    city = hx(6, 1)
    in_city = defence_power(plain, unit("infantry", city), city)
    assert in_city == defence_power(plain, infantry, (3, 1)) * rules.combat.city_defence


def test_6_2_rivers_weaken_attacks_across_them_unless_bridged():
    river = make_scenario(rivers=["2,1|3,1"])
    bridged = make_scenario(rivers=["2,1|3,1"], roads=[["2,1", "3,1"]])
    armor = Unit("a1", 0, "armor", (2, 1), 10)
    base = attack_power(make_scenario(), armor, (2, 1), (3, 1))
    assert attack_power(river, armor, (2, 1), (3, 1)) == base * river.ruleset.combat.river_attack
    assert attack_power(bridged, armor, (2, 1), (3, 1)) == base


def test_6_3_each_worlds_technology_reaches_combat():
    # The same armor against the same infantry, dug in on a city: the era's numbers, not a
    # multiplier on the knob, decide the odds (assets/technology.toml).
    city = hx(6, 1)
    armor = Unit("a1", 0, "armor", hx(5, 1), 10)
    infantry = unit("infantry", city, entrenched=True)
    ratio = {}
    for era in ("offence", "balanced", "defence"):
        scenario = make_scenario(technology=era)
        rules = scenario.ruleset
        assert rules.technology == era
        attack = attack_power(scenario, armor, hx(5, 1), city)
        defence = defence_power(scenario, infantry, city)
        assert attack == rules.units["armor"].attack
        assert defence == rules.units["infantry"].defence * rules.combat.city_defence * rules.combat.entrenched_defence
        ratio[era] = attack / defence
    assert ratio["offence"] > 1.5 * ratio["balanced"] > 1.5 * 1.5 * ratio["defence"]


def test_6_3_the_knob_label_is_not_read_by_combat():
    armor = Unit("a1", 0, "armor", (2, 1), 10)
    infantry = unit("infantry", (3, 1))
    for label in (-1.0, 1.0):
        labelled = make_scenario(offense_defense=label)
        assert attack_power(labelled, armor, (2, 1), (3, 1)) == attack_power(make_scenario(), armor, (2, 1), (3, 1))
        assert defence_power(labelled, infantry, (3, 1)) == defence_power(make_scenario(), infantry, (3, 1))


def test_6_3_each_jervis_world_fights_with_its_era():
    from game.assets import load_scenario

    eras = {"doubly-dangerous": "offence", "aggression-possible": "offence", "compatible-security": "defence",
            "doubly-safe": "defence", "duel": "balanced", "world": "balanced"}
    for name, era in eras.items():
        scenario = load_scenario(name)
        assert scenario.ruleset.technology == era
        # The label agrees with the era: negative where attack is cheap, positive where defence is.
        assert (scenario.offense_defense < 0) == (era == "offence")
        assert (scenario.offense_defense > 0) == (era == "defence")


def test_6_4_damage_depends_on_the_force_ratio():
    # The same assault on plains and on hills: the hill defender loses less and deals more.
    losses = {}
    for name, grid in (("plains", None), ("hills", HILLS)):
        scenario = make_scenario(grid) if grid else make_scenario()
        state = start(scenario, [("a1", "armor", hx(2, 1)), ("b1", "infantry", hx(3, 1))])
        [battle] = events_of(turn(state, {A: "attack a1 to 3,1"}), "battle")
        units = {u.unit: u for u in battle.units}
        losses[name] = (units["b1"].loss, units["a1"].loss)
    assert losses["hills"][0] <= losses["plains"][0]
    assert losses["hills"][1] >= losses["plains"][1]


def test_6_5_destroying_the_defender_lets_the_strongest_attacker_advance():
    scenario = make_scenario(offense_defense=-1.0)
    state = start(scenario, [("a1", "armor", hx(2, 1)), ("a2", "armor", hx(3, 0)), ("b1", "recon", hx(3, 1))],
                  b1={"strength": 1})
    result = turn(state, {A: "attack a1 to 3,1; attack a2 to 3,1"})
    assert "b1" not in result.state.units
    assert result.state.unit_at[(3, 1)].owner == A
    [battle] = events_of(result, "battle")
    assert {u.unit for u in battle.units if u.role == "attacker"} == {"a1", "a2"}


def test_6_6_units_that_did_not_fight_heal_at_home_and_entrenching_takes_a_turn():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1))], a1={"strength": 5})
    after = turn(state, {A: "posture a1 entrenched"}).state
    assert after.units["a1"].strength == 5 + state.scenario.ruleset.combat.heal_per_turn
    assert after.units["a1"].entrenched


def test_6_7_combat_is_deterministic_for_a_seed_and_varies_with_it():
    outcomes = set()
    for seed in range(8):
        state = start(make_scenario(), [("a1", "armor", hx(2, 1)), ("b1", "infantry", hx(3, 1))], seed=seed)
        first = turn(state, {A: "attack a1 to 3,1"}).state.state_hash()
        again = turn(state, {A: "attack a1 to 3,1"}).state.state_hash()
        assert first == again
        outcomes.add(first)
    assert len(outcomes) > 1
