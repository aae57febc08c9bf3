"""Hex geometry: the distance written as branches (for speed) is the cube distance."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.rules.hexgrid import disk, distance, neighbours

hexes = st.tuples(st.integers(-60, 60), st.integers(-60, 60))


@given(hexes, hexes)
def test_distance_is_the_cube_distance_and_symmetric(a, b):
    dq, dr = a[0] - b[0], a[1] - b[1]
    assert distance(a, b) == max(abs(dq), abs(dr), abs(dq + dr)) == distance(b, a)


@given(hexes, st.integers(0, 6))
def test_a_disk_is_every_hex_within_the_distance(centre, radius):
    inside = set(disk(centre, radius))
    assert all(distance(centre, h) <= radius for h in inside)
    assert len(inside) == 1 + 3 * radius * (radius + 1)
    assert all(distance(centre, n) == 1 for n in neighbours(centre))
