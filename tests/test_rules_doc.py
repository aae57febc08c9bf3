"""docs/RULES.md stays true to the data files.

Every number the rule book takes from a data file is written as
``**VALUE** (FILE `KEY`)``, e.g. ``**4.0** (rules.toml `combat.damage_base`)``:
this test loads ``assets/FILE``, follows the dotted KEY (list items by index,
``cities.0.income``) and checks the value. Numbers compare as floats, strings
exactly, lists element by element.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "docs" / "RULES.md"
ASSETS = ROOT / "assets"

SECTIONS = (
    "The match",
    "The map",
    "Orders",
    "Resolution",
    "Movement",
    "Combat",
    "Captures and elimination",
    "Economy",
    "Sight, signatures and intelligence",
    "Agreements",
    "What each player sees",
    "Scoring",
    "Scenarios",
    "Chance and determinism",
)

QUOTATION = re.compile(r"\*\*([^*\n]+?)\*\*\s+\(([\w./-]+\.toml)\s+`([^`]+)`\)")
HEADING = re.compile(r"^## (\d+)\. (.+?)\s*$", re.MULTILINE)
MIN_QUOTATIONS = 40


@cache
def _text() -> str:
    return RULES.read_text(encoding="utf-8")


@cache
def _load(name: str) -> dict[str, Any]:
    with (ASSETS / name).open("rb") as handle:
        return tomllib.load(handle)


def _quotations() -> list[tuple[str, str, str]]:
    return [match.groups() for match in QUOTATION.finditer(_text())]


def _follow(data: Any, key: str) -> Any:
    for part in key.split("."):
        if isinstance(data, list):
            data = data[int(part)]
        elif isinstance(data, dict):
            data = data[part]
        else:
            raise KeyError(part)
    return data


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(quoted: Any, actual: Any) -> bool:
    if _is_number(actual):
        return _is_number(quoted) and float(quoted) == float(actual)
    if isinstance(actual, list):
        return (isinstance(quoted, list) and len(quoted) == len(actual)
                and all(_same(q, a) for q, a in zip(quoted, actual)))
    return type(quoted) is type(actual) and quoted == actual


def _parse_quoted(text: str, actual: Any) -> Any:
    """The quoted text as a value of the kind the data file holds."""
    text = text.strip()
    if isinstance(actual, str):
        return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text
    if _is_number(actual):
        return float(text.replace("\u2212", "-"))  # a typographic minus reads as a minus
    return tomllib.loads(f"value = {text}")["value"]


def test_rules_doc_quotes_at_least_forty_numbers() -> None:
    assert len(_quotations()) >= MIN_QUOTATIONS


@pytest.mark.parametrize(("value", "source", "key"), _quotations(), ids=lambda x: str(x))
def test_quoted_value_matches_data_file(value: str, source: str, key: str) -> None:
    path = ASSETS / source
    assert path.is_file(), f"RULES.md quotes {source}, which is not in assets/"
    try:
        actual = _follow(_load(source), key)
    except (KeyError, IndexError, ValueError):
        pytest.fail(f"RULES.md quotes {source} `{key}`, which the file does not have")
    try:
        quoted = _parse_quoted(value, actual)
    except (ValueError, tomllib.TOMLDecodeError):
        pytest.fail(f"RULES.md quotes {value!r} for {source} `{key}`, which holds {actual!r}")
    assert _same(quoted, actual), f"RULES.md says {value} for {source} `{key}`, but the file holds {actual!r}"


def test_numbered_sections_are_all_there_in_order() -> None:
    headings = [(int(number), title) for number, title in HEADING.findall(_text())]
    assert headings == list(enumerate(SECTIONS, start=1))


def _section(number: int) -> str:
    text = _text()
    start = re.search(rf"^## {number}\. ", text, re.MULTILINE)
    assert start is not None, f"no section {number}"
    end = re.search(rf"^## {number + 1}\. ", text[start.end():], re.MULTILINE)
    return text[start.start(): start.end() + end.start()] if end else text[start.start():]


def test_every_scenario_is_in_section_13() -> None:
    section = _section(13)
    scenario_files = sorted((ASSETS / "scenarios").glob("*.toml"))
    assert scenario_files, "no scenarios shipped"
    missing = [p.name for p in scenario_files if f"scenarios/{p.name}" not in section]
    assert not missing, f"section 13 does not list: {', '.join(missing)}"


def test_every_map_has_its_players_quoted_in_section_13() -> None:
    # The number of seats comes from the map, so section 13 quotes it from there.
    quoted = {source for _, source, key in (m.groups() for m in QUOTATION.finditer(_section(13))) if key == "players"}
    map_files = sorted((ASSETS / "maps").glob("*.toml"))
    assert map_files, "no maps shipped"
    missing = [p.name for p in map_files if f"maps/{p.name}" not in quoted]
    assert not missing, f"section 13 does not quote the players of: {', '.join(missing)}"


def test_every_quotation_names_a_shipped_file() -> None:
    # A quotation whose source is misspelled would otherwise vanish from the checks above.
    loose = re.findall(r"\*\*[^*\n]+?\*\*\s+\(([^()`]*\.toml)\b", _text())
    for source in loose:
        assert (ASSETS / source.strip()).is_file(), f"RULES.md quotes {source}, which is not in assets/"
