"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit --games 80`` (regularised
logistic regression, the prior's log-odds as a fixed offset) on bot matches with
seeds 100000..100079, disjoint from those the benchmark scores. The erratic
score is fitted first, to tell the ``random`` bot (whose conduct follows from no
aim) from the rest; the revisionist weights then on the evidence it discounts.
These are model parameters, not rules: the engine never reads them.
"""

REVISIONIST_WEIGHTS: dict[str, float] = {
    "first_strikes": 0.904,
    "attacks_on_me": 0.000,
    "attacks_on_others": 0.000,
    "meetings": -0.503,
    "captures_from_players": 0.262,
    "captures_neutral": 1.347,
    "pact_violations": 0.000,
    "other_violations": 0.635,
    "inspection_refused": 0.327,
    "inspection_in_force": -2.213,
    "pact_in_force": 0.541,
    "peace_offers": 0.032,
    "left_agreements": 1.884,
    "mole_military": 0.000,
    "mole_offense": 1.139,
    "invasions": 0.267,
    "forward": 0.275,
    "signature": 1.571,
    "buildup": 0.000,
    "fortifications": -2.944,
    "quiet": -0.440,
    "wandering": 0.668,
    "offers_rejected": -0.436,
    "army": 0.174,
}

ERRATIC_INTERCEPT = -0.713
ERRATIC_TURN = -0.215
ERRATIC_WEIGHTS: dict[str, float] = {
    "peace_offers": -3.585,
    "offers_rejected": -0.832,
    "wandering": 2.082,
    "captures_neutral": 3.286,
    "meetings": -0.893,
    "quiet": 0.685,
}

ATTACK_INTERCEPT = -3.646
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.313,
    "recent_attack": 2.201,
    "near_units": 2.746,
    "near_offense": -0.564,
    "pact_in_force": -0.910,
}
