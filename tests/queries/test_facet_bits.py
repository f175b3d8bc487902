"""Bit sets of contact ids: exact for any ids, and counts are popcounts of intersections."""

from __future__ import annotations

import random

import pytest

from app.queries.facet_bits import FacetBits, bits_of, bits_of_joined


@pytest.mark.parametrize("ids", [[], [0], [7, 8], [8, 7, 7], [1, 5, 5, 64, 65, 1023], random.Random(4).sample(range(90_000), 3000)])
def test_bit_sets_hold_exactly_their_ids(ids):
    bits = bits_of(ids)
    assert {i for i in range(bits.bit_length()) if bits >> i & 1} == set(ids)
    assert bits.bit_count() == len(set(ids))
    assert bits_of_joined(",".join(map(str, ids))) == bits


def test_counts_are_the_sizes_of_intersections_and_skip_empty_values():
    facets = FacetBits({"topic": {"drones": bits_of([1, 2, 3, 40]), "energy": bits_of([3, 41]),
                                  "nuclear": bits_of([99])}}, corroborated=0, undated=0)
    assert facets.counts("topic", bits_of([2, 3, 41, 500])) == [("drones", 2), ("energy", 2)]
    assert facets.counts("outlet", bits_of([2])) == []
