"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit`` (regularised logistic
regression, the prior's log-odds as a fixed offset) on bot matches whose seeds
are disjoint from those the benchmark scores. These are model parameters, not
rules: the engine never reads them.
"""

REVISIONIST_WEIGHTS: dict[str, float] = {
    "first_strikes": 0.580,
    "attacks_on_me": 0.000,
    "attacks_on_others": 0.573,
    "meetings": -0.737,
    "captures_from_players": 0.000,
    "captures_neutral": 0.000,
    "pact_violations": 0.255,
    "other_violations": 0.000,
    "inspection_refused": 0.148,
    "inspection_in_force": -0.051,
    "pact_in_force": 0.439,
    "peace_offers": 0.751,
    "left_agreements": 2.567,
    "mole_military": 0.669,
    "mole_offense": 0.793,
    "signature": 0.555,
    "buildup": 0.384,
    "fortifications": -2.050,
    "quiet": -0.794,
}

ATTACK_INTERCEPT = -3.426
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.245,
    "recent_attack": 2.033,
    "near_units": 2.506,
    "near_offense": -0.419,
    "pact_in_force": -1.208,
}
