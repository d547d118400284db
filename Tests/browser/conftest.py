"""Fixtures for the browser suite: the built site, a loopback HTTP server and one headless
Chromium per test module. Run it through Tests/browser/run.sh, which puts the session in a
network namespace with only loopback. HANDBOOK_OUTPUT names the built site."""

import functools
import http.server
import threading

import pytest

from handbook_browser import OUTPUT, SCREENSHOTS, start_browser, stop_browser


def pytest_report_header(config):
    return f"handbook output: {OUTPUT}"


@pytest.fixture(scope="session")
def output_dir():
    if not (OUTPUT / "index.html").is_file():
        pytest.exit(f"no built site at {OUTPUT} (set HANDBOOK_OUTPUT)", returncode=2)
    return OUTPUT


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def http_base(output_dir):
    """Serves the built site on 127.0.0.1 at a free port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(output_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def file_base(output_dir):
    return output_dir.as_uri() + "/"


@pytest.fixture(params=["http", "file"])
def base(request, http_base, file_base):
    """Both ways a reader opens the site: from a server, and index.html from disk."""
    return http_base if request.param == "http" else file_base


@pytest.fixture(scope="module")
def driver():
    """One browser per test module, with a fresh profile."""
    browser = start_browser()
    try:
        yield browser
    finally:
        stop_browser(browser)


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
