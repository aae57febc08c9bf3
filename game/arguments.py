"""Checks of command-line values shared by every `spiral` command (no project imports: any command may use it)."""

from __future__ import annotations


def whole_number(text: str | None, what: str, low: int) -> int | None:
    """``text`` as a whole number of at least ``low`` (None stays None).

    Raises:
        ValueError: naming the option (``what``) and the value, for the command's one-line error.
    """
    if text is None:
        return None
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{what} must be a whole number, got {text!r}") from None
    if value < low:
        raise ValueError(f"{what} must be at least {low}, got {value}")
    return value
