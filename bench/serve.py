#!/usr/bin/env python3
"""The authoring loop on the benchmark corpus, against a running `handbook serve`.

Prints, with nothing asserted:
- edit to served: the time from saving one page's body to its new HTML being served,
  for 20 edits of 20 different pages (median, min, max);
- title change: the same for a title change that reorders a section, for 5 pages (median,
  min, max);
- an unchanged `handbook build` with its record, against a cold build of the same folder;
- requests per second of the preview under `wrk` (2 threads, 16 connections, 5 s) on
  127.0.0.1, with its error count, when wrk is installed.

Usage: python3 bench/serve.py CORPUS_ROOT [BINARY]   (CORPUS_ROOT holds Content/)
Only 127.0.0.1 is contacted; every loop is bounded in count and time.
"""
import os, re, shutil, socket, statistics, subprocess, sys, time, urllib.request

root = os.path.abspath(sys.argv[1])
binary = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".build/release/handbook")

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""

def wait_for(url, marker, limit=30.0):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if marker in get(url):
            return time.perf_counter() - start
        time.sleep(0.002)
    return None

pages = []
for dirpath, _, names in sorted(os.walk(os.path.join(root, "Content"))):
    for name in sorted(names):
        if name.endswith(".md") and name != "_index.md":
            pages.append(os.path.relpath(os.path.join(dirpath, name), os.path.join(root, "Content")))
print(f"corpus: {len(pages)} pages in {root}")

port = free_port()
server = subprocess.Popen([binary, "serve", "--root", root, "--port", str(port)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
base = f"http://127.0.0.1:{port}/"
try:
    start = time.perf_counter()
    while time.perf_counter() - start < 120 and not get(base):
        time.sleep(0.05)
    print(f"first build and serve: {time.perf_counter() - start:.2f} s")
    time.sleep(1.0)

    def page_url(page):
        return base + page[:-3] + "/"

    def timed_edits(chosen, edit, pause):
        """Saves edit(original, marker) to each page, times until the marker is served, puts
        the page back; returns the milliseconds, sorted."""
        samples = []
        for i, page in enumerate(chosen):
            path = os.path.join(root, "Content", page)
            original = open(path, encoding="utf-8").read()
            marker = f"benchmark-edit-{i}-{time.time_ns()}"
            with open(path, "w", encoding="utf-8") as f:
                f.write(edit(original, marker))
            took = wait_for(page_url(page), marker)
            samples.append(took if took is not None else float("inf"))
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
            time.sleep(pause)
        return sorted(s * 1000 for s in samples)

    ms = timed_edits(pages[:: max(1, len(pages) // 20)][:20], lambda text, marker: text + f"\n\nAn edit: {marker}.\n", 0.3)
    print(f"edit to served, 20 body edits: median {statistics.median(ms):.0f} ms, min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms")

    # Title changes that move a page to the front of its section.
    ms = timed_edits(
        pages[len(pages) // 7 :: max(1, len(pages) // 5)][:5],
        lambda text, marker: re.sub(r"(?m)^title: .*$", f"title: AAA {marker}", text, count=1), 1.0)
    print(f"title change that reorders a section, 5 pages: median {statistics.median(ms):.0f} ms, "
          f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms")

    if shutil.which("wrk"):
        out = subprocess.run(["wrk", "-t2", "-c16", "-d5s", page_url(pages[0])], capture_output=True, text=True, timeout=60).stdout
        rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
        print(f"preview under wrk: {rate.group(1) if rate else '?'} requests/s, "
              f"{'errors: ' + errors.group(0) if errors else '0 errors'}")
    else:
        print("wrk not installed (apt-get install wrk): no request rate")
finally:
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()

# The build's record: a cold build, then one with nothing changed.
for folder in ("Output", ".Output.handbook"):
    shutil.rmtree(os.path.join(root, folder), ignore_errors=True)
time.sleep(1.1)  # stamps of files changed less than a second ago are not trusted
def timed_build():
    start = time.perf_counter()
    out = subprocess.run([binary, "build", "--root", root], capture_output=True, text=True).stdout.strip()
    return time.perf_counter() - start, out
cold, _ = timed_build()
again, out = timed_build()
print(f"build: cold {cold:.2f} s; unchanged with its record {again:.2f} s ({again / cold * 100:.0f}% of cold): {out}")
