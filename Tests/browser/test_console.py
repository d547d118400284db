"""Every page loads without a console error (JS exception, console.error, failed load),
over HTTP and from file://."""

import pytest

from handbook_browser import all_pages, load, page_url, severe_logs

# Enough to cover every page of the real handbook; a huge corpus is sampled evenly.
PAGE_LIMIT = 150


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_pages_load_without_console_errors(driver, output_dir, http_base, file_base, scheme):
    base = http_base if scheme == "http" else file_base
    pages = all_pages(output_dir, limit=PAGE_LIMIT)
    assert pages, "no pages found in the output"
    severe_logs(driver)  # start clean
    problems = {}
    for path in pages:
        load(driver, page_url(base, path))
        # The client script ran: it unhides the search box and the theme toggle.
        ready = driver.execute_script(
            "const s = document.querySelector('.search'), t = document.querySelector('.theme-toggle');"
            "return !!(s && t && !s.hidden && !t.hidden);")
        errors = [entry["message"] for entry in severe_logs(driver)]
        if not ready:
            errors.append("handbook.js did not unhide the search box and theme toggle")
        if errors:
            problems[path or "(home)"] = errors
    assert not problems, f"console errors on {len(problems)} of {len(pages)} pages: {problems}"
