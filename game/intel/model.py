"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit`` (regularised logistic
regression, the prior's log-odds as a fixed offset) on bot matches whose seeds
are disjoint from those the benchmark scores. These are model parameters, not
rules: the engine never reads them.
"""

REVISIONIST_WEIGHTS: dict[str, float] = {
    "first_strikes": 0.508,
    "attacks_on_me": 0.000,
    "attacks_on_others": 0.405,
    "meetings": -0.794,
    "captures_from_players": 0.000,
    "captures_neutral": 0.000,
    "pact_violations": 0.273,
    "other_violations": 0.000,
    "inspection_refused": 0.145,
    "inspection_in_force": -0.086,
    "pact_in_force": 0.477,
    "peace_offers": 0.755,
    "left_agreements": 2.525,
    "mole_military": 0.650,
    "mole_offense": 0.823,
    "invasions": 0.042,
    "forward": 0.865,
    "signature": 0.309,
    "buildup": 0.000,
    "fortifications": -2.341,
    "quiet": -0.808,
}

ATTACK_INTERCEPT = -3.391
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.268,
    "recent_attack": 2.031,
    "near_units": 2.435,
    "near_offense": -0.395,
    "pact_in_force": -1.277,
}
