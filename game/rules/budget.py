"""The budget split of a turn's income, and its text form ``"40/50/10"``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Budget:
    """Percentages of a turn's income: military / development / intelligence.

    A budget ordered by a player must be ``is_valid`` (each share 0..100, summing to
    100: checked with the other orders); a mole's noisy leak of one need not be.
    """

    military: int
    development: int
    intelligence: int

    def __str__(self) -> str:
        return f"{self.military}/{self.development}/{self.intelligence}"

    @property
    def is_valid(self) -> bool:
        shares = (self.military, self.development, self.intelligence)
        return all(0 <= share <= 100 for share in shares) and sum(shares) == 100

    @classmethod
    def parse(cls, text: str) -> Budget:
        """The budget ``str(budget)`` wrote: three whole numbers separated by ``/``.

        Only the syntax is checked (see ``is_valid`` for the shares).

        Raises:
            ValueError: if ``text`` is not three whole numbers separated by ``/``.
        """
        parts = text.strip().split("/") if isinstance(text, str) else []
        if len(parts) != 3:
            raise ValueError(f"a budget is military/development/intelligence, e.g. 40/50/10, not {text!r:.40}")
        try:
            military, development, intelligence = (int(part) for part in parts)
        except ValueError:
            raise ValueError(f"a budget's shares are whole numbers, e.g. 40/50/10, not {text!r:.40}") from None
        return cls(military, development, intelligence)
