"""Rendering an HTML file in headless Chromium (Debian's ``chromium``; ``.ci/run`` installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def chromium() -> str:
    """The browser's path; without one the test is skipped, except in CI (SPIRAL_REQUIRE_CHROMIUM=1) where it fails."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("SPIRAL_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is required (SPIRAL_REQUIRE_CHROMIUM=1) but not installed")
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)")
    return found


def render(page: Path, screenshot: Path, profile: Path) -> tuple[str, str]:
    """The rendered DOM of ``page`` and Chromium's log; a screenshot is saved to ``screenshot``.

    Offline: every network request is refused, so a page that needed one would show it.
    """
    browser = chromium()
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
              f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
              "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"]
    shot = subprocess.run([*common, f"--screenshot={screenshot}", "--window-size=1200,1800", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    return dom.stdout, shot.stderr + dom.stderr
