"""Shared test set-up: the repository on the import path, a headless display, and scenarios.

``duel`` and ``standard`` (doubly-dangerous, four players on Heartland) are
session-scoped: a scenario is an immutable value, and building its board once
keeps the property tests fast.

Hypothesis runs derandomized by default, so a test run is the same on every
machine and CI never flakes; ``HYPOTHESIS_PROFILE=explore`` searches with fresh
randomness (and more examples) when hunting for bugs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

settings.register_profile(
    "spiral", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True,
)
settings.register_profile(
    "explore", derandomize=False, deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "spiral"))


@pytest.fixture(scope="session")
def duel():
    from game.assets import load_scenario

    return load_scenario("duel")


@pytest.fixture(scope="session")
def standard():
    from game.assets import load_scenario

    return load_scenario("doubly-dangerous")
