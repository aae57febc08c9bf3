"""Layers point one way: rules <- intel <- bots; rules <- wire <- client; server uses rules, wire, bots.

The rules engine imports only the standard library and itself, and does no file,
network or process I/O. Checked on the source, so a new import cannot sneak in.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "game"

# What each package may import from this project (besides itself).
ALLOWED = {
    "game.rules": set(),
    "game.intel": {"game.rules"},
    "game.bots": {"game.rules", "game.intel"},
    "game.wire": {"game.rules"},
    "game.client": {"game.rules", "game.wire", "game.intel", "game.debrief.timeline"},
    "game.debrief": {"game.rules", "game.intel", "game.bots"},
}
FORBIDDEN_IN_RULES = {"os", "io", "pathlib", "socket", "subprocess", "urllib", "http", "shutil", "tempfile",
                      "asyncio", "sqlite3", "time", "random", "threading", "multiprocessing", "tomllib"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _package_files(package: str) -> list[Path]:
    folder = ROOT.joinpath(*package.split("."))
    return sorted(folder.rglob("*.py")) if folder.is_dir() else []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_lower_layers(package: str) -> None:
    allowed = ALLOWED[package] | {package}
    problems = []
    for path in _package_files(package):
        for name in _imports(path):
            top = name.split(".")[0]
            if top == "game":
                if not any(name == a or name.startswith(a + ".") for a in allowed):
                    problems.append(f"{path.relative_to(ROOT)} imports {name}")
            elif package == "game.rules" and top not in sys.stdlib_module_names:
                problems.append(f"{path.relative_to(ROOT)} imports non-stdlib {name}")
    assert not problems, "\n".join(problems)


def test_rules_do_no_io() -> None:
    problems = []
    for path in _package_files("game.rules"):
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN_IN_RULES:
                problems.append(f"{path.relative_to(ROOT)} imports {name}")
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"open", "print", "input"}:
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {node.func.id}()")
    assert not problems, "\n".join(problems)


def test_importing_has_no_side_effects() -> None:
    # A fresh interpreter imports every module of the game; nothing may be printed,
    # and pygame (if a client module imports it) must not be initialised on import.
    import subprocess

    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in GAME.rglob("*.py") if "client" not in p.parts
    )
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""


def test_the_client_reaches_servers_only_through_the_wire() -> None:
    # Hosting from the menu starts a server, but through a callable the launcher passes in
    # (game.play_command), so the client package itself never imports the server.
    problems = [f"{path.relative_to(ROOT)} imports {name}"
                for path in _package_files("game.client") for name in _imports(path)
                if name.split(".")[0] == "server" or name == "game.assets" or name.startswith("game.bots")]
    assert not problems, "\n".join(problems)
