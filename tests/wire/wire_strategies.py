"""Hypothesis strategies for protocol messages: valid ones built from each type's field specs, and junk."""

from __future__ import annotations

from hypothesis import strategies as st

from game.wire import CLIENT_MESSAGES
from game.wire.messages import Spec

SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats() | st.text(max_size=20)
VALUES = st.recursive(SCALARS | st.binary(max_size=8),
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                      max_leaves=30)


def _value_for(spec: Spec) -> st.SearchStrategy:
    if spec.kind is bool:
        base = st.booleans()
    elif spec.kind is int:
        base = st.integers(spec.low, spec.high)
    elif spec.choices is not None:
        base = st.sampled_from(spec.choices)
    elif spec.kind is str:
        # Text as a person types it: no control or format characters (those are refused).
        allowed = st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"))
        base = st.text(allowed, min_size=spec.low or 0, max_size=min(spec.high or 40, 40))
    elif spec.items is None:  # a list of anything (checked further by the server, e.g. a belief read)
        base = st.lists(SCALARS, min_size=spec.low or 0, max_size=spec.high)
    else:
        base = st.lists(_value_for(spec.items), min_size=spec.low or 0, max_size=spec.high)
    return (base | st.none()) if spec.optional else base


@st.composite
def valid_messages(draw):
    kind = draw(st.sampled_from(sorted(CLIENT_MESSAGES)))
    cls = CLIENT_MESSAGES[kind]
    mapping = {"type": kind}
    for name, spec in cls.SPECS.items():
        value = draw(_value_for(spec))
        if value is not None or draw(st.booleans()):
            mapping[name] = value
    return mapping
