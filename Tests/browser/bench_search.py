#!/usr/bin/env python3
"""Search latency in a real browser: from the keystroke that completes a query word to the
first result element in the list.

    HANDBOOK_OUTPUT=DIR/Output .venv-browser/bin/python Tests/browser/bench_search.py [WORD ...]

Opens DIR/Output/index.html from file:// in headless Chromium (re-running itself inside
`unshare -n` with only loopback), then for each word (default: roadmap stakeholder retention
hypothesis velocity): puts all but its last letter in the search box without an event,
types the last letter as a real key press, and measures in the page with performance.now()
from that keydown to the first .search-result added (a MutationObserver installed before
typing). It also reports the longest gap of a 5 ms timer while the query runs, i.e. how
long the page stopped responding. The first word runs cold (meta.js and its term shard not loaded yet, as on a fresh
page where the reader clicks the box and types); later words reuse meta.js but may load their
own shard. A second round repeats the words with everything cached. Prints e.g.

    search first-result latency: cold 85.3 ms, warm median 12.1 ms (pages: 10201)
"""

import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DEFAULT_WORDS = ["roadmap", "stakeholder", "retention", "hypothesis", "velocity"]

INSTRUMENT = """
const input = document.getElementById('SearchInput');
const list = document.getElementById('SearchResults');
const bench = window.__bench = {t0: 0, first: 0, snippet: 0, longest: 0};
document.addEventListener('keydown', e => {
  if (e.target === input && e.key.length === 1) { bench.t0 = e.timeStamp; bench.first = 0; bench.snippet = 0; }
}, true);
new MutationObserver(() => {
  if (!bench.t0) return;
  const now = performance.now();
  if (!bench.first && list.querySelector('.search-result')) bench.first = now - bench.t0;
  if (!bench.snippet && list.querySelector('.search-result-snippet')) bench.snippet = now - bench.t0;
}).observe(list, {childList: true, subtree: true});
// Longest stall of the main thread while a query is under way: a 5 ms heartbeat's longest gap.
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (bench.t0 && !bench.snippet) bench.longest = Math.max(bench.longest, now - last);
  last = now;
}, 5);
"""


def in_namespace():
    """Re-runs this script inside a network namespace that has only loopback."""
    if os.environ.get("HANDBOOK_BENCH_NETNS") == "1":
        return
    env = dict(os.environ, HANDBOOK_BENCH_NETNS="1", SE_OFFLINE="true", SE_AVOID_STATS="true")
    flags = ["-n"] if os.geteuid() == 0 else ["-r", "-n"]
    command = ["unshare", *flags, "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
               sys.executable, str(pathlib.Path(__file__).resolve()), *sys.argv[1:]]
    sys.exit(subprocess.call(command, env=env))


def page_count(output):
    text = (output / "search" / "meta.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index(",") + 1:text.rindex(")")])
    return len(data["pages"])


def measure(driver, word, timeout=20.0):
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, "SearchInput")
    driver.execute_script("arguments[0].value = arguments[1]", box, word[:-1])
    box.send_keys(word[-1])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        bench = driver.execute_script("return window.__bench")
        if bench["first"] and bench["snippet"]:
            return bench
        time.sleep(0.01)
    raise RuntimeError(f"no result for {word!r} within {timeout} s")


def clear(driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "SearchInput")
    box.send_keys(Keys.ESCAPE)
    driver.execute_script("window.__bench.t0 = 0; window.__bench.longest = 0")


def main():
    in_namespace()
    from handbook_browser import OUTPUT, load, severe_logs, start_browser, stop_browser

    output = OUTPUT
    if not (output / "index.html").is_file():
        sys.exit(f"bench_search: no built site at {output} (set HANDBOOK_OUTPUT)")
    words = sys.argv[1:] or DEFAULT_WORDS
    pages = page_count(output)

    driver = start_browser()
    try:
        load(driver, (output / "index.html").as_uri())
        driver.execute_script(INSTRUMENT)
        rounds = []
        for round_name in ("first", "cached"):
            timings = []
            for word in words:
                bench = measure(driver, word)
                timings.append(bench)
                print(f"  {round_name:6} {word:14} first result {bench['first']:7.1f} ms, "
                      f"snippets {bench['snippet']:7.1f} ms, longest main-thread stall {bench['longest']:5.1f} ms")
                clear(driver)
            rounds.append(timings)
        errors = severe_logs(driver)
    finally:
        stop_browser(driver)

    first = [t["first"] for t in rounds[0]]
    cached = [t["first"] for t in rounds[1]]
    cold = first[0]
    warm = statistics.median(first[1:]) if len(first) > 1 else float("nan")
    print(f"search first-result latency: cold {cold:.1f} ms, warm median {warm:.1f} ms (pages: {pages})")
    print(f"search first-result latency, all files cached: median {statistics.median(cached):.1f} ms; "
          f"snippets: cold {rounds[0][0]['snippet']:.1f} ms, warm median "
          f"{statistics.median(t['snippet'] for t in rounds[0][1:]):.1f} ms")
    if errors:
        print("console errors:", errors)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
