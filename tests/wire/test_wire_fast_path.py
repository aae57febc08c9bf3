"""The fast path of a client message's field check (plain ints and strings) agrees with the full check."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from game.wire import CLIENT_MESSAGES, WireError
from game.wire.messages import _checked, _checked_fully

PLAIN = sorted({(cls.TYPE, name, spec) for cls in CLIENT_MESSAGES.values() for name, spec in cls.SPECS.items()
                if spec.is_plain}, key=lambda item: (item[0], item[1]))


def outcome(check, *args):
    try:
        return ("ok", check(*args))
    except WireError as error:
        return ("refused", error.code)


@settings(max_examples=500, deadline=None)
@given(field=st.sampled_from(PLAIN),
       value=st.integers(-2**40, 2**40) | st.text(max_size=300) | st.booleans() | st.floats() | st.none())
def test_the_fast_path_takes_and_refuses_exactly_what_the_full_check_does(field, value):
    kind, name, spec = field
    assert outcome(_checked, kind, name, value, spec) == outcome(_checked_fully, f"{kind}.{name}", value, spec)
