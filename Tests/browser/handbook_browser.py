"""Helpers for the browser suite: where things are, how to start Chromium offline, and
small waits and probes the tests share. Fixtures live in conftest.py."""

import base64
import os
import pathlib
import shutil
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

REPO = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = pathlib.Path(os.environ.get("HANDBOOK_OUTPUT", str(REPO / "Output"))).resolve()
CONTENT = pathlib.Path(os.environ.get("HANDBOOK_CONTENT", str(REPO / "Content"))).resolve()
SCREENSHOTS = pathlib.Path(os.environ.get("HANDBOOK_SCREENSHOTS", str(REPO / "screenshots"))).resolve()

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HANDBOOK_CHROMEDRIVER", "/usr/bin/chromedriver")

# selenium-manager must never try to download a driver or send statistics.
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")

# One page of each kind, by folder URL relative to the site root ("" is the home page).
PAGE_TYPES = {
    "home": "",
    "section": "roles/",
    "role": "roles/technical-product-manager/",
    "skill": "skills/databases/",
    "career-path": "career-paths/moving-into-tpm/",
    "comparison": "comparisons/tpm-vs-pm/",
    "guide": "guides/when-to-hire/",
    "glossary": "glossary/",
    "pairs": "roles/compare/",
    "pair": "roles/compare/product-manager-vs-technical-product-manager/",
}

DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}

DARK_BG = "rgb(15, 20, 25)"    # --bg of the dark palette in style.css
LIGHT_BG = "rgb(255, 255, 255)"


def page_url(base, path):
    return base + path + "index.html"


def start_browser():
    """Headless Debian Chromium with a fresh profile; no downloads, no DNS."""
    user_data = tempfile.mkdtemp(prefix="handbook-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--log-level=3",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--window-size=1280,900",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        f"--user-data-dir={user_data}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    except Exception:
        shutil.rmtree(user_data, ignore_errors=True)
        raise
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver.handbook_user_data = user_data
    return driver


def stop_browser(driver):
    try:
        driver.quit()
    finally:
        shutil.rmtree(driver.handbook_user_data, ignore_errors=True)


def set_viewport(driver, metrics):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", dict(metrics))


def set_color_scheme(driver, scheme):
    """Emulates prefers-color-scheme: 'dark', 'light', or None for no emulation."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme or ""}]})


def clear_storage(driver):
    driver.execute_script("try { localStorage.clear(); } catch (e) {}")


def severe_logs(driver):
    """Browser log entries at SEVERE since the last call (reading clears them)."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def wait(driver, condition, timeout=10, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition, message)


def load(driver, url):
    driver.get(url)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete",
         message=f"{url} did not finish loading")


def settle(driver, seconds=0.0):
    """Lets layout and deferred work catch up: two animation frames, then a pause."""
    driver.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    if seconds:
        time.sleep(seconds)


def body_background(driver):
    return driver.execute_script("return getComputedStyle(document.body).backgroundColor")


def all_pages(output_dir, limit=None):
    """Folder URLs of the built pages ('' for home), sorted, redirect stubs left out.
    With a limit, an even spread of that many."""
    pages = []
    for path in sorted(output_dir.rglob("index.html")):
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(2000)
        if 'http-equiv="refresh"' in head:
            continue
        rel = path.parent.relative_to(output_dir).as_posix()
        pages.append("" if rel == "." else rel + "/")
    if limit is not None and len(pages) > limit:
        step = len(pages) / limit
        pages = [pages[int(i * step)] for i in range(limit)]
    return pages


def full_page_png(driver):
    """A PNG of the whole page, beyond the viewport."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True, "clip": clip})
    return base64.b64decode(shot["data"])
