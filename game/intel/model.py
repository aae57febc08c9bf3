"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit --games 120`` (regularised
logistic regression, the prior's log-odds as a fixed offset) on bot matches with
seeds 100000..100119, disjoint from those the benchmark scores. The erratic
score is fitted first, to tell the ``random`` bot (whose conduct follows from no
aim) from the rest; the revisionist weights then on the evidence it discounts.
These are model parameters, not rules: the engine never reads them.
"""

REVISIONIST_WEIGHTS: dict[str, float] = {
    "first_strikes": 0.983,
    "attacks_on_me": 0.000,
    "attacks_on_others": 0.000,
    "meetings": -0.533,
    "captures_from_players": 0.381,
    "captures_neutral": 0.980,
    "pact_violations": 0.030,
    "other_violations": 0.237,
    "inspection_refused": 0.322,
    "inspection_in_force": -2.289,
    "pact_in_force": 0.572,
    "peace_offers": -0.084,
    "left_agreements": 1.582,
    "mole_military": 0.406,
    "mole_offense": 1.122,
    "invasions": 0.500,
    "forward": 0.106,
    "signature": 1.906,
    "buildup": 0.000,
    "fortifications": -3.192,
    "quiet": -0.390,
    "wandering": 0.812,
    "offers_rejected": -0.452,
    "army": 0.193,
    "caught": 0.0,
}

ERRATIC_INTERCEPT = -0.677
ERRATIC_TURN = -0.321
ERRATIC_WEIGHTS: dict[str, float] = {
    "peace_offers": -3.509,
    "offers_rejected": -0.748,
    "wandering": 2.190,
    "captures_neutral": 3.779,
    "meetings": -0.910,
    "quiet": 0.740,
}

ATTACK_INTERCEPT = -3.592
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.300,
    "recent_attack": 2.163,
    "near_units": 2.715,
    "near_offense": -0.565,
    "pact_in_force": -1.097,
}
