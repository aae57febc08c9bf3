"""The client's folders show its parts, and its modules import each other without a loop.

Parts: ``protocol`` (the session, the link, the socket) and ``map`` (palette, layout, tiles, sprites,
labels, renderer, view) know nothing of screens; ``widgets`` know nothing of screens, the map or the
protocol; a screen never imports another screen (it asks the app for one by name, through the
registry in ``game.client.screens``); and no module imports inside a function to dodge a loop.
Checked on the source, as tests/test_layering.py checks the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "game" / "client"


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def client_imports(path: Path) -> list[tuple[str, int, bool]]:
    """(module imported from game.client, line, whether inside a function) for one file, leaving out
    imports under ``if TYPE_CHECKING:`` (annotations only: never run)."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and is_type_checking(child):
                continue
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, in_function) for a in child.names if a.name.startswith("game.client"))
            elif isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("game.client"):
                # "from game.client import keys" imports the module game.client.keys
                for alias in child.names:
                    candidate = f"{child.module}.{alias.name}"
                    is_module = (ROOT / Path(*candidate.split("."))).with_suffix(".py").exists() or \
                        (ROOT / Path(*candidate.split(".")) / "__init__.py").exists()
                    found.append((candidate if is_module else child.module, child.lineno, in_function))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visit(ast.parse(path.read_text(), filename=str(path)), False)
    return found


MODULES = {module_name(p): p for p in sorted(CLIENT.rglob("*.py"))}
GRAPH = {name: {m for m, _, _ in client_imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def test_the_folders_are_the_parts():
    parts = {p.name for p in CLIENT.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert parts == {"protocol", "map", "screens", "widgets"}
    for part, files in {"protocol": {"session", "link", "transport", "model"},
                        "map": {"palette", "layout", "tiles", "renderer", "sprites", "view"},
                        "widgets": {"theme", "form", "charts"}}.items():
        assert files <= {p.stem for p in (CLIENT / part).glob("*.py")}, part


def test_no_import_inside_a_function_dodges_a_loop():
    dodges = [f"{path.relative_to(ROOT)}:{line} imports {module}" for path in MODULES.values()
              for module, line, in_function in client_imports(path) if in_function]
    assert not dodges, "\n".join(dodges)


def test_no_import_loop():
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    loops = []

    def walk(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(GRAPH[name]):
            if state.get(other) == 1:
                loops.append(" -> ".join(path[path.index(other):] + [other]))
            elif other not in state:
                walk(other, path + [other])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            walk(name, [name])
    assert not loops, "\n".join(loops)


def screen_modules() -> list[str]:
    return [m for m in MODULES if m.startswith("game.client.screens.") and not m.startswith("game.client.screens.panels")]


@pytest.mark.parametrize("screen", screen_modules())
def test_a_screen_imports_no_other_screen(screen):
    others = {m for m in GRAPH[screen] if m in screen_modules() and m != screen}
    assert not others, f"{screen} imports {sorted(others)}: name it through app.go(...) instead"


@pytest.mark.parametrize("part, may_not", [
    ("game.client.protocol", ("game.client.screens", "game.client.map", "game.client.widgets", "game.client.app")),
    ("game.client.map", ("game.client.screens", "game.client.protocol", "game.client.widgets", "game.client.app")),
    ("game.client.widgets", ("game.client.screens", "game.client.map", "game.client.protocol", "game.client.app")),
    ("game.client.screens.panels", ("game.client.app",)),
])
def test_the_parts_point_one_way(part, may_not):
    problems = [f"{name} imports {other}" for name in MODULES if name.startswith(part)
                for other in GRAPH[name] if other.startswith(may_not)]
    assert not problems, "\n".join(problems)


def test_every_screen_is_in_the_registry_under_its_own_name():
    from game.client.scene import Scene
    from game.client.screens import SCENES

    for module in screen_modules():
        source = MODULES[module].read_text()
        tree = ast.parse(source)
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        scenes = [getattr(__import__(module, fromlist=["_"]), c) for c in classes]
        scenes = [c for c in scenes if isinstance(c, type) and issubclass(c, Scene) and c.scene_name]
        assert scenes, f"{module} defines no registered scene"
        for scene in scenes:
            assert SCENES[scene.scene_name] is scene
