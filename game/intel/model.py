"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit`` (regularised logistic
regression, the prior's log-odds as a fixed offset) on bot matches whose seeds
are disjoint from those the benchmark scores. These are model parameters, not
rules: the engine never reads them.
"""

REVISIONIST_WEIGHTS: dict[str, float] = {
    "attacks_on_me": 0.276,
    "attacks_on_others": 0.539,
    "meetings": -0.991,
    "captures_from_players": 0.000,
    "captures_neutral": 1.817,
    "pact_violations": 0.181,
    "other_violations": 0.000,
    "inspection_refused": 0.382,
    "inspection_in_force": -0.199,
    "pact_in_force": 0.864,
    "peace_offers": 0.421,
    "left_agreements": 3.484,
    "mole_military": 2.564,
    "mole_offense": 0.338,
    "signature": 0.922,
    "buildup": 1.772,
    "fortifications": -5.162,
    "quiet": -0.605,
}

ATTACK_INTERCEPT = -4.121
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.311,
    "recent_attack": 1.961,
    "near_units": 2.836,
    "near_offense": -0.423,
    "pact_in_force": -1.326,
}
