"""Real headless Chromium for the HTML checks: the rendered DOM and a screenshot of a local file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install -y chromium) — HTML not checked in a browser")


def _run(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM after Chromium parsed and laid out the page (serialized by the browser)."""
    result = _run(page, profile, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def screenshot(page: Path, profile: Path, png: Path, size: str = "1200,1600") -> Path:
    result = _run(page, profile, f"--screenshot={png}", f"--window-size={size}")
    assert result.returncode == 0 and png.exists(), result.stderr[-2000:]
    return png
