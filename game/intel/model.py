"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit --games 120`` (regularised
logistic regression, the prior's log-odds as a fixed offset) on bot matches with
seeds 100000..100119, disjoint from those the benchmark scores. The erratic
score is fitted first, to tell the ``random`` bot (whose conduct follows from no
aim) from the rest; the revisionist weights then on the evidence it discounts.
These are model parameters, not rules: the engine never reads them.
"""

REVISIONIST_WEIGHTS: dict[str, float] = {
    "first_strikes": 0.620,
    "attacks_on_me": 0.000,
    "attacks_on_others": 0.000,
    "meetings": -0.616,
    "captures_from_players": 0.009,
    "captures_neutral": 0.952,
    "pact_violations": 0.000,
    "other_violations": 0.415,
    "inspection_refused": 0.357,
    "inspection_in_force": -2.308,
    "pact_in_force": 0.561,
    "peace_offers": -0.067,
    "left_agreements": 1.855,
    "mole_military": 0.515,
    "mole_offense": 1.130,
    "invasions": 0.573,
    "forward": 0.316,
    "signature": 1.550,
    "buildup": 0.000,
    "fortifications": -3.505,
    "quiet": -0.397,
    "wandering": 1.073,
    "offers_rejected": -0.463,
    "army": 0.202,
}

ERRATIC_INTERCEPT = -0.706
ERRATIC_TURN = -0.361
ERRATIC_WEIGHTS: dict[str, float] = {
    "peace_offers": -3.515,
    "offers_rejected": -0.770,
    "wandering": 2.349,
    "captures_neutral": 2.878,
    "meetings": -0.667,
    "quiet": 0.816,
}

ATTACK_INTERCEPT = -3.650
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.318,
    "recent_attack": 2.307,
    "near_units": 2.814,
    "near_offense": -0.599,
    "pact_in_force": -0.851,
}
