"""Debian's Chromium driven by Playwright, with axe-core for accessibility checks.

Set up by ``scripts/setup --dev`` (apt ``chromium``, PyPI ``playwright``, npm ``axe-core``
into ``tests/browser/node_modules``). On a developer's machine without them these tests are
skipped; in CI (``CI=true``) a missing piece fails them, so the check cannot quietly stop
running.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parents[1] / "browser" / "node_modules" / "axe-core" / "axe.min.js"
# As the design notes say: this machine reaches no network, so nothing in the background.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
        "--disable-default-apps", "--disable-extensions"]


def _missing(what: str) -> None:
    message = f"{what} (run: bash scripts/setup --dev)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def axe_script() -> str:
    """axe-core's source, to be evaluated in a page."""
    if not AXE.is_file():
        _missing(f"axe-core is not installed at {AXE}")
    return AXE.read_text(encoding="utf-8")


@contextlib.contextmanager
def playwright_chromium() -> Iterator:
    """Playwright and a browser on Debian's Chromium (Playwright's own device descriptors
    come with the first)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the Python package playwright is not installed")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _missing(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield playwright, launched
        launched.close()


@contextlib.contextmanager
def chromium() -> Iterator:
    """A Playwright browser on Debian's Chromium."""
    with playwright_chromium() as (_playwright, launched):
        yield launched
