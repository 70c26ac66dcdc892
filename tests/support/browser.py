"""Headless Chromium through Playwright's sync API, for the browser tests and the offline drill.

While a `sync_playwright()` is open its event loop counts as running in the main thread: a second
one cannot start, and `asyncio.run()` (pyHanko's validation, for one) fails there. So the browser
tests share one session-wide Chromium (tests/live/conftest.py), and a test elsewhere opens its own
for its module only, closed before the next module runs."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
