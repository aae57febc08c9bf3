"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit --games 80`` (regularised logistic
regression, the prior's log-odds as a fixed offset) on bot matches whose seeds
are disjoint from those the benchmark scores. These are model parameters, not
rules: the engine never reads them.
"""

REVISIONIST_WEIGHTS: dict[str, float] = {
    "first_strikes": 0.556,
    "attacks_on_me": 0.000,
    "attacks_on_others": 0.000,
    "meetings": -0.528,
    "captures_from_players": 0.000,
    "captures_neutral": 1.123,
    "pact_violations": 0.000,
    "other_violations": 0.000,
    "inspection_refused": 0.168,
    "inspection_in_force": -0.104,
    "pact_in_force": 0.411,
    "peace_offers": 0.376,
    "left_agreements": 2.560,
    "mole_military": 0.127,
    "mole_offense": 1.171,
    "invasions": 0.105,
    "forward": 0.939,
    "signature": 1.796,
    "buildup": 0.000,
    "fortifications": -1.697,
    "quiet": -0.631,
}

ATTACK_INTERCEPT = -3.454
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.293,
    "recent_attack": 1.940,
    "near_units": 2.765,
    "near_offense": -0.533,
    "pact_in_force": -1.231,
}
