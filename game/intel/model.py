"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit`` (regularised logistic
regression, the prior's log-odds as a fixed offset) on bot matches whose seeds
are disjoint from those the benchmark scores. These are model parameters, not
rules: the engine never reads them.
"""

REVISIONIST_WEIGHTS: dict[str, float] = {
    "first_strikes": 0.659,
    "attacks_on_me": 0.000,
    "attacks_on_others": 0.856,
    "meetings": -0.574,
    "captures_from_players": 0.000,
    "captures_neutral": 0.569,
    "pact_violations": 0.722,
    "other_violations": 0.000,
    "inspection_refused": 0.407,
    "inspection_in_force": -0.122,
    "pact_in_force": 0.513,
    "peace_offers": 0.539,
    "left_agreements": 3.215,
    "mole_military": 2.474,
    "mole_offense": 0.707,
    "signature": 0.000,
    "buildup": 0.474,
    "fortifications": -2.792,
    "quiet": -0.635,
}

ATTACK_INTERCEPT = -3.420
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.301,
    "recent_attack": 2.047,
    "near_units": 2.558,
    "near_offense": -0.524,
    "pact_in_force": -1.250,
}
