"""Headless Chromium for the view's tests and screenshots: the system browser and driver, never a download.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); selenium is
given the driver's path, so it looks nothing up and fetches nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BROWSER = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1")


def missing() -> str | None:
    """Why the browser cannot run here, or None."""
    for path, package in ((BROWSER, "chromium"), (DRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} not found: install Debian's {package} package (apt-get install -y {package})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    return None


@contextmanager
def chromium(width: int = 1400, height: int = 1000) -> Iterator:
    """A selenium driver of a fresh headless Chromium with its own profile folder, quit afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="warta-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(BROWSER)
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def full_page_png(driver, path: Path, width: int = 1400, max_height: int = 2400) -> bytes:
    """A screenshot of the page down to ``max_height`` pixels, written to ``path``."""
    height = min(max_height, int(driver.execute_script("return document.documentElement.scrollHeight")))
    driver.set_window_size(width, height)
    data = driver.get_screenshot_as_png()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data
