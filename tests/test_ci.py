"""CI runs the gates the README documents, then the README's test command."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_checks_lint_and_types_before_the_readmes_test_command():
    script = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    readme = (ROOT / "README.md").read_text()
    gates = ["ruff check", "mypy", "python -m pytest"]
    assert all(gate in script for gate in gates)
    assert [script.index(gate) for gate in gates] == sorted(script.index(gate) for gate in gates)
    assert 'pip install -e ".[test]" && python -m pytest' in readme
    assert "ruff check" in readme and "mypy " in readme


def test_the_gates_are_configured_and_installed_with_the_tests():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert "[tool.mypy]" in pyproject and "[tool.ruff]" in pyproject
    test_extra = pyproject[pyproject.index("test = ["):pyproject.index("]", pyproject.index("test = ["))]
    assert '"mypy==' in test_extra and '"ruff==' in test_extra
