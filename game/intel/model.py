"""The intent model's weights (log-odds per unit of each feature of ``beliefs.py``).

Fitted by ``python benchmarks/intel_calibration.py --fit --games 40`` (regularised
logistic regression, the prior's log-odds as a fixed offset) on bot matches with
seeds 100000..100039, disjoint from those the benchmark scores (40 games a world, not 120:
the machine was shared; refitted after revisionists began to take cover — fortify, sign
inspections and conceal from them, RULES §10.5 — so neither is free proof of a security
seeker any more: fortifications went from -3.19 to 0 and an inspection in force from -2.29
to -0.34, and a concealment caught weighs +0.90). The erratic
score is fitted first, to tell the ``random`` bot (whose conduct follows from no
aim) from the rest; the revisionist weights then on the evidence it discounts.
These are model parameters, not rules: the engine never reads them.
"""

ERRATIC_INTERCEPT = -1.154
ERRATIC_TURN = 0.396
ERRATIC_WEIGHTS: dict[str, float] = {
    "peace_offers": -3.442,
    "offers_rejected": -0.447,
    "wandering": -0.252,
    "captures_neutral": 2.854,
    "meetings": -0.200,
    "quiet": 0.175,
}

REVISIONIST_WEIGHTS: dict[str, float] = {
    "first_strikes": 1.519,
    "attacks_on_me": 0.000,
    "attacks_on_others": 0.000,
    "meetings": -0.660,
    "captures_from_players": 0.442,
    "captures_neutral": 1.781,
    "pact_violations": 0.000,
    "other_violations": 0.563,
    "inspection_refused": 0.263,
    "inspection_in_force": -0.335,
    "pact_in_force": 0.512,
    "peace_offers": 0.213,
    "left_agreements": 0.648,
    "mole_military": 0.004,
    "mole_offense": 1.545,
    "invasions": 0.619,
    "forward": 0.152,
    "signature": 2.405,
    "buildup": 0.085,
    "fortifications": 0.000,
    "quiet": -0.509,
    "wandering": 0.357,
    "offers_rejected": -0.793,
    "army": -0.227,
    "caught": 0.899,
}

ATTACK_INTERCEPT = -3.947
ATTACK_WEIGHTS: dict[str, float] = {
    "revisionist": 0.210,
    "recent_attack": 2.819,
    "near_units": 1.718,
    "near_offense": -0.184,
    "pact_in_force": -0.890,
}
