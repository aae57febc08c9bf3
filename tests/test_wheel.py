"""The wheel a teacher hands out: built from the checkout, installed into a fresh virtual environment
outside it, and ``spiral`` runs from there with its assets (``scenarios``, ``join``, ``classroom``).

Offline: the wheel is built without build isolation (hatchling comes with the test extras), and the
fresh environment finds the dependencies (websockets, pygame...) through ``PYTHONPATH`` pointing at
this environment's site-packages, which holds no copy of Spiral itself (the editable install is a
``.pth`` file, which ``PYTHONPATH`` does not read). On a lab machine ``pip install spiral-*.whl``
fetches the dependencies instead (docs/TEACHING.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


def test_the_wheel_installs_into_a_fresh_environment_and_spiral_runs_from_it(tmp_path):
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(dist)], tmp_path)
    wheels = sorted(dist.glob("spiral-*.whl"))
    assert len(wheels) == 1
    fresh = tmp_path / "fresh"
    run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], tmp_path)  # this pip installs into it
    python = fresh / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
         str(wheels[0])], tmp_path)
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"], "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    where = run([str(python), "-c", "import game, server; print(game.__file__); print(server.__file__)"], tmp_path, env)
    assert all(line.startswith(str(fresh)) for line in where.split()), where
    spiral = str(fresh / "bin" / "spiral")
    listed = run([spiral, "scenarios"], tmp_path, env)
    for world in ("doubly-dangerous", "aggression-possible", "compatible-security", "doubly-safe"):
        assert world in listed
    assert "class code" in run([spiral, "join", "--help"], tmp_path, env)
    assert "--scenarios" in run([spiral, "classroom", "create", "--help"], tmp_path, env)
    assert "--session" in run([spiral, "report", "--help"], tmp_path, env)
    run([str(python), "-c", "from game.client.screens.teach import TeachScreen"], tmp_path, env)
